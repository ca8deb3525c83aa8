"""How the site and the dataset are published: the GitHub workflow that
deploys the site to Pages and makes releases (linted with actionlint, as the
validation workflow is), CITATION.cff against the Citation File Format's own
JSON Schema, and the CI script that installs the browser tests' tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

import sscorpus
from test_ci_files import _actionlint

REPO = Path(__file__).resolve().parents[1]
SITE_WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
CITATION = REPO / "CITATION.cff"
#: https://citation-file-format.github.io/1.2.0/schema.json, as the cffconvert
#: package ships it (cffconvert itself pins jsonschema < 4, so it is not used)
CFF_SCHEMA = REPO / "src" / "sscorpus" / "cff" / "citation-file-format-1.2.0.schema.json"


def _cff_validator() -> jsonschema.Draft7Validator:
    schema = yaml.safe_load(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_citation_cff_is_valid_and_current() -> None:
    citation = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _cff_validator().iter_errors(citation)]
    assert errors == []
    assert citation["version"] == sscorpus.__version__
    assert citation["type"] == "dataset"


def test_the_citation_schema_does_reject_a_broken_file() -> None:
    """A control: the schema in use finds what is wrong."""
    citation = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    del citation["authors"]
    citation["type"] = "corpus"
    messages = " ".join(e.message for e in _cff_validator().iter_errors(citation))
    assert "'authors' is a required property" in messages and "'corpus' is not one of" in messages


def test_the_site_workflow_passes_actionlint() -> None:
    run = _actionlint(SITE_WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def test_the_site_workflow_validates_builds_deploys_and_releases() -> None:
    workflow = yaml.safe_load(SITE_WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and triggers["push"]["tags"] == ["v*"]
    build, deploy, release = (workflow["jobs"][name] for name in ("build", "deploy", "release"))
    commands = [step.get("run", "") for step in _steps(build)]
    validate = commands.index("sscorpus validate --format github")
    site = next(i for i, c in enumerate(commands) if c.startswith("sscorpus site --out "))
    assert validate < site
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in _steps(build))
    assert deploy["if"] == "github.ref == 'refs/heads/main'" and deploy["permissions"]["pages"] == "write"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in _steps(deploy))
    assert release["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert release["permissions"]["contents"] == "write"
    create = _steps(release)[-1]["run"]
    for name in ("sscorpus.xlsx", "sscorpus-csv.zip", "datapackage.json"):
        assert f"release/{name}" in create
    assert workflow["permissions"] == {"contents": "read"}  # more only where a job needs it


def test_ci_installs_the_browser_tools_before_the_tests() -> None:
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/install-browser" in run
    assert run.index(".ci/install-browser") < run.index("-m pytest")
    install = (REPO / ".ci" / "install-browser").read_text(encoding="utf-8")
    assert "apt-get install -y -qq chromium" in install and "axe-core@" in install
    assert "playwright install" not in install
