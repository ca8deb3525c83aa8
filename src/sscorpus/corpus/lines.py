"""Offsets to the line and column a person sees in an editor.

One map for the whole package: the position of a YAML error, of a value in
an annotation file and of a quote in a text are all counted the same way.
A line ends at LF, at CRLF or at a lone CR, as in YAML 1.2 and in editors;
U+0085, U+2028 and U+2029 (line breaks in YAML 1.1 and in Unicode) do not
end a line. Lines and columns are 1-based; columns count code points.
"""

from __future__ import annotations

import bisect
import re

Position = tuple[int, int]

#: a line break: CRLF counts once; a lone CR is a break too
LINE_BREAK = re.compile(r"\r\n?|\n")


class LineMap:
    """Line and column of offsets (code points, 0-based) in one text."""

    __slots__ = ("_starts", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if "\r" in text:
            self._starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
        else:  # the common case: str.find is several times faster than a regex
            starts = [0]
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._starts = starts

    @property
    def lines(self) -> int:
        """How many lines the text has (a final line break opens an empty last line)."""
        return len(self._starts)

    def line(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect.bisect_right(self._starts, max(0, offset))

    def line_column(self, offset: int) -> Position:
        """1-based line and column of an offset (clamped to the text)."""
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line (the language
        server turns an editor's line and column into an offset with it)."""
        return self._starts[max(1, min(line, len(self._starts))) - 1]
