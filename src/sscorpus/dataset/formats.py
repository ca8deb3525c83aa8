"""Tables to files: CSV (RFC 4180), with Parquet (``parquet.py``), the
workbook (``sheets.py``), the graph files of the networks (``graphs.py``)
and the data package descriptor (``package.py``) built in a folder of their
own from one ``Dataset``; the same content for the same annotations on every
machine.

Every string is checked as it is written, whatever its source: a value that a
CSV field (``cells.csv_problem``), a Parquet file (``parquet.parquet_problem``)
or a workbook cell (``cells.workbook_problem``) cannot hold unchanged stops the
export with a finding at the place the text came from. ``publish.py`` puts a
finished export in place.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path

from ..checks.cells import Locator, Origin, csv_problem
from ..findings import Finding
from . import graphs
from .files import CSV_DIR, DESCRIPTOR, GRAPH_FILES, NETWORK_DIR, PACKAGE_NAME, PARQUET_DIR, WORKBOOK
from .networks import NETWORKS
from .package import descriptor
from .parquet import parquet_finding, parquet_problem, path_of, same_table, write_parquet
from .sheets import refused_finding, sheets, too_many_rows
from .tables import TABLES, Table, row_label
from .value import Columns, Dataset
from .workbook import write_workbook

__all__ = ["CSV_DIR", "DESCRIPTOR", "PACKAGE_NAME", "WORKBOOK", "render", "stale"]

# -- CSV ---------------------------------------------------------------------------

#: how a boolean cell is written (a missing value is an empty field)
_BOOLEANS = {True: "true", False: "false"}


def write_csv(columns: Columns, table: Table, path: Path) -> None:
    """RFC 4180 with the csv module: UTF-8, comma, CRLF between records,
    quotes doubled, a field quoted only when it must be; only the table's
    columns (not where the rows came from), a missing value as an empty
    field, a number as Python writes it (``repr``), a boolean as ``true`` or
    ``false``. What UTF-8 cannot encode is escaped, so that the write goes
    on: ``csv_findings`` reports it and the export stops."""
    values = [
        [_BOOLEANS.get(v) for v in columns[c.name]] if c.type == "boolean" else columns[c.name] for c in table.columns
    ]
    with path.open("w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(table.column_names)
        writer.writerows(zip(*values, strict=True))


#: a finding of a refused value: (row label, table, column, problem, origin, cell, value)
Refusal = Callable[[str, str, str, str, Origin, tuple[int, int], str], Finding]


def csv_findings(name: str, columns: Columns, locator: Locator) -> list[Finding]:
    """Every value of a table that its CSV file could not carry exactly."""
    return refused_values(name, columns, csv_problem, locator.csv_finding)


def parquet_findings(name: str, columns: Columns, locator: Locator) -> list[Finding]:
    """Every value of a table that its Parquet file could not hold."""
    return refused_values(name, columns, parquet_problem, partial(parquet_finding, locator))


def refused_values(
    name: str, columns: Columns, problem: Callable[[str], str | None], refusal: Refusal
) -> list[Finding]:
    """Every string of a table that ``problem`` refuses, as ``refusal``
    reports it. The values are checked as Python strings, whatever storage
    pandas gives them (Arrow's regular expressions take UTF-8 only)."""
    findings = []
    table = TABLES[name]
    # every column and the rows' origins, for a finding's label and place: taken once, at the first
    row_values: dict[str, list[object]] = {}
    origins: list[Origin] = []
    for j, column in enumerate(table.columns):
        if column.type != "string":
            continue
        values = columns[column.name]
        if problem("\t".join(v for v in values if isinstance(v, str))) is None:  # one search for the column
            continue
        for i, text in enumerate(values):
            why = problem(text) if isinstance(text, str) else None
            if why is None:
                continue
            if not row_values:
                row_values, origins = {key: columns[key] for key in table.column_names}, columns.origins
            label = row_label(name, {key: column_values[i] for key, column_values in row_values.items()})
            findings.append(refusal(label, name, column.name, why, origins[i], (i + 2, j + 1), text))
    return findings


# -- putting it together ---------------------------------------------------------------


def render(dataset: Dataset, folder: Path, out: Path) -> tuple[list[str], list[Finding]]:
    """Build every export file of ``dataset`` in ``folder``: the names of
    the files, or the findings that stop the export (the files are then not
    to be used). ``out`` is where the files are meant to go: a finding about
    a text that sscorpus itself wrote points at its cell of the workbook
    there."""
    tables = dataset.tables
    locator = Locator(out / WORKBOOK)
    findings = too_many_rows(dataset, locator)
    if findings:  # a sheet cannot be written at all
        return [], findings
    files = []
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    carried: set[str] = set()
    for name in tables:
        columns = dataset.columns(name)
        refused_csv = csv_findings(name, columns, locator)
        findings += refused_csv
        if not refused_csv:
            carried.add(name)
        write_csv(columns, TABLES[name], folder / CSV_DIR / f"{name}.csv")
        files.append(f"{CSV_DIR}/{name}.csv")
    (folder / PARQUET_DIR).mkdir(exist_ok=True)
    for name in tables:
        columns = dataset.columns(name)
        # what Parquet cannot hold (a lone surrogate), a CSV field cannot carry
        # either: only a table the CSV check refused a value of is searched again
        unheld = [] if name in carried else parquet_findings(name, columns, locator)
        findings += unheld
        if not unheld:  # Arrow takes no such value: the export stops without this file
            write_parquet(columns, TABLES[name], dataset.schemas, folder / path_of(name))
        files.append(path_of(name))
    refused = write_workbook(folder / WORKBOOK, sheets(dataset), title="sscorpus", tmpdir=folder)
    findings += [refused_finding(cell, locator) for cell in refused]
    if findings:
        return [], findings
    files.append(WORKBOOK)
    # every text of the graphs is a cell of the network tables, checked above
    for name in NETWORKS:
        files += graphs.write(dataset.networks.graph(name), folder, f"{NETWORK_DIR}/{name}")
    text = json.dumps(descriptor(dataset), ensure_ascii=False, indent=2) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8", newline="\n")
    files.append(DESCRIPTOR)
    return files, []


# -- comparing exports by content ----------------------------------------------------------


def _zip_parts(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile):
        return None


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def same_content(name: str, new: Path, old: Path, zipped: Collection[str] = ()) -> bool:
    """Whether ``old`` holds what ``new`` holds: the workbook's parts, and
    those of the other files that may be zips (``zipped``), unpacked (another
    zlib packs the same parts into other bytes), the Parquet files as tables
    (another pyarrow writes the same table into other bytes), the descriptor
    as JSON (its line ends do not matter), the graph files with their line
    ends as LF (XML reads CRLF as LF), the CSV files byte for byte (their
    CRLF record ends are part of the format)."""
    if not old.is_file():
        return False
    if name.startswith(f"{PARQUET_DIR}/"):
        return same_table(new, old)
    if name == WORKBOOK:
        parts = _zip_parts(new)
        return parts is not None and _zip_parts(old) == parts
    if name in zipped and zipfile.is_zipfile(new):
        return _zip_parts(old) == _zip_parts(new)
    if name == DESCRIPTOR:
        package = _json(new)
        return package is not None and _json(old) == package
    if name in GRAPH_FILES:  # XML: a checkout may give it CRLF, which an XML parser reads as LF
        return old.read_bytes().replace(b"\r\n", b"\n") == new.read_bytes()
    return old.read_bytes() == new.read_bytes()


def stale(files: list[str], folder: Path, out: Path, owned: set[str], *, zipped: Collection[str] = ()) -> list[str]:
    """Files of ``out`` that differ from those rendered in ``folder`` or are
    missing, then files of an earlier export (``owned``) that this one no
    longer produces; ``zipped`` names the zip files compared by their parts."""
    differ = [name for name in files if not same_content(name, folder / name, out / name, zipped)]
    return differ + sorted(name for name in owned - set(files) if (out / name).is_file())
