"""sscorpus curate: a starting gold file with the agreed units, every
disagreement listed with both versions, never an overwritten gold file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ESSAY, ESSAY_FILE, CorpusDir
from sscorpus.cli import main

B_FILE = ESSAY_FILE.replace("/a/", "/b/")
GOLD_FILE = f"annotations/gold/{ESSAY}.yaml"


def curate(corpus: CorpusDir, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["curate", ESSAY, "--root", str(corpus.root), *args])
    return result.exit_code, result.output


@pytest.fixture
def two(corpus: CorpusDir) -> CorpusDir:
    """Annotator b: a copy of a's essay file with c1's kind changed and e1's
    claim c1 still supported."""
    corpus.write(
        B_FILE,
        corpus.read(ESSAY_FILE).replace("annotator: a", "annotator: b").replace("kind: evaluative", "kind: causal"),
    )
    return corpus


def gold_units(corpus: CorpusDir) -> tuple[list[str | None], list[str | None], int]:
    checked = corpus.check()
    assert checked.report.errors == [], checked.report.errors
    (gold,) = [f for f in checked.corpus.files if f.annotator == "gold"]
    return [c.id for c in gold.claims], [e.id for e in gold.evidence], len(gold.mentions)


def test_what_both_agree_on_is_copied_and_the_rest_listed(two: CorpusDir) -> None:
    code, output = curate(two, "--from", "a,b")
    assert code == 0, output
    assert "1 claims" in output and "2 disagreements" in output
    claims, evidence, mentions = gold_units(two)
    assert claims == ["c2"] and evidence == []  # c1's kind differs; e1 supports c1
    (a_file,) = [f for f in two.check().corpus.files if f.annotator == "a" and f.document == ESSAY]
    assert mentions == len(a_file.mentions)
    text = two.read(GOLD_FILE)
    block = text[text.index("# == Disagreements to adjudicate: 2 ==") :]
    assert "claim: kind: evaluative / causal" in block and "evidence: its claims are not agreed yet: c1" in block
    line = next(n for n, row in enumerate(two.read(ESSAY_FILE).splitlines(), 1) if row == "  - id: c1")
    assert f"a: claim c1, {ESSAY_FILE}:{line}" in block and f"b: claim c1, {B_FILE}:{line}" in block
    assert "#         kind: causal" in block and "#         kind: evaluative" in block


def test_a_unit_one_annotator_left_out_is_listed(two: CorpusDir) -> None:
    text = two.read(B_FILE)
    start = text.index("  - id: c2")
    two.write(B_FILE, text[:start] + text[text.index("evidence:") :])
    assert curate(two, "--from", "a,b")[0] == 0
    block = two.read(GOLD_FILE)
    assert "claim: marked by a only" in block
    assert gold_units(two)[0] == []


def test_identical_annotations_give_a_complete_gold_file(corpus: CorpusDir) -> None:
    corpus.write(B_FILE, corpus.read(ESSAY_FILE).replace("annotator: a", "annotator: b"))
    code, output = curate(corpus, "--from", "a,b")
    assert code == 0 and "0 disagreements" in output
    assert gold_units(corpus)[:2] == (["c1", "c2"], ["e1"])
    assert "Disagreements to adjudicate: none" in corpus.read(GOLD_FILE)


def test_gold_is_never_overwritten_and_merge_adds_new_agreements_only(two: CorpusDir) -> None:
    assert curate(two, "--from", "a,b")[0] == 0
    two.edit(GOLD_FILE, "  - id: c2\n", "  - id: c2\n    note: kept after adjudication\n")
    code, output = curate(two, "--from", "a,b")
    assert code == 2 and "exists" in output and "kept after adjudication" in two.read(GOLD_FILE)
    two.edit(B_FILE, "kind: causal", "kind: evaluative")  # b agrees with a on c1 now
    code, output = curate(two, "--from", "a,b", "--merge")
    assert code == 0, output
    claims, evidence, _ = gold_units(two)
    assert sorted(c or "" for c in claims) == ["c1", "c2"] and evidence == ["e1"]
    text = two.read(GOLD_FILE)
    assert "kept after adjudication" in text and text.count("  - id: c2") == 1
    assert "Disagreements to adjudicate: none" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "a"], "two annotators"),
        (["--from", "a,a"], "two annotators"),
        (["--from", "a,c"], "no annotation file of 'c'"),
    ],
)
def test_usage_errors(two: CorpusDir, args: list[str], message: str) -> None:
    code, output = curate(two, *args)
    assert code == 2 and message in output
    assert not two.path(GOLD_FILE).exists()
