"""``sscorpus site``: a static site of the annotated corpus, to browse and
to download the dataset from, that works from ``file://`` or any static host
with no server and no network request.

Pages are Jinja2 templates (autoescape on: every text from annotations,
notes and the registry is escaped) with one CSS and one JavaScript file and
no inline script or event handler. The downloads are the export itself,
written by ``exporting.py`` into the site. Like the export, the site is
built from a validated corpus only, in a staging folder renamed into place,
and the same input gives the same bytes.

The site is put in place as the export is (``publish.py``): all or nothing,
one build at a time, and only its own files replaced. Its own files are those
its manifest (the file ``.sscorpus-site``) lists; files a user adds to the
folder (``CNAME``, ``robots.txt``) stay.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from .. import __version__
from ..agreement.headline import Headline
from ..checks.reporters import display_path
from ..checks.validate import check
from ..corpus.citation import CITATION
from ..corpus.model import Corpus
from ..corpus.schemas import SchemaSet
from ..dataset.dataset import build
from ..dataset.files import CSV_DIR, DESCRIPTOR, GRAPH_FILES, PARQUET_DIR, WORKBOOK
from ..dataset.layers import check_layer
from ..dataset.publish import OutputFolder, Product, check_target, files_in, inside
from ..dataset.rows import codebook
from ..dataset.value import Dataset, Measured
from ..dataset.workbook import CREATED
from ..exporting import export_into
from ..findings import Report
from ..interchange.formats import FORMATS
from .overview import overview
from .pages import codebook_parts, document_layers, entity_views, layer_order, totals

#: the site's manifest: it marks a folder as a site this command built, and
#: lists the files of it that the next build may replace or remove
MARKER = ".sscorpus-site"
_BUILT_BY = "sscorpus site"
#: the files of a site built before the manifest listed them
_EARLIER = re.compile(r"(index|codebook)\.html|(documents|entities)/[^/]+\.html|static/site\.(css|js)|downloads/.+")
DOWNLOADS = "downloads"
CSV_ZIP = "sscorpus-csv.zip"
PARQUET_ZIP = "sscorpus-parquet.zip"


@dataclass(slots=True)
class SiteResult:
    """What a build did: the validation report (and any export findings),
    the output folder and the pages written."""

    report: Report
    out: Path
    pages: list[str] = field(default_factory=list)


@cache
def _environment() -> jinja2.Environment:
    """The templates' environment, one per process: it keeps the templates
    compiled (compiling them took a quarter of a small corpus's build)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sscorpus.site", "templates"),
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
    """A zip of ``names`` (paths in ``folder``, kept as they are: a data
    package's descriptor at the zip's root, where Frictionless looks) with
    fixed dates and modes: the same files give the same bytes."""
    stamp = CREATED.timetuple()[:6]  # the workbook's fixed date: the same files give the same bytes
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1024:,.0f} KB" if n < 10_000_000 else f"{n / 1024**2:,.1f} MB"


