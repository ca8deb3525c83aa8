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
from ..corpus.catalog import read_catalog
from ..corpus.citation import read_citation
from ..corpus.entries import read_entries
from ..corpus.layout import Layout, find_root, select
from ..corpus.loaded import LoadedFile
from ..corpus.model import Corpus, Location
from ..corpus.registry import read_registry
from ..corpus.schemas import SchemaSet, load_schemas
from ..findings import Report, SetupError
from .checklist import run_checks
from .files import jobs_for, load_checked, named_document, read_file, read_files


@dataclass(slots=True)
class Checked:
    """A corpus as far as it could be read, and the report on it."""

    corpus: Corpus
    report: Report
    layout: Layout
    schemas: SchemaSet


def check(
    root: Path | None = None,
    paths: Sequence[Path] | None = None,
    schemas: SchemaSet | None = None,
    *,
    overlay: Mapping[Path, bytes] | None = None,
    jobs: int | None = 1,
) -> Checked:
    """Load and validate a corpus (or only the given annotation files of it).

    ``root`` is the corpus folder; by default the one that holds the first
    path, or the current folder. The catalog and the registry are always
    read, since every annotation depends on them. ``overlay`` gives the
    content of some of the corpus's YAML or JSON files (absolute paths in the
    corpus folder) in place of what is on disk, whether or not they exist yet
    (a new annotation file is checked too): a command validates what it is
    about to write before it writes it. ``jobs`` processes read the
    annotation files (None: one per core), when they are many enough to pay
    for it; the report is the same for any number. (One by default: worker
    processes start by importing the caller's main module, which a script
    must guard with ``if __name__ == "__main__"``; the command line uses
    every core.) Given paths, only the
    texts of the documents their files annotate are read. Raises SetupError
    only when there is no corpus to check.
    """
    paths = [Path(p) for p in paths or []]
    if root is not None and not (root / "texts" / "catalog.yaml").is_file():
        raise SetupError(f"{root} is not a corpus folder: it has no texts/catalog.yaml")
    root = root or find_root(paths[0] if paths else Path.cwd())
    layout = Layout(root.resolve())
    schemas = schemas or load_schemas(layout.schemas_dir)
    report = Report()
    selected = select(layout, paths, report)
    overlay = overlay or {}
    selected += [p for p in overlay if p not in selected and layout.role(p) == "annotations"]
    if paths:
        report.named = tuple(layout.root / rel if (rel := layout.relative(p)) is not None else p for p in paths)
    registry = _load_registry(layout, schemas, report, overlay)
    # A selection is loaded first, to read only the catalog entries and the texts
    # of the documents its files annotate (every one when the catalog itself is
    # named: it describes them all).
    loaded = None if not paths else [_loaded(path, schemas, overlay) for path in selected]
    every_text = loaded is None or any(layout.role(p) == "catalog" for p in paths)
    texts = None if every_text else {d for file in loaded or () if file is not None and (d := named_document(file))}
    catalog, catalog_ids = _load_catalog(layout, schemas, overlay, texts)
    corpus = Corpus(
        layout.root,
        layout.catalog,
        layout.registry,
        document_list=read_catalog(catalog, layout.texts_dir, texts),
        entity_list=read_registry(registry),
        complete=not paths,
        catalog_sha256=catalog.sha256,
        registry_sha256=registry.sha256,
        catalog_ids=catalog_ids,
    )
    report.extend(catalog.findings)  # with what anchoring its not_body items found
    del catalog, registry
    corpus.citation, found = read_citation(layout)
    report.extend(found)
    if loaded is None:
        text_files = {i: d.text_file for i, d in corpus.documents.items() if d.text is not None}
        results = read_files(selected, corpus.index, text_files, schemas, overlay, jobs_for(selected, jobs))
    else:
        results = (read_file(p, corpus.index, schemas, overlay, file) for p, file in zip(selected, loaded, strict=True))
    for file, findings in results:
        report.extend(findings)
        if file is not None:
            corpus.files.append(file)
    del loaded
    corpus.complete = corpus.complete and len(corpus.files) == len(selected)  # "never mentioned" needs every file
    report.extend(run_checks(corpus))
    report.files_checked = 2 + len(selected)
    return Checked(corpus, report, layout, schemas)


def _loaded(path: Path, schemas: SchemaSet, overlay: Mapping[Path, bytes]) -> LoadedFile | None:
    """A selected file loaded and held against its schema; None when sscorpus
    fails on it (reading it again reports that)."""
    try:
        return load_checked(path, "annotation-file", schemas, overlay)
    except Exception:  # noqa: BLE001 - one file's bug must not hide the others
        return None


def _load_catalog(
    layout: Layout, schemas: SchemaSet, overlay: Mapping[Path, bytes], wanted: set[str] | None
) -> tuple[LoadedFile, frozenset[str] | None]:
    """The catalog, whole; or, given the documents a run is about, only their
    entries, and the id of every entry, when the catalog can be cut so
    (``entries.py``): a run on one file then costs what the file costs."""
    if wanted is not None:
        try:
            raw = overlay[layout.catalog] if layout.catalog in overlay else layout.catalog.read_bytes()
        except OSError:
            raw = None  # reading it whole reports why
        entries = None if raw is None else read_entries(layout.catalog, raw, wanted, schemas)
        if entries is not None:
            return entries.loaded, frozenset(entries.ids)
    return load_checked(layout.catalog, "catalog", schemas, overlay), None


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
    registry = load_checked(layout.registry, "registry", schemas, overlay)
    report.extend(registry.findings)
    return registry


def validate(root: Path | None = None, paths: Sequence[Path] | None = None, *, jobs: int | None = 1) -> Report:
    """Validate a corpus; the report holds every finding, sorted by place."""
    return check(root, paths, jobs=jobs).report
