"""Quotes to character offsets, and precise reasons when a quote does not fit.

Offsets are Unicode code points, 0-based, end-exclusive. A quote matches the
text character for character, except that any run of whitespace in the quote
matches any run of whitespace in the text (so a quote can cross a line or a
page break). Matching runs on a copy of the text with every whitespace run
collapsed to one space; a short table maps positions back to the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Any

from ahocorasick_rs import AhoCorasick, Implementation
from rapidfuzz import fuzz

from .. import codes
from .hints import (
    DEPARTURE_MIN,
    DEPARTURE_TRIES,
    FUZZY_QUOTE,
    FUZZY_TEXT,
    LISTED,
    LISTED_LINES,
    WORD_EXTENSION,
    common_prefix,
    differences,
    lookalike,
    more,
    normal_forms,
    shorten,
    times,
)
from .lines import LineMap

_WHITESPACE = re.compile(r"\s+")

#: typographic characters that an annotator may type as their plain forms
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": "'",
        "\u201d": "'",
        "\u201e": "'",
        "\u201f": "'",
        "\u2033": "'",
        '"': "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)


#: the typography table as (character, plain form) pairs, and the plain forms
_TYPOGRAPHY_PAIRS = [(chr(k), str(v)) for k, v in _TYPOGRAPHY.items()]
_TYPOGRAPHY_TARGETS = frozenset(v for _, v in _TYPOGRAPHY_PAIRS) - {" "}  # a collapsed text has no U+00A0
#: every whitespace character (str.isspace), the space and the line break first
_SPACES = [" ", "\n", *(chr(c) for c in range(0x3001) if chr(c).isspace() and c not in (0x20, 0x0A))]


#: how many characters of each quote the one pass of ``Searches.search_all`` looks for (then compares the rest)
_HEAD = 20

#: a run of spaces
_SPACE_RUN = re.compile(" +")


def _spaced(text: str) -> str:
    """``text`` with every whitespace character a space: the same length, the same runs."""
    return _replace_each(text, [(c, " ") for c in _SPACES if c != " " and c in text])


def _long_runs(spaced: str) -> tuple[list[int], list[int]]:
    """Where each run of two or more whitespace characters starts and ends,
    as the regex ``\\s{2,}`` finds them in the text whose ``_spaced`` copy
    is ``spaced``: the runs of two or more spaces of that copy, found by
    str.find, many times faster than the regex, which tries every
    character. (The search goes on after each run, so each place found
    starts one.)"""
    starts: list[int] = []
    ends: list[int] = []
    i = spaced.find("  ")
    while i != -1:
        run = _SPACE_RUN.match(spaced, i)
        end = run.end() if run is not None else i + 2  # (two spaces always match)
        starts.append(i)
        ends.append(end)
        i = spaced.find("  ", end)
    return starts, ends


def _replace_each(text: str, pairs: list[tuple[str, str]]) -> str:
    """``text`` with each character of ``pairs`` replaced by its partner:
    one str.replace per character the text holds, many times faster than
    str.translate on a large text."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def _encodable(text: str) -> bool:
    """Whether ``text`` has a UTF-8 form, what the automaton needs: it holds
    no lone surrogate (a YAML escape can write one). Encoding is many times faster than searching for one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def collapse(text: str) -> str:
    """``text`` with leading/trailing whitespace removed and inner runs made one space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # collapsed already (most quotes): a printable text holds no whitespace but the space
    return " ".join(text.split())


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


