"""Every table also as Parquet: read back by DuckDB with the declared types,
equal to its CSV file value by value, the same bytes every time, compared
by content by ``export --check``, refused values located, and offered by
the site's downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import ESSAY, ESSAY_FILE, REPO, CorpusDir, build_corpus
from sscorpus.cli import main
from sscorpus.corpus.model import Location
from sscorpus.dataset import formats
from sscorpus.dataset.dataset import build
from sscorpus.dataset.package import descriptor
from sscorpus.dataset.parquet import ARROW_TYPES
from sscorpus.dataset.tables import SOURCE, TABLES
from sscorpus.exporting import export
from test_export import add_special_document
from test_exports_portable import note_place, write_brief_json

#: the type DuckDB gives each declared type
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


def rich_corpus(corpus: CorpusDir) -> CorpusDir:
    """The conftest corpus with the special text (tabs, line breaks, text
    like formulas) and a second annotator of the essay who disagrees on a
    kind: every table has rows, agreement figures among them."""
    add_special_document(corpus)
    text = corpus.read(ESSAY_FILE).replace("annotator: a", "annotator: b").replace("kind: evaluative", "kind: causal")
    corpus.write(f"annotations/b/{ESSAY}.yaml", text)
    return corpus


#: the Parquet files are of the tables' part of an export
TABLES_ONLY = ["tables"]


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> CorpusDir:
    """The rich corpus exported (the tables), once for the tests that only read it."""
    corpus = rich_corpus(build_corpus(tmp_path_factory.mktemp("rich") / "corpus"))
    assert export(corpus.root, formats=TABLES_ONLY).ok
    return corpus


@pytest.fixture(scope="module", params=["conftest corpus", "repository corpus"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export folder of the conftest corpus (enriched) or of the
    repository's own corpus, whatever it holds (read, never changed)."""
    if request.param == "repository corpus":
        out = tmp_path_factory.mktemp("repository") / "exports"
        assert export(REPO, out, formats=TABLES_ONLY).ok
        return out
    rich: CorpusDir = request.getfixturevalue("rich")
    return rich.path("exports")


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_csv_text(value: object) -> str:
    """A Parquet value as its CSV field writes it: null empty, booleans
    true/false, numbers as written (compared as numbers below)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_every_declared_type_has_its_arrow_type() -> None:
    declared = {c.type for t in TABLES.values() for c in t.columns}
    assert declared <= set(ARROW_TYPES) and declared <= set(DUCKDB_TYPES)


@pytest.fixture
def database() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB of the test's own, for all its queries (opening one takes 15 ms of CPU)."""
    with duckdb.connect() as connection:
        yield connection


