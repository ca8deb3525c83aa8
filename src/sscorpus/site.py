"""``sscorpus site``: a static site of the annotated corpus, to browse and
to download the dataset from, that works from ``file://`` or any static host
with no server and no network request.

Pages are Jinja2 templates (autoescape on: every text from annotations,
notes and the registry is escaped) with one CSS and one JavaScript file and
no inline script or event handler. The downloads are the export itself,
written by ``dataset.export`` into the site. Like the export, the site is
built from a validated corpus only, in a staging folder renamed into place,
and the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import importlib.resources
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml

from . import __version__
from .agreement import independent_annotators
from .dataset import export as export_dataset
from .findings import Report, SetupError
from .formats import CSV_DIR, DESCRIPTOR, WORKBOOK, inputs_checksum
from .headline import Headline, headline
from .model import Corpus
from .pages import codebook_parts, document_layers, entity_views, layer_order, totals
from .reporters import display_path
from .rows import Layers, codebook
from .schemas import SchemaSet
from .validate import check
from .workbook import CREATED

#: the file that marks a folder as a site this command built (and may replace)
MARKER = ".sscorpus-site"
DOWNLOADS = "downloads"
CSV_ZIP = "sscorpus-csv.zip"
CITATION = "CITATION.cff"


@dataclass(slots=True)
class SiteResult:
    """What a build did: the validation report (and any export findings),
    the output folder and the pages written."""

    report: Report
    out: Path
    pages: list[str] = field(default_factory=list)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sscorpus", "templates/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["code_spans"] = code_spans
    return env


def code_spans(text: str) -> markupsafe.Markup:
    """Text with its `backticked` parts as <code>, as the schemas write
    them; everything escaped. Unbalanced backticks are left as they are."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return markupsafe.escape(text)
    return markupsafe.Markup("").join(
        markupsafe.escape(part) if i % 2 == 0 else markupsafe.Markup("<code>%s</code>") % part
        for i, part in enumerate(parts)
    )


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    return env.get_template(f"{name}.html")


def _zip(folder: Path, names: list[str], target: Path) -> None:
    """A zip of ``names`` (paths in ``folder``) with fixed dates and modes:
    the same files give the same bytes."""
    stamp = CREATED.timetuple()[:6]  # the workbook's fixed date: the same files give the same bytes
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"sscorpus/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1024:,.0f} KB" if n < 10_000_000 else f"{n / 1024**2:,.1f} MB"


def _citation(root: Path) -> dict[str, Any] | None:
    """The dataset's CITATION.cff, read as data (it is shown, never trusted)."""
    path = root / CITATION
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    authors = []
    for author in data.get("authors") or []:
        if isinstance(author, dict):
            name = author.get("name") or " ".join(
                str(author[k]) for k in ("given-names", "family-names") if author.get(k)
            )
            if name:
                authors.append(str(name))
    return {
        "title": str(data.get("title", "")),
        "authors": authors,
        "version": data.get("version"),
        "date": data.get("date-released"),
        "url": data.get("url") or data.get("repository-code"),
        "message": data.get("message"),
    }


