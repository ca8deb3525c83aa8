"""Registry lookup, the completeness tools and what reaches the terminal:
``registry`` by initials and its advice on what may be registered, names
inside names for ``stats``, ``new --suggest-mentions`` and ``locate``,
entities no one mentions, the near-duplicate rule, ``--strict`` on named
files, and values from files that could rewrite the terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import BRIEF, BRIEF_FILE, ESSAY_FILE, REGISTRY_FILE, CorpusDir
from sscorpus.authoring.lookup import initials_match, search
from sscorpus.checks.stats import collect
from sscorpus.cli import main
from sscorpus.corpus.model import Entity, EntityType, Location

HERE = Location(Path("registry.yaml"), 1, 1)

#: a title that retitles the terminal and clears it, if printed raw
HOSTILE = "\x1b]0;owned\x07\x1b[2J"
#: the same in a double-quoted YAML string (a file cannot hold the raw characters)
HOSTILE_YAML = "\\e]0;owned\\a\\e[2J"


@pytest.fixture(autouse=True)
def _inside(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.root)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def entity(id_: str, name: str, *aliases: str, type_: EntityType = "actor") -> Entity:
    return Entity(id_, type_, name, HERE, HERE, aliases=aliases)


def add_actors(corpus: CorpusDir, yaml: str) -> None:
    corpus.edit(REGISTRY_FILE, "institutions:\n", yaml + "institutions:\n")


# -- registry: initials (issue 15.6) ------------------------------------------------------

ENTITIES = [
    entity("igd", "Institute for Global Dialogue", type_="institution"),
    entity("philani-mthembu", "Philani Mthembu"),
    entity("unossc", "United Nations Office for South-South Cooperation"),
    entity("unctad", "United Nations Conference on Trade and Development", type_="institution"),
    entity("india", "India"),
]


@pytest.mark.parametrize(
    ("query", "found"),
    [("IGD", "igd"), ("igd", "igd"), ("PM", "philani-mthembu"), ("UNOSSC", "unossc"), ("UNCTAD", "unctad")],
)
def test_registry_finds_an_entity_by_its_initials(query: str, found: str) -> None:
    hits = search(ENTITIES, query)
    assert hits and hits[0].entity.id == found


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("IGD", "Institute for Global Dialogue", True),  # 'for' left out
        ("IFGD", "Institute for Global Dialogue", True),  # or kept
        ("IG", "Institute for Global Dialogue", False),  # every other word counts
        ("UNOSSC", "United Nations Office for South-South Cooperation", True),  # each part of South-South
        ("UNOSC", "United Nations Office for South-South Cooperation", False),
        ("I", "India", False),  # one letter is no initials
    ],
)
def test_initials_skip_only_function_words(query: str, name: str, expected: bool) -> None:
    assert initials_match(query, name) is expected


def test_the_registry_command_finds_initials(corpus: CorpusDir) -> None:
    result = run("registry", "PM")
    assert result.exit_code == 0
    assert ": actor philani-mthembu: Philani Mthembu" in result.output.splitlines()[0]


# -- registry: what may be registered (issue 15.9) ------------------------------------------


@pytest.mark.parametrize("place", ["Washington", "Geneva", "Zimbabwe"])
def test_a_place_is_not_offered_for_registration(corpus: CorpusDir, place: str) -> None:
    """'held in Washington', '..., Geneva, June 15, 1964', 'Harare, Zimbabwe.': guidelines 2.1
    (and 'The Washington Post', 'Zimbabwe Institute ...': a place in a longer name)."""
    result = run("registry", place)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "registry.yaml" not in lines[0] and "2.1" in lines[0]
    assert lines[1:] and all(line.endswith(("(a place)", "(in a longer name)")) for line in lines[1:])


def test_a_name_no_text_holds_is_not_offered_either(corpus: CorpusDir) -> None:
    result = run("registry", "Nairobi")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no text names it" in result.output


def test_a_name_the_texts_use_otherwise_may_be_registered(corpus: CorpusDir) -> None:
    result = run("registry", "Keohane")  # in the essay, and not in the conftest registry
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "annotations/registry.yaml by 2.5" in lines[0]
    assert any(not line.endswith("(a place)") for line in lines[1:])


def test_a_lower_case_phrase_may_only_be_a_principle(corpus: CorpusDir) -> None:
    result = run("registry", "multilateral order")
    assert result.exit_code == 1 and "only as a principle" in result.output.splitlines()[0]


# -- names inside other mentions (issue 15.7) ---------------------------------------------------

INDIA = "  - id: india\n    name: India\n    kind: state\n    country: IN\n"


def _brief_stats(corpus: CorpusDir) -> list[tuple[int, int, str]]:
    stats = collect(sscorpus.check(corpus.root).corpus)
    brief = next(f for f in stats.files if f.document == BRIEF)
    return [(p.line, p.column, p.what) for p in brief.uncovered_names]


def test_stats_lists_a_name_inside_a_mention_of_another_entity(corpus: CorpusDir) -> None:
    """'India' inside the mention 'external affairs ministry (India)' of india-mea
    needs a mention of its own (guidelines 3.3)."""
    add_actors(corpus, INDIA)
    text = corpus.read(f"texts/{BRIEF}.txt")
    inside = text.index("(India)") + 1
    column = inside - text.rfind("\n", 0, inside)
    assert (3, column, "'India' (actor india)") in _brief_stats(corpus)
    # a mention of its own covers it
    corpus.edit(
        BRIEF_FILE,
        "claims:\n",
        "  - actor: india\n    quote: India\n    prefix: ministry (\nclaims:\n",
    )
    assert not sscorpus.check(corpus.root).report.errors
    assert (3, column, "'India' (actor india)") not in _brief_stats(corpus)


def test_a_mention_of_the_same_entity_covers_its_name_inside(corpus: CorpusDir) -> None:
    """'WTO' in the mention 'World Trade Organisation (WTO)' is that one mention (guidelines 3.2)."""
    stats = collect(sscorpus.check(corpus.root).corpus)
    essay = next(f for f in stats.files if f.document != BRIEF)
    assert not any(p.line == 17 and "(institution wto)" in p.what for p in essay.uncovered_names)


def test_suggested_mentions_hold_the_names_inside_a_name(corpus: CorpusDir) -> None:
    """'India' in 'Ministry of External Affairs (India)' is suggested besides india-mea's name."""
    add_actors(corpus, INDIA)
    corpus.edit(
        REGISTRY_FILE,
        "    name: Ministry of External Affairs (India)\n",
        "    name: Ministry of External Affairs (India)\n    aliases: [external affairs ministry (India)]\n",
    )
    result = run("new", BRIEF, "--annotator", "c", "--suggest-mentions")
    assert result.exit_code == 0, result.output
    checked = sscorpus.check(corpus.root)
    assert not checked.report.errors
    file = next(f for f in checked.corpus.files if f.annotator == "c")
    text = corpus.read(f"texts/{BRIEF}.txt")
    outer = text.index("external affairs ministry (India)")
    inner = outer + len("external affairs ministry (")
    spans = {(m.entity_id, m.span.pieces) for m in file.mentions if m.span}
    assert ("india-mea", ((outer, outer + 33),)) in spans
    assert ("india", ((inner, inner + 5),)) in spans


