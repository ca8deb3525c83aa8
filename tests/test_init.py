"""sscorpus init: a new annotation repository that add-text, new, validate
--strict, export, site and the pre-commit hook work in from the start; all
or nothing, never over a corpus or a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import sscorpus
from conftest import REPO, build_corpus, git
from sscorpus.authoring.starting import GITIGNORE, pinned
from sscorpus.cli import main

TEXT = "South Africa and India met in Geneva.\nThey agreed on a new fund.\n"
ACTORS = "actors:\n  - id: south-africa\n    name: South Africa\n    kind: state\n    country: ZA\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def start(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    code, output = run("init", str(root), "--source", "https://example.org/sscorpus")
    assert code == 0, output
    return root


def test_init_then_add_text_new_validate_export_site_and_the_hook_pass(tmp_path: Path) -> None:
    root = start(tmp_path)
    registry = root / "annotations" / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("actors: []\n", ACTORS), encoding="utf-8")
    source = tmp_path / "press.txt"
    source.write_text(TEXT, encoding="utf-8")
    common = ["--root", str(root)]
    code, output = run(
        "add-text", str(source), "--id", "press", "--title", "Talks", "--kind", "press-release",
        "--default-speaker", "south-africa", "--paragraphs", "lines", *common,
    )  # fmt: skip
    assert code == 0, output
    code, output = run("new", "press", "--annotator", "a", "--suggest-mentions", *common)
    assert code == 0, output
    annotation = root / "annotations" / "a" / "press.yaml"
    schema_line = annotation.read_text(encoding="utf-8").splitlines()[0]
    schema = schema_line.removeprefix("# yaml-language-server: $schema=")
    assert schema != schema_line and (annotation.parent / schema).resolve().is_file()
    code, output = run("validate", "--strict", *common)
    assert code == 0, output
    code, output = run("export", *common)
    assert code == 0, output
    assert (root / "exports" / "sscorpus.xlsx").is_file()
    code, output = run("site", *common)
    assert code == 0, output
    assert (root / "site" / "documents" / "press.html").is_file()
    # the hook of .pre-commit-hooks.yaml, run by pre-commit on the new repository (offline: a local hook)
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    done = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sscorpus validate" in done.stdout and "Passed" in done.stdout
    ignored = git(root, "status", "--porcelain", "--ignored").stdout
    assert ".sscorpus-lock" in ignored and "site/" in ignored


def test_init_writes_the_files_pinned_to_this_release(tmp_path: Path) -> None:
    root = start(tmp_path)
    written = files(root)
    config = yaml.safe_load(written[".pre-commit-config.yaml"])
    assert config["repos"] == [
        {
            "repo": "https://example.org/sscorpus",
            "rev": f"v{sscorpus.__version__}",
            "hooks": [{"id": "sscorpus-validate"}],
        }
    ]
    hook_ids = [h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))]
    assert "sscorpus-validate" in hook_ids
    workflow = yaml.safe_load(written[".github/workflows/sscorpus.yml"])
    assert workflow["env"]["SSCORPUS"] == f"sscorpus @ git+https://example.org/sscorpus@v{sscorpus.__version__}"
    ours = yaml.safe_load((REPO / ".github" / "workflows" / "sscorpus.yml").read_text(encoding="utf-8"))
    assert {**workflow, "env": None} == {**ours, "env": None}  # the same workflow, only pinned
    assert written[".gitattributes"] == (REPO / ".gitattributes").read_bytes()
    for name in (REPO / "schemas").glob("*.schema.json"):
        assert written[f"schemas/{name.name}"] == name.read_bytes()
    assert yaml.safe_load(written["texts/catalog.yaml"]) == {"documents": []}
    report = sscorpus.check(root).report
    assert report.exit_code(strict=True) == 0, [f.code for f in report.findings]


def test_the_gitignore_of_a_corpus_is_part_of_sscorpus_own() -> None:
    ours = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    for line in GITIGNORE.splitlines():
        if line and not line.startswith("#"):
            assert line in ours


def test_the_default_source_is_the_one_the_workflow_names(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "c"))
    assert code == 0, output
    config = yaml.safe_load((tmp_path / "c" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    workflow = (REPO / ".github" / "workflows" / "sscorpus.yml").read_text(encoding="utf-8")
    assert f"git+{config['repos'][0]['repo']}@" in workflow
    assert pinned("x")[0].count("rev: ") == 1


def test_init_refuses_a_corpus_and_writes_nothing(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    before = files(corpus.root)
    code, output = run("init", str(corpus.root))
    assert code == 2 and "already holds a corpus" in output
    assert files(corpus.root) == before


@pytest.mark.parametrize("existing", [".gitignore", ".github/workflows/sscorpus.yml", "schemas/common.schema.json"])
def test_init_refuses_a_folder_with_a_file_it_would_write_and_writes_nothing(tmp_path: Path, existing: str) -> None:
    root = tmp_path / "repo"
    (root / existing).parent.mkdir(parents=True, exist_ok=True)
    (root / existing).write_text("mine\n", encoding="utf-8")
    code, output = run("init", str(root))
    assert code == 2 and existing in output
    assert {k: v for k, v in files(root).items() if k != ".sscorpus-lock"} == {existing: b"mine\n"}


def test_an_empty_catalog_is_valid_and_add_text_fills_it(tmp_path: Path) -> None:
    """`documents: []` was a schema error, and add-text failed on it."""
    root = start(tmp_path)
    assert sscorpus.check(root).report.errors == []
    registry = root / "annotations" / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("actors: []\n", ACTORS), encoding="utf-8")
    source = tmp_path / "t.txt"
    source.write_text("One.\n\nTwo.\n", encoding="utf-8")
    args = ["--title", "T", "--kind", "speech", "--default-speaker", "south-africa", "--root", str(root)]
    assert run("add-text", str(source), "--id", "t", *args)[0] == 0
    catalog = yaml.safe_load((root / "texts" / "catalog.yaml").read_text(encoding="utf-8"))
    assert [d["id"] for d in catalog["documents"]] == ["t"]
    assert run("remove-text", "t", "--root", str(root))[0] == 0
    assert yaml.safe_load((root / "texts" / "catalog.yaml").read_text(encoding="utf-8")) == {"documents": []}
    assert sscorpus.check(root).report.errors == []


@pytest.mark.skipif(
    os.environ.get("SSCORPUS_INTEGRATION") != "1", reason="needs a package index: set SSCORPUS_INTEGRATION=1 to run it"
)
def test_the_pinned_pre_commit_configuration_runs_the_hook(tmp_path: Path) -> None:
    """The configuration init writes, pointed at this checkout and its commit:
    pre-commit builds the hook's environment (from the package index)."""
    root = start(tmp_path)
    commit = git(REPO, "rev-parse", "HEAD").stdout.strip()
    config = root / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8").replace("https://example.org/sscorpus", str(REPO))
    config.write_text(text.replace(f"v{sscorpus.__version__}", commit), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("pre-commit")), "run", "--all-files"],
        cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_init_killed_before_its_commit_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The next edit removes what an edit killed before its journal left,
    in the folders init writes too."""
    root = tmp_path / "repo"
    for folder in ("schemas", ".github/workflows"):
        (root / folder).mkdir(parents=True)
        (root / folder / ".sscorpus-edit-abc").write_text("half", encoding="utf-8")
    assert run("init", str(root), "--source", "https://example.org/sscorpus")[0] == 0
    assert not list(root.rglob(".sscorpus-edit-*"))
