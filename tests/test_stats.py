"""sscorpus stats: what is left to annotate, each item at its place."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import sscorpus
from conftest import BRIEF_FILE, ESSAY_FILE, CorpusDir
from sscorpus.checks.stats import FileStats, collect
from sscorpus.cli import main
from sscorpus.corpus.structure import TextStructure


def _essay_stats(corpus: CorpusDir) -> FileStats:
    checked = sscorpus.check(corpus.root)
    return next(f for f in collect(checked.corpus).files if f.document == "mthembu-multilateralism")


def _lines(places: list) -> list[int]:  # type: ignore[type-arg]
    return [p.line for p in places]


def test_paragraphs_leave_out_headings_rules_and_markup(essay_text: str) -> None:
    structure = TextStructure(essay_text)
    paragraphs = structure.paragraphs
    starts = {essay_text[p.start : p.end].split("\n")[0][:25] for p in paragraphs}
    assert "## Restoring and Transfor" not in starts and "---" not in starts
    # the page break splits a paragraph in two blocks; the box is one block
    lines = _lines(paragraphs)
    assert 27 in lines and 29 in lines and 71 in lines and 72 not in lines
    assert (
        structure.section(essay_text.index("Robert Keohane")) == "Restoring and Transforming Multilateralism: "
        "Role of South-South Cooperation"
    )
    assert structure.section(essay_text.index("Krauthammer, C.")) == "References"


def test_counts_and_what_is_left(corpus: CorpusDir) -> None:
    stats = _essay_stats(corpus)
    assert stats.counts == {
        "mentions": 5,
        "actor_mentions": 2,
        "institution_mentions": 1,
        "principle_mentions": 2,
        "claims": 2,
        "evidence": 1,
        "links": 2,
    }
    bare = _lines(stats.bare_paragraphs)
    assert 13 in bare and 27 in bare  # the epigraph, Keohane's paragraph: no claim yet
    assert 17 not in bare  # holds c1 and e1
    assert 67 not in bare and 77 not in bare  # c2 in two pieces around the box
    assert 71 in bare  # the box itself
    assert all(p.path.name == "mthembu-multilateralism.txt" for p in stats.bare_paragraphs)
    assert stats.unlinked_claims == [] and stats.idle_evidence == []


def _without_not_body(corpus: CorpusDir) -> None:
    """The repository's catalog declares the essay's front and back matter; take it out."""
    text = corpus.read("texts/catalog.yaml")
    start = text.index("    not_body:\n")
    end = text.index("  - id: india-us-2plus2")
    corpus.write("texts/catalog.yaml", text[:start] + text[end:])


def test_not_body_parts_are_not_asked_for_claims(corpus: CorpusDir) -> None:
    _without_not_body(corpus)
    before = _lines(_essay_stats(corpus).bare_paragraphs)
    assert {9, 91} <= set(before)
    corpus.edit(
        "texts/catalog.yaml",
        "    default_speaker: philani-mthembu\n",
        """\
    default_speaker: philani-mthembu
    not_body:
      - quote: Philani Mthembu
      - section: References
