"""What a text file must be to be annotated and exported: UTF-8 with LF line
ends, not empty, no byte-order mark, no character a workbook cell cannot hold
(``cells.CONTROL_CHARACTER``), and blank lines between paragraphs.

``inspect`` is shared by ``validate`` (the ``text`` check, at the text
file's line and column) and by ``add-text``, which refuses a text with any
of them before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import codes
from ..codes import Code
from .cells import CONTROL_CHARACTER, describe

#: the C1 control characters: in a text, almost always Windows-1252 read as Latin-1
#: (U+0093 for a curly quote); a terminal obeys some of them (U+009B starts an escape sequence)
C1_CONTROLS = "\x80-\x9f"
#: the bidirectional formatting characters (marks, embeddings, overrides, isolates):
#: invisible, they reorder what is shown around them
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_C1 = re.compile(f"[{C1_CONTROLS}]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
#: the characters no cell holds, less the C1 controls (reported with a code of their own)
_CONTROL = re.compile(f"(?![{C1_CONTROLS}]){CONTROL_CHARACTER.pattern}")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")  # CRLF line ends are reported on their own
#: the rules whose characters are all among CONTROL_CHARACTER's: one search
#: for those (a plain class, fast) tells whether to run these (_CONTROL's
#: lookahead makes it several times slower on a text that holds none)
_AMONG_CONTROLS = frozenset({_CONTROL, _C1})
#: every character of the rules, as one class: one search of a text that holds
#: none of them (most) instead of one per rule
_ANY_RULE = re.compile(f"{CONTROL_CHARACTER.pattern[:-1]}{BIDI_CONTROLS}]")


#: characters a text may not hold: (pattern, code, message from the first one and
#: how many there are, hint); each reported once, at its first place
_CHARACTER_RULES: tuple[tuple[re.Pattern[str], Code, Callable[[str, int], str], str], ...] = (
    (
        _CONTROL,
        codes.TEXT_CONTROL,
        lambda c, n: (
            f"the text holds {describe(c)} ({n:,} such characters in all), which no spreadsheet cell can hold unchanged"
        ),
        "delete it (a form feed or NUL usually comes from a PDF conversion, a line separator from a web page) and "
        "record the new checksum",
    ),
    (
        _C1,
        codes.TEXT_C1_CONTROL,
        lambda c, n: (
            f"the text holds the C1 control character U+{ord(c):04X} ({n:,} in all): text in Windows-1252 "
            "read as Latin-1, which a terminal may obey and a workbook drops"
        ),
        "decode the source as Windows-1252 (U+0093 is a left double quotation mark there) or delete the character, "
        "and record the new checksum",
    ),
    (
        _BIDI,
        codes.TEXT_BIDI_CONTROL,
        lambda c, n: (
            f"the text holds the invisible bidirectional control U+{ord(c):04X} ({n:,} in all), which "
            "reorders what is shown around it"
        ),
        "delete it (quotes would have to copy an invisible character) and record the new checksum",
    ),
)


@dataclass(frozen=True, slots=True)
class TextIssue:
    """Something wrong with a text, and where (a character offset)."""

    code: Code
    message: str
    hint: str
    offset: int = 0


def inspect(text: str) -> list[TextIssue]:
    """Every way ``text`` (decoded) falls short of a text sscorpus can annotate."""
    issues: list[TextIssue] = []
    if not text.strip():
        issues.append(
            TextIssue(
                codes.TEXT_EMPTY,
                "the text is empty" if not text else "the text holds only white space",
                "check that the file is the text you meant (a copy that failed leaves an empty file)",
            )
        )
    if text.startswith("\ufeff"):
        issues.append(
            TextIssue(
                codes.TEXT_BOM,
                "the text starts with a byte-order mark (U+FEFF), which counts as its first character",
                "save the text as UTF-8 without BOM (in Notepad: 'UTF-8', not 'UTF-8 with BOM')",
            )
        )
    cr = text.find("\r")
    if cr != -1:
        crlf = text.count("\r\n")
        kind = "Windows (CRLF)" if crlf and crlf == text.count("\r") else "carriage-return (CR)"
        issues.append(
            TextIssue(
                codes.TEXT_LINE_ENDS,
                f"the text has {kind} line ends: {text.count(chr(13)):,} carriage returns, which "
                "every offset would count and no spreadsheet cell holds",
                "convert it to LF line ends (sscorpus add-text --lf does this; in an editor: 'LF' line endings), "
                "then record the new sha256 and characters",
                cr,
            )
        )
    if _ANY_RULE.search(text) is not None:  # (most texts hold none of the rules' characters)
        controls = CONTROL_CHARACTER.search(text) is not None
        for pattern, code, what, hint in _CHARACTER_RULES:
            if pattern in _AMONG_CONTROLS and not controls:
                continue
            found = pattern.search(text)
            if found:
                issues.append(TextIssue(code, what(found.group(), len(pattern.findall(text))), hint, found.start()))
    if text.strip() and "\n" in text.strip() and not _BLANK_LINE.search(text):
        issues.append(
            TextIssue(
                codes.TEXT_NO_PARAGRAPHS,
                "the text has no blank line: its paragraphs cannot be told apart",
                "put a blank line between paragraphs (the completeness report counts paragraphs by them)",
            )
        )
    return issues
