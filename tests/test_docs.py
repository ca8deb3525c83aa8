"""The README is part of the product: its commands, example and tables must
stay true to the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest

import sscorpus
from sscorpus.cli import main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_readme_starts_with_the_two_setup_commands() -> None:
    first, second = _code_blocks("sh")[:2]
    assert "pip install -e ." in first and "sscorpus validate" in first
    assert "pip install -e '.[test]'" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    test_command = next(line for line in _code_blocks("sh")[1].splitlines() if not line.startswith("#"))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_example_validates_against_the_real_corpus(tmp_path: Path) -> None:
    """The complete example of the annotation format is a valid file."""
    example = next(block for block in _code_blocks("yaml") if block.startswith("# yaml-language-server"))
    for name in ("texts", "schemas", "annotations"):
        shutil.copytree(REPO / name, tmp_path / name)
    target = tmp_path / "annotations" / "readme" / "mthembu-multilateralism.yaml"
    target.parent.mkdir()
    target.write_text(example.replace("annotator: a ", "annotator: readme "), encoding="utf-8")
    report = sscorpus.validate(tmp_path, [target])
    assert [f"{f.code} {f.line}" for f in report.errors] == []


def _codes_in_source() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "sscorpus").glob("*.py"))
    pattern = r'"((?:file|yaml|json|schema|catalog|anchor|ref|id|entity|mention|export|internal)\.[a-z-]+)"'
    return set(re.findall(pattern, source)) - {"catalog.yaml", "registry.yaml"}


@pytest.mark.parametrize("code", sorted(_codes_in_source()))
def test_every_error_code_is_documented(code: str) -> None:
    table = README[README.index("## Error codes"):README.index("## Exit codes")]
    assert f"`{code}`" in table or (code == "schema.invalid" and "`schema.<keyword>`" in table)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = main.commands[name]
    assert isinstance(command, click.Command) and command.help
    assert f"sscorpus {name}" in README


def test_every_table_and_column_is_documented() -> None:
    from sscorpus.tables import TABLES

    section = README[README.index("## The exports"):README.index("## Error codes")]
    for table in TABLES.values():
        assert f"### Table `{table.name}`" in section
        part = section[section.index(f"### Table `{table.name}`"):]
        part = part[:part.find("### Table", 10)] if "### Table" in part[10:] else part
        for column in table.columns:
            assert f"| `{column.name}` |" in part, (table.name, column.name)
