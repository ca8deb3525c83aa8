"""The records of a corpus: documents, entities, annotations and their spans.

Records are built from loaded files after validation; they hold plain values
and the JSON pointer of the place they came from, so later layers (exports,
statistics) never go back to the raw YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

EntityType = Literal["actor", "institution", "principle"]
AnnotationType = Literal["claim", "evidence", "mention"]

ENTITY_TYPES: tuple[EntityType, ...] = ("actor", "institution", "principle")
#: registry list name for each entity type
ENTITY_LISTS: dict[EntityType, str] = {
    "actor": "actors", "institution": "institutions", "principle": "principles"}

#: how the pieces of a span are joined into one text in exports
PIECE_SEPARATOR = " [...] "


@dataclass(frozen=True, slots=True)
class Document:
    """One text of the catalog."""

    id: str
    title: str
    kind: str
    default_speaker: str | None
    text_file: Path
    text: str | None
    meta: dict[str, Any]
    pointer: str


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor, institution or principle of the registry."""

    id: str
    type: EntityType
    data: dict[str, Any]
    pointer: str

    @property
    def name(self) -> str:
        value = self.data.get("label" if self.type == "principle" else "name", self.id)
        return str(value)


@dataclass(frozen=True, slots=True)
class Span:
    """Where an annotation is: one or more pieces, in text order."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def texts(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.pieces]

    def quote(self, text: str) -> str:
        """The exact text of the span; pieces joined by PIECE_SEPARATOR."""
        return PIECE_SEPARATOR.join(self.texts(text))


@dataclass(frozen=True, slots=True)
class Link:
    """A claim's link to an entity, with the speaker's stance."""

    target: str
    target_type: EntityType
    stance: str
    pointer: str


@dataclass(slots=True)
class Annotation:
    """A claim, a piece of evidence or a mention in one annotation file.

    ``span`` is None when the quote could not be anchored (the report says
    why). ``id`` is None for mentions, which have no id of their own.
    """

    type: AnnotationType
    id: str | None
    document: str
    annotator: str
    data: dict[str, Any]
    pointer: str
    span: Span | None = None
    entity: str | None = None
    entity_type: EntityType | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class AnnotationFile:
    """One document's annotations by one annotator."""

    path: Path
    document: str
    annotator: str
    mentions: list[Annotation] = field(default_factory=list)
    claims: list[Annotation] = field(default_factory=list)
    evidence: list[Annotation] = field(default_factory=list)
    #: occurrences of names that are deliberately not mentions
    not_mentions: list[Annotation] = field(default_factory=list)
    note: str | None = None
    #: (line, column) of each value of the file, by JSON pointer
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, pointer: str) -> tuple[int, int]:
        while pointer and pointer not in self.positions:
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get(pointer, (1, 1))

    def annotations(self) -> list[Annotation]:
        return [*self.mentions, *self.claims, *self.evidence]


@dataclass(slots=True)
class Corpus:
    """Everything one run loaded: the catalog, the registry and annotation files."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    files: list[AnnotationFile] = field(default_factory=list)

    def entities_of(self, type_: EntityType) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def speaker_of(self, claim: Annotation) -> str | None:
        """The claim's speaker: its own, or its document's default."""
        speaker = claim.data.get("speaker")
        if isinstance(speaker, str):
            return speaker
        document = self.documents.get(claim.document)
        return document.default_speaker if document else None
