"""The one rule for where a text names a registry entity (names.find_names),
and stats using it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sscorpus
from conftest import CorpusDir
from sscorpus.authoring.adding import NewText, add_text
from sscorpus.checks.stats import collect
from sscorpus.corpus.layout import Layout
from sscorpus.corpus.model import Entity, EntityType, Location
from sscorpus.corpus.names import find_names, stands_alone

HERE = Location(Path("registry.yaml"), 1, 1)


def entity(id_: str, name: str, *aliases: str, type_: EntityType = "actor", acronym: str | None = None) -> Entity:
    return Entity(id_, type_, name, HERE, HERE, aliases=aliases, acronym=acronym)


ENTITIES = [
    entity("global-south", "Global South", "South", "global South"),
    entity("mea", "Ministry of External Affairs (India)", "Ministry of External Affairs, GOI"),
    entity("ndb", "BRICS New Development Bank", "New Development Bank of the BRICS", type_="institution"),
    entity("brics", "BRICS", type_="institution"),
    entity("usdos", "United States Department of State", "Ministry of US"),
    entity("nam-hos", "Heads of State or Government of the Non-Aligned Movement"),
    entity("nam", "Non-Aligned Movement", type_="institution"),
    entity("state", "State"),
    entity("reciprocity", "reciprocity", type_="principle"),
    entity("diffuse-reciprocity", "diffuse reciprocity", type_="principle"),
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


def test_a_compound_with_two_names_at_one_side() -> None:
    """Where "BRICS New Development Bank" and the "BRICS" inside it both start after the hyphen: "South"
    is joined to another entity's name, and occurs; a name joined to its own entity's name does not."""
    assert names("South-BRICS New Development Bank") == [
        ("South", "global-south"),
        ("BRICS New Development Bank", "ndb"),
        ("BRICS", "brics"),
    ]
    assert names("BRICS-BRICS New Development Bank") == [("BRICS New Development Bank", "ndb")]
    # the Bank joined to itself, as 'South-South': neither of its names occurs; each BRICS is joined to the Bank
    assert names("New Development Bank of the BRICS-BRICS New Development Bank") == []


def test_whitespace_in_the_text_matches_the_space_of_a_name() -> None:
    assert names("the global\n  South") == [("global\n  South", "global-south")]


def test_a_name_in_a_compound_with_itself_or_a_word_is_no_occurrence() -> None:
    assert names("South-South trade grew") == []
    assert names("a West-led order") == []
    assert names("the South-South-South route") == []


def test_names_of_different_entities_joined_by_a_hyphen_each_occur() -> None:
    assert names("the India-US dialogue") == [("India", "india"), ("US", "united-states")]


@pytest.mark.parametrize(
    ("text", "inner"),
    [  # guidelines 3.3: a name inside a longer name that names another entity is a mention of its own
        ("Ministry of External Affairs (India)", [("India", "india")]),
        ("Ministry of External Affairs, GOI", []),  # GOI is no name of this test's India
        ("BRICS New Development Bank", [("BRICS", "brics")]),
        ("New Development Bank of the BRICS", [("BRICS", "brics")]),
        ("United States Department of State", [("United States", "united-states")]),
        ("Heads of State or Government of the Non-Aligned Movement", [("Non-Aligned Movement", "nam")]),
        # guidelines 3.3, 3.4: a single word joined to the larger name is part of it
        ("South Africa", []),
        ("diffuse reciprocity", []),
    ],
)
def test_a_name_inside_another_entitys_name_occurs_where_it_stands_alone(
    text: str, inner: list[tuple[str, str]]
) -> None:
    found = names(text)
    assert found[0] == (text, next(e.id for e in ENTITIES if text in e.names()))
    assert found[1:] == inner


def test_names_inside_names_nest() -> None:
    text = "the Heads of State or Government of the Non-Aligned Movement (India) met"
    assert names(text) == [
        ("Heads of State or Government of the Non-Aligned Movement", "nam-hos"),
        ("Non-Aligned Movement", "nam"),
        ("India", "india"),
    ]


def test_stands_alone_is_the_rule_of_the_guidelines() -> None:
    def alone(outer: str, inner: str) -> bool:
        return stands_alone(outer, (0, len(outer)), (outer.index(inner), outer.index(inner) + len(inner)))

    assert alone("Ministry of External Affairs, GOI", "GOI")
    assert alone("leaders and foreign policy establishments in the West", "West")
    assert alone("India-US strategic partnership", "US")
    assert not alone("Ministry of Defence (India)", "Defence")
    assert not alone("HEADS OF STATE", "STATE")  # capitals of a title are no acronym


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
            overlapping = [t for t in taken if t[0] < m.end() and m.start() < t[1]]
            if overlapping:  # only inside a longer name of another entity, standing alone there
                if not all(s <= m.start() and m.end() <= e for s, e, _ in overlapping):
                    continue
                s, e, outer = min(overlapping, key=lambda t: t[1] - t[0])
                if outer.id == names[name].id or not stands_alone(text, (s, e), (m.start(), m.end())):
                    continue
            taken.append((m.start(), m.end(), names[name]))
    kept: list[tuple[int, int, str]] = []
    for s, e, ent in taken:
        sides = []  # the names joined to it by a hyphen, side by side
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum():
            sides.append([p for p in taken if p[1] == s - 1])
        if e + 1 < len(text) and text[e] == "-" and text[e + 1].isalnum():
            sides.append([p for p in taken if p[0] == e + 1])
        if all(side and all(p[2].id != ent.id for p in side) for side in sides):
            kept.append((s, e, ent.id))
    return sorted(kept, key=lambda k: (k[0], -k[1]))


@given(
    st.lists(
        st.sampled_from(
            [
                *("South", "Africa", "India", "US", "West", "-", " ", "\n", "x", "cooperation", "South-South"),
                *("global", "é", "the", "(", ")", ",", "BRICS", "New Development Bank", "Ministry of", "State"),
            ]
        ),
        max_size=30,
    )
)
def test_find_names_is_the_rule_written_plainly(parts: list[str]) -> None:
    text = "".join(parts)
    assert [(o.start, o.end, o.entity.id) for o in find_names(text, ENTITIES)] == _reference(text, ENTITIES)
