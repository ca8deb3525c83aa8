"""What add-text records of a text's making (the note, the source's own
checksum, the parts that are not body, the authors' affiliations) reaches
the documents table of the exports and the document's page on the site."""

from __future__ import annotations

import csv
import hashlib
import html
from pathlib import Path

from click.testing import CliRunner

from conftest import CorpusDir
from sscorpus.cli import main
from sscorpus.exporting import export
from sscorpus.site.build import build_site

#: a press release copied from a web page: no blank lines between paragraphs
SOURCE = "For immediate release\nSouth Africa and the WTO met in Geneva.\nThey agreed on a fund.\n"


def add_press_release(corpus: CorpusDir) -> None:
    source = corpus.write("incoming/press.txt", SOURCE)
    result = CliRunner().invoke(
        main,
        [
            "add-text", str(source), "--id", "press", "--title", "Talks", "--kind", "press-release",
            "--author", "Philani Mthembu", "--affiliation", "Institute for Global Dialogue",
            "--paragraphs", "lines", "--note", "copied from the ministry's web page",
            "--not-body", "For immediate release", "--url", "https://example.org/press", "--accessed", "2024-09-13",
            "--root", str(corpus.root),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_the_documents_table_carries_the_provenance(corpus: CorpusDir, tmp_path: Path) -> None:
    add_press_release(corpus)
    result = export(corpus.root, tmp_path / "out")
    assert not result.report.errors
    with (tmp_path / "out" / "csv" / "documents.csv").open(encoding="utf-8", newline="") as stream:
        rows = {row["doc_id"]: row for row in csv.DictReader(stream)}
    press = rows["press"]
    assert press["source_sha256"] == hashlib.sha256(SOURCE.encode()).hexdigest()
    assert press["provenance_note"] == (
        "copied from the ministry's web page; 2 blank lines inserted between paragraphs by sscorpus add-text "
        "--paragraphs lines (each line of the source is a paragraph)"
    )
    assert press["not_body"] == "For immediate release"
    assert press["affiliations"] == "Institute for Global Dialogue"
    assert press["source_url"] == "https://example.org/press"


def test_the_document_page_shows_the_provenance(corpus: CorpusDir, tmp_path: Path) -> None:
    add_press_release(corpus)
    result = build_site(corpus.root, tmp_path / "site")
    assert not result.report.errors
    page = html.unescape((tmp_path / "site" / "documents" / "press.html").read_text(encoding="utf-8"))
    assert hashlib.sha256(SOURCE.encode()).hexdigest() in page
    assert "copied from the ministry's web page; 2 blank lines inserted" in page
    assert '<dd class="not-body"><q>For immediate release</q></dd>' in page
    link = '<a href="https://example.org/press" rel="noopener">https://example.org/press</a>'
    assert f"{link}, accessed 2024-09-13" in page
