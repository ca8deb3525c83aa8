"""sscorpus curate: a starting gold file with the agreed units, every
disagreement listed with both versions, never an overwritten gold file."""

from __future__ import annotations

import json
import random
import shutil
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sscorpus.corpus.loading
from conftest import ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, CorpusDir, located
from killing import forked, killed_after
from sscorpus.agreement import goldfile
from sscorpus.agreement.goldfile import write_gold
from sscorpus.cli import main
from sscorpus.corpus import yamledit
from sscorpus.corpus.model import AnnotationFile
from sscorpus.corpus.writing import recover

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


def test_merge_lists_again_only_what_gold_has_not_decided(two: CorpusDir) -> None:
    """The adjudicator copies a's c1 into gold: curate --merge lists e1 still (gold marks none of its
    characters), and not c1's two kinds; with e1 copied in too, it lists nothing."""
    assert curate(two, "--from", "a,b")[0] == 0
    c1 = ESSAY_ANNOTATIONS[ESSAY_ANNOTATIONS.index("  - id: c1\n") : ESSAY_ANNOTATIONS.index("  - id: c2\n")]
    two.edit(GOLD_FILE, "claims:\n", "claims:\n" + c1)
    code, output = curate(two, "--from", "a,b", "--merge")
    assert code == 0, output
    assert "; 1 disagreements listed at its end to adjudicate (1 more that gold has decided" in output
    block = two.read(GOLD_FILE).split("# == Disagreements to adjudicate")[1]
    assert block.startswith(": 1 ==") and "evidence: its claims are not agreed yet: c1" in block
    assert "claim: kind" not in block
    evidence = ESSAY_ANNOTATIONS[ESSAY_ANNOTATIONS.index("evidence:\n") :]
    two.edit(GOLD_FILE, "\n# == Disagreements", evidence + "\n# == Disagreements")
    code, output = curate(two, "--from", "a,b", "--merge")
    assert code == 0, output
    assert "; 0 disagreements listed at its end to adjudicate (2 more that gold has decided" in output
    assert "Disagreements to adjudicate: none" in two.read(GOLD_FILE)
    assert gold_units(two)[:2] == (["c1", "c2"], ["e1"])


def test_a_mention_gold_turns_down_in_its_not_mentions_is_decided(two: CorpusDir) -> None:
    """b left out a's mention of South Africa; the adjudicator records it among gold's not_mentions:
    curate --merge no longer lists it (nor adds a's mention, on which the two do not agree)."""
    mention = "  - actor: south-africa\n    quote: South Africa\n    occurrence: 1\n"
    two.edit(B_FILE, mention, "")
    assert curate(two, "--from", "a,b")[0] == 0
    assert "mention: marked by a only" in two.read(GOLD_FILE)
    turned_down = "  - quote: South Africa\n    occurrence: 1\n    note: the place, not the actor\n"
    two.edit(GOLD_FILE, "\nclaims:\n", "\nnot_mentions:\n" + turned_down + "claims:\n")
    code, output = curate(two, "--from", "a,b", "--merge")
    assert code == 0, output
    assert "(1 more that gold has decided, not listed again)" in output
    assert "mention: marked by a only" not in two.read(GOLD_FILE)
    assert gold_units(two)[2] == len(a_file(two).mentions) - 1


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


# -- reproductions of issue 16 (items 3, 4, 5 and 8) ----------------------------------------

C1_QUOTE = "This has exposed a real weakness in the multilateralism system"
C2_PIECES = (
    "    pieces:\n"
    "      - quote: Developing countries have consistently argued that they have limited policy\n"
    "      - quote: space when it comes to issues such as trade and development\n"
)
#: a sentence of the essay that neither annotator marks
OTHER_QUOTE = "Philani Mthembu"
GOLD_HEAD = f"document: {ESSAY}\nannotator: gold\n"


@pytest.fixture
def same(corpus: CorpusDir) -> CorpusDir:
    """Annotator b agrees with a on everything."""
    corpus.write(B_FILE, corpus.read(ESSAY_FILE).replace("annotator: a", "annotator: b"))
    return corpus


