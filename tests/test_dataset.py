"""The dataset built once from one declaration (issue 17): a column declared
once reaches every writer, refused cells are located from the model without
reading a file again, validate checks the model's strings, and the site and
its downloads stay byte for byte what they were."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import BRIEF_FILE, ESSAY_FILE, CorpusDir
from sscorpus.checks import cells
from sscorpus.corpus.model import Claim
from sscorpus.dataset.dataset import build
from sscorpus.dataset.formats import render
from sscorpus.dataset.tables import TABLES, Column
from sscorpus.exporting import export
from sscorpus.site.build import build_site

HERE = Path(__file__).resolve().parent


def _note_length(claim: Claim) -> object:
    return len(claim.note) if claim.note else None


def test_a_column_declared_once_reaches_the_csv_workbook_descriptor_and_site(
    corpus: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edit: a column added to the claims table's declaration, with the
    model field it comes from."""
    corpus.edit(ESSAY_FILE, "    kind: evaluative\n", "    kind: evaluative\n    note: four\n")
    claims = TABLES["claims"]
    added = Column("note_length", "integer", "Characters of the note.", value=_note_length)
    monkeypatch.setitem(TABLES, "claims", replace(claims, columns=(*claims.columns, added)))

    result = export(corpus.root, tmp_path / "x", formats=["tables"])  # the CSV files, the workbook, the descriptor
    assert result.ok, result.report.errors
    table = pd.read_csv(tmp_path / "x" / "csv" / "claims.csv", dtype=str, keep_default_na=False)
    assert list(table.columns)[-1] == "note_length"
    assert sorted(v for v in table["note_length"] if v) == sorted(str(len(n)) for n in table["note"] if n)
    assert "4" in set(table["note_length"])
    workbook = openpyxl.load_workbook(tmp_path / "x" / "sscorpus.xlsx", read_only=True)
    try:
        assert next(workbook["claims"].iter_rows(max_row=1, values_only=True))[-1] == "note_length"
    finally:
        workbook.close()
    package = json.loads((tmp_path / "x" / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == "claims"]
    assert resource["schema"]["fields"][-1] == {
        "name": "note_length",
        "type": "integer",
        "description": "Characters of the note.",
    }

    assert not build_site(corpus.root, tmp_path / "s").report.errors
    downloads = tmp_path / "s" / "downloads"
    assert (downloads / "csv" / "claims.csv").read_bytes() == (tmp_path / "x" / "csv" / "claims.csv").read_bytes()


def _shift(corpus: CorpusDir, rel: str) -> None:
    """The file changed on disk after it was read: every line moves down."""
    corpus.write(rel, "# moved\n" * 7 + corpus.read(rel))


def _note_line(corpus: CorpusDir, rel: str, note: str) -> tuple[int, int]:
    for number, text in enumerate(corpus.read(rel).splitlines(), 1):
        if note in text:
            return number, text.index("note: ") + len("note: ") + 1
    raise AssertionError("no note")


def test_a_refused_cell_is_located_from_the_model_not_from_the_file(corpus: CorpusDir, tmp_path: Path) -> None:
    """The export locates a refused value where the model read it, even when
    the file has changed since: no annotation file is read again."""
    note = '"a _x0041_ escape"'
    corpus.edit(ESSAY_FILE, "    kind: evaluative\n", f"    kind: evaluative\n    note: {note}\n")
    place = _note_line(corpus, ESSAY_FILE, note)
    checked = corpus.check()
    dataset = build(checked)
    _shift(corpus, ESSAY_FILE)
    files, findings = render(dataset, tmp_path / "x", tmp_path / "out")
    assert not files
    assert corpus.located(findings) == {("export.excel-text", ESSAY_FILE, *place)}


def test_validate_checks_the_models_strings_without_reading_a_file(
    corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate refuses what export would (a registry attribute, an
    annotation's note), located at the value, and loads no file for it."""
    corpus.edit(BRIEF_FILE, "mentions:\n", "note: top\nmentions:\n")  # a file's own note: not exported
    note = '"nul\\0 here"'
    corpus.edit(ESSAY_FILE, "    kind: evaluative\n", f"    kind: evaluative\n    note: {note}\n")
    place = _note_line(corpus, ESSAY_FILE, note)

    def no_reading(path: Path) -> None:
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(cells, "load_file", no_reading)
    checked = corpus.check()
    assert corpus.located(checked.report.errors) == {
        ("export.excel-text", ESSAY_FILE, *place),
        ("export.csv-text", ESSAY_FILE, *place),
    }


def test_the_site_and_its_downloads_are_what_they_were(tmp_path: Path) -> None:
    """The site of the site tests' corpus, downloads included, against the
    committed expectation (regenerate it with ``python tests/siteexpect.py``
    only for a change of the output that is meant)."""
    sys.path.insert(0, str(HERE))
    from siteexpect import EXPECTED, build_summary

    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = build_summary(tmp_path)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []
