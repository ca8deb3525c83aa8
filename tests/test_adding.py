"""sscorpus add-text: checks the text before writing, copies it byte for
byte, appends the catalog entry keeping the catalog's comments."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import CATALOG_FILE, CorpusDir
from sscorpus.cli import main
from sscorpus.codes import CODES
from sscorpus.corpus.loading import load_file

TEXT = "## A press release\n\nSouth Africa and the WTO met in Geneva, said Philani Mthembu.\n\nThey agreed.\n"


def add(corpus: CorpusDir, *args: str, text: str | bytes = TEXT, name: str = "press.txt") -> Result:
    source = corpus.write(f"incoming/{name}", text)
    return CliRunner().invoke(main, ["add-text", str(source), "--root", str(corpus.root), *args])


def entry(corpus: CorpusDir, doc_id: str) -> dict[str, object]:
    data = load_file(corpus.path(CATALOG_FILE)).data
    return next(d for d in data["documents"] if d["id"] == doc_id)


def test_adds_the_text_byte_for_byte_and_its_entry(corpus: CorpusDir) -> None:
    before = corpus.read(CATALOG_FILE)
    text = TEXT.replace("met", "met vis-à-vis")  # 'à' is two bytes and one character
    result = add(
        corpus,
        "--id",
        "press",
        "--title",
        "Talks: a new round",
        "--kind",
        "press-release",
        "--author",
        "Philani Mthembu",
        "--url",
        "https://example.org/a?b=1#c",
        "--accessed",
        "2024-09-13",
        "--date",
        "2024-09-12",
        text=text,
    )
    assert result.exit_code == 0, result.output
    raw = text.encode("utf-8")
    assert corpus.path("texts/press.txt").read_bytes() == raw
    after = corpus.read(CATALOG_FILE)
    assert after.startswith(before)  # comments and layout kept: the entry is appended
    assert entry(corpus, "press") == {
        "id": "press",
        "title": "Talks: a new round",
        "authors": [{"name": "Philani Mthembu", "actor": "philani-mthembu"}],
        "kind": "press-release",
        "date": "2024-09-12",
        "language": "en",
        "default_speaker": "philani-mthembu",
        "text": "press.txt",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "characters": len(raw) - 1,
        "provenance": {"url": "https://example.org/a?b=1#c", "accessed": "2024-09-13"},
    }
    assert sscorpus.check(corpus.root).report.errors == []


def test_without_url_the_source_file_is_the_provenance(corpus: CorpusDir) -> None:
    result = add(corpus, "--id", "press", "--title", "T", "--kind", "speech", "--default-speaker", "south-africa")
    assert result.exit_code == 0, result.output
    assert entry(corpus, "press")["provenance"] == {"source_file": "press.txt", "start": 0, "end": len(TEXT)}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        (TEXT.replace("\n", "\r\n"), "text.line-ends", 1),
        ("\ufeff" + TEXT, "text.bom", 1),
        (TEXT.replace("They", "They\x0c"), "text.control-character", 5),
        (TEXT.encode("utf-8").replace(b"WTO", b"WTO \x96"), "catalog.text-encoding", 3),
    ],
)
def test_refuses_a_text_it_cannot_take_and_writes_nothing(
    corpus: CorpusDir, text: str | bytes, code: str, line: int
) -> None:
    before = corpus.read(CATALOG_FILE)
    result = add(
        corpus, "--id", "press", "--title", "T", "--kind", "speech", "--default-speaker", "south-africa", text=text
    )
    assert result.exit_code == 1
    severity = CODES[code].severity.value  # a warning refuses the text too: validate --strict fails on it
    assert f"incoming/press.txt:{line}:" in result.output and f"{severity}[{code}]" in result.output
    assert "text.no-paragraphs" not in result.output  # the text has blank lines, CRLF ones too
    assert (
        "1 file checked: 1 error" if severity == "error" else "1 file checked: 0 errors, 1 warning"
    ) in result.output
    assert "hint: " in result.output
    assert corpus.read(CATALOG_FILE) == before and not corpus.path("texts/press.txt").exists()


def test_lf_converts_line_ends_and_the_entry_says_so(corpus: CorpusDir) -> None:
    result = add(
        corpus,
        "--id",
        "press",
        "--title",
        "T",
        "--kind",
        "speech",
        "--default-speaker",
        "south-africa",
        "--lf",
        text=TEXT.replace("\n", "\r\n"),
    )
    assert result.exit_code == 0, result.output
    assert corpus.path("texts/press.txt").read_bytes() == TEXT.encode("utf-8")
    assert "converted to LF" in str(entry(corpus, "press")["provenance"])
    assert sscorpus.check(corpus.root).report.errors == []


def test_a_text_without_blank_lines_is_refused_and_paragraphs_lines_records_the_change(corpus: CorpusDir) -> None:
    """What validate --strict fails is not written; --paragraphs lines inserts
    the blank lines and the entry says how many, with the source's checksum."""
    source = "One line.\nAnother line.\n\nA third.\n"
    args = ["--id", "press", "--title", "T", "--kind", "speech", "--default-speaker", "south-africa"]
    refused = add(corpus, *args, text="One line.\nAnother line.\n")
    assert refused.exit_code == 1 and "warning[text.no-paragraphs]" in refused.output
    assert not corpus.path("texts/press.txt").exists()
    result = add(corpus, *args, "--paragraphs", "lines", "--note", "copied from the web page", text=source)
    assert result.exit_code == 0, result.output
    assert corpus.read("texts/press.txt") == "One line.\n\nAnother line.\n\nA third.\n"
    provenance = entry(corpus, "press")["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["source_sha256"] == hashlib.sha256(source.encode()).hexdigest()
    assert provenance["end"] == len(source)
    assert str(provenance["note"]).startswith("copied from the web page; 1 blank line inserted")
    assert sscorpus.check(corpus.root).report.exit_code(strict=True) == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--id", "india-us-2plus2"], "already has a document 'india-us-2plus2'"),
        (["--id", "Press Release"], "lower-case letters"),
        (["--id", "press", "--default-speaker", "nobody"], "'nobody' is no actor of the registry"),
        (["--id", "press", "--author", "Jane Roe"], "no actor named 'Jane Roe'"),
        (["--id", "press"], "give --default-speaker ACTOR"),
        (["--id", "press", "--default-speaker", "south-africa", "--accessed", "2024-01-01"], "give --url too"),
    ],
)
def test_refuses_usage_problems_with_the_fix(corpus: CorpusDir, args: list[str], says: str) -> None:
    before = corpus.read(CATALOG_FILE)
    result = add(corpus, "--title", "T", "--kind", "speech", *args)
    assert result.exit_code == 2
    assert says in result.output
    assert corpus.read(CATALOG_FILE) == before


