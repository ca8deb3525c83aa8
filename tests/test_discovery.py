"""Which files a run checks: nothing that looks like an annotation file is
passed over in silence, and no link leads the validator outside the corpus
folder (issue 12, items 5, 6 and 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BRIEF, BRIEF_FILE, CATALOG_FILE, ESSAY_FILE, REGISTRY_FILE, CorpusDir
from sscorpus import SetupError
from sscorpus.cli import main

SECRET = "root:x:0:0:SECRET-TOKEN-1234:/root:/bin/bash"

needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")


def codes(corpus: CorpusDir, *paths: str) -> set[tuple[str, str, int, int]]:
    return corpus.located(corpus.check(*paths).report.findings)


def cli(corpus: CorpusDir, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--root", str(corpus.root), "--format", "text", *args])
    return result.exit_code, result.output


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the corpus folder with something that must never be shown."""
    path = tmp_path / "secrets" / "passwd"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n{SECRET}\n", encoding="utf-8")
    return path


# -- links that lead out of the corpus -----------------------------------------------------------------


@needs_symlinks
def test_a_text_linked_outside_the_corpus_is_refused(corpus: CorpusDir, outside: Path) -> None:
    """The text was read silently, and an ambiguous quote's hint printed its lines."""
    text = corpus.path(f"texts/{BRIEF}.txt")
    text.unlink()
    text.symlink_to(outside)
    corpus.write(
        BRIEF_FILE,
        corpus.read(BRIEF_FILE).replace("India-US 2+2 Intersessional Dialogue was held in Washington", "root"),
    )
    status, output = cli(corpus)
    assert status == 1
    assert SECRET not in output and "SECRET" not in output
    line = corpus.read(CATALOG_FILE).splitlines().index(f"    text: {BRIEF}.txt") + 1
    assert ("file.outside-corpus", CATALOG_FILE, line, 11) in codes(corpus)


@needs_symlinks
def test_an_annotation_file_linked_outside_the_corpus_is_refused(corpus: CorpusDir, outside: Path) -> None:
    link = corpus.path("annotations/b/india-us-2plus2.yaml")
    link.parent.mkdir()
    link.symlink_to(outside)
    status, output = cli(corpus)
    assert status == 1 and "SECRET" not in output
    assert ("file.outside-corpus", "annotations/b/india-us-2plus2.yaml", 0, 0) in codes(corpus)
    status, output = cli(corpus, str(link))
    assert status == 1 and "SECRET" not in output


@needs_symlinks
@pytest.mark.parametrize("rel", [CATALOG_FILE, REGISTRY_FILE])
def test_a_catalog_or_registry_linked_outside_is_a_setup_error(corpus: CorpusDir, outside: Path, rel: str) -> None:
    corpus.remove(rel)
    corpus.path(rel).symlink_to(outside)
    with pytest.raises(SetupError, match="outside the corpus folder"):
        corpus.check()
    status, output = cli(corpus)
    assert status == 2 and "SECRET" not in output


@needs_symlinks
def test_links_inside_the_corpus_are_fine_and_findings_stay_at_the_link(corpus: CorpusDir) -> None:
    """A finding on a linked file was printed at the link's target path."""
    target = corpus.write("shared/essay.yaml", corpus.read(ESSAY_FILE).replace("kind: evaluative", "kind: evalutive"))
    corpus.remove(ESSAY_FILE)
    corpus.path(ESSAY_FILE).symlink_to(target)
    expected = {("schema.enum", ESSAY_FILE, 20, 11)}
    assert {c for c in codes(corpus) if c[0] != "entity.unmentioned"} == expected
    assert codes(corpus, ESSAY_FILE) == expected
    assert codes(corpus, "annotations/a") == expected
    status, output = cli(corpus, str(corpus.path(ESSAY_FILE)))
    assert status == 1
    assert output.splitlines()[0].endswith(
        f"{ESSAY_FILE}:20:11: error[schema.enum] \"evalutive\" is not an allowed value of 'kind' [/claims/0/kind]"
    )


# -- files passed over in silence --------------------------------------------------------------------------


@needs_symlinks
@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_yaml_link_to_nothing_is_a_finding(corpus: CorpusDir, kind: str) -> None:
    link = corpus.path("annotations/a/extra.yaml")
    if kind == "dangling":
        link.symlink_to(corpus.path("annotations/a/gone.yaml"))
    else:
        link.symlink_to(corpus.path("annotations/a/loop.yaml"))
        corpus.path("annotations/a/loop.yaml").symlink_to(link)
    found = codes(corpus)
    assert ("file.unreadable", "annotations/a/extra.yaml", 0, 0) in found
    assert corpus.check().report.exit_code() == 1


