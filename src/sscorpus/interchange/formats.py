"""The interchange formats by name, in the order of the README and the
site's downloads."""

from __future__ import annotations

from . import brat, qdpx, w3c, xmi
from .format import Format

#: each format's module gives its ``FORMAT``; one entry here each
_ALL: tuple[Format, ...] = (qdpx.FORMAT, xmi.FORMAT, brat.FORMAT, w3c.FORMAT)
FORMATS: dict[str, Format] = {format.name: format for format in _ALL}
