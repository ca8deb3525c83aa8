"""Findings as the editor's diagnostics: at their line and column, with the
code, the message and the hint; a finding about a whole file (line 0) on
its first line."""

from __future__ import annotations

from lsprotocol import types

from ..findings import Finding, Severity
from .positions import Text

SOURCE = "sscorpus"

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def severity(finding: Finding) -> types.DiagnosticSeverity:
    """The editor's severity (information for any other a finding may get)."""
    return _SEVERITY.get(finding.severity, types.DiagnosticSeverity.Information)


def diagnostic(finding: Finding, text: Text) -> types.Diagnostic:
    """From the finding's place to the end of its line."""
    start = text.at(finding.line, finding.column)
    line = text.line(start.line)
    end = text.at(max(finding.line, 1), len(line) + 1)
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    return types.Diagnostic(
        range=types.Range(start, end),
        message=message,
        severity=severity(finding),
        code=finding.code,
        source=SOURCE,
        data={"pointer": finding.pointer},
    )


def diagnostics(findings: list[Finding], text: Text) -> list[types.Diagnostic]:
    return [diagnostic(f, text) for f in sorted(findings, key=Finding.sort_key)]
