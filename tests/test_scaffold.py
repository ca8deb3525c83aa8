"""sscorpus new, locate and registry: starting an annotation file without counting."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import BRIEF, BRIEF_FILE, REGISTRY_FILE, CorpusDir
from sscorpus.cli import main
from sscorpus.corpus.loading import load_file


@pytest.fixture(autouse=True)
def _inside(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the output are relative to the current folder: the corpus."""
    monkeypatch.chdir(corpus.root)


def run(corpus: CorpusDir, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(corpus.root)])


def test_new_writes_an_empty_file_that_validates(corpus: CorpusDir) -> None:
    result = run(corpus, "new", BRIEF, "--annotator", "c")
    assert result.exit_code == 0, result.output
    text = corpus.read(f"annotations/c/{BRIEF}.yaml")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/annotation-file.schema.json\n")
    assert load_file(corpus.path(f"annotations/c/{BRIEF}.yaml")).data == {
        "document": BRIEF,
        "annotator": "c",
        "mentions": [],
        "claims": [],
        "evidence": [],
    }
    assert sscorpus.check(corpus.root).report.errors == []


def test_new_never_overwrites(corpus: CorpusDir) -> None:
    before = corpus.read(BRIEF_FILE)
    result = run(corpus, "new", BRIEF, "--annotator", "a", "--suggest-mentions")
    assert result.exit_code == 2 and "already exists" in result.output
    assert corpus.read(BRIEF_FILE) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["new", "no-such-doc", "--annotator", "c"], "no document 'no-such-doc'"),
        (["new", BRIEF, "--annotator", "C D"], "lower-case letters"),
    ],
)
def test_new_refuses_usage_problems(corpus: CorpusDir, args: list[str], says: str) -> None:
    result = run(corpus, *args)
    assert result.exit_code == 2 and says in result.output


def test_suggested_mentions_are_every_occurrence_anchored_and_valid(corpus: CorpusDir) -> None:
    # counted by hand in the brief: 'US' as a word 6 times (INDIA-US, India-US twice more, 'Indian and US',
    # 'the US delegation', the source line's India-US; not the 'US' of 'DISCUSSIONS'), 'India' as a word
    # 5 times (not 'Indian', not 'IndiaUS' in the URL) and 'INDIA' once
    corpus.edit(
        REGISTRY_FILE,
        "institutions:\n",
        "  - id: united-states\n    name: United States\n    kind: state\n"
        "    aliases: [US]\n  - id: india\n    name: India\n    kind: state\n    aliases: [INDIA]\n"
        "institutions:\n",
    )
    result = run(corpus, "new", BRIEF, "--annotator", "c", "--suggest-mentions")
    assert result.exit_code == 0, result.output
    path = corpus.path(f"annotations/c/{BRIEF}.yaml")
    mentions = load_file(path).data["mentions"]
    text = corpus.read(f"texts/{BRIEF}.txt")
    checked = sscorpus.check(corpus.root)
    assert checked.report.errors == []
    file = next(f for f in checked.corpus.files if f.annotator == "c")
    spans = [m.span.pieces[0] for m in file.mentions if m.span]
    assert len(spans) == len(mentions)
    quoted = sorted(text[s:e] for s, e in spans)
    assert quoted.count("US") == 6 and quoted.count("India") == 5 and quoted.count("INDIA") == 1
    assert "Ministry of External Affairs" not in quoted  # india-mea's name is not that: not suggested
    # a quote that occurs once has no selector; the others have one, and the file says where each paragraph starts
    assert {"actor": "india", "quote": "INDIA"} in mentions
    assert all("occurrence" in m or "prefix" in m for m in mentions if m["quote"] in ("US", "India"))
    assert "  # line 3: India-US 2+2 Intersessional Dialogue was held in Washingt..." in path.read_text("utf-8")


def test_locate_lists_every_place_with_the_anchor_to_paste(corpus: CorpusDir) -> None:
    result = run(corpus, "locate", BRIEF, "India-US 2+2 Intersessional Dialogue", "--annotator", "a")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"texts/{BRIEF}.txt:3:1: ") and "[[India-US 2+2 Intersessional Dialogue]]" in lines[0]
    assert lines[1:4] == [
        "    quote: India-US 2+2 Intersessional Dialogue",
        "    occurrence: 1",
        f"  covered by claim b1 at {BRIEF_FILE}:7:5",
    ]
    assert lines[4].startswith(f"texts/{BRIEF}.txt:9:")
    # 'occurrence: 2' is shorter than 'prefix: "2)."', the shortest prefix that tells the two apart
    assert lines[5:] == [
        "    quote: India-US 2+2 Intersessional Dialogue",
        "    occurrence: 2",
        "  not covered by annotator a",
    ]


def test_the_anchors_locate_offers_select_their_place(corpus: CorpusDir) -> None:
    from sscorpus.authoring.locating import locate
    from sscorpus.corpus.anchors import Selector

    checked = sscorpus.check(corpus.root)
    index = checked.corpus.index(BRIEF)
    assert index is not None
    places = locate(checked.corpus, BRIEF, "India")
    assert len(places) == 7  # as anchoring counts: 5 words, 'Indian' and the URL's 'IndiaUS'
    for place in places:
        anchor = place.anchor
        occurrence = anchor.get("occurrence")
        prefix = anchor.get("prefix")
        selector = Selector(
            str(anchor["quote"]),
            occurrence if isinstance(occurrence, int) else None,
            prefix if isinstance(prefix, str) else None,
        )
        found = index.resolve(selector)
        assert (found.start, found.end) == (place.start, place.end)  # type: ignore[union-attr]


def test_locate_a_quote_that_is_not_there_exits_1(corpus: CorpusDir) -> None:
    result = run(corpus, "locate", BRIEF, "Pretoria")
    assert result.exit_code == 1 and "does not occur" in result.output
    typo = run(corpus, "locate", BRIEF, "Intersessional Dialog was held")
    assert typo.exit_code == 1 and "the closest passage" in typo.output and "on line 3" in typo.output


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("wto", "institution wto"),  # the id
        ("World Trade", "institution wto"),  # part of the name
        ("Mthembu", "actor philani-mthembu"),  # part of the name
        ("diffuse reciprocty", "principle diffuse-reciprocity"),  # misspelt
    ],
)
def test_registry_finds_entities_with_where_they_are_defined(corpus: CorpusDir, query: str, first: str) -> None:
    result = run(corpus, "registry", query)
    assert result.exit_code == 0, result.output
    top = result.output.splitlines()[0]
    assert top.startswith(f"{REGISTRY_FILE}:") and f": {first}: " in top


def test_registry_by_type_and_all(corpus: CorpusDir) -> None:
    everything = run(corpus, "registry").output.splitlines()
    assert len(everything) == 6  # the conftest registry holds six entities
    actors = run(corpus, "registry", "--type", "actor").output.splitlines()
    assert [line.split(": ")[1] for line in actors] == [
        "actor india-mea",
        "actor philani-mthembu",
        "actor south-africa",
    ]
    assert run(corpus, "registry", "zzzz").exit_code == 1
