"""``sscorpus registry``: find an entity by id, name, alias or acronym.

Exact and partial matches come first, then fuzzy ones (a misspelling, a
different word order), each with where the registry defines it, so that an
annotator need not read the whole registry to find an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .model import Entity

#: the lowest fuzzy score (0-100) that is still offered
_CUTOFF = 75.0


@dataclass(frozen=True, slots=True)
class Hit:
    entity: Entity
    score: float
    #: the id, name, alias or acronym that matched
    matched: str


def _score(query: str, candidate: str) -> float:
    q, c = query.casefold(), candidate.casefold()
    if q == c:
        return 200.0
    if re.search(r"(?<!\w)" + re.escape(q), c):  # the start of a word: 'trade' in 'world trade organization'
        return 150.0 + 50.0 * len(q) / len(c)
    return float(fuzz.WRatio(q, c))


def search(
    entities: list[Entity], query: str | None = None, type_: str | None = None, limit: int | None = 20
) -> list[Hit]:
    """Entities matching ``query`` (all of them without one), best first."""
    pool = [e for e in entities if type_ is None or e.type == type_]
    if not query or not query.strip():
        return [Hit(e, 0.0, e.id) for e in sorted(pool, key=lambda e: (e.type, e.id))]
    hits = []
    for entity in pool:
        score, matched = max((_score(query.strip(), c), c) for c in (entity.id, *entity.names()))
        if score >= _CUTOFF:
            hits.append(Hit(entity, score, matched))
    hits.sort(key=lambda h: (-h.score, h.entity.id))
    return hits[:limit] if limit else hits
