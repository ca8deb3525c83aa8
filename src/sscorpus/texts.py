"""What a text file must be to be annotated and exported: UTF-8 with LF line
ends, not empty, no byte-order mark, no character a workbook cell cannot hold
(``cells.CONTROL_CHARACTER``), and blank lines between paragraphs.

``inspect`` is shared by ``validate`` (the ``texts`` check, at the text
file's line and column) and by ``add-text``, which refuses or warns before
anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import codes
from .cells import CONTROL_CHARACTER, describe
from .codes import Code

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")  # CRLF line ends are reported on their own


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
    control = CONTROL_CHARACTER.search(text)
    if control:
        issues.append(
            TextIssue(
                codes.TEXT_CONTROL,
                f"the text holds {describe(control.group())} ({len(CONTROL_CHARACTER.findall(text)):,} "
                "such characters in all), which no spreadsheet cell can hold unchanged",
                "delete it (a form feed or NUL usually comes from a PDF conversion, a line separator from a web "
                "page) and record the new checksum",
                control.start(),
            )
        )
    if text.strip() and "\n" in text.strip() and not _BLANK_LINE.search(text):
        issues.append(
            TextIssue(
                codes.TEXT_NO_PARAGRAPHS,
                "the text has no blank line: its paragraphs cannot be told apart",
                "put a blank line between paragraphs (the completeness report counts paragraphs by them)",
            )
        )
    return issues
