"""sscorpus rehash after a deliberate correction; catalog.checksum's wording
for a text without a checksum; stats --help."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import BRIEF, BRIEF_FILE, CATALOG_FILE, CorpusDir
from sscorpus.cli import main
from sscorpus.corpus.loading import load_file

BRIEF_TEXT = f"texts/{BRIEF}.txt"


@pytest.fixture(autouse=True)
def _inside(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.root)


def run(corpus: CorpusDir, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(corpus.root)])


def keep_annotated(corpus: CorpusDir) -> str:
    """A copy of the brief as annotated, outside the corpus, for --old."""
    kept = corpus.root.parent / "annotated.txt"
    kept.write_bytes(corpus.path(BRIEF_TEXT).read_bytes())
    return str(kept)


def brief_entry(corpus: CorpusDir) -> dict[str, object]:
    data = load_file(corpus.path(CATALOG_FILE)).data
    return next(d for d in data["documents"] if d["id"] == BRIEF)


def test_rehash_records_the_new_checksum_and_moves_offsets(corpus: CorpusDir) -> None:
    text = corpus.read(BRIEF_TEXT)
    b1 = "India-US 2+2 Intersessional Dialogue was held in Washington"
    start = text.index(b1)
    # b1 with explicit offsets, then a typo corrected before it: b1 moves by one character
    corpus.edit(
        BRIEF_FILE,
        f"    quote: {b1}\n",
        f"    quote: {b1}\n    start: {start}  # checked\n    end: {start + len(b1)}\n",
    )
    assert sscorpus.check(corpus.root).report.errors == []
    catalog_before = corpus.read(CATALOG_FILE)
    annotated = keep_annotated(corpus)
    corrected = text.replace("WASHINGTON", "WASHINGTON,", 1)
    corpus.write(BRIEF_TEXT, corrected)
    assert {f.code for f in sscorpus.check(corpus.root).report.errors} == {
        "catalog.checksum",
        "catalog.length",
        "anchor.offsets-mismatch",
    }
    result = run(corpus, "rehash", BRIEF, "--old", annotated)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"{BRIEF_FILE}:7:5: warning[rehash.rewritten] rewritten: claim b1: start {start} -> {start + 1}; "
        f"end {start + len(b1)} -> {start + 1 + len(b1)} [/claims/0]"
    )
    assert "items anchored: 1, rewritten: 1, moved: 0, broke: 0" in result.output  # the mention, b1
    assert f"    start: {start + 1}  # checked\n    end: {start + 1 + len(b1)}\n" in corpus.read(BRIEF_FILE)
    entry = brief_entry(corpus)
    assert entry["sha256"] == hashlib.sha256(corrected.encode("utf-8")).hexdigest()
    assert entry["characters"] == len(text) + 1
    # only the two values changed in the catalog: its comments and everything else are as they were
    changed = [
        (a, b)
        for a, b in zip(catalog_before.splitlines(), corpus.read(CATALOG_FILE).splitlines(), strict=True)
        if a != b
    ]
    assert [a.split(":")[0].strip() for a, _ in changed] == ["sha256", "characters"]
    assert sscorpus.check(corpus.root).report.errors == []


def test_rehash_reports_a_quote_the_correction_broke_and_exits_1(corpus: CorpusDir) -> None:
    text = corpus.read(BRIEF_TEXT)
    annotated = keep_annotated(corpus)
    corpus.write(BRIEF_TEXT, text.replace("2+2 Intersessional Dialogue was", "2+2 Inter-sessional Dialogue was", 1))
    result = run(corpus, "rehash", BRIEF, "--old", annotated)
    assert result.exit_code == 1
    assert result.output.startswith(f"{BRIEF_FILE}:8:5: error[rehash.broke] broke: claim b1: the correction changed")
    entry = brief_entry(corpus)  # the checksum is recorded all the same: the text was corrected on purpose
    assert entry["characters"] == len(text) + 1
    codes = {f.code for f in sscorpus.check(corpus.root).report.errors}
    assert codes == {"anchor.not-found"}


def test_rehash_of_an_unknown_document_is_a_usage_error(corpus: CorpusDir) -> None:
    result = run(corpus, "rehash", "no-such-doc")
    assert result.exit_code == 2 and "no document 'no-such-doc'" in result.output


@pytest.mark.parametrize("written", ["TODO", ""])
def test_a_text_without_a_checksum_is_told_what_to_write(corpus: CorpusDir, written: str) -> None:
    """Bug 2: the message said the text 'has changed' and to restore it."""
    raw = corpus.path(BRIEF_TEXT).read_bytes()
    corpus.edit(
        CATALOG_FILE,
        "    sha256: 8d25f11a76dec5dac9b4d933be95235fc786db43a614b8f948e31ed094bcc05f\n",
        f"    sha256: {written}\n",
    )
    findings = [f for f in sscorpus.check(corpus.root).report.errors if f.code == "catalog.checksum"]
    assert len(findings) == 1
    finding = findings[0]
    assert "has changed" not in finding.message and "restore" not in (finding.hint or "")
    assert hashlib.sha256(raw).hexdigest() in (finding.hint or "")
    assert f"characters: {len(raw.decode('utf-8'))}" in (finding.hint or "")
    assert f"sscorpus rehash {BRIEF}" in (finding.hint or "")
    assert run(corpus, "rehash", BRIEF).exit_code == 0
    assert sscorpus.check(corpus.root).report.errors == []


def test_stats_help_mentions_no_path() -> None:
    """Bug 9: stats --help spoke of a PATH that stats does not take."""
    result = CliRunner().invoke(main, ["stats", "--help"])
    assert result.exit_code == 0
    assert "PATH" not in result.output
