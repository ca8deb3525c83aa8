"""``sscorpus registry``: find an entity by id, name, alias, acronym or initials.

Exact and partial matches come first, then initials ("IGD" for the Institute
for Global Dialogue), then fuzzy ones (a misspelling, a different word
order), each with where the registry defines it, so that an annotator need
not read the whole registry to find an id.

When nothing matches, ``unregistered`` says whether the guidelines let the
query be registered at all, from how the texts use it (below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz

from ..corpus.anchors import collapse
from ..corpus.model import Corpus, Entity

#: the lowest fuzzy score (0-100) that is still offered
_CUTOFF = 75.0
#: the score of a match by initials: below an exact or partial match, above any fuzzy one
_INITIALS = 120.0

#: words that an acronym may leave out: "IGD" is the Institute *for* Global
#: Dialogue, "UNCTAD" the United Nations Conference *on* Trade *and*
#: Development (which keeps its "and")
FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "de", "del", "des", "du", "et", "for", "from", "in", "la", "le", "les"}
    | {"of", "on", "or", "the", "to", "with", "y"}
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Hit:
    entity: Entity
    score: float
    #: the id, name, alias or acronym that matched
    matched: str


def initials_match(query: str, name: str) -> bool:
    """Whether ``query`` is the initials of ``name``: the first letter of each
    word (the parts of a hyphenated word each count: "South-South" gives
    "SS"), where a function word's letter may be left out; case aside.
    "IGD", "PM" and "UNOSSC" are initials of "Institute for Global Dialogue",
    "Philani Mthembu" and "United Nations Office for South-South Cooperation"."""
    letters = query.casefold()
    words = [w.casefold() for w in _WORD.findall(name)]
    if len(letters) < 2 or not letters.isalpha() or len(words) < 2:
        return False
    # positions in the query that can be reached after each word (a small automaton)
    reachable = {0}
    for word in words:
        optional = word in FUNCTION_WORDS
        step = {i + 1 for i in reachable if i < len(letters) and letters[i] == word[0]}
        reachable = step | reachable if optional else step
        if not reachable:
            return False
    return len(letters) in reachable


def _score(query: str, candidate: str) -> float:
    q, c = query.casefold(), candidate.casefold()
    if q == c:
        return 200.0
    if re.search(r"(?<!\w)" + re.escape(q), c):  # the start of a word: 'trade' in 'world trade organization'
        return 150.0 + 50.0 * len(q) / len(c)
    if initials_match(query, candidate):
        return _INITIALS
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


# -- what the registry lacks -------------------------------------------------------------
#
# Guidelines 2 register what a text names as an actor, an institution or a
# principle, and never "places used as places" (2.1: Washington in "held in
# Washington", Geneva in "..., Geneva, June 15, 1964", "Harare, Zimbabwe").
# Whether a name is a place is a matter of how the text uses it ("South
# Africa" is a place and a state that acts), so no list of places decides
# it: the texts do. A use is a place's when the name follows a preposition
# of place ("in", "at", "near"...), also past another place ("in South Asia
# and the Indo-Pacific"); or stands where a dateline or a reference puts a
# place: before a comma that a day and month follow ("NAIROBI, 12
# September", "Geneva, June 15"), before a capitalised name that ends the
# phrase ("Harare, Zimbabwe:"), after its city ("Harare, Zimbabwe,"), as a
# publisher's city ("Ljubljana: Research Center"), or alone between full
# stops ("... Development*. Geneva. Available at"). A word of a longer name
# ("The Washington Post", "Harare Summit") is no use of its own (3.3: a
# place in a name is no mention).
# A query that the texts use only so (at least once as a place) is not offered for registration; one
# that no text names is not either (the registry holds what texts name); a
# lower-case phrase may be registered only as a principle (2.1, 2.2: generic
# words for states, people or institutions are not registered).

_PLACE_BEFORE = re.compile(
    r"(?<!\w)(?i:in|at|near|across|throughout|outside|inside|within)\s+(?i:the\s+)?"
    r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+and\s+(?:the\s+)?)?\Z"  # "in South Asia and the Indo-Pacific"
)
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_CAPITALISED = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"
#: a dateline's date ("NAIROBI, 12 September", "Geneva, June 15") or a country after a city,
#: ending the phrase ("Harare, Zimbabwe:"); not a year, as in a citation ("(Mthembu, 2019)")
_PLACE_AFTER = re.compile(rf",\s+(?:\d{{1,2}}\s+{_MONTH}\b|{_MONTH}\s+\d{{1,2}}\b|{_CAPITALISED}\s*[,.:;)])")
#: a publisher's city: "Ljubljana: Research Center ..."
_PUBLISHER = re.compile(r":\s+[A-Z]")
#: a country after its city: "Harare, Zimbabwe,"
_AFTER_CITY = re.compile(r"[A-Z][a-z]+,\s+\Z")
#: a reference's place standing alone between full stops: "... Development*. Geneva. Available at"
_ALONE_BEFORE = re.compile(r"\.\W?\s+\Z")
_ALONE_AFTER = re.compile(r"\.\s")
#: a word of a longer name, joined to a capitalised word by a space
_NAME_BEFORE = re.compile(r"[A-Z]\w* \Z")
_NAME_AFTER = re.compile(r" [A-Z]")
#: how far around a use its context is looked at
_BEFORE = 40


UseKind = Literal["place", "name", "other"]
Verdict = Literal["unnamed", "place", "generic", "candidate"]


@dataclass(frozen=True, slots=True)
class Use:
    """One place where a text names the query."""

    path: Path
    line: int
    column: int
    context: str
    #: how the text uses it there (the rule above): ``place``, ``name`` (a
    #: word of a longer name) or ``other``
    use: UseKind

    @property
    def place(self) -> bool:
        return self.use == "place"


@dataclass(slots=True)
class Unregistered:
    """What the guidelines say about registering a query no entity matches."""

    query: str
    uses: list[Use] = field(default_factory=list)

    @property
    def advice(self) -> str:
        """What the guidelines say, for the verdict."""
        query = self.query
        return {
            "unnamed": f"no entity matches '{query}', and no text names it: the registry holds what the texts "
            "name (guidelines 2); register it once a text names it as an actor, institution or principle (2.5)",
            "place": f"no entity matches '{query}', and the texts use it only as a place (or inside a longer "
            "name): places used as places are not registered (guidelines 2.1), nor is a place in a name a "
            "mention (3.3)",
            "generic": f"no entity matches '{query}': a lower-case phrase is registered only as a principle "
            "that the text names with a stable label (guidelines 2.3); generic words for states, people or "
            "institutions are not registered (2.1, 2.2)",
            "candidate": f"no entity matches '{query}': register it only if a text names it as an actor, "
            "institution or principle (guidelines 2.1-2.3), not a place, a generic phrase, a publisher or an "
            "event; then add it to annotations/registry.yaml by 2.5",
        }[self.verdict]

    @property
    def verdict(self) -> Verdict:
        """``unnamed`` (no text names it), ``place`` (the texts use it as a
        place, or as a word of a longer name such as "Harare Summit"),
        ``generic`` (a lower-case phrase: only a principle may be registered
        so) or ``candidate`` (register it if a text names it as an actor,
        institution or principle)."""
        if not self.uses:
            return "unnamed"
        if any(use.place for use in self.uses) and all(use.use in ("place", "name") for use in self.uses):
            return "place"
        if not any(ch.isupper() for ch in self.query):
            return "generic"
        return "candidate"


def _use(text: str, start: int, end: int) -> UseKind:
    """``place``, ``name`` (a word of a longer name: "The Washington Post",
    "Harare Summit") or ``other``."""
    before, after = text[max(0, start - _BEFORE) : start], text[end : end + _BEFORE]
    if (
        _PLACE_BEFORE.search(before)
        or _PLACE_AFTER.match(after)
        or _PUBLISHER.match(after)
        or (_AFTER_CITY.search(before) and after[:1] in ",.:;)")
        or (_ALONE_BEFORE.search(before) and _ALONE_AFTER.match(after))
    ):
        return "place"
    if _NAME_BEFORE.search(before) or _NAME_AFTER.match(after):
        return "name"
    return "other"


def unregistered(corpus: Corpus, query: str) -> Unregistered:
    """Where the texts name ``query`` (as a whole word, case aside, whitespace
    relaxed), and whether each use is a place's."""
    found = Unregistered(collapse(query))
    words = found.query.split(" ")
    if not found.query:
        return found
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
    for document in corpus.document_list:
        index = corpus.index(document.id)
        if document.text is None or index is None:
            continue
        for m in pattern.finditer(document.text):
            line, column = index.line_column(m.start())
            found.uses.append(
                Use(
                    document.text_file,
                    line,
                    column,
                    index.excerpt(m.start(), m.end()),
                    _use(document.text, m.start(), m.end()),
                )
            )
    return found