class Searches:
    """The places of the quotes searched so far in one (collapsed) text, each
    as far as a search has gone: asking for more places of a quote goes on
    from the last place found, so a reader that asks for occurrence 1, 2,
    then 3 of a name searches the text once, and stops at the place it asks
    for (a quote without an occurrence at its second place)."""

    __slots__ = ("_found", "_hay", "_narrow", "_needles")

    def __init__(self, hay: str) -> None:
        self._hay = hay
        #: the text with every character beyond Latin-1 as '?', made when first needed
        self._narrow: str | None = None
        #: the places found of each needle, in text order; ending in -1 once the text holds no more
        self._found: dict[str, list[int]] = {}
        #: each quote collapsed, once
        self._needles: dict[str, str] = {}

    def needle(self, quote: str) -> str:
        """``quote`` collapsed (what is searched for it)."""
        needle = self._needles.get(quote)
        if needle is None:
            needle = self._needles[quote] = collapse(quote)
        return needle

    def place(self, needle: str, n: int) -> int:
        """Where the ``n``-th place (1-based) of ``needle`` starts; -1 when
        the text holds fewer."""
        found = self._found.get(needle)
        if found is None:
            found = self._found[needle] = []
            at = 0
        elif len(found) >= n:  # found before (the common case, kept short)
            return found[n - 1]
        elif found[-1] == -1:  # the text holds fewer
            return -1
        else:
            at = found[-1] + 1
        hay = self._hay_for(needle)
        while len(found) < n:
            at = hay.find(needle, at)
            found.append(at)
            if at == -1:
                return -1
            at += 1
        return found[n - 1]

    def only(self, needle: str, occurrence: int | None) -> int:
        """Where the one place of ``needle`` that ``occurrence`` selects
        starts (its only place when None); -1 when it selects none."""
        found = self._found.get(needle)
        if found is not None and found[-1] == -1:  # every place known (the common case, kept short)
            if occurrence is None:
                return found[0] if len(found) == 2 else -1
            return found[occurrence - 1] if occurrence < len(found) else -1
        at = self.place(needle, occurrence or 1)
        if at == -1 or (occurrence is None and self.place(needle, 2) != -1):
            return -1
        return at

    def search_all(self, quotes: Iterable[str]) -> None:
        """Every place of each of ``quotes`` (collapsed) found in one
        pass over the text, where a search of each scans the text once per
        quote (to its end for a quote without an occurrence): an Aho-Corasick
        automaton (ahocorasick_rs) of the first _HEAD characters of each finds
        every place where one starts, overlapping places included, and the
        rest of the quote is compared there. The places are those ``place``
        finds; a needle searched already, and a needle or a text with a lone
        surrogate (no UTF-8 for the automaton, which then finds nothing at
        all), are left to ``place``."""
        hay = self._hay
        if not hay.isascii() and not _encodable(hay):
            return
        before = self._found
        wanted = [
            n
            for n in dict.fromkeys(map(self.needle, quotes))
            if n and n not in before and (n.isascii() or _encodable(n))
        ]
        if not wanted:
            return
        heads: dict[str, list[str]] = {}
        for needle in wanted:
            heads.setdefault(needle[:_HEAD], []).append(needle)
        automaton = AhoCorasick(list(heads), implementation=Implementation.ContiguousNFA)
        matches = automaton.find_matches_as_indexes(hay, overlapping=True)
        found: dict[str, list[int]] = {needle: [] for needle in wanted}
        # a head that is its needle needs no comparison: its places are its matches
        firsts = [None if group[0] == head else group[0] for head, group in heads.items()]
        places = [found[group[0]] for group in heads.values()]
        others = {k: group[1:] for k, group in enumerate(heads.values()) if len(group) > 1}
        starts = hay.startswith
        for k, start, _ in matches:  # in the order of their ends: each needle's places in text order
            first = firsts[k]
            if first is None or starts(first, start):
                places[k].append(start)
            if others and k in others:
                for needle in others[k]:
                    if starts(needle, start):
                        found[needle].append(start)
        for each in found.values():
            each.append(-1)  # the text holds no more
        before.update(found)

    def _hay_for(self, needle: str) -> str:
        """The text to search for ``needle``: for an ASCII needle without '?',
        the text with each character beyond Latin-1 made '?' (one byte a
        character, searched faster), where it has the same places: the
        needle matches no '?' and every other character is the text's own."""
        if not needle.isascii() or "?" in needle:
            return self._hay
        if self._narrow is None:
            self._narrow = self._hay.encode("latin-1", "replace").decode("latin-1")
        return self._narrow

    def places(self, needle: str, most: int | None = None) -> list[int]:
        """Where ``needle`` starts in the text: every place, or the first ``most``."""
        n = 1
        while (most is None or n <= most) and self.place(needle, n) != -1:
            n += 1
        return self._found[needle][: n - 1]


