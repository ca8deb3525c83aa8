"""The typed model of a corpus: documents, entities, annotation files and
their mentions, claims, evidence and links.

The model is built once from the loaded files (``catalog.py``,
``registry.py``, ``annotations.py``, put together by ``checks/validate.py``);
after that no layer goes back to the parsed YAML. Every record knows where it was written
(``Location``), so checks and exports can point at the file, line and column.
Values the schema rejects are left out (None, or not there): the schema check
reports them, and checks of the model never see a wrong type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

from ..codes import Code
from ..findings import Finding
from .anchors import TextIndex
from .structure import TextStructure

EntityType = Literal["actor", "institution", "principle"]

ENTITY_TYPES: tuple[EntityType, ...] = ("actor", "institution", "principle")
#: registry list name for each entity type
ENTITY_LISTS: dict[EntityType, str] = {"actor": "actors", "institution": "institutions", "principle": "principles"}

#: the annotator name of the adjudicated layer (annotations/gold/)
GOLD = "gold"

#: how the pieces of a span are joined into one text in exports
PIECE_SEPARATOR = " [...] "


class Location(NamedTuple):
    """Where a value was written: its file, 1-based line and column (0 for
    the file as a whole) and its JSON pointer. (A named tuple: the model
    holds hundreds of thousands, and they are made faster than dataclasses.)"""

    path: Path
    line: int
    column: int
    pointer: str = ""

    def finding(self, code: Code, message: str, hint: str | None = None) -> Finding:
        return Finding(self.path, self.line, self.column, code, message, self.pointer, hint)


#: the places of a record's fields when none of its text fields is written (a
#: plain mapping, read-only by its type: records cross to the worker processes of
#: ``validate -j``, and a mappingproxy cannot be pickled)
NO_PLACES: Mapping[str, Location] = {}


# -- spans ---------------------------------------------------------------------------


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
class Unanchored:
    """An annotation without a span. Anchoring reported why among the file's
    findings as the model was built; ``reason`` is the message of the first
    of them, and empty only when the schema had already reported the value
    that made anchoring impossible, or when the document has no text
    (reported at the catalog, or as an unknown document)."""

    reason: str = ""


#: an annotation's place in its text: a span, or why there is none
Anchor = Span | Unanchored


# -- references ----------------------------------------------------------------------


class Ref(NamedTuple):
    """A reference by id to an entity (of the expected type) or to a claim."""

    id: str
    expected: EntityType | Literal["claim"]
    where: Location


class Link(NamedTuple):
    """A claim's link to an entity (``about``), with the speaker's stance."""

    target: Ref
    #: None only where the schema has reported a missing or wrong stance
    stance: str | None
    where: Location


# -- the registry ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor, institution or principle of the registry. ``name`` is a
    principle's label. Attributes that a type does not have are None."""

    id: str
    type: EntityType
    name: str
    where: Location
    id_where: Location
    aliases: tuple[str, ...] = ()
    acronym: str | None = None
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    role: str | None = None
    affiliation: str | None = None
    founded: int | None = None
    scope: str | None = None
    definition: str | None = None
    defined_by: Ref | None = None
    defined_in: str | None = None
    wikidata: str | None = None
    note: str | None = None
    #: where each of ``names()`` is written, in the same order
    name_places: tuple[Location, ...] = ()
    #: where each of its text attributes is written, by key (a value that
    #: an export cannot hold is reported there)
    places: Mapping[str, Location] = field(default_factory=lambda: NO_PLACES)

    def names(self) -> list[str]:
        """The name, aliases and acronym by which the text may name it."""
        return [self.name, *self.aliases, *([self.acronym] if self.acronym else [])]


# -- the catalog -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Author:
    name: str | None
    affiliation: str | None
    actor: Ref | None


@dataclass(frozen=True, slots=True)
class Provenance:
    source_file: str | None = None
    source_sha256: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    #: where a text copied from the web came from, and when
    url: str | None = None
    accessed: str | None = None


