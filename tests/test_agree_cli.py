"""``sscorpus agree``: the report on a corpus built for the test, its JSON
equal to the library's rows, usage errors (exit 2) and a corpus with errors
(exit 1), and, as a property only, the report on the real corpus."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner, Result

from conftest import BRIEF_FILE, ESSAY, REPO, CorpusDir
from sscorpus.agreement.disagreements import disagreements
from sscorpus.agreement.measure import ALL_DOCUMENTS, agree
from sscorpus.agreement.report import agreement_rows, disagreement_rows
from sscorpus.cli import main
from test_agreement import A_FILE, A_PATH, B_PATH, b_file, line_of


def run(args: list[str]) -> Result:
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def two(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> CorpusDir:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(corpus.root)
    corpus.write(A_PATH, A_FILE)
    corpus.write(B_PATH, b_file())
    return corpus


def test_text_report_with_f1_kappa_alpha_and_disagreements(two: CorpusDir) -> None:
    result = run(["agree"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "a and b, on the 1 document both annotated (mthembu-multilateralism)" in out
    # type, variable, then per rule: matched, a's units, b's units, P, R, F1
    assert "claim     units                       4  6  4  1.000  0.667  0.800" in out
    # n, agreement, kappa, alpha: exact, then overlap
    assert (
        "claim     kind                    4      0.500   0.000   0.125           4      0.500   0.000   0.125" in out
    )
    assert "claim hedged: one category only: every value is 'false'" in out
    assert "Disagreements (units matched by overlap): 5" in out
    a_line = line_of(two.read(A_PATH), "- id: c2")
    b_line = line_of(two.read(B_PATH), "- id: c2")
    assert (
        f"{ESSAY}: claim kind\n    {A_PATH}:{a_line}: a: c2: descriptive\n    {B_PATH}:{b_line}: b: c2: evaluative\n"
    ) in out
    assert f"    {A_PATH}:{line_of(two.read(A_PATH), '- id: c3')}: a: c3: " in out
    assert "    b: (nothing)\n" in out


def test_json_is_the_librarys_rows(two: CorpusDir) -> None:
    result = run(["agree", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    corpus = two.check().corpus
    assert data["figures"] == json.loads(json.dumps(agreement_rows(agree(corpus, ["a", "b"]))))
    assert data["disagreements"] == disagreement_rows(disagreements(corpus, "a", "b"), two.root)
    assert data["annotators"] == ["a", "b"] and data["documents"] == [ESSAY]
    assert data["matching"] == {"exact": {"jaccard_at_least": 1.0}, "overlap": {"jaccard_at_least": 0.5}}
    assert all("n" in row for row in data["figures"])


def test_document_option_gives_that_documents_figures(two: CorpusDir) -> None:
    result = run(["agree", "--document", ESSAY, "--format", "json"])
    assert result.exit_code == 0
    scopes = {row["doc_id"] for row in json.loads(result.stdout)["figures"]}
    assert scopes == {ESSAY, ALL_DOCUMENTS}
    text = run(["agree", "--document", ESSAY])
    assert f"figures of {ESSAY}" in text.stdout and "0.800" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotators", "a,x"], "no annotation files of annotator 'x'"),
        (["--annotators", "a"], "two annotators or more"),
        (["--annotators", "a,a"], "two annotators or more"),
        (["--document", "nonexistent"], "no annotation files of document 'nonexistent'"),
        (["--format", "xml"], "xml"),
    ],
)
def test_usage_errors_exit_2(two: CorpusDir, args: list[str], message: str) -> None:
    result = run(["agree", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_corpus_with_one_annotator_is_a_usage_error(corpus: CorpusDir) -> None:
    result = run(["agree", "--root", str(corpus.root)])
    assert result.exit_code == 2
    assert "two annotators or more; given: a" in result.stderr


def test_a_corpus_with_errors_prints_them_and_exits_1(two: CorpusDir) -> None:
    two.edit(BRIEF_FILE, "kind: descriptive", "kind: descriptiv")
    result = run(["agree"])
    assert result.exit_code == 1
    assert f"{BRIEF_FILE}:" in result.stdout and "error[schema.enum]" in result.stdout
    assert "no agreement measured" in result.stderr


def test_the_real_corpus_as_a_property(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every figure of the real corpus between its bounds, or undefined with
    a reason; nothing about how many texts or annotators it holds, beyond
    the two that agreement needs."""
    monkeypatch.chdir(REPO)
    annotators = {p.name for p in (REPO / "annotations").iterdir() if p.is_dir()}
    if len(annotators) < 2:
        pytest.skip("the corpus has fewer than two annotators")
    result = run(["agree", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["figures"]
    for row in data["figures"]:
        assert isinstance(row["n"], int) and row["n"] >= 0
        if row["value"] is None:
            assert row["note"], row
            continue
        assert math.isfinite(row["value"]), row
        low = -1.0 if row["measure"] in ("alpha", "kappa") else 0.0
        assert low <= row["value"] <= 1.0 + 1e-12, row
        if row["measure"] in ("precision", "recall", "f1"):
            assert 0 <= row["matched"] <= row["n"]
    for row in data["disagreements"]:
        for side in ("1", "2"):
            where = row[f"where_{side}"]
            assert where is None or (REPO / where.rsplit(":", 1)[0]).is_file()
    text = run(["agree"])
    assert text.exit_code == 0 and "Disagreements" in text.stdout


def test_annotators_are_compared_in_the_order_of_their_names(two: CorpusDir) -> None:
    result = run(["agree", "--root", str(two.root), "--annotators", "b,a"])
    assert result.exit_code == 0
    assert "b's against a's" in result.stdout  # annotators in order of their names


def test_annotators_without_a_common_document(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.root)
    corpus.write("annotations/x/india-us-2plus2.yaml", corpus.read(BRIEF_FILE).replace("annotator: a", "annotator: x"))
    corpus.remove(BRIEF_FILE)
    result = run(["agree"])
    assert result.exit_code == 0
    assert "nothing to compare" in result.stdout and "not compared: a and x." in result.stdout
    assert "==" not in result.stdout  # no table of figures


def test_three_annotators_get_an_all_together_table(two: CorpusDir) -> None:
    two.write(f"annotations/c/{ESSAY}.yaml", A_FILE.replace("annotator: a", "annotator: c"))
    result = run(["agree"])
    assert result.exit_code == 0
    for title in (
        "== a and b, on the 1 document both annotated",
        "== a and c, on the 1 document both annotated",
        "== b and c, on the 1 document both annotated",
        f"== a, b and c together, on 1 document ({ESSAY}) ==",
    ):
        assert title in result.stdout


def test_gold_is_compared_only_when_named(two: CorpusDir) -> None:
    """gold adjudicates the annotators: it is no third independent annotator."""
    two.write(A_PATH.replace("/a/", "/gold/"), two.read(A_PATH).replace("annotator: a", "annotator: gold"))
    default = run(["agree", "--format", "json"])
    assert default.exit_code == 0
    pairs = {row["annotators"] for row in json.loads(default.output)["figures"]}
    assert pairs == {"a | b"}
    named = run(["agree", "--annotators", "a,gold", "--format", "json"])
    assert named.exit_code == 0 and {row["annotators"] for row in json.loads(named.output)["figures"]} == {"a | gold"}
