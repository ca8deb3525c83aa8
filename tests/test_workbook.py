"""The workbook writer on its own: every kind of cell as written, refused
strings reported with their place, a plain zip that any reader opens."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import CorpusDir
from sscorpus.checks.cells import Origin, csv_problem, workbook_problem
from sscorpus.corpus.model import Location
from sscorpus.dataset import about as about_module
from sscorpus.dataset.workbook import Sheet, SheetColumn, write_workbook
from sscorpus.exporting import export


def _write(tmp_path: Path, rows: list[tuple[object, ...]], columns: list[SheetColumn]) -> Path:
    path = tmp_path / "book.xlsx"
    refused = write_workbook(
        path,
        [Sheet("data", columns, rows, [Origin(None)] * len(rows))],  # type: ignore[arg-type]
        title="t",
        tmpdir=tmp_path,
    )
    assert refused == []
    return path


def test_numbers_booleans_and_text_are_written_as_they_are(tmp_path: Path) -> None:
    columns = [
        SheetColumn("n", 10, kind="number"),
        SheetColumn("i", 10, kind="integer"),
        SheetColumn("b", 10, kind="boolean"),
        SheetColumn("s", 10),
    ]
    path = _write(tmp_path, [(1.75, 19028, True, "=1+1"), (-0.5, 0, False, "0777"), (None, None, None, None)], columns)
    sheet = openpyxl.load_workbook(path)["data"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["n", "i", "b", "s"],
        [1.75, 19028, True, "=1+1"],
        [-0.5, 0, False, "0777"],
    ]
    assert sheet["D2"].data_type == "s" and sheet["D3"].data_type == "s"


def test_a_refused_string_is_returned_with_its_place_and_source(tmp_path: Path) -> None:
    source = Origin(Location(tmp_path / "a.yaml", 3, 5, "/claims/0"))
    refused = write_workbook(
        tmp_path / "book.xlsx",
        [
            Sheet(
                "data",
                [SheetColumn("id", 10), SheetColumn("note", 60, wrap=True)],
                [("c1", "fine"), ("c2", "bad\rtext")],
                [Origin(None), source],
            )
        ],
        title="t",
        tmpdir=tmp_path,
    )
    [cell] = refused
    assert (cell.sheet, cell.row, cell.column, cell.header, cell.origin) == ("data", 3, 2, "note", source)
    assert "carriage return" in cell.problem and cell.row_cells == ("c2", "bad\rtext")


def test_the_zip_is_plain(exported_corpus: CorpusDir) -> None:
    """No Zip64 extra fields (Excel has rejected unusual Zip64 layouts), every
    part deflated, no part that Excel does not expect."""
    with zipfile.ZipFile(exported_corpus.path("exports/sscorpus.xlsx")) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert all(info.extra == b"" and info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
    assert {"[Content_Types].xml", "xl/workbook.xml", "docProps/core.xml"} <= {i.filename for i in infos}


def test_text_sscorpus_writes_itself_is_checked_too(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated text (here the version on the About sheet) has no file:
    the finding points at its cell of the workbook."""
    monkeypatch.setattr(about_module, "__version__", "1.0\x0b")
    result = export(corpus.root)
    assert {f.code for f in result.report.errors} == {"export.excel-text"}
    # the About sheet's header is row 1, the version row 4; "How to cite", the last row, names it too
    assert {(f.path.name, f.column) for f in result.report.errors} == {("sscorpus.xlsx", 2)}
    rows = sorted(f.line for f in result.report.errors)
    assert len(rows) == 2 and rows[0] == 4 and rows[1] > 4
    assert not corpus.path("exports").exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("plain", None),
        ("tab\tand\nnewline", None),
        ("_x00_", "_x00_"),
        ("_x0000_", "_x0000_"),
        ("_xABCDE_", None),
        ("\ud800", "U+D800"),
        ("\uffff", "U+FFFF"),
        ("x" * 32_767, None),
        ("x" * 32_768, "32,768"),
        ("a\n" + "x" * 16_367, None),
        ("x" * 16_368, None),
    ],
)
def test_what_a_cell_holds(text: str, problem: str | None) -> None:
    found = workbook_problem(text)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(("text", "bad"), [("any\r\ntext\x0b\x1b", False), ("nul\x00", True), ("\udc80", True)])
def test_what_a_csv_field_carries(text: str, bad: bool) -> None:
    assert (csv_problem(text) is not None) is bad
