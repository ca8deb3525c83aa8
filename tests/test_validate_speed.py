"""Validation pays for what changed: one file reads only its own texts, and
worker processes (``-j``) give the same report as one process."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BRIEF, BRIEF_FILE, CATALOG_FILE, ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, CorpusDir
from sscorpus import codes
from sscorpus.checks import files
from sscorpus.checks.reporters import write_json
from sscorpus.checks.validate import check
from sscorpus.cli import main
from sscorpus.corpus import catalog


def _json(root: Path, jobs: int) -> str:
    stream = io.StringIO()
    write_json(check(root, jobs=jobs).report, stream, root)
    return stream.getvalue()


def _broken(corpus: CorpusDir) -> None:
    """Findings of many kinds, in many files: a quote the text does not hold,
    a file that is not YAML, a file on a document the catalog lacks, a file
    of another annotator with an ambiguous quote, a wrong checksum."""
    corpus.edit(ESSAY_FILE, "quote: diffuse reciprocity", "quote: diffuse reciprocality")
    corpus.write("annotations/b/broken.yaml", "document: [unclosed\n")
    corpus.write("annotations/b/nowhere.yaml", "document: nowhere\nannotator: b\nmentions: []\n")
    corpus.write(
        f"annotations/c/{ESSAY}.yaml",
        ESSAY_ANNOTATIONS.replace("annotator: a", "annotator: c").replace("quote: Philani Mthembu", "quote: the"),
    )
    text = corpus.path(f"texts/{BRIEF}.txt")
    text.write_bytes(text.read_bytes() + b"\nAdded later.\n")


def test_workers_give_the_report_of_one_process(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(corpus)
    monkeypatch.setattr(files, "PARALLEL_MIN_BYTES", 0)
    assert files.jobs_for(sorted(corpus.root.glob("annotations/*/*.yaml")), 2) == 2  # workers are used
    one = _json(corpus.root, 1)
    two = _json(corpus.root, 2)
    assert two == one
    found = json.loads(one)["findings"]
    assert {f["code"] for f in found} >= {
        codes.ANCHOR_NOT_FOUND,
        codes.ANCHOR_AMBIGUOUS,
        codes.TEXT_CHECKSUM,
    }
    assert any(f["path"].endswith("broken.yaml") for f in found)


def test_findings_from_workers_keep_their_declared_codes(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(corpus)
    monkeypatch.setattr(files, "PARALLEL_MIN_BYTES", 0)
    report = check(corpus.root, jobs=2).report
    for finding in report.findings:
        assert finding.code is codes.CODES[finding.code]
    assert report.exit_code() == check(corpus.root, jobs=1).report.exit_code() == 1


def test_a_code_crosses_processes_as_the_declared_code() -> None:
    assert pickle.loads(pickle.dumps(codes.ANCHOR_NOT_FOUND)) is codes.ANCHOR_NOT_FOUND


def test_a_small_corpus_is_read_in_process(corpus: CorpusDir) -> None:
    paths = sorted(corpus.root.glob("annotations/*/*.yaml"))
    assert files.jobs_for(paths, 8) == 1
    assert files.jobs_for(paths, None) == 1


def test_jobs_option_gives_the_same_output(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(corpus)
    monkeypatch.setattr(files, "PARALLEL_MIN_BYTES", 0)
    runs = [
        CliRunner().invoke(main, ["validate", "--root", str(corpus.root), "--format", "json", "-j", jobs])
        for jobs in ("1", "2")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 1
    assert runs[0].output == runs[1].output
    assert CliRunner().invoke(main, ["validate", "--root", str(corpus.root), "-j", "0"]).exit_code == 2


def test_one_file_reads_only_the_texts_it_annotates(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    text = corpus.path(f"texts/{BRIEF}.txt")
    text.write_bytes(text.read_bytes() + b"\nAdded later.\n")  # the brief's checksum no longer holds
    whole = check(corpus.root)
    assert any(f.code == codes.TEXT_CHECKSUM and f.path == corpus.path(CATALOG_FILE) for f in whole.report.findings)
    read: list[str] = []
    original = catalog.read_text

    def counted(path: Path, root: Path | None = None) -> tuple[str | None, str | None, object]:
        read.append(path.name)
        return original(path, root)

    monkeypatch.setattr(catalog, "read_text", counted)
    one = corpus.check(ESSAY_FILE)
    assert read == [f"{ESSAY}.txt"]
    assert BRIEF not in one.corpus.documents  # not even its catalog entry is read
    assert one.corpus.catalog_ids is not None and BRIEF in one.corpus.catalog_ids
    assert one.corpus.documents[ESSAY].text is not None
    assert not one.report.findings  # the brief's text is not this run's business
    assert corpus.check(BRIEF_FILE).report.errors  # the brief's own file still sees it


def test_one_file_still_anchors_and_reports_its_own_quotes(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "quote: diffuse reciprocity", "quote: diffuse reciprocality")
    found = corpus.check(ESSAY_FILE).report.findings
    assert [f.code for f in found] == [codes.ANCHOR_NOT_FOUND]
    assert corpus.located(found) == corpus.located(
        f for f in check(corpus.root).report.findings if f.path == corpus.path(ESSAY_FILE)
    )


def test_the_short_way_to_a_quote_finds_what_the_long_way_finds(essay_text: str) -> None:
    from sscorpus.corpus.anchors import AnchorProblem, Selector, TextIndex

    index = TextIndex(essay_text)
    words = sorted(set(essay_text.split()))[:300]
    for word in [*words, "South Africa", "the multilateral", "no such words here"]:
        places = index.find_all(word)
        for occurrence in (None, 1, 2, len(places), len(places) + 1):
            got = index.resolve(Selector(word, occurrence))
            if occurrence is None:
                expected = places[0] if len(places) == 1 else None
            else:
                expected = places[occurrence - 1] if 1 <= occurrence <= len(places) else None
            if expected is None:
                assert isinstance(got, AnchorProblem)
            else:
                assert got == expected