@dataclass(frozen=True, slots=True)
class NotBody:
    """A part of a text that is not its body (front matter, a reference
    list): the characters it excludes, or why they could not be found."""

    excluded: tuple[int, int] | Unanchored
    where: Location
    #: how the catalog names it: the heading of a section, or the quote
    label: str = ""


@dataclass(frozen=True, slots=True)
class TextProblem:
    """Why a catalogued text could not be read."""

    code: Code
    message: str
    hint: str | None


@dataclass(frozen=True, slots=True)
class Document:
    """One text of the catalog. ``text`` is None when the file could not be
    read (``text_problem`` says why); ``actual_sha256`` is that of the bytes
    read, ``sha256`` and ``characters`` what the catalog says."""

    id: str
    title: str
    kind: str
    where: Location
    #: where some of its fields are written (id, text, sha256, characters)
    places: Mapping[str, Location]
    text_file: Path
    text: str | None = None
    text_problem: TextProblem | None = None
    actual_sha256: str | None = None
    sha256: str | None = None
    characters: int | None = None
    authors: tuple[Author, ...] = ()
    publication: str | None = None
    date: str | None = None
    date_earliest: str | None = None
    date_note: str | None = None
    language: str | None = None
    default_speaker: Ref | None = None
    provenance: Provenance | None = None
    not_body: tuple[NotBody, ...] = ()

    def at(self, name: str) -> Location:
        """Where the field ``name`` is written (the entry's place when unknown)."""
        return self.places.get(name, self.where)

    @property
    def speaker_id(self) -> str | None:
        return self.default_speaker.id if self.default_speaker else None

    def excluded(self) -> list[tuple[int, int]]:
        """The ranges of the text that are not its body."""
        return [n.excluded for n in self.not_body if not isinstance(n.excluded, Unanchored)]


# -- annotations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of an entity (or, in ``not_mentions``, a name that is not one)."""

    entity: Ref | None
    anchor: Anchor
    note: str | None
    where: Location
    #: where its text fields (note) are written, by key
    places: Mapping[str, Location] = field(default_factory=lambda: NO_PLACES)

    type: Literal["mention"] = "mention"

    @property
    def span(self) -> Span | None:
        return self.anchor if isinstance(self.anchor, Span) else None

    @property
    def entity_id(self) -> str | None:
        return self.entity.id if self.entity else None

    @property
    def entity_type(self) -> EntityType | None:
        return self.entity.expected if self.entity and self.entity.expected != "claim" else None

    @property
    def id(self) -> str | None:
        """A mention's identity, as the mentions table, the list of
        disagreements and the site's addresses give it: ``entity@start:end``
        (None without a span)."""
        span = self.span
        return f"{self.entity_id}@{span.start}:{span.end}" if span is not None else None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str | None
    anchor: Anchor
    where: Location
    kind: str | None = None
    hedged: bool = False
    #: the claim's own speaker; the document's default applies when None
    speaker: Ref | None = None
    about: tuple[Link, ...] = ()
    note: str | None = None
    #: where the id is written (for findings about it)
    id_where: Location | None = None
    #: where its free-text field (note) is written, by key
    places: Mapping[str, Location] = field(default_factory=lambda: NO_PLACES)

    type: Literal["claim"] = "claim"

    @property
    def span(self) -> Span | None:
        return self.anchor if isinstance(self.anchor, Span) else None


@dataclass(frozen=True, slots=True)
class Evidence:
    id: str | None
    anchor: Anchor
    where: Location
    kind: str | None = None
    #: the cited work or document, as the schema's ``source`` field
    cited: str | None = None
    supports: tuple[Ref, ...] = ()
    challenges: tuple[Ref, ...] = ()
    note: str | None = None
    id_where: Location | None = None
    #: where its free-text fields (source, note) are written, by key
    places: Mapping[str, Location] = field(default_factory=lambda: NO_PLACES)

    type: Literal["evidence"] = "evidence"

    @property
    def span(self) -> Span | None:
        return self.anchor if isinstance(self.anchor, Span) else None

    def relations(self) -> Iterator[tuple[str, Ref]]:
        """("supports" | "challenges", claim reference), in file order."""
        for ref in self.supports:
            yield "supports", ref
        for ref in self.challenges:
            yield "challenges", ref


