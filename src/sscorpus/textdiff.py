"""Where a passage of an old text stands in a corrected one.

The two texts are aligned line by line first (difflib: lines are long and
mostly unique, so this is fast on a long text), then character by character
inside each stretch of changed lines (rapidfuzz's LCS alignment, in C++).
The result is a list of equal blocks: stretches that the correction left as
they were, in order.

A span of the old text is **the same passage** in the new text when its
first and its last character each lie in an equal block, and the new text
between their images reads as the old span does, whitespace runs aside
(``anchors.collapse``): a correction that changes a character of the span,
cuts it or inserts words into it leaves no passage; one that re-wraps a line
inside it keeps it. A span that the alignment does not carry over is never
looked for elsewhere: the same words at another place are another passage.
"""

from __future__ import annotations

import bisect
import difflib

from rapidfuzz.distance import Indel

from .anchors import collapse


class Alignment:
    """The equal blocks of an old text and a new one."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        #: (old start, new start, length) of each equal block, in text order
        self.blocks: list[tuple[int, int, int]] = []
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        old_at = [0, *_running(old_lines)]
        new_at = [0, *_running(new_lines)]
        lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in lines.get_opcodes():
            a, b = old_at[i1], new_at[j1]
            if tag == "equal":
                self._add(a, b, old_at[i2] - a)
            elif tag == "replace":
                for op in Indel.opcodes(old[a : old_at[i2]], new[b : new_at[j2]]):
                    if op.tag == "equal":
                        self._add(a + op.src_start, b + op.dest_start, op.src_end - op.src_start)
        self._starts = [block[0] for block in self.blocks]

    def _add(self, a: int, b: int, size: int) -> None:
        if size <= 0:
            return
        if self.blocks:
            last_a, last_b, last_size = self.blocks[-1]
            if last_a + last_size == a and last_b + last_size == b:
                self.blocks[-1] = (last_a, last_b, last_size + size)
                return
        self.blocks.append((a, b, size))

    def position(self, offset: int) -> int | None:
        """The new offset of the old character at ``offset``, if the
        correction left it in place."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        a, b, size = self.blocks[i]
        return b + offset - a if offset < a + size else None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the old span [start, end) stands in the new text, when it is
        the same passage there (see the module's description); else None."""
        if end <= start:
            return None
        first, last = self.position(start), self.position(end - 1)
        if first is None or last is None or last < first:
            return None
        if collapse(self.new[first : last + 1]) != collapse(self.old[start:end]):
            return None
        return first, last + 1

    @property
    def unchanged(self) -> bool:
        return self.old == self.new


def _running(lines: list[str]) -> list[int]:
    total, ends = 0, []
    for line in lines:
        total += len(line)
        ends.append(total)
    return ends
