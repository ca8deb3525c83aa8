"""The one rule for where a text names a registry entity (names.find_names),
and stats using it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import sscorpus
from conftest import CorpusDir
from sscorpus.adding import NewText, add_text
from sscorpus.corpus import Layout
from sscorpus.model import Entity, EntityType, Location
from sscorpus.names import find_names
from sscorpus.stats import collect

HERE = Location(Path("registry.yaml"), 1, 1)


def entity(id_: str, name: str, *aliases: str, type_: EntityType = "actor", acronym: str | None = None) -> Entity:
    return Entity(id_, type_, name, HERE, HERE, aliases=aliases, acronym=acronym)


ENTITIES = [
    entity("global-south", "Global South", "South", "global South"),
    entity("south-africa", "South Africa"),
    entity("india", "India"),
    entity("united-states", "United States", "US"),
    entity("global-north", "Global North", "West"),
    entity("ssc", "South-South cooperation", type_="principle"),
]


def names(text: str) -> list[tuple[str, str]]:
    return [(text[o.start : o.end], o.entity.id) for o in find_names(text, ENTITIES)]


def test_whole_words_with_their_case() -> None:
    assert names("the South, Southern states, the south, SOUTH") == [("South", "global-south")]
    assert names("DISCUSSIONS with the US") == [("US", "united-states")]


def test_the_longest_name_first() -> None:
    assert names("South Africa and the South") == [("South Africa", "south-africa"), ("South", "global-south")]
    assert names("South-South cooperation") == [("South-South cooperation", "ssc")]


def test_whitespace_in_the_text_matches_the_space_of_a_name() -> None:
    assert names("the global\n  South") == [("global\n  South", "global-south")]


def test_a_name_in_a_compound_with_itself_or_a_word_is_no_occurrence() -> None:
    assert names("South-South trade grew") == []
    assert names("a West-led order") == []
    assert names("the South-South-South route") == []


def test_names_of_different_entities_joined_by_a_hyphen_each_occur() -> None:
    assert names("the India-US dialogue") == [("India", "india"), ("US", "united-states")]


def test_a_dash_between_spaces_is_no_compound() -> None:
    assert names("the South - and the North") == [("South", "global-south")]


def _corpus_with(corpus: CorpusDir, text: str) -> None:
    """The conftest corpus with global-south (alias South) in its registry and a new text."""
    corpus.edit(
        "annotations/registry.yaml",
        "institutions:\n",
        "  - id: global-south\n    name: Global South\n    kind: state-group\n    aliases: [South]\ninstitutions:\n",
    )
    source = corpus.write("incoming/press.txt", text)
    added = add_text(
        Layout(corpus.root),
        NewText(source, "press", "Press", "press-release", default_speaker="south-africa", url="https://example.org/p"),
    )
    assert added.ok, (added.refused, added.findings)
    corpus.write("annotations/a/press.yaml", "document: press\nannotator: a\n")


def test_stats_does_not_count_south_in_south_south_as_a_name(corpus: CorpusDir) -> None:
    """Bug 5: 'South' in 'South-South' was listed as an uncovered name of global-south."""
    _corpus_with(corpus, "South-South trade grew.\n\nThe South gained.\n")
    stats = next(f for f in collect(sscorpus.check(corpus.root).corpus).files if f.document == "press")
    assert [(p.line, p.column, p.what) for p in stats.uncovered_names] == [(3, 5, "'South' (actor global-south)")]


def _reference(text: str, entities: list[Entity]) -> list[tuple[int, int, str]]:
    """The rule written plainly (slow): every name by a lookbehind regex,
    longest first, then the compound rule."""
    import re

    names: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names():
            names.setdefault(" ".join(name.split()), entity)
    taken: list[tuple[int, int, Entity]] = []  # (start, end, entity)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split(" "))) + r"(?!\w)"
        for m in re.finditer(pattern, text):
            if not any(s < m.end() and m.start() < e for s, e, _ in taken):
                taken.append((m.start(), m.end(), names[name]))
    kept: list[tuple[int, int, str]] = []
    for s, e, ent in taken:
        partners = [
            p
            for p in taken
            if (s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum() and p[1] == s - 1)
            or (e + 1 < len(text) and text[e] == "-" and text[e + 1].isalnum() and p[0] == e + 1)
        ]
        joined = (s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum()) + (
            e + 1 < len(text) and text[e] == "-" and text[e + 1].isalnum()
        )
        if len(partners) == joined and all(p[2].id != ent.id for p in partners):
            kept.append((s, e, ent.id))
    return sorted(kept)


@given(
    st.lists(
        st.sampled_from(
            ["South", "Africa", "India", "US", "West", "-", " ", "\n", "x", "cooperation", "South-South", "global", "é"]
        ),
        max_size=30,
    )
)
def test_find_names_is_the_rule_written_plainly(parts: list[str]) -> None:
    text = "".join(parts)
    assert [(o.start, o.end, o.entity.id) for o in find_names(text, ENTITIES)] == _reference(text, ENTITIES)
