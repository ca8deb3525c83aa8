"""sscorpus export: every annotation a row, every character kept, the same
bytes every time, nothing a formula, nothing written on error."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

import sscorpus
from conftest import ESSAY_FILE, CorpusDir, build_corpus
from sscorpus import Claim, Evidence
from sscorpus.checks import cells
from sscorpus.cli import main
from sscorpus.dataset.tables import LIST_SEPARATOR, TABLES
from sscorpus.exporting import export
from sscorpus.interchange.formats import FORMATS

REPO = Path(__file__).resolve().parents[1]

#: a text with what exports must keep: typography, tabs, line breaks, and
#: text that a spreadsheet would take for a formula
SPECIAL_TEXT = (
    "## A “special” text\n\n"
    "- <sup>1</sup> An endnote that starts like a formula.\n"
    '=HYPERLINK("http://x","click") is text, not a link.\n'
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
    corpus.write(
        "texts/catalog.yaml",
        corpus.read("texts/catalog.yaml")
        + f"""\
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
""",
    )
    corpus.write("annotations/a/special.yaml", SPECIAL_ANNOTATIONS)


@pytest.fixture
def special(corpus: CorpusDir) -> CorpusDir:
    add_special_document(corpus)
    return corpus


@pytest.fixture(scope="module")
def special_exported(tmp_path_factory: pytest.TempPathFactory) -> CorpusDir:
    """The special corpus with its export (every format) in ``exports/``,
    made once for the tests that only read it."""
    corpus = build_corpus(tmp_path_factory.mktemp("special") / "corpus")
    add_special_document(corpus)
    result = export(corpus.root)
    assert result.ok and not result.report.errors
    return corpus


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _expected_quotes(root: Path) -> dict[tuple[str, str], str]:
    checked = sscorpus.check(root)
    assert not checked.report.errors, checked.report.errors
    quotes = {}
    for file in checked.corpus.files:
        text = checked.corpus.documents[file.document].text or ""
        units: list[Claim | Evidence] = [*file.claims, *file.evidence]
        for annotation in units:
            assert annotation.span is not None and annotation.id is not None
            quotes[(file.document, annotation.id)] = annotation.span.quote(text)
    return quotes


def test_export_writes_every_table_as_csv_and_sheet(special_exported: CorpusDir) -> None:
    out = special_exported.root / "exports"
    assert sorted(p.name for p in (out / "csv").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    workbook = openpyxl.load_workbook(out / "sscorpus.xlsx")
    assert workbook.sheetnames == ["About", *TABLES]
    for name, table in TABLES.items():
        df = _read_csv(out / "csv" / f"{name}.csv")
        assert list(df.columns) == table.column_names
        assert [c.value for c in workbook[name][1]] == table.column_names


def test_every_annotation_is_one_row_with_its_exact_quote(special_exported: CorpusDir) -> None:
    expected = _expected_quotes(special_exported.root)
    rows = pd.concat(
        [_read_csv(special_exported.root / "exports" / "csv" / f"{t}.csv") for t in ("claims", "evidence")]
    )
    got = {(r.doc_id, r.id): r.quote for r in rows.itertuples()}
    assert got == expected
    assert got[("special", "s2")] == "They met vis-à-vis\tacross a table\nand a line break, ‘quoted’."
    assert got[("special", "s3")] == '=HYPERLINK("http://x","click") [...] +1 and 0777 and 2021-09-02'


def test_workbook_reads_back_equal_to_the_csv_and_holds_no_formula(special_exported: CorpusDir) -> None:
    out = special_exported.root / "exports"
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
    assert str(claims.loc["s1", "quote"]).startswith("- <sup>1</sup>")


def test_multi_valued_cells_and_links_hold_the_same_facts(special_exported: CorpusDir) -> None:
    out = special_exported.root / "exports" / "csv"
    evidence = _read_csv(out / "evidence.csv").set_index("id")
    assert evidence.loc["s4", "supports"] == f"s1{LIST_SEPARATOR}s3"
    links = _read_csv(out / "links.csv")
    supports = links[(links.source_id == "s4") & (links.relation == "supports")]
    assert sorted(supports.target_id) == ["s1", "s3"]
    about = links[(links.source_id == "s2") & (links.relation == "about")]
    assert about[["target_type", "target_id", "stance", "speaker"]].values.tolist() == [
        ["actor", "south-africa", "endorses", "philani-mthembu"]
    ]
    mentions = _read_csv(out / "mentions.csv")
    assert mentions[mentions.doc_id == "special"].id.tolist() == [
        f"south-africa@{SPECIAL_TEXT.index('vis-à-vis')}:{SPECIAL_TEXT.index('vis-à-vis') + len('vis-à-vis')}"
    ]
    claims = _read_csv(out / "claims.csv").set_index("id")
    assert claims.loc["s2", "about"] == "actor:south-africa=endorses"
    assert claims.loc["s2", "hedged"] == "true"
    assert claims.loc["s1", "supported_by"] == "s4"
    assert str(claims.loc["s3", "pieces"]).count(":") == 2


def test_same_input_same_bytes(special: CorpusDir, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert export(special.root, first).ok
    os.utime(special.root / "annotations" / "a" / "special.yaml", (0, 0))  # mtimes must not matter
    assert export(special.root, second).ok
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize("epoch", ["1630540800", "999999999999999", "-1", "soon", ""])
def test_the_workbook_has_a_fixed_date_whatever_source_date_epoch(
    exported_corpus: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    corpus, unset = exported_corpus, exported_corpus.root / "exports"  # exported with the variable unset
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert export(corpus.root, tmp_path / "set", formats=["tables"]).ok  # the workbook's part
    with zipfile.ZipFile(tmp_path / "set" / "sscorpus.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
        dates = {info.date_time[:3] for info in archive.infolist()}
    assert dates == {(1980, 1, 31)} or dates == {(1980, 1, 1)}  # a fixed date, not the time of the run
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z' in core
    assert (tmp_path / "set" / "sscorpus.xlsx").read_bytes() == (unset / "sscorpus.xlsx").read_bytes()
    runner = CliRunner()
    run = runner.invoke(main, ["export", "--check", "--root", str(corpus.root), "--out", str(unset)])
    assert run.exit_code == 0, run.output


def _note_place() -> tuple[int, int]:
    """Line and column of claim s1's note value in SPECIAL_ANNOTATIONS."""
    for number, line in enumerate(SPECIAL_ANNOTATIONS.splitlines(), 1):
        if line.strip().startswith("note:"):
            return number, line.index("note:") + len("note: ") + 1
    raise AssertionError("no note in the special annotations")


