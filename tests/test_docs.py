"""The README is part of the product: its commands, example and tables must
stay true to the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import sscorpus
from sscorpus.checks.checklist import CHECKS
from sscorpus.cli import main
from sscorpus.codes import CODES, lookup
from sscorpus.corpus.schemas import SchemaSet
from sscorpus.docs import render

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


#: the README's first two commands, as a new user copies them
INSTALL = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/sscorpus validate && .venv/bin/sscorpus export"
)
TEST = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"


def test_the_readme_opens_with_the_install_and_test_commands_and_ci_runs_the_second() -> None:
    blocks = _code_blocks("sh")
    commands = [[line for line in block.splitlines() if line and not line.startswith("#")] for block in blocks]
    assert commands[:2] == [[INSTALL], [TEST]]
    assert TEST in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()  # word for word, a line


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


PACKAGE = REPO / "src" / "sscorpus"
SOURCE = {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def _code_literals() -> set[str]:
    """Code strings written as literals anywhere in the package but codes.py."""
    source = "\n".join(text for name, text in SOURCE.items() if name != "codes.py")
    pattern = r'"((?:file|yaml|json|schema|catalog|anchor|ref|id|entity|mention|export|internal)\.[a-z-]+)"'
    return set(re.findall(pattern, source)) - {"catalog.yaml", "registry.yaml"}


def test_codes_are_named_by_their_declarations_not_written_out() -> None:
    """A code written as a string could be misspelt; codes.X cannot."""
    assert _code_literals() == set()
    assert lookup("schema.min-items") is not None and lookup("no.such-code") is None


def test_every_declared_code_is_emitted_somewhere() -> None:
    names = dict(re.findall(r'^([A-Z_]+) = _code\("([^"]+)"', SOURCE["codes.py"], flags=re.M))
    rest = "\n".join(text for name, text in SOURCE.items() if name != "codes.py")
    unused = [
        code
        for name, code in names.items()
        if f"codes.{name}" not in rest and f'"{code}"' not in rest and code != "schema.<keyword>"
    ]
    assert names and unused == []


def test_every_check_declares_codes_and_every_code_belongs_to_a_check() -> None:
    names = [check.name for check in CHECKS]
    assert len(names) == len(set(names))
    assert all(check.codes for check in CHECKS)
    assert {code.check for code in CODES.values()} == set(names)


def test_the_readme_generated_parts_are_what_the_code_gives() -> None:
    schemas = SchemaSet(REPO / "schemas")
    assert render(README, schemas) == README, "run: python -m sscorpus.docs"


def test_the_docs_generator_fails_on_a_readme_without_its_parts() -> None:
    with pytest.raises(ValueError, match="generated: codes"):
        render("# a README without generated parts\n", SchemaSet(REPO / "schemas"))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = main.commands[name]
    assert isinstance(command, click.Command) and command.help
    assert f"sscorpus {name}" in README


def test_every_table_and_column_is_documented() -> None:
    from sscorpus.dataset.tables import TABLES

    section = README[README.index("## The exports") : README.index("## Error codes")]
    for table in TABLES.values():
        assert f"### Table `{table.name}`" in section
        part = section[section.index(f"### Table `{table.name}`") :]
        part = part[: part.find("### Table", 10)] if "### Table" in part[10:] else part
        for column in table.columns:
            assert f"| `{column.name}` |" in part, (table.name, column.name)


def test_list_checks_prints_every_check_in_order_with_its_codes() -> None:
    result = CliRunner().invoke(main, ["validate", "--list-checks"])
    assert result.exit_code == 0
    out = result.output
    positions = [out.index(f". {check.name}: ") for check in CHECKS]
    assert positions == sorted(positions)
    for code in CODES.values():
        assert f"      {code} ({code.severity.value})" in out
