"""Tables to files: CSV (RFC 4180), with the workbook (``sheets.py``), the
graph files of the networks (``graphs.py``) and the data package descriptor
(``package.py``) built in a folder of their own from one ``Dataset``; the same content for the same annotations on every
machine.

Every string is checked as it is written, whatever its source: a value that a
CSV field (``cells.csv_problem``) or a workbook cell (``cells.workbook_problem``)
cannot hold unchanged stops the export with a finding at the place the text
came from. ``publish.py`` puts a finished export in place.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd

from ..checks.cells import Locator, csv_problem
from ..findings import Finding
from . import graphs
from .files import CSV_DIR, DESCRIPTOR, GRAPH_FILES, NETWORK_DIR, PACKAGE_NAME, WORKBOOK
from .networks import NETWORKS
from .package import descriptor
from .sheets import refused_finding, sheets, too_many_rows
from .tables import TABLES, Table, row_label
from .value import Dataset, row_origins
from .workbook import write_workbook

__all__ = ["CSV_DIR", "DESCRIPTOR", "PACKAGE_NAME", "WORKBOOK", "render", "stale"]

# -- CSV ---------------------------------------------------------------------------


def _csv_frame(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    out = df[table.column_names].copy()
    for column in table.columns:
        if column.type == "boolean":
            out[column.name] = out[column.name].map({True: "true", False: "false"}).astype("object")
    return out


def write_csv(df: pd.DataFrame, table: Table, path: Path) -> None:
    """RFC 4180: UTF-8, comma, CRLF between records, quotes doubled; only
    the table's columns (not where the rows came from). What UTF-8 cannot
    encode is escaped, so that the write goes on: ``csv_findings`` reports
    it and the export stops."""
    _csv_frame(df, table).to_csv(
        path, index=False, encoding="utf-8", errors="backslashreplace", lineterminator="\r\n", na_rep=""
    )


def csv_findings(name: str, df: pd.DataFrame, locator: Locator) -> list[Finding]:
    """Every value of a table that its CSV file could not carry exactly. The
    values are checked as Python strings, whatever storage pandas gives them
    (Arrow's regular expressions take UTF-8 only)."""
    findings = []
    table = TABLES[name]
    origins = row_origins(df)
    for j, column in enumerate(table.columns):
        if column.type != "string":
            continue
        values = df[column.name].tolist()
        if csv_problem("\t".join(v for v in values if isinstance(v, str))) is None:  # one search for the column
            continue
        for i, text in enumerate(values):
            problem = csv_problem(text) if isinstance(text, str) else None
            if problem is None:
                continue
            label = row_label(name, {key: df[key].iloc[i] for key in table.column_names})
            findings.append(locator.csv_finding(label, name, column.name, problem, origins[i], (i + 2, j + 1), text))
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
    findings = too_many_rows(tables, locator)
    if findings:  # a sheet cannot be written at all
        return [], findings
    files = []
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        findings += csv_findings(name, df, locator)
        write_csv(df, TABLES[name], folder / CSV_DIR / f"{name}.csv")
        files.append(f"{CSV_DIR}/{name}.csv")
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


def _workbook_parts(path: Path) -> dict[str, bytes] | None:
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


def same_content(name: str, new: Path, old: Path) -> bool:
    """Whether ``old`` holds what ``new`` holds: the workbook's parts
    unpacked (another zlib packs the same parts into other bytes), the
    descriptor as JSON (its line ends do not matter), the graph files with
    their line ends as LF (XML reads CRLF as LF), the CSV files byte for
    byte (their CRLF record ends are part of the format)."""
    if not old.is_file():
        return False
    if name == WORKBOOK:
        parts = _workbook_parts(new)
        return parts is not None and _workbook_parts(old) == parts
    if name == DESCRIPTOR:
        package = _json(new)
        return package is not None and _json(old) == package
    if name in GRAPH_FILES:  # XML: a checkout may give it CRLF, which an XML parser reads as LF
        return old.read_bytes().replace(b"\r\n", b"\n") == new.read_bytes()
    return old.read_bytes() == new.read_bytes()


def stale(files: list[str], folder: Path, out: Path, owned: set[str]) -> list[str]:
    """Files of ``out`` that differ from those rendered in ``folder`` or are
    missing, then files of an earlier export (``owned``) that this one no
    longer produces."""
    differ = [name for name in files if not same_content(name, folder / name, out / name)]
    return differ + sorted(name for name in owned - set(files) if (out / name).is_file())