@pytest.mark.parametrize(
    ("note", "what"),
    [
        ("page\\fbreak", "U+000C"),
        ("vertical\\vtab", "U+000B"),
        ("carriage\\rreturn", "U+000D"),
        ("escape\\x1b", "U+001B"),
        ("_x0041_ escape", "_x0041_"),
        ("lower _xd83d_ too", "_xd83d_"),
        ("short _x4_ too", "_x4_"),
        ("delete\\x7fhere", "U+007F"),
        ("next\\x85line", "U+0085"),
        ("line\\Lseparator", "U+2028"),
        ("x" * 40_000, "40,000 characters"),
        ("two\\n" + "x" * 16_368, "a line of 16,368 characters"),
    ],
)
def test_text_the_workbook_cannot_hold_is_an_error_at_the_annotation(special: CorpusDir, note: str, what: str) -> None:
    special.edit("annotations/a/special.yaml", '\'=HYPERLINK("http://x","click")\'', f'"{note}"')
    result = export(special.root)
    assert not result.ok and not (special.root / "exports").exists()
    [finding] = result.report.errors
    assert finding.code == "export.excel-text"
    assert finding.path.name == "special.yaml" and finding.pointer == "/claims/0/note"
    assert (finding.line, finding.column) == _note_place()
    assert "claim s1" in finding.message and what in finding.message
    assert finding.hint


def test_a_nul_is_an_error_for_the_csv_and_for_the_workbook(special: CorpusDir) -> None:
    special.edit("annotations/a/special.yaml", '\'=HYPERLINK("http://x","click")\'', '"nul\\0here"')
    result = export(special.root)
    assert sorted(f.code for f in result.report.errors) == ["export.csv-text", "export.excel-text"]
    assert {(f.path.name, f.line, f.column) for f in result.report.errors} == {("special.yaml", *_note_place())}
    assert not (special.root / "exports").exists()


#: text that every reader gets back unchanged from a cell: nothing here may be refused
KEPT = [
    "tab\tand\nline feed",
    "=1+1",
    "+44 20",
    "0777",
    "2021-09-02",
    "_x_ and _x00411 and x0041_ and _xyz_",
    "TRUE",
    "http://example.org",
    " padded ",
    "“curly” — ‘quotes’ vis-à-vis ≠ 北京",
    "é" * 16_000,
]


