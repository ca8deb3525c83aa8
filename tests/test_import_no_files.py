"""``sscorpus import`` of a folder or zip holding no file of the format:
an error finding at the folder, exit 1, nothing written, whatever the
format (brat and w3c used to import nothing and exit 0)."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CorpusDir
from sscorpus.cli import main
from sscorpus.codes import Severity
from sscorpus.corpus.writing import LOCK_NAME
from sscorpus.interchange.importing import read_foreign

#: a file of another kind, which no reader of these formats takes
STRAY = ("notes.md", "nothing to import here\n")


def _folder(tmp_path: Path, stray: bool) -> Path:
    folder = tmp_path / "foreign"
    folder.mkdir()
    if stray:
        (folder / STRAY[0]).write_text(STRAY[1], encoding="utf-8")
    return folder


def _zip(tmp_path: Path, stray: bool) -> Path:
    path = tmp_path / "foreign.zip"
    with zipfile.ZipFile(path, "w") as archive:
        if stray:
            archive.writestr(STRAY[0], STRAY[1])
    return path


MAKERS = {"folder": _folder, "zip": _zip}


def _files(root: Path) -> dict[str, bytes]:
    """The corpus's files and their bytes (the lock file, which an edit leaves, aside)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != LOCK_NAME
    }


@pytest.mark.parametrize("stray", [False, True], ids=["empty", "another-kind"])
@pytest.mark.parametrize("container", sorted(MAKERS))
@pytest.mark.parametrize("format_name", ["brat", "w3c"])
def test_reader_reports_no_files_at_the_input(tmp_path: Path, format_name: str, container: str, stray: bool) -> None:
    given = MAKERS[container](tmp_path, stray)
    project = read_foreign(format_name, given)
    assert [(f.code, f.path, f.line, f.column) for f in project.findings] == [("import.no-files", given, 0, 0)]
    assert project.findings[0].severity is Severity.ERROR
    assert not project.selections


#: the code of each format's finding (xmi and qdpx had theirs before)
CODES = {"brat": "import.no-files", "w3c": "import.no-files", "xmi": "xmi.unreadable", "qdpx": "import.qdpx-unreadable"}


@pytest.mark.parametrize("format_name", sorted(CODES))
def test_command_exits_1_and_writes_nothing(corpus: CorpusDir, tmp_path: Path, format_name: str) -> None:
    folder = _folder(tmp_path, stray=True)
    before = _files(corpus.root)
    with contextlib.chdir(tmp_path):  # findings name the folder relatively
        result = CliRunner().invoke(
            main,
            ["import", format_name, folder.name, "--annotator", "z", "--root", str(corpus.root)],
            env={"GITHUB_ACTIONS": None},
        )
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"{folder.name}: error[{CODES[format_name]}]")
    assert _files(corpus.root) == before


def test_a_collection_with_an_ann_file_is_no_empty_one(tmp_path: Path) -> None:
    folder = _folder(tmp_path, stray=False)
    (folder / "doc.txt").write_text("India met Brazil.\n", encoding="utf-8")
    (folder / "doc.ann").write_text("T1\tActor 0 5\tIndia\n", encoding="utf-8")
    project = read_foreign("brat", folder)
    assert "import.no-files" not in {f.code for f in project.findings}
    assert len(project.selections) == 1
