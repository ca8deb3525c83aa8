"""The checks are honest: a finding's severity is its code's, a code's prefix
names the check that emits it (or the list says why not), and every check
either runs on the model or is a phase of loading that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ESSAY_FILE, ESSAY_HEAD, REGISTRY_FILE, CorpusDir
from sscorpus import Finding, Severity, codes
from sscorpus.authoring.preparing import prepare
from sscorpus.checks.checklist import CHECKS, list_checks
from sscorpus.codes import CODES, lookup
from sscorpus.corpus.anchors import TextIndex
from sscorpus.corpus.annotations import read_annotation_file
from sscorpus.corpus.loading import load_file
from sscorpus.corpus.model import Unanchored

CHECKS_BY_NAME = {check.name: check for check in CHECKS}


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


# -- a code's prefix names its check; a check owns its logic ----------------------------


def test_every_codes_prefix_names_its_check_or_the_code_says_why() -> None:
    names = {check.name for check in CHECKS}
    for code in CODES.values():
        assert code.check in names, code
        if code.why is None:
            assert code.prefix == code.check, f"{code} is emitted by the {code.check} check: say why, or move it"
        else:
            assert code.prefix != code.check and code.why.strip(), f"{code} needs no why"


def test_every_check_runs_on_the_model_or_says_when_it_runs() -> None:
    for check in CHECKS:
        assert check.run is not None or check.phase, check.name
    out = list_checks()
    for number, check in enumerate(CHECKS, 1):
        block = out.split(f"{number:2}. {check.name}: ", 1)[1].split(f"\n{number + 1:2}. ", 1)[0]
        assert (f"(runs {check.phase})" in block) is (check.phase is not None), check.name
        for code in check.codes:
            assert f"      {code} ({code.severity.value})" in block
            assert (code.why is not None) is (f"{code.why})" in block), code


def _broken(corpus: CorpusDir) -> None:
    """A corpus with a problem for most checks of the model."""
    corpus.write("texts/extra.txt", "not catalogued\n")
    essay = corpus.path("texts/mthembu-multilateralism.txt")
    essay.write_text(essay.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8", newline="\n")
    corpus.write(
        "annotations/b/copy.yaml",
        ESSAY_HEAD.replace("annotator: a", "annotator: b")
        + "mentions:\n  - actor: south-africa\n    quote: South Africa\n    occurrence: 1\n"
        "  - actor: south-africa\n    quote: South Africa\n    occurrence: 1\n"
        "claims:\n  - id: c1\n    quote: This has exposed a real weakness in the multilateralism system\n"
        "    kind: evaluative\n    about:\n      - institution: wto\n        stance: neutral\n"
        "      - institution: wto\n        stance: neutral\n"
        "  - id: c2\n    quote: policy space\n    occurrence: 1\n    kind: descriptive\n"
        "evidence:\n  - id: e1\n    quote: This has exposed a real weakness in the multilateralism system\n"
        "    kind: event\n    supports: [c1]\n  - id: e1\n    quote: no such words anywhere\n    kind: event\n"
        "    supports: [c9]\n",
    )
    corpus.edit(REGISTRY_FILE, "    name: South Africa\n", "    name: South Africa\n    aliases: [WTO]\n")
    brief = corpus.path("texts/india-us-2plus2.txt")
    outside = corpus.root.parent / "outside.txt"
    outside.write_bytes(brief.read_bytes())
    brief.unlink()
    brief.symlink_to(outside)


def test_each_check_of_the_model_emits_only_its_own_codes(corpus: CorpusDir) -> None:
    _broken(corpus)
    checked = corpus.check()
    emitted: dict[str, set[str]] = {}
    for check in CHECKS:
        if check.run is not None:
            emitted[check.name] = {f.code for f in check.run(checked.corpus)}
    for name, found in emitted.items():
        assert all(CODES[code].check == name for code in found), (name, found)
    assert {
        codes.UNCATALOGUED_TEXT,
        codes.FILE_OUTSIDE_CORPUS,
        codes.TEXT_CHECKSUM,
        codes.TEXT_LENGTH,
        codes.FILE_PATH_MISMATCH,
        codes.MENTION_DUPLICATE,
        codes.ID_DUPLICATE,
        codes.DUPLICATE_LINK,
        codes.EVIDENCE_SAME_SPAN,
        codes.REF_UNKNOWN,
        codes.ENTITY_SHARED_NAME,
    } <= set().union(*emitted.values())
    # what the checks of the model do not make was made while loading, by a check that is a phase
    loading = {f.code for f in checked.report.findings} - set().union(*emitted.values())
    assert loading == {codes.ANCHOR_NOT_FOUND}
    assert all(CHECKS_BY_NAME[CODES[code].check].phase for code in loading)


def test_anchoring_records_its_findings_with_the_files_as_the_model_is_built(corpus: CorpusDir) -> None:
    """No check goes over the model to collect them: they are the file's
    findings, beside those of parsing and the schema."""
    path = corpus.write(ESSAY_FILE, ESSAY_HEAD + "mentions:\n  - actor: south-africa\n    quote: Nowhere at all\n")
    loaded = load_file(path)
    index = TextIndex(corpus.read("texts/mthembu-multilateralism.txt"))
    file = read_annotation_file(loaded, lambda name: index)
    assert file is not None and isinstance(file.mentions[0].anchor, Unanchored)
    assert [(f.code, f.line) for f in loaded.findings] == [(codes.ANCHOR_NOT_FOUND, 5)]
    assert file.mentions[0].anchor.reason == loaded.findings[0].message
    assert [f.code for f in corpus.check(ESSAY_FILE).report.findings] == [codes.ANCHOR_NOT_FOUND]
    assert CHECKS_BY_NAME["anchor"].run is None and CHECKS_BY_NAME["anchor"].phase
