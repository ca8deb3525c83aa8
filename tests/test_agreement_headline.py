"""Agreement per pair over the documents both annotated, and the headline
figures: ``sscorpus agree``, the workbook's About sheet and the site's home
page state the same figures, chosen in one place (``headline.py``)."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import BRIEF, BRIEF_ANNOTATIONS, BRIEF_FILE, CATALOG_FILE, ESSAY, CorpusDir
from sscorpus.agreement.headline import Headline, headline
from sscorpus.agreement.measure import agree, independent_annotators
from sscorpus.agreement.report import agreement_rows
from sscorpus.cli import main
from sscorpus.exporting import export
from sscorpus.site.build import build_site
from test_agreement import A_FILE, A_PATH, B_PATH, b_file

#: a third document, annotated by y alone
OTHER = "brief-again"


def _add_other_document(corpus: CorpusDir) -> None:
    """A third text (the brief's bytes under another id) in the catalog."""
    (corpus.root / "texts" / f"{OTHER}.txt").write_bytes((corpus.root / "texts" / f"{BRIEF}.txt").read_bytes())
    catalog = corpus.read(CATALOG_FILE)
    start = catalog.index(f"  - id: {BRIEF}\n")
    end = catalog.find("\n  - id: ", start + 1)
    entry = catalog[start : len(catalog) if end == -1 else end + 1]
    entry = entry.replace(f"id: {BRIEF}", f"id: {OTHER}").replace(f"text: {BRIEF}.txt", f"text: {OTHER}.txt")
    corpus.write(CATALOG_FILE, catalog.rstrip("\n") + "\n" + entry.rstrip("\n") + "\n")


@pytest.fixture
def apart(corpus: CorpusDir) -> CorpusDir:
    """a and b on the essay and the brief; y on a third document only."""
    corpus.write(A_PATH, A_FILE)
    corpus.write(B_PATH, b_file())
    corpus.write(BRIEF_FILE.replace("/a/", "/b/"), BRIEF_ANNOTATIONS.replace("annotator: a", "annotator: b"))
    _add_other_document(corpus)
    corpus.write(
        f"annotations/y/{OTHER}.yaml",
        BRIEF_ANNOTATIONS.replace("annotator: a", "annotator: y").replace(f"document: {BRIEF}", f"document: {OTHER}"),
    )
    assert corpus.check().report.errors == []
    return corpus


def test_pairs_with_no_document_in_common_are_no_figures(apart: CorpusDir) -> None:
    corpus = apart.check().corpus
    result = agree(corpus, independent_annotators(corpus))
    assert {r.annotators for r in result.results} == {("a", "b")}  # no a|y, b|y, nor a "three-annotator" figure
    assert result.shared == {("a", "b"): (ESSAY, BRIEF) if ESSAY < BRIEF else (BRIEF, ESSAY)}
    assert result.unshared == (("a", "y"), ("b", "y"))
    found = headline(agreement_rows(result), ["a", "b", "y"])
    assert [(g.annotators, g.documents) for g in found.groups] == [(("a", "b"), tuple(sorted((ESSAY, BRIEF))))]
    assert found.unshared == (("a", "y"), ("b", "y"))


def test_three_annotators_together_say_who_coded_what(corpus: CorpusDir) -> None:
    corpus.write(A_PATH, A_FILE)
    corpus.write(B_PATH, b_file())
    corpus.write(f"annotations/c/{ESSAY}.yaml", A_FILE.replace("annotator: a", "annotator: c"))
    result = agree(corpus.check().corpus, ["a", "b", "c"])
    kind = next(
        r
        for r in result.results
        if r.annotators == ("a", "b", "c")
        and (r.type, r.variable, r.measure, r.matching) == ("claim", "kind", "alpha", "exact")
        and r.scope == "(all)"
    )
    # six joint claims: a and c coded all six, b has no c3 nor c6
    assert (kind.figure.n, kind.per_annotator) == (6, (("a", 6), ("b", 4), ("c", 6)))
    row = next(
        r
        for r in agreement_rows(result)
        if r["annotators"] == "a | b | c"
        and r["variable"] == "kind"
        and r["measure"] == "alpha"
        and r["matching"] == "exact"
        and r["doc_id"] == "(all)"
    )
    assert row["n_per_annotator"] == "a: 6 | b: 4 | c: 6"
    group = headline(agreement_rows(result), ["a", "b", "c"]).groups[-1]
    assert group.annotators == ("a", "b", "c")
    figure = next(f for f in group.figures if (f.type, f.variable) == ("claim", "kind"))
    assert figure.text().endswith("(n = 6; coded by a 6, b 4, c 6)")


class _Rows(HTMLParser):
    """The cells of each row of the home page's agreement table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "data agreement") in attrs:
            self.inside = 1
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = 0
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _figures_of_home_page(html: str) -> list[tuple[str, str, str, str, str]]:
    """(annotators, type, figure, value, n) of each row, the group's cells
    (annotators, documents) carried down their rowspan."""
    parser = _Rows()
    parser.feed(html)
    found = []
    group = ""
    for cells in parser.rows[1:]:
        if len(cells) > 6:
            group, cells = cells[0], cells[2:]
        found.append((group, cells[0], cells[1], cells[2], cells[3]))
    return found


def _expected(found: Headline) -> list[tuple[str, str, str, str, str]]:
    return [(g.name, f.type, f.label, f.shown, str(f.n)) for g in found.groups for f in g.figures]


def test_agree_the_about_sheet_and_the_home_page_state_the_same_figures(
    apart: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = apart.check().corpus
    found = headline(agreement_rows(agree(corpus, independent_annotators(corpus))), independent_annotators(corpus))
    assert found.groups and found.unshared
    texts = [f.text() for g in found.groups for f in g.figures]

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(apart.root)
    report = CliRunner().invoke(main, ["agree"])
    assert report.exit_code == 0, report.output
    as_json = json.loads(CliRunner().invoke(main, ["agree", "--format", "json"]).stdout)
    assert as_json["unshared"] == [["a", "y"], ["b", "y"]]
    assert [s["annotators"] for s in as_json["shared"]] == [["a", "b"]]

    assert export(apart.root).ok
    about = {
        row[0]: str(row[1])
        for row in openpyxl.load_workbook(apart.path("exports/sscorpus.xlsx"))["About"].iter_rows(values_only=True)
    }["Agreement"]

    assert not build_site(apart.root, tmp_path / "site").report.errors
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")

    for output in (report.stdout, about):
        assert all(text in output for text in texts)
        assert found.groups[0].title in output
        assert found.unshared_line in output
        assert "a, b and y" not in output
    assert _figures_of_home_page(home) == _expected(found)
    assert found.unshared_line in home and "a, b and y" not in home
    # the agreement table itself holds no row for a pair with nothing in common
    with apart.path("exports/csv/agreement.csv").open(encoding="utf-8", newline="") as stream:
        assert {row["annotators"] for row in csv.DictReader(stream)} == {"a | b"}
