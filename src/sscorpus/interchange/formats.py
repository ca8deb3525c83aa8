"""The interchange formats by name, in the order of the README and the
site's downloads."""

from __future__ import annotations

from .format import Format
from .qdpx import FORMAT as QDPX

#: each format's module gives its ``FORMAT``; one entry here each
_ALL: tuple[Format, ...] = (QDPX,)
FORMATS: dict[str, Format] = {format.name: format for format in _ALL}
