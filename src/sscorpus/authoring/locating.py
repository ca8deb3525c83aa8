"""``sscorpus locate``: every place a quote occurs, and the anchor to write for it.

The anchor is what a person would write: the quote alone when it occurs
once; otherwise the shorter of ``occurrence: N`` and the shortest ``prefix``
(whole words just before it) that picks that one place. Every anchor is
resolved again before it is offered, so it is known to select its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.anchors import Match, Selector, TextIndex, collapse
from ..corpus.model import Annotation, Corpus
from ..corpus.yamledit import scalar

#: the longest prefix tried, in words
_MOST_WORDS = 6


def anchor_for(index: TextIndex, match: Match) -> dict[str, str | int]:
    """The selector fields that pick ``match`` (a place of its own quote)."""
    quote = collapse(index.text[match.start : match.end])
    matches = index.find_all(quote)
    if len(matches) <= 1:
        return {"quote": quote}
    occurrence: dict[str, str | int] = {"quote": quote, "occurrence": matches.index(match) + 1}
    words = collapse(index.text[: match.start]).split(" ")
    for n in range(1, min(_MOST_WORDS, len(words)) + 1):
        prefix = " ".join(words[-n:])
        if len(f"prefix: {scalar(prefix)}") >= len(f"occurrence: {occurrence['occurrence']}"):
            break
        if index.resolve(Selector(quote, prefix=prefix)) == match:
            return {"quote": quote, "prefix": prefix}
    return occurrence


def anchor_lines(anchor: dict[str, str | int], indent: str = "") -> list[str]:
    """The anchor as YAML lines (``quote: ...``, then its selector)."""
    return [f"{indent}{key}: {scalar(value)}" for key, value in anchor.items()]


@dataclass(frozen=True, slots=True)
class Covering:
    """An annotation that already covers a place."""

    path: Path
    line: int
    column: int
    what: str


@dataclass(frozen=True, slots=True)
class Place:
    start: int
    end: int
    line: int
    column: int
    context: str
    anchor: dict[str, str | int]
    covered_by: list[Covering] = field(default_factory=list)
    #: mentions whose span holds the place and more: a name there needs a
    #: mention of its own (guidelines 3.3), so they do not cover it
    inside: list[Covering] = field(default_factory=list)


def _label(annotation: Annotation) -> str:
    if annotation.type == "mention":
        return f"mention of {annotation.entity_type} {annotation.entity_id}"
    return f"{annotation.type} {annotation.id}"


def _names(corpus: Corpus, entity_id: str | None, quote: str) -> bool:
    """Whether ``quote`` is a name, alias or acronym of the entity."""
    entity = corpus.entities.get(entity_id or "")
    return entity is not None and collapse(quote) in {collapse(n) for n in entity.names()}


def locate(corpus: Corpus, doc_id: str, quote: str, annotator: str | None = None) -> list[Place]:
    """Every place ``quote`` occurs in the document (whitespace relaxed, as
    anchoring does); with ``annotator``, the annotations of their file whose
    span holds each place: claims, evidence, ``not_mentions`` items,
    mentions of exactly that place and mentions of the entity the quote names
    cover it; a mention of another entity with a longer span is listed apart
    (``Place.inside``): a name inside it needs a mention of its own."""
    index = corpus.index(doc_id)
    if index is None:
        return []
    files = [f for f in corpus.files if f.document == doc_id and f.annotator == annotator] if annotator else []
    # (span, where, label, whether it covers only the place it marks): a mention of a longer span covers a
    # name of its own entity ("WTO" in "World Trade Organisation (WTO)", guidelines 3.2), not another's (3.3)
    spans = [
        (a.span, a.where, _label(a), a.type == "mention" and not _names(corpus, a.entity_id, quote))
        for f in files
        for a in f.annotations()
        if a.span
    ]
    spans += [(m.span, m.where, "not_mentions item", False) for f in files for m in f.not_mentions if m.span]
    places = []
    for match in index.find_all(quote):
        line, column = index.line_column(match.start)
        covered: list[Covering] = []
        inside: list[Covering] = []
        for span, where, label, exact_only in spans:
            if any(s <= match.start and match.end <= e for s, e in span.pieces):
                wider = exact_only and span.pieces != ((match.start, match.end),)
                (inside if wider else covered).append(Covering(where.path, where.line, where.column, label))
        places.append(
            Place(
                match.start,
                match.end,
                line,
                column,
                index.excerpt(match.start, match.end),
                anchor_for(index, match),
                covered,
                inside,
            )
        )
    return places
