"""`sscorpus export --check` compares content, not what a machine does to
files: Git's line-end conversion, SOURCE_DATE_EPOCH, another zlib."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ESSAY_FILE, REGISTRY_FILE, CorpusDir, git
from sscorpus.cli import main

REPO = Path(__file__).resolve().parents[1]


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", "--check", "--root", str(root)])
    return result.exit_code, result.output


def _git(cwd: Path, *args: str) -> str:
    return git(cwd, *args).stdout


@pytest.mark.parametrize("attributes", [True, False], ids=["with-gitattributes", "without"])
def test_check_passes_on_a_clone_with_autocrlf(exported_corpus: CorpusDir, tmp_path: Path, attributes: bool) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    corpus = exported_corpus  # its export in exports/
    if attributes:
        shutil.copyfile(REPO / ".gitattributes", corpus.root / ".gitattributes")
    else:  # the texts must stay as catalogued in any case; the rest is left to Git
        corpus.write(".gitattributes", "texts/*.txt -text\n")
    assert check(corpus.root)[0] == 0  # current here, before Git converts anything
    _git(corpus.root, "init", "-q")
    _git(corpus.root, "add", ".")
    _git(corpus.root, "commit", "-q", "-m", "corpus and exports")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(corpus.root), str(clone))
    crlf = b"\r\n" in (clone / ESSAY_FILE).read_bytes()
    assert crlf is not attributes  # without the attributes, Git did convert the annotations
    code, output = check(clone)
    assert code == 0, output
    assert "exports are current" in output


def test_check_ignores_crlf_and_a_byte_order_mark_in_the_inputs(exported_corpus: CorpusDir) -> None:
    for name in (ESSAY_FILE, REGISTRY_FILE, "texts/catalog.yaml"):
        path = exported_corpus.path(name)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    descriptor = exported_corpus.path("exports/datapackage.json")
    descriptor.write_bytes(descriptor.read_bytes().replace(b"\n", b"\r\n"))
    assert check(exported_corpus.root)[0] == 0


def test_check_passes_whatever_source_date_epoch(exported_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    for epoch in ("1630540800", "999999999999999", "-5", "x"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert check(exported_corpus.root)[0] == 0, epoch
        runner = CliRunner()
        assert runner.invoke(main, ["export", "--root", str(exported_corpus.root)]).exit_code == 0, epoch


def _repack(
    path: Path,
    change: tuple[str, bytes, bytes] | None = None,
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    compresslevel: int | None = None,
) -> None:
    """Pack the workbook's parts again as another zlib (or level) would."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            if change and info.filename == change[0]:
                data = data.replace(change[1], change[2])
            info.compress_type = compression
            archive.writestr(info, data, compresslevel=compresslevel)


@pytest.mark.parametrize(
    ("compression", "level"), [(zipfile.ZIP_DEFLATED, 1), (zipfile.ZIP_DEFLATED, 9), (zipfile.ZIP_STORED, None)]
)
def test_check_compares_the_workbook_unpacked(exported_corpus: CorpusDir, compression: int, level: int | None) -> None:
    workbook = exported_corpus.path("exports/sscorpus.xlsx")
    before = workbook.read_bytes()
    _repack(workbook, compression=compression, compresslevel=level)
    assert workbook.read_bytes() != before
    assert check(exported_corpus.root)[0] == 0


def test_check_sees_a_changed_cell_of_the_workbook(exported_corpus: CorpusDir) -> None:
    """The control: the workbook is compared, not skipped."""
    workbook = exported_corpus.path("exports/sscorpus.xlsx")
    with zipfile.ZipFile(workbook) as archive:  # the claims sheet, wherever it stands
        part = next(
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"evaluative" in archive.read(name)
        )
    _repack(workbook, (part, b"evaluative", b"evaluated!"))
    code, output = check(exported_corpus.root)
    assert code == 1 and output.splitlines()[1:] == ["  sscorpus.xlsx"]


def test_check_sees_a_broken_workbook(exported_corpus: CorpusDir) -> None:
    exported_corpus.path("exports/sscorpus.xlsx").write_bytes(b"not a zip")
    code, output = check(exported_corpus.root)
    assert code == 1 and output.endswith(":\n  sscorpus.xlsx\n") and "stale exports" in output
