"""The checks are honest: a finding's severity is its code's, a code's prefix
names the check that emits it (or the list says why not), and every check
either runs on the model or is a phase of loading that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CorpusDir
from sscorpus import Finding, Severity, codes
from sscorpus.authoring.preparing import prepare
from sscorpus.codes import CODES, lookup


def test_a_finding_takes_its_severity_from_its_code() -> None:
    warning = Finding(Path("texts/a.txt"), 1, 1, codes.TEXT_BOM, "a byte-order mark")
    assert warning.severity is Severity.WARNING and not warning.is_error
    assert Finding(Path("x.yaml"), 1, 1, "schema.min-items", "too short").severity is Severity.ERROR


def test_a_finding_with_an_undeclared_code_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="not declared"):
        Finding(Path("x.yaml"), 1, 1, "no.such-code", "message")


def test_add_text_reports_a_warning_as_a_warning_and_still_refuses(tmp_path: Path) -> None:
    """add-text refuses what validate --strict fails; it no longer calls the
    warning an error to do so."""
    prepared = prepare(tmp_path / "press.txt", "\ufeffOne line.\n\nAnother.\n".encode())
    assert [(f.code, f.severity) for f in prepared.findings] == [(codes.TEXT_BOM, Severity.WARNING)]


def test_every_finding_of_a_broken_corpus_has_its_codes_severity(corpus: CorpusDir) -> None:
    corpus.write("texts/extra.txt", "not catalogued\n")
    corpus.edit("annotations/a/mthembu-multilateralism.yaml", "annotator: a", "annotator: b")
    findings = corpus.check().report.findings
    assert {f.code for f in findings} >= {codes.UNCATALOGUED_TEXT, codes.FILE_PATH_MISMATCH}
    for finding in findings:
        declared = lookup(finding.code)
        assert declared is not None and finding.severity is declared.severity
    assert all(code.severity in Severity for code in CODES.values())