def query(database: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    """The rows of a DuckDB query."""
    return database.execute(sql).fetchall()


def read_parquet(path: Path) -> str:
    return f"read_parquet('{path.as_posix()}')"


def test_duckdb_reads_every_table_with_the_declared_types(exported: Path, database: duckdb.DuckDBPyConnection) -> None:
    for name, table in TABLES.items():
        described = query(database, f"DESCRIBE SELECT * FROM {read_parquet(exported / 'parquet' / f'{name}.parquet')}")
        assert [(row[0], row[1]) for row in described] == [(c.name, DUCKDB_TYPES[c.type]) for c in table.columns]


def test_the_parquet_and_csv_tables_are_equal(exported: Path, database: duckdb.DuckDBPyConnection) -> None:
    for name, table in TABLES.items():
        header, *records = csv_rows(exported / "csv" / f"{name}.csv")
        assert header == table.column_names
        values = query(database, f"SELECT * FROM {read_parquet(exported / 'parquet' / f'{name}.parquet')}")
        assert len(values) == len(records), name
        for written, read in zip(records, values, strict=True):
            for column, text, value in zip(table.columns, written, read, strict=True):
                if column.type == "number" and value is not None:
                    assert float(text) == value, (name, column.name)
                else:
                    assert as_csv_text(value) == text, (name, column.name)


def test_nulls_booleans_and_integers_keep_their_types(rich: CorpusDir) -> None:
    """An integer column with empty cells stays int64 with nulls (not
    float), a boolean one bool: what pandas would infer is never used."""
    corpus = rich
    institutions = pq.read_table(corpus.path("exports/parquet/institutions.parquet"))
    assert institutions.schema.field("founded").type == pa.int64()
    actors = pq.read_table(corpus.path("exports/parquet/actors.parquet"))
    assert actors.schema.field("region").type == pa.string()
    assert actors.column("region").null_count > 0  # empty: null, not ""
    claims = pq.read_table(corpus.path("exports/parquet/claims.parquet"))
    assert claims.schema.field("hedged").type == pa.bool_()
    assert set(claims.column("hedged").to_pylist()) == {True, False}


def test_each_column_carries_its_description(rich: CorpusDir) -> None:
    """The descriptions of the data package, in the Arrow fields' metadata."""
    corpus = rich
    package = descriptor(build(corpus.check()))
    for resource in package["resources"]:
        schema = pq.read_schema(corpus.path(f"exports/parquet/{resource['name']}.parquet"))
        described = {f.name: (f.metadata or {}).get(b"description", b"").decode() for f in schema}
        assert described == {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        assert (schema.metadata or {})[b"title"].decode() == resource["title"]


def test_the_same_annotations_give_the_same_bytes(corpus: CorpusDir, tmp_path: Path) -> None:
    rich_corpus(corpus)
    assert export(corpus.root, tmp_path / "one", formats=TABLES_ONLY).ok
    assert export(corpus.root, tmp_path / "two", formats=TABLES_ONLY).ok
    names = sorted(p.name for p in (tmp_path / "one" / "parquet").glob("*.parquet"))
    assert names == sorted(f"{name}.parquet" for name in TABLES)
    for name in names:
        assert (tmp_path / "one" / "parquet" / name).read_bytes() == (tmp_path / "two" / "parquet" / name).read_bytes()


# -- export --check: by content -------------------------------------------------------------


def check(corpus: CorpusDir) -> tuple[int, set[str]]:
    """``export --check`` of the tables (the Parquet files are theirs): the code and the files it names."""
    result = CliRunner().invoke(main, ["export", "--check", "--root", str(corpus.root), "--format", "tables"])
    return result.exit_code, {line.strip() for line in result.stdout.splitlines()[1:]}


def test_check_compares_parquet_by_content(exported_corpus: CorpusDir) -> None:
    path = exported_corpus.path("exports/parquet/claims.parquet")
    table = pq.read_table(path)
    # the same table in other bytes (another compression): still current
    pq.write_table(table, path, compression="snappy")
    assert check(exported_corpus) == (0, set())
    # one value changed: stale
    kinds = table.column("kind").to_pylist()
    changed = table.set_column(table.column_names.index("kind"), "kind", pa.array(["causal", *kinds[1:]]))
    pq.write_table(changed, path)
    assert check(exported_corpus) == (1, {"parquet/claims.parquet"})
    # a description changed: stale too
    field = table.schema.field("kind").with_metadata({"description": "other"})
    pq.write_table(table.cast(table.schema.set(table.schema.get_field_index("kind"), field)), path)
    assert check(exported_corpus) == (1, {"parquet/claims.parquet"})
    # not Parquet at all, or missing
    path.write_bytes(b"not parquet")
    assert check(exported_corpus) == (1, {"parquet/claims.parquet"})
    path.unlink()
    assert check(exported_corpus) == (1, {"parquet/claims.parquet"})


def test_an_export_owns_its_parquet_files_and_no_others(exported_corpus: CorpusDir) -> None:
    """A table an earlier export had goes with its Parquet file; a file of
    the user's own stays."""
    out = exported_corpus.path("exports")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"].append({"name": "old-table", "path": "csv/old-table.csv"})
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (out / "csv" / "old-table.csv").write_text("x\r\n", encoding="utf-8")
    (out / "parquet" / "old-table.parquet").write_bytes(b"old")
    (out / "parquet" / "mine.parquet").write_bytes(b"mine")
    assert check(exported_corpus) == (1, {"datapackage.json", "csv/old-table.csv", "parquet/old-table.parquet"})
    assert export(exported_corpus.root).ok
    assert not (out / "parquet" / "old-table.parquet").exists()
    assert (out / "parquet" / "mine.parquet").read_bytes() == b"mine"


# -- what Parquet cannot hold ----------------------------------------------------------------


def test_a_lone_surrogate_in_a_note_is_refused_before_any_writer(corpus: CorpusDir) -> None:
    """validate refuses it (the CSV's and the workbook's rules): the export
    stops at the note, with no traceback and no file."""
    rel = write_brief_json(corpus, '"half \\ud800 pair"')
    result = export(corpus.root)
    assert not result.ok and not corpus.path("exports").exists()
    places = {place[1:] for place in corpus.located(result.report.errors)}
    assert places == {(rel, *note_place(corpus, rel))}


def test_a_value_parquet_cannot_hold_stops_the_export_at_its_record(corpus: CorpusDir, tmp_path: Path) -> None:
    """A value that reaches a table without passing validate (a derived
    one): the export's own Parquet check refuses it at its record, and the
    export stops (no files to publish) without a traceback."""
    dataset = build(corpus.check())
    claims = dataset.tables["claims"]
    claims.loc[0, "note"] = "half \ud800 pair"
    where = claims[SOURCE].tolist()[0]
    assert isinstance(where, Location)
    files, findings = formats.render(dataset, tmp_path, corpus.path("exports"))
    refused = [f for f in findings if f.code == "export.parquet-text"]
    assert files == [] and [(f.path, f.pointer) for f in refused] == [(where.path, where.pointer)]
    assert not (tmp_path / "parquet" / "claims.parquet").exists()


# -- the site's downloads -------------------------------------------------------------------------


@pytest.mark.usefixtures("corpus_with_site")
def test_the_site_offers_the_parquet_tables_in_a_zip_and_one_by_one(tmp_path: Path) -> None:
    site = tmp_path / "site"  # the conftest corpus's, as build_site leaves it
    downloads = site / "downloads"
    with zipfile.ZipFile(downloads / "sscorpus-parquet.zip") as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"parquet/{name}.parquet" for name in TABLES)
        for name in names:  # the very files offered one by one, which DuckDB reads
            assert archive.read(name) == (downloads / name).read_bytes()
            assert pq.read_table(io.BytesIO(archive.read(name))).num_columns > 0
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in ("sscorpus-parquet.zip", "parquet/claims.parquet"):
        assert f'href="downloads/{name}"' in home
    size = (downloads / "sscorpus-parquet.zip").stat().st_size
    row = home[home.index('href="downloads/sscorpus-parquet.zip"') :].split("</tr>", 1)[0]
    assert f"{size:,} bytes" in row or f"{size / 1024:,.0f} KB" in row


def test_the_readmes_duckdb_line_runs_on_an_export(
    rich: CorpusDir, monkeypatch: pytest.MonkeyPatch, database: duckdb.DuckDBPyConnection
) -> None:
    corpus = rich
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [sql] = re.findall(r'^duckdb -c "(.*)"$', readme, re.M)
    monkeypatch.chdir(corpus.root)
    rows = query(database, sql)
    header, *records = csv_rows(corpus.path("exports/csv/links.csv"))
    links = [dict(zip(header, record, strict=True)) for record in records]
    endorsed = [(r["speaker"], r["target_id"]) for r in links if r["relation"] == "about" and r["stance"] == "endorses"]
    assert rows and sorted(rows) == sorted({(*pair, endorsed.count(pair)) for pair in endorsed})
