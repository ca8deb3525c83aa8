"""Exports that hold in users' environments: whatever string storage pandas
picks (Arrow when pyarrow is installed), text order in every table, the
README's reading lines, cells counted as Excel counts them, findings at the
source of a value, and ``validate`` refusing what ``export`` would."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import sscorpus
from conftest import BRIEF_FILE, CATALOG_FILE, ESSAY, ESSAY_FILE, REGISTRY_FILE, CorpusDir
from sscorpus import Claim, Evidence
from sscorpus.checks import cells
from sscorpus.cli import main
from sscorpus.corpus.model import Location, Span
from sscorpus.dataset import formats
from sscorpus.dataset.agreement_tables import disagreement_table, measure
from sscorpus.dataset.dataset import build
from sscorpus.dataset.tables import CELLS, SOURCE, TABLES
from sscorpus.dataset.value import Columns
from sscorpus.exporting import export

REPO = Path(__file__).resolve().parents[1]
#: the CSV files and the workbook, which these tests read, are the tables' part of an export
TABLES_ONLY = ["tables"]

#: the brief's annotations as JSON, with a note to replace
BRIEF_JSON = {
    "document": "india-us-2plus2",
    "annotator": "a",
    "mentions": [{"actor": "india-mea", "quote": "external affairs ministry (India)"}],
    "claims": [
        {
            "id": "b1",
            "quote": "India-US 2+2 Intersessional Dialogue was held in Washington",
            "kind": "descriptive",
            "note": "NOTE",
        }
    ],
}


def write_brief_json(corpus: CorpusDir, note_escaped: str) -> str:
    """The brief's file as JSON whose note is ``note_escaped`` (JSON text)."""
    corpus.remove(BRIEF_FILE)
    rel = BRIEF_FILE.replace(".yaml", ".json")
    corpus.write(rel, json.dumps(BRIEF_JSON, indent=1).replace('"NOTE"', note_escaped))
    return rel


def note_place(corpus: CorpusDir, rel: str) -> tuple[int, int]:
    """(line, column) of the note's value in the brief's JSON file."""
    for number, text in enumerate(corpus.read(rel).splitlines(), 1):
        if '"note": ' in text:
            return number, text.index('"note": ') + len('"note": ') + 1
    raise AssertionError("no note")


# -- issue 15.0: any string storage ------------------------------------------------------------


def test_string_columns_keep_python_strings_whatever_pandas_would_pick(corpus: CorpusDir) -> None:
    checked = sscorpus.check(corpus.root)
    tables = build(checked).tables
    for name, table in TABLES.items():
        for column in table.columns:
            if column.type == "string":
                dtype = tables[name][column.name].dtype
                assert isinstance(dtype, pd.StringDtype) and dtype.storage == "python", (name, column.name)


def test_a_lone_surrogate_is_a_finding_for_the_csv_and_the_workbook(corpus: CorpusDir) -> None:
    rel = write_brief_json(corpus, '"half \\ud800 pair"')
    result = export(corpus.root)
    assert not result.ok and not corpus.path("exports").exists()
    place = note_place(corpus, rel)
    assert corpus.located(result.report.errors) == {
        ("export.csv-text", rel, *place),
        ("export.excel-text", rel, *place),
    }


def test_the_tests_run_with_pandas_storing_strings_in_arrow() -> None:
    """pyarrow is a dependency: every test that builds the tables meets
    pandas' Arrow strings, as most pandas users' environments do."""
    dtype = pd.Series(["x"]).astype("string").dtype
    assert isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


# -- issue 16.6: lengths as Excel counts them -------------------------------------------------------

EMOJI = "\U0001f600"  # one code point, two UTF-16 units


@pytest.mark.parametrize(
    ("note", "what"),
    [
        (EMOJI * 16_384, "32,768"),  # 16,384 code points: under the limit as Python counts
        ("two\n" + EMOJI * 9_000, "18,000"),  # a line of 9,000 code points
    ],
)
def test_a_cell_too_long_in_utf16_units_is_a_finding_at_the_annotation(corpus: CorpusDir, note: str, what: str) -> None:
    rel = write_brief_json(corpus, json.dumps(note, ensure_ascii=False))
    result = export(corpus.root)
    assert not result.ok and not corpus.path("exports").exists()
    [finding] = result.report.errors
    assert corpus.located([finding]) == {("export.excel-text", rel, *note_place(corpus, rel))}
    assert what in finding.message