def test_locate_does_not_count_a_longer_mention_of_another_entity_as_cover(corpus: CorpusDir) -> None:
    result = run("locate", BRIEF, "India", "--annotator", "a")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "[[India]])" in line)  # the place inside '(India)'
    block = lines[at + 1 : next((i for i in range(at + 1, len(lines)) if lines[i].startswith("texts/")), len(lines))]
    assert any(line.startswith("  inside mention of actor india-mea at annotations/a/") for line in block)
    assert any(line.startswith("  not covered by annotator a") for line in block)
    assert not any(line.startswith("  covered by") for line in block)


# -- entities no one mentions (issue 15.8) -----------------------------------------------------


def test_stats_lists_the_entities_no_file_mentions_anywhere(corpus: CorpusDir) -> None:
    """An entity that no text names and no one mentions was never listed."""
    add_actors(corpus, "  - id: nobody-names-me\n    name: Zzyzx Forum\n    kind: think-tank\n")
    checked = sscorpus.check(corpus.root)
    stats = collect(checked.corpus)
    assert stats.never_mentioned == ["nobody-names-me"]
    assert all("nobody-names-me" not in ids for ids in stats.unmentioned.values())
    assert [f.message for f in checked.report.warnings if f.code == "entity.unmentioned"] == [
        "actor 'nobody-names-me' is never mentioned in any document"
    ]  # the same rule
    shown = run("stats", "--format", "json")
    assert json.loads(shown.stdout)["never_mentioned"] == ["nobody-names-me"]
    text = run("stats", "--annotator", "a").output.splitlines()
    at = text.index("registry entities no annotation file mentions: 1")
    assert text[at + 1] == "    nobody-names-me"


