"""The workbook's sheets: the About sheet, then one sheet per table, each
column as its declaration shows it; and the findings of a workbook that
cannot be written (a table longer than a sheet, a refused cell)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..checks import cells
from ..checks.cells import WORKBOOK_HINT, Locator, Origin
from ..findings import Finding
from .about import about_rows, agreement_summary, networks_note
from .tables import TABLES, Table, row_label
from .value import Columns, Dataset
from .workbook import Cell, Refused, Sheet, SheetColumn


def _width(columns: Columns, name: str, wide: bool) -> float:
    if wide:
        return 60
    # a missing value (None, or a NaN, which is not equal to itself) is left out
    longest = max((len(str(value)) for value in columns[name] if value is not None and value == value), default=0)
    return float(min(max(longest, len(name)) + 2, 40))


def _rows(columns: Columns, table: Table) -> Iterator[tuple[Cell, ...]]:
    """The rows of a table as plain Python values, None for a missing one."""
    return zip(*(columns[name] for name in table.column_names), strict=True)


def sheets(dataset: Dataset) -> Iterator[Sheet]:
    """The About sheet, then one sheet per table."""
    summary = agreement_summary(dataset.headline, dataset.agreement.annotators)
    networks = networks_note(dataset.networks.undated)
    about = about_rows(dataset.corpus, dataset.tables, dataset.inputs_sha256, summary, networks)
    yield Sheet(
        "About",
        [SheetColumn("About", 24), SheetColumn("", 100, wrap=True)],
        [row for row, _ in about],
        [Origin(source) for _, source in about],
        filtered=False,
    )
    for name in dataset.tables:
        table, values = TABLES[name], dataset.columns(name)
        columns = [
            SheetColumn(c.name, _width(values, c.name, c.wide), c.wide, c.type)  # type: ignore[arg-type]
            for c in table.columns
        ]
        yield Sheet(name, columns, _rows(values, table), values.origins)


def too_many_rows(dataset: Dataset, locator: Locator) -> list[Finding]:
    """A table longer than a sheet, located at the first row that does not fit."""
    findings = []
    for name, df in dataset.tables.items():
        if len(df) + 1 > cells.EXCEL_MAX_ROWS:
            first_out = dataset.columns(name).origins[cells.EXCEL_MAX_ROWS - 1]
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
