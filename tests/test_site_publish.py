"""Putting the site and the export in place by one mechanism: only their own
files replaced, never the corpus, a folder above it or a git work tree, all
or nothing even when killed, and into a folder that cannot be renamed (a
mount point) by exchanging its contents."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ESSAY_FILE, CorpusDir
from killing import killed_after
from sscorpus.cli import main
from sscorpus.dataset import publish
from sscorpus.exporting import export
from sscorpus.site.build import MARKER, build_site

Snapshot = dict[str, bytes]
#: the exports of the tests of folders that cannot be renamed: the tables' files take the same way
TABLES_ONLY = ["tables"]


def snapshot(folder: Path) -> Snapshot:
    """Every file (links as their target's name) of ``folder``, by path."""
    return {
        p.relative_to(folder).as_posix(): str(p.readlink()).encode() if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def invoke(*args: str) -> tuple[int, str]:
    """``sscorpus ARGS`` in process: the exit code and standard error; a
    traceback fails the test."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def leftovers(out: Path) -> list[str]:
    """Staging folders and set-aside sets, beside ``out`` or in it."""
    beside = [p.name for p in out.parent.iterdir() if "staging" in p.name or "previous" in p.name]
    within = [p.name for p in out.iterdir() if p.name.startswith(".sscorpus-") and p.name != ".sscorpus-site"]
    return sorted(beside + [n for n in within if n != ".sscorpus-lock"])


# -- only the site's own files -------------------------------------------------------------


def test_a_pages_checkout_that_holds_a_copied_site_is_left_alone(corpus_with_site: CorpusDir, tmp_path: Path) -> None:
    """The reproduction: ``cp -r site/. pages/`` into a GitHub Pages checkout,
    then ``sscorpus site --out pages``."""
    corpus = corpus_with_site  # its site in tmp_path / "site"
    pages = tmp_path / "pages"
    (pages / ".git" / "refs").mkdir(parents=True)
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (pages / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
    (pages / "README.md").write_text("The published site.\n", encoding="utf-8")
    shutil.copytree(tmp_path / "site", pages, dirs_exist_ok=True)
    before = snapshot(pages)
    code, stderr = invoke("site", "--root", str(corpus.root), "--out", str(pages))
    assert code == 2 and "git work tree" in stderr
    assert snapshot(pages) == before


def test_files_a_user_adds_to_the_site_are_kept(corpus_with_site: CorpusDir, tmp_path: Path) -> None:
    corpus = corpus_with_site  # its site in tmp_path / "site"
    out = tmp_path / "site"
    (out / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (out / "documents" / "notes.md").write_text("mine\n", encoding="utf-8")
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    assert not build_site(corpus.root, out).report.errors
    assert (out / "CNAME").read_text(encoding="utf-8") == "corpus.example.org\n"
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"
    assert (out / "documents" / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert b"causal" in (out / "downloads" / "csv" / "claims.csv").read_bytes()
    assert leftovers(out) == []


def test_a_site_of_an_earlier_version_keeps_the_users_files(corpus_with_site: CorpusDir, tmp_path: Path) -> None:
    """A manifest that listed nothing: the files a site is made of are its own."""
    corpus = corpus_with_site  # its site in tmp_path / "site"
    out = tmp_path / "site"
    (out / MARKER).write_text("built by sscorpus site; replaced by the next build\n", encoding="utf-8")
    (out / "overview.html").unlink()  # those versions had no overview page
    (out / "documents" / "gone.html").write_text("a page of a document no longer there", encoding="utf-8")
    (out / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
    assert not build_site(corpus.root, out).report.errors
    assert not (out / "documents" / "gone.html").exists()
    assert (out / "CNAME").is_file() and json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]


@pytest.mark.usefixtures("corpus_with_site")  # its site in tmp_path / "site"
def test_the_site_leaves_no_lock_file_inside_itself(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not [p for p in out.rglob("*") if "lock" in p.name]
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(snapshot(out))


# -- never the corpus, a folder above it or a work tree ----------------------------------------


@pytest.mark.parametrize("command", ["site", "export"])
@pytest.mark.parametrize("where", ["root", "parent"])
def test_the_corpus_folder_and_those_above_it_are_refused(
    request: pytest.FixtureRequest, tmp_path: Path, command: str, where: str
) -> None:
    if command == "site":
        corpus: CorpusDir = request.getfixturevalue("corpus_with_site")  # its site in tmp_path / "site"
        shutil.copy2(tmp_path / "site" / MARKER, corpus.root / MARKER)  # a marker copied into the root
    else:
        corpus = request.getfixturevalue("exported_corpus")
        shutil.copy2(corpus.root / "exports" / "datapackage.json", corpus.root / "datapackage.json")
    out = corpus.root if where == "root" else tmp_path  # no .git: the corpus is refused for what it is
    before = snapshot(tmp_path)
    code, stderr = invoke(command, "--root", str(corpus.root), "--out", str(out))
    assert code == 2, stderr
    assert snapshot(tmp_path) == before


def test_an_export_into_a_git_work_tree_is_refused(exported_corpus: CorpusDir, tmp_path: Path) -> None:
    shutil.copytree(exported_corpus.root / "exports", tmp_path / "data")  # an export
    (tmp_path / "data" / ".git").mkdir()
    before = snapshot(tmp_path / "data")
    code, stderr = invoke("export", "--root", str(exported_corpus.root), "--out", str(tmp_path / "data"))
    assert code == 2 and "git work tree" in stderr
    assert snapshot(tmp_path / "data") == before


# -- all or nothing, even when killed -----------------------------------------------------------


def test_a_site_killed_at_random_moments_is_the_old_one_or_the_new_one(
    corpus_with_site: CorpusDir, tmp_path: Path
) -> None:
    corpus = corpus_with_site  # its site in tmp_path / "site"
    out = tmp_path / "site"
    (out / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
    old = snapshot(out)
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    started = time.monotonic()
    assert not build_site(corpus.root, out).report.errors
    took = time.monotonic() - started
    new = snapshot(out)
    assert new != old and new["CNAME"] == old["CNAME"]
    chance = random.Random(16)
    for trial in range(5):
        shutil.rmtree(out)
        for name, data in old.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        code = killed_after(took * chance.uniform(0.2, 1.1), lambda: build_site(corpus.root, out))
        assert code in (0, -signal.SIGKILL)
        assert snapshot(out) in (old, new), f"trial {trial}: a torn site"
        assert not build_site(corpus.root, out).report.errors  # the next build cleans up and finishes
        assert snapshot(out) == new and leftovers(out) == []


def test_the_next_build_removes_what_killed_builds_left(corpus_with_site: CorpusDir, tmp_path: Path) -> None:
    corpus = corpus_with_site  # its site in tmp_path / "site"
    out = tmp_path / "site"
    for staging in (tmp_path / ".site.sscorpus-staging-killed", out / ".sscorpus-staging-killed"):
        (staging / "documents").mkdir(parents=True)
        (staging / "documents" / "half.html").write_text("<p>half", encoding="utf-8")
    assert leftovers(out) == [".site.sscorpus-staging-killed", ".sscorpus-staging-killed"]
    assert not build_site(corpus.root, out).report.errors
    assert leftovers(out) == []


# -- a folder that cannot be renamed: its contents are exchanged ----------------------------------


@contextlib.contextmanager
def bind_mount(source: Path, target: Path) -> Iterator[None]:
    source.mkdir(parents=True, exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root to mount")
    mounted = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mount --bind is not permitted here: {mounted.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], check=True)


def _refuse_renaming(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """Make ``out`` behave as a mount point: it cannot be renamed or exchanged."""
    rename = Path.rename

    def refused(self: Path, target: Path | str) -> Path:
        if Path(self).resolve() == out.resolve() or Path(target).resolve() == out.resolve():
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self))
        return rename(self, target)

    def no_exchange(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(Path, "rename", refused)
    monkeypatch.setattr(publish, "exchange", no_exchange)


@pytest.mark.parametrize("detected", [True, False], ids=["known-mount-point", "rename-refused"])
def test_export_and_site_write_into_a_folder_that_cannot_be_renamed(
    corpus_with_site: CorpusDir,
    tables_exports: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    detected: bool,
) -> None:
    corpus = corpus_with_site  # its site, as built elsewhere, in tmp_path / "site"
    exports, site = tmp_path / "mounted-exports", tmp_path / "mounted-site"
    exports.mkdir()
    site.mkdir()
    _refuse_renaming(monkeypatch, exports)
    _refuse_renaming(monkeypatch, site)
    monkeypatch.setattr(publish, "mount_point", lambda folder: detected and folder in (exports, site))
    # into the empty folders, then over what is there: the corpus as it was at the end
    for old, new in (("evaluative", "causal"), ("causal", "evaluative")):
        corpus.edit(ESSAY_FILE, f"kind: {old}", f"kind: {new}")
        assert invoke("export", "--root", str(corpus.root), "--out", str(exports), "--format", "tables") == (0, "")
        assert invoke("site", "--root", str(corpus.root), "--out", str(site)) == (0, "")
        for folder in (exports, site):
            (folder / "README.md").write_text("mounted\n", encoding="utf-8")
    monkeypatch.undo()
    assert snapshot(exports) == {**snapshot(tables_exports["evaluative"]), "README.md": b"mounted\n"}
    assert snapshot(site) == {**snapshot(tmp_path / "site"), "README.md": b"mounted\n"}
    assert leftovers(exports) == [] and leftovers(site) == []


def test_a_real_mount_point(corpus: CorpusDir, tmp_path: Path) -> None:
    out = tmp_path / "mnt"
    with bind_mount(tmp_path / "volume", out):
        assert invoke("site", "--root", str(corpus.root), "--out", str(out))[0] == 0
        (out / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
        corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
        assert invoke("site", "--root", str(corpus.root), "--out", str(out))[0] == 0
        assert (out / "CNAME").is_file() and b"causal" in (out / "downloads" / "csv" / "claims.csv").read_bytes()
        assert leftovers(out) == [] and publish.mount_point(out)


@pytest.mark.parametrize("when", [0.0, 0.5, 1.0], ids=["first-file", "halfway", "last-file"])
def test_a_stopped_exchange_of_contents_is_finished_by_the_next_build(
    corpus: CorpusDir, tables_exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: float
) -> None:
    out = tmp_path / "out"
    shutil.copytree(tables_exports["evaluative"], out)  # the corpus's export
    (out / "README.md").write_text("mine\n", encoding="utf-8")
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    new = {**snapshot(tables_exports["causal"]), "README.md": b"mine\n"}
    stop_at = 1 + round(when * (len(new) - 2))  # before the first file moved in, ..., before the last one
    monkeypatch.setattr(publish, "mount_point", lambda folder: folder == out)
    replace, calls = os.replace, []

    def stopped(a: str | Path, b: str | Path) -> None:
        if ".sscorpus-incoming" in str(a):
            calls.append(b)
        if len(calls) == stop_at:
            raise KeyboardInterrupt  # as if stopped here: nothing after it runs
        replace(a, b)

    monkeypatch.setattr(os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        export(corpus.root, out, formats=TABLES_ONLY)
    monkeypatch.setattr(os, "replace", replace)
    assert (out / ".sscorpus-incoming").is_dir()  # the switch was decided, and stopped
    assert (out / "README.md").read_bytes() == b"mine\n"
    publish.recover(out)
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == new
    assert leftovers(out) == []


@pytest.mark.parametrize("contents", [False, True], ids=["folder-exchanged", "contents-exchanged"])
def test_an_export_removes_the_files_of_an_earlier_one_that_it_no_longer_writes(
    corpus: CorpusDir, tables_exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: bool
) -> None:
    """A table an earlier export wrote and this one does not (a table since
    retired) goes, with its Parquet twin, in either way of switching; the
    files no export wrote stay."""
    out = tmp_path / "out"
    shutil.copytree(tables_exports["evaluative"], out)
    descriptor = out / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["resources"].append({"name": "retired", "path": "csv/retired.csv"})
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    for name in ("csv/retired.csv", "parquet/retired.parquet", "README.md", "notes/mine.txt"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name, encoding="utf-8")
    if contents:
        _refuse_renaming(monkeypatch, out)
        monkeypatch.setattr(publish, "mount_point", lambda folder: folder == out)
    assert invoke("export", "--root", str(corpus.root), "--out", str(out), "--format", "tables") == (0, "")
    monkeypatch.undo()
    assert snapshot(out) == {
        **snapshot(tables_exports["evaluative"]),
        "README.md": b"README.md",
        "notes/mine.txt": b"notes/mine.txt",
    }
    assert leftovers(out) == []
