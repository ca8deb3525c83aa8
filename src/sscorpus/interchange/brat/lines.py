"""What the brat writer and reader agree on: the names sscorpus gives its
types, attributes and notes in a brat collection, how a span with a line
break becomes fragments, and how a note with one is escaped.

brat reads an ``.ann`` file line by line (Python's ``splitlines``: LF, CR,
VT, FF, FS, GS, RS, NEL, U+2028, U+2029 all end a line), so nothing written
on a line may hold one of those. A text-bound's text is the document's text
at its fragments, joined by one space; brat itself cuts a span at the line
breaks it crosses into fragments, and so does sscorpus. Free text (a note,
an evidence's source, an entity's name) is escaped: ``\\`` for a backslash,
``\\n``, ``\\t``, ``\\r`` and ``\\uXXXX`` for the other line ends.
"""

from __future__ import annotations

import re

from ..codebook import ABOUT, ENTITY_TYPES, RELATIONS, SEPARATOR, SPAN_TYPES

#: the format's name
NAME = "brat"
#: the normalization DB of the registry: ``sscorpus:<type>/<entity id>``
DB = "sscorpus"
#: brat's own normalization type: a text-bound names this entity
REFERENCE = "Reference"
#: brat's own note type (the "Notes" field of its annotation dialog)
NOTE = "AnnotatorNotes"
#: the notes sscorpus writes besides, by the sscorpus field they hold
ID_NOTE = "sscorpus_id"
SOURCE_NOTE = "sscorpus_source"
#: the pieces of a span that was cut at line breaks (``START END;START END``)
PIECES_NOTE = "sscorpus_pieces"
NOTE_FIELDS = {NOTE: "note", ID_NOTE: "id", SOURCE_NOTE: "source"}
#: attributes: a claim's or evidence's kind, a hedged claim
KIND_ATTRIBUTES = {type_: f"{type_}_kind" for type_ in SPAN_TYPES}
HEDGED = "hedged"
#: the type of a name that is deliberately not a mention (``not_mentions``)
NOT_MENTION = "not_mention"
#: the normalization type of a claim's speaker (``speaker Tn sscorpus:actor/<id>``)
SPEAKER = "speaker"
#: a name brat stores: ``normalize_to_storage_form`` keeps only these
STORAGE_NAME = re.compile(r"[A-Za-z0-9_-]+")
#: what ends a line where brat reads an ``.ann`` file
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: brat joins the texts of a text-bound's fragments with this
FRAGMENT_SEPARATOR = " "

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPED = re.compile(f"[\\\\\t{LINE_BREAKS}]")
_UNESCAPED = re.compile(r"\\(\\|n|t|r|u[0-9A-Fa-f]{4})")


#: each collection's description (its ``README``): each document's title and its file's note
README = "README"
#: how a line of a ``README`` starts that gives a document and its title (its file's note, escaped, follows indented)
README_DOCUMENT = re.compile(r"(\S+): (.*)")
README_NOTE_INDENT = "  "


def readme_head(annotator: str) -> str:
    """The first line of the ``README`` of the layer ``annotator``'s collection."""
    return f"The annotation layer {annotator}: one document per text, as sscorpus exported it."


def brat_type(path: str) -> str:
    """The brat type of a codebook path: ``about/endorses`` is
    ``about_endorses`` (brat's names hold no ``/``), the others as they are."""
    return path.replace(SEPARATOR, "_")


def path_of(type_: str) -> str | None:
    """The codebook path a brat type of sscorpus names, or None for a type
    of another project's."""
    if type_ in SPAN_TYPES or type_ in ENTITY_TYPES or type_ in RELATIONS or type_ == NOT_MENTION:
        return type_
    head, _, stance = type_.partition("_")
    if head == ABOUT and stance:
        return f"{ABOUT}{SEPARATOR}{stance}"
    return None


def escape(value: str) -> str:
    """``value`` on one ``.ann`` line, with no tab either (see the module's notes)."""
    return _ESCAPED.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), value)


def unescape(value: str) -> str:
    """What :func:`escape` was given; a backslash before anything else stays."""

    def back(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] == "u":
            return chr(int(code[1:], 16))
        return {"\\": "\\", "n": "\n", "t": "\t", "r": "\r"}[code]

    return _UNESCAPED.sub(back, value)


def fragments(pieces: tuple[tuple[int, int], ...], text: str) -> tuple[tuple[int, int], ...]:
    """The fragments brat holds for ``pieces``: each piece cut at the line
    breaks it crosses, the line breaks left out (an empty fragment too)."""
    cut: list[tuple[int, int]] = []
    for start, end in pieces:
        at = start
        for i in range(start, end):
            if text[i] in LINE_BREAKS:
                if i > at:
                    cut.append((at, i))
                at = i + 1
        if end > at:
            cut.append((at, end))
    return tuple(cut)


def offsets(pieces: tuple[tuple[int, int], ...]) -> str:
    """Pieces as brat writes a text-bound's offsets: ``START END;START END``."""
    return ";".join(f"{start} {end}" for start, end in pieces)


def parse_offsets(value: str) -> tuple[tuple[int, int], ...] | None:
    """:func:`offsets` read back; None when ``value`` is not of that form."""
    pieces: list[tuple[int, int]] = []
    for part in value.split(";"):
        match = re.fullmatch(r"(\d+) (\d+)", part)
        if match is None:
            return None
        pieces.append((int(match.group(1)), int(match.group(2))))
    return tuple(pieces)
