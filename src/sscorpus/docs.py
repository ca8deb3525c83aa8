"""The README's generated parts: the command reference, the checks and
their finding codes, and the data dictionary of the exports, made from the
code that defines them (the click commands, ``codes.py``, the tables).

Each part stands between ``<!-- generated: NAME -->`` and
``<!-- end generated: NAME -->``. ``python -m sscorpus.docs`` rewrites them;
``python -m sscorpus.docs --check`` exits 1 when the README differs from
what the code gives (a test runs the same comparison).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .checks.checklist import CHECKS
from .cli import main as cli_main
from .corpus.layout import packaged_schema_dir
from .corpus.schemas import SchemaSet
from .dataset.tables import TABLES, describe


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def checks_table(schemas: SchemaSet) -> str:
    """Every check in the order it runs, and every code it emits (with why,
    for a code that a check of another name emits)."""
    lines = ["| check | code | severity | meaning |", "|---|---|---|---|"]
    for check in CHECKS:
        for code in check.codes:
            meaning = code.explanation + (f" (emitted by the {check.name} check: {code.why})" if code.why else "")
            lines.append(f"| {check.name} | `{code}` | {code.severity.value} | {_cell(meaning)} |")
    return "\n".join(lines)


def _help_text(command: click.Command) -> str:
    """The command's help as Markdown paragraphs."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(command.help or "").split("\n\n"))


def command_reference(schemas: SchemaSet) -> str:
    """Every command of the CLI, as ``sscorpus NAME --help`` gives it: its
    usage, its help, and each option with its help (``--help`` left out)."""
    group = click.Context(cli_main, info_name="sscorpus")
    parts = []
    for name, command in cli_main.commands.items():
        ctx = click.Context(command, info_name=name, parent=group)
        options = [param for param in command.params if isinstance(param, click.Option)]
        records = [record for param in options if (record := param.get_help_record(ctx))]
        lines = [
            f"### `sscorpus {name}`",
            "",
            "```",
            " ".join(["sscorpus", name, *command.collect_usage_pieces(ctx)]),
            "```",
            "",
            _help_text(command),
        ]
        if records:
            lines += ["", "| option | meaning |", "|---|---|"]
            lines += [f"| `{_cell(option)}` | {_cell(meaning)} |" for option, meaning in records]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def data_dictionary(schemas: SchemaSet) -> str:
    """One section per table: its keys and every column with its type and meaning."""
    parts = []
    for table in TABLES.values():
        lines = [
            f"### Table `{table.name}`: {table.description}",
            "",
            ("Primary key: " + ", ".join(f"`{c}`" for c in table.primary_key) + ".")
            if table.primary_key
            else "No primary key: a row is one finding of a list.",
        ]
        for fk in table.foreign_keys:
            lines.append(
                f"Foreign key: {', '.join(f'`{c}`' for c in fk.fields)} -> `{fk.table}`"
                f" ({', '.join(f'`{c}`' for c in fk.reference)})."
            )
        lines += ["", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {_cell(describe(c, schemas))} |" for c in table.columns]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


GENERATORS: dict[str, Callable[[SchemaSet], str]] = {
    "codes": checks_table,
    "tables": data_dictionary,
    "commands": command_reference,
}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end generated: {name} -->)", re.S)


def render(readme: str, schemas: SchemaSet) -> str:
    """The README with every generated part made anew."""
    for name, generate in GENERATORS.items():
        match = _block(name).search(readme)
        if match is None:
            raise ValueError(f"the README has no part <!-- generated: {name} -->")
        readme = readme[: match.start(2)] + f"\n{generate(schemas)}\n\n" + readme[match.end(2) :]
    return readme


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    readme_path = Path(__file__).resolve().parents[2] / "README.md"
    schema_dir = packaged_schema_dir()
    if schema_dir is None or not readme_path.is_file():
        print("sscorpus.docs: run it from a source checkout", file=sys.stderr)
        return 2
    readme = readme_path.read_text(encoding="utf-8")
    generated = render(readme, SchemaSet(schema_dir))
    if "--check" in args:
        if generated != readme:
            print("README.md: generated parts are out of date; run: python -m sscorpus.docs", file=sys.stderr)
            return 1
        return 0
    if generated != readme:
        readme_path.write_text(generated, encoding="utf-8", newline="\n")
        print("README.md: generated parts rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
