"""The REFI-QDA project vocabulary as sscorpus writes and reads it: the
namespace and schema of ``project.qde``, deterministic GUIDs, and the few
conventions that carry what the standard has no element for.

- A code carries its codebook path (``codebook.py``) as the last line of its
  ``Description``: ``sscorpus: claim/evaluative``; its name is the label a
  person reads.
- A name that deliberately names no entity (an annotation file's
  ``not_mentions``) is coded with a code of its own, path ``not_mention``,
  beside the codebook's tree (so that no entity's coded segments count it).
- A selection's sscorpus fields without a REFI element (``id``, ``hedged``,
  ``source``, ``speaker``) are ``key: value`` lines of its ``Description``.
- A discontinuous span is one ``PlainTextSelection`` per piece, each coded
  alike, chained in text order by links named ``next piece``
  (REFI selections are continuous); the first piece holds the fields.
- Relations are ``Link`` elements named by their codebook path
  (``about/<stance>``, ``supports``, ``challenges``, ``speaker``): a link
  has no code of its own in the standard.

Positions count Unicode code points from 0, end-exclusive (REFI-QDA 1.5,
section 10.2; ATLAS.ti's example in its annex A.2 covers a 56-character
quotation with ``startPosition="139" endPosition="195"``), the unit of
sscorpus: no conversion either way.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from functools import cache
from pathlib import Path

from lxml import etree

NS = "urn:QDA-XML:project:1.0"
#: the REFI-QDA Project schema (MIT licence, ``spec/LICENSE``)
SCHEMA = Path(__file__).parent / "spec" / "Project-mrt2019.xsd"
PROJECT_MEMBER = "project.qde"
SOURCES = "sources"
INTERNAL = "internal://"

#: the prefix of the Description line that holds a code's codebook path
PATH_PREFIX = "sscorpus: "
#: the name of the link from one piece of a discontinuous selection to the next
NEXT_PIECE = "next piece"
#: the selection fields written as Description lines, in this order
FIELDS = ("id", "hedged", "source", "speaker")
#: the path of the code of a name that is deliberately no mention, its label and description
NOT_MENTION = "not_mention"
NOT_MENTION_LABEL = "not a mention"
NOT_MENTION_DESCRIPTION = (
    "A name of the registry that names no entity here, by decision of the guidelines; the note says why."
)

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/sscorpus/sscorpus#qdpx")
_NAMESPACE_BYTES = _NAMESPACE.bytes
_FIELD_LINE = re.compile(r"([a-z_]+): (.*)")


def q(name: str) -> str:
    """An element's qualified name in the project namespace."""
    return f"{{{NS}}}{name}"


def guid(*parts: str) -> str:
    """The GUID of the thing named by ``parts``: the same on every run
    (``uuid.uuid5`` of them, made here without its objects: an export
    makes one for every selection, coding and link)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def code_description(description: str, path: str) -> str:
    """A code's Description: what it means, then its codebook path."""
    return f"{description}\n\n{PATH_PREFIX}{path}" if description else f"{PATH_PREFIX}{path}"


def split_code_description(text: str) -> tuple[str, str | None]:
    """A code's Description without its path line, and the path (None when
    the description has none)."""
    head, _, last = text.rstrip().rpartition("\n")
    if last.startswith(PATH_PREFIX) and " " not in last[len(PATH_PREFIX) :].strip():
        return head.rstrip(), last[len(PATH_PREFIX) :].strip() or None
    return text, None


def encode_fields(fields: dict[str, str]) -> str:
    """The Description of a selection holding ``fields`` (a value with a line
    break or surrounding spaces is written as a JSON string)."""
    lines = []
    for key in FIELDS:
        if key in fields:
            value = fields[key]
            plain = value == value.strip() and "\n" not in value and "\r" not in value and not value.startswith('"')
            lines.append(f"{key}: {value if plain else json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def decode_fields(text: str) -> dict[str, str] | None:
    """The fields of a selection's Description, or None when it is not a
    list of field lines (free text, as another tool writes it)."""
    fields: dict[str, str] = {}
    for line in text.strip().splitlines():
        match = _FIELD_LINE.fullmatch(line.strip())
        if match is None or match.group(1) not in FIELDS:
            return None
        value = match.group(2)
        if value.startswith('"'):
            try:
                value = str(json.loads(value))
            except ValueError:
                return None
        fields[match.group(1)] = value
    return fields or None


@cache
def schema() -> etree.XMLSchema:
    """The REFI-QDA Project schema, parsed once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))
