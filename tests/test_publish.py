"""Putting exports in place: all or nothing even when killed, never a file
that the export did not write, one export at a time."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import filelock
import pytest
from click.testing import CliRunner

from conftest import ESSAY_FILE, CorpusDir, build_corpus
from killing import Step, ended, frozen_before_steps, started
from sscorpus.cli import main
from sscorpus.dataset import formats, publish
from sscorpus.dataset.files import GRAPH_FILES, RECORD
from sscorpus.exporting import export

Snapshot = dict[str, bytes]
#: what the tests export where the formats are not what they are about: the tables take every step of an export
TABLES = ["tables"]


def snapshot(folder: Path) -> Snapshot:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def restore(folder: Path, files: Snapshot) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def leftovers(out: Path) -> list[str]:
    """What exports left beside ``out``, but for the lock file."""
    return sorted(
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(f".{out.name}.") and not p.name.endswith(".sscorpus-lock")
    )


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    """``sscorpus export ARGS``, in process; an exception would be a traceback."""
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return subprocess.CompletedProcess(["sscorpus", "export", *args], result.exit_code, result.stdout, result.stderr)


# -- all or nothing --------------------------------------------------------------------


#: the steps of an export that change files, each a moment to kill it before
STEPS: list[Step] = [
    (tempfile, "mkdtemp", "staging"),
    (formats, "write_workbook", "workbook"),
    (Path, "write_text", "descriptor"),
    (publish, "exchange", "exchange"),
    (Path, "rename", "rename"),
    (shutil, "rmtree", "remove"),
]


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
def test_an_export_killed_at_any_step_leaves_the_old_set_or_the_new_one(
    corpus: CorpusDir, tables_exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """``sscorpus export --format tables`` killed before each of its steps
    that change files (the tables alone take every step an export takes, in
    less time: the interchange formats are files of the same staging
    folder); with no exchange of folders when asked, as on a system without
    renameat2. One export, its folder copied before each step as a kill
    there leaves it (``frozen_before_steps``); then each copy must hold the
    old set or the new one, and the next export into it cleans up and
    finishes."""
    if mode == "exchange" and not publish.exchange(tmp_path, tmp_path):
        pytest.skip("this system cannot exchange two folders in one step")
    area = tmp_path / "area"  # the export folder, and beside it what an export leaves there
    out = area / "exports"
    shutil.copytree(tables_exports["evaluative"], out)  # the corpus's export
    old = snapshot(out)
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    steps = STEPS
    if mode == "two-renames":
        monkeypatch.setattr(publish, "exchange", lambda a, b: False)
        steps = [step for step in STEPS if step[2] != "exchange"]  # no exchange tried: no step
    killed = tmp_path / "killed"
    runs: list[subprocess.CompletedProcess[str]] = []
    arguments = ["--root", str(corpus.root), "--out", str(out), "--format", "tables"]
    frozen = frozen_before_steps(steps, lambda: runs.append(run_export(*arguments)), area, killed)
    assert runs[0].returncode == 0, runs[0].stderr
    new = snapshot(out)  # the export that was not killed
    assert new == snapshot(tables_exports["causal"]) != old and leftovers(out) == []
    seen = [label for label, _ in frozen]
    for label, copy in frozen:
        left = copy / "exports"
        if left.exists():
            assert snapshot(left) in (old, new), f"killed before {label} ({copy.name})"
        else:  # only between the two renames: the old set waits beside the folder
            assert mode == "two-renames" and label == "rename"
            publish.recover(left)
            assert snapshot(left) == old
        assert export(corpus.root, left, formats=TABLES).ok  # the next run cleans up and finishes
        assert snapshot(left) == new and leftovers(left) == []
    assert "staging" in seen and "workbook" in seen and "descriptor" in seen
    assert ("exchange" in seen) if mode == "exchange" else ("rename" in seen)


def test_an_export_that_fails_leaves_the_previous_files_and_no_staging(
    exported_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscorpus.dataset import formats as export_module

    out = exported_corpus.root / "exports"
    before = snapshot(out)
    exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_workbook", fail)
    result = CliRunner().invoke(main, ["export", "--root", str(exported_corpus.root)])
    assert result.exit_code == 2 and "disk full" in result.stderr
    assert snapshot(out) == before and leftovers(out) == []


# -- only its own files ----------------------------------------------------------------


def test_a_folder_that_is_not_an_export_is_refused_and_left_alone(corpus: CorpusDir, tmp_path: Path) -> None:
    mydata = tmp_path / "mydata"
    (mydata / "csv").mkdir(parents=True)
    (mydata / "csv" / "survey-responses.csv").write_bytes(b"id,answer\r\n1,yes\r\n")
    before = snapshot(mydata)
    run = run_export("--root", str(corpus.root), "--out", str(mydata))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith("sscorpus: error: ") and "no sscorpus export" in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(mydata) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "mydata"]


@pytest.mark.parametrize("inside", ["annotations", "annotations/a", "texts", "schemas", "texts/new"])
def test_an_export_into_the_corpus_inputs_is_refused(corpus: CorpusDir, inside: str) -> None:
    run = run_export("--root", str(corpus.root), "--out", str(corpus.root / inside))
    assert run.returncode == 2 and "cannot go inside" in run.stderr, run.stderr
    assert not (corpus.root / inside / "datapackage.json").exists()
    assert not corpus.check().report.findings


def test_an_export_into_a_file_is_refused(corpus: CorpusDir) -> None:
    run = run_export("--root", str(corpus.root), "--out", str(corpus.root / "texts" / "catalog.yaml"))
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_an_export_into_an_empty_or_new_folder_is_fine(corpus: CorpusDir, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert export(corpus.root, tmp_path / "empty", formats=TABLES).ok
    assert export(corpus.root, tmp_path / "new" / "deeper", formats=TABLES).ok
    assert snapshot(tmp_path / "empty") == snapshot(tmp_path / "new" / "deeper")


def test_files_a_user_put_in_the_export_folder_are_kept(exported_corpus: CorpusDir) -> None:
    out = exported_corpus.root / "exports"
    (out / "README.md").write_text("what these files are\n", encoding="utf-8")
    (out / "csv" / "my-analysis.csv").write_bytes(b"x\r\n1\r\n")
    exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    assert export(exported_corpus.root).ok
    assert (out / "README.md").read_text(encoding="utf-8") == "what these files are\n"
    assert (out / "csv" / "my-analysis.csv").read_bytes() == b"x\r\n1\r\n"
    assert b"causal" in (out / "csv" / "claims.csv").read_bytes()


def test_a_descriptor_cannot_make_an_export_remove_files_elsewhere(exported_corpus: CorpusDir) -> None:
    out = exported_corpus.root / "exports"
    victim = exported_corpus.root / "texts" / "catalog.yaml"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] += [{"path": "../texts/catalog.yaml"}, {"path": str(victim)}]
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert publish.owned_files(out) == {
        "datapackage.json",
        "sscorpus.xlsx",
        RECORD,
        *GRAPH_FILES,
        *(f"csv/{r['name']}.csv" for r in package["resources"] if "name" in r),
        *(f"parquet/{r['name']}.parquet" for r in package["resources"] if "name" in r),
    }
    assert export(exported_corpus.root).ok and victim.is_file()


# -- one at a time -----------------------------------------------------------------------


def test_two_exports_into_one_folder_take_turns(tables_exports: dict[str, Path], tmp_path: Path) -> None:
    """Two ``sscorpus export`` processes (forked copies of this one) into one folder at once."""
    first = build_corpus(tmp_path / "first")
    second = build_corpus(tmp_path / "second")
    second.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    sets = [snapshot(tables_exports["evaluative"]), snapshot(tables_exports["causal"])]  # each exported alone
    out = tmp_path / "shared"

    def exporting(corpus: CorpusDir) -> Callable[[], object]:
        return lambda: main(["export", "--root", str(corpus.root), "--out", str(out), "--format", "tables"])

    runs = [
        (started(exporting(c), tmp_path / f"{c.root.name}.out"), tmp_path / f"{c.root.name}.out")
        for c in (first, second)
    ]
    results = [(ended(pid), output.read_text(encoding="utf-8")) for pid, output in runs]
    for code, output in results:
        assert code == 0, output
        assert output.strip().endswith(f"wrote {len(sets[0])} files")
    assert snapshot(out) in sets and leftovers(out) == []


def test_an_export_waits_for_the_lock_and_then_fails_cleanly(
    exported_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = exported_corpus.root / "exports"
    before = snapshot(out)
    exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    monkeypatch.setattr(publish, "LOCK_TIMEOUT", 0.05)  # held all along: any time would run out
    with filelock.FileLock(out.parent / ".exports.sscorpus-lock"):
        result = CliRunner().invoke(main, ["export", "--root", str(exported_corpus.root)])
    assert result.exit_code == 2, result.output
    assert "another export into this folder" in result.stderr
    assert snapshot(out) == before and leftovers(out) == []
    assert export(exported_corpus.root).ok  # once the other one is done


def test_check_writes_nothing_beside_the_folder(exported_corpus: CorpusDir) -> None:
    before = sorted(p.name for p in exported_corpus.root.iterdir())
    assert export(exported_corpus.root, check_only=True).ok
    assert sorted(p.name for p in exported_corpus.root.iterdir()) == before
    assert snapshot(exported_corpus.root / "exports")


def test_a_failed_switch_puts_the_old_set_back(exported_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an atomic exchange, when the new set cannot be renamed in (a
    file held open elsewhere), the old one goes back at once."""
    out = exported_corpus.root / "exports"
    before = snapshot(out)
    exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    rename = Path.rename

    def refuse_staging(self: Path, target: Path) -> Path:
        if publish._STAGING in self.name:
            raise PermissionError(13, "in use", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_staging)
    result = CliRunner().invoke(main, ["export", "--root", str(exported_corpus.root)])
    assert result.exit_code == 2 and "previous exports are unchanged" in result.stderr
    assert snapshot(out) == before and leftovers(out) == []
