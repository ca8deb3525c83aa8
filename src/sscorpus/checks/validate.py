"""Validation of a corpus, every finding in one run.

The pipeline: find the files, load each (parse, then its schema), build the
typed model from what could be read (anchoring every quote: what it finds
joins the file's findings), then run the checks of the model in order
(``checklist.py``). One broken file never hides the problems of another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import codes
from ..corpus.annotations import read_annotation_file
from ..corpus.catalog import read_catalog
from ..corpus.citation import read_citation
from ..corpus.layout import Layout, find_root, select
from ..corpus.loaded import LoadedFile
from ..corpus.loading import load_bytes, load_file
from ..corpus.model import Corpus, Location
from ..corpus.registry import read_registry
from ..corpus.schemas import SchemaSet
from ..findings import Finding, Report, SetupError
from .checklist import run_checks


@dataclass(slots=True)
class Checked:
    """A corpus as far as it could be read, and the report on it."""

    corpus: Corpus
    report: Report
    layout: Layout
    schemas: SchemaSet


def _load_checked(path: Path, schema: str, schemas: SchemaSet, overlay: Mapping[Path, bytes]) -> LoadedFile:
    loaded = load_bytes(path, overlay[path]) if path in overlay else load_file(path)
    if loaded.parsed:
        loaded.findings.extend(schemas.findings_for(schema, loaded))
    return loaded


def check(
    root: Path | None = None,
    paths: Sequence[Path] | None = None,
    schemas: SchemaSet | None = None,
    *,
    overlay: Mapping[Path, bytes] | None = None,
) -> Checked:
    """Load and validate a corpus (or only the given annotation files of it).

    ``root`` is the corpus folder; by default the one that holds the first
    path, or the current folder. The catalog and the registry are always
    read, since every annotation depends on them. ``overlay`` gives the
    content of some of the corpus's YAML or JSON files (absolute paths in the
    corpus folder) in place of what is on disk, whether or not they exist yet
    (a new annotation file is checked too): a command validates what it is
    about to write before it writes it. Raises SetupError only when there is
    no corpus to check.
    """
    paths = [Path(p) for p in paths or []]
    if root is not None and not (root / "texts" / "catalog.yaml").is_file():
        raise SetupError(f"{root} is not a corpus folder: it has no texts/catalog.yaml")
    root = root or find_root(paths[0] if paths else Path.cwd())
    layout = Layout(root.resolve())
    schemas = schemas or SchemaSet(layout.schemas_dir)
    report = Report()
    selected = select(layout, paths, report)
    overlay = overlay or {}
    selected += [p for p in overlay if p not in selected and layout.role(p) == "annotations"]
    if paths:
        report.named = tuple(layout.root / rel if (rel := layout.relative(p)) is not None else p for p in paths)
    catalog = _load_checked(layout.catalog, "catalog", schemas, overlay)
    registry = _load_registry(layout, schemas, report, overlay)
    corpus = Corpus(
        layout.root,
        layout.catalog,
        layout.registry,
        document_list=read_catalog(catalog, layout.texts_dir),
        entity_list=read_registry(registry),
        complete=not paths,
    )
    report.extend(catalog.findings)  # with what anchoring its not_body items found
    del catalog, registry
    corpus.citation, found = read_citation(layout)
    report.extend(found)
    report.extend(_read_annotation_files(selected, corpus, schemas, overlay))
    corpus.complete = corpus.complete and len(corpus.files) == len(selected)  # "never mentioned" needs every file
    report.extend(run_checks(corpus))
    report.files_checked = 2 + len(selected)
    return Checked(corpus, report, layout, schemas)


def _read_annotation_files(
    paths: list[Path], corpus: Corpus, schemas: SchemaSet, overlay: Mapping[Path, bytes]
) -> list[Finding]:
    """Load each annotation file, check it against its schema and add its
    records to ``corpus.files``; the file's findings are those of parsing, of
    the schema and of anchoring its quotes. A file's parse is let go once its
    records are built: the records keep the places that findings point at."""
    findings: list[Finding] = []
    for path in paths:
        loaded: LoadedFile | None = None
        try:
            loaded = _load_checked(path, "annotation-file", schemas, overlay)
            file = read_annotation_file(loaded, corpus.index) if loaded.parsed else None
            findings.extend(loaded.findings)
        except Exception:  # noqa: BLE001 - one file's bug must not hide the others
            findings.extend(loaded.findings if loaded is not None else ())
            findings.append(
                Location(path, 1, 1).finding(
                    codes.INTERNAL_ERROR,
                    "sscorpus failed on this file; this is a bug in sscorpus, please report it with the file",
                )
            )
            continue
        if file is not None:
            corpus.files.append(file)
    return findings


def _load_registry(layout: Layout, schemas: SchemaSet, report: Report, overlay: Mapping[Path, bytes]) -> LoadedFile:
    if not layout.registry.is_file():
        report.findings.append(
            Location(layout.registry, 0, 0).finding(
                codes.FILE_MISSING,
                "the entity registry annotations/registry.yaml is missing",
                "create it with lists actors:, institutions: and principles:",
            )
        )
        return LoadedFile(layout.registry)
    registry = _load_checked(layout.registry, "registry", schemas, overlay)
    report.extend(registry.findings)
    return registry


def validate(root: Path | None = None, paths: Sequence[Path] | None = None) -> Report:
    """Validate a corpus; the report holds every finding, sorted by place."""
    return check(root, paths).report
