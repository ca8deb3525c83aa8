"""Tables to files: CSV (RFC 4180), an Excel workbook and a Frictionless
data package descriptor; reproducible to the byte, and written atomically.

The workbook is streamed by ``xlsx.py``: every text cell is an inline string,
so no text ever becomes a formula, a number or a hyperlink; zip entries
carry a fixed date, and the document properties a fixed timestamp
(``SOURCE_DATE_EPOCH`` when set).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, codes, xlsx
from .findings import Finding
from .model import PIECE_SEPARATOR, Corpus, Location
from .rows import LIST_SEPARATOR, PIECE_FORMAT, SOURCE
from .schemas import SchemaSet
from .tables import TABLES, Table, build_tables, describe
from .xlsx import Cell

WORKBOOK = "sscorpus.xlsx"
DESCRIPTOR = "datapackage.json"
CSV_DIR = "csv"

#: Excel's limits (https://support.microsoft.com: "Excel specifications and limits")
EXCEL_MAX_ROWS = 1_048_576  # header included
EXCEL_MAX_CHARS = 32_767
#: characters an xlsx cell cannot hold: C0 controls but tab and LF; the
#: non-characters U+FFFE/U+FFFF; lone surrogates. A carriage return can only be
#: stored escaped (_x000D_), which pandas and openpyxl read back undecoded.
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
#: text that Excel would read as its _xHHHH_ escape (stored escaped, and read
#: back undecoded by pandas and openpyxl)
_EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_DEFAULT_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z

_WIDE_COLUMNS = {"quote", "note", "definition", "description", "date_note", "source", "value_descriptions",
                 "title", "about", "role", "affiliations"}


@dataclass(slots=True)
class Rendered:
    """An export built in a staging folder: the files and their paths in it."""

    folder: Path
    files: list[str] = field(default_factory=list)

    def path(self, name: str) -> Path:
        return self.folder / name


def timestamp() -> dt.datetime:
    """The date written into the workbook: SOURCE_DATE_EPOCH, else a constant,
    so that the same annotations always give the same bytes."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    epoch = int(raw) if raw.strip().isdigit() else _DEFAULT_EPOCH
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).replace(tzinfo=None)


# -- what Excel cannot hold ----------------------------------------------------------

def _cell_problem(text: str) -> str | None:
    bad = _EXCEL_ILLEGAL.search(text)
    if bad:
        return (f"character U+{ord(bad.group()):04X} at position {bad.start() + 1}, which an Excel cell cannot "
                "hold unchanged")
    escape = _EXCEL_ESCAPE.search(text)
    if escape:
        return (f"'{escape.group()}' at position {escape.start() + 1}, which Excel reads as an escaped "
                "character")
    if len(text) > EXCEL_MAX_CHARS:
        return f"{len(text):,} characters; an Excel cell holds at most {EXCEL_MAX_CHARS:,}"
    return None


#: columns that hold the field of the same name of the record a row comes from
_FIELD_COLUMNS = frozenset({
    "quote", "note", "kind", "source", "title", "publication", "date", "date_earliest", "date_note", "language",
    "name", "label", "definition", "defined_in", "role", "affiliation", "country", "region", "scope", "acronym",
    "wikidata", "aliases", "authors"})
_SINGULAR = {"claims": "claim", "evidence": "evidence", "mentions": "mention", "documents": "document",
             "actors": "actor", "institutions": "institution", "principles": "principle", "links": "link",
             "codebook": "codebook field"}


def excel_findings(tables: dict[str, pd.DataFrame], registry: Path) -> list[Finding]:
    """Every text cell the workbook could not hold unchanged, at the place
    its text was written."""
    findings: list[Finding] = []
    for name, df in tables.items():
        table = TABLES[name]
        sources = df[SOURCE].tolist()
        keys = df["id" if "id" in df.columns else table.column_names[0]].tolist()
        for column in table.columns:
            if column.type != "string":
                continue
            for i, value in enumerate(df[column.name].tolist()):
                problem = _cell_problem(value) if isinstance(value, str) else None
                if problem is None:
                    continue
                source = sources[i]
                where = source if isinstance(source, Location) else Location(registry.parent, 0, 0)
                if column.name in _FIELD_COLUMNS and where.pointer:
                    where = where._replace(pointer=f"{where.pointer}/{column.name}")
                row_id = keys[i]
                findings.append(where.finding(
                    codes.EXPORT_EXCEL_TEXT,
                    f"{_SINGULAR[name]} {row_id}: the text of column '{column.name}' has {problem}",
                    "remove the character or shorten the text, or use the CSV files, which hold any text"))
    for name, df in tables.items():
        if len(df) + 1 > EXCEL_MAX_ROWS:
            findings.append(Location(registry.parent, 0, 0).finding(
                codes.EXPORT_TOO_MANY_ROWS,
                f"table {name} has {len(df):,} rows; an Excel sheet holds {EXCEL_MAX_ROWS - 1:,} below its header",
                "use the CSV files for a corpus of this size"))
    return findings


