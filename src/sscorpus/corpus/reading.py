"""Typed reads of a loaded file's data, for building the model.

Besides loading, this is the one place that looks at parsed data. A value of
the wrong type reads as missing (None, or an empty tuple): the schema check
has reported it, and the model never holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .loaded import LoadedFile
from .model import ENTITY_TYPES, NO_PLACES, EntityType, Location, Ref

Data = Mapping[str, Any]

#: a named tuple (Location, Ref, Link) made without its own constructor, a
#: Python function: the model holds a Location for nearly every value it reads
make = tuple.__new__
_TEXT_OR_LIST = (str, list)


def is_integer(value: object) -> bool:
    """A whole number written as one: not a bool, not 5.0."""
    return isinstance(value, int) and not isinstance(value, bool)


class Reader:
    """One loaded file, read field by field."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.path = loaded.path
        self._positions = loaded.positions
        #: every pointer at or above an error of loading or the schema
        self._errors: set[str] = set()
        for finding in loaded.findings:
            if finding.is_error:
                pointer = finding.pointer
                while pointer not in self._errors:
                    self._errors.add(pointer)
                    if not pointer:
                        break
                    pointer = pointer.rsplit("/", 1)[0]

    @property
    def root(self) -> Data:
        return self.loaded.data if isinstance(self.loaded.data, dict) else {}

    def where(self, pointer: str, *, key: bool = False) -> Location:
        if not key:  # the common case, kept short: a value's position, read when the file was parsed
            position = self._positions.get(pointer)
            if position is not None:
                return make(Location, (self.path, position[0], position[1], pointer))
        line, column = self.loaded.locate(pointer, key=key)
        return make(Location, (self.path, line, column, pointer))

    def places(self, data: Data, pointer: str, keys: tuple[str, ...]) -> Mapping[str, Location]:
        """Where the text fields ``keys`` of the record at ``pointer`` are
        written (those it has): what the model keeps of the file's positions,
        so that a value an export cannot hold is located without reading the
        file again."""
        found: dict[str, Location] | None = None
        for key in keys:  # (mostly none of them: no mapping is made then)
            if isinstance(data.get(key), _TEXT_OR_LIST):
                found = found or {}
                found[key] = self.where(f"{pointer}/{key}")
        return found or NO_PLACES

    def has_error_at(self, pointer: str) -> bool:
        """Whether a finding of loading or the schema is at or below ``pointer``."""
        return pointer in self._errors

    @staticmethod
    def text(data: Data, key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    @staticmethod
    def integer(data: Data, key: str) -> int | None:
        value = data.get(key)
        return value if is_integer(value) else None

    @staticmethod
    def flag(data: Data, key: str) -> bool | None:
        value = data.get(key)
        return value if isinstance(value, bool) else None

    @staticmethod
    def texts(data: Data, key: str) -> tuple[str, ...]:
        value = data.get(key)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    @staticmethod
    def mapping(data: Data, key: str) -> Data | None:
        value = data.get(key)
        return value if isinstance(value, dict) else None

    @staticmethod
    def entries(data: Data, key: str) -> int | None:
        """How many entries the list ``data[key]`` has; None when it is no list."""
        value = data.get(key)
        return len(value) if isinstance(value, list) else None

    @staticmethod
    def items(data: Data, key: str, pointer: str) -> list[tuple[str, Data]]:
        """The mappings of the list ``data[key]``, each with its pointer."""
        value = data.get(key)
        if not isinstance(value, list):
            return []
        return [(f"{pointer}/{key}/{i}", item) for i, item in enumerate(value) if isinstance(item, dict)]

    def ref(self, data: Data, key: str, pointer: str, expected: EntityType | Literal["claim"]) -> Ref | None:
        """A reference by id written as ``key: id``."""
        value = data.get(key)
        if not isinstance(value, str):
            return None
        at = f"{pointer}/{key}"
        position = self._positions.get(at)  # (where's common case, written out: a model holds many references)
        if position is None:
            return make(Ref, (value, expected, self.where(at)))
        return make(Ref, (value, expected, make(Location, (self.path, position[0], position[1], at))))

    def refs(self, data: Data, key: str, pointer: str, expected: Literal["claim"]) -> tuple[Ref, ...]:
        """References by id written as a list ``key: [id, ...]``."""
        value = data.get(key)
        return tuple(
            make(Ref, (v, expected, self.where(f"{pointer}/{key}/{j}")))
            for j, v in enumerate(value if isinstance(value, list) else [])
            if isinstance(v, str)
        )

    def entity_ref(self, data: Data, pointer: str) -> Ref | None:
        """The entity named by ``actor:``, ``institution:`` or ``principle:``."""
        for type_ in ENTITY_TYPES:
            if type_ in data:
                return self.ref(data, type_, pointer, type_)
        return None

    def links(self, data: Data, pointer: str) -> list[tuple[str, Ref, Data]]:
        """The mappings of the list ``data["about"]`` that name an entity,
        each with its pointer and the reference (as ``items`` and
        ``entity_ref`` give them: a claim has a few)."""
        value = data.get("about")
        if not isinstance(value, list):
            return []
        found: list[tuple[str, Ref, Data]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                link_pointer = f"{pointer}/about/{i}"
                target = self.entity_ref(item, link_pointer)
                if target is not None:
                    found.append((link_pointer, target, item))
        return found
