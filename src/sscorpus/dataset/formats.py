"""Tables to files: CSV (RFC 4180), an Excel workbook and a Frictionless
data package descriptor, built in a folder of their own; the same content
for the same annotations on every machine.

Every string is checked as it is written, whatever its source: a value that a
CSV field (``cells.csv_problem``) or a workbook cell (``cells.workbook_problem``)
cannot hold unchanged stops the export with a finding at the place the text
came from. ``publish.py`` puts a finished export in place.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__, codes
from ..checks import cells
from ..checks.cells import WORKBOOK_HINT, Locator, Origin, csv_problem
from ..corpus.model import GOLD, Corpus, Document, Location
from ..corpus.schemas import SchemaSet
from ..findings import Finding
from .about import LAYERS_NOTE, about_rows
from .rows import CELLS, LIST_SEPARATOR, SOURCE
from .tables import TABLES, Table, build_tables, describe, row_label
from .workbook import Cell, Refused, Sheet, SheetColumn, write_workbook

WORKBOOK = "sscorpus.xlsx"
DESCRIPTOR = "datapackage.json"
CSV_DIR = "csv"
#: the data package's name: with it, datapackage.json marks a folder as an sscorpus export
PACKAGE_NAME = "sscorpus"

_WIDE_COLUMNS = {
    "quote",
    "note",
    "definition",
    "description",
    "date_note",
    "source",
    "value_descriptions",
    "title",
    "about",
    "role",
    "affiliations",
}

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


def _origins(df: pd.DataFrame) -> list[Origin]:
    """Where each row's values come from (a row without a key has NaN there)."""
    return [
        Origin(where if isinstance(where, Location) else None, cells if isinstance(cells, Mapping) else None)
        for where, cells in zip(df[SOURCE].tolist(), df[CELLS].tolist(), strict=True)
    ]


def csv_findings(name: str, df: pd.DataFrame, locator: Locator) -> list[Finding]:
    """Every value of a table that its CSV file could not carry exactly. The
    values are checked as Python strings, whatever storage pandas gives them
    (Arrow's regular expressions take UTF-8 only)."""
    findings = []
    table = TABLES[name]
    origins = _origins(df)
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


# -- the workbook ----------------------------------------------------------------


def _width(df: pd.DataFrame, name: str) -> float:
    if name in _WIDE_COLUMNS:
        return 60
    longest = max((len(str(value)) for value in df[name].tolist() if not pd.isna(value)), default=0)
    return float(min(max(longest, len(name)) + 2, 40))


def _rows(df: pd.DataFrame, table: Table) -> Iterator[tuple[Cell, ...]]:
    """The rows of a table as plain Python values, None for a missing one."""
    columns = [[None if value is pd.NA else value for value in df[name].tolist()] for name in table.column_names]
    return zip(*columns, strict=True)


def sheets(corpus: Corpus, tables: dict[str, pd.DataFrame], inputs_sha256: str) -> Iterator[Sheet]:
    """The About sheet, then one sheet per table."""
    about = about_rows(corpus, tables, inputs_sha256)
    yield Sheet(
        "About",
        [SheetColumn("About", 24), SheetColumn("", 100, wrap=True)],
        [row for row, _ in about],
        [Origin(source) for _, source in about],
        filtered=False,
    )
    for name, df in tables.items():
        table = TABLES[name]
        columns = [
            SheetColumn(c.name, _width(df, c.name), c.name in _WIDE_COLUMNS, c.type)  # type: ignore[arg-type]
            for c in table.columns
        ]
        yield Sheet(name, columns, _rows(df, table), _origins(df))


def too_many_rows(tables: dict[str, pd.DataFrame], locator: Locator) -> list[Finding]:
    """A table longer than a sheet, located at the first row that does not fit."""
    findings = []
    for name, df in tables.items():
        if len(df) + 1 > cells.EXCEL_MAX_ROWS:
            first_out = _origins(df)[cells.EXCEL_MAX_ROWS - 1]
            findings.append(
                locator.finding(
                    codes.EXPORT_TOO_MANY_ROWS,
                    f"table {name} has {len(df):,} rows; a sheet holds "
                    f"{cells.EXCEL_MAX_ROWS - 1:,} below its header (this is the first row that does not fit)",
                    "use the CSV files for a corpus of this size",
                    first_out,
                    None,
                    (cells.EXCEL_MAX_ROWS + 1, 1),
                )
            )
    return findings


def refused_finding(cell: Refused, locator: Locator) -> Finding:
    value = cell.row_cells[cell.column - 1] if cell.row > 1 else cell.header
    text = value if isinstance(value, str) else None
    if cell.sheet not in TABLES:  # the About sheet: a label, then its text
        label = f"sheet {cell.sheet}, row '{cell.row_cells[0]}'" if cell.row_cells else f"sheet {cell.sheet}"
        part = " (its label)" if cell.column == 1 and cell.row > 1 else ""
        return locator.finding(
            codes.EXPORT_EXCEL_TEXT,
            f"{label}{part}: the text has {cell.problem}",
            WORKBOOK_HINT,
            cell.origin,
            None,
            (cell.row, cell.column),
            text,
        )
    if cell.row == 1:  # a header: sscorpus's own
        return locator.finding(
            codes.EXPORT_EXCEL_TEXT,
            f"sheet {cell.sheet}, header: the text has {cell.problem}",
            WORKBOOK_HINT,
            Origin(None),
            None,
            (cell.row, cell.column),
        )
    names = [c.name for c in TABLES[cell.sheet].columns]
    label = row_label(cell.sheet, dict(zip(names, cell.row_cells, strict=True)))
    return locator.workbook_finding(label, cell.header, cell.problem, cell.origin, (cell.row, cell.column), text or "")


