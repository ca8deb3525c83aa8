"""The tests' own temporary folders: in memory where the machine has room for them
(tests/conftest.py says why), on the system's temporary folder otherwise."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import MEMORY, memory_for_temporary_folders

ROOM = 1 << 20  # what a test folder surely has free


def test_a_folder_with_room_is_taken(tmp_path: Path) -> None:
    assert memory_for_temporary_folders(tmp_path, ROOM, {}) == tmp_path


@pytest.mark.parametrize("name", ["TMPDIR", "TEMP", "TMP"])
def test_a_temporary_folder_chosen_on_purpose_is_kept(tmp_path: Path, name: str) -> None:
    assert memory_for_temporary_folders(tmp_path, ROOM, {name: "/somewhere"}) is None
    assert memory_for_temporary_folders(tmp_path, ROOM, {name: ""}) == tmp_path  # set empty: not chosen


def test_a_missing_or_small_folder_is_passed_over(tmp_path: Path) -> None:
    assert memory_for_temporary_folders(tmp_path / "missing", ROOM, {}) is None
    assert memory_for_temporary_folders(tmp_path / "missing", 0, {}) is None
    free = shutil.disk_usage(tmp_path).free
    assert memory_for_temporary_folders(tmp_path, free + (1 << 40), {}) is None  # a terabyte more than it has


def test_this_runs_folders_are_in_memory_when_it_has_room(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    """The choice reaches pytest: its folders are in /dev/shm when the run started with room there."""
    argv = getattr(pytestconfig, "workerinput", {}).get("mainargv", sys.argv)  # the run's own command line
    if any(arg.startswith("--basetemp") for arg in argv):
        pytest.skip("the run was given its folder (--basetemp)")
    if os.environ.get("PYTEST_DEBUG_TEMPROOT", str(MEMORY)) != str(MEMORY):
        pytest.skip("the run's folders were put elsewhere on purpose (PYTEST_DEBUG_TEMPROOT)")
    if memory_for_temporary_folders() is None:
        pytest.skip("no room in memory for this run's folders, or a temporary folder chosen on purpose")
    assert tmp_path.resolve().is_relative_to(MEMORY.resolve())
