"""Quotes to character offsets, and precise reasons when a quote does not fit.

Offsets are Unicode code points, 0-based, end-exclusive. A quote matches the
text character for character, except that any run of whitespace in the quote
matches any run of whitespace in the text (so a quote can cross a line or a
page break). Matching runs on a copy of the text with every whitespace run
collapsed to one space; a short table maps positions back to the original.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz

from .lines import LineMap

_WHITESPACE = re.compile(r"\s+")
_LONG_WHITESPACE = re.compile(r"\s{2,}")

#: typographic characters that an annotator may type as their plain forms
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": "'", "\u201d": "'", "\u201e": "'", "\u201f": "'", "\u2033": "'", '"': "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ",
})


def collapse(text: str) -> str:
    """``text`` with leading/trailing whitespace removed and inner runs made one space."""
    return " ".join(text.split())


#: kept for callers that name it: the package's one line map
Lines = LineMap


@dataclass(frozen=True, slots=True)
class Selector:
    """How an annotation says where its text is (one piece of a span)."""

    quote: str
    occurrence: int | None = None
    prefix: str | None = None
    suffix: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnchorProblem:
    """Why a selector did not resolve to exactly one place.

    ``field`` names the selector field the problem is about (``quote``,
    ``occurrence``, ``start``...), so the finding points at that line.
    """

    code: str
    message: str
    hint: str | None
    field: str = "quote"


class TextIndex:
    """A document's text prepared for finding quotes in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines = LineMap(text)
        # The collapsed copy, and for each run of two or more whitespace
        # characters where it starts and ends in the original and where its
        # one space stands in the copy. A single whitespace character becomes
        # one space and shifts no offset, so prose needs a few hundred entries
        # per text instead of one per word.
        runs = list(_LONG_WHITESPACE.finditer(text))
        self._run_starts = [m.start() for m in runs]
        self._run_ends = [m.end() for m in runs]
        removed = accumulate((e - s - 1 for s, e in zip(self._run_starts, self._run_ends, strict=True)), initial=0)
        self._run_at = [s - r for s, r in zip(self._run_starts, removed, strict=False)]
        self.collapsed = _WHITESPACE.sub(" ", text)
        self._plain: str | None = None

    # -- positions ---------------------------------------------------------

    def to_original(self, c: int) -> int:
        """Original offset of the character at collapsed offset ``c``."""
        i = bisect.bisect_right(self._run_at, c) - 1
        if i < 0:
            return c
        if c == self._run_at[i]:
            return self._run_starts[i]
        return self._run_ends[i] + (c - self._run_at[i] - 1)

    def to_collapsed(self, o: int) -> int:
        """Collapsed offset of the original offset ``o`` (a whitespace run maps to its space)."""
        i = bisect.bisect_right(self._run_starts, o) - 1
        if i < 0:
            return o
        if o < self._run_ends[i]:
            return self._run_at[i]
        return self._run_at[i] + 1 + (o - self._run_ends[i])

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset in the original text."""
        return self._lines.line_column(offset)

    def line_of(self, offset: int) -> int:
        return self._lines.line(offset)

    def excerpt(self, start: int, end: int, width: int = 30) -> str:
        """The text around [start, end), on one line, with the span in [[ ]]."""
        before = _WHITESPACE.sub(" ", self.text[max(0, start - width):start]).lstrip()
        after = _WHITESPACE.sub(" ", self.text[end:end + width]).rstrip()
        inner = collapse(self.text[start:end])
        if len(inner) > 80:
            inner = inner[:38] + " ... " + inner[-38:]
        return f"…{before}[[{inner}]]{after}…"

    # -- finding -----------------------------------------------------------

    def find_all(self, quote: str) -> list[Match]:
        """Every place where the (whitespace-relaxed) quote occurs."""
        needle = collapse(quote)
        if not needle:
            return []
        hay = self.collapsed
        found: list[Match] = []
        i = hay.find(needle)
        while i != -1:
            start = self.to_original(i)
            end = self.to_original(i + len(needle) - 1) + 1
            found.append(Match(start, end))
            i = hay.find(needle, i + 1)
        return found

    def _has_prefix(self, match: Match, prefix: str) -> bool:
        before = self.collapsed[:self.to_collapsed(match.start)].rstrip()
        return before.endswith(collapse(prefix))

    def _has_suffix(self, match: Match, suffix: str) -> bool:
        after = self.collapsed[self.to_collapsed(match.end - 1) + 1:].lstrip()
        return after.startswith(collapse(suffix))

    def resolve(self, sel: Selector) -> Match | AnchorProblem:
        """The one place ``sel`` selects, or why there is none."""
        matches = self.find_all(sel.quote)
        if not matches:
            return self.not_found(sel.quote)
        candidates = matches
        if sel.prefix is not None:
            candidates = [m for m in candidates if self._has_prefix(m, sel.prefix)]
        if sel.suffix is not None:
            candidates = [m for m in candidates if self._has_suffix(m, sel.suffix)]
        if not candidates:
            which = " and ".join(f for f, v in (("prefix", sel.prefix), ("suffix", sel.suffix)) if v is not None)
            return AnchorProblem(
                "anchor.context-mismatch",
                f"the quote occurs {_times(len(matches))}, but never with this {which}",
                "the text around it is:\n" + self._listing(matches),
                "prefix" if sel.prefix is not None else "suffix")
        if sel.start is not None or sel.end is not None:
            exact = [m for m in candidates
                     if (sel.start is None or m.start == sel.start) and (sel.end is None or m.end == sel.end)]
            if not exact:
                where = ", ".join(f"{m.start}-{m.end} (line {self.line_of(m.start)})" for m in candidates[:5])
                return AnchorProblem(
                    "anchor.offsets-mismatch",
                    f"the quote is not at the given offsets (start {sel.start}, end {sel.end})",
                    f"the quote is found at {where}; correct or remove start/end",
                    "start" if sel.start is not None else "end")
            candidates = exact
        if sel.occurrence is not None:
            if sel.occurrence > len(candidates):
                return AnchorProblem(
                    "anchor.occurrence-out-of-range",
                    f"occurrence {sel.occurrence} asked for, but the quote occurs only {_times(len(candidates))}",
                    self._listing(candidates), "occurrence")
            return candidates[sel.occurrence - 1]
        if len(candidates) > 1:
            return AnchorProblem(
                "anchor.ambiguous",
                f"the quote occurs {_times(len(candidates))} "
                f"(lines {', '.join(str(self.line_of(m.start)) for m in candidates)})",
                "add 'occurrence: N' or a prefix/suffix to say which one:\n" + self._listing(candidates))
        return candidates[0]

    def _listing(self, matches: list[Match]) -> str:
        return "\n".join(f"{n}: line {self.line_of(m.start)}: {self.excerpt(m.start, m.end)}"
                         for n, m in enumerate(matches, 1))

    def not_found(self, quote: str) -> AnchorProblem:
        """The problem for a quote that is not in the text, with the best hint we can give."""
        needle = collapse(quote)
        plain_needle = needle.translate(_TYPOGRAPHY)
        if self._plain is None:
            self._plain = self.collapsed.translate(_TYPOGRAPHY)
        if len(self._plain) == len(self.collapsed):
            i = self._plain.find(plain_needle)
            if i != -1 and len(plain_needle) == len(needle):
                start = self.to_original(i)
                end = self.to_original(i + len(needle) - 1) + 1
                diffs = sorted({f"{a!r} where the quote has {b!r}"
                                for a, b in zip(self.collapsed[i:i + len(needle)], needle, strict=True)
                                if a != b})
                return AnchorProblem(
                    "anchor.not-found", "quote not found in the text: its punctuation differs",
                    f"on line {self.line_of(start)} the text has {'; '.join(diffs)}; "
                    f"copy the quote from the text: {self.excerpt(start, end)}")
        i = self.collapsed.lower().find(needle.lower())
        if i != -1:
            start = self.to_original(i)
            end = self.to_original(i + len(needle) - 1) + 1
            return AnchorProblem(
                "anchor.not-found", "quote not found in the text: its capitalisation differs",
                f"on line {self.line_of(start)} the text reads: {self.excerpt(start, end, 0)}")
        alignment = fuzz.partial_ratio_alignment(needle, self.collapsed, processor=None)
        if alignment is not None and alignment.score >= 50:
            start = self.to_original(alignment.dest_start)
            end = self.to_original(max(alignment.dest_start, alignment.dest_end - 1)) + 1
            while start < end - 1 and self.text[start].isspace():
                start += 1
            while start > 0 and not self.text[start - 1].isspace():  # whole words
                start -= 1
            while end < len(self.text) and not self.text[end].isspace():
                end += 1
            passage = collapse(self.text[start:end])
            differences = _differences(needle, passage) if alignment.score >= 80 else ""
            return AnchorProblem(
                "anchor.not-found", "quote not found in the text",
                f"the closest passage ({alignment.score:.0f}% alike) is on line {self.line_of(start)}: "
                f"{passage!r}" + (f"\n{differences}" if differences else ""))
        return AnchorProblem("anchor.not-found", "quote not found in the text",
                             "nothing in the text is close to it: is it from another document?")


def _differences(quote: str, passage: str, most: int = 3) -> str:
    """What differs between a quote and the passage it nearly matches."""
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace":
            parts.append(f"the text has {passage[j1:j2]!r} where the quote has {quote[i1:i2]!r}")
        elif tag == "delete":
            parts.append(f"the text lacks {quote[i1:i2]!r}")
        elif tag == "insert" and j1 > 0 and j2 < len(passage):
            parts.append(f"the text has {passage[j1:j2]!r} that the quote lacks")
    if not parts:
        return ""
    more = f" (and {len(parts) - most} more differences)" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"