def test_an_unreadable_annotator_folder_is_a_finding(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """With annotations/a/ unreadable, validate checked no file and exited 0.
    (The tests may run as root, who can read anything: the refusal is staged.)"""
    folder = corpus.path("annotations/a")
    scandir = os.scandir

    def refuse(path: str | os.PathLike[str]) -> object:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    report = corpus.check().report
    assert corpus.located(report.errors) == {("file.unreadable", "annotations/a", 0, 0)}
    assert "Permission denied" in report.errors[0].message
    assert report.exit_code() == 1


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads any folder; permissions are POSIX")
def test_an_unreadable_annotator_folder_for_real(corpus: CorpusDir) -> None:  # pragma: no cover - not as root
    folder = corpus.path("annotations/a")
    folder.chmod(0)
    try:
        assert ("file.unreadable", "annotations/a", 0, 0) in codes(corpus)
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    "rel",
    [
        "annotations/mthembu-multilateralism.yaml",
        "annotations/a/old/x.yaml",
        "annotations/a/old/deeper/x.json",
        "annotations/registry.yml",
    ],
)
def test_a_data_file_in_the_wrong_place_is_an_error(corpus: CorpusDir, rel: str) -> None:
    """A file in annotations/ itself or in annotations/a/old/ was not read and not reported."""
    corpus.write(rel, "document: mthembu-multilateralism\nannotator: a\nclaims: [oops\n")
    report = corpus.check().report
    assert corpus.located(report.errors) == {("file.misplaced", rel, 0, 0)}


def test_a_folder_named_like_an_annotation_file(corpus: CorpusDir) -> None:
    """`validate annotations/a/x.yaml` on a folder said "no problems"."""
    corpus.path("annotations/a/x.yaml").mkdir()
    assert ("file.unreadable", "annotations/a/x.yaml", 0, 0) in codes(corpus)
    status, output = cli(corpus, str(corpus.path("annotations/a/x.yaml")))
    assert status == 1 and "x.yaml is a folder" in output


def test_a_named_folder_holds_the_findings_below_it(corpus: CorpusDir) -> None:
    corpus.write("annotations/a/old/x.yaml", "x: 1\n")
    corpus.write("annotations/b/notes.txt", "x\n")
    assert corpus.located(corpus.check("annotations/a").report.findings) == {
        ("file.misplaced", "annotations/a/old/x.yaml", 0, 0)
    }
    assert {c[0] for c in codes(corpus, "annotations")} == {"file.misplaced", "file.ignored"}


def test_hidden_files_and_markdown_notes_are_left_alone(corpus: CorpusDir) -> None:
    corpus.write("annotations/a/.x.yaml.swp", "x")
    corpus.write("annotations/.hidden/x.yaml", "x: 1\n")
    corpus.write("annotations/a/README.md", "notes")
    corpus.write("annotations/README.md", "notes")
    assert corpus.check().report.findings == []


def test_a_fifo_is_not_read(corpus: CorpusDir) -> None:
    """Reading a FIFO named like an annotation file would wait forever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(corpus.path("annotations/a/pipe.yaml"))
    assert ("file.unreadable", "annotations/a/pipe.yaml", 0, 0) in codes(corpus)


# -- texts that cannot be read ------------------------------------------------------------------------


def text_line(corpus: CorpusDir, name: str) -> int:
    return corpus.read(CATALOG_FILE).splitlines().index(f"    text: {name}") + 1


def test_a_text_that_is_a_folder_is_not_reported_missing(corpus: CorpusDir) -> None:
    corpus.remove(f"texts/{BRIEF}.txt")
    corpus.path(f"texts/{BRIEF}.txt").mkdir()
    found = corpus.check().report.errors
    assert corpus.located(found) == {("catalog.text-unreadable", CATALOG_FILE, text_line(corpus, f"{BRIEF}.txt"), 11)}
    assert "is a folder" in found[0].message


def test_an_unreadable_text_is_not_reported_missing(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    text = corpus.path(f"texts/{BRIEF}.txt")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == text:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    found = corpus.check().report.errors
    assert corpus.located(found) == {("catalog.text-unreadable", CATALOG_FILE, text_line(corpus, f"{BRIEF}.txt"), 11)}
    assert "Permission denied" in found[0].message


def test_a_missing_text_is_still_missing(corpus: CorpusDir) -> None:
    corpus.remove(f"texts/{BRIEF}.txt")
    assert corpus.located(corpus.check().report.errors) == {
        ("catalog.text-missing", CATALOG_FILE, text_line(corpus, f"{BRIEF}.txt"), 11)
    }
