"""Two annotators' branches merge without a conflict in exports/: branches
leave exports/ alone, and the workflow's exports job regenerates and commits
them on the default branch after each merge. The scripts run here are the
workflow's own steps."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BRIEF_FILE, ESSAY_FILE, CorpusDir, git
from sscorpus.exporting import export

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "sscorpus.yml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)


def step(job: str, name: str) -> str:
    return str(next(s for s in WORKFLOW["jobs"][job]["steps"] if s.get("name") == name)["run"])


def run_step(cwd: Path, job: str, name: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", step(job, name)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env},
    )


@pytest.fixture
def repo(exported_corpus: CorpusDir, tmp_path: Path) -> CorpusDir:
    """An annotation repository on main, with current exports, pushed to a
    bare 'origin' as GitHub would hold it."""
    sample = exported_corpus
    assert export(sample.root, check_only=True).ok
    git(sample.root, "init", "-q")
    git(sample.root, "add", ".")
    git(sample.root, "commit", "-q", "-m", "corpus")
    git(tmp_path, "clone", "-q", "--bare", str(sample.root), str(tmp_path / "origin.git"))
    git(sample.root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(sample.root, "fetch", "-q", "origin")
    return sample


def annotate_on_branches(repo: CorpusDir, *, regenerate: bool) -> None:
    """Annotator a corrects a claim on one branch, annotator b adds a file
    on another; with ``regenerate``, each branch also commits new exports."""
    root = repo.root
    git(root, "checkout", "-q", "-b", "a-fixes")
    repo.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    if regenerate:
        assert export(root).ok
    git(root, "commit", "-q", "-am", "a: c1 is causal")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "b-brief")
    repo.write(BRIEF_FILE.replace("/a/", "/b/"), repo.read(BRIEF_FILE).replace("annotator: a", "annotator: b"))
    if regenerate:
        assert export(root).ok
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "b: the brief")
    git(root, "checkout", "-q", "main")


def test_branches_that_leave_exports_alone_merge_and_main_regenerates(repo: CorpusDir) -> None:
    root = repo.root
    annotate_on_branches(repo, regenerate=False)
    assert git(root, "merge", "-q", "--no-edit", "a-fixes").returncode == 0
    assert git(root, "merge", "-q", "--no-edit", "b-brief", "-m", "merge b").returncode == 0
    assert git(root, "diff", "--name-only", "--diff-filter=U").stdout == ""
    assert not export(root, check_only=True).ok  # stale until the exports job runs
    git(root, "push", "-q", "origin", "main")
    assert run_step(root, "exports", "Regenerate the committed exports").returncode == 0
    committed = run_step(root, "exports", "Commit them when they changed", GITHUB_REF_NAME="main")
    assert committed.returncode == 0, committed.stderr
    assert git(root, "log", "-1", "--format=%s").stdout.strip() == "Regenerate the exports"
    assert git(root, "status", "--porcelain").stdout == ""
    assert export(root, check_only=True).ok
    pushed = git(root, "log", "-1", "--format=%s", "origin/main").stdout.strip()
    assert pushed == "Regenerate the exports"
    again = run_step(root, "exports", "Commit them when they changed", GITHUB_REF_NAME="main")  # no commit
    assert again.returncode == 0 and "current" in again.stdout


def test_the_control_branches_that_commit_exports_conflict(repo: CorpusDir) -> None:
    """Why branches leave exports/ alone: if both regenerate them, the
    second merge conflicts in exports/."""
    annotate_on_branches(repo, regenerate=True)
    assert git(repo.root, "merge", "-q", "--no-edit", "a-fixes").returncode == 0
    second = git(repo.root, "merge", "--no-edit", "b-brief", check=False)
    conflicted = git(repo.root, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert second.returncode != 0 and conflicted and all(name.startswith("exports/") for name in conflicted)


def test_a_pull_request_that_changes_exports_gets_a_warning(repo: CorpusDir) -> None:
    root = repo.root
    base = git(root, "rev-parse", "HEAD").stdout.strip()
    annotate_on_branches(repo, regenerate=True)
    git(root, "checkout", "-q", "a-fixes")
    warned = run_step(root, "validate", "Exports are made on main, not in a branch", BASE=base)
    assert warned.returncode == 0 and "::warning" in warned.stdout and "exports/sscorpus.xlsx" in warned.stdout
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "quiet")
    repo.edit(ESSAY_FILE, "kind: evaluative", "kind: predictive")
    git(root, "commit", "-q", "-am", "only annotations")
    quiet = run_step(root, "validate", "Exports are made on main, not in a branch", BASE=base)
    assert quiet.returncode == 0 and "::warning" not in quiet.stdout