def _replaceable(out: Path) -> None:
    """Refuse to replace a folder that this command did not build."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise SetupError(f"{out} exists and is not a site built by 'sscorpus site': choose another --out or remove it")


def _publish(staging: Path, out: Path) -> None:
    """Move the staged site into place: the old one is renamed aside first,
    so that ``out`` is never half written."""
    if not out.exists():
        staging.replace(out)
        return
    old = Path(tempfile.mkdtemp(prefix=".sscorpus-site-old-", dir=out.parent))
    try:
        out.replace(old / "site")
        try:
            staging.replace(out)
        except OSError:
            (old / "site").replace(out)  # the previous site back in place
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def agreement_figures(table: Path, corpus: Corpus) -> Headline:
    """The headline agreement figures of the independent annotators (those
    the About sheet and ``sscorpus agree`` state), from the export's
    agreement table (``csv/agreement.csv``): the figures the downloads hold,
    not measured a second time."""
    with table.open(encoding="utf-8", newline="") as stream:
        return headline(csv.DictReader(stream), independent_annotators(corpus))


def build_site(
    root: Path | None = None,
    out: Path | None = None,
    *,
    layer: str | None = None,
    agreement: Headline | None = None,
) -> SiteResult:
    """Validate, then build the site in ``out`` (default: the corpus's
    ``site/`` folder); every layer, or only ``layer``. ``agreement`` holds the
    figures the home page shows when there are several annotators (by
    default the headline figures of its downloads' agreement table). Nothing
    is written when there is any error."""
    checked = check(root)
    layout = checked.layout
    out = (out or layout.root / "site").resolve()
    result = SiteResult(checked.report, out)
    if checked.report.errors:
        return result
    corpus = checked.corpus
    names = sorted({f.annotator for f in corpus.files})
    if layer is not None and layer not in names:
        raise SetupError(f"no layer '{layer}': the layers are {', '.join(names) or 'none'}")
    _replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sscorpus-site-", dir=out.parent))
    try:
        exported = export_dataset(layout.root, staging / DOWNLOADS, layer=layer, checked=checked)
        if exported.report.errors:
            result.report = exported.report
            return result
        figures = (
            agreement_figures(staging / DOWNLOADS / CSV_DIR / "agreement.csv", corpus)
            if agreement is None
            else agreement
        )
        pages = _render(corpus, checked.schemas, staging, exported.written, layer, figures)
        staging.chmod(0o755)  # mkdtemp makes it private; a site is for everyone to read
        (staging / MARKER).write_text("built by sscorpus site; replaced by the next build\n", encoding="utf-8")
        _publish(staging, out)
        result.pages = pages
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _downloads(staging: Path, written: list[str], corpus: Corpus) -> list[dict[str, str]]:
    folder = staging / DOWNLOADS
    _zip(folder, [name for name in written if name.startswith(f"{CSV_DIR}/")] + [DESCRIPTOR], folder / CSV_ZIP)
    if (corpus.root / CITATION).is_file():
        shutil.copyfile(corpus.root / CITATION, folder / CITATION)
    described = {
        WORKBOOK: "the workbook: every table as a sheet, with an About sheet and the codebook; "
        "open this in a spreadsheet",
        CSV_ZIP: "every CSV file and the data package descriptor, in one zip",
        DESCRIPTOR: "the Frictionless data package: every table and column described",
        CITATION: "how to cite the dataset (Citation File Format)",
    }
    files = [WORKBOOK, CSV_ZIP, DESCRIPTOR, *sorted(n for n in written if n.startswith(f"{CSV_DIR}/")), CITATION]
    return [
        {
            "name": name,
            "href": f"{DOWNLOADS}/{name}",
            "size": _size((folder / name).stat().st_size),
            "what": described.get(name, "one table, as CSV (UTF-8, RFC 4180)"),
        }
        for name in files
        if (folder / name).is_file()
    ]


def _stances(schemas: SchemaSet) -> list[str]:
    """The stances of the codebook, in its order."""
    stance = schemas.resolve({"$ref": schemas.ids["common"] + "#/$defs/stance"})
    return [str(value) for value in stance.get("enum", [])]


def _render(
    corpus: Corpus,
    schemas: SchemaSet,
    staging: Path,
    written: list[str],
    layer: str | None,
    agreement: Headline,
) -> list[str]:
    env = _environment()
    layers = Layers(corpus, layer)
    documents = sorted(corpus.documents.values(), key=lambda d: d.id)
    views = {d.id: document_layers(corpus, layers, d) for d in documents}
    entities = entity_views(corpus, layers, views)
    layer_names = layer_order(f.annotator for f in layers.files)
    inputs = [
        corpus.catalog_path,
        corpus.registry_path,
        *(d.text_file for d in documents),
        *(f.path for f in corpus.files),
    ]
    common = {
        "version": __version__,
        "layer_names": layer_names,
        "only_layer": layer,
        "names": {e.id: e.name for e in corpus.entities.values()},
        "stances": _stances(schemas),
    }
    pages: dict[str, str] = {
        "index.html": _template(env, "index").render(
            base="",
            page="home",
            documents=documents,
            views=views,
            entities=entities,
            totals=totals(views),
            downloads=_downloads(staging, written, corpus),
            checksum=inputs_checksum(corpus, inputs),
            agreement=agreement if len(layer_names) > 1 and (agreement.groups or agreement.unshared) else None,
            citation=_citation(corpus.root),
            **common,
        ),
        "codebook.html": _template(env, "codebook").render(
            base="", page="codebook", parts=codebook_parts(codebook(schemas)), **common
        ),
    }
    for document in documents:
        pages[f"documents/{document.id}.html"] = _template(env, "document").render(
            base="../",
            page="document",
            document=document,
            layers=views[document.id],
            text_path=display_path(document.text_file, corpus.root),
            **common,
        )
    for view in entities:
        pages[f"entities/{view.entity.id}.html"] = _template(env, "entity").render(
            base="../", page="entity", view=view, **common
        )
    for name, html in pages.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")
    static = importlib.resources.files("sscorpus") / "templates" / "site" / "static"
    (staging / "static").mkdir()
    for name in ("site.css", "site.js"):
        (staging / "static" / name).write_bytes((static / name).read_bytes())
    return sorted(pages)
