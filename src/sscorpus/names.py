"""Where a text names a registry entity: the one rule for a name's occurrence.

Used by ``stats`` (names that no mention covers) and by ``new
--suggest-mentions`` (a mention for every occurrence), so both see the same
occurrences. The rule (guidelines 3.4):

- a name, alias or acronym occurs as a **whole word, with its case**, and
  any run of whitespace in the text matches the space of a name;
- the **longest name first**: where "South Africa" occurs, "South" does not;
- a name **inside a hyphenated compound** occurs only when every part of the
  compound joined to it is another registry name ("India" and "US" in
  "India-US"); "South" in "South-South" or "West" in "West-led" does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .anchors import collapse
from .model import Entity

_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")


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


def find_names(text: str, entities: Iterable[Entity]) -> list[NameOccurrence]:
    """Every occurrence of a registry name in ``text`` under the rule above,
    in text order. Where two entities share a name, the first entity given
    takes it."""
    names: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names():
            key = collapse(name)
            if key:
                names.setdefault(key, entity)
    taken = bytearray(len(text))  # 1 where an occurrence already stands
    found: list[NameOccurrence] = []
    words = set(_WORDS.findall(text))
    for name in sorted(names, key=lambda n: (-len(n), n)):
        first = _WORDS.match(name)
        if first is not None and first.group() not in words:  # most names are not in a text: skip the regex
            continue
        for start, end in _matches(name, text):
            if taken.find(1, start, end) != -1:  # a longer name holds some of it
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(NameOccurrence(start, end, names[name], name))
    by_start = {o.start: o for o in found}
    by_end = {o.end: o for o in found}
    kept = []
    for occurrence in found:
        before, after = _hyphen_joined(text, occurrence.start, occurrence.end)
        partners = ([by_end.get(occurrence.start - 1)] if before else []) + (
            [by_start.get(occurrence.end + 1)] if after else []
        )
        if all(p is not None and p.entity.id != occurrence.entity.id for p in partners):
            kept.append(occurrence)
    return sorted(kept, key=lambda o: (o.start, o.end))
