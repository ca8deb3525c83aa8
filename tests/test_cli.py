"""The command line: exact output per case folder, the JSON output equal to
the library's report, and usage errors that end with exit 2, not a traceback.

Each folder in tests/cases/ holds files to drop into the fixture corpus
(e.g. annotations/a/<document>.yaml), ``args`` (the command line),
``expected.txt`` (the exact standard output), ``exit_code`` and, optionally,
``env`` (NAME=value lines). See tests/cases/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import sscorpus
from clicases import CASES, case_names, expected, run_case
from conftest import BRIEF_FILE, ESSAY_FILE, REPO, CorpusDir
from sscorpus.checks.reporters import to_json
from sscorpus.cli import main


def run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=True)


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


@pytest.fixture
def in_corpus(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> CorpusDir:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(corpus.root)
    return corpus


# -- the case folders ---------------------------------------------------------------------------


def test_there_are_cases() -> None:
    assert len(case_names()) >= 5


@pytest.mark.parametrize("name", case_names())
def test_case(name: str, tmp_path: Path) -> None:
    """The command's output and exit code are the committed ones (written by
    tests/cases/regenerate.py, never by a test)."""
    outcome = run_case(CASES / name, tmp_path / "corpus")
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    assert "Traceback" not in outcome.stdout
    assert (outcome.stdout, outcome.exit_code) == expected(CASES / name)
    assert outcome.stderr == ""


def test_regenerating_a_case_writes_what_the_command_prints(tmp_path: Path) -> None:
    """tests/cases/regenerate.py, on a copy of a case whose expectations are
    stale, writes back exactly the committed ones, and on a current case
    changes nothing."""
    spec = importlib.util.spec_from_file_location("regenerate", CASES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    name = "quote-not-found"
    shutil.copytree(CASES / name, tmp_path / name)
    (tmp_path / name / "expected.txt").write_text("stale\n", encoding="utf-8")
    (tmp_path / name / "exit_code").write_text("0\n", encoding="utf-8")
    assert regenerate.regenerate([], tmp_path) == [name]
    assert expected(tmp_path / name) == expected(CASES / name)
    assert expected(CASES / name)[1] == 1  # a finding: the case is not trivially empty
    assert regenerate.regenerate([name], tmp_path) == []


# -- output formats ----------------------------------------------------------------------------------


def test_json_output_is_the_library_report(in_corpus: CorpusDir) -> None:
    in_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    in_corpus.edit(ESSAY_FILE, "    occurrence: 1\n  - institution", "  - institution")  # South Africa: ambiguous
    in_corpus.edit(BRIEF_FILE, "actor: india-mea", "actor: india-mae")
    result = run(["validate", "--format", "json"])
    no_traceback(result)
    data = json.loads(result.stdout)
    assert data == to_json(sscorpus.validate(in_corpus.root))
    assert result.exit_code == data["exit_code"] == 1
    assert (data["errors"], data["warnings"]) == (3, 1)  # india-mea is no longer mentioned
    assert [(f["code"], f["path"]) for f in data["findings"]][:1] == [("ref.unknown", BRIEF_FILE)]


def test_json_output_of_a_clean_corpus(in_corpus: CorpusDir) -> None:
    result = run(["validate", "--format", "json"])
    assert json.loads(result.stdout) == {"findings": [], "errors": 0, "warnings": 0, "files_checked": 4, "exit_code": 0}
    assert result.exit_code == 0


def test_github_format_is_chosen_by_the_environment(in_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    in_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    text = run(["validate"]).stdout
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    github = run(["validate"]).stdout
    assert github.startswith(f"::error file={ESSAY_FILE},line=20,col=11,title=sscorpus schema.enum::")
    assert run(["validate", "--format", "text"]).stdout == text
    assert text.startswith(f"{ESSAY_FILE}:20:11: error[schema.enum] ")


def test_paths_are_relative_to_the_current_folder(in_corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    in_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    monkeypatch.chdir(in_corpus.path("annotations"))
    assert run(["validate", "a"]).stdout.startswith("a/mthembu-multilateralism.yaml:20:11: error[schema.enum]")


# -- exit codes ---------------------------------------------------------------------------------------


def test_warnings_alone_exit_0_and_1_with_strict(in_corpus: CorpusDir) -> None:
    in_corpus.edit(ESSAY_FILE, "  - actor: philani-mthembu\n    quote: Philani Mthembu\n", "")
    plain = run(["validate"])
    assert plain.exit_code == 0
    assert "warning[entity.unmentioned]" in plain.stdout
    assert run(["validate", "--strict"]).exit_code == 1


def test_json_exit_code_is_the_process_exit_code_with_strict(in_corpus: CorpusDir) -> None:
    in_corpus.edit(ESSAY_FILE, "  - actor: philani-mthembu\n    quote: Philani Mthembu\n", "")
    result = run(["validate", "--format", "json", "--strict"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["exit_code"] == result.exit_code


def test_errors_exit_1(in_corpus: CorpusDir) -> None:
    in_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    assert run(["validate"]).exit_code == 1


USAGE = [
    ("unknown-option", ["validate", "--bogus"]),
    ("unknown-format", ["validate", "--format", "xml"]),
    ("unknown-command", ["frobnicate"]),
    ("path-does-not-exist", ["validate", "annotations/a/nothere.yaml"]),
    ("path-not-an-annotation-file", ["validate", "schemas/claim.schema.json"]),
    ("root-is-a-file", ["validate", "--root", "texts/catalog.yaml"]),
]


@pytest.mark.parametrize("args", [u[1] for u in USAGE], ids=[u[0] for u in USAGE])
def test_usage_errors_exit_2(in_corpus: CorpusDir, args: list[str]) -> None:
    result = run(args)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_no_corpus_found_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # what lies above the temporary folder (a corpus, with --basetemp inside one) is out of sight
    is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda path: is_file(path) and tmp_path in path.resolve().parents)
    monkeypatch.chdir(tmp_path)
    result = run(["validate"])
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("sscorpus: error: ")


@pytest.mark.parametrize("folder", ["empty", "does-not-exist"])
def test_root_that_is_no_corpus_exits_2(tmp_path: Path, in_corpus: CorpusDir, folder: str) -> None:
    (tmp_path / "empty").mkdir()
    result = run(["validate", "--root", str(tmp_path / folder)])
    no_traceback(result)
    assert result.exit_code == 2


def test_unreadable_schema_exits_2(in_corpus: CorpusDir) -> None:
    in_corpus.write("schemas/claim.schema.json", "{not json")
    result = run(["validate"])
    no_traceback(result)
    assert result.exit_code == 2


def test_invalid_schema_exits_2(in_corpus: CorpusDir) -> None:
    path = in_corpus.path("schemas/claim.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["kind"]["type"] = "strin"
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = run(["validate"])
    no_traceback(result)
    assert result.exit_code == 2


def test_lone_surrogate_in_json_file_is_a_finding_not_an_internal_error(in_corpus: CorpusDir) -> None:
    in_corpus.remove(BRIEF_FILE)
    in_corpus.write(
        BRIEF_FILE.replace(".yaml", ".json"),
        '{"document": "india-us-2plus2", "annotator": "a",\n'
        ' "mentions": [{"actor": "india-mea", "quote": "external affairs ministry (India)"}],\n'
        ' "claims": [{"id": "b1", "quote": "India-US", "occurrence": 1, "kind": "\\ud800"}]}\n',
    )
    for format_ in ("text", "github"):  # printable: the character is escaped, not written out
        result = run(["validate", "--format", format_])
        no_traceback(result)
        assert result.exit_code == 1
        assert "\\ud800" in result.stdout and "\ud800" not in result.stdout
    result = run(["validate", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    # the bad value is a schema error where it stands; whatever else is said of it, said there too
    enum = [(f["line"], f["column"], f["pointer"]) for f in findings if f["code"] == "schema.enum"]
    assert enum == [(3, 72, "/claims/0/kind")]
    assert {(f["path"], f["line"], f["column"]) for f in findings} == {(BRIEF_FILE.replace(".yaml", ".json"), 3, 72)}
    assert "internal.error" not in {f["code"] for f in findings}


# -- the module and the help ------------------------------------------------------------------------------


def test_python_m_sscorpus_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sscorpus", "--help"], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "validate" in result.stdout
    assert result.stderr == ""


def test_python_m_sscorpus_validate(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    result = subprocess.run(
        [sys.executable, "-m", "sscorpus", "validate"],
        capture_output=True,
        text=True,
        cwd=corpus.root,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{ESSAY_FILE}:20:11: error[schema.enum] ")
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["--version"]])
def test_help_and_version(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0
    assert result.stdout.strip()


def test_version_is_the_package_version() -> None:
    assert sscorpus.__version__ in run(["--version"]).stdout
