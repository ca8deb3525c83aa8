"""The wording and the bounds of anchoring hints: how many places a hint
lists, how much of a quote the fuzzy search compares, and how differences
between a quote and the text are described (lookalike characters, Unicode
normal forms, punctuation)."""

from __future__ import annotations

import difflib
import unicodedata

#: how many occurrences, offsets or differences a hint lists ("and N more")
LISTED = 5
#: how many line numbers the message of an ambiguous quote lists
LISTED_LINES = 10
#: the fuzzy search compares at most this many characters of a quote...
FUZZY_QUOTE = 200
#: ... with the whole text when it is at most this long (else around exact fragments)
FUZZY_TEXT = 2_000_000
#: a long quote's beginning found in the text is worth reporting from this length on
DEPARTURE_MIN = 40
#: ... looked for at most at this many places of its beginning
DEPARTURE_TRIES = 20
#: a passage is widened to whole words by at most this many characters
WORD_EXTENSION = 30


def common_prefix(text: str, at: int, needle: str, known: int) -> int:
    """How many first characters of ``needle`` ``text`` has from ``at``
    (the first ``known`` are known to agree): a binary search over slices."""
    low, high = known, min(len(needle), len(text) - at) + 1  # low agree; high do not (or run out)
    while high - low > 1:
        middle = (low + high) // 2
        if text.startswith(needle[low:middle], at + low):
            low = middle
        else:
            high = middle
    return low


def more(total: int, shown: int = LISTED, what: str = "more") -> str:
    if total <= shown:
        return ""
    return f" and {total - shown:,} more" if what == "more" else f" (and {total - shown:,} more {what})"


def shorten(text: str, most: int = 160) -> str:
    return text if len(text) <= most else f"{text[: most // 2 - 3]} ... {text[-(most // 2 - 3) :]}"


def lookalike(character: str) -> str:
    """A character that may look like another, with its code point and name:
    "'‑' (U+2011 NON-BREAKING HYPHEN)"."""
    name = unicodedata.name(character, "")
    return f"{character!r} (U+{ord(character):04X}{' ' + name if name else ''})"


def code_points(text: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in text)


def normal_forms(in_text: str, in_quote: str) -> str:
    """Where a text and a quote that differ only by Unicode normalisation differ."""
    matcher = difflib.SequenceMatcher(None, in_quote, in_text, autojunk=False)
    parts = [
        normalisation_difference(in_text[j1:j2], in_quote[i1:i2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return "; ".join(parts[:LISTED]) + more(len(parts), what="differences")


def normalisation_difference(in_text: str, in_quote: str) -> str:
    def form(s: str) -> str:
        nfc, nfd = unicodedata.is_normalized("NFC", s), unicodedata.is_normalized("NFD", s)
        return "NFC, composed" if nfc and not nfd else "NFD, decomposed" if nfd and not nfc else "mixed"

    return (
        f"the text has {in_text!r} ({code_points(in_text)}, {form(in_text)}) where the quote has "
        f"{in_quote!r} ({code_points(in_quote)}, {form(in_quote)}): they look alike and differ "
        f"only by Unicode normalisation (NFC vs NFD)"
    )


def differences(quote: str, passage: str, most: int = 3) -> str:
    """What differs between a quote and the passage it nearly matches."""
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace":
            if unicodedata.normalize("NFC", passage[j1:j2]) == unicodedata.normalize("NFC", quote[i1:i2]):
                parts.append(normalisation_difference(passage[j1:j2], quote[i1:i2]))
            else:
                parts.append(
                    f"the text has {shorten(passage[j1:j2], 40)!r} where the quote has {shorten(quote[i1:i2], 40)!r}"
                )
        elif tag == "delete":
            parts.append(f"the text lacks {shorten(quote[i1:i2], 40)!r}")
        elif tag == "insert" and j1 > 0 and j2 < len(passage):
            parts.append(f"the text has {shorten(passage[j1:j2], 40)!r} that the quote lacks")
    if not parts:
        return ""
    more = f" (and {len(parts) - most} more differences)" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more


def times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n:,} times"
