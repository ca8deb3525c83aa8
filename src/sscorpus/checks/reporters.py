"""Reporters: the same report for people, machines and GitHub Actions.

Each reporter writes to the stream it is given; the CLI chooses one by name.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Protocol, TextIO

from ..findings import Finding, Report
from .stats import Place, Stats
from .texts import BIDI_CONTROLS, C1_CONTROLS


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (the current folder) when it is below it."""
    base = base or Path.cwd()
    named = Path(os.path.normpath(path.absolute()))  # a link by its own name, not its target's
    for shown, folder in ((named, Path(os.path.normpath(base.absolute()))), (named, base.resolve())):
        try:
            return shown.relative_to(folder).as_posix()
        except ValueError:
            continue
    return os.path.relpath(named, base.resolve()) if path.is_absolute() else path.as_posix()


#: characters that would let a message start a line of its own, rewrite the
#: terminal or reorder what is shown: C0 and C1 controls, DEL, the Unicode
#: line and paragraph separators and the bidirectional controls
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f{C1_CONTROLS}\u2028\u2029{BIDI_CONTROLS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: those of them that JSON leaves as they are (it escapes the C0 controls itself)
_JSON_UNPRINTABLE = re.compile(f"[\x7f{C1_CONTROLS}\u2028\u2029{BIDI_CONTROLS}]")


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


#: a message, pointer or hint line is cut beyond this many characters (a
#: 10 MB key or value quoted in a message must not fill a CI log)
LONGEST = 1000


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``,
    ``\\x1b``, ``\\u2028``): a value from a file can then never forge a line
    of the report, rewrite the terminal or hide part of it; cut when longer
    than LONGEST. Every command prints through it (``cli._echo``, the
    reporters)."""
    if len(text) > LONGEST:
        text = f"{text[: LONGEST - 60]} ... ({len(text) - LONGEST + 60:,} more characters)"
    return _UNPRINTABLE.sub(_escape_one, text)


def write_json_data(data: object, stream: TextIO) -> None:
    """``data`` as indented JSON, the characters ``printable`` escapes written
    as ``\\uXXXX`` (JSON escapes C0 controls itself; these stand only inside
    strings, so the JSON reads back the same)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    stream.write(_JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _hint_lines(hint: str) -> list[str]:
    """A hint's own lines (listings), each made printable."""
    return [printable(line) for line in hint.split("\n")]


def _location(finding: Finding, base: Path | None) -> str:
    where = printable(display_path(finding.path, base))
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
        pointer = f" [{printable(finding.pointer)}]" if finding.pointer else ""
        stream.write(
            f"{_location(finding, base)}: {finding.severity.value}[{finding.code}] "
            f"{printable(finding.message)}{pointer}\n"
        )
        if finding.hint:
            lines = _hint_lines(finding.hint)
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
    write_json_data(to_json(report, base, strict=strict), stream)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, stream: TextIO, base: Path | None = None, *, strict: bool = False) -> None:
    """GitHub Actions workflow commands, so findings land on the lines."""
    for finding in report.sorted():
        props = [f"file={_escape_property(printable(display_path(finding.path, base)))}"]
        if finding.line:
            props += [f"line={finding.line}", f"col={finding.column}"]
        props.append(f"title={_escape_property(f'sscorpus {finding.code}')}")
        message = printable(finding.message) + (f" [{printable(finding.pointer)}]" if finding.pointer else "")
        if finding.hint:
            message += "\nhint: " + "\n".join(_hint_lines(finding.hint))
        stream.write(f"::{finding.severity.value} {','.join(props)}::{_escape_data(message)}\n")
    stream.write(summary(report) + "\n")


class Reporter(Protocol):
    def __call__(self, report: Report, stream: TextIO, base: Path | None = None, *, strict: bool = False) -> None: ...


REPORTERS: dict[str, Reporter] = {"text": write_text, "json": write_json, "github": write_github}


# -- completeness statistics -------------------------------------------------------

_STATS_LISTS = (
    ("bare_paragraphs", "paragraphs of the body without a claim or evidence"),
    ("unlinked_claims", "claims without a link"),
    ("idle_evidence", "evidence that supports or challenges nothing"),
    ("uncovered_names", "names in the text that no mention of their entity covers"),
)


def stats_to_json(stats: Stats, base: Path | None = None) -> dict[str, object]:
    def place(p: Place) -> dict[str, object]:
        return {"path": display_path(p.path, base), "line": p.line, "column": p.column, "what": p.what}

    return {
        "files": [
            {
                "path": display_path(f.path, base),
                "document": f.document,
                "annotator": f.annotator,
                "counts": f.counts,
                **{key: [place(p) for p in getattr(f, key)] for key, _ in _STATS_LISTS},
            }
            for f in stats.files
        ],
        "unmentioned": stats.unmentioned,
        "never_mentioned": stats.never_mentioned,
    }


def write_stats_json(stats: Stats, stream: TextIO, base: Path | None = None) -> None:
    write_json_data(stats_to_json(stats, base), stream)


def write_stats_text(stats: Stats, stream: TextIO, base: Path | None = None) -> None:
    def line(text: str) -> None:
        stream.write(printable(text) + "\n")

    for f in stats.files:
        c = f.counts
        line(f"{display_path(f.path, base)} ({f.document}, annotator {f.annotator})")
        line(
            f"  mentions {c['mentions']} (actor {c['actor_mentions']}, institution "
            f"{c['institution_mentions']}, principle {c['principle_mentions']}), claims {c['claims']}, "
            f"evidence {c['evidence']}, links {c['links']}"
        )
        for key, title in _STATS_LISTS:
            places: list[Place] = getattr(f, key)
            line(f"  {title}: {len(places) or 'none'}")
            for p in places:
                line(f"    {display_path(p.path, base)}:{p.line}:{p.column}: {p.what}")
    for annotator, ids in stats.unmentioned.items():
        line(
            f"annotator {annotator}: registry entities their documents name that they never mention: "
            f"{len(ids) or 'none'}"
        )
        for entity_id in ids:
            line(f"    {entity_id}")
    line(f"registry entities no annotation file mentions: {len(stats.never_mentioned) or 'none'}")
    for entity_id in stats.never_mentioned:
        line(f"    {entity_id}")
