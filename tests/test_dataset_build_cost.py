"""What ``dataset.build`` keeps between builds (the codebook's fields,
resolved once per content of the schemas; alpha, once per content of its
units) never outlives what it was made from."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import pandas as pd
import pytest

from conftest import CorpusDir, build_corpus
from sscorpus.agreement.reliability import krippendorff_alpha
from sscorpus.dataset.dataset import build, frame
from sscorpus.dataset.tables import SOURCE, TABLES


def _codebook(corpus: CorpusDir) -> dict[str, object]:
    table = build(corpus.check()).tables["codebook"]
    claims = table[table["type"] == "claim"]
    return dict(zip(claims["field"], claims["description"], strict=True))


def test_a_changed_schema_is_seen_by_the_next_build(corpus: CorpusDir) -> None:
    before = _codebook(corpus)
    schema = json.loads(corpus.read("schemas/claim.schema.json"))
    schema["properties"]["kind"]["description"] = "Changed between two builds."
    corpus.write("schemas/claim.schema.json", json.dumps(schema, indent=2) + "\n")
    after = _codebook(corpus)
    assert before["kind"] != "Changed between two builds."
    assert after["kind"] == "Changed between two builds."
    assert {k: v for k, v in after.items() if k != "kind"} == {k: v for k, v in before.items() if k != "kind"}


def test_two_folders_with_the_same_schemas_locate_the_codebook_in_their_own(tmp_path: Path) -> None:
    sources = []
    for name in ("one", "two"):
        corpus = build_corpus(tmp_path / name)
        table = build(corpus.check()).tables["codebook"]
        sources.append({location.path.parent for location in table[SOURCE]})
    assert sources == [{tmp_path / "one" / "schemas"}, {tmp_path / "two" / "schemas"}]


def test_alpha_is_kept_per_content_of_its_units() -> None:
    first = [("x", "x"), ("x", "y"), ("y", "y"), ("y", "y")]
    second = [("x", "x"), ("x", "y"), ("y", "y"), ("y", "x")]  # one value changed
    for units in (first, second, first):
        data = [[{"x": 0, "y": 1}[unit[i]] for unit in units] for i in (0, 1)]
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert krippendorff_alpha(units).value == pytest.approx(expected)
    assert krippendorff_alpha(first).value != krippendorff_alpha(second).value
    assert krippendorff_alpha([list(unit) for unit in first]) == krippendorff_alpha(first)  # lists or tuples


def test_a_table_sorts_as_pandas_does_a_missing_key_first() -> None:
    table = TABLES["mentions"]
    keys = list(table.sort_by)
    choices: dict[str, list[object]] = {
        "doc_id": ["b", "a", None],
        "annotator": ["x", None],
        "start": [3, None, 0],
        "end": [5, None],
    }
    rows = []
    for i in range(24):
        row: dict[str, object] = {"id": f"m{i}"}
        for k, key in enumerate(keys):
            options = choices.get(key, ["e", None])
            row[key] = options[(i * (k + 2)) % len(options)]
        rows.append(row)
    expected = pd.DataFrame(rows).astype({"start": "Int64", "end": "Int64"})
    expected = expected.sort_values(keys, kind="mergesort", na_position="first")
    assert frame(table, rows)["id"].tolist() == expected["id"].tolist()
