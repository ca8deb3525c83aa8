"""The README's command reference is made from the commands themselves: every
command, its usage and every option, and it cannot drift (``test_docs``
compares every generated part with what the code gives)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from sscorpus.cli import main
from sscorpus.corpus.schemas import SchemaSet
from sscorpus.docs import command_reference, render

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _reference() -> str:
    return README[README.index("<!-- generated: commands -->") : README.index("<!-- end generated: commands -->")]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_reference_with_its_usage_and_options(name: str) -> None:
    command = main.commands[name]
    section = _reference().split(f"### `sscorpus {name}`\n", 1)[1].split("\n### ", 1)[0]
    ctx = click.Context(command, info_name=name, parent=click.Context(main, info_name="sscorpus"))
    assert " ".join(["sscorpus", name, *command.collect_usage_pieces(ctx)]) in section
    assert command.help and " ".join(command.help.split()[:6]) in section
    for param in command.params:
        if isinstance(param, click.Option):
            assert f"| `{param.opts[0]}" in section.replace("\\|", "|"), (name, param.opts)


def test_a_new_option_changes_the_reference() -> None:
    """The reference follows the commands: what --help says, it says."""
    schemas = SchemaSet(REPO / "schemas")
    option = click.Option(["--shiny"], is_flag=True, help="A new option.")
    command = main.commands["stats"]
    command.params.append(option)
    try:
        assert "| `--shiny` | A new option. |" in command_reference(schemas)
        assert render(README, schemas) != README
    finally:
        command.params.remove(option)
    assert render(README, schemas) == README
