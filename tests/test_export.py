"""sscorpus export: every annotation a row, every character kept, the same
bytes every time, nothing a formula, nothing written on error."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import sscorpus
from conftest import CorpusDir
from sscorpus import export as export_module
from sscorpus.cli import main
from sscorpus.dataset import export
from sscorpus.tables import LIST_SEPARATOR, TABLES

REPO = Path(__file__).resolve().parents[1]

#: a text with what exports must keep: typography, tabs, line breaks, and
#: text that a spreadsheet would take for a formula
SPECIAL_TEXT = (
    "## A “special” text\n\n"
    "- <sup>1</sup> An endnote that starts like a formula.\n"
    "=HYPERLINK(\"http://x\",\"click\") is text, not a link.\n"
    "They met vis-à-vis\tacross a table\nand a line break, ‘quoted’.\n"
    "+1 and 0777 and 2021-09-02 stay as written.\n"
)

SPECIAL_ANNOTATIONS = """\
document: special
annotator: a
mentions:
  - actor: south-africa
    quote: vis-à-vis
claims:
  - id: s1
    quote: "- <sup>1</sup> An endnote that starts like a formula."
    kind: descriptive
    note: '=HYPERLINK("http://x","click")'
  - id: s2
    quote: "They met vis-à-vis\\tacross a table\\nand a line break, ‘quoted’."
    kind: evaluative
    hedged: true
    about:
      - actor: south-africa
        stance: endorses
  - id: s3
    pieces:
      - quote: "=HYPERLINK(\\"http://x\\",\\"click\\")"
      - quote: "+1 and 0777 and 2021-09-02"
    kind: descriptive
evidence:
  - id: s4
    quote: is text, not a link.
    kind: example
    source: "@handle; -1; =1+1"
    supports: [s1, s3]
"""


def add_special_document(corpus: CorpusDir) -> None:
    text_path = corpus.write("texts/special.txt", SPECIAL_TEXT)
    raw = text_path.read_bytes()
    corpus.write("texts/catalog.yaml", corpus.read("texts/catalog.yaml") + f"""\
  - id: special
    title: A special text
    authors: []
    kind: essay
    language: en
    default_speaker: philani-mthembu
    text: special.txt
    sha256: {hashlib.sha256(raw).hexdigest()}
    characters: {len(SPECIAL_TEXT)}
    provenance: {{source_file: tests, start: 0, end: {len(SPECIAL_TEXT)}}}