def test_utf16_units_count_a_character_beyond_the_bmp_twice() -> None:
    assert [cells.utf16_units(t) for t in ("", "abc", "é北", EMOJI, "a" + EMOJI * 3)] == [0, 3, 2, 2, 7]
    assert cells.workbook_problem("a" * (cells.EXCEL_MAX_CHARS - 2) + EMOJI) is None
    assert cells.workbook_problem("a" * (cells.EXCEL_MAX_CHARS - 1) + EMOJI) is not None


# -- issue 15.11: text order --------------------------------------------------------------------


def _starts(corpus: CorpusDir) -> dict[str, int]:
    checked = corpus.check()
    assert not checked.report.errors
    file = next(f for f in checked.corpus.files if f.document == ESSAY)
    units: list[Claim | Evidence] = [*file.claims, *file.evidence]
    return {a.id: a.span.start for a in units if a.id and a.span}


def test_links_follow_the_text_not_the_ids(corpus: CorpusDir) -> None:
    """The essay's claims renamed so that their ids sort against the text
    (the later claim first as text), as c10 sorts before c2."""
    starts = _starts(corpus)
    earlier, later = sorted(["c1", "c2"], key=starts.__getitem__)
    text = corpus.read(ESSAY_FILE)
    text = text.replace(f"id: {earlier}\n", "id: ZZ-earlier\n").replace(f"id: {later}\n", "id: AA-later\n")
    text = text.replace("supports: [c1]", f"supports: [{'ZZ-earlier' if earlier == 'c1' else 'AA-later'}]")
    corpus.write(ESSAY_FILE, text)
    starts = _starts(corpus)
    assert export(corpus.root, formats=TABLES_ONLY).ok
    links = pd.read_csv(corpus.path("exports/csv/links.csv"), dtype=str, keep_default_na=False)
    essay = links[links["doc_id"] == ESSAY]
    order = [starts[source] for source in essay["source_id"]]
    assert len(set(order)) > 1 and order == sorted(order)
    # within one document and annotator only: the documents keep their order
    assert list(links["doc_id"]) == sorted(links["doc_id"])


@pytest.mark.parametrize(
    ("table", "keys"),
    [("claims", ["start", "id"]), ("mentions", ["start", "end", "entity_id"])],
)
def test_annotation_tables_are_in_text_order_within_a_document(
    exported_corpus: CorpusDir, table: str, keys: list[str]
) -> None:
    frame = pd.read_csv(exported_corpus.path(f"exports/csv/{table}.csv"), keep_default_na=False, na_values=[""])
    assert len(frame) > 1
    assert frame.equals(frame.sort_values(["doc_id", "annotator", *keys], kind="mergesort"))


# -- issue 15.12: the README's lines read the exports back -------------------------------------------

#: text that readers take for a missing value unless told otherwise
NA_LIKE = {"c1": "NA", "c2": "null", "b1": "#N/A"}
#: the spellings R's as.logical() takes (R documentation, ?logical)
R_LOGICAL = {"TRUE", "true", "True", "T", "FALSE", "false", "False", "F"}


