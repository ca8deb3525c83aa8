"""Several annotators: every layer's rows are exported with their annotator,
and counts are those of one layer per document, never a sum."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import BRIEF, BRIEF_FILE, ESSAY, ESSAY_FILE, CorpusDir
from sscorpus.cli import main
from sscorpus.exporting import export

#: the counts are in the tables' part of an export (CSV, workbook)
TABLES = ["tables"]


def _second_annotator(corpus: CorpusDir, name: str, *, drop_claim: bool = False) -> None:
    """A copy of annotator a's files as ``name``, optionally without the brief's claim."""
    for rel in (ESSAY_FILE, BRIEF_FILE):
        text = corpus.read(rel).replace("annotator: a", f"annotator: {name}")
        if drop_claim and rel == BRIEF_FILE:
            text = text[: text.index("claims:")]
        corpus.write(rel.replace("annotations/a/", f"annotations/{name}/"), text)


def _table(corpus: CorpusDir, name: str) -> pd.DataFrame:
    return pd.read_csv(corpus.path(f"exports/csv/{name}.csv"), keep_default_na=False, na_values=[""])


def _mentions_of(doc: str, table: pd.DataFrame) -> int:
    return int(table.loc[table["doc_id"] == doc, "mentions"].iloc[0])


def test_one_annotator_counts_are_that_annotators(corpus: CorpusDir) -> None:
    assert export(corpus.root, formats=TABLES).ok
    documents = _table(corpus, "documents")
    assert set(documents["count_layer"]) == {"a"}
    essay = corpus.check().corpus
    (file,) = [f for f in essay.files if f.document == ESSAY]
    assert _mentions_of(ESSAY, documents) == len(file.mentions)


def test_two_annotators_are_never_summed(corpus: CorpusDir) -> None:
    _second_annotator(corpus, "b")
    assert export(corpus.root, formats=TABLES).ok
    documents = _table(corpus, "documents")
    assert documents["count_layer"].isna().all() and documents["mentions"].isna().all()
    counts = _table(corpus, "layer_counts")
    assert sorted(zip(counts["doc_id"], counts["annotator"], strict=True)) == [
        (BRIEF, "a"),
        (BRIEF, "b"),
        (ESSAY, "a"),
        (ESSAY, "b"),
    ]
    essay = counts[counts["doc_id"] == ESSAY]
    assert essay["mentions"].nunique() == 1  # the same annotation twice: the same count, not twice it
    actors = _table(corpus, "actors")
    assert (actors["mentions"] == 0).all()  # no document has a single layer to count
    claims = _table(corpus, "claims")
    assert sorted(set(claims["annotator"])) == ["a", "b"]


def test_gold_is_the_count_layer_where_it_exists(corpus: CorpusDir) -> None:
    _second_annotator(corpus, "b")
    _second_annotator(corpus, "gold", drop_claim=True)
    assert export(corpus.root, formats=TABLES).ok
    documents = _table(corpus, "documents").set_index("doc_id")
    assert documents.loc[BRIEF, "count_layer"] == "gold" and documents.loc[BRIEF, "claims"] == 0
    assert documents.loc[ESSAY, "claims"] == 2


def test_export_of_one_layer(corpus: CorpusDir) -> None:
    _second_annotator(corpus, "b", drop_claim=True)
    assert export(corpus.root, layer="b", formats=TABLES).ok
    claims = _table(corpus, "claims")
    assert set(claims["annotator"]) == {"b"} and BRIEF not in set(claims["doc_id"])
    documents = _table(corpus, "documents").set_index("doc_id")
    assert documents.loc[BRIEF, "count_layer"] == "b" and documents.loc[BRIEF, "claims"] == 0


@pytest.mark.parametrize("layer", ["c", "gold"])
def test_an_unknown_layer_is_a_usage_error(corpus: CorpusDir, layer: str) -> None:
    result = CliRunner().invoke(main, ["export", "--root", str(corpus.root), "--layer", layer])
    assert result.exit_code == 2 and f"no layer '{layer}'" in result.output
    assert not corpus.path("exports").exists()


def test_agreement_and_disagreements_are_tables_of_the_export(corpus: CorpusDir) -> None:
    from sscorpus.agreement.measure import ALL_DOCUMENTS, agree

    _second_annotator(corpus, "b")
    corpus.edit(ESSAY_FILE.replace("/a/", "/b/"), "kind: evaluative", "kind: causal")
    assert export(corpus.root, formats=TABLES).ok
    table = _table(corpus, "agreement")
    measured = agree(corpus.check().corpus, ["a", "b"])
    [expected] = [
        r.figure
        for r in measured.results
        if r.scope == ALL_DOCUMENTS
        and r.type == "claim"
        and r.variable == "kind"
        and r.measure == "alpha"
        and r.matching == "exact"
    ]
    row = table[
        (table["doc_id"] == ALL_DOCUMENTS)
        & (table["type"] == "claim")
        & (table["variable"] == "kind")
        & (table["measure"] == "alpha")
        & (table["matching"] == "exact")
    ]
    assert int(row["n"].iloc[0]) == expected.n
    assert (pd.isna(row["value"].iloc[0]) and expected.value is None) or row["value"].iloc[0] == pytest.approx(
        expected.value, abs=1e-6
    )
    differences = _table(corpus, "disagreements")
    kinds = differences[differences["what"] == "kind"]
    assert list(zip(kinds["value_1"], kinds["value_2"], strict=True)) == [("evaluative", "causal")]
    assert kinds["where_1"].iloc[0].startswith("annotations/a/") and kinds["where_2"].iloc[0].startswith(
        "annotations/b/"
    )


def test_one_annotator_has_empty_agreement_tables_and_says_so(corpus: CorpusDir) -> None:
    import openpyxl

    assert export(corpus.root, formats=TABLES).ok
    assert _table(corpus, "agreement").empty and _table(corpus, "disagreements").empty
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(corpus.path("exports/sscorpus.xlsx"))["About"].iter_rows(values_only=True)
    }
    assert "no agreement is measured" in str(about["Agreement"])