def gold_file(corpus: CorpusDir, rel: str = GOLD_FILE) -> AnnotationFile:
    checked = corpus.check()
    assert checked.report.errors == [], [located(f, corpus.root) for f in checked.report.errors]
    (gold,) = [f for f in checked.corpus.files if f.annotator == "gold"]
    assert gold.path == corpus.path(rel)
    return gold


def a_file(corpus: CorpusDir) -> AnnotationFile:
    (found,) = [f for f in corpus.check().corpus.files if f.annotator == "a" and f.document == ESSAY]
    return found


def pieces_of(file: AnnotationFile) -> dict[str, tuple[tuple[int, int], ...]]:
    return {c.id or "": c.span.pieces for c in file.claims if c.span}


def assert_links_mark_the_same_claims(gold: AnnotationFile, source: AnnotationFile) -> None:
    """Every piece of gold evidence that the annotator has too links claims
    that mark the characters of the annotator's claims."""
    gold_claims, source_claims = pieces_of(gold), pieces_of(source)
    theirs = {e.span.pieces: e for e in source.evidence if e.span}
    for evidence in gold.evidence:
        assert evidence.span is not None
        original = theirs.get(evidence.span.pieces)
        if original is None:
            continue
        assert sorted((r, gold_claims[ref.id]) for r, ref in evidence.relations()) == sorted(
            (r, source_claims[ref.id]) for r, ref in original.relations()
        )


def test_merged_evidence_links_the_gold_claim_that_marks_the_same_characters(same: CorpusDir) -> None:
    """Gold gave a's c1 the id c2 and a's c2 the id c1: merged e1 supports gold's c2."""
    same.write(
        GOLD_FILE,
        GOLD_HEAD
        + f"claims:\n  - id: c2\n    quote: {C1_QUOTE}\n    kind: evaluative\n"
        + "  - id: c1\n"
        + C2_PIECES
        + "    kind: descriptive\n",
    )
    code, output = curate(same, "--from", "a,b", "--merge")
    assert code == 0, output
    gold = gold_file(same)
    assert [e.id for e in gold.evidence] == ["e1"]
    assert [ref.id for ref in gold.evidence[0].supports] == ["c2"]
    assert_links_mark_the_same_claims(gold, a_file(same))


def test_a_json_annotation_file_gives_a_gold_file_that_validates(same: CorpusDir) -> None:
    loaded = sscorpus.corpus.loading.load_file(same.path(ESSAY_FILE))
    same.remove(ESSAY_FILE)
    same.write(ESSAY_FILE.replace(".yaml", ".json"), json.dumps(loaded.data, indent=2))
    code, output = curate(same, "--from", "a,b")
    assert code == 0, output
    gold = gold_file(same)
    assert pieces_of(gold) == pieces_of(a_file(same)) and [e.id for e in gold.evidence] == ["e1"]


def test_merge_into_an_empty_flow_list_with_a_comment(same: CorpusDir) -> None:
    same.write(GOLD_FILE, GOLD_HEAD + "claims: []   # to do\n")
    code, output = curate(same, "--from", "a,b", "--merge")
    assert code == 0, output
    gold = gold_file(same)
    assert pieces_of(gold) == pieces_of(a_file(same))
    assert "# to do" in same.read(GOLD_FILE)


def test_merge_into_a_file_indented_by_four(same: CorpusDir) -> None:
    same.write(GOLD_FILE, GOLD_HEAD + f"claims:\n    - id: c1\n      quote: {C1_QUOTE}\n      kind: evaluative\n")
    code, output = curate(same, "--from", "a,b", "--merge")
    assert code == 0, output
    gold = gold_file(same)
    assert pieces_of(gold) == pieces_of(a_file(same))
    assert_links_mark_the_same_claims(gold, a_file(same))


