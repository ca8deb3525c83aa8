"""A text cut into the segments a page highlights: every boundary of every
annotation's pieces and every line start is a cut, so that each segment is
covered by one fixed set of annotations, nested or overlapping ones included.

Joined, the segments are the text exactly: nothing is re-flowed or cleaned,
line breaks stay in the text, and the offsets of the annotations point into
it. A segment that begins a line carries the line's number, for the margin.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

#: claims nested this deep or deeper share the darkest shade
MAX_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Mark:
    """An annotation to highlight: its page key, its type (claim, evidence,
    mention), an extra class (a mention's entity type) and its pieces."""

    key: str
    type: str
    pieces: tuple[tuple[int, int], ...]
    extra: str = ""

    @property
    def length(self) -> int:
        return self.pieces[-1][1] - self.pieces[0][0]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text, the annotations covering it (outermost first) and
    the number of the line it begins, when it begins one."""

    text: str
    keys: tuple[str, ...] = ()
    classes: str = ""
    line: int | None = None


def _classes(marks: list[Mark]) -> str:
    types = {m.type for m in marks}
    classes = [f"t-{t}" for t in ("claim", "evidence", "mention") if t in types]
    claims = sum(1 for m in marks if m.type == "claim")
    if claims:
        classes.append(f"cd{min(claims, MAX_DEPTH)}")
    classes += sorted({f"m-{m.extra}" for m in marks if m.type == "mention" and m.extra})
    return " ".join(classes)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """The text in segments, each with the marks that cover it."""
    marks = sorted(marks, key=lambda m: (-m.length, m.pieces[0][0], m.key))
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    cuts = set(line_starts) | {len(text)}
    for mark in marks:
        for start, end in mark.pieces:
            cuts.update((start, end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    # the marks covering each elementary interval [bounds[i], bounds[i + 1])
    covering: list[list[Mark]] = [[] for _ in bounds]
    for mark in marks:
        for start, end in mark.pieces:
            for i in range(bisect.bisect_left(bounds, start), bisect.bisect_left(bounds, end)):
                covering[i].append(mark)
    numbers = {offset: n for n, offset in enumerate(line_starts, start=1)}
    found: list[Segment] = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        if end == start and start not in numbers:
            continue
        over = covering[i] if end > start else []
        found.append(Segment(text[start:end], tuple(m.key for m in over), _classes(over), numbers.get(start)))
    return found