def site_files(out: Path) -> set[str] | None:
    """The files of the site in ``out``, as its manifest lists them; None
    when ``out`` holds no site that this command built."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        manifest = json.loads(text)
    except ValueError:
        manifest = None
    if isinstance(manifest, dict) and manifest.get("built-by") == _BUILT_BY and isinstance(manifest.get("files"), list):
        return {MARKER} | {name for name in manifest["files"] if isinstance(name, str) and inside(name)}
    # a manifest of an earlier version, which listed nothing: the files a site is made of
    return {MARKER} | {name for name in files_in(out) if _EARLIER.fullmatch(name)}


SITE = Product("site", site_files, "is not a site built by 'sscorpus site'", "a site")


def build_site(
    root: Path | None = None,
    out: Path | None = None,
    *,
    layer: str | None = None,
    jobs: int | None = 1,
) -> SiteResult:
    """Validate, then build the site in ``out`` (default: the corpus's
    ``site/`` folder); every layer, or only ``layer``. With several
    annotators the home page shows the dataset's headline figures (those of
    its downloads' agreement table and About sheet). Nothing is written when
    there is any error. ``jobs`` processes validate (None: every core; see
    ``check``): the site is the same for any number."""
    checked = check(root, jobs=jobs)
    layout = checked.layout
    out = (out or layout.root / "site").resolve()
    result = SiteResult(checked.report, out)
    if checked.report.errors:
        return result
    check_layer(checked.corpus, layer)
    check_target(out, layout, SITE)
    with OutputFolder(out, layout, SITE) as target:
        staging = target.staging
        dataset = build(checked, layer)
        exported = export_into(dataset, checked.report, staging / DOWNLOADS, out / DOWNLOADS)
        if exported.report.errors:
            result.report = exported.report
            return result
        figures = dataset.headline
        # the pages need none of the tables and measures (the downloads hold them): let them go first
        dataset = replace(dataset, tables={}, agreement=Measured(dataset.agreement.annotators, None, ()))
        pages = _render(dataset, staging, exported.written, figures)
        files = sorted(files_in(staging) | {MARKER})
        manifest = {"built-by": _BUILT_BY, "files": files}
        (staging / MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8", newline="\n")
        target.publish(files)
        result.pages = pages
    return result


def _downloads(staging: Path, written: list[str], corpus: Corpus) -> list[dict[str, str]]:
    folder = staging / DOWNLOADS
    csvs = sorted(name for name in written if name.startswith(f"{CSV_DIR}/"))
    parquets = sorted(name for name in written if name.startswith(f"{PARQUET_DIR}/"))
    _zip(folder, [*csvs, DESCRIPTOR], folder / CSV_ZIP)
    _zip(folder, parquets, folder / PARQUET_ZIP)
    if corpus.citation is not None:  # the bytes validated, never read again
        (folder / CITATION).write_bytes(corpus.citation.raw)
    described = {
        WORKBOOK: "the workbook: every table as a sheet, with an About sheet and the codebook; "
        "open this in a spreadsheet",
        CSV_ZIP: "every CSV file and the data package descriptor, in one zip",
        PARQUET_ZIP: "every table as Parquet, with its column types and descriptions, in one zip: "
        "for DuckDB, polars and Arrow",
        DESCRIPTOR: "the Frictionless data package: every table and column described",
        CITATION: "how to cite the dataset (Citation File Format)",
        **{f.file_name: f.title for f in FORMATS.values()},
        **{name: _graph_file(name) for name in GRAPH_FILES},
    }
    one_table = {CSV_DIR: "one table, as CSV (UTF-8, RFC 4180)", PARQUET_DIR: "one table, as Parquet (typed columns)"}
    interchange = [f.file_name for f in FORMATS.values() if f.file_name in written]
    graphs = [name for name in GRAPH_FILES if name in written]
    files = [WORKBOOK, CSV_ZIP, PARQUET_ZIP, DESCRIPTOR, *interchange, *graphs, *csvs, *parquets, CITATION]
    return [
        {
            "name": name,
            "href": f"{DOWNLOADS}/{name}",
            "size": _size((folder / name).stat().st_size),
            "what": described.get(name) or one_table[name.split("/")[0]],
        }
        for name in files
        if (folder / name).is_file()
    ]


def _graph_file(name: str) -> str:
    """What a network's graph file is, for the downloads."""
    network, _, extension = name.rpartition("/")[2].partition(".")
    reader = "Gephi, visone, igraph and networkx" if extension == "graphml" else "Gephi (GEXF 1.3)"
    return f"the {network} network of the whole corpus, as {extension.upper()}: for {reader}"


def _kinds(schemas: SchemaSet) -> list[str]:
    """The kinds of claim of the codebook, in its order."""
    kind = schemas.resolve({"$ref": schemas.ids["claim"] + "#/properties/kind"})
    return [str(value) for value in kind.get("enum", [])]


def _render(dataset: Dataset, staging: Path, written: list[str], agreement: Headline) -> list[str]:
    env = _environment()
    corpus, schemas, layers, layer = dataset.corpus, dataset.schemas, dataset.layers, dataset.layer
    documents = sorted(corpus.documents.values(), key=lambda d: d.id)
    views = {d.id: document_layers(corpus, layers, d) for d in documents}
    entities = entity_views(corpus, layers, views)
    layer_names = layer_order(f.annotator for f in layers.files)
    common = {
        "version": __version__,
        "layer_names": layer_names,
        "only_layer": layer,
        "names": {e.id: e.name for e in corpus.entities.values()},
        "stances": schemas.stances(),
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
            checksum=dataset.inputs_sha256,
            agreement=agreement if len(layer_names) > 1 and (agreement.groups or agreement.unshared) else None,
            citation=corpus.citation,
            **common,
        ),
        "overview.html": _template(env, "overview").render(
            base="",
            page="overview",
            overview=overview(dataset.networks, layers, documents, views, _kinds(schemas)),
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
    static = importlib.resources.files("sscorpus.site") / "templates" / "static"
    (staging / "static").mkdir()
    for name in ("site.css", "site.js"):
        (staging / "static" / name).write_bytes((static / name).read_bytes())
    return sorted(pages)