# -- CSV ---------------------------------------------------------------------------

def _csv_frame(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    out = df[table.column_names].copy()
    for column in table.columns:
        if column.type == "boolean":
            out[column.name] = out[column.name].map({True: "true", False: "false"}).astype("object")
    return out


def write_csv(df: pd.DataFrame, table: Table, path: Path) -> None:
    """RFC 4180: UTF-8, comma, CRLF between records, quotes doubled."""
    _csv_frame(df, table).to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n", na_rep="")


# -- the workbook ----------------------------------------------------------------

def _width(df: pd.DataFrame, name: str) -> float:
    if name in _WIDE_COLUMNS:
        return 60
    lengths = df[name].dropna().astype(str).str.len()
    longest = int(lengths.max()) if len(lengths) else 0
    return float(min(max(longest, len(name)) + 2, 40))


def _about_rows(corpus: Corpus, tables: dict[str, pd.DataFrame], inputs_sha256: str) -> list[tuple[str, str]]:
    rows = [
        ("Dataset", "sscorpus: hand annotations of policy texts on South-South cooperation and multilateralism"),
        ("What it holds", "Actors, institutions and principles (each defined once, with every mention in the "
         "texts), claims (with speaker, kind and links to what they are about, with the speaker's stance) and "
         "the evidence that supports or challenges them."),
        ("sscorpus version", __version__),
        ("Input checksum", f"SHA-256 of the catalog, texts, registry and annotation files: {inputs_sha256}"),
    ]
    for doc in corpus.documents.values():
        source = doc.provenance.url if doc.provenance and doc.provenance.url else None
        accessed = f", accessed {doc.provenance.accessed}" if source and doc.provenance and doc.provenance.accessed \
            else ""
        rows.append((f"Text: {doc.id}", f"{doc.title} ({doc.kind}, {len(doc.text or '')} characters)"
                     + (f"; from {source}{accessed}" if source else "")))
    for name, df in tables.items():
        rows.append((f"Sheet: {name}", f"{TABLES[name].description} {len(df)} rows."))
    rows += [
        ("Offsets", "start and end are Unicode code points, 0-based, end-exclusive, in the document's text "
         "(Python text[start:end]; R substr(text, start + 1, end))."),
        ("Multi-valued cells", f"values joined by '{LIST_SEPARATOR}' (space, vertical bar, space); the links "
         "sheet has the same facts in long form, one row per link."),
        ("Spans in pieces", f"quote joins the texts of the pieces with '{PIECE_SEPARATOR}'; the pieces column "
         f"gives each piece's offsets as {PIECE_FORMAT.format(start='start', end='end')}."),
        ("Codebook", "the codebook sheet describes every field of every annotation type, from the JSON Schemas."),
        ("CSV files", "csv/<table>.csv hold the same tables exactly (UTF-8, RFC 4180), for R, pandas and other "
         "programs; open this workbook in a spreadsheet instead: a spreadsheet may turn text of a CSV "
         "into dates, numbers or formulas."),
        ("How to cite", f"sscorpus contributors. sscorpus: annotations of policy texts on South-South cooperation "
         f"and multilateralism, version {__version__}. Cite the annotated texts as the documents sheet gives them."),
    ]
    return rows


def _cells(df: pd.DataFrame, table: Table) -> list[tuple[Cell, ...]]:
    """The rows of a table as plain Python values, None for a missing one."""
    columns = [[None if value is pd.NA else value for value in df[name].tolist()] for name in table.column_names]
    return list(zip(*columns, strict=True)) if columns else []


def write_workbook(corpus: Corpus, tables: dict[str, pd.DataFrame], path: Path, inputs_sha256: str) -> None:
    workbook = xlsx.Workbook(path, title="sscorpus", created=timestamp())
    about = _about_rows(corpus, tables, inputs_sha256)
    workbook.sheet("About", [xlsx.Column("About", 24, xlsx.TOP), xlsx.Column("", 100, xlsx.WRAP)], about,
                   autofilter=False)
    for name, df in tables.items():
        table = TABLES[name]
        columns = [xlsx.Column(c.name, _width(df, c.name), xlsx.WRAP if c.name in _WIDE_COLUMNS else xlsx.TOP, c.type)
                   for c in table.columns]
        workbook.sheet(name, columns, _cells(df, table))
    workbook.close()


# -- the data package ----------------------------------------------------------------

def descriptor(tables: dict[str, pd.DataFrame], schemas: SchemaSet) -> dict[str, Any]:
    resources = []
    for name in tables:
        table = TABLES[name]
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": describe(c, schemas)} for c in table.columns],
            "missingValues": [""],
            "primaryKey": list(table.primary_key),
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(fk.fields), "reference": {"resource": fk.table,
                                                                                "fields": list(fk.reference)}}
                                     for fk in table.foreign_keys]
        resources.append({
            "name": name, "title": table.title, "description": table.description,
            "path": f"{CSV_DIR}/{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                        "header": True},
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "sscorpus",
        "title": "sscorpus: annotations of policy texts on South-South cooperation and multilateralism",
        "description": "Actors, institutions and principles with their mentions, claims with speakers and stances, "
                       f"and evidence, annotated by hand in policy texts. Multi-valued cells join values with "
                       f"'{LIST_SEPARATOR}'; offsets are Unicode code points, 0-based, end-exclusive.",
        "version": __version__,
        "resources": resources,
    }


# -- putting it together ---------------------------------------------------------------

def inputs_checksum(corpus: Corpus, paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths), key=lambda p: p.as_posix()):
        digest.update(path.relative_to(corpus.root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def render(corpus: Corpus, schemas: SchemaSet, folder: Path, inputs: list[Path],
           registry: Path) -> tuple[Rendered, list[Finding]]:
    """Build every export file in ``folder``; findings when the workbook could
    not hold the data unchanged (nothing is then written)."""
    tables = build_tables(corpus, schemas)
    findings = excel_findings(tables, registry)
    rendered = Rendered(folder)
    if findings:
        return rendered, findings
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        write_csv(df, TABLES[name], folder / CSV_DIR / f"{name}.csv")
        rendered.files.append(f"{CSV_DIR}/{name}.csv")
    write_workbook(corpus, tables, folder / WORKBOOK, inputs_checksum(corpus, inputs))
    rendered.files.append(WORKBOOK)
    text = json.dumps(descriptor(tables, schemas), ensure_ascii=False, indent=2) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8", newline="\n")
    rendered.files.append(DESCRIPTOR)
    return rendered, []


def stale(rendered: Rendered, out: Path) -> list[str]:
    """Files of ``out`` that differ from the rendered ones, are missing, or
    are left over from an earlier export."""
    differ = [name for name in rendered.files
              if not (out / name).is_file() or (out / name).read_bytes() != rendered.path(name).read_bytes()]
    produced = set(rendered.files)
    extra = sorted(p.relative_to(out).as_posix() for p in (out / CSV_DIR).glob("*.csv")
                   if p.relative_to(out).as_posix() not in produced) if (out / CSV_DIR).is_dir() else []
    return differ + extra


def publish(rendered: Rendered, out: Path) -> None:
    """Move the rendered files into ``out``, each with an atomic rename, and
    remove CSV files that the export no longer produces."""
    leftovers = [name for name in stale(rendered, out) if name not in rendered.files]
    for name in rendered.files:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        rendered.path(name).replace(target)
    for name in leftovers:
        (out / name).unlink()


@dataclass(slots=True)
class Staging:
    """A staging folder beside ``out`` (in its nearest existing folder: the
    same file system, so the renames that publish it are atomic), or a
    temporary folder when ``out`` is None. Nothing is created in ``out``."""

    out: Path | None
    folder: Path | None = None

    def __enter__(self) -> Path:
        near = None
        if self.out is not None:
            near = self.out.parent
            while not near.is_dir() and near != near.parent:
                near = near.parent
        self.folder = Path(tempfile.mkdtemp(prefix=".sscorpus-export-", dir=near))
        return self.folder

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
