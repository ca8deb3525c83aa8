"""Findings and the report that collects them.

A finding is data: where (file, line, column, JSON pointer), what (a stable
code and a message) and how to fix it (a hint). Its severity is its code's
(declared once, in ``codes.py``): no place that makes a finding can give it
another. Checks return findings; they never raise for a bad annotation. A
report knows its exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .codes import Severity as Severity
from .codes import lookup

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one place of one file.

    ``line`` and ``column`` are 1-based, as editors count them; 0 means the
    finding is about the file as a whole. ``pointer`` is the RFC 6901 JSON
    pointer of the value in the file ("" for the whole file). ``code`` is
    declared in ``codes.py`` (``schema.<keyword>`` stands for a schema keyword
    without a code of its own), and gives the finding its severity.
    """

    path: Path
    line: int
    column: int
    code: str
    message: str
    pointer: str = ""
    hint: str | None = None

    def __post_init__(self) -> None:
        if lookup(self.code) is None:
            raise ValueError(f"finding code {self.code!r} is not declared in codes.py")

    @property
    def severity(self) -> Severity:
        """The severity of the finding's code."""
        declared = lookup(self.code)
        assert declared is not None  # checked when the finding was made
        return declared.severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (str(self.path), self.line, self.column, self.code, self.message)

    def to_dict(self, path: str | None = None) -> dict[str, object]:
        return {
            "path": path if path is not None else str(self.path),
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "hint": self.hint,
        }


@dataclass(slots=True)
class Report:
    """All findings of one run, and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    #: the files and folders the run was asked about (None: the whole corpus);
    #: under strict, only a warning about a file in them fails the run (a
    #: registry warning fails ``validate --strict``, not the check of an
    #: annotation file that merely reads the registry)
    named: tuple[Path, ...] | None = None

    def in_scope(self, finding: Finding) -> bool:
        """Whether the finding is about a file the run was asked about."""
        if self.named is None:
            return True
        return any(finding.path == named or named in finding.path.parents for named in self.named)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def exit_code(self, *, strict: bool = False) -> int:
        """0 when clean, 1 when there is an error (or, if strict, a warning
        about a file the run was asked about)."""
        failing = self.errors or (strict and any(self.in_scope(f) for f in self.warnings))
        return EXIT_FINDINGS if failing else EXIT_CLEAN


class SetupError(Exception):
    """The run cannot start: no corpus found, a schema that cannot be read.

    Not for problems in annotations: those are findings.
    """
