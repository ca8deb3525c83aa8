"""The structure of a text as the conversion left it: lines, headings,
sections and paragraphs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from .lines import LineMap

_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(.*?)[ \t]*$", re.M)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_LINE_BREAK = re.compile(r"\n")
_RULE = re.compile(r"[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*")
_MARKUP = re.compile(r"[*_\\]+")
#: how many headings the hint of an unknown section names
LISTED_HEADINGS = 20


def heading_text(raw: str) -> str:
    """A heading without its markup: '**Future of SSC**' -> 'Future of SSC'."""
    return _MARKUP.sub("", raw).strip()


@dataclass(frozen=True, slots=True)
class Heading:
    start: int
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    line: int


class TextStructure:
    """Lines, headings and paragraphs of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines = LineMap(text)
        self.headings = [Heading(m.start(), len(m.group(1)), heading_text(m.group(2))) for m in _HEADING.finditer(text)]
        self._heading_starts = [h.start for h in self.headings]

    def line(self, offset: int) -> int:
        """1-based line of an offset."""
        return self._lines.line(offset)

    def section(self, offset: int) -> str | None:
        """The heading an offset sits under, or None before the first."""
        i = bisect.bisect_right(self._heading_starts, offset) - 1
        return self.headings[i].text if i >= 0 else None

    def section_range(self, title: str) -> tuple[int, int] | None:
        """Where the section under the heading ``title`` runs, up to the next
        heading of the same or a higher level."""
        for i, heading in enumerate(self.headings):
            if heading.text == title:
                end = next((h.start for h in self.headings[i + 1 :] if h.level <= heading.level), len(self.text))
                return heading.start, end
        return None

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Blocks of text between blank lines, without headings, rules and
        blocks of markup only. A paragraph that a page break splits is two
        blocks here; a span across the break covers both. A text without any
        blank line (copied from a web page) has one paragraph per line."""
        found: list[Paragraph] = []
        start = 0
        gaps = _BLANK_LINES if _BLANK_LINES.search(self.text) else _LINE_BREAK
        for gap in (*gaps.finditer(self.text), None):
            end = gap.start() if gap else len(self.text)
            block = self.text[start:end]
            stripped = block.strip()
            if (
                stripped
                and not _HEADING.fullmatch(stripped)
                and not _RULE.fullmatch(stripped)
                and _MARKUP.sub("", stripped).strip()
            ):
                first = start + (len(block) - len(block.lstrip()))
                found.append(Paragraph(first, start + len(block.rstrip()), self.line(first)))
            if gap:
                start = gap.end()
        return found

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for paragraph in self.paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None