def test_a_merged_claim_whose_id_gold_uses_gets_a_fresh_one(same: CorpusDir) -> None:
    """Gold's c2 marks another passage: a's c2 comes in under a new id, and
    gold's c2 stays what it was."""
    same.write(GOLD_FILE, GOLD_HEAD + f"claims:\n  - id: c2\n    quote: {OTHER_QUOTE}\n    kind: descriptive\n")
    before = pieces_of(gold_file(same))["c2"]
    code, output = curate(same, "--from", "a,b", "--merge")
    assert code == 0, output
    gold = gold_file(same)
    claims = pieces_of(gold)
    assert claims["c2"] == before and len(claims) == 3
    assert sorted(claims.values()) == sorted([before, *pieces_of(a_file(same)).values()])
    assert_links_mark_the_same_claims(gold, a_file(same))


@pytest.mark.parametrize("merge", [False, True])
def test_a_json_gold_file_is_not_doubled_by_a_yaml_one(same: CorpusDir, merge: bool) -> None:
    json_gold = GOLD_FILE.replace(".yaml", ".json")
    same.write(json_gold, json.dumps({"document": ESSAY, "annotator": "gold", "claims": []}))
    before = same.read(json_gold)
    code, _ = curate(same, "--from", "a,b", *(["--merge"] if merge else []))
    assert code != 0
    assert not same.path(GOLD_FILE).exists() and same.read(json_gold) == before


def test_merge_keeps_what_follows_the_disagreements_block(two: CorpusDir) -> None:
    assert curate(two, "--from", "a,b")[0] == 0
    text = two.read(GOLD_FILE)
    two.write(GOLD_FILE, text + "not_mentions:\n  - quote: South Africa\n    occurrence: 2\n    note: decided\n")
    gold_file(two)
    code, output = curate(two, "--from", "a,b", "--merge")
    assert code == 0, output
    assert len(gold_file(two).not_mentions) == 1


def test_merge_keeps_the_gold_file_mode(two: CorpusDir) -> None:
    assert curate(two, "--from", "a,b")[0] == 0
    two.path(GOLD_FILE).chmod(0o640)
    two.edit(B_FILE, "kind: causal", "kind: evaluative")
    assert curate(two, "--from", "a,b", "--merge")[0] == 0
    assert stat.S_IMODE(two.path(GOLD_FILE).stat().st_mode) == 0o640


def test_a_flow_list_with_items_is_refused_with_a_located_finding(same: CorpusDir) -> None:
    text = GOLD_HEAD + f"claims: [{{id: c9, quote: {OTHER_QUOTE}, kind: descriptive}}]\n"
    same.write(GOLD_FILE, text)
    result = write_gold(same.root, ESSAY, ["a", "b"], merge=True)
    assert same.located(result.findings) == {("curate.layout", GOLD_FILE, 3, 1)}
    assert same.read(GOLD_FILE) == text


def test_a_json_gold_file_is_refused_with_a_located_finding(same: CorpusDir) -> None:
    json_gold = GOLD_FILE.replace(".yaml", ".json")
    same.write(json_gold, json.dumps({"document": ESSAY, "annotator": "gold", "claims": []}))
    result = write_gold(same.root, ESSAY, ["a", "b"], merge=True)
    assert same.located(result.findings) == {("curate.json-gold", json_gold, 0, 0)}


