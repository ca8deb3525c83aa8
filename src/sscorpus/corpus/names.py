"""Where a text names a registry entity: the one rule for a name's occurrence.

Used by ``stats`` (names that no mention covers) and by ``new
--suggest-mentions`` (a mention for every occurrence), so both see the same
occurrences. The rule (guidelines 3.4):

- a name, alias or acronym occurs as a **whole word, with its case**, and
  any run of whitespace in the text matches the space of a name;
- the **longest name first**: where "South Africa" occurs, "South" does not;
- a **name inside another entity's name** occurs of its own (guidelines 3.3:
  a party, owner, author or subject of the larger thing) where it stands as
  a name there: set off by punctuation ("India" in "Ministry of External
  Affairs (India)", "GOI" after a comma, "US" in "India-US"), after "the"
  ("BRICS" in "New Development Bank of the BRICS", "West" in "... in the
  West"), or written as an acronym (in a name not all in capitals) or in several words ("BRICS" in "BRICS
  New Development Bank", "United States" in "United States Department of
  State"). A single ordinary word joined to the larger name's other words
  is part of it (guidelines 3.3, 3.4): the "South" of "South Africa", the
  "State" of "Heads of State", the "Defence" of "Ministry of Defence", the
  "reciprocity" of "diffuse reciprocity";
- a name **inside a hyphenated compound** occurs only when every part of the
  compound joined to it is another registry name ("India" and "US" in
  "India-US"); "South" in "South-South" or "West" in "West-led" does not.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from .anchors import collapse
from .model import Entity

_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
#: what sets a name off inside a larger name: brackets, a comma, a hyphen, a slash
_SET_OFF_BEFORE = "(,-/"
_SET_OFF_AFTER = "),-/"
_THE = re.compile(r"(?<!\w)the\s+\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameOccurrence:
    """One place where the text names an entity: [start, end) in code points."""

    start: int
    end: int
    entity: Entity
    #: the name as the registry writes it (its whitespace collapsed)
    name: str


@functools.cache  # a registry has more names than re's own cache holds
def _pattern(name: str) -> re.Pattern[str]:
    # the name's first character leads the pattern, so that re searches for it as a literal
    # (a lookbehind in front would make it try every position); the word start is checked in _matches
    return re.compile(r"\s+".join(map(re.escape, name.split(" "))) + r"(?!\w)")


def _matches(name: str, text: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as a whole word (not preceded by a word character)."""
    pattern, found, position = _pattern(name), [], 0
    while (m := pattern.search(text, position)) is not None:
        if m.start() == 0 or not _WORD.match(text, m.start() - 1):
            found.append((m.start(), m.end()))
            position = m.end()
        else:
            position = m.start() + 1
    return found


def _hyphen_joined(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the span is joined by a hyphen to a word before it, and after it."""
    before = start >= 2 and text[start - 1] == "-" and (text[start - 2].isalnum())
    after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()
    return before, after


def stands_alone(text: str, outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """Whether the name at ``inner`` stands as a name of its own inside the
    larger name at ``outer`` (the rule in the module's docstring)."""
    start, end = inner
    before = text[outer[0] : start].rstrip()
    after = text[end : outer[1]].lstrip()
    if (before and before[-1] in _SET_OFF_BEFORE) or (after and after[0] in _SET_OFF_AFTER):
        return True
    if _THE.search(text, outer[0], start):
        return True
    name = text[start:end]
    acronym = len(name) > 1 and name.isupper() and not text[outer[0] : outer[1]].isupper()  # not a title in capitals
    return len(name.split()) > 1 or acronym


def find_names(text: str, entities: Iterable[Entity]) -> list[NameOccurrence]:
    """Every occurrence of a registry name in ``text`` under the rule above,
    in text order (a longer name before the names inside it). Where two entities share a name, the first entity given
    takes it."""
    names: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names():
            key = collapse(name)
            if key:
                names.setdefault(key, entity)
    # per character, 1 + the index in found of the innermost occurrence that holds it (0: none)
    owner = array("l", bytes(len(text) * array("l").itemsize))
    found: list[NameOccurrence] = []
    words = set(_WORDS.findall(text))
    for name in sorted(names, key=lambda n: (-len(n), n)):
        first = _WORDS.match(name)
        if first is not None and first.group() not in words:  # most names are not in a text: skip the regex
            continue
        entity = names[name]
        for start, end in _matches(name, text):
            held = owner[start]
            if held or any(owner[start:end]):  # inside a longer name: only where it stands alone there
                if any(o != held for o in owner[start:end]):
                    continue  # across the edge of a longer name, or holding a name itself
                outer = found[held - 1]
                if outer.entity.id == entity.id or not stands_alone(text, (outer.start, outer.end), (start, end)):
                    continue
            found.append(NameOccurrence(start, end, entity, name))
            owner[start:end] = array("l", [len(found)]) * (end - start)
    # the names that start, and that end, at each place: a longer name and a name inside it may share one
    by_start: dict[int, list[NameOccurrence]] = {}
    by_end: dict[int, list[NameOccurrence]] = {}
    for occurrence in found:
        by_start.setdefault(occurrence.start, []).append(occurrence)
        by_end.setdefault(occurrence.end, []).append(occurrence)
    kept = []
    for occurrence in found:
        before, after = _hyphen_joined(text, occurrence.start, occurrence.end)
        joined = ([by_end.get(occurrence.start - 1, [])] if before else []) + (
            [by_start.get(occurrence.end + 1, [])] if after else []
        )
        # each part joined to it is a name, and none of them names the same entity
        if all(side and all(p.entity.id != occurrence.entity.id for p in side) for side in joined):
            kept.append(occurrence)
    return sorted(kept, key=lambda o: (o.start, -o.end))  # a longer name before the names inside it