class TextIndex:
    """A document's text prepared for finding quotes in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The collapsed copy, and for each run of two or more whitespace
        # characters where it starts and ends in the original and where its
        # one space stands in the copy. A single whitespace character becomes
        # one space and shifts no offset, so prose needs a few hundred entries
        # per text instead of one per word.
        spaced = _spaced(text)
        self._run_starts, self._run_ends = _long_runs(spaced)
        removed = accumulate((e - s - 1 for s, e in zip(self._run_starts, self._run_ends, strict=True)), initial=0)
        self._run_at = [s - r for s, r in zip(self._run_starts, removed, strict=False)]
        self.collapsed = " ".join(
            spaced[e:s] for e, s in zip([0, *self._run_ends], [*self._run_starts, len(text)], strict=True)
        )
        self._plain: str | None = None
        self._lower: str | None = None

    @cached_property
    def _lines(self) -> LineMap:
        """The text's lines, made when a finding first needs one."""
        return LineMap(self.text)

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
        before = _WHITESPACE.sub(" ", self.text[max(0, start - width) : start]).lstrip()
        after = _WHITESPACE.sub(" ", self.text[end : end + width]).rstrip()
        inner = collapse(self.text[start:end])
        if len(inner) > 80:
            inner = inner[:38] + " ... " + inner[-38:]
        return f"…{before}[[{inner}]]{after}…"

    # -- finding -----------------------------------------------------------

    def searches(self) -> Searches:
        """A record of the quotes searched in this text, for one reader (an
        annotation file) to search each distinct quote once."""
        return Searches(self.collapsed)

    def _places(self, needle: str, most: int | None = None, searched: Searches | None = None) -> list[int]:
        """Where the (collapsed) needle starts in the collapsed text: every
        place, or the first ``most`` (going on from the places ``searched``
        already holds)."""
        return (searched or Searches(self.collapsed)).places(needle, most)

    def _match(self, i: int, length: int) -> Match:
        return Match(self.to_original(i), self.to_original(i + length - 1) + 1)

    def find_all(self, quote: str, searched: Searches | None = None) -> list[Match]:
        """Every place where the (whitespace-relaxed) quote occurs."""
        needle = collapse(quote)
        if not needle:
            return []
        return [self._match(i, len(needle)) for i in self._places(needle, None, searched)]

    def _only(self, sel: Selector, searched: Searches | None) -> Match | None:
        """The place of a selector that says no more than a quote and maybe an
        occurrence, when it selects one: found without converting the offsets
        of the quote's other places (None: resolve the long way)."""
        if sel.prefix is not None or sel.suffix is not None or sel.start is not None or sel.end is not None:
            return None
        found = self.only_place(sel.quote, sel.occurrence, searched)
        return Match(*found) if found is not None else None

    def only_place(self, quote: str, occurrence: int | None, searched: Searches | None) -> tuple[int, int] | None:
        """The offsets of the one place a quote (and maybe an occurrence)
        selects, when it selects one; None when it does not (resolve tells
        why). The search stops at the place asked for: a quote without an
        occurrence at its second place."""
        if occurrence is not None and occurrence < 1:
            return None
        searched = searched or Searches(self.collapsed)
        needle = searched.needle(quote)
        if not needle:
            return None
        at = searched.only(needle, occurrence)
        if at == -1:
            return None
        return self.to_original(at), self.to_original(at + len(needle) - 1) + 1

    def _has_prefix(self, match: Match, prefix: str) -> bool:
        """Whether the text just before ``match`` is ``prefix`` (whitespace
        between ignored); compares as many characters as the prefix has."""
        wanted = collapse(prefix)
        end = self.to_collapsed(match.start)
        if end > 0 and self.collapsed[end - 1] == " ":
            end -= 1
        return end >= len(wanted) and self.collapsed.startswith(wanted, end - len(wanted), end)

    def _has_suffix(self, match: Match, suffix: str) -> bool:
        wanted = collapse(suffix)
        start = self.to_collapsed(match.end - 1) + 1
        if self.collapsed.startswith(" ", start):
            start += 1
        return self.collapsed.startswith(wanted, start)

    def _in_context(self, matches: list[Match], sel: Selector) -> list[Match]:
        """The matches with the selector's prefix and suffix."""
        if sel.prefix is not None:
            matches = [m for m in matches if self._has_prefix(m, sel.prefix)]
        if sel.suffix is not None:
            matches = [m for m in matches if self._has_suffix(m, sel.suffix)]
        return matches

    def candidates(self, sel: Selector) -> list[Match]:
        """The places among which ``occurrence`` counts: those of the quote
        with the selector's prefix, suffix, start and end."""
        return [
            m
            for m in self._in_context(self.find_all(sel.quote), sel)
            if (sel.start is None or m.start == sel.start) and (sel.end is None or m.end == sel.end)
        ]

    def resolve(self, sel: Selector, searched: Searches | None = None) -> Match | AnchorProblem:
        """The one place ``sel`` selects, or why there is none (``searched``:
        the places of the quotes searched so far by the same reader, from
        ``searches()``, which this search adds to)."""
        only = self._only(sel, searched)
        if only is not None:
            return only
        matches = self.find_all(sel.quote, searched)
        if not matches:
            return self.not_found(sel.quote)
        candidates = self._in_context(matches, sel)
        if not candidates:
            which = " and ".join(f for f, v in (("prefix", sel.prefix), ("suffix", sel.suffix)) if v is not None)
            return AnchorProblem(
                codes.ANCHOR_CONTEXT,
                f"the quote occurs {times(len(matches))}, but never with this {which}",
                "the text around it is:\n" + self._listing(matches),
                "prefix" if sel.prefix is not None else "suffix",
            )
        if sel.start is not None or sel.end is not None:
            exact = [
                m
                for m in candidates
                if (sel.start is None or m.start == sel.start) and (sel.end is None or m.end == sel.end)
            ]
            if not exact:
                where = ", ".join(
                    f"{m.start}-{m.end} (line {self.line_of(m.start)})" for m in candidates[:LISTED]
                ) + more(len(candidates))
                return AnchorProblem(
                    codes.ANCHOR_OFFSETS,
                    f"the quote is not at the given offsets (start {sel.start}, end {sel.end})",
                    f"the quote is found at {where}; correct or remove start/end",
                    "start" if sel.start is not None else "end",
                )
            candidates = exact
        if sel.occurrence is not None:
            if sel.occurrence > len(candidates):
                return AnchorProblem(
                    codes.ANCHOR_OCCURRENCE,
                    f"occurrence {sel.occurrence} asked for, but the quote occurs only {times(len(candidates))}",
                    self._listing(candidates),
                    "occurrence",
                )
            return candidates[sel.occurrence - 1]
        if len(candidates) > 1:
            lines = ", ".join(str(self.line_of(m.start)) for m in candidates[:LISTED_LINES])
            return AnchorProblem(
                codes.ANCHOR_AMBIGUOUS,
                f"the quote occurs {times(len(candidates))} (lines {lines}{more(len(candidates), LISTED_LINES)})",
                "add 'occurrence: N' or a prefix/suffix to say which one:\n" + self._listing(candidates),
            )
        return candidates[0]

    def _listing(self, matches: list[Match]) -> str:
        """The first few matches, each with its line and the text around it."""
        listing = "\n".join(
            f"{n}: line {self.line_of(m.start)}: {self.excerpt(m.start, m.end)}"
            for n, m in enumerate(matches[:LISTED], 1)
        )
        return listing + ("\n" + more(len(matches)).strip() if len(matches) > LISTED else "")

    def _span_of(self, i: int, length: int) -> tuple[int, int]:
        """Original offsets of ``length`` collapsed characters from collapsed offset ``i``."""
        return self.to_original(i), self.to_original(i + max(length, 1) - 1) + 1

    def not_found(self, quote: str) -> AnchorProblem:
        """The problem for a quote that is not in the text, with the best hint
        we can give. The work is bounded: exact searches of the whole text (each
        linear), and a fuzzy search of at most FUZZY_QUOTE characters of the
        quote, over the whole text only when it is at most FUZZY_TEXT long."""
        needle = collapse(quote)
        return (
            self._normalisation(needle)
            or self._typography(needle)
            or self._capitalisation(needle)
            or self._departure(needle)
            or self._closest(needle)
        )

    def _normalisation(self, needle: str) -> AnchorProblem | None:
        """The quote is in the text once both are in the same Unicode normal form."""
        for form in ("NFC", "NFD"):
            other = unicodedata.normalize(form, needle)
            i = self.collapsed.find(other) if other != needle else -1
            if i != -1:
                start, end = self._span_of(i, len(other))
                return AnchorProblem(
                    codes.ANCHOR_NOT_FOUND,
                    "quote not found in the text: its Unicode normalisation differs",
                    f"on line {self.line_of(start)} {normal_forms(self.collapsed[i : i + len(other)], needle)}; "
                    f"copy the quote from the text: {self.excerpt(start, end)}",
                )
        return None

    def _typography(self, needle: str) -> AnchorProblem | None:
        plain_needle = needle.translate(_TYPOGRAPHY)
        if plain_needle == needle and not any(c in needle for c in _TYPOGRAPHY_TARGETS):
            return None  # the plain forms match only where the exact ones do, and they did not
        if self._plain is None:
            self._plain = _replace_each(self.collapsed, _TYPOGRAPHY_PAIRS)
        if len(self._plain) != len(self.collapsed) or len(plain_needle) != len(needle):
            return None
        i = self._plain.find(plain_needle)
        if i == -1:
            return None
        start, end = self._span_of(i, len(needle))
        diffs = sorted(
            {
                f"{lookalike(a)} where the quote has {lookalike(b)}"
                for a, b in zip(self.collapsed[i : i + len(needle)], needle, strict=True)
                if a != b
            }
        )
        shown = "; ".join(diffs[:LISTED]) + more(len(diffs), what="differences")
        return AnchorProblem(
            codes.ANCHOR_NOT_FOUND,
            "quote not found in the text: its punctuation differs",
            f"on line {self.line_of(start)} the text has {shown}; "
            f"copy the quote from the text: {self.excerpt(start, end)}",
        )

    def _capitalisation(self, needle: str) -> AnchorProblem | None:
        if self._lower is None:
            lower = self.collapsed.lower()
            self._lower = lower if len(lower) == len(self.collapsed) else ""
        lower_needle = needle.lower()
        i = self._lower.find(lower_needle) if len(lower_needle) == len(needle) else -1
        if i == -1:
            return None
        start, end = self._span_of(i, len(needle))
        return AnchorProblem(
            codes.ANCHOR_NOT_FOUND,
            "quote not found in the text: its capitalisation differs",
            f"on line {self.line_of(start)} the text reads: {self.excerpt(start, end, 0)}",
        )

    def _departure(self, needle: str) -> AnchorProblem | None:
        """For a long quote: the longest beginning of it that the text holds,
        and where the text goes another way (a typo, a wrong paste). One pass
        over the text for the places of its first DEPARTURE_MIN characters
        (at most DEPARTURE_TRIES of them), then comparisons of the quote with
        the text at each, no longer than the quote."""
        if len(needle) <= FUZZY_QUOTE:
            return None
        seed = needle[:DEPARTURE_MIN]
        i, low, tries = -1, 0, 0
        at = self.collapsed.find(seed)
        while at != -1 and tries < DEPARTURE_TRIES:
            length = common_prefix(self.collapsed, at, needle, DEPARTURE_MIN)
            if length > low:
                i, low = at, length
            tries += 1
            at = self.collapsed.find(seed, at + 1)
        if i == -1:
            return None
        start, end = self._span_of(i, low)
        text_goes_on = self.collapsed[i + low : i + low + 30]
        quote_goes_on = needle[low : low + 30]
        return AnchorProblem(
            codes.ANCHOR_NOT_FOUND,
            "quote not found in the text",
            f"its first {low:,} of {len(needle):,} characters are in the text from line {self.line_of(start)}; "
            f"after them, on line {self.line_of(end)}, the text has {text_goes_on!r} "
            f"where the quote has {quote_goes_on!r}",
        )

    def closest(self, quote: str) -> tuple[Match, float] | None:
        """The passage closest to (the beginning of) the quote, in whole
        words, and how alike they are (0-100); None when nothing is close."""
        alignment = self._align(collapse(quote)[:FUZZY_QUOTE])
        if alignment is None or alignment.score < 50:
            return None
        start = self.to_original(alignment.dest_start)
        end = self.to_original(max(alignment.dest_start, alignment.dest_end - 1)) + 1
        while start < end - 1 and self.text[start].isspace():
            start += 1
        limit = max(0, start - WORD_EXTENSION)
        while start > limit and not self.text[start - 1].isspace():  # whole words
            start -= 1
        limit = min(len(self.text), end + WORD_EXTENSION)
        while end < limit and not self.text[end].isspace():
            end += 1
        return Match(start, end), alignment.score

    def _closest(self, needle: str) -> AnchorProblem:
        """The problem of a quote not found, with the closest passage."""
        head = needle[:FUZZY_QUOTE]
        found = self.closest(needle)
        if found is None:
            return AnchorProblem(
                codes.ANCHOR_NOT_FOUND,
                "quote not found in the text",
                "nothing in the text is close to it: is it from another document?",
            )
        (passage_at, score), start = found, found[0].start
        end = passage_at.end
        passage = collapse(self.text[start:end])
        described = differences(head, passage) if score >= 80 else ""
        which = "passage" if len(needle) <= FUZZY_QUOTE else f"passage to its first {FUZZY_QUOTE} characters"
        return AnchorProblem(
            codes.ANCHOR_NOT_FOUND,
            "quote not found in the text",
            f"the closest {which} ({score:.0f}% alike) is on line {self.line_of(start)}: "
            f"{shorten(passage)!r}" + (f"\n{described}" if described else ""),
        )

    def _align(self, head: str) -> Any:
        """rapidfuzz's best partial alignment of ``head`` in the collapsed text;
        in a text longer than FUZZY_TEXT, only around exact fragments of it."""
        if len(self.collapsed) <= FUZZY_TEXT:
            return fuzz.partial_ratio_alignment(head, self.collapsed, processor=None)
        best = None
        size = max(8, len(head) // 4)
        for k in range(0, max(1, len(head) - size + 1), size):
            i = self.collapsed.find(head[k : k + size])
            if i == -1:
                continue
            low = max(0, i - k - len(head))
            window = self.collapsed[low : i - k + 2 * len(head)]
            found = fuzz.partial_ratio_alignment(head, window, processor=None)
            if found is not None and (best is None or found.score > best.score):
                best = type(found)(
                    found.score, found.src_start, found.src_end, found.dest_start + low, found.dest_end + low
                )
        return best