def readme_block(language: str, needle: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(rf"```{language}\n(.*?)```", readme, re.S)
    [block] = [b for b in blocks if needle in b]
    return block


def add_na_like_notes(corpus: CorpusDir) -> None:
    for rel in (ESSAY_FILE, BRIEF_FILE):
        text = corpus.read(rel)
        for claim, note in NA_LIKE.items():
            text = re.sub(
                rf"(  - id: {claim}\n(?:    .*\n|      .*\n)*?    kind: .*\n)",
                rf"\1    note: {json.dumps(note)}\n",
                text,
            )
        corpus.write(rel, text)
    corpus.edit(REGISTRY_FILE, "    region: africa\n", '    region: africa\n    note: "NaN"\n')


def test_the_readmes_pandas_lines_keep_na_like_text_and_read_booleans(
    corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_na_like_notes(corpus)
    assert export(corpus.root, formats=TABLES_ONLY).ok
    monkeypatch.chdir(corpus.root)
    namespace: dict[str, object] = {}
    exec(readme_block("python", "read_excel"), namespace)
    workbook = namespace["workbook"]
    claims = namespace["claims"]
    assert isinstance(workbook, dict) and isinstance(claims, pd.DataFrame)
    for frame in (workbook["claims"], claims):
        notes = frame.set_index("id")["note"]
        assert {claim: notes[claim] for claim in NA_LIKE} == NA_LIKE
        assert frame["hedged"].dtype == bool and frame["speaker_is_default"].dtype == bool
    assert workbook["actors"].set_index("id").loc["south-africa", "note"] == "NaN"
    # an empty cell is still missing
    assert workbook["actors"].set_index("id")["note"].isna().any()


def test_the_readmes_r_line_names_every_boolean_column_and_its_spelling(corpus: CorpusDir) -> None:
    block = readme_block("r", "read.csv")
    table = re.search(r"exports/csv/(\w+)\.csv", block)
    assert table is not None
    named = dict(re.findall(r'(\w+) = "(\w+)"', block.split("colClasses", 1)[1]))
    booleans = {c.name for c in TABLES[table.group(1)].columns if c.type == "boolean"}
    assert booleans and named == dict.fromkeys(booleans, "logical")
    assert export(corpus.root, formats=TABLES_ONLY).ok
    frame = pd.read_csv(corpus.path(f"exports/csv/{table.group(1)}.csv"), dtype=str, keep_default_na=False)
    assert {v for column in booleans for v in frame[column]} <= R_LOGICAL
    # the README names the boolean columns of every table
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    prose = readme[: readme.index("```r\n" + block)].rstrip().rsplit("\n\n", 1)[1]
    assert all(f"`{c.name}`" in prose for t in TABLES.values() for c in t.columns if c.type == "boolean")


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (Debian: r-base-core)")
def test_the_readmes_r_line_reads_logicals_and_keeps_na_like_text(corpus: CorpusDir) -> None:
    add_na_like_notes(corpus)
    assert export(corpus.root, formats=TABLES_ONLY).ok
    script = (
        readme_block("r", "read.csv") + 'cat(class(claims$hedged), class(claims$speaker_is_default), sep = "\\n")\n'
    )
    script += 'cat(claims$note[match(c("c1", "c2", "b1"), claims$id)], sep = "\\n")\n'
    result = subprocess.run(
        ["Rscript", "-e", script], cwd=corpus.root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["logical", "logical", *NA_LIKE.values()]


# -- issue 16.12: a refused value is located at its source ------------------------------------------

#: a text whose heading and one paragraph hold a line separator (U+2028),
#: which validate lets through in a text and a workbook cell cannot hold
#: a heading longer than a cell holds, and a quote holding text a workbook
#: cell would decode (``_x0041_`` reads as "A"): both a text may hold
SEPARATED_TEXT = "## Heading" + " and more" * 4000 + "\n\nThe first_x0041_line of a paragraph.\n"


def add_text(corpus: CorpusDir, doc_id: str, text: str, annotations: str, annotators: tuple[str, ...] = ("a",)) -> None:
    raw = text.encode()
    corpus.write(f"texts/{doc_id}.txt", raw)
    corpus.write(
        CATALOG_FILE,
        corpus.read(CATALOG_FILE)
        + f"""\
  - id: {doc_id}
    title: A text of the tests
    authors: []
    kind: essay
    language: en
    default_speaker: philani-mthembu
    text: {doc_id}.txt
    sha256: {hashlib.sha256(raw).hexdigest()}
    characters: {len(text)}
    provenance: {{source_file: tests, start: 0, end: {len(text)}}}
""",
    )
    for annotator in annotators:
        corpus.write(
            f"annotations/{annotator}/{doc_id}.yaml", f"document: {doc_id}\nannotator: {annotator}\n" + annotations
        )


def test_a_quote_and_a_heading_are_located_in_the_text(corpus: CorpusDir) -> None:
    add_text(
        corpus,
        "separated",
        SEPARATED_TEXT,
        'claims:\n  - id: s1\n    quote: "The first_x0041_line"\n    kind: descriptive\n',
    )
    result = export(corpus.root)
    assert not result.ok and not corpus.path("exports").exists()
    by_column = {f.message.split("column '")[1].split("'")[0]: f for f in result.report.errors}
    assert corpus.located([by_column["quote"]]) == {("export.excel-text", "texts/separated.txt", 3, 10)}
    assert corpus.located([by_column["section"]]) == {("export.excel-text", "texts/separated.txt", 1, 1)}
    assert set(by_column) == {"quote", "section"}


def test_a_quote_in_pieces_is_located_at_its_character_in_the_text() -> None:
    text = "one two\nthree f\u2028our\n"
    source = cells.FromText(Path("t.txt"), text, Span(((0, 3), (14, 19))))
    quote = Span(((0, 3), (14, 19))).quote(text)
    assert quote[cells.unsafe_at(quote) or 0] == "\u2028"
    assert cells.Locator(Path("x.xlsx")).place(cells.Origin(None, {"quote": source}), "quote", (2, 6), quote) == (
        Path("t.txt"),
        2,
        8,
        "",
    )


def test_a_disagreement_is_located_at_each_annotators_line(corpus: CorpusDir) -> None:
    """The disagreements table's values come from two annotation files: a
    value that a cell could not hold is reported at its annotator's line,
    never at the workbook (which is not written)."""
    text = corpus.read(ESSAY_FILE).replace("annotator: a", "annotator: b")
    text = text.replace("kind: evaluative", "kind: prescriptive")
    corpus.write(f"annotations/b/{ESSAY}.yaml", text)
    checked = corpus.check()
    assert not checked.report.errors
    [row] = [r for r in disagreement_table(measure(checked.corpus), checked.corpus.root) if r["what"] == "kind"]
    locator = cells.Locator(corpus.path("exports/sscorpus.xlsx"))
    origin = cells.Origin(row[SOURCE], row[CELLS])
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == "  - id: c1")
    for n, annotator in ((1, "a"), (2, "b")):
        path, at, _, _ = locator.place(origin, f"value_{n}", (2, 6 + n))
        assert (path.relative_to(corpus.root).as_posix(), at) == (f"annotations/{annotator}/{ESSAY}.yaml", line)


# -- issue 17: validate refuses what export would --------------------------------------------------


def test_validate_exits_1_on_a_catalog_title_with_a_control_character(corpus: CorpusDir) -> None:
    lines = corpus.read(CATALOG_FILE).splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("    title: "))
    title = yaml.safe_load(lines[line - 1].split(": ", 1)[1])
    lines[line - 1] = f"    title: {json.dumps(title + chr(0x1B))}\n"
    corpus.write(CATALOG_FILE, "".join(lines))
    result = CliRunner().invoke(main, ["validate", "--root", str(corpus.root), "--format", "json"])
    assert result.exit_code == 1
    found = {(f["code"], Path(f["path"]).name, f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("catalog.cell-text", "catalog.yaml", line, 12)}


@pytest.mark.parametrize(
    ("rel", "old", "new", "code"),
    [
        (REGISTRY_FILE, "name: South Africa", 'name: "South\\vAfrica"', "export.excel-text"),
        (
            ESSAY_FILE,
            "    kind: evaluative\n",
            '    kind: evaluative\n    note: "a _x0041_ escape"\n',
            "export.excel-text",
        ),
        (ESSAY_FILE, "    kind: evaluative\n", '    kind: evaluative\n    note: "nul\\0"\n', "export.csv-text"),
    ],
)
def test_validate_refuses_registry_and_annotation_values_export_would(
    corpus: CorpusDir, rel: str, old: str, new: str, code: str
) -> None:
    corpus.edit(rel, old, new)
    checked = corpus.check()
    assert code in {f.code for f in checked.report.errors}
    assert {f.path.name for f in checked.report.errors} == {Path(rel).name}
    assert export(corpus.root).report.errors == checked.report.errors


def test_the_exports_own_csv_check_holds_for_values_validate_does_not_see(corpus: CorpusDir) -> None:
    """A value that reaches a table without passing validate (a derived
    one) is still refused by the export's CSV check, located at its record:
    the check reads Python strings, whatever pandas' string storage."""
    checked = corpus.check()
    claims = build(checked).tables["claims"]
    claims.loc[0, "note"] = "nul\x00 and \ud800"
    [finding] = formats.csv_findings("claims", Columns(claims), cells.Locator(corpus.path("exports/sscorpus.xlsx")))
    where = claims[SOURCE].tolist()[0]
    assert isinstance(where, Location)
    assert (finding.code, finding.path, finding.pointer) == ("export.csv-text", where.path, where.pointer)
    assert f"claim {claims['id'].tolist()[0]}" in finding.message
