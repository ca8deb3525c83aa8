"""Catalog, registry, identity and references: each case changes the valid
fixture corpus a little and lists every finding it must cause, no more."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

import sscorpus
from conftest import (
    BRIEF,
    BRIEF_ANNOTATIONS,
    BRIEF_FILE,
    CATALOG_FILE,
    ESSAY_FILE,
    REGISTRY,
    REGISTRY_FILE,
    TEXTS,
    CorpusDir,
)
from sscorpus import Severity

BRIEF_TEXT = f"texts/{BRIEF}.txt"
BRIEF_SHA = "8d25f11a76dec5dac9b4d933be95235fc786db43a614b8f948e31ed094bcc05f"

# An edit: ("edit", file, old, new) | ("write", file, content) | ("remove", file)
Edit = tuple[str | bytes, ...]
# An expected finding: (code, file, line, column); a str line is the text of
# the one line of the (changed) file that the finding is on, (text, n) the
# n-th line with that text.
Expected = tuple[str, str, int | str | tuple[str, int], int]


@dataclass
class Case:
    name: str
    edits: list[Edit]
    expected: set[Expected]
    warnings: set[str] = field(default_factory=set)  # codes that are warnings, not errors


def apply(corpus: CorpusDir, edits: list[Edit]) -> None:
    for kind, rel, *rest in edits:
        assert isinstance(rel, str)
        if kind == "edit":
            old, new = rest
            assert isinstance(old, str) and isinstance(new, str)
            corpus.edit(rel, old, new)
        elif kind == "write":
            corpus.write(rel, rest[0])
        elif kind == "remove":
            corpus.remove(rel)
        else:  # pragma: no cover - a mistake in a case
            raise ValueError(kind)


def line_of(corpus: CorpusDir, rel: str, where: int | str | tuple[str, int]) -> int:
    if isinstance(where, int):
        return where
    needle, n = (where, 0) if isinstance(where, str) else where
    lines = [i for i, line in enumerate(corpus.read(rel).splitlines(), 1) if needle in line]
    assert len(lines) == max(n, 1), f"{needle!r} should be on {max(n, 1)} line(s) of {rel}: {lines}"
    return lines[max(n, 1) - 1]


def resolve(corpus: CorpusDir, expected: set[Expected]) -> set[tuple[str, str, int, int]]:
    return {(code, rel, line_of(corpus, rel, line), col) for code, rel, line, col in expected}


CASES = [
    # -- catalog ------------------------------------------------------------------------
    Case(
        "checksum",
        [("edit", CATALOG_FILE, BRIEF_SHA, "0" * 64)],
        {("catalog.checksum", CATALOG_FILE, "sha256: " + "0" * 64, 13)},
    ),
    Case(
        "text-changed-same-length",
        # the changed text is still used for anchoring: the brief's claim no longer fits it
        [
            (
                "write",
                BRIEF_TEXT,
                (TEXTS / f"{BRIEF}.txt")
                .read_text(encoding="utf-8")
                .replace("held in Washington on", "held in Washingtom on"),
            )
        ],
        {("catalog.checksum", CATALOG_FILE, f"sha256: {BRIEF_SHA}", 13), ("anchor.not-found", BRIEF_FILE, 8, 12)},
    ),
    Case(
        "text-missing",
        # without its text, the brief's quotes are not checked at all
        [("remove", BRIEF_TEXT), ("edit", BRIEF_FILE, "quote: India-US", "quote: Not in the text at all")],
        {("catalog.text-missing", CATALOG_FILE, f"text: {BRIEF}.txt", 11)},
    ),
    Case(
        "wrong-length",
        [("edit", CATALOG_FILE, "characters: 1715", "characters: 1716")],
        {("catalog.length", CATALOG_FILE, "characters: 1716", 17)},
    ),
    Case(
        "text-not-utf8",
        [("write", BRIEF_TEXT, b"\xff" + (TEXTS / f"{BRIEF}.txt").read_bytes()[1:])],
        {
            ("catalog.checksum", CATALOG_FILE, f"sha256: {BRIEF_SHA}", 13),
            ("catalog.text-encoding", CATALOG_FILE, f"text: {BRIEF}.txt", 11),
        },
    ),
    Case(
        "uncatalogued-text",
        [("write", "texts/extra.txt", "Some text.\n")],
        {("catalog.uncatalogued-text", "texts/extra.txt", 0, 0)},
        warnings={"catalog.uncatalogued-text"},
    ),
    Case(
        "duplicate-document-id",
        [("edit", CATALOG_FILE, f"- id: {BRIEF}", "- id: mthembu-multilateralism")],
        {
            ("id.duplicate", CATALOG_FILE, ("- id: mthembu-multilateralism", 2), 9),
            ("ref.unknown-document", BRIEF_FILE, 1, 11),
        },
    ),  # the brief's text is still named by the catalog
    Case(
        "unknown-default-speaker",
        [("edit", CATALOG_FILE, "default_speaker: india-mea", "default_speaker: india-mae")],
        {("ref.unknown", CATALOG_FILE, "default_speaker: india-mae", 22)},
    ),
    Case(
        "author-of-wrong-type",
        [("edit", CATALOG_FILE, "actor: philani-mthembu", "actor: wto")],
        {("ref.wrong-type", CATALOG_FILE, "actor: wto", 16)},
    ),
    # -- registry -------------------------------------------------------------------------
    Case(
        "duplicate-entity-id",
        [("write", REGISTRY_FILE, REGISTRY + "  - id: wto\n    label: wto\n    definition: A principle.\n")],
        {("id.duplicate", REGISTRY_FILE, 29, 9)},
    ),
    Case(
        "registry-missing",
        [
            ("remove", REGISTRY_FILE),
            ("write", ESSAY_FILE, "document: mthembu-multilateralism\nannotator: a\n"),
            ("write", BRIEF_FILE, "document: india-us-2plus2\nannotator: a\n"),
        ],
        {
            ("file.missing", REGISTRY_FILE, 0, 0),
            ("ref.unknown", CATALOG_FILE, "actor: philani-mthembu", 16),
            ("ref.unknown", CATALOG_FILE, "default_speaker: philani-mthembu", 22),
            ("ref.unknown", CATALOG_FILE, "default_speaker: india-mea", 22),
        },
    ),
    Case(
        "defined-by-unknown",
        [("edit", REGISTRY_FILE, "    label: policy space\n", "    label: policy space\n    defined_by: keohane\n")],
        {("ref.unknown", REGISTRY_FILE, "defined_by: keohane", 17)},
    ),
    # -- references from annotation files ----------------------------------------------------
    Case(
        "unknown-entity",
        [("edit", ESSAY_FILE, "actor: south-africa", "actor: south-afrika")],
        {("ref.unknown", ESSAY_FILE, 6, 12), ("entity.unmentioned", REGISTRY_FILE, "id: south-africa", 9)},
        warnings={"entity.unmentioned"},
    ),
    Case(
        "entity-of-wrong-type-in-mention",
        [("edit", ESSAY_FILE, "  - institution: wto\n    quote", "  - actor: wto\n    quote")],
        {("ref.wrong-type", ESSAY_FILE, 9, 12)},
    ),
    Case(
        "entity-of-wrong-type-in-link",
        [("edit", ESSAY_FILE, "      - institution: wto\n", "      - actor: wto\n")],
        {("ref.wrong-type", ESSAY_FILE, 22, 16)},
    ),
    Case(
        "speaker-of-wrong-type",
        [("edit", ESSAY_FILE, "    kind: evaluative\n", "    kind: evaluative\n    speaker: wto\n")],
        {("ref.wrong-type", ESSAY_FILE, 21, 14)},
    ),
    Case(
        "alias-shared-by-two-entities",
        [
            (
                "edit",
                REGISTRY_FILE,
                "    country: ZA\n    region: africa\n",
                "    country: ZA\n    region: africa\n    aliases: [WTO]\n",
            )
        ],
        {("entity.shared-name", REGISTRY_FILE, 17, 9)},
        warnings={"entity.shared-name"},
    ),
    Case(
        "near-duplicate-entities",
        [
            (
                "edit",
                REGISTRY_FILE,
                "policies.\n",
                "policies.\n  - id: policyspace\n    label: policy-space\n    definition: The same, added twice.\n",
            )
        ],
        {("entity.near-duplicate", REGISTRY_FILE, 29, 9), ("entity.unmentioned", REGISTRY_FILE, 29, 9)},
        warnings={"entity.near-duplicate", "entity.unmentioned"},
    ),
    # claim ids are per file: a claim id of another file is unknown here
    Case(
        "evidence-for-claim-of-other-document",
        [("edit", ESSAY_FILE, "supports: [c1]", "supports: [c1, b1]")],
        {("ref.unknown", ESSAY_FILE, 36, 20)},
    ),
    Case(
        "evidence-with-the-span-of-its-claim",
        [
            (
                "edit",
                ESSAY_FILE,
                "quote: efforts to block a waiver of certain sections of the TRIPS Agreement",
                "quote: This has exposed a real weakness in the multilateralism system",
            )
        ],
        {("evidence.same-span", ESSAY_FILE, 36, 16)},
        warnings={"evidence.same-span"},
    ),
    Case(
        "evidence-for-evidence",
        [("edit", ESSAY_FILE, "supports: [c1]", "supports: [c1, e1]")],
        {("ref.wrong-type", ESSAY_FILE, 36, 20)},
    ),
    Case(
        "evidence-for-unknown-claim",
        [("edit", ESSAY_FILE, "supports: [c1]", "supports: [c3]")],
        {("ref.unknown", ESSAY_FILE, 36, 16)},
    ),
    Case(
        "evidence-supports-and-challenges",
        [("edit", ESSAY_FILE, "supports: [c1]", "supports: [c1]\n    challenges: [c1]")],
        {("ref.contradictory", ESSAY_FILE, 37, 18)},
    ),
    Case(
        "duplicate-claim-id",
        [("edit", ESSAY_FILE, "  - id: c2\n", "  - id: c1\n")],
        {("id.duplicate", ESSAY_FILE, 24, 9)},
    ),
    Case(
        "evidence-id-of-a-claim",
        [("edit", ESSAY_FILE, "  - id: e1\n", "  - id: c2\n")],
        {("id.duplicate", ESSAY_FILE, 33, 9)},
    ),
    Case(
        "claim-links-an-entity-twice",
        [
            (
                "edit",
                ESSAY_FILE,
                "        stance: neutral\n",
                "        stance: neutral\n      - institution: wto\n        stance: rejects\n",
            )
        ],
        {("ref.duplicate-link", ESSAY_FILE, 24, 9)},
    ),
    Case(
        "same-mention-twice",
        [("edit", ESSAY_FILE, "claims:\n", "  - actor: philani-mthembu\n    quote: Philani Mthembu\nclaims:\n")],
        {("mention.duplicate", ESSAY_FILE, 17, 5)},
    ),
    # -- files -----------------------------------------------------------------------------
    Case(
        "file-name-mismatch",
        [("remove", BRIEF_FILE), ("write", "annotations/a/india.yaml", BRIEF_ANNOTATIONS)],
        {("file.path-mismatch", "annotations/a/india.yaml", 1, 11)},
    ),
    Case(
        "folder-mismatch",
        [("remove", BRIEF_FILE), ("write", f"annotations/b/{BRIEF}.yaml", BRIEF_ANNOTATIONS)],
        {("file.path-mismatch", f"annotations/b/{BRIEF}.yaml", 2, 12)},
    ),
    Case(
        "unknown-document",
        [
            ("remove", BRIEF_FILE),
            ("write", "annotations/a/india-us-2plus3.yaml", BRIEF_ANNOTATIONS.replace("plus2", "plus3")),
        ],
        {("ref.unknown-document", "annotations/a/india-us-2plus3.yaml", 1, 11)},
    ),
    Case(
        "two-files-for-one-document",
        [("write", f"annotations/a/{BRIEF}.json", '{"document": "india-us-2plus2", "annotator": "a"}')],
        {("file.duplicate", BRIEF_FILE, 1, 11)},
    ),
    Case(
        "stray-file",
        [("write", "annotations/a/notes.txt", "my notes")],
        {("file.ignored", "annotations/a/notes.txt", 0, 0)},
        warnings={"file.ignored"},
    ),
    # -- spans in pieces -------------------------------------------------------------------
    Case(
        "pieces-out-of-order",
        [
            (
                "edit",
                ESSAY_FILE,
                "      - quote: Developing countries have consistently argued that they have limited policy\n"
                "      - quote: space when it comes to issues such as trade and development\n",
                "      - quote: space when it comes to issues such as trade and development\n"
                "      - quote: Developing countries have consistently argued that they have limited policy\n",
            )
        ],
        {("anchor.pieces-order", ESSAY_FILE, 27, 16)},
    ),
    Case(
        "pieces-overlap",
        [
            (
                "edit",
                ESSAY_FILE,
                "      - quote: space when it comes to issues such as trade and development\n",
                "      - quote: consistently argued that they have limited policy\n",
            )
        ],
        {("anchor.pieces-overlap", ESSAY_FILE, 27, 16)},
    ),
    Case(
        "selector-beside-pieces",
        [("edit", ESSAY_FILE, "    pieces:\n", "    occurrence: 1\n    pieces:\n")],
        {("anchor.misplaced-selector", ESSAY_FILE, 25, 5)},
    ),
    Case(
        "unmentioned-entity",
        [("edit", ESSAY_FILE, "  - actor: philani-mthembu\n    quote: Philani Mthembu\n", "")],
        {("entity.unmentioned", REGISTRY_FILE, "id: philani-mthembu", 9)},
        warnings={"entity.unmentioned"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(corpus: CorpusDir, case: Case) -> None:
    apply(corpus, case.edits)
    report = corpus.check().report
    assert corpus.located(report.findings) == resolve(corpus, case.expected)
    for finding in report.findings:
        expected = Severity.WARNING if finding.code in case.warnings else Severity.ERROR
        assert finding.severity is expected, finding
    assert report.exit_code() == (1 if report.errors else 0)
    assert report.exit_code(strict=True) == (1 if report.findings else 0)


def test_the_fixture_corpus_is_clean(corpus: CorpusDir) -> None:
    checked = corpus.check()
    assert checked.report.findings == []
    assert checked.report.exit_code(strict=True) == 0
    assert checked.report.files_checked == 4
    assert sorted(checked.corpus.documents) == [BRIEF, "mthembu-multilateralism"]
    assert len(checked.corpus.entities) == 6
    assert len(checked.corpus.files) == 2
    for name in ("mthembu-multilateralism.txt", f"{BRIEF}.txt"):
        assert corpus.path(f"texts/{name}").read_bytes() == (TEXTS / name).read_bytes()
    # the catalog's first two entries, as written: the repository's catalog may hold more texts
    assert (TEXTS / "catalog.yaml").read_bytes().startswith(corpus.path("texts/catalog.yaml").read_bytes())


def test_did_you_mean_for_an_unknown_entity(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "actor: south-africa", "actor: south-afrika")
    (finding,) = [f for f in corpus.check().report.findings if f.code == "ref.unknown"]
    assert finding.hint is not None and "'south-africa'" in finding.hint


def test_did_you_mean_for_an_unknown_claim(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "supports: [c1]", "supports: [c11]")
    (finding,) = corpus.check().report.findings
    assert finding.code == "ref.unknown"
    assert finding.hint is not None and "'c1'" in finding.hint


def test_did_you_mean_for_an_unknown_document(corpus: CorpusDir) -> None:
    corpus.remove(BRIEF_FILE)
    corpus.write("annotations/a/india-us-2plus3.yaml", BRIEF_ANNOTATIONS.replace("plus2", "plus3"))
    (finding,) = corpus.check().report.findings
    assert finding.hint is not None and f"'{BRIEF}'" in finding.hint


def test_wrong_type_hint_names_the_right_type(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "  - institution: wto\n    quote", "  - actor: wto\n    quote")
    (finding,) = corpus.check().report.findings
    assert finding.hint is not None and "institution: wto" in finding.hint


def test_unmentioned_is_not_reported_when_checking_some_files(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "  - actor: philani-mthembu\n    quote: Philani Mthembu\n", "")
    assert corpus.check(ESSAY_FILE).report.findings == []


def test_unmentioned_is_not_reported_when_a_file_cannot_be_read(corpus: CorpusDir) -> None:
    corpus.write(BRIEF_FILE, "document: [unclosed\n")
    report = corpus.check().report
    assert {f.code for f in report.findings} == {"yaml.syntax"}


def test_one_broken_file_does_not_hide_the_problems_of_another(corpus: CorpusDir) -> None:
    corpus.write(BRIEF_FILE, "document: [unclosed\n")
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    corpus.edit(ESSAY_FILE, "actor: south-africa", "actor: south-afrika")
    assert {(f.code, f.path.name) for f in corpus.check().report.findings} == {
        ("yaml.syntax", f"{BRIEF}.yaml"),
        ("schema.enum", "mthembu-multilateralism.yaml"),
        ("ref.unknown", "mthembu-multilateralism.yaml"),
    }


def test_validate_returns_the_sorted_report_of_check(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    corpus.edit(BRIEF_FILE, "kind: descriptive", "kind: descriptiv")
    report = sscorpus.validate(corpus.root)
    assert report.findings == sscorpus.check(corpus.root).report.findings
    assert [f.path.name for f in report.sorted()] == [f"{BRIEF}.yaml", "mthembu-multilateralism.yaml"]


def test_findings_are_frozen_records(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    (finding,) = corpus.check().report.findings
    assert isinstance(finding.path, Path)
    with pytest.raises(AttributeError):
        finding.line = 3  # type: ignore[misc]
    assert finding.to_dict()["code"] == "schema.enum"


def test_check_finds_the_corpus_from_a_path(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.path("annotations/a"))
    assert sscorpus.check().report.files_checked == 4
    assert sscorpus.check(None, [Path(f"{BRIEF}.yaml")]).report.files_checked == 3


def test_no_corpus_is_a_setup_error(tmp_path: Path) -> None:
    with pytest.raises(sscorpus.SetupError):
        sscorpus.check(None, [tmp_path])


def test_a_path_outside_the_annotations_is_a_setup_error(corpus: CorpusDir) -> None:
    with pytest.raises(sscorpus.SetupError):
        corpus.check("schemas/claim.schema.json")


def test_annotation_files_with_windows_line_endings_are_fine(corpus: CorpusDir) -> None:
    lf = corpus.read(ESSAY_FILE)
    corpus.write(ESSAY_FILE, lf.replace("\n", "\r\n").encode())
    assert corpus.check().report.findings == []
    corpus.write(ESSAY_FILE, lf.replace("kind: evaluative", "kind: evalutive").replace("\n", "\r\n").encode())
    assert corpus.located(corpus.check().report.findings) == {("schema.enum", ESSAY_FILE, 20, 11)}
