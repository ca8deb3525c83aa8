"""Reporters: the same report for people, machines and GitHub Actions.

Each reporter writes to the stream it is given; the CLI chooses one by name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol, TextIO

from .findings import Finding, Report


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (the current folder) when it is below it."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path.resolve(), base.resolve()) if path.is_absolute() else path.as_posix()


def _location(finding: Finding, base: Path | None) -> str:
    where = display_path(finding.path, base)
    if finding.line:
        where += f":{finding.line}:{finding.column}"
    return where


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''} checked"
    if not errors and not warnings:
        return f"{files}: no problems"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{files}: {', '.join(parts)}"


def write_text(report: Report, stream: TextIO, base: Path | None = None, *, strict: bool = False) -> None:
    """``path:line:col: error[code] message [pointer]`` and an indented hint."""
    for finding in report.sorted():
        pointer = f" [{finding.pointer}]" if finding.pointer else ""
        stream.write(f"{_location(finding, base)}: {finding.severity.value}[{finding.code}] "
                     f"{finding.message}{pointer}\n")
        if finding.hint:
            lines = finding.hint.splitlines()
            stream.write(f"    hint: {lines[0]}\n")
            for line in lines[1:]:
                stream.write(f"          {line}\n")
    stream.write(summary(report) + "\n")


def to_json(report: Report, base: Path | None = None, *, strict: bool = False) -> dict[str, object]:
    return {
        "findings": [f.to_dict(display_path(f.path, base)) for f in report.sorted()],
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "files_checked": report.files_checked,
        "exit_code": report.exit_code(strict=strict),
    }


def write_json(report: Report, stream: TextIO, base: Path | None = None, *, strict: bool = False) -> None:
    json.dump(to_json(report, base, strict=strict), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, stream: TextIO, base: Path | None = None, *, strict: bool = False) -> None:
    """GitHub Actions workflow commands, so findings land on the lines."""
    for finding in report.sorted():
        props = [f"file={_escape_property(display_path(finding.path, base))}"]
        if finding.line:
            props += [f"line={finding.line}", f"col={finding.column}"]
        props.append(f"title={_escape_property(f'sscorpus {finding.code}')}")
        message = finding.message + (f" [{finding.pointer}]" if finding.pointer else "")
        if finding.hint:
            message += f"\nhint: {finding.hint}"
        stream.write(f"::{finding.severity.value} {','.join(props)}::{_escape_data(message)}\n")
    stream.write(summary(report) + "\n")


class Reporter(Protocol):
    def __call__(self, report: Report, stream: TextIO, base: Path | None = None, *,
                 strict: bool = False) -> None: ...


REPORTERS: dict[str, Reporter] = {
    "text": write_text, "json": write_json, "github": write_github}
