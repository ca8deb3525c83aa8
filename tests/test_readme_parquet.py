"""The README's DuckDB example runs as written on an export's Parquet
tables, and gives what the tables say: its rows are computed again here
from the Parquet files with pandas and compared."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from conftest import REPO, CorpusDir
from sscorpus.exporting import export
from test_parquet import rich_corpus

#: the README's section on the Parquet tables
SECTION = "### The Parquet tables in DuckDB or Spark"


def readme_sql() -> str:
    """The SQL block of the section (the one and only)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(blocks) == 1, blocks
    return str(blocks[0])


def _table(root: Path, name: str) -> pd.DataFrame:
    return pq.read_table(root / "exports" / "parquet" / f"{name}.parquet").to_pandas()


def expected_rows(root: Path) -> list[tuple[object, ...]]:
    """The query's rows computed from the tables with pandas, in its order."""
    links, claims = _table(root, "links"), _table(root, "claims")
    documents, actors = _table(root, "documents"), _table(root, "actors")
    about = links[(links["relation"] == "about") & (links["target_type"] == "actor")]
    joined = about.merge(
        claims.rename(columns={"id": "source_id"})[["doc_id", "annotator", "source_id", "kind"]],
        on=["doc_id", "annotator", "source_id"],
    )
    joined = joined.merge(documents[["doc_id"]], on="doc_id").merge(
        actors[["id", "name"]].rename(columns={"id": "target_id"}), on="target_id"
    )
    grouped = joined.groupby(["target_id", "name", "stance", "kind"], dropna=False)
    rows = [
        (actor, name, stance, kind, len(group), group["doc_id"].nunique())
        for (actor, name, stance, kind), group in grouped
    ]
    return sorted(rows, key=lambda r: (-int(str(r[4])), str(r[0]), str(r[2]), str(r[3])))


def test_the_readme_query_gives_what_the_tables_say(corpus: CorpusDir) -> None:
    root = rich_corpus(corpus).root
    assert export(root, formats=["tables"]).ok
    with contextlib.chdir(root), duckdb.connect() as connection:  # the README runs it from the corpus folder
        found = connection.execute(readme_sql())
        columns = [column[0] for column in found.description or ()]
        rows = found.fetchall()
    assert columns == ["actor", "name", "stance", "kind", "claims", "documents"]
    assert rows  # the corpus has claims about actors
    assert rows == expected_rows(root)


def test_the_query_names_only_files_of_an_export(corpus: CorpusDir) -> None:
    assert export(corpus.root, formats=["tables"]).ok
    named = set(re.findall(r"'(exports/parquet/[a-z_]+\.parquet)'", readme_sql()))
    assert named and all(corpus.path(name).is_file() for name in named)