def test_a_result_that_does_not_validate_is_not_written(same: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    real = goldfile._header
    monkeypatch.setattr(goldfile, "_header", lambda *args: real(*args) + "colour: blue\n")
    result = write_gold(same.root, ESSAY, ["a", "b"])
    assert not result.written and {f.code for f in result.findings} == {"schema.unknown-property"}
    assert not same.path(GOLD_FILE).exists()
    assert curate(same, "--from", "a,b")[0] == 1


def test_a_result_that_links_other_characters_is_not_written(same: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug that linked e1 to the wrong claim (valid, but another passage)
    is caught before anything is written."""
    real = yamledit.value_at

    def relinked(data: Any, pointer: str) -> Any:
        found = real(data, pointer)
        return {**found, "supports": ["c2"]} if "supports" in found else found

    monkeypatch.setattr("sscorpus.agreement.goldfile.value_at", relinked)
    result = write_gold(same.root, ESSAY, ["a", "b"])
    assert "internal.error" in {f.code for f in result.findings}
    assert not same.path(GOLD_FILE).exists()


@pytest.mark.parametrize("seed", range(4))
def test_kill_at_any_moment_leaves_the_gold_file_old_or_new(two: CorpusDir, seed: int) -> None:
    """curate --merge killed at a random moment: after the next edit's
    recovery the gold file is the old one or the merged one, never torn."""
    assert curate(two, "--from", "a,b")[0] == 0
    old = two.read(GOLD_FILE)
    two.edit(B_FILE, "kind: causal", "kind: evaluative")
    # in a forked copy of this process (no interpreter to start), killed at a
    # moment within one and a half times a whole merge of the same corpus
    rehearsal = two.root.with_name("rehearsal")
    shutil.copytree(two.root, rehearsal)
    started = time.monotonic()
    assert forked(lambda: write_gold(rehearsal, ESSAY, ["a", "b"], merge=True)) == 0
    whole = time.monotonic() - started
    assert (rehearsal / GOLD_FILE).read_text(encoding="utf-8") != old
    killed_after(
        random.Random(seed).uniform(0.0, 1.5 * whole), lambda: write_gold(two.root, ESSAY, ["a", "b"], merge=True)
    )
    recover(two.root)
    now = two.read(GOLD_FILE)
    if now != old:
        gold_file(two)  # the merged file, whole
        assert "Disagreements to adjudicate: none" in now
    assert list(two.root.rglob(".sscorpus-edit-*")) == [] and not (two.root / ".sscorpus-journal").exists()


NEW_ITEM = {"id": "c9", "quote": "a: b", "about": [{"principle": "p", "stance": "endorses"}], "supports": ["c1"]}


@pytest.mark.parametrize(
    "text",
    [
        "claims:\n- id: c1\n  kind: x\nevidence: []\n",
        "claims:\n    -   id: c1  # first\n        note: >-\n          folded\n\n    # about c1\nevidence: []\n",
        "claims: []   # to do\nevidence: []\n",
        "evidence: []\n",
        "claims:\n  - {id: c1}\n  - id: c2\n    kind: x\n# the end\n",
    ],
)
def test_append_items_fits_the_list_as_it_is_written(text: str, tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    before = yamledit.parse(path, text)
    edited = yamledit.append_items(text, before, "claims", [NEW_ITEM])
    after = yamledit.parse(path, edited)
    assert after.data == {**before.data, "claims": [*(before.data.get("claims") or []), NEW_ITEM]}
    comments = [line.strip() for line in text.splitlines() if "#" in line]
    assert all(any(c.split("#")[1] in line for line in edited.splitlines()) for c in comments)


def test_append_items_refuses_a_flow_list_with_items(tmp_path: Path) -> None:
    text = "document: d\nclaims: [{id: c1}]\n"
    with pytest.raises(yamledit.EditError) as error:
        yamledit.append_items(text, yamledit.parse(tmp_path / "g.yaml", text), "claims", [NEW_ITEM])
    assert error.value.line == 2


def test_the_disagreements_say_what_an_annotator_claim_is_in_gold(same: CorpusDir) -> None:
    """A version to copy in names a's c1, which gold calls c2: the block says so."""
    same.edit(B_FILE, "kind: event", "kind: example")
    same.write(
        GOLD_FILE,
        GOLD_HEAD
        + f"claims:\n  - id: c2\n    quote: {C1_QUOTE}\n    kind: evaluative\n"
        + "  - id: c1\n"
        + C2_PIECES
        + "    kind: descriptive\n",
    )
    assert curate(same, "--from", "a,b", "--merge")[0] == 0
    block = same.read(GOLD_FILE).split("# == Disagreements")[1].splitlines()
    line = next(n for n, row in enumerate(same.read(ESSAY_FILE).splitlines(), 1) if row == "  - id: e1")
    version = block.index(f"#   a: evidence e1, {ESSAY_FILE}:{line}")
    assert block[version + 1] == "#       # ids in gold: c1 is c2 in gold"
