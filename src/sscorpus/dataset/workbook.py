"""The Excel workbook, written with XlsxWriter; every string checked as it
is written.

XlsxWriter writes files that Excel opens (its author tests it against files
Excel itself wrote), checks sheet names, escapes what Excel would decode and
gives the same bytes for the same cells. It runs in constant-memory mode
(each row goes to disk as the next begins), every cell is written by its type
(``write_string``, ``write_number``, ``write_boolean``: no text ever becomes a
formula, a number or a link) and the document's creation date is fixed.

A string that a cell cannot hold unchanged (``cells.workbook_problem``) is
not written: it is returned as a ``Refused`` cell, and the caller discards the
workbook and reports where the text came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import xlsxwriter

from ..checks.cells import Origin, workbook_problem

#: the date in the workbook's properties: a constant, so that the workbook
#: depends on the annotations only (and never on SOURCE_DATE_EPOCH or a clock)
CREATED = dt.datetime(2000, 1, 1)

Cell = str | int | float | bool | None
Kind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True, slots=True)
class SheetColumn:
    header: str
    width: float
    wrap: bool = False
    kind: Kind = "string"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: a header row of the columns' names, then ``rows``; where
    each row's values come from in ``origins``."""

    name: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Cell]]
    origins: Iterable[Origin]
    filtered: bool = True  # a frozen header row and an autofilter


@dataclass(frozen=True, slots=True)
class Refused:
    """A string that was not written: where it was to go and why."""

    sheet: str
    row: int  # 1-based, the header row being 1
    column: int  # 1-based
    header: str
    problem: str
    origin: Origin
    row_cells: tuple[Cell, ...]


class CellError(RuntimeError):
    """XlsxWriter refused a cell that the checks let through: a bug."""


def write_workbook(path: Path, sheets: Iterable[Sheet], *, title: str, tmpdir: Path) -> list[Refused]:
    """Write ``sheets`` to ``path``; return the strings refused (the file is
    then incomplete and must not be used)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "tmpdir": str(tmpdir),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": title, "author": "sscorpus", "created": CREATED})
    header = workbook.add_format({"bold": True, "bg_color": "#DDE5F0", "bottom": 1, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    wrap = workbook.add_format({"valign": "top", "text_wrap": True})
    refused: list[Refused] = []
    try:
        for sheet in sheets:
            refused += _write_sheet(workbook, sheet, header, top, wrap)
    finally:
        workbook.close()
    return refused


def _write_sheet(workbook: Any, sheet: Sheet, header: Any, top: Any, wrap: Any) -> list[Refused]:
    worksheet = workbook.add_worksheet(sheet.name)  # XlsxWriter checks the name
    refused: list[Refused] = []
    formats = [wrap if c.wrap else top for c in sheet.columns]
    for j, column in enumerate(sheet.columns):
        worksheet.set_column(j, j, column.width, formats[j])
    if sheet.filtered:
        worksheet.freeze_panes(1, 0)

    def put_string(r: int, j: int, text: str, fmt: Any, origin: Origin, row: Sequence[Cell]) -> None:
        problem = workbook_problem(text)
        if problem is not None:
            refused.append(Refused(sheet.name, r + 1, j + 1, sheet.columns[j].header, problem, origin, tuple(row)))
            return
        _ok(worksheet.write_string(r, j, text, fmt), sheet.name, r, j)

    for j, column in enumerate(sheet.columns):
        put_string(0, j, column.header, header, Origin(None), ())
    r = 0
    writers = [_writer(worksheet, c.kind) for c in sheet.columns]
    for r, (row, origin) in enumerate(zip(sheet.rows, sheet.origins, strict=True), 1):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                put_string(r, j, value, formats[j], origin, row)
            else:
                _ok(writers[j](r, j, value, formats[j]), sheet.name, r, j)
    if sheet.filtered:
        worksheet.autofilter(0, 0, r, len(sheet.columns) - 1)
    return refused


def _writer(worksheet: Any, kind: Kind) -> Callable[[int, int, Any, Any], int]:
    """The worksheet's write method for a column of ``kind`` (a string in a
    column of another kind is written as a string, after its check)."""
    method: Callable[[int, int, Any, Any], int] = {
        "boolean": worksheet.write_boolean,
        "integer": worksheet.write_number,
        "number": worksheet.write_number,
    }.get(kind, worksheet.write_string)
    return method


def _ok(status: int, sheet: str, row: int, column: int) -> None:
    if status != 0:
        raise CellError(f"XlsxWriter refused cell ({row + 1}, {column + 1}) of sheet {sheet}: status {status}")
