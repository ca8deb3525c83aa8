"""``-j/--jobs`` on the commands that validate first (``export``, ``site``):
the annotation files are read by worker processes, and what the command
writes and prints is the same for any number of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ESSAY_FILE, CorpusDir
from sscorpus.checks import files
from sscorpus.cli import main


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(corpus: CorpusDir, command: str, out: Path, jobs: str, *extra: str) -> Result:
    return CliRunner().invoke(main, [command, "--root", str(corpus.root), "--out", str(out), "-j", jobs, *extra])


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for a corpus this small."""
    monkeypatch.setattr(files, "PARALLEL_MIN_BYTES", 0)


@pytest.mark.usefixtures("workers")
def test_export_writes_the_same_files_for_any_number_of_jobs(corpus: CorpusDir, tmp_path: Path) -> None:
    one = _run(corpus, "export", tmp_path / "one", "1", "--format", "tables")
    two = _run(corpus, "export", tmp_path / "two", "2", "--format", "tables")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.output.replace("one", "two") == two.output
    written = _files(tmp_path / "one")
    assert written and written == _files(tmp_path / "two")


@pytest.mark.usefixtures("workers")
def test_export_and_site_report_the_same_findings_for_any_number_of_jobs(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit(ESSAY_FILE, "quote: diffuse reciprocity", "quote: diffuse reciprocality")
    corpus.write("annotations/b/broken.yaml", "document: [unclosed\n")
    for command in ("export", "site"):
        runs = [_run(corpus, command, tmp_path / f"{command}{jobs}", jobs, "--format", "json") for jobs in ("1", "2")]
        assert runs[0].exit_code == runs[1].exit_code == 1
        assert runs[0].output == runs[1].output
        assert '"anchor.not-found"' in runs[0].output and "broken.yaml" in runs[0].output
        assert not (tmp_path / f"{command}1").exists()


@pytest.mark.usefixtures("workers")
def test_site_is_the_same_for_any_number_of_jobs(corpus: CorpusDir, tmp_path: Path) -> None:
    one = _run(corpus, "site", tmp_path / "one", "1")
    two = _run(corpus, "site", tmp_path / "two", "2")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    built = _files(tmp_path / "one")
    assert "index.html" in built and built == _files(tmp_path / "two")
