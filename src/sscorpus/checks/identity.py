"""The checks of what must be there once: ``id`` (every id once: documents,
entities, the claims and evidence of a file), ``file`` (on the model: one
annotation file per document and annotator, named and placed after them; a
catalogued text that links out of the corpus) and ``mention`` (no two
mentions of one entity mark the same text)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

from .. import codes
from ..corpus.model import AnnotationFile, Claim, Corpus, Evidence, Span
from ..findings import Finding

T = TypeVar("T")


def duplicates(items: Iterable[T], key: Callable[[T], Hashable | None]) -> Iterator[tuple[T, T]]:
    """(first, repeat) for every item whose key an earlier item already has;
    items whose key is None are skipped."""
    first: dict[Hashable, T] = {}
    for item in items:
        value = key(item)
        if value is None:
            continue
        if value in first:
            yield first[value], item
        else:
            first[value] = item


def check_ids(corpus: Corpus) -> Iterator[Finding]:
    """Every id once: documents and entities across the corpus, the claims
    and evidence of a file within it."""
    for first, repeat in duplicates(corpus.document_list, lambda d: d.id):
        yield repeat.at("id").finding(
            codes.ID_DUPLICATE,
            f"document id '{repeat.id}' is already used on line {first.at('id').line}",
            "give each document its own id",
        )
    for first_entity, entity in duplicates(corpus.entity_list, lambda e: e.id):
        yield entity.id_where.finding(
            codes.ID_DUPLICATE,
            f"entity id '{entity.id}' is already used by the {first_entity.type} on line {first_entity.id_where.line}",
            "ids name one entity across the whole registry; merge the two or rename one",
        )
    for file in corpus.files:
        units: list[Claim | Evidence] = [*file.claims, *file.evidence]
        ids = [unit.id for unit in units if unit.id is not None]
        if len(set(ids)) == len(ids):
            continue  # the common case, kept short: no id given twice
        for first_unit, unit in duplicates(units, lambda a: a.id):
            assert unit.id_where is not None and first_unit.id_where is not None
            yield unit.id_where.finding(
                codes.ID_DUPLICATE,
                f"id '{unit.id}' is already used by the {first_unit.type} on line {first_unit.id_where.line}",
                "claims and evidence of one file need distinct ids",
            )


def check_files(corpus: Corpus) -> Iterator[Finding]:
    """No catalogued text is a link out of the corpus folder (the catalog
    check says why another text cannot be read); one annotation file per
    document and annotator, named and placed after them."""
    for document in corpus.documents.values():
        problem = document.text_problem
        if problem is not None and problem.code.check == "file":
            yield document.at("text").finding(problem.code, problem.message, problem.hint)
    for first_file, file in duplicates(corpus.files, lambda f: (f.document, f.annotator)):
        yield file.document_where.finding(
            codes.FILE_DUPLICATE,
            f"{first_file.path.name} already holds annotator '{file.annotator}' on '{file.document}'",
            "keep one file per document and annotator",
        )
    for file in corpus.files:
        yield from _file_place(file)


def check_mentions(corpus: Corpus) -> Iterator[Finding]:
    """No two mentions of one entity in a file mark the same text."""
    for file in corpus.files:
        marked = [(m.entity.id, m.anchor.pieces) for m in file.mentions if m.entity and isinstance(m.anchor, Span)]
        if len(set(marked)) == len(marked):
            continue  # the common case, kept short: no text marked twice for one entity
        for first_mention, mention in duplicates(
            file.mentions,
            lambda m: (m.entity_id, m.anchor.pieces) if m.entity_id and isinstance(m.anchor, Span) else None,
        ):
            yield mention.where.finding(
                codes.MENTION_DUPLICATE,
                f"this mention of '{mention.entity_id}' marks the same text as the one on line "
                f"{first_mention.where.line}",
                "remove one of the two",
            )


def _file_place(file: AnnotationFile) -> Iterator[Finding]:
    path = file.path
    if path.stem != file.document:
        yield file.document_where.finding(
            codes.FILE_PATH_MISMATCH,
            f"the file names document '{file.document}' but is called {path.name}",
            f"rename the file to {file.document}{path.suffix}, or correct 'document'",
        )
    if path.parent.name != file.annotator:
        yield file.annotator_where.finding(
            codes.FILE_PATH_MISMATCH,
            f"the file names annotator '{file.annotator}' but is in folder {path.parent.name}/",
            f"move the file to annotations/{file.annotator}/, or correct 'annotator'",
        )
