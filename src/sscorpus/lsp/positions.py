"""Positions between sscorpus and an editor.

sscorpus counts 1-based lines and columns in code points, a line ending at
LF, CRLF or a lone CR (``lines.py``). The Language Server Protocol counts
0-based lines with the same three line ends, and columns in the code units
of the encoding agreed at start-up: UTF-16 unless the client offers UTF-32
or UTF-8 (``server.py`` prefers UTF-32, where columns are code points).
"""

from __future__ import annotations

from lsprotocol import types

from ..corpus.lines import LINE_BREAK, LineMap

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def code_points(line: str, column: int, encoding: str) -> int:
    """The code-point column of ``column`` code units into ``line`` (clamped
    to the line; a column inside a character counts as after it)."""
    if encoding == UTF32:
        return min(column, len(line))
    counted = 0
    for i, character in enumerate(line):
        if counted >= column:
            return i
        counted += units(character, encoding)
    return len(line)


class Text:
    """A text's lines, for going between offsets and LSP positions."""

    __slots__ = ("_map", "encoding", "text")

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        self._map = LineMap(text)

    def line(self, number: int) -> str:
        """The 0-based line ``number``, without its line end."""
        start = self._map.line_start(number + 1)
        if number + 1 > self._map.lines:
            return ""
        found = LINE_BREAK.search(self.text, start)
        return self.text[start : found.start() if found else len(self.text)]

    def position(self, offset: int) -> types.Position:
        """The LSP position of a code-point offset."""
        line, column = self._map.line_column(offset)
        return self.at(line, column)

    def at(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and code-point column (0: the
        whole file or line, shown at its start)."""
        if line <= 0:
            return types.Position(0, 0)
        text = self.line(line - 1)
        return types.Position(line - 1, units(text[: max(0, column - 1)], self.encoding))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position (clamped to the text)."""
        if position.line >= self._map.lines:
            return len(self.text)
        start = self._map.line_start(position.line + 1)
        return start + code_points(self.line(position.line), position.character, self.encoding)

    def line_column(self, offset: int) -> tuple[int, int]:
        """sscorpus's 1-based line and code-point column of an offset."""
        return self._map.line_column(offset)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def whole(self) -> types.Range:
        return self.range(0, len(self.text))
