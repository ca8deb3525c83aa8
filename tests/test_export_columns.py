"""Each table's columns as Python lists, made once (``Dataset.columns``) and
read by every writer: they are the sorted table's values, a missing value as
None and every other value a plain Python object, and the files written
from them hold what pandas and pyarrow wrote from the frames."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from conftest import ESSAY_ANNOTATIONS, ESSAY_FILE, ESSAY_MENTIONS, CorpusDir
from sscorpus.checks import cells
from sscorpus.dataset import value as value_module
from sscorpus.dataset.dataset import build
from sscorpus.dataset.formats import csv_findings, write_csv
from sscorpus.dataset.parquet import arrow_schema, arrow_table
from sscorpus.dataset.tables import TABLES, Column, Table
from sscorpus.dataset.value import Columns, Dataset
from sscorpus.exporting import export
from sscorpus.interchange.xmi import TYPESYSTEM_FILE
from sscorpus.interchange.xmi import write as write_xmi
from sscorpus.interchange.xmi.typesystem import typesystem
from test_networks import small  # noqa: F401 - the fixture: a corpus with networks


def _reversed_mentions(corpus: CorpusDir) -> None:
    """The essay's mentions listed in the reverse of their order in the file."""
    items = ESSAY_MENTIONS.split("\n  - ")
    mentions = "\n  - ".join([items[0], *reversed([item.rstrip("\n") for item in items[1:]])]) + "\n"
    corpus.write(ESSAY_FILE, ESSAY_ANNOTATIONS.replace(ESSAY_MENTIONS, mentions))


@pytest.fixture
def dataset(corpus: CorpusDir) -> Dataset:
    _reversed_mentions(corpus)
    return build(corpus.check())


def _plain(df: pd.DataFrame, name: str) -> list[object]:
    return [None if value is pd.NA else value for value in df[name].tolist()]


def test_the_lists_are_the_sorted_tables_values(dataset: Dataset) -> None:
    for name, df in dataset.tables.items():
        columns = dataset.columns(name)
        assert len(columns) == len(df)
        for column in TABLES[name].column_names:
            assert columns[column] == _plain(df, column), (name, column)
    mentions = dataset.columns("mentions")
    starts = [s for d, s in zip(mentions["doc_id"], mentions["start"], strict=True) if d == "mthembu-multilateralism"]
    assert len(starts) > 2 and starts == sorted(starts)


def test_the_origins_are_the_rows_sources(dataset: Dataset) -> None:
    df = dataset.tables["mentions"]
    origins = dataset.columns("mentions").origins
    assert [o.where for o in origins] == df["_source"].tolist()
    assert all(o.where is not None and o.where.pointer.startswith("/mentions/") for o in origins)


def test_a_dataset_with_other_tables_has_their_columns(dataset: Dataset) -> None:
    claims = dataset.tables["claims"]
    dataset.columns("claims")["id"]  # made and kept for the first dataset
    reversed_claims = claims.iloc[::-1].reset_index(drop=True)
    other = replace(dataset, tables={"claims": reversed_claims})
    assert other.columns("claims")["id"] == list(reversed(dataset.columns("claims")["id"]))
    with pytest.raises(KeyError):
        other.columns("mentions")


_TRICKY = Table(
    "tricky",
    "Tricky",
    "Values whose CSV field needs care.",
    (
        Column("text", "string"),
        Column("count", "integer"),
        Column("share", "number"),
        Column("flag", "boolean"),
    ),
    (),
    (),
)
_TEXTS = ['a "quoted", field', "", None, "two\r\nlines", " spaced ", "lone \ud800", "plain", "comma,", "x"]
_COUNTS = [1, None, 0, -5, 2**40, 3, None, 7, 8]
_SHARES = [0.1 + 0.2, 1e16, 1e-07, None, -0.0, 2.0, 1 / 3, 5e-324, 123456789.125]
_FLAGS = [True, False, None, True, None, False, True, False, True]


def _tricky() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.array(_TEXTS, dtype=pd.StringDtype("python")),
            "count": pd.array(_COUNTS, dtype=pd.Int64Dtype()),
            "share": pd.array(_SHARES, dtype=pd.Float64Dtype()),
            "flag": pd.array(_FLAGS, dtype=pd.BooleanDtype()),
            "_source": [None] * len(_TEXTS),
            "_cells": [None] * len(_TEXTS),
        }
    )


_KINDS = {"string": str, "integer": int, "number": float, "boolean": bool}


def _kinds_seen(columns: Columns, table: Table) -> set[str | None]:
    seen: set[str | None] = set()
    for column in table.columns:
        for value in columns[column.name]:
            assert value is None or type(value) is _KINDS[column.type], (table.name, column.name, value)
            seen.add(None if value is None else column.type)
    return seen


