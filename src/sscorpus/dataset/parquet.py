"""Tables to Parquet files, for DuckDB, polars and Arrow: each table of
``TABLES`` with the types its columns declare (never inferred from the
values), each column's description in its Arrow field's metadata, and the
same bytes for the same rows with the same pyarrow.

A string Parquet cannot hold (UTF-8 only: a lone surrogate, which a JSON
file can escape) stops the export with a finding at the place it came
from, as the CSV check does; its table's file is then not written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

from .. import codes
from ..checks import cells
from ..checks.cells import Locator, Origin
from ..corpus.schemas import SchemaSet
from ..findings import Finding
from .files import PARQUET_DIR
from .tables import Table, describe
from .value import Columns

#: the Arrow type of each declared column type (tables.py, Column.type); a
#: type missing here fails the tests (tests/test_parquet.py), never a guess
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),  # nullable: an empty cell is a null
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
#: fixed, so that the files do not change with pyarrow's defaults
COMPRESSION: Final = "zstd"
COMPRESSION_LEVEL = 3
ROW_GROUP_SIZE = 65_536
#: the strings Parquet cannot hold: it stores UTF-8
_UNSAFE = re.compile("[\ud800-\udfff]")
HINT = "remove the character: a Parquet file holds UTF-8 text only"


def path_of(name: str) -> str:
    """A table's Parquet file in an export folder."""
    return f"{PARQUET_DIR}/{name}.parquet"


def arrow_schema(table: Table, schemas: SchemaSet) -> pa.Schema:
    """The table's columns with their declared types and descriptions, and
    the table's name, title and description as the schema's metadata."""
    fields = [
        pa.field(c.name, ARROW_TYPES[c.type], metadata={"description": describe(c, schemas)}) for c in table.columns
    ]
    about: dict[bytes | str, bytes | str] = {"name": table.name, "title": table.title, "description": table.description}
    return pa.schema(fields, metadata=about)


def arrow_table(columns: Columns, table: Table, schemas: SchemaSet) -> pa.Table:
    """A table's rows (only its columns) as Arrow arrays of its schema, a
    missing value as a null."""
    schema = arrow_schema(table, schemas)
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(columns: Columns, table: Table, schemas: SchemaSet, path: Path) -> None:
    """The table as one Parquet file, compressed and cut into row groups the
    same way every time."""
    pq.write_table(
        arrow_table(columns, table, schemas),
        path,
        compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL,
        row_group_size=ROW_GROUP_SIZE,
        use_dictionary=True,
        write_statistics=True,
    )


def parquet_problem(text: str) -> str | None:
    """Why a Parquet file cannot hold ``text``, or None."""
    bad = _UNSAFE.search(text)
    if bad is None:
        return None
    return f"{cells.describe(bad.group())} at position {bad.start() + 1}, which a Parquet file cannot hold"


def parquet_finding(
    locator: Locator,
    label: str,
    table: str,
    column: str,
    problem: str,
    origin: Origin,
    cell: tuple[int, int],
    text: str,
) -> Finding:
    """A value of a table's row that its Parquet file cannot hold, at the
    place it came from (the workbook's cell for a generated value)."""
    message = f"{label} in {path_of(table)}, column '{column}': the text has {problem}"
    return locator.finding(codes.EXPORT_PARQUET_TEXT, message, HINT, origin, column, cell, text)


def read(path: Path) -> pa.Table | None:
    """A Parquet file's table, or None when it is no Parquet file."""
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None


def same_table(new: Path, old: Path) -> bool:
    """Whether two Parquet files hold the same table: the same columns,
    types, descriptions and values (another pyarrow may write them into
    other bytes)."""
    table, earlier = read(new), read(old)
    if table is None or earlier is None:
        return False
    return bool(table.equals(earlier, check_metadata=True))
