"""The ``entity`` check: the registry's names hold no bidirectional controls,
no name, alias or acronym names two entities, no two entities have nearly
the same name, and every entity is mentioned (when every file was read)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from .. import codes
from ..corpus.model import Corpus, Entity
from ..findings import Finding
from . import texts
from .stats import never_mentioned


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


#: how alike (rapidfuzz's ratio, 0-100) two names of different entities may be
#: before they are reported as a likely duplicate; shorter names are left
#: out, where one letter makes another word ("India", "Indian")
NEAR_DUPLICATE = 90
NEAR_DUPLICATE_MIN_LENGTH = 8
#: how alike two words that differ must be to be one word spelt two ways
#: ("organisation", "organization": 92; "defence", "defense": 86; "centre",
#: "center": 83), and not two words ("north", "south": 60; "US", "UK": 50)
SPELLING_VARIANT = 80
_WORDS = re.compile(r"[^\W_]+")


def spelling_variants(first: str, second: str) -> bool:
    """Whether two names differ only in the spelling of their words (and in
    words one of them adds): every word that one has in place of a word of
    the other is that word spelt another way. "North-South cooperation" and
    "South-South cooperation" differ in a word, so they are two names."""
    a, b = _WORDS.findall(first), _WORDS.findall(second)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and fuzz.ratio("".join(a[i1:i2]), "".join(b[j1:j2])) < SPELLING_VARIANT:
            return False
    return True


_NAME_BIDI = re.compile(f"[{texts.BIDI_CONTROLS}]")


def _name_characters(entity: Entity) -> Iterator[Finding]:
    """A bidirectional control in a name reorders what is shown beside it
    (control characters are the export check's: no cell holds them)."""
    for name, where in zip(entity.names(), entity.name_places, strict=False):
        found = _NAME_BIDI.search(name)
        if found:
            yield where.finding(
                codes.ENTITY_BIDI_CONTROL,
                f"the name '{name}' of {entity.type} '{entity.id}' holds the invisible bidirectional control "
                f"U+{ord(found.group()):04X} at its character {found.start() + 1}",
                "delete it: a name is written as the text writes it, in visible characters",
            )


def check_entities(corpus: Corpus) -> Iterator[Finding]:
    """The registry: names that hold bidirectional controls; two entities
    that one name (alias, acronym) could mean; entities never mentioned."""
    yield from _names(corpus)
    yield from _unmentioned(corpus)


def _names(corpus: Corpus) -> Iterator[Finding]:
    """Names that hold control characters; two entities that one name (alias,
    acronym) could mean: a name shared by two, or names so alike that one
    entity was probably added twice."""
    for entity in corpus.entity_list:
        yield from _name_characters(entity)
    owners: dict[str, list[Entity]] = {}
    for entity in corpus.entities.values():
        for name in {_normal(n) for n in entity.names() if n.strip()}:
            owners.setdefault(name, []).append(entity)
    for name, entities in owners.items():
        for other in entities[1:]:
            first = entities[0]
            yield other.id_where.finding(
                codes.ENTITY_SHARED_NAME,
                f"{other.type} '{other.id}' and {first.type} '{first.id}' (line "
                f"{first.id_where.line}) are both called '{name}'",
                "a name, alias or acronym should name one entity: keep it on the entity the texts mean by it, or "
                "merge the two",
            )
    names = sorted(n for n in owners if len(n) >= NEAR_DUPLICATE_MIN_LENGTH)
    if len(names) < 2:
        return
    reported: set[tuple[str, str]] = set()
    for i, j in _alike(names):
        if not spelling_variants(names[i], names[j]):
            continue
        for a in owners[names[i]]:
            for b in owners[names[j]]:
                pair = (min(a.id, b.id), max(a.id, b.id))
                if a.id == b.id or pair in reported:
                    continue
                reported.add(pair)
                later, earlier = (a, b) if a.id_where.line > b.id_where.line else (b, a)
                yield later.id_where.finding(
                    codes.ENTITY_NEAR_DUPLICATE,
                    f"{later.type} '{later.id}' ('{names[i] if later is a else names[j]}') is nearly the same as "
                    f"{earlier.type} '{earlier.id}' ('{names[j] if later is a else names[i]}', line "
                    f"{earlier.id_where.line})",
                    "if they are one entity, keep one id and make the other name an alias; if not, a note on each "
                    "saying how they differ helps the next annotator",
                )


def _alike(names: list[str]) -> Iterator[tuple[int, int]]:
    """(i, j), i < j, in order, for the names at least NEAR_DUPLICATE alike
    (process.extract, not cdist: cdist would load numpy into every run)."""
    for i, name in enumerate(names):
        found = process.extract(name, names[i + 1 :], scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=None)
        for j in sorted(k for _, _, k in found):
            yield i, i + 1 + j


def _unmentioned(corpus: Corpus) -> Iterator[Finding]:
    """Every registry entity is mentioned somewhere (only when every
    annotation file was read)."""
    if not corpus.complete:
        return
    for entity in never_mentioned(corpus):
        yield entity.id_where.finding(
            codes.ENTITY_UNMENTIONED,
            f"{entity.type} '{entity.id}' is never mentioned in any document",
            "add its mentions, or remove it from the registry",
        )