def test_every_value_is_none_or_a_plain_python_object(dataset: Dataset) -> None:
    """What the csv module and pyarrow write as the frames' values: a
    numpy scalar (``np.float64``, whose repr is not the number's) or pandas'
    NA would be written otherwise."""
    seen = set().union(*(_kinds_seen(dataset.columns(name), TABLES[name]) for name in dataset.tables))
    assert seen >= {None, "string", "integer", "boolean"}
    assert _kinds_seen(Columns(_tricky()), _TRICKY) == {None, *_KINDS}


def test_the_csv_file_is_what_pandas_wrote(tmp_path: Path) -> None:
    """The bytes of the export's CSV writer before it used the csv module."""
    df = _tricky()
    path = tmp_path / "tricky.csv"
    write_csv(Columns(df), _TRICKY, path)
    out = df[_TRICKY.column_names].copy()
    out["flag"] = out["flag"].map({True: "true", False: "false"}).astype("object")
    expected = tmp_path / "expected.csv"
    out.to_csv(expected, index=False, encoding="utf-8", errors="backslashreplace", lineterminator="\r\n", na_rep="")
    assert path.read_bytes() == expected.read_bytes()
    assert b"true" in path.read_bytes() and b"\\ud800" in path.read_bytes()


def test_the_arrow_table_is_what_pyarrow_made_of_the_frame(dataset: Dataset) -> None:
    df = _tricky()
    df["text"] = df["text"].str.replace("\ud800", "?")  # Arrow holds UTF-8 only
    tables: dict[Table, pd.DataFrame] = {_TRICKY: df}
    tables.update({TABLES[name]: frame for name, frame in dataset.tables.items()})
    for table, frame in tables.items():
        schema = arrow_schema(table, dataset.schemas)
        expected = pa.Table.from_arrays(
            [pa.array(frame[f.name], type=f.type, from_pandas=True) for f in schema], schema=schema
        )
        made = arrow_table(Columns(frame), table, dataset.schemas)
        assert made.equals(expected, check_metadata=True), table.name


def test_the_xmi_type_system_kept_between_writes_changes_nothing(dataset: Dataset, tmp_path: Path) -> None:
    """The type system is made once per process: a second write gives the
    same bytes, with the type system a new one would write."""
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert write_xmi(dataset, first) == []
    assert write_xmi(dataset, second) == []
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as archive:
        systems = {n for n in archive.namelist() if n.endswith(f"/{TYPESYSTEM_FILE}")}
        assert systems
        fresh = typesystem().to_xml().encode("utf-8")
        assert all(archive.read(n) == fresh for n in systems)


def test_a_large_tables_lists_are_made_per_call_not_kept(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = dataset.columns("mentions")
    monkeypatch.setattr(value_module, "KEPT_ROWS", 2)
    large = Columns(dataset.tables["mentions"])
    assert not large.kept and kept.kept
    assert large["start"] == kept["start"] and large["start"] is not large["start"]
    assert large.origins == kept.origins and large.origins is not large.origins


def test_an_export_reads_a_large_table_as_a_small_one(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files, and the same finding for a value a CSV file cannot carry, whether the lists are kept or not."""
    assert export(corpus.root, corpus.path("small")).ok
    claims = build(corpus.check()).tables["claims"].copy()
    claims.loc[len(claims) - 1, "note"] = "nul\x00"
    locator = cells.Locator(corpus.path("exports/sscorpus.xlsx"))
    kept = csv_findings("claims", Columns(claims), locator)
    monkeypatch.setattr(value_module, "KEPT_ROWS", 1)
    assert export(corpus.root, corpus.path("large")).ok
    first, second = sorted(corpus.path("small").rglob("*")), sorted(corpus.path("large").rglob("*"))
    assert [p.relative_to(corpus.path("small")) for p in first] == [p.relative_to(corpus.path("large")) for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True) if a.is_file())
    made = csv_findings("claims", Columns(claims), locator)
    assert len(kept) == 1 and made == kept and kept[0].pointer.startswith("/claims/")


def test_the_rows_of_each_network_slice_are_pandas_groups(small: CorpusDir) -> None:  # noqa: F811
    found = build(small.check()).networks
    frames = {**{str(name): df for name, df in found.edges.items()}, "nodes": found.nodes}
    for name, df in frames.items():
        groups = df.groupby(["scope", "scope_id"], sort=False).indices if len(df) else {}
        expected = {key: list(rows) for key, rows in groups.items()}
        made = {key: rows.tolist() for key, rows in found.rows_of[name].items()}
        assert made == expected and list(made) == list(expected), name
    assert len(found.rows_of["nodes"]) > 2 and any(len(rows) > 1 for rows in found.rows_of["nodes"].values())
