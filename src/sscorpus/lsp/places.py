"""What stands under the cursor in an annotation file: the JSON pointer of
the value (or key) there, the record it belongs to, the entity or claim an
id names."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from ..corpus.anchors import TextIndex
from ..corpus.model import ENTITY_TYPES, Annotation, Claim, Corpus, Document, Entity
from ..corpus.yamledit import value_at
from .state import FileState

#: keys whose value is an entity id (``speaker`` names an actor)
ENTITY_KEYS = {*ENTITY_TYPES, "speaker"}
#: keys whose list holds claim ids
CLAIM_KEYS = ("supports", "challenges")


@dataclass(frozen=True, slots=True)
class Here:
    """The value under the cursor: its pointer, its key and its value."""

    pointer: str
    key: str
    value: Any


def pointer_at(state: FileState, line: int, column: int) -> str | None:
    """The pointer of the last value or key written at or before the 1-based
    ``line`` and ``column`` (a value that spans lines holds the cursor on
    each of them)."""
    loaded = state.loaded
    if not loaded.parsed:
        return None
    places = sorted(
        [(pos, pointer) for pointer, pos in loaded.positions.items() if pointer]
        + [(pos, pointer) for pointer, pos in loaded.key_positions.items()]
    )
    i = bisect.bisect_right(places, ((line, column), "\uffff")) - 1
    return places[i][1] if i >= 0 else None


def here(state: FileState, line: int, column: int) -> Here | None:
    pointer = pointer_at(state, line, column)
    if pointer is None:
        return None
    try:
        value = value_at(state.loaded.data, pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    parts = pointer.split("/")
    key = parts[-2] if parts[-1].isdigit() and len(parts) > 2 else parts[-1]
    return Here(pointer, key, value)


def annotation_at(state: FileState, pointer: str) -> Annotation | None:
    """The mention, claim or evidence whose item holds ``pointer``."""
    if state.file is None:
        return None
    parts = pointer.split("/")
    if len(parts) < 3:
        return None
    item = "/".join(parts[:3])
    for annotation in (*state.file.annotations(), *state.file.not_mentions):
        if annotation.where.pointer == item:
            return annotation
    return None


def entity_named(corpus: Corpus, found: Here) -> Entity | None:
    if found.key in ENTITY_KEYS and isinstance(found.value, str):
        return corpus.entities.get(found.value)
    return None


def claim_named(state: FileState, found: Here) -> Claim | None:
    if found.key in CLAIM_KEYS and isinstance(found.value, str) and state.file is not None:
        return next((c for c in state.file.claims if c.id == found.value), None)
    return None


def document_of(corpus: Corpus, state: FileState) -> tuple[Document, TextIndex] | None:
    """The file's document and its text's index, when both can be read."""
    if state.file is None:
        return None
    document = corpus.documents.get(state.file.document)
    index = corpus.index(state.file.document)
    return (document, index) if document is not None and index is not None else None
