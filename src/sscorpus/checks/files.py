"""Annotation files to records, in this process or spread over processes.

Each file is loaded, held against its schema and turned into records on
its own, so a large corpus can share the work among processes (``jobs``):
each worker reads the schemas once and the texts of the documents its
files annotate, and sends back each file's records and findings. Results
come back in the order of the files, so the report is the same for any
number of workers. Workers are started with ``spawn`` (the same on every
system, Windows included): only top-level functions cross to them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .. import codes
from ..corpus.anchors import TextIndex
from ..corpus.annotations import read_annotation_file
from ..corpus.catalog import read_text
from ..corpus.loaded import LoadedFile
from ..corpus.loading import load_bytes, load_file
from ..corpus.model import AnnotationFile, Location
from ..corpus.schemas import SchemaSet, load_schemas
from ..findings import Finding

#: below this many bytes of annotation files, starting workers costs more than it saves
PARALLEL_MIN_BYTES = 8_000_000
#: pieces of work per worker: small enough to even out, large enough to cost little to send
CHUNKS_PER_WORKER = 8

#: what one file gives: its records (None when it could not be read) and its findings
FileResult = tuple[AnnotationFile | None, list[Finding]]


def load_checked(path: Path, schema: str, schemas: SchemaSet, overlay: Mapping[Path, bytes]) -> LoadedFile:
    """A file loaded (from ``overlay`` when it is there) and held against ``schema``."""
    loaded = load_bytes(path, overlay[path]) if path in overlay else load_file(path)
    if loaded.parsed:
        loaded.findings.extend(schemas.findings_for(schema, loaded))
    return loaded


def named_document(loaded: LoadedFile) -> str | None:
    """The document an annotation file says it annotates, if it says so."""
    document = loaded.data.get("document") if isinstance(loaded.data, dict) else None
    return document if isinstance(document, str) else None


def read_file(
    path: Path,
    index_for: Callable[[str], TextIndex | None],
    schemas: SchemaSet,
    overlay: Mapping[Path, bytes],
    loaded: LoadedFile | None = None,
) -> FileResult:
    """One annotation file's records and findings (``loaded`` when it is
    already loaded); sscorpus failing on the file is a finding too."""
    try:
        loaded = loaded or load_checked(path, "annotation-file", schemas, overlay)
        return (read_annotation_file(loaded, index_for) if loaded.parsed else None), loaded.findings
    except Exception:  # noqa: BLE001 - one file's bug must not hide the others
        return None, [
            Location(path, 1, 1).finding(
                codes.INTERNAL_ERROR,
                "sscorpus failed on this file; this is a bug in sscorpus, please report it with the file",
            )
        ]


def jobs_for(paths: list[Path], jobs: int | None) -> int:
    """How many processes to use: ``jobs`` (None: every core), one when the
    files are too few to pay for starting the others."""
    wanted = jobs if jobs is not None else os.cpu_count() or 1
    if wanted <= 1 or len(paths) < 2:
        return 1
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            continue
        if size >= PARALLEL_MIN_BYTES:
            return min(wanted, len(paths))
    return 1


def read_files(
    paths: list[Path],
    index_for: Callable[[str], TextIndex | None],
    text_files: Mapping[str, Path],
    schemas: SchemaSet,
    overlay: Mapping[Path, bytes],
    jobs: int,
) -> Iterable[FileResult]:
    """Each file's result, in the order of ``paths``; with ``jobs`` > 1,
    read by that many worker processes (``text_files``: where each
    document's text is, for them to read the ones they need)."""
    if jobs <= 1:
        for path in paths:
            yield read_file(path, index_for, schemas, overlay)
        return
    # The files of one document (one per annotator) go to a worker together,
    # which then indexes each text once; the results are put back in order.
    order = sorted(range(len(paths)), key=lambda i: (paths[i].stem, i))
    results: list[FileResult | None] = [None] * len(paths)
    chunk = max(1, len(paths) // (jobs * CHUNKS_PER_WORKER))
    import multiprocessing  # only here: a run of one process does without it

    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=_start, initargs=(schemas.directory, dict(text_files), dict(overlay))) as pool:
        for i, done in zip(order, pool.imap(_read_in_worker, [paths[i] for i in order], chunksize=chunk), strict=True):
            results[i] = done
    for result in results:
        assert result is not None
        yield result


# -- in a worker -----------------------------------------------------------------------

_WORKER: dict[str, object] = {}
#: the texts a worker keeps indexed (its files come document by document)
_KEPT_INDEXES = 4


def _start(schemas_dir: Path, text_files: dict[str, Path], overlay: dict[Path, bytes]) -> None:
    import gc

    gc.disable()  # as in the command: millions of small objects, no cyclic garbage
    _WORKER.update(schemas=load_schemas(schemas_dir), text_files=text_files, overlay=overlay, indexes={})


def _worker_index(doc_id: str) -> TextIndex | None:
    indexes: dict[str, TextIndex | None] = _WORKER["indexes"]  # type: ignore[assignment]
    if doc_id not in indexes:
        text_files: dict[str, Path] = _WORKER["text_files"]  # type: ignore[assignment]
        text = read_text(text_files[doc_id])[0] if doc_id in text_files else None
        if len(indexes) >= _KEPT_INDEXES:
            del indexes[next(iter(indexes))]
        indexes[doc_id] = TextIndex(text) if text is not None else None
    return indexes[doc_id]


def _read_in_worker(path: Path) -> FileResult:
    schemas: SchemaSet = _WORKER["schemas"]  # type: ignore[assignment]
    overlay: dict[Path, bytes] = _WORKER["overlay"]  # type: ignore[assignment]
    return read_file(path, _worker_index, schemas, overlay)