def add_kept_text(corpus: CorpusDir) -> None:
    """KEPT as South Africa's aliases, and in the special text's title."""
    notes = "".join(f"      - {json.dumps(text)}\n" for text in KEPT)
    corpus.write(
        "annotations/registry.yaml",
        corpus.read("annotations/registry.yaml").replace(
            "    region: africa\n", "    region: africa\n    aliases:\n" + notes, 1
        ),
    )
    corpus.edit("texts/catalog.yaml", "title: A special text", f"title: {json.dumps(KEPT[0] + KEPT[1])}")


def test_hostile_text_that_a_cell_can_hold_round_trips_exactly(special: CorpusDir) -> None:
    add_kept_text(special)
    assert export(special.root, formats=["tables"]).ok  # the workbook and the CSV files
    out = special.root / "exports"
    want = LIST_SEPARATOR.join(KEPT)
    sheet = openpyxl.load_workbook(out / "sscorpus.xlsx")["actors"]
    names = [c.value for c in sheet[1]]
    aliases = {row[names.index("id")].value: row[names.index("aliases")].value for row in sheet.iter_rows(min_row=2)}
    assert aliases["south-africa"] == want
    frame = pd.read_excel(out / "sscorpus.xlsx", sheet_name="actors", dtype=str, keep_default_na=False)
    assert frame.set_index("id").loc["south-africa", "aliases"] == want
    documents = pd.read_excel(out / "sscorpus.xlsx", sheet_name="documents", dtype=str).set_index("doc_id")
    assert documents.loc["special", "title"] == KEPT[0] + KEPT[1]
    assert _read_csv(out / "csv" / "actors.csv").set_index("id").loc["south-africa", "aliases"] == want


def test_a_catalog_title_with_a_vertical_tab_is_an_error_at_the_catalog(special: CorpusDir) -> None:
    special.edit("texts/catalog.yaml", "title: A special text", 'title: "A special\\vtext"')
    result = export(special.root)
    assert not (special.root / "exports").exists()
    line = special.read("texts/catalog.yaml").splitlines().index('    title: "A special\\vtext"') + 1
    found = {(f.code, f.path.name, f.line, f.column, f.pointer) for f in result.report.errors}
    pointer = next(f.pointer for f in result.report.errors)
    assert pointer.endswith("/title")
    # validate reports it (the catalog check, by the export's rules), so the pre-commit hook does too
    assert found == {("catalog.cell-text", "catalog.yaml", line, 12, pointer)}
    assert len(result.report.errors) == 1


def test_a_registry_name_with_an_escape_is_an_error_at_the_registry(corpus: CorpusDir) -> None:
    corpus.edit("annotations/registry.yaml", "name: South Africa", "name: South _x0041_frica")
    result = export(corpus.root)
    [finding] = result.report.errors
    line = corpus.read("annotations/registry.yaml").splitlines().index("    name: South _x0041_frica") + 1
    assert (finding.code, finding.path.name, finding.line, finding.column) == (
        "export.excel-text",
        "registry.yaml",
        line,
        11,
    )
    assert "actor south-africa" in finding.message and finding.hint


def test_a_heading_the_workbook_cannot_hold_is_an_error_at_the_text(special: CorpusDir) -> None:
    """The section column comes from the text: the finding points at the
    heading in the text. (A control character in a text is an error of
    validate already, as is a line separator; a heading longer than a cell
    holds is not.)"""
    text = SPECIAL_TEXT.replace("## A “special” text", "## A “special” text" + " and more" * 4000)
    raw = text.encode()
    catalog = special.read("texts/catalog.yaml")
    special.write("texts/special.txt", text)
    special.write(
        "texts/catalog.yaml",
        catalog.replace(hashlib.sha256(SPECIAL_TEXT.encode()).hexdigest(), hashlib.sha256(raw).hexdigest()).replace(
            f"characters: {len(SPECIAL_TEXT)}", f"characters: {len(text)}"
        ),
    )
    result = export(special.root)
    assert result.report.errors and all(f.code == "export.excel-text" for f in result.report.errors)
    sections = [f for f in result.report.errors if "column 'section'" in f.message]
    assert sections and {(f.path.name, f.line, f.column) for f in sections} == {("special.txt", 1, 1)}


