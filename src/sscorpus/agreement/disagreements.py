"""Every disagreement of two annotators, with both places to look at.

The units are matched by the overlap rule (``matching.OVERLAP_THRESHOLD``),
so that a claim two annotators cut slightly differently is one claim with a
different span, not two unmatched claims. Listed, per document and in text
order:

- ``unit``: a unit only one annotator marked (the other side is empty);
- ``span``: matched units that do not cover the same characters;
- ``kind``, ``hedged``, ``speaker`` (claims), ``kind`` (evidence),
  ``entity`` (mentions): matched units coded differently;
- ``about <entity>``: a link to the entity that only one annotator made
  (the other side's value is ``none`` and its place is its claim), or made
  with another stance;
- ``claim <id 1>/<id 2>``: evidence that supports or challenges a claim
  for one annotator and not the other (or the other way round).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..corpus.model import PIECE_SEPARATOR, Claim, Corpus, Evidence
from .matching import RULES, UNIT_TYPES, Unit, UnitType, match, units
from .measure import NO_LINK, about_links, claim_links, codes, files_by_document


@dataclass(frozen=True, slots=True)
class Side:
    """One annotator's side of a disagreement: the value, and where it is
    written (``line`` of ``path``); an empty side has no value and points at
    nothing, or at the unit that lacks the link."""

    value: str | None
    id: str | None
    path: Path | None
    line: int | None


@dataclass(frozen=True, slots=True)
class Disagreement:
    doc_id: str
    type: UnitType
    annotators: tuple[str, str]
    what: str
    first: Side
    second: Side
    #: text position, for sorting
    position: int


def _span_value(unit: Unit, text: str | None) -> str:
    where = " ".join(f"{s}:{e}" for s, e in unit.pieces)
    if text is None:
        return where
    quote = PIECE_SEPARATOR.join(text[s:e] for s, e in unit.pieces)
    return f"{where} '{quote}'"


def _side(unit: Unit | None, value: str | None, line: int | None = None) -> Side:
    if unit is None:
        return Side(None, None, None, None)
    return Side(value, unit.id, unit.path, line or unit.line)


def _link_lines(unit: Unit) -> dict[str, int]:
    """Where each link of a claim or evidence is written, by target id."""
    a = unit.annotation
    if isinstance(a, Claim):
        return {link.target.id: link.where.line for link in a.about}
    if isinstance(a, Evidence):
        return {ref.id: ref.where.line for _, ref in a.relations()}
    return {}


def _pair(
    corpus: Corpus,
    document: str,
    first_file_units: dict[UnitType, list[Unit]],
    second_file_units: dict[UnitType, list[Unit]],
    annotators: tuple[str, str],
) -> Iterator[Disagreement]:
    text = corpus.documents[document].text if document in corpus.documents else None
    claim_keys: dict[tuple[str, str], str] = {}
    for type_ in UNIT_TYPES:
        matching = match(first_file_units[type_], second_file_units[type_], RULES["overlap"])
        of_type = codes(type_, corpus, document)
        if type_ == "claim":
            for a, b in matching.pairs:
                key = f"{a.id}/{b.id}"
                claim_keys[(a.annotator, a.id)] = claim_keys[(b.annotator, b.id)] = key
        for unit in matching.only_1:
            yield Disagreement(
                document, type_, annotators, "unit", _side(unit, _span_value(unit, text)), _side(None, None), unit.start
            )
        for unit in matching.only_2:
            yield Disagreement(
                document, type_, annotators, "unit", _side(None, None), _side(unit, _span_value(unit, text)), unit.start
            )
        for a, b in matching.pairs:
            position = min(a.start, b.start)
            if a.pieces != b.pieces:
                yield Disagreement(
                    document,
                    type_,
                    annotators,
                    "span",
                    _side(a, _span_value(a, text)),
                    _side(b, _span_value(b, text)),
                    position,
                )
            for name, code in of_type.items():
                value_a, value_b = code(a), code(b)
                if value_a != value_b:
                    yield Disagreement(
                        document, type_, annotators, name, _side(a, value_a), _side(b, value_b), position
                    )
            if type_ == "mention":
                continue
            if type_ == "claim":
                links_a, links_b = about_links(a), about_links(b)
                targets_a, targets_b = {t: t for t in links_a}, {t: t for t in links_b}
            else:
                links_a, links_b = claim_links(a, claim_keys), claim_links(b, claim_keys)
                targets_a = {k: k.split("/")[0] for k in links_a}
                targets_b = {k: k.split("/")[1] for k in links_b}
            lines_a, lines_b = _link_lines(a), _link_lines(b)
            for target in sorted(set(links_a) | set(links_b)):
                value_a, value_b = links_a.get(target, NO_LINK), links_b.get(target, NO_LINK)
                if value_a != value_b:
                    what = f"about {target}" if type_ == "claim" else f"claim {target}"
                    yield Disagreement(
                        document,
                        type_,
                        annotators,
                        what,
                        _side(a, value_a, lines_a.get(targets_a.get(target, ""))),
                        _side(b, value_b, lines_b.get(targets_b.get(target, ""))),
                        position,
                    )


def disagreements(corpus: Corpus, first: str, second: str, document: str | None = None) -> list[Disagreement]:
    """Every disagreement of annotators ``first`` and ``second``, on every
    document both annotated (or on ``document``), in text order."""
    found: list[Disagreement] = []
    for doc_id, files in files_by_document(corpus, (first, second), document).items():
        if first not in files or second not in files:
            continue
        found += _pair(
            corpus,
            doc_id,
            {t: units(files[first], t) for t in UNIT_TYPES},
            {t: units(files[second], t) for t in UNIT_TYPES},
            (first, second),
        )
    order = {t: i for i, t in enumerate(UNIT_TYPES)}
    return sorted(found, key=lambda d: (d.doc_id, d.position, order[d.type], d.what))
