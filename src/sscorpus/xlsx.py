"""A small streaming writer of .xlsx workbooks (Office Open XML SpreadsheetML).

Why not a library: the export must be reproducible to the byte, hold its
memory flat and never turn text into a formula, and it must be within 1.3x
of the fastest Python writers. XlsxWriter (constant-memory) and openpyxl
(write-only) meet the first three but spend 20-80% more time per cell than
the goal allows (benchmarks/README.md). This writer does only what the
export needs: text, whole numbers and booleans; a bold, frozen header row;
column widths; wrapped text; an autofilter. Every text cell is an inline
string (``t="inlineStr"``): nothing can become a formula, a number or a
link. Rows are streamed into the zip archive as they are written; zip
entries carry a fixed date, the document properties the date given.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

_FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

#: cell styles (indexes into cellXfs of styles.xml)
PLAIN, HEADER, WRAP, TOP = 0, 1, 2, 3

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFDDE5F0"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" \
applyAlignment="1"><alignment vertical="top"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" \
wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>\
</styleSheet>"""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    style: int = TOP  # style of the column's cells
    kind: str = "string"  # string, integer or boolean


Cell = str | int | bool | None


class Sheet:
    """One worksheet being written: call ``rows`` once, with all the rows."""

    def __init__(self, name: str, columns: Sequence[Column], stream: IO[bytes]) -> None:
        self.name = name
        self.columns = list(columns)
        self._stream = stream

    def _head(self, frozen: bool, rows: int) -> str:
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{c.width:g}" style="{c.style}" customWidth="1"/>'
            for i, c in enumerate(self.columns, 1))
        pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>') if frozen else ""
        last = column_letter(len(self.columns) - 1)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<dimension ref="A1:{last}{max(rows, 1)}"/>'
                f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')

    def write(self, rows: Sequence[Sequence[Cell]], *, header_style: int = HEADER, frozen: bool = True,
              autofilter: bool = True) -> None:
        """The header row and then ``rows`` (None is an empty cell)."""
        write = self._stream.write
        write(self._head(frozen, len(rows) + 1).encode())
        header = "".join(f'<c r="{column_letter(i)}1" t="inlineStr" s="{header_style}"><is><t>{escape(c.header)}'
                         f'</t></is></c>' for i, c in enumerate(self.columns))
        write(f'<row r="1">{header}</row>'.encode())
        letters = [column_letter(i) for i in range(len(self.columns))]
        styles = [c.style for c in self.columns]
        buffer: list[str] = []
        for r, row in enumerate(rows, 2):
            cells = [f'<row r="{r}">']
            for j, value in enumerate(row):
                if value is None:
                    continue
                kind = type(value)
                if kind is str:
                    cells.append(f'<c r="{letters[j]}{r}" t="inlineStr" s="{styles[j]}"><is><t xml:space="preserve">'
                                 f'{escape(value)}</t></is></c>')  # type: ignore[arg-type]
                elif kind is bool:
                    cells.append(f'<c r="{letters[j]}{r}" t="b" s="{styles[j]}"><v>{int(value)}</v></c>')
                else:
                    cells.append(f'<c r="{letters[j]}{r}" s="{styles[j]}"><v>{int(value)}</v></c>')
            cells.append("</row>")
            buffer.append("".join(cells))
            if len(buffer) >= 512:
                write("".join(buffer).encode())
                buffer.clear()
        write("".join(buffer).encode())
        tail = "</sheetData>"
        if autofilter:
            tail += f'<autoFilter ref="A1:{letters[-1]}{len(rows) + 1}"/>'
        tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        write(tail.encode())


class Workbook:
    """A workbook written sheet by sheet into a zip archive at ``path``."""

    def __init__(self, path: Path, *, title: str, created: dt.datetime) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._title = title
        self._created = created
        self._sheets: list[tuple[str, str | None]] = []  # name, autofilter range

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def _put(self, name: str, text: str) -> None:
        self._zip.writestr(self._entry(name), text.encode())

    def sheet(self, name: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *,
              header_style: int = HEADER, frozen: bool = True, autofilter: bool = True) -> None:
        index = len(self._sheets) + 1
        with self._zip.open(self._entry(f"xl/worksheets/sheet{index}.xml"), "w", force_zip64=True) as stream:
            Sheet(name, columns, stream).write(rows, header_style=header_style, frozen=frozen,
                                               autofilter=autofilter)
        last = f"${column_letter(len(columns) - 1)}${len(rows) + 1}"
        self._sheets.append((name, f"$A$1:{last}" if autofilter else None))

    def close(self) -> None:
        sheets = range(1, len(self._sheets) + 1)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in sheets)
        self._put("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'))
        self._put("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'extended-properties" Target="docProps/app.xml"/></Relationships>'))
        stamp = self._created.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._put("docProps/core.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(self._title)}</dc:title><dc:creator>sscorpus</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'))
        self._put("docProps/app.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>sscorpus</Application></Properties>"))
        sheet_elements = "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                                 for i, (name, _) in enumerate(self._sheets, 1))
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
            f"{escape(_quote_sheet(name))}!{ref}</definedName>"
            for i, (name, ref) in enumerate(self._sheets, 1) if ref)
        self._put("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<bookViews><workbookView/></bookViews>'
            f"<sheets>{sheet_elements}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{i}.xml"/>' for i in sheets)
        self._put("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}"
            f'<Relationship Id="rId{len(self._sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'))
        self._put("xl/styles.xml", _STYLES)
        self._zip.close()


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