def test_a_codebook_description_the_workbook_cannot_hold_is_an_error_at_the_schema(corpus: CorpusDir) -> None:
    schema = corpus.path("schemas/claim.schema.json")
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["properties"]["kind"]["description"] += "\x0b"
    schema.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = export(corpus.root)
    codebook = [f for f in result.report.errors if "field kind" in f.message]
    assert codebook, [f.message for f in result.report.errors]
    finding = codebook[0]
    lines = schema.read_text(encoding="utf-8").splitlines()
    assert finding.path.name == "claim.schema.json" and finding.pointer == "/properties/kind/description"
    assert lines[finding.line - 1].lstrip().startswith('"description"')


def test_a_table_longer_than_a_sheet_is_an_error(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cells, "EXCEL_MAX_ROWS", 3)  # header + 2 rows
    result = export(corpus.root)
    too_long = [f for f in result.report.errors if f.code == "export.too-many-rows"]
    # 3 actors, 3 claims, 6 mentions, more links and codebook fields; 2 principles, 2 documents, 1 evidence
    # (and the network tables that derive from them: test_networks.py)
    named = {f.message.split()[1] for f in too_long}
    assert {name for name in named if not name.startswith("network_")} == {
        "actors",
        "claims",
        "mentions",
        "links",
        "codebook",
    }
    assert all(f.line >= 1 and f.column >= 1 for f in too_long)
    # the first mention that does not fit is one of the essay's (the brief, sorted first, has one)
    mentions = next(f for f in too_long if f.message.split()[1] == "mentions")
    lines = corpus.read(ESSAY_FILE).splitlines()
    assert mentions.path.name == "mthembu-multilateralism.yaml"
    assert lines[mentions.line - 1].lstrip().startswith(("- actor:", "- institution:", "- principle:"))
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
    # an earlier export that had one more table, and a file of the user's own
    out = corpus.root / "exports"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"].append({"name": "old-table", "path": "csv/old-table.csv"})
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (out / "csv" / "old-table.csv").write_text("x\r\n", encoding="utf-8")
    (out / "csv" / "mine.csv").write_text("mine\r\n", encoding="utf-8")
    stale = runner.invoke(main, ["export", "--check", *root])
    assert stale.exit_code == 1
    listed = {line.strip() for line in stale.stdout.splitlines()[1:]}
    # a claim's kind is in the claims table only, and in every interchange file;
    # the descriptor was changed above
    assert listed == {
        "csv/claims.csv",
        "parquet/claims.parquet",
        "sscorpus.xlsx",
        "datapackage.json",
        "csv/old-table.csv",
        *(f.file_name for f in FORMATS.values()),
    }
    assert runner.invoke(main, ["export", *root]).exit_code == 0
    assert not (out / "csv" / "old-table.csv").exists()
    assert (out / "csv" / "mine.csv").read_bytes() == b"mine\r\n"
    assert runner.invoke(main, ["export", "--check", *root]).exit_code == 0


def test_the_data_package_describes_every_column(special_exported: CorpusDir) -> None:
    package = json.loads((special_exported.root / "exports" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == TABLES[resource["name"]].column_names
        assert all(f["description"] for f in fields), resource["name"]
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    kind = next(f for f in claims["schema"]["fields"] if f["name"] == "kind")
    assert kind["description"] == "What sort of proposition the claim is."  # from claim.schema.json


def test_frictionless_accepts_the_data_package(special_exported: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``frictionless validate exports/datapackage.json`` runs, in this process."""
    import frictionless  # a test dependency; loaded here, by this test only

    monkeypatch.chdir(special_exported.root)
    report = frictionless.validate("exports/datapackage.json")
    assert report.valid, json.dumps(report.to_dict())[-3000:]


def test_libreoffice_opens_the_workbook_and_each_sheet_equals_its_csv(special: CorpusDir, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    add_kept_text(special)
    assert export(special.root, formats=["tables"]).ok  # the workbook and the CSV files
    out = special.root / "exports"
    filter_options = "44,34,76,1,,0,false,true,false,false,false,-1"  # UTF-8, every sheet to its own file
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{filter_options}",
            "--outdir",
            str(tmp_path),
            str(out / "sscorpus.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
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


def test_the_workbook_has_a_frozen_bold_header_and_an_autofilter(special_exported: CorpusDir) -> None:
    workbook = openpyxl.load_workbook(special_exported.root / "exports" / "sscorpus.xlsx")
    for name in TABLES:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
    claims = workbook["claims"]
    quote_column = [c.value for c in claims[1]].index("quote") + 1
    assert claims.cell(2, quote_column).alignment.wrap_text
    width = claims.column_dimensions[get_column_letter(quote_column)].width
    assert 60 <= width < 61  # XlsxWriter stores a width in characters with Excel's padding
