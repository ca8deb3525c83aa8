"""How complete an annotation is: counts, and what is left to annotate.

A report for people, not a check: it never fails. For each annotation file:
counts per type; paragraphs of the body with no claim and no evidence;
claims without a link; evidence that supports or challenges nothing;
occurrences of an entity's name or alias that no mention of it covers. For
each annotator: the registry entities their documents name (by a registry
name, or in another annotator's mention) that they never mention. For the
corpus: the registry entities that no annotation file mentions at all,
wherever or whether the texts name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.anchors import TextIndex, collapse
from ..corpus.model import AnnotationFile, Claim, Corpus, Document, Entity, Evidence
from ..corpus.names import find_names


@dataclass(frozen=True, slots=True)
class Place:
    """Something left to annotate, and where: a file and its line and column."""

    path: Path
    line: int
    column: int
    what: str


@dataclass(slots=True)
class FileStats:
    path: Path
    document: str
    annotator: str
    counts: dict[str, int] = field(default_factory=dict)
    bare_paragraphs: list[Place] = field(default_factory=list)
    unlinked_claims: list[Place] = field(default_factory=list)
    idle_evidence: list[Place] = field(default_factory=list)
    uncovered_names: list[Place] = field(default_factory=list)


@dataclass(slots=True)
class Stats:
    files: list[FileStats] = field(default_factory=list)
    #: annotator -> ids of the registry entities that the documents they
    #: annotated name (a registry name occurs, or another annotator mentions
    #: the entity there) and that their files never mention
    unmentioned: dict[str, list[str]] = field(default_factory=dict)
    #: ids of the registry entities that no annotation file of any annotator
    #: mentions (what validate's entity.unmentioned reports)
    never_mentioned: list[str] = field(default_factory=list)


def _uncovered_names(file: AnnotationFile, document: Document, corpus: Corpus, index: TextIndex) -> list[Place]:
    """Occurrences of a registry name or alias (``names.find_names``) that
    neither a mention of that entity nor a ``not_mentions`` item of this file
    covers. A mention of another entity does not: a name inside it gets a
    mention of its own (guidelines 3.3: 'India' inside 'external affairs
    ministry (India)')."""
    covered: dict[str | None, list[tuple[int, int]]] = {None: []}  # entity id -> pieces; None: not_mentions
    for mention in file.mentions:
        if mention.span and mention.entity_id:
            covered.setdefault(mention.entity_id, []).extend(mention.span.pieces)
    covered[None] += [p for m in file.not_mentions if m.span for p in m.span.pieces]
    places = []
    for found in find_names(document.text or "", corpus.entities.values()):
        pieces = covered[None] + covered.get(found.entity.id, [])
        if any(s <= found.start and found.end <= e for s, e in pieces):
            continue
        line, column = index.line_column(found.start)
        quote = collapse((document.text or "")[found.start : found.end])
        places.append(Place(document.text_file, line, column, f"'{quote}' ({found.entity.type} {found.entity.id})"))
    return places


def file_stats(file: AnnotationFile, corpus: Corpus) -> FileStats:
    stats = FileStats(file.path, file.document, file.annotator)
    stats.counts = file.counts()
    for claim in file.claims:
        if not claim.about:
            stats.unlinked_claims.append(Place(file.path, claim.where.line, claim.where.column, f"claim {claim.id}"))
    for evidence in file.evidence:
        if not evidence.supports and not evidence.challenges:
            stats.idle_evidence.append(
                Place(file.path, evidence.where.line, evidence.where.column, f"evidence {evidence.id}")
            )
    document = corpus.documents.get(file.document)
    index = corpus.index(file.document)
    structure = corpus.structure(file.document)
    if document is None or document.text is None or index is None or structure is None:
        return stats
    excluded = document.excluded()
    units: list[Claim | Evidence] = [*file.claims, *file.evidence]
    spans = [p for a in units if a.span for p in a.span.pieces]
    for paragraph in structure.paragraphs:
        if any(s <= paragraph.start and paragraph.end <= e for s, e in excluded):
            continue
        if not any(s < paragraph.end and paragraph.start < e for s, e in spans):
            excerpt = collapse(document.text[paragraph.start : paragraph.end])
            excerpt = excerpt if len(excerpt) <= 70 else excerpt[:67] + "..."
            stats.bare_paragraphs.append(Place(document.text_file, paragraph.line, 1, excerpt))
    stats.uncovered_names = _uncovered_names(file, document, corpus, index)
    return stats


def collect(corpus: Corpus, annotator: str | None = None) -> Stats:
    """Completeness statistics of every annotation file (of one annotator)."""
    result = Stats()
    files = [f for f in corpus.files if annotator is None or f.annotator == annotator]
    for file in sorted(files, key=lambda f: (f.annotator, f.document)):
        result.files.append(file_stats(file, corpus))
    for name in sorted({f.annotator for f in files}):
        # judged against the documents this annotator annotated: the entities
        # that any annotator mentions there, or whose names occur in them
        documents = {f.document for f in files if f.annotator == name}
        expected = {m.entity_id for f in corpus.files if f.document in documents for m in f.mentions}
        expected |= {
            found.entity.id
            for d in documents
            if d in corpus.documents
            for found in find_names(corpus.documents[d].text or "", corpus.entities.values())
        }
        mentioned = {m.entity_id for f in files if f.annotator == name for m in f.mentions}
        result.unmentioned[name] = sorted(e for e in expected if e and e not in mentioned)
    result.never_mentioned = [e.id for e in never_mentioned(corpus)]
    return result


def never_mentioned(corpus: Corpus) -> list[Entity]:
    """The registry entities that no mention of any annotation file names, in
    registry order."""
    used = {m.entity.id for file in corpus.files for m in file.mentions if m.entity}  # (entity_id, without a call each)
    return [entity for entity in corpus.entities.values() if entity.id not in used]