# -- the data package ----------------------------------------------------------------


def _source(document: Document) -> dict[str, str]:
    """A text of the corpus as a source of the data package: its authors,
    title, where and when it was published, as the catalog gives them."""
    authors = ", ".join(a.name for a in document.authors if a.name)
    date = document.date or (f"not before {document.date_earliest}" if document.date_earliest else None)
    published = ", ".join(part for part in (document.publication, date) if part)
    title = f"{authors}: {document.title}" if authors else document.title
    return {"title": f"{title} ({published})" if published else title}


def _about(corpus: Corpus) -> dict[str, Any]:
    """The package's licences, sources and contributors: the licences and
    authors of the dataset's CITATION.cff, the texts of the catalog, and the
    annotators (every layer but the adjudicated gold)."""
    citation = corpus.citation
    about: dict[str, Any] = {}
    if citation is not None and citation.licenses:
        about["licenses"] = [
            {"name": spdx, "path": f"https://spdx.org/licenses/{spdx}.html", "title": spdx}
            for spdx in citation.licenses
        ]
    about["sources"] = [_source(d) for d in sorted(corpus.documents.values(), key=lambda d: d.id)]
    authors = [{"title": name, "role": "author"} for name in citation.authors] if citation else []
    annotators = sorted({f.annotator for f in corpus.files} - {GOLD})
    about["contributors"] = authors + [{"title": name, "role": "contributor"} for name in annotators]
    return about


def descriptor(tables: dict[str, pd.DataFrame], schemas: SchemaSet, corpus: Corpus) -> dict[str, Any]:
    resources = []
    for name in tables:
        table = TABLES[name]
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": describe(c, schemas)} for c in table.columns],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference)}}
                for fk in table.foreign_keys
            ]
        resources.append(
            {
                "name": name,
                "title": table.title,
                "description": table.description,
                "path": f"{CSV_DIR}/{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "sscorpus: annotations of policy texts on South-South cooperation and multilateralism",
        "description": f"{LAYERS_NOTE} "
        "Actors, institutions and principles with their mentions, claims with speakers and stances, "
        f"and evidence, annotated by hand in policy texts. Multi-valued cells join values with "
        f"'{LIST_SEPARATOR}'; offsets are Unicode code points, 0-based, end-exclusive.",
        "version": __version__,
        **_about(corpus),
        "resources": resources,
    }


# -- putting it together ---------------------------------------------------------------


def inputs_checksum(corpus: Corpus, paths: list[Path]) -> str:
    """SHA-256 of the input files' content, the same on every machine: the
    YAML and JSON files with their line ends as LF (a Windows checkout may
    give them CRLF) and without a byte-order mark; the texts as their bytes
    (the catalog holds their checksums)."""
    digest = hashlib.sha256()
    for path in sorted(set(paths), key=lambda p: p.as_posix()):
        raw = path.read_bytes()
        if path.suffix != ".txt":
            raw = raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
        digest.update(path.relative_to(corpus.root).as_posix().encode() + b"\0")
        digest.update(raw + b"\0")
    return digest.hexdigest()


def render(
    corpus: Corpus, schemas: SchemaSet, folder: Path, inputs: list[Path], out: Path, layer: str | None = None
) -> tuple[list[str], list[Finding]]:
    """Build every export file in ``folder``: the names of the files, or the
    findings that stop the export (the files are then not to be used).
    ``out`` is where the files are meant to go: a finding about a text that
    sscorpus itself wrote points at its cell of the workbook there. With
    ``layer``, the annotation tables hold that layer's rows only."""
    tables = build_tables(corpus, schemas, layer)
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
    refused = write_workbook(
        folder / WORKBOOK, sheets(corpus, tables, inputs_checksum(corpus, inputs)), title="sscorpus", tmpdir=folder
    )
    findings += [refused_finding(cell, locator) for cell in refused]
    if findings:
        return [], findings
    files.append(WORKBOOK)
    text = json.dumps(descriptor(tables, schemas, corpus), ensure_ascii=False, indent=2) + "\n"
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
    descriptor as JSON (its line ends do not matter), the CSV files byte for
    byte (their CRLF record ends are part of the format)."""
    if not old.is_file():
        return False
    if name == WORKBOOK:
        parts = _workbook_parts(new)
        return parts is not None and _workbook_parts(old) == parts
    if name == DESCRIPTOR:
        package = _json(new)
        return package is not None and _json(old) == package
    return old.read_bytes() == new.read_bytes()


def stale(files: list[str], folder: Path, out: Path, owned: set[str]) -> list[str]:
    """Files of ``out`` that differ from those rendered in ``folder`` or are
    missing, then files of an earlier export (``owned``) that this one no
    longer produces."""
    differ = [name for name in files if not same_content(name, folder / name, out / name)]
    return differ + sorted(name for name in owned - set(files) if (out / name).is_file())
