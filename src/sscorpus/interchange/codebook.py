"""The codebook as a code tree, for tools that code text with a tree of
codes (QDA projects, brat's configuration, an INCEpTION type system, the
bodies of a web annotation).

Every code has a **path**, the one vocabulary that every format writes and
every reader understands without a map:

- ``claim`` and ``claim/<kind>``; ``evidence`` and ``evidence/<kind>``
  (the kinds of the schemas, in their order);
- ``actor``, ``institution``, ``principle`` and ``<type>/<entity id>`` for
  each registry entity (a mention of it, or the target of an about link);
- relations: ``about/<stance>`` (a claim to an entity, the stances of the
  schema), ``supports`` and ``challenges`` (evidence to a claim),
  ``speaker`` (a claim to the actor who puts it forward);
- ``not_mention``: an occurrence of a registry name that is deliberately no
  mention (an annotation file's ``not_mentions``, with its note).

A path read back names the same thing (:func:`meaning`); a path that names
nothing in this codebook is None there, and a reader's caller reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..corpus.model import Corpus
from ..corpus.schemas import SchemaSet

ENTITY_TYPES: tuple[Literal["actor", "institution", "principle"], ...] = ("actor", "institution", "principle")
SPAN_TYPES = ("claim", "evidence")
RELATIONS = ("supports", "challenges", "speaker")
ABOUT = "about"
NOT_MENTION = "not_mention"
SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a code means in sscorpus terms.

    ``type`` is an annotation type (claim, evidence), an entity type (actor,
    institution, principle: a mention, or an about link's target), or a
    relation (about, supports, challenges, speaker)."""

    type: str
    #: the claim or evidence kind
    kind: str | None = None
    #: the registry id of an entity
    entity: str | None = None
    #: an about link's stance
    stance: str | None = None

    @property
    def path(self) -> str:
        rest = self.kind or self.entity or self.stance
        return f"{self.type}{SEPARATOR}{rest}" if rest else self.type

    @property
    def is_relation(self) -> bool:
        return self.type == ABOUT or self.type in RELATIONS


@dataclass(frozen=True, slots=True)
class Code:
    """One code of the tree: its path, its label as a person reads it, the
    path of the code above it (None at the top) and its description."""

    meaning: Meaning
    label: str
    parent: str | None
    description: str

    @property
    def path(self) -> str:
        return self.meaning.path


def _enum(schemas: SchemaSet, name: str, prop: str) -> tuple[list[str], dict[str, str]]:
    """A schema property's allowed values and what each means."""
    sub = schemas.resolve(schemas.schemas[name].get("properties", {}).get(prop, {}))
    return _values(sub)


def _values(sub: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    values = [str(v) for v in sub.get("enum") or []]
    described = [str(d) for d in sub.get("enumDescriptions") or []]
    return values, dict(zip(values, described, strict=False))


def kinds(schemas: SchemaSet, type_: str) -> list[str]:
    """The kinds of ``claim`` or ``evidence``, in the schema's order."""
    return _enum(schemas, type_, "kind")[0]


def codes(schemas: SchemaSet, corpus: Corpus) -> Iterator[Code]:
    """The code tree, parents before their children: the span types and
    their kinds, the entity types and every registry entity (in registry
    order), then the relations."""
    for type_ in SPAN_TYPES:
        description = str(schemas.schemas[type_].get("description", ""))
        yield Code(Meaning(type_), type_, None, description)
        values, described = _enum(schemas, type_, "kind")
        for kind in values:
            yield Code(Meaning(type_, kind=kind), kind, type_, described.get(kind, ""))
    for type_ in ENTITY_TYPES:
        description = str(schemas.schemas[type_].get("description", ""))
        yield Code(Meaning(type_), type_, None, description)
        for entity in corpus.entities.values():
            if entity.type == type_:
                yield Code(Meaning(type_, entity=entity.id), entity.name, type_, entity.definition or "")
    yield Code(Meaning(ABOUT), ABOUT, None, "What a claim is about, with the speaker's stance towards it.")
    stance_values, described = _values(schemas.common("stance"))
    for stance in stance_values:
        yield Code(Meaning(ABOUT, stance=stance), stance, ABOUT, described.get(stance, ""))
    yield Code(Meaning("supports"), "supports", None, "Evidence that supports a claim.")
    yield Code(Meaning("challenges"), "challenges", None, "Evidence that speaks against a claim.")
    yield Code(Meaning("speaker"), "speaker", None, "The actor who puts a claim forward.")
    not_mentions = schemas.schemas["annotation-file"].get("properties", {}).get("not_mentions", {})
    yield Code(Meaning(NOT_MENTION), NOT_MENTION, None, str(not_mentions.get("description", "")))


def meaning(path: str, schemas: SchemaSet, corpus: Corpus) -> Meaning | None:
    """What the path ``path`` names in this codebook, or None."""
    head, separator, rest = path.strip().partition(SEPARATOR)
    if separator and not rest:
        return None
    if head in SPAN_TYPES:
        if not rest:
            return Meaning(head)
        return Meaning(head, kind=rest) if rest in kinds(schemas, head) else None
    if head in ENTITY_TYPES:
        if not rest:
            return Meaning(head)
        entity = corpus.entities.get(rest)
        return Meaning(head, entity=rest) if entity is not None and entity.type == head else None
    if head == ABOUT:
        if not rest:
            return Meaning(ABOUT)
        return Meaning(ABOUT, stance=rest) if rest in schemas.stances() else None
    if head in (*RELATIONS, NOT_MENTION) and not rest:
        return Meaning(head)
    return None
