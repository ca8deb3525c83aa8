"""What keeps the site the same everywhere: CITATION.cff in one form on every
clone, the site workflow installing sscorpus pinned in an annotation
repository, and ``export --check`` telling a branch what branches do."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ESSAY_FILE, CorpusDir, git
from sscorpus.cli import main
from sscorpus.exporting import export

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"


def test_citation_cff_has_the_same_bytes_on_an_autocrlf_clone(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    for name in (".gitattributes", "CITATION.cff"):
        (origin / name).write_bytes((REPO / name).read_bytes())
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "citation")
    git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(origin), "windows")
    clone = tmp_path / "windows"
    assert git(clone, "config", "core.autocrlf").stdout.strip() == "true"
    assert (clone / "CITATION.cff").read_bytes() == (REPO / "CITATION.cff").read_bytes()


def _workflow(name: str) -> dict[str, object]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_site_workflow_has_the_pin_of_the_validation_workflow() -> None:
    site, validation = _workflow("site.yml"), _workflow("sscorpus.yml")
    assert isinstance(site["env"], dict) and isinstance(validation["env"], dict)
    assert site["env"]["SSCORPUS"] == validation["env"]["SSCORPUS"]


@pytest.mark.parametrize(("where", "installs"), [("annotations", "the pin"), ("sscorpus", "the source")])
def test_the_site_workflow_installs_the_pin_but_in_sscorpus(tmp_path: Path, where: str, installs: str) -> None:
    """Run the step's script with a pip that only says what it would install."""
    workflow = _workflow("site.yml")
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict) and isinstance(workflow["env"], dict)
    install = next(step for step in jobs["build"]["steps"] if step.get("name") == "Install sscorpus")
    checkout = REPO if where == "sscorpus" else tmp_path
    if where == "annotations":
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "my-annotations"\n', encoding="utf-8")
    pin = str(workflow["env"]["SSCORPUS"])
    run = subprocess.run(
        ["bash", "-e", "-c", str(install["run"]).replace("python -m pip install", "echo")],
        cwd=checkout,
        env={**os.environ, "SSCORPUS": pin},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert run.stdout.strip() == (pin if installs == "the pin" else ".")


def test_export_check_does_not_tell_a_branch_to_commit_the_exports(corpus: CorpusDir) -> None:
    assert export(corpus.root).ok
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    result = CliRunner().invoke(main, ["export", "--check", "--root", str(corpus.root)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert "commit" not in first and "default branch" in first and "exports/" in first
