"""Units of annotation and how two annotators' units are matched.

A unit is a claim, a piece of evidence or a mention, taken as the set of
characters its span covers: the pieces of a span count by their characters,
and the gaps between them do not. Two units of the same type and document
are compared by the Jaccard index of their characters (shared characters /
characters of either).

Matching is one-to-one. Of all pairs whose Jaccard index is at least the
threshold, the pair with the largest index is matched first (ties: the larger
number of shared characters, for mentions the same entity, then text order),
then the next among the units still free, and so on. Two rules are reported:

- **exact**: threshold 1, the two units cover exactly the same characters;
- **overlap**: threshold ``OVERLAP_THRESHOLD`` (0.5).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..corpus.model import AnnotationFile, Claim, Evidence, Mention

UnitType = Literal["claim", "evidence", "mention"]
UNIT_TYPES: tuple[UnitType, ...] = ("claim", "evidence", "mention")

#: the Jaccard index two units need at least to match under the overlap rule
OVERLAP_THRESHOLD = 0.5
#: the matching rules reported, with their thresholds
RULES: dict[str, float] = {"exact": 1.0, "overlap": OVERLAP_THRESHOLD}


@dataclass(frozen=True, slots=True, eq=False)
class Unit:
    """One annotation of one annotator, as a unit to match (equal only to
    itself: two units are never the same unit because their fields agree)."""

    type: UnitType
    annotator: str
    path: Path
    line: int
    #: the claim's or evidence's id; for a mention ``entity@start:end``
    id: str
    pieces: tuple[tuple[int, int], ...]
    annotation: Claim | Evidence | Mention

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.pieces)

    @property
    def entity(self) -> str | None:
        return self.annotation.entity_id if isinstance(self.annotation, Mention) else None


def units(file: AnnotationFile, type_: UnitType) -> list[Unit]:
    """The file's anchored annotations of one type, as units in text order."""
    annotations: Sequence[Claim | Evidence | Mention] = (
        file.claims if type_ == "claim" else file.evidence if type_ == "evidence" else file.mentions
    )
    found = []
    for a in annotations:
        span = a.span
        if span is None:
            continue
        unit_id = a.id or f"line {a.where.line}"
        found.append(Unit(type_, file.annotator, file.path, a.where.line, unit_id, span.pieces, a))
    return sorted(found, key=lambda u: (u.start, u.end, u.id))


def shared_characters(a: Unit, b: Unit) -> int:
    """How many characters both units cover (pieces never overlap within one unit)."""
    total = 0
    for s1, e1 in a.pieces:
        for s2, e2 in b.pieces:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def jaccard(a: Unit, b: Unit, shared: int | None = None) -> float:
    """The Jaccard index of two units' characters; ``shared`` is their
    shared characters when the caller has counted them."""
    if shared is None:
        shared = shared_characters(a, b)
    return shared / (a.size + b.size - shared) if shared else 0.0


@dataclass(frozen=True, slots=True)
class Matching:
    """The result of matching annotator 1's units with annotator 2's."""

    pairs: tuple[tuple[Unit, Unit], ...]
    only_1: tuple[Unit, ...]
    only_2: tuple[Unit, ...]


def match(first: Sequence[Unit], second: Sequence[Unit], threshold: float) -> Matching:
    """Match two annotators' units of one type and document one-to-one (see
    the module's description)."""
    second = sorted(second, key=lambda u: (u.start, u.end))
    starts = [u.start for u in second]
    longest = max((u.end - u.start for u in second), default=0)
    candidates = []
    for i, a in enumerate(first):
        # every unit of ``second`` that can overlap ``a`` starts in [a.start - longest, a.end)
        for j in range(bisect_left(starts, a.start - longest), bisect_left(starts, a.end)):
            b = second[j]
            shared = shared_characters(a, b)
            if not shared:
                continue
            index = jaccard(a, b, shared)
            if index >= threshold:
                candidates.append((-index, -shared, a.entity != b.entity, a.start, b.start, i, j))
    candidates.sort()
    used_1: set[int] = set()
    used_2: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_1 and j not in used_2:
            used_1.add(i)
            used_2.add(j)
            pairs.append((first[i], second[j]))
    pairs.sort(key=lambda p: (p[0].start, p[0].end))
    return Matching(
        tuple(pairs),
        tuple(u for i, u in enumerate(first) if i not in used_1),
        tuple(u for j, u in enumerate(second) if j not in used_2),
    )
