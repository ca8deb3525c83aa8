"""Validation of a corpus, all layers, every finding in one run.

Layers: parsing; schema (all errors); catalog and checksums; anchors;
identity and references. Each layer works on what the earlier ones could
read, so one broken file never hides the problems of another.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .anchors import TextIndex
from .annotations import read_annotation_file
from .catalog import read_catalog
from .corpus import Layout, find_root, select
from .findings import Finding, Report, SetupError
from .loading import LoadedFile, load_file
from .model import Corpus
from .references import DanglingClaim, claim_links, entity_ref, resolve_dangling, unmentioned
from .registry import read_registry
from .schemas import SchemaSet
from .structure import TextStructure, not_body


@dataclass(slots=True)
class Checked:
    """A corpus as far as it could be read, and the report on it."""

    corpus: Corpus
    report: Report
    layout: Layout
    schemas: SchemaSet


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds millions of small objects that are never cyclic
    garbage; the collector's passes over them nearly double the load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _internal_error(path: Path) -> Finding:
    return Finding(path, 1, 1, "internal.error",
                   "sscorpus failed on this file; this is a bug in sscorpus, please report it with the file",
                   "", None)


def _load_checked(path: Path, schema: str, schemas: SchemaSet) -> LoadedFile:
    loaded = load_file(path)
    if loaded.parsed:
        loaded.findings.extend(schemas.check(schema, loaded))
    return loaded


def check(root: Path | None = None, paths: Sequence[Path] | None = None,
          schemas: SchemaSet | None = None) -> Checked:
    """Load and validate a corpus (or only the given annotation files of it).

    ``root`` is the corpus folder; by default the one that holds the first
    path, or the current folder. The catalog and the registry are always
    read, since every annotation depends on them. Raises SetupError only when
    there is no corpus to check.
    """
    paths = [Path(p) for p in paths or []]
    if root is not None and not (root / "texts" / "catalog.yaml").is_file():
        raise SetupError(f"{root} is not a corpus folder: it has no texts/catalog.yaml")
    root = root or find_root(paths[0] if paths else Path.cwd())
    layout = Layout(root.resolve())
    schemas = schemas or SchemaSet(layout.schemas_dir)
    report = Report()
    corpus = Corpus(layout.root)
    selected = select(layout, paths, report)
    with _gc_paused():
        catalog = _load_checked(layout.catalog, "catalog", schemas)
        report.extend(catalog.findings)
        corpus.documents, found = read_catalog(catalog, layout.texts_dir)
        report.extend(found)
        registry = _load_registry(layout, schemas, report)
        corpus.entities, found = read_registry(registry)
        report.extend(found)
        report.extend(_actor_references(corpus, catalog, registry))
        indexes: dict[str, TextIndex | None] = {}

        def index_for(doc_id: str) -> TextIndex | None:
            if doc_id not in indexes:
                text = corpus.documents[doc_id].text
                indexes[doc_id] = TextIndex(text) if text is not None else None
            return indexes[doc_id]

        report.extend(_not_body_findings(corpus, catalog, index_for))
        read = _read_annotation_files(selected, corpus, schemas, index_for, report)
        if not paths and read == len(selected):  # "never mentioned" needs every file read
            report.extend(unmentioned(corpus.entities, corpus.files, registry))
    report.files_checked = 2 + len(selected)
    return Checked(corpus, report, layout, schemas)


def _actor_references(corpus: Corpus, catalog: LoadedFile, registry: LoadedFile) -> list[Finding]:
    """Actors named by the catalog (authors, default speakers) and by
    principles (defined_by) must be registry actors."""
    refs: list[tuple[LoadedFile, str, object]] = []
    for document in corpus.documents.values():
        refs.append((catalog, f"{document.pointer}/default_speaker", document.meta.get("default_speaker")))
        authors = document.meta.get("authors")
        for j, author in enumerate(authors if isinstance(authors, list) else []):
            if isinstance(author, dict) and "actor" in author:
                refs.append((catalog, f"{document.pointer}/authors/{j}/actor", author["actor"]))
    for entity in corpus.entities.values():
        if "defined_by" in entity.data:
            refs.append((registry, f"{entity.pointer}/defined_by", entity.data["defined_by"]))
    found = (entity_ref(loaded, pointer, value, "actor", corpus.entities) for loaded, pointer, value in refs)
    return [finding for finding in found if finding is not None]


def _not_body_findings(corpus: Corpus, catalog: LoadedFile,
                       index_for: Callable[[str], TextIndex | None]) -> list[Finding]:
    findings = []
    for document in corpus.documents.values():
        index = index_for(document.id) if "not_body" in document.meta else None
        if index is None:
            continue
        _, problems = not_body(document.meta["not_body"], TextStructure(index.text), index)
        for i, problem in problems:
            findings.append(catalog.finding(f"{document.pointer}/not_body/{i}/{problem.field}",
                                            problem.code, problem.message, problem.hint))
    return findings


def _read_annotation_files(paths: list[Path], corpus: Corpus, schemas: SchemaSet,
                           index_for: Callable[[str], TextIndex | None],
                           report: Report) -> int:
    """Load, check and read each annotation file into ``corpus.files``;
    return how many could be read. A file's parse (its data and the position
    of every value) is let go once its findings are made: only the positions
    of its annotations are kept, for reports that point at them."""
    owners: dict[tuple[str, str], Path] = {}
    dangling: list[DanglingClaim] = []
    for path in paths:
        try:
            loaded = _load_checked(path, "annotation-file", schemas)
            report.extend(loaded.findings)
            if not loaded.parsed:
                continue
            file, found = read_annotation_file(loaded, corpus.documents, corpus.entities, index_for)
            report.extend(found)
        except Exception:  # noqa: BLE001 - one file's bug must not hide the others
            report.findings.append(_internal_error(path))
            continue
        if file is None:
            continue
        key = (file.document, file.annotator)
        if key in owners:
            report.findings.append(loaded.finding(
                "/document", "file.duplicate",
                f"{owners[key].name} already holds annotator '{file.annotator}' on '{file.document}'",
                "keep one file per document and annotator"))
            continue
        owners[key] = path
        found, links = claim_links(file, loaded)
        report.extend(found)
        dangling.extend(links)
        file.positions = {p: pos for p, pos in loaded.positions.items() if p.count("/") <= 2}
        corpus.files.append(file)
    report.extend(resolve_dangling(dangling, corpus.files))
    return len(corpus.files)


def _load_registry(layout: Layout, schemas: SchemaSet, report: Report) -> LoadedFile:
    if not layout.registry.is_file():
        report.findings.append(Finding(layout.registry, 0, 0, "file.missing",
                                       "the entity registry annotations/registry.yaml is missing",
                                       "", "create it with lists actors:, institutions: and principles:"))
        return LoadedFile(layout.registry)
    registry = _load_checked(layout.registry, "registry", schemas)
    report.extend(registry.findings)
    return registry


def validate(root: Path | None = None, paths: Sequence[Path] | None = None) -> Report:
    """Validate a corpus; the report holds every finding, sorted by place."""
    return check(root, paths).report