def test_refuses_a_text_file_that_exists(corpus: CorpusDir) -> None:
    corpus.write("texts/press.txt", "an uncatalogued text\n")
    result = add(corpus, "--id", "press", "--title", "T", "--kind", "speech", "--default-speaker", "south-africa")
    assert result.exit_code == 2 and "already exists" in result.output
    assert corpus.read("texts/press.txt") == "an uncatalogued text\n"


def test_a_wrong_kind_is_the_schema_finding_named_by_its_option_and_nothing_is_written(corpus: CorpusDir) -> None:
    result = add(corpus, "--id", "press", "--title", "T", "--kind", "pressrelease", "--default-speaker", "south-africa")
    assert result.exit_code == 2 and "--kind: " in result.output and "[schema.enum]" in result.output
    assert "catalog.yaml:" not in result.output  # no place in a catalog line that was never written
    assert not corpus.path("texts/press.txt").exists()


def test_a_url_stands_for_source_file_and_one_of_them_is_needed(corpus: CorpusDir) -> None:
    source = (
        "      source_file: 000_7e54baa9c8bb91a5.txt\n      source_sha256: "
        "3cada88c2a17e8e5e5659e3dd9c50b538a422e1d21ab60fd40e48acb25229610"
        "\n      start: 19028\n      end: 20743\n"
    )
    corpus.edit(CATALOG_FILE, source, "      url: https://example.org/brief\n")
    assert sscorpus.check(corpus.root).report.errors == []
    corpus.edit(CATALOG_FILE, "      url: https://example.org/brief\n", "      accessed: 2024-01-01\n")
    codes = {f.code for f in sscorpus.check(corpus.root).report.errors}
    assert codes == {"schema.required"}


def test_a_catalog_with_windows_line_ends_keeps_them(corpus: CorpusDir) -> None:
    corpus.write(CATALOG_FILE, corpus.read(CATALOG_FILE).replace("\n", "\r\n").encode("utf-8"))
    before = corpus.path(CATALOG_FILE).read_bytes()
    result = add(corpus, "--id", "press", "--title", "T", "--kind", "speech", "--default-speaker", "south-africa")
    assert result.exit_code == 0, result.output
    after = corpus.path(CATALOG_FILE).read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    assert entry(corpus, "press")["default_speaker"] == "south-africa"
