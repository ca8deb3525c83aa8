"""Killing a build on purpose: in a forked copy of the test process (no new
interpreter to start, so a trial takes the time of the build alone), with
SIGKILL at a chosen moment, the copy ending with no clean-up of any kind (no
``finally``, no ``atexit``, no flush); or, for every step of one build at
once, the files as a kill before each step leaves them
(:func:`frozen_before_steps`)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

#: a step to die before: the object, the name of its function, and the step's label
Step = tuple[object, str, str]


def _fork() -> int:
    if not hasattr(os, "fork"):
        pytest.skip("needs fork()")
    sys.stdout.flush()
    sys.stderr.flush()
    return os.fork()


def _run_and_exit(run: Callable[[], object]) -> None:
    """In the forked copy: run, then leave with the exit code, never
    returning to the test."""
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - the copy must never return into pytest
        code = 1
    os._exit(code)


def frozen_before_steps(
    steps: list[Step], run: Callable[[], object], folder: Path, into: Path
) -> list[tuple[str, Path]]:
    """Run ``run`` here, to its end, copying ``folder`` just before each call
    of the functions of ``steps`` into a folder of its own in ``into``: each
    copy holds the files as a build killed before that step leaves them (a
    process killed there writes nothing more, whatever its buffers held was
    not written yet, and the locks it held go with it), so one build gives
    what one killed build per step would, without building again up to each
    step. The steps' labels, in the order reached, each with its copy."""
    frozen: list[tuple[str, Path]] = []
    copying = False

    def wrapped(function: Callable[..., object], label: str) -> Callable[..., object]:
        def step(*args: object, **kwargs: object) -> object:
            nonlocal copying
            if not copying:
                copying = True
                try:
                    copy = into / f"before-step-{len(frozen) + 1}"
                    shutil.copytree(folder, copy, symlinks=True)
                finally:
                    copying = False
                frozen.append((label, copy))
            return function(*args, **kwargs)

        return step

    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in steps]
    try:
        for owner, name, label in steps:
            setattr(owner, name, wrapped(getattr(owner, name), label))
        run()
    finally:
        for owner, name, function in reversed(originals):
            setattr(owner, name, function)
    return frozen


def forked(run: Callable[[], object]) -> int:
    """Run ``run`` in a forked copy to its end: its exit code."""
    pid = _fork()
    if pid == 0:
        _run_and_exit(run)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def started(run: Callable[[], object], output: Path) -> int:
    """Start ``run`` in a forked copy, its standard output and error
    written to ``output``: the copy's process id (:func:`ended` waits for it)."""
    pid = _fork()
    if pid == 0:
        stream = output.open("w", encoding="utf-8")
        sys.stdout = sys.stderr = stream

        def run_flushed() -> object:
            try:
                return run()
            finally:
                stream.flush()

        _run_and_exit(run_flushed)
    return pid


def ended(pid: int) -> int:
    """Wait for a copy that :func:`started`: its exit code."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def killed_after(seconds: float, run: Callable[[], object]) -> int:
    """Run ``run`` in a forked copy and SIGKILL it after ``seconds`` (if it
    is still running): its exit code, negative when killed."""
    pid = _fork()
    if pid == 0:
        _run_and_exit(run)
    time.sleep(seconds)
    os.kill(pid, signal.SIGKILL)  # a copy that has ended is still there until it is waited for
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
