"""Killing a build on purpose, in a forked copy of the test process (no new
interpreter to start, so a trial takes the time of the build alone): at a
chosen step, or with SIGKILL at a chosen moment. Either way the copy ends
with no clean-up of any kind (no ``finally``, no ``atexit``, no flush)."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable

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


def killed_at_step(kill_at: int, steps: list[Step], run: Callable[[], object]) -> tuple[int, list[str]]:
    """Run ``run`` in a forked copy that dies (exit code 137) just before the
    ``kill_at``-th call of the functions of ``steps``: its exit code and the
    labels of the steps it reached, the last being the one it died before."""
    read, write = os.pipe()
    pid = _fork()
    if pid == 0:
        os.close(read)
        reached = 0

        def wrapped(function: Callable[..., object], label: str) -> Callable[..., object]:
            def step(*args: object, **kwargs: object) -> object:
                nonlocal reached
                reached += 1
                os.write(write, f"{label}\n".encode())
                if reached == kill_at:
                    os._exit(137)
                return function(*args, **kwargs)

            return step

        for owner, name, label in steps:
            setattr(owner, name, wrapped(getattr(owner, name), label))
        _run_and_exit(run)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as stream:
        labels = stream.read().split()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), labels


def forked(run: Callable[[], object]) -> int:
    """Run ``run`` in a forked copy to its end: its exit code."""
    pid = _fork()
    if pid == 0:
        _run_and_exit(run)
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
