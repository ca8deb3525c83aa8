"""Edits of the corpus: all or nothing, under a lock, modes kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from killing import killed_after
from sscorpus.corpus.writing import JOURNAL_NAME, LOCK_NAME, Edit, interrupted, recover
from sscorpus.findings import SetupError


def test_edit_replaces_every_file_and_keeps_modes(tmp_path: Path) -> None:
    old = tmp_path / "texts" / "catalog.yaml"
    old.parent.mkdir()
    old.write_bytes(b"old\n")
    old.chmod(0o664)
    new = tmp_path / "annotations" / "a" / "doc.yaml"
    with Edit(tmp_path) as edit:
        edit.write(old, b"catalog\n")
        edit.write(new, b"annotations\n")
        assert old.read_bytes() == b"old\n"  # nothing changes before the commit
        assert not new.exists()
    assert old.read_bytes() == b"catalog\n"
    assert new.read_bytes() == b"annotations\n"
    assert old.stat().st_mode & 0o777 == 0o664
    mask = os.umask(0)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["texts", "annotations", LOCK_NAME])


def test_an_error_inside_the_edit_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "catalog.yaml"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), Edit(tmp_path) as edit:
        edit.write(target, b"new\n")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["catalog.yaml", LOCK_NAME])


def test_a_file_outside_the_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with pytest.raises(ValueError, match="not inside"), Edit(corpus) as edit:
        edit.write(tmp_path / "elsewhere.yaml", b"x")
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_a_committed_edit_killed_halfway_is_finished_by_the_next(tmp_path: Path) -> None:
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_bytes(b"1 old\n")
    second.write_bytes(b"2 old\n")
    # the state after the journal was written and one of two renames was done
    (tmp_path / ".sscorpus-edit-b").write_bytes(b"2 new\n")
    first.write_bytes(b"1 new\n")
    (tmp_path / JOURNAL_NAME).write_text(
        json.dumps([[".sscorpus-edit-a", "one.yaml"], [".sscorpus-edit-b", "two.yaml"]]), encoding="utf-8"
    )
    assert interrupted(tmp_path)
    assert recover(tmp_path) == [second]
    assert (first.read_bytes(), second.read_bytes()) == (b"1 new\n", b"2 new\n")
    assert not interrupted(tmp_path)


def test_temporary_files_of_an_edit_killed_before_its_commit_are_removed(tmp_path: Path) -> None:
    (tmp_path / "annotations" / "a").mkdir(parents=True)
    stray = tmp_path / "annotations" / "a" / ".sscorpus-edit-x1"
    stray.write_bytes(b"half")
    with Edit(tmp_path):
        pass
    assert not stray.exists()


def test_an_unreadable_journal_stops_the_edit_with_a_message(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_NAME).write_text("{", encoding="utf-8")
    with pytest.raises(SetupError, match="journal"), Edit(tmp_path):
        pass


def test_edits_take_turns(tmp_path: Path) -> None:
    target = tmp_path / "counter"
    target.write_text("0", encoding="utf-8")

    def add_one() -> None:
        with Edit(tmp_path) as edit:
            value = int(target.read_text(encoding="utf-8"))
            time.sleep(0.01)
            edit.write(target, str(value + 1).encode())

    threads = [threading.Thread(target=add_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text(encoding="utf-8") == "8"


def test_a_second_process_waits_then_gives_up_with_a_message(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from sscorpus.corpus.writing import Edit; "
        "from sscorpus.findings import SetupError\n"
        "try:\n    Edit(Path(sys.argv[1]), timeout=0.2).__enter__()\n"
        "except SetupError as e:\n    print(e); sys.exit(3)\n"
    )
    with Edit(tmp_path):
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 3
    assert "another sscorpus command" in done.stdout


@pytest.mark.parametrize("seed", range(12))
def test_kill_at_any_moment_leaves_old_or_new(tmp_path: Path, seed: int) -> None:
    """A process killed at a random moment of a two-file edit leaves both files
    old or, after recovery, both new."""
    names = ["texts/catalog.yaml", "annotations/a/doc.yaml"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"old" * 20000)

    def edit_forever() -> None:
        while True:
            for content in (b"new" * 20000, b"old" * 20000):
                with Edit(tmp_path) as edit:
                    for name in names:
                        edit.write(tmp_path / name, content)

    # a forked copy starts editing at once (no interpreter to start): the
    # moments spread over the first few edits, each of a few milliseconds
    assert killed_after(0.005 + seed * 0.012, edit_forever) == -signal.SIGKILL
    recover(tmp_path)
    contents = {(tmp_path / name).read_bytes() for name in names}
    assert len(contents) == 1
    assert contents <= {b"old" * 20000, b"new" * 20000}
    leftovers = [p for p in tmp_path.rglob(".sscorpus-edit-*")]
    assert leftovers == []


def test_an_error_after_the_journal_leaves_the_edit_for_the_next_to_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_bytes(b"1 old\n")
    second.write_bytes(b"2 old\n")
    real_replace = Path.replace
    calls: list[Path] = []

    def failing_replace(self: Path, target: Path) -> Path:
        if Path(target).name == "two.yaml":
            calls.append(Path(target))
            raise OSError("disk full")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"), Edit(tmp_path) as edit:
        edit.write(first, b"1 new\n")
        edit.write(second, b"2 new\n")
    monkeypatch.undo()
    assert calls and interrupted(tmp_path)
    with Edit(tmp_path):
        pass
    assert (first.read_bytes(), second.read_bytes()) == (b"1 new\n", b"2 new\n")
    assert not interrupted(tmp_path)
