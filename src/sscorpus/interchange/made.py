"""The annotations an import makes, and the annotation file they are
written as: laid out as ``sscorpus new`` starts one (the schema line,
``document``, ``annotator``, the file's ``note`` (folded when long, as
people write it), then each section, empty ones as ``[]``), each
annotation anchored by its quote (``locating.anchor_for``: with
``occurrence`` or ``prefix`` where the quote is ambiguous, ``pieces`` for a
discontinuous span), ids the foreign file's where they are ids and unique,
else the next free ``c<n>``/``e<n>``."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..authoring.locating import anchor_for
from ..authoring.scaffold import annotation_path, schema_line
from ..corpus.anchors import Match, TextIndex, collapse
from ..corpus.layout import Layout
from ..corpus.yamledit import item_lines, scalar, text_lines
from .foreign import ForeignSelection

#: the sections of an annotation file, in the order `sscorpus new` writes them
SECTIONS = ("mentions", "not_mentions", "claims", "evidence")
#: the prefix of a generated id, by section
ID_PREFIX = {"claims": "c", "evidence": "e"}


@dataclass(slots=True)
class Item:
    """One annotation to write: its section, its pieces in the corpus text,
    its values (the anchor aside) in the order they are written, and the
    selection it comes from."""

    section: str
    pieces: tuple[tuple[int, int], ...]
    values: dict[str, Any]
    source: ForeignSelection


@dataclass(slots=True)
class MadeFile:
    """The annotations of one document, as they are made."""

    document: str
    items: list[Item] = field(default_factory=list)
    #: foreign selection id -> the claim or evidence made of it
    spans: dict[str, Item] = field(default_factory=dict)
    #: foreign selection id -> the entities of the mentions made of it
    entities: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: the notes on the whole document (the file's own ``note``), in the foreign file's order
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str | None:
        """The file's note: its notes joined by a blank line."""
        return "\n\n".join(self.notes) or None


def _ids(made: MadeFile, pattern: re.Pattern[str]) -> None:
    """Each claim and piece of evidence gets the id the file gives it when
    that is an id and unique, else the next free ``c<n>`` or ``e<n>``."""
    used: set[str] = set()
    waiting = []
    for item in made.items:
        if item.section not in ID_PREFIX:
            continue
        given = item.source.fields.get("id", "")
        if pattern.match(given) and given not in used:
            item.values["id"] = given
            used.add(given)
        else:
            waiting.append(item)
    for item in waiting:
        n = 1
        while f"{ID_PREFIX[item.section]}{n}" in used:
            n += 1
        item.values["id"] = f"{ID_PREFIX[item.section]}{n}"
        used.add(item.values["id"])


def file_text(
    layout: Layout, index: TextIndex, made: MadeFile, annotator: str, pattern: re.Pattern[str]
) -> tuple[str, dict[str, Item]]:
    """The annotation file, laid out as ``sscorpus new`` writes one, and
    each annotation by its pointer in it."""
    _ids(made, pattern)
    path = annotation_path(layout, made.document, annotator)
    lines = [*schema_line(layout, path), f"document: {scalar(made.document)}", f"annotator: {scalar(annotator)}"]
    if made.note is not None:
        lines += text_lines("note", made.note)
    expected: dict[str, Item] = {}
    ordered = sorted(made.items, key=lambda i: (i.pieces, SECTIONS.index(i.section)))
    for section in SECTIONS:
        items = [i for i in ordered if i.section == section]
        if not items and section == "not_mentions":
            continue
        lines.append("")
        if not items:
            lines.append(f"{section}: []")
            continue
        lines.append(f"{section}:")
        for n, item in enumerate(items):
            lines += item_lines(_record(item, index), 2, 4)
            expected[f"/{section}/{n}"] = item
    return "\n".join(lines) + "\n", expected


def _record(item: Item, index: TextIndex) -> dict[str, Any]:
    """The annotation's mapping: its entity or id first, its anchor, then
    its values (empty ones left out), links by id."""
    anchors = [_anchor(index, start, end) for start, end in item.pieces]
    values = dict(item.values)
    record: dict[str, Any] = {}
    first = next(iter(values)) if item.section != "not_mentions" else None
    if first is not None:
        record[first] = values.pop(first)
    if len(anchors) == 1:
        record.update(anchors[0])
    else:
        record["pieces"] = anchors
    for key, value in values.items():
        if key in ("supports", "challenges"):
            value = [target.values["id"] for target in value]
        if value is None or value == []:
            continue
        record[key] = value
    return record


def _anchor(index: TextIndex, start: int, end: int) -> dict[str, str | int]:
    """The selector a person would write for [start, end): the quote, with
    an occurrence or prefix where it is ambiguous; the offsets where no
    quote picks it (a quote the whitespace rules read otherwise)."""
    match = Match(start, end)
    try:
        return anchor_for(index, match)
    except ValueError:
        return {"quote": collapse(index.text[start:end]), "start": start, "end": end}