Annotation = Mention | Claim | Evidence


def mention_counts(mentions: Iterable[Mention]) -> dict[str, int]:
    """``mentions``, and ``<type>_mentions`` for each entity type."""
    by_type = Counter(m.entity_type for m in mentions)
    return {"mentions": sum(by_type.values()), **{f"{t}_mentions": by_type.get(t, 0) for t in ENTITY_TYPES}}


@dataclass(frozen=True, slots=True)
class AnnotationFile:
    """One document's annotations by one annotator."""

    path: Path
    document: str
    annotator: str
    document_where: Location
    annotator_where: Location
    mentions: tuple[Mention, ...] = ()
    #: occurrences of names that are deliberately not mentions
    not_mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    #: ``content_sha256`` of the file as read: the dataset's inputs checksum is made of these
    sha256: str | None = None

    def annotations(self) -> list[Annotation]:
        return [*self.mentions, *self.claims, *self.evidence]

    def counts(self) -> dict[str, int]:
        """How many annotations of each kind it holds: mentions (and per
        entity type), claims, evidence, and the claims' about links."""
        return {
            **mention_counts(self.mentions),
            "claims": len(self.claims),
            "evidence": len(self.evidence),
            "links": sum(len(c.about) for c in self.claims),
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """What the dataset's CITATION.cff says, and its bytes as read."""

    raw: bytes
    title: str
    authors: tuple[str, ...]
    version: str | None
    date: str | None
    url: str | None
    message: str | None
    #: SPDX identifiers of the licences of the dataset
    licenses: tuple[str, ...]


@dataclass
class Corpus:
    """Everything one run read: documents, entities and annotation files.

    ``documents`` and ``entities`` hold the first record of each id; the
    lists keep every record as written, so that the id check can
    report an id given twice. The model is complete once built: nothing
    adds to it afterwards.
    """

    root: Path
    catalog_path: Path
    registry_path: Path
    document_list: list[Document] = field(default_factory=list)
    entity_list: list[Entity] = field(default_factory=list)
    files: list[AnnotationFile] = field(default_factory=list)
    #: whether every annotation file of the corpus was read (not a selection)
    complete: bool = True
    #: the dataset's CITATION.cff, when it has a valid one
    citation: Citation | None = None
    #: ``content_sha256`` of the catalog and of the registry as read (None: unread)
    catalog_sha256: str | None = None
    registry_sha256: str | None = None
    #: the id of every catalogued document when ``document_list`` holds only
    #: the entries a run needs (a run on a few annotation files: ``entries.py``);
    #: None when it holds the whole catalog, which the catalog's own checks need
    catalog_ids: frozenset[str] | None = None
    _indexes: dict[str, TextIndex] = field(default_factory=dict, repr=False)
    _structures: dict[str, TextStructure] = field(default_factory=dict, repr=False)

    @cached_property
    def documents(self) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for document in self.document_list:
            found.setdefault(document.id, document)
        return found

    @cached_property
    def entities(self) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        for entity in self.entity_list:
            found.setdefault(entity.id, entity)
        return found

    def entities_of(self, type_: EntityType) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def index(self, doc_id: str) -> TextIndex | None:
        """The document's text prepared for finding quotes: built once, shared
        by anchoring, statistics and every later reader."""
        if doc_id not in self._indexes:
            document = self.documents.get(doc_id)
            if document is None or document.text is None:
                return None
            self._indexes[doc_id] = TextIndex(document.text)
        return self._indexes[doc_id]

    def structure(self, doc_id: str) -> TextStructure | None:
        """The document's lines, headings and paragraphs: built once."""
        if doc_id not in self._structures:
            document = self.documents.get(doc_id)
            if document is None or document.text is None:
                return None
            self._structures[doc_id] = TextStructure(document.text)
        return self._structures[doc_id]

    def speaker_of(self, claim: Claim, document: str) -> str | None:
        """The claim's speaker: its own, or its document's default."""
        if claim.speaker is not None:
            return claim.speaker.id
        found = self.documents.get(document)
        return found.speaker_id if found else None
