"""Some entries of the catalog, read without parsing the rest of it.

A run about a few annotation files needs the catalog entries of their
documents, and the id of every other (to tell a document that is not
catalogued from one that is); parsing a catalog of thousands of entries with
positions costs far more than checking one file. When the catalog is laid
out as sscorpus and editors write it (a block list under a top-level
``documents:``, each entry a ``-`` at one indentation, with a plain or simply
quoted ``id:``), its lines are cut into entries by regular expressions, and
only the entries asked for are parsed, every other line of the list left
blank, so that lines and columns stay those of the file. The entries read are
held against the catalog's schema as in a catalog of their own, and their
pointers (``/documents/<n>``) are those of the whole file.

Anything else (flow style, document markers, tabs, an id written otherwise,
an entry that parses to something other than what the cut said) gives None:
the caller then reads the file whole. Nothing is checked about the entries
not asked for: that is what a run over the whole corpus, or over the
catalog, is for.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..findings import Finding
from .encodings import wide_encoding
from .loaded import LoadedFile
from .loading import load_text
from .schemas import SchemaSet
from .yaml12 import resolve_plain

_DOCUMENTS = re.compile(rb"documents[ \t]*:[ \t]*(?:#[^\n]*)?\r?$", re.M)
#: a quoted id, or a plain one that holds no space, quote, comment or flow character
_ID_VALUE = rb"""(?:"([^"\\\r\n]*)"|'([^'\r\n]*)'|([^\s#'"{}\[\],&*!|>%@`][^\s#]*))[ \t]*(?:#[^\r\n]*)?\r?$"""
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Entries:
    """Some entries of the catalog, loaded, and the id of every entry."""

    #: the catalog as if it held only the entries asked for, at their own pointers and places
    loaded: LoadedFile
    #: the id of each entry of the catalog, in order
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Cut:
    raw: bytes
    #: where each entry's first line starts (byte offsets)
    starts: tuple[int, ...]
    ids: tuple[str, ...]


def read_entries(path: Path, raw: bytes, wanted: Collection[str], schemas: SchemaSet) -> Entries | None:
    """The entries of the catalog ``path`` (content ``raw``) whose id is in
    ``wanted``, loaded and held against its schema; None when the file is
    not laid out plainly enough to be cut (read it whole then)."""
    if wide_encoding(raw) is not None:
        return None
    cut = _cut(raw[len(_BOM) :] if raw.startswith(_BOM) else raw)
    if cut is None:
        return None
    kept = [i for i, doc_id in enumerate(cut.ids) if doc_id in wanted]
    try:
        text = _only(cut, kept).decode("utf-8")
    except UnicodeDecodeError:
        return None
    part = load_text(path, text)
    data = part.data
    if not part.parsed or part.findings or not isinstance(data, dict):
        return None  # reading the whole file says what is wrong
    if data.get("documents") is None and not kept:
        data["documents"] = []  # every entry left out: an empty list, as far as the schema is concerned
    entries = data.get("documents")
    if not isinstance(entries, list) or len(entries) != len(kept):
        return None
    if any(not isinstance(e, dict) or e.get("id") != cut.ids[i] for e, i in zip(entries, kept, strict=True)):
        return None
    part.findings.extend(schemas.findings_for("catalog", part))
    return Entries(_renumbered(part, kept, len(cut.ids)), cut.ids)


def _cut(raw: bytes) -> _Cut | None:
    """Where each entry of the ``documents:`` list starts, and its id.

    Each pattern starts with a line break and the indentation, which the
    regular expression engine finds at the speed of a plain search: a
    catalog of thousands of entries is cut in a few passes over its bytes.
    Lines are cut where every YAML reader breaks them (LF, CRLF): a lone CR,
    which libyaml takes for a line break too, is not cut."""
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    key = _documents_key(raw)
    if key is None:
        return None
    first = re.compile(rb"\n( *)([^ \r\n#])").search(raw, key.end())
    if first is None or first.group(2) != b"-":
        return None  # an empty list: reading it whole costs nothing
    # one pass finds every item (a "-" at the items' indentation) and the id on its line
    dash = re.compile(re.escape(b"\n" + first.group(1) + b"-") + rb"( ?)(?: *id:[ \t]*" + _ID_VALUE + b")?", re.M)
    lines = list(dash.finditer(raw, key.end()))
    starts = [line.start() + 1 for line in lines]
    ids: list[str] = []
    for number, line in enumerate(lines):
        if not line.group(1):
            return None  # an item whose first line holds no key (or not after a space)
        found = _id(line) if line.group(2, 3, 4) != (None, None, None) else None
        if found is None:  # the id on a line of its own, at the indentation of the entry's keys
            found = _id_below(raw, starts[number], starts[number + 1] - 1 if number + 1 < len(starts) else len(raw))
        if found is None:
            return None
        ids.append(found)
    # An entry ends where the next starts; the last one runs to the end of the
    # file (what follows the list is read with it, or left out with it).
    return _Cut(raw, tuple(starts), tuple(ids))


def _id_below(raw: bytes, start: int, stop: int) -> str | None:
    """The id of the entry between ``start`` and ``stop`` written on a line
    of its own, at the indentation of the entry's first key."""
    keys = len(re.compile(rb" *- *").match(raw, start).group())  # type: ignore[union-attr]
    line = re.compile(rb"\n {%d}id:[ \t]*" % keys + _ID_VALUE, re.M).search(raw, start, stop)
    return None if line is None else _id(line)


def _documents_key(raw: bytes) -> re.Match[bytes] | None:
    """The line ``documents:`` of the top level, when there is exactly one
    (found by a plain search, then held against the pattern)."""
    starts = [0] if raw.startswith(b"documents") else []
    at = raw.find(b"\ndocuments")
    while at != -1:
        starts.append(at + 1)
        at = raw.find(b"\ndocuments", at + 1)
    keys = [m for s in starts if (m := _DOCUMENTS.match(raw, s, _line_end(raw, s))) is not None]
    return keys[0] if len(keys) == 1 else None


def _line_end(raw: bytes, at: int) -> int:
    end = raw.find(b"\n", at)
    return len(raw) if end == -1 else end


def _id(line: re.Match[bytes]) -> str | None:
    """The id a line ``id: value`` gives (the value's groups are the last three)."""
    double, single, plain = line.groups()[-3:]
    try:
        if plain is not None:
            value = resolve_plain(plain.decode("utf-8"))
            return value if isinstance(value, str) else None
        return (double if double is not None else single).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _only(cut: _Cut, kept: list[int]) -> bytes:
    """The file with every line of the entries not ``kept`` left blank."""
    raw = cut.raw
    pieces = [raw[: cut.starts[0]]]
    at = cut.starts[0]
    for number in kept:
        start = cut.starts[number]
        stop = cut.starts[number + 1] if number + 1 < len(cut.starts) else len(raw)
        pieces += (b"\n" * raw.count(b"\n", at, start), raw[start:stop])
        at = stop
    pieces.append(b"\n" * raw.count(b"\n", at))
    return b"".join(pieces)


def _renumbered(part: LoadedFile, kept: list[int], total: int) -> LoadedFile:
    """``part`` with its entries at the pointers they have in the whole file
    (the list holds None where an entry was left out)."""
    numbers = {f"/documents/{j}": f"/documents/{i}" for j, i in enumerate(kept)}

    def pointer(old: str) -> str:
        if not old.startswith("/documents/"):
            return old
        head, slash, rest = old[len("/documents/") :].partition("/")
        return numbers.get(f"/documents/{head}", f"/documents/{head}") + slash + rest

    def finding(found: Finding) -> Finding:
        moved = pointer(found.pointer)
        return found if moved == found.pointer else replace(found, pointer=moved)

    documents: list[object] = [None] * total
    for j, i in enumerate(kept):
        documents[i] = part.data["documents"][j]
    loaded = LoadedFile(part.path, {**part.data, "documents": documents}, parsed=True, has_float=part.has_float)
    loaded.positions = {pointer(p): place for p, place in part.positions.items()}
    loaded.key_positions = {pointer(p): place for p, place in part.key_positions.items()}
    loaded.findings = [finding(f) for f in part.findings]
    loaded.reported = {pointer(p) for p in part.reported}
    return loaded
