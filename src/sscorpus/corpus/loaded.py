"""A loaded file: its data, where each value stands, and what loading found.

``positions`` map a JSON pointer to the (line, column) of its value, as an
editor counts them; model building (``reading.py``) and the schema check
locate their findings through them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding
from .lines import Position


def escape_pointer_token(token: str) -> str:
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


@dataclass(slots=True)
class LoadedFile:
    """One file's data and where each of its values stands.

    ``data`` is None when the file could not be parsed; ``findings`` then say
    why. ``positions`` maps a JSON pointer to the (line, column) of its value,
    ``key_positions`` to the position of the key that names it; both 1-based.
    """

    path: Path
    data: Any = None
    positions: dict[str, Position] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    parsed: bool = False
    #: the data holds a float (a JSON Schema "integer" may be given as 5.0)
    has_float: bool = False
    #: pointers of values the loader already reported (a number too large):
    #: the schema layer says nothing more about them
    reported: set[str] = field(default_factory=set)
    #: ``content_sha256`` of the bytes read (None when they could not be)
    sha256: str | None = None

    def locate(self, pointer: str, *, key: bool = False) -> Position:
        """Position of the value at ``pointer``, or of its nearest ancestor."""
        if key and pointer in self.key_positions:
            return self.key_positions[pointer]
        while True:
            if pointer in self.positions:
                return self.positions[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def finding(self, pointer: str, code: str, message: str, hint: str | None = None, *, key: bool = False) -> Finding:
        line, column = self.locate(pointer, key=key)
        return Finding(self.path, line, column, code, message, pointer, hint)