""")
    corpus.write("annotations/a/special.yaml", SPECIAL_ANNOTATIONS)


@pytest.fixture
def special(corpus: CorpusDir) -> CorpusDir:
    add_special_document(corpus)
    return corpus


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _expected_quotes(root: Path) -> dict[tuple[str, str], str]:
    checked = sscorpus.check(root)
    assert not checked.report.errors, checked.report.errors
    quotes = {}
    for file in checked.corpus.files:
        text = checked.corpus.documents[file.document].text or ""
        for annotation in (*file.claims, *file.evidence):
            assert annotation.span is not None and annotation.id is not None
            quotes[(file.document, annotation.id)] = annotation.span.quote(text)
    return quotes


def test_export_writes_every_table_as_csv_and_sheet(special: CorpusDir) -> None:
    result = export(special.root)
    assert result.ok and not result.report.errors
    out = special.root / "exports"
    assert sorted(p.name for p in (out / "csv").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    workbook = openpyxl.load_workbook(out / "sscorpus.xlsx")
    assert workbook.sheetnames == ["About", *TABLES]
    for name, table in TABLES.items():
        df = _read_csv(out / "csv" / f"{name}.csv")
        assert list(df.columns) == table.column_names
        assert [c.value for c in workbook[name][1]] == table.column_names


def test_every_annotation_is_one_row_with_its_exact_quote(special: CorpusDir) -> None:
    export(special.root)
    expected = _expected_quotes(special.root)
    rows = pd.concat([_read_csv(special.root / "exports" / "csv" / f"{t}.csv") for t in ("claims", "evidence")])
    got = {(r.doc_id, r.id): r.quote for r in rows.itertuples()}
    assert got == expected
    assert got[("special", "s2")] == "They met vis-à-vis\tacross a table\nand a line break, ‘quoted’."
    assert got[("special", "s3")] == '=HYPERLINK("http://x","click") [...] +1 and 0777 and 2021-09-02'


def test_workbook_reads_back_equal_to_the_csv_and_holds_no_formula(special: CorpusDir) -> None:
    export(special.root)
    out = special.root / "exports"
    sheets = pd.read_excel(out / "sscorpus.xlsx", sheet_name=None, dtype=str, keep_default_na=False)
    for name, table in TABLES.items():
        csv = _read_csv(out / "csv" / f"{name}.csv")
        xlsx = sheets[name].fillna("")
        for column in table.columns:
            if column.type == "boolean":  # true/false in CSV, TRUE/FALSE cells in the workbook
                xlsx[column.name] = xlsx[column.name].str.lower()
        pd.testing.assert_frame_equal(xlsx, csv, check_dtype=False, obj=name)
    workbook = openpyxl.load_workbook(out / "sscorpus.xlsx")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type in ("s", "inlineStr"), (sheet.title, cell.coordinate)
    claims = sheets["claims"].set_index("id")
    assert claims.loc["s1", "note"] == '=HYPERLINK("http://x","click")'
    assert claims.loc["s1", "quote"].startswith("- <sup>1</sup>")


def test_multi_valued_cells_and_links_hold_the_same_facts(special: CorpusDir) -> None:
    export(special.root)
    out = special.root / "exports" / "csv"
    evidence = _read_csv(out / "evidence.csv").set_index("id")
    assert evidence.loc["s4", "supports"] == f"s1{LIST_SEPARATOR}s3"
    links = _read_csv(out / "links.csv")
    supports = links[(links.source_id == "s4") & (links.relation == "supports")]
    assert sorted(supports.target_id) == ["s1", "s3"]
    about = links[(links.source_id == "s2") & (links.relation == "about")]
    assert about[["target_type", "target_id", "stance", "speaker"]].values.tolist() == [
        ["actor", "south-africa", "endorses", "philani-mthembu"]]
    mentions = _read_csv(out / "mentions.csv")
    assert mentions[mentions.doc_id == "special"].id.tolist() == [f"south-africa@{SPECIAL_TEXT.index('vis-à-vis')}:"
                                    f"{SPECIAL_TEXT.index('vis-à-vis') + len('vis-à-vis')}"]
    claims = _read_csv(out / "claims.csv").set_index("id")
    assert claims.loc["s2", "about"] == "actor:south-africa=endorses"
    assert claims.loc["s2", "hedged"] == "true"
    assert claims.loc["s1", "supported_by"] == "s4"
    assert claims.loc["s3", "pieces"].count(":") == 2


def test_same_input_same_bytes(special: CorpusDir, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert export(special.root, first).ok
    os.utime(special.root / "annotations" / "a" / "special.yaml", (0, 0))  # mtimes must not matter
    assert export(special.root, second).ok
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_workbook_dates_come_from_source_date_epoch(corpus: CorpusDir, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630540800")  # 2021-09-02
    assert export(corpus.root, tmp_path / "a").ok
    with zipfile.ZipFile(tmp_path / "a" / "sscorpus.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
        dates = {info.date_time for info in archive.infolist()}
    assert len(dates) == 1 and dates.pop()[0] == 1980  # a fixed date, not the time of the run
    assert "2021-09-02T00:00:00Z" in core


@pytest.mark.parametrize(("note", "what"), [
    ("page\\fbreak", "U+000C"),
    ("nul\\0here", "U+0000"),
    ("carriage\\rreturn", "U+000D"),
    ("_x0041_ escape", "_x0041_"),
])
def test_text_the_workbook_cannot_hold_is_an_error_naming_the_annotation(
        special: CorpusDir, note: str, what: str) -> None:
    special.edit("annotations/a/special.yaml", "'=HYPERLINK(\"http://x\",\"click\")'", f'"{note}"')
    result = export(special.root)
    assert not result.ok and not (special.root / "exports").exists()
    [finding] = [f for f in result.report.errors]
    assert finding.code == "export.excel-text"
    assert finding.path.name == "special.yaml" and finding.pointer == "/claims/0/note"
    assert "claim s1" in finding.message and what in finding.message


def test_a_cell_longer_than_excel_allows_is_an_error(special: CorpusDir) -> None:
    special.edit("annotations/a/special.yaml", "'=HYPERLINK(\"http://x\",\"click\")'", "x" * 32_768)
    result = export(special.root)
    assert [f.code for f in result.report.errors] == ["export.excel-text"]
    assert "32,768 characters" in result.report.errors[0].message


def test_a_table_longer_than_a_sheet_is_an_error(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "EXCEL_MAX_ROWS", 3)  # header + 2 rows
    result = export(corpus.root)
    assert "export.too-many-rows" in {f.code for f in result.report.errors}
    assert not (corpus.root / "exports").exists()


def test_validation_errors_mean_nothing_is_written(corpus: CorpusDir) -> None:
    corpus.edit("annotations/a/mthembu-multilateralism.yaml", "kind: evaluative", "kind: evalutive")
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--root", str(corpus.root), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"][0]["code"] == "schema.enum"
    assert not (corpus.root / "exports").exists()


def test_check_names_the_stale_files(corpus: CorpusDir) -> None:
    runner = CliRunner()
    root = ["--root", str(corpus.root)]
    assert runner.invoke(main, ["export", "--check", *root]).exit_code == 1  # nothing exported yet
    assert runner.invoke(main, ["export", *root]).exit_code == 0
    current = runner.invoke(main, ["export", "--check", *root])
    assert current.exit_code == 0 and "exports are current" in current.stdout
    corpus.edit("annotations/a/mthembu-multilateralism.yaml", "kind: evaluative", "kind: causal")
    (corpus.root / "exports" / "csv" / "old-table.csv").write_text("x\r\n", encoding="utf-8")
    stale = runner.invoke(main, ["export", "--check", *root])
    assert stale.exit_code == 1
    listed = {line.strip() for line in stale.stdout.splitlines()[1:]}
    assert {"csv/claims.csv", "sscorpus.xlsx", "csv/old-table.csv"} <= listed
    assert "csv/actors.csv" not in listed
    assert runner.invoke(main, ["export", *root]).exit_code == 0
    assert not (corpus.root / "exports" / "csv" / "old-table.csv").exists()


def test_an_interrupted_export_leaves_the_previous_files_intact(
        corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    assert export(corpus.root).ok
    out = corpus.root / "exports"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    corpus.edit("annotations/a/mthembu-multilateralism.yaml", "kind: evaluative", "kind: causal")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_workbook", fail)
    with pytest.raises(OSError):
        export(corpus.root)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_the_data_package_describes_every_column(special: CorpusDir) -> None:
    export(special.root)
    package = json.loads((special.root / "exports" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == TABLES[resource["name"]].column_names
        assert all(f["description"] for f in fields), resource["name"]
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    kind = next(f for f in claims["schema"]["fields"] if f["name"] == "kind")
    assert kind["description"] == "What sort of proposition the claim is."  # from claim.schema.json


def _frictionless() -> str:
    found = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("frictionless is a test dependency: pip install -e '.[test]'")
    return found


def test_frictionless_accepts_the_data_package(special: CorpusDir) -> None:
    export(special.root)
    run = subprocess.run([_frictionless(), "validate", "--json", "exports/datapackage.json"],
                         cwd=special.root, capture_output=True, text=True, check=False)
    report = json.loads(run.stdout)
    assert run.returncode == 0 and report["valid"], run.stdout[-3000:]


def test_libreoffice_opens_the_workbook_and_each_sheet_equals_its_csv(special: CorpusDir, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    export(special.root)
    out = special.root / "exports"
    filter_options = "44,34,76,1,,0,false,true,false,false,false,-1"  # UTF-8, every sheet to its own file
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{filter_options}", "--outdir", str(tmp_path),
         str(out / "sscorpus.xlsx")], capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr
    for name, table in TABLES.items():
        converted = tmp_path / f"sscorpus-{name}.csv"
        assert converted.is_file(), (name, run.stdout, run.stderr)
        got = pd.read_csv(io.StringIO(converted.read_text(encoding="utf-8")), dtype=str, keep_default_na=False)
        want = _read_csv(out / "csv" / f"{name}.csv")
        for column in table.columns:
            if column.type == "boolean":
                got[column.name] = got[column.name].str.lower()
        pd.testing.assert_frame_equal(got, want, obj=name)


def test_column_letters() -> None:
    from sscorpus.xlsx import column_letter

    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_the_workbook_has_a_frozen_bold_header_and_an_autofilter(special: CorpusDir) -> None:
    export(special.root)
    workbook = openpyxl.load_workbook(special.root / "exports" / "sscorpus.xlsx")
    for name in TABLES:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
    claims = workbook["claims"]
    quote_column = [c.value for c in claims[1]].index("quote") + 1
    assert claims.cell(2, quote_column).alignment.wrap_text
    assert claims.column_dimensions[claims.cell(1, quote_column).column_letter].width == 60
