"""What a workbook cell and a CSV field can hold unchanged, and the finding
that names where a text that cannot be held came from.

A workbook cell is XML text. XlsxWriter stores what XML cannot hold (control
characters, a carriage return) as Excel's ``_xHHHH_`` escapes, and text that
looks like such an escape as ``_x005F_xHHHH_``: Excel decodes both, but
LibreOffice, openpyxl and pandas show them literally. LibreOffice also drops
or changes a few characters that XML holds (tests/test_export.py opens the
workbook in it). So the only text that reads back the same in every program
is text without any of these: a cell that holds one stops the export instead. A CSV field holds any text,
except what UTF-8 cannot encode (a lone surrogate) and the NUL character,
which R's ``read.csv`` stops at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .codes import Code
from .findings import Finding
from .loaded import LoadedFile
from .loading import load_file
from .model import Location

#: Excel's limits ("Excel specifications and limits"): rows of a sheet,
#: header included, and characters in a cell, counted in UTF-16 code units
#: (as Excel, XlsxWriter and LibreOffice count them: an emoji is two)
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CHARS = 32_767
#: LibreOffice breaks a line longer than this (UTF-16 units) in a cell of
#: several lines (its edit engine's paragraph limit, 0x3FFF - 16)
LIBREOFFICE_MAX_LINE = 16_367

#: C0 controls but tab and line feed (a carriage return included), DEL and
#: the C1 controls (LibreOffice drops them), the line and paragraph
#: separators U+2028 and U+2029 (LibreOffice turns them into spaces), the
#: non-characters U+FFFE and U+FFFF, lone surrogates, and _xHHHH_ escapes,
#: with one to four digits (LibreOffice decodes _x4_ too)
_WORKBOOK_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{1,4}_")
CSV_UNSAFE = re.compile("[\x00\ud800-\udfff]")

_NAMES = {
    "\x00": "a NUL character",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\r": "a carriage return",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}

WORKBOOK_HINT = (
    "remove or replace the character, or shorten the text; the CSV files hold any text, but the "
    "workbook must show every cell as the annotation has it"
)
CSV_HINT = "remove the character: it cannot be written to a UTF-8 CSV file that every program reads back"


def _describe(character: str) -> str:
    name = _NAMES.get(character)
    code = f"U+{ord(character):04X}"
    return f"{name} ({code})" if name else f"the character {code}"


def workbook_problem(text: str) -> str | None:
    """Why a workbook cell cannot hold ``text`` unchanged, or None."""
    bad = _WORKBOOK_UNSAFE.search(text)
    if bad:
        found = bad.group()
        if len(found) > 1:
            return (
                f"'{found}' at position {bad.start() + 1}, which Excel reads as an escaped character "
                "(other programs show it as written)"
            )
        return f"{_describe(found)} at position {bad.start() + 1}, which a workbook cell cannot hold unchanged"
    if 2 * len(text) <= LIBREOFFICE_MAX_LINE:  # no length limit can be reached
        return None
    units = utf16_units(text)
    if units > EXCEL_MAX_CHARS:
        return f"{units:,} characters (UTF-16 units); a workbook cell holds at most {EXCEL_MAX_CHARS:,}"
    if "\n" in text and units > LIBREOFFICE_MAX_LINE:
        longest = max(utf16_units(line) for line in text.split("\n"))
        if longest > LIBREOFFICE_MAX_LINE:
            return (
                f"a line of {longest:,} characters (UTF-16 units) among several lines; LibreOffice breaks a line "
                f"longer than {LIBREOFFICE_MAX_LINE:,} characters in such a cell"
            )
    return None


def utf16_units(text: str) -> int:
    """The length of ``text`` as Excel, XlsxWriter and LibreOffice count it:
    UTF-16 code units, two for a character beyond U+FFFF (an emoji)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def csv_problem(text: str) -> str | None:
    """Why a CSV field cannot carry ``text`` exactly, or None."""
    bad = CSV_UNSAFE.search(text)
    if bad:
        return f"{_describe(bad.group())} at position {bad.start() + 1}, which a CSV file cannot carry exactly"
    return None


#: the keys of the source record that a column's value comes from, when
#: they are not the column's own name
_KEYS = {
    "quote": ("quote", "pieces"),
    "pieces": ("pieces", "quote"),
    "start": ("start", "quote", "pieces"),
    "affiliations": ("authors",),
    "text_file": ("text",),
    "source_file": ("provenance/source_file",),
    "source_start": ("provenance/start",),
    "source_end": ("provenance/end",),
    "allowed_values": ("enum", "items/enum"),
    "value_descriptions": ("enumDescriptions",),
    "about": ("about",),
    "speaker": ("speaker",),
    "supports": ("supports",),
    "challenges": ("challenges",),
}


@dataclass(slots=True)
class Locator:
    """Turns a row's source and a column into a place in a file. Files are
    read again only when a finding needs them (findings are rare), so the
    tables need not carry the position of every value."""

    fallback: Path
    _loaded: dict[Path, LoadedFile] = field(default_factory=dict)

    def _file(self, path: Path) -> LoadedFile:
        if path not in self._loaded:
            self._loaded[path] = load_file(path)
        return self._loaded[path]

    def place(self, source: Location | None, column: str | None, cell: tuple[int, int]) -> tuple[Path, int, int, str]:
        """(path, line, column, pointer) of the value in ``column`` of a
        row from ``source``. A generated value (no source) is located at
        its cell of the workbook: ``cell`` is its (row, column), 1-based."""
        if source is None:
            return self.fallback, cell[0], cell[1], ""
        loaded = self._file(source.path)
        pointer = source.pointer
        for key in _KEYS.get(column or "", (column,) if column else ()):
            if key and f"{source.pointer}/{key}" in loaded.positions:
                pointer = f"{source.pointer}/{key}"
                break
        if loaded.positions:
            line, col = loaded.locate(pointer)
        else:  # the file can no longer be read: the position known when it was
            line, col = (source.line, source.column) if source.line else (1, 1)
        return source.path, line, col, pointer

    def finding(
        self, code: Code, message: str, hint: str, source: Location | None, column: str | None, cell: tuple[int, int]
    ) -> Finding:
        path, line, col, pointer = self.place(source, column, cell)
        return Finding(path, line, col, code, message, pointer, hint, code.severity)