# -- near duplicates and --strict (issue 15.10) ---------------------------------------------------

PRINCIPLES = """\
  - id: north-south-cooperation
    label: North-South cooperation
    definition: Cooperation between the North and the South.
  - id: south-south-cooperation
    label: South-South cooperation
    definition: Cooperation among the countries of the South.
"""


def test_names_that_differ_in_a_word_are_not_near_duplicates(corpus: CorpusDir) -> None:
    corpus.edit(REGISTRY_FILE, "principles:\n", "principles:\n" + PRINCIPLES)
    codes = {f.code for f in sscorpus.check(corpus.root).report.findings}
    assert "entity.near-duplicate" not in codes


def test_names_spelt_two_ways_still_are(corpus: CorpusDir) -> None:
    corpus.edit(
        REGISTRY_FILE,
        "principles:\n",
        "principles:\n  - id: wto2\n    label: World Trade Organisation\n    definition: x\n",
    )
    codes = [f.code for f in sscorpus.check(corpus.root).report.findings]
    assert "entity.near-duplicate" in codes


def test_a_registry_warning_fails_strict_for_the_registry_not_for_an_annotation_file(corpus: CorpusDir) -> None:
    corpus.edit(REGISTRY_FILE, "    acronym: WTO\n", "    acronym: WTO\n    aliases: [South Africa]\n")
    assert run("validate", "--strict", ESSAY_FILE).exit_code == 0  # the registry warning is shown, not failed
    assert "warning[entity.shared-name]" in run("validate", "--strict", ESSAY_FILE).output
    assert run("validate", "--strict", REGISTRY_FILE).exit_code == 1
    assert run("validate", "--strict", "annotations").exit_code == 1
    assert run("validate", "--strict").exit_code == 1
    assert run("validate", ESSAY_FILE).exit_code == 0


# -- what reaches the terminal (issue 16.9) ---------------------------------------------------------


def test_registry_prints_a_hostile_name_escaped(corpus: CorpusDir) -> None:
    corpus.edit(REGISTRY_FILE, "    name: South Africa\n", f'    name: "South Africa{HOSTILE_YAML}"\n')
    result = run("registry", "South Africa")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "South Africa\\x1b]0;owned\\x07\\x1b[2J" in result.output


def test_locate_prints_a_hostile_quote_escaped(corpus: CorpusDir) -> None:
    result = run("locate", BRIEF, f"India{HOSTILE}")
    assert result.exit_code == 1 and "\x1b" not in result.output and "India\\x1b]0;owned" in result.output


