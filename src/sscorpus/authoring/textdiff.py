"""Where a passage of an old text stands in a corrected one.

The two texts are aligned line by line first (difflib: lines are long and
mostly unique, so this is fast on a long text), then character by character
inside each stretch of changed lines (rapidfuzz's LCS alignment, in C++).
The result is a list of equal blocks: stretches that the correction left as
they were, in order.

Where text was only inserted or only deleted, several alignments are
equally short ("the Southern South" from "the South": "Southern " inserted,
or "ern South"); the one whose change begins and ends at word boundaries is
taken, as a reader would see the correction.

A span of the old text is **the same passage** in the new text when its
first and its last character each lie in an equal block, the new text
between their images reads as the old span does, whitespace runs aside
(``anchors.collapse``), and its ends keep their kind of neighbour: a letter
or digit just before (or after) it is one after the correction too, and
anything else stays so. A correction that changes a character of the span,
cuts it, inserts words into it or glues a word onto it ("South" become
"Southern") leaves no passage; one that re-wraps a line inside it keeps it.
A span that the alignment does not carry over is never looked for
elsewhere: the same words at another place are another passage.
"""

from __future__ import annotations

import bisect
import difflib

from rapidfuzz.distance import Indel

from ..corpus.anchors import collapse


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
        for i in range(len(self.blocks) - 1):
            self._slide(i)
        self.blocks = [block for block in self.blocks if block[2] > 0]
        self._starts = [block[0] for block in self.blocks]

    def _slide(self, i: int) -> None:
        """Move a pure insertion or deletion between blocks ``i`` and ``i + 1``
        to where it begins and ends at word boundaries, if it can move."""
        (a1, b1, n1), (a2, b2, n2) = self.blocks[i], self.blocks[i + 1]
        if a2 == a1 + n1 and b2 > b1 + n1:  # inserted: new[b1 + n1 : b2]
            text, at, length = self.new, b1 + n1, b2 - b1 - n1
        elif b2 == b1 + n1 and a2 > a1 + n1:  # deleted: old[a1 + n1 : a2]
            text, at, length = self.old, a1 + n1, a2 - a1 - n1
        else:
            return
        left = 0
        while left < min(n1, _FARTHEST) and text[at - left - 1] == text[at + length - left - 1]:
            left += 1
        right = 0
        while right < min(n2, _FARTHEST) and text[at + right] == text[at + length + right]:
            right += 1
        if not left and not right:
            return
        best = max(range(-left, right + 1), key=lambda o: (_boundaries(text, at + o, length), -abs(o)))
        self.blocks[i] = (a1, b1, n1 + best)
        self.blocks[i + 1] = (a2 + best, b2 + best, n2 - best)

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
        if _wordy(self.old, start - 1) != _wordy(self.new, first - 1) or _wordy(self.old, end) != _wordy(
            self.new, last + 1
        ):
            return None
        return first, last + 1

    @property
    def unchanged(self) -> bool:
        return self.old == self.new


#: how far a change is slid at most (a run of the same characters can be long)
_FARTHEST = 200


def _wordy(text: str, i: int) -> bool:
    """Whether the character at ``i`` is a letter or digit (False outside the text)."""
    return 0 <= i < len(text) and text[i].isalnum()


def _boundaries(text: str, at: int, length: int) -> int:
    """How many of the two ends of ``text[at : at + length]`` are word boundaries."""
    end = at + length
    return (not (_wordy(text, at - 1) and _wordy(text, at))) + (not (_wordy(text, end - 1) and _wordy(text, end)))


def _running(lines: list[str]) -> list[int]:
    total, ends = 0, []
    for line in lines:
        total += len(line)
        ends.append(total)
    return ends