""",
    )
    assert not sscorpus.check(corpus.root).report.errors
    after = _lines(_essay_stats(corpus).bare_paragraphs)
    assert 9 not in after and 91 not in after and 13 in after


def test_a_not_body_section_must_be_a_heading(corpus: CorpusDir) -> None:
    _without_not_body(corpus)
    corpus.edit(
        "texts/catalog.yaml",
        "    default_speaker: philani-mthembu\n",
        "    default_speaker: philani-mthembu\n    not_body:\n      - section: Bibliography\n",
    )
    [finding] = sscorpus.check(corpus.root).report.errors
    assert (finding.code, finding.pointer) == ("catalog.unknown-section", "/documents/0/not_body/0/section")
    assert "References" in (finding.hint or "")


def test_claims_without_links_and_evidence_without_claims(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "    about:\n      - institution: wto\n        stance: neutral\n", "")
    corpus.edit(ESSAY_FILE, "supports: [c1]", "supports: []")
    stats = _essay_stats(corpus)  # works on a corpus with errors too
    assert [(p.what, p.line) for p in stats.unlinked_claims] == [("claim c1", 18)]
    assert [p.what for p in stats.idle_evidence] == ["evidence e1"]
    assert stats.unlinked_claims[0].path.name == "mthembu-multilateralism.yaml"


def test_names_that_no_mention_covers(corpus: CorpusDir, essay_text: str) -> None:
    uncovered = [(p.line, p.column, p.what) for p in _essay_stats(corpus).uncovered_names]
    # 'South Africa' occurs three times; the file mentions the first only
    second = essay_text.index("South Africa", essay_text.index("South Africa") + 1)
    line = essay_text.count("\n", 0, second) + 1
    column = second - essay_text.rfind("\n", 0, second)
    assert (line, column, "'South Africa' (actor south-africa)") in uncovered
    assert not any(line == 17 and "South Africa" in what for line, _, what in uncovered)


def test_a_name_inside_a_word_or_a_longer_mention_is_not_listed(corpus: CorpusDir) -> None:
    corpus.edit("annotations/registry.yaml", "    region: africa\n", "    region: africa\n    aliases: [South]\n")
    corpus.edit("annotations/registry.yaml", "    acronym: WTO\n", "    acronym: US\n")  # an acronym as a name
    uncovered = _essay_stats(corpus).uncovered_names
    # 'South' inside the mentioned 'South Africa' (line 17) is covered; 'US' is never matched inside a word
    assert not any(p.line == 17 and p.what.startswith("'South'") for p in uncovered)
    assert not any(p.what.startswith("'US'") and p.line == 98 for p in uncovered)
    assert any(p.what.startswith("'South'") for p in uncovered)  # 'South' elsewhere is listed


def test_not_mentions_silence_a_name(corpus: CorpusDir) -> None:
    count = len([p for p in _essay_stats(corpus).uncovered_names if "South Africa" in p.what])
    corpus.edit(
        ESSAY_FILE,
        "claims:\n",
        """\
not_mentions:
  - quote: South Africa
    occurrence: 2
    note: a test
claims:
""",
    )
    assert not sscorpus.check(corpus.root).report.errors
    after = [p for p in _essay_stats(corpus).uncovered_names if "South Africa" in p.what]
    assert len(after) == count - 1


def test_unmentioned_entities_per_annotator(corpus: CorpusDir) -> None:
    """An entity that no document an annotator annotated names or mentions is
    not theirs to mention; validate still warns that no one mentions it."""
    corpus.edit(BRIEF_FILE, "  - actor: india-mea\n    quote: external affairs ministry (India)\n", "")
    checked = sscorpus.check(corpus.root)
    assert collect(checked.corpus).unmentioned == {"a": []}
    assert [f.code for f in checked.report.warnings] == ["entity.unmentioned"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_reports_and_exits_0(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(main, ["stats", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [f["document"] for f in data["files"]] == ["india-us-2plus2", "mthembu-multilateralism"]
        bare = data["files"][1]["bare_paragraphs"][0]
        assert bare["path"] == "texts/mthembu-multilateralism.txt" and bare["line"] >= 1
    else:
        assert "paragraphs of the body without a claim or evidence:" in result.stdout
        assert "texts/mthembu-multilateralism.txt:13:1: “Rather than a one size fits all model" in result.stdout


def test_cli_unknown_annotator_is_a_usage_error(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(main, ["stats", "--annotator", "zz"])
    assert result.exit_code == 2 and "zz" in result.output


def test_an_annotator_is_judged_on_the_documents_they_annotated(corpus: CorpusDir) -> None:
    """Annotator c annotated only the brief: the essay's entities are not theirs to mention."""
    corpus.write("annotations/c/india-us-2plus2.yaml", corpus.read(BRIEF_FILE).replace("annotator: a", "annotator: c"))
    stats = collect(corpus.check().corpus, "c")
    assert stats.unmentioned == {"c": []}
    corpus.write("annotations/c/india-us-2plus2.yaml", "document: india-us-2plus2\nannotator: c\n")
    stats = collect(corpus.check().corpus, "c")
    assert stats.unmentioned == {"c": ["india-mea"]}  # a mentions it there, and its name is in the brief