def test_agree_prints_hostile_values_escaped() -> None:
    """A disagreement shows quotes and names from the files: none reaches the terminal raw."""
    from sscorpus.agreement.disagreements import Disagreement, Side
    from sscorpus.agreement.measure import Agreement
    from sscorpus.agreement.report import write_agreement_text

    side = Side(f"'India{HOSTILE}'", "c1", Path("annotations/a/x.yaml"), 3)
    found = [Disagreement("x", "claim", ("a", "b"), f"span{HOSTILE}", side, Side(None, None, None, None), 0)]
    out = io.StringIO()
    write_agreement_text(Agreement(("a", "b"), (), (), {}), found, out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "span\\x1b]0;owned" in out.getvalue() and "India\\x1b]0;owned" in out.getvalue()


@pytest.mark.parametrize(
    ("character", "code", "column"),
    [
        ("\x85", "export.excel-text", 14),  # a control character: no cell holds it (at the aliases)
        ("\x1b", "export.excel-text", 14),
        ("\u202e", "entity.bidi-control", 15),  # at the alias
    ],
)
def test_validate_flags_control_and_bidi_characters_in_names(
    corpus: CorpusDir, character: str, code: str, column: int
) -> None:
    escaped = character.encode("unicode_escape").decode().replace("\\x", "\\x")
    corpus.edit(REGISTRY_FILE, "    acronym: WTO\n", f'    acronym: WTO\n    aliases: ["WTO{escaped}"]\n')
    located = corpus.located(sscorpus.check(corpus.root).report.errors)
    assert located == {(code, REGISTRY_FILE, 19, column)}  # one finding for one character


@pytest.mark.parametrize(("character", "code"), [("\x93", "text.c1-control"), ("\u202e", "text.bidi-control")])
def test_texts_with_c1_or_bidi_controls_are_refused(
    corpus: CorpusDir, tmp_path: Path, character: str, code: str
) -> None:
    source = tmp_path / "in.txt"
    source.write_text(f"A title\n\nSome {character}text.\n", encoding="utf-8")
    result = run(
        "add-text", str(source), "--id", "x", "--title", "X", "--kind", "essay", "--default-speaker", "india-mea"
    )
    assert result.exit_code == 1, result.output
    assert f"in.txt:3:6: error[{code}]" in result.output.replace(str(tmp_path) + "/", "")
    assert not corpus.path("texts/x.txt").exists()


# -- locate --annotator (issue 16.12) ----------------------------------------------------------------


def test_locate_with_an_unknown_annotator_is_a_usage_error(corpus: CorpusDir) -> None:
    result = run("locate", BRIEF, "India", "--annotator", "nobody")
    assert result.exit_code == 2
    assert "nobody" in result.output and "annotators: a" in result.output


def test_essay_file_fixture_is_valid(corpus: CorpusDir) -> None:
    assert not sscorpus.check(corpus.root, [corpus.path(ESSAY_FILE)]).report.findings


def test_the_site_isolates_names_and_notes(corpus: CorpusDir, tmp_path: Path) -> None:
    """A right-to-left override in a note (or a name) must not reverse what is
    shown beside it: each is isolated in <bdi>."""
    from sscorpus.site.build import build_site

    corpus.edit(REGISTRY_FILE, "    region: africa\n", '    region: africa\n    note: "\\u202eevil"\n')
    corpus.edit(ESSAY_FILE, "    quote: Philani Mthembu\n", '    quote: Philani Mthembu\n    note: "\\u202eevil"\n')
    result = build_site(corpus.root, tmp_path / "site")
    assert not result.report.errors
    entity = (tmp_path / "site" / "entities" / "south-africa.html").read_text(encoding="utf-8")
    assert "<h1><bdi>South Africa</bdi></h1>" in entity and "<bdi>\u202eevil</bdi>" in entity
    essay = (tmp_path / "site" / "documents" / "mthembu-multilateralism.html").read_text(encoding="utf-8")
    assert '<dd class="note"><bdi>\u202eevil</bdi></dd>' in essay
    assert '<a href="../entities/philani-mthembu.html"><bdi>Philani Mthembu</bdi></a>' in essay


def test_json_output_escapes_what_printable_escapes_and_reads_back_the_same(corpus: CorpusDir) -> None:
    corpus.edit(REGISTRY_FILE, "    name: South Africa\n", '    name: South Africa\n    aliases: ["SA\\u202e\\x85"]\n')
    result = run("validate", "--format", "json")
    assert "\u202e" not in result.stdout and "\x85" not in result.stdout
    assert any("SA\u202e\x85" in f["message"] for f in json.loads(result.stdout)["findings"])


def test_a_dateline_and_a_city_are_places_a_state_that_acts_is_not(corpus: CorpusDir) -> None:
    from sscorpus.authoring.adding import NewText, add_text
    from sscorpus.authoring.lookup import unregistered
    from sscorpus.corpus.layout import Layout

    source = corpus.write(
        "incoming/press.txt",
        "NAIROBI, 12 September 2024 – Kenya welcomed the plan.\n\nTalks in Nairobi went on; Kenya argued for it.\n",
    )
    added = add_text(
        Layout(corpus.root),
        NewText(source, "press", "Press", "press-release", default_speaker="india-mea", url="https://example.org/p"),
    )
    assert added.ok, (added.refused, added.findings)
    checked = sscorpus.check(corpus.root)
    nairobi = unregistered(checked.corpus, "Nairobi")
    assert [(u.line, u.column, u.use) for u in nairobi.uses] == [(1, 1, "place"), (3, 10, "place")]
    assert nairobi.verdict == "place"
    kenya = unregistered(checked.corpus, "Kenya")
    assert [u.use for u in kenya.uses] == ["other", "other"] and kenya.verdict == "candidate"
