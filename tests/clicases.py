"""The CLI case folders of tests/cases/: one run of the command line on the
fixture corpus per folder (see tests/cases/README.md). test_cli.py compares
each run with the folder's committed expectations; tests/cases/regenerate.py
writes them anew, for a person to read before committing."""

from __future__ import annotations

import contextlib
import shlex
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from conftest import build_corpus
from sscorpus.cli import main

CASES = Path(__file__).parent / "cases"
#: the files of a case folder that are not copied into the corpus
CONTROL = {"args", "expected.txt", "exit_code", "env"}


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit_code: int
    #: the exception the command ended with (None or SystemExit when it ended normally)
    exception: BaseException | None


def case_names(cases: Path = CASES) -> list[str]:
    """The case folders: those with a command line."""
    return sorted(p.name for p in cases.iterdir() if (p / "args").is_file())


def run_case(folder: Path, workdir: Path) -> Outcome:
    """Build the fixture corpus in ``workdir``, drop the case's files into it
    and run its command line there, with its environment (GITHUB_ACTIONS
    unset unless the case sets it)."""
    corpus = build_corpus(workdir)
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in CONTROL:
            corpus.write(rel, path.read_bytes())
    env: dict[str, str | None] = {"GITHUB_ACTIONS": None}
    env_file = folder / "env"
    for line in env_file.read_text(encoding="utf-8").splitlines() if env_file.is_file() else []:
        key, _, value = line.partition("=")
        env[key] = value
    args = shlex.split((folder / "args").read_text(encoding="utf-8"))
    with contextlib.chdir(corpus.root):
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=True)
    return Outcome(result.stdout, result.stderr, result.exit_code, result.exception)


def expected(folder: Path) -> tuple[str, int]:
    """The committed standard output and exit code of a case."""
    stdout = (folder / "expected.txt").read_text(encoding="utf-8")
    return stdout, int((folder / "exit_code").read_text(encoding="utf-8"))


def write_expected(folder: Path, outcome: Outcome) -> None:
    (folder / "expected.txt").write_text(outcome.stdout, encoding="utf-8", newline="\n")
    (folder / "exit_code").write_text(f"{outcome.exit_code}\n", encoding="utf-8")
