"""What a file holds can never forge or hide a line of the report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sscorpus import Finding, Report
from sscorpus.checks.reporters import REPORTERS, printable

FORGED = "x\nannotations/a/x.yaml:1:1: error[fake.finding] injected"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\tb", "a\\tb"),
        ("\x1b[2K", "\\x1b[2K"),
        ("\x85", "\\x85"),
        ("a\u2028b", "a\\u2028b"),
        ("\u202eevil", "\\u202eevil"),
        ("\x7f", "\\x7f"),
        ("vis-à-vis “x”", "vis-à-vis “x”"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def report_with(message: str, pointer: str, hint: str | None, path: str = "annotations/a/x.yaml") -> Report:
    return Report([Finding(Path(path), 3, 4, "schema.unknown-property", message, pointer, hint)], 1)


@pytest.mark.parametrize("fmt", ["text", "github"])
@pytest.mark.parametrize("where", ["message", "pointer", "hint", "path"])
def test_no_value_starts_a_line_of_its_own(fmt: str, where: str) -> None:
    parts = {"message": "unknown property", "pointer": "/a", "hint": "allowed: b", "path": "annotations/a/x.yaml"}
    parts[where] = parts[where] + FORGED
    out = io.StringIO()
    REPORTERS[fmt](report_with(parts["message"], parts["pointer"], parts["hint"], parts["path"]), out, Path.cwd())
    lines = out.getvalue().splitlines()
    assert not any(line.startswith(("annotations/a/x.yaml:1:1", "::")) for line in lines[1:])
    if where != "hint":  # a hint's line breaks are its own (listings), always indented or %0A-encoded
        assert len(lines) == (3 if fmt == "text" else 2)  # finding, (hint,) summary
        assert "injected" in lines[0] and "\\n" in lines[0]


def test_a_hint_keeps_its_own_lines_and_escapes_the_rest() -> None:
    out = io.StringIO()
    REPORTERS["text"](report_with("m", "", "first\nsecond \x85 third\u2028"), out, Path.cwd())
    assert out.getvalue().splitlines()[1:3] == ["    hint: first", "          second \\x85 third\\u2028"]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_huge_key_or_value_does_not_fill_the_log(fmt: str) -> None:
    key = "k" * 5_000_000
    out = io.StringIO()
    REPORTERS[fmt](report_with(f"unknown property '{key}'", f"/a/{key}", f"did you mean {key}?"), out, Path.cwd())
    assert len(out.getvalue()) < 4000
    assert "more characters)" in out.getvalue()
