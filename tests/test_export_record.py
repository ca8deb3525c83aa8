"""The export's record (``checksums.json``): ``export --check`` answers from
checksums when nothing changed, without validating, building or rendering,
and falls back to the full check, with today's answer, for anything else."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import BRIEF_FILE, ESSAY, ESSAY_FILE, CorpusDir
from sscorpus import exporting
from sscorpus.checks.validate import check
from sscorpus.cli import main
from sscorpus.dataset import checksums, publish
from sscorpus.dataset.dataset import build
from sscorpus.dataset.files import RECORD

Run = tuple[int, str]


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the validations of the exports' checks (the full path validates; the record's does not)."""
    calls: list[int] = []
    real: Callable[..., Any] = check  # what exporting.check is

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(exporting, "check", counted)
    return calls


Call = tuple[dict[str, Any], exporting.ExportResult]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """The calls of the library's export that the command makes (``cli.py``
    looks it up when it runs): the arguments, and the result the command
    reports."""
    calls: list[Call] = []
    real = exporting.export

    def recorded(root: Path | None = None, out: Path | None = None, **options: Any) -> exporting.ExportResult:
        result = real(root, out, **options)
        calls.append(({"root": root, "out": out, **options}, result))
        return result

    monkeypatch.setattr(exporting, "export", recorded)
    return calls


def run(root: Path, *args: str) -> Run:
    result = CliRunner().invoke(main, ["export", "--check", "--root", str(root), *args])
    return result.exit_code, result.output


def both_paths(corpus: CorpusDir, validations: list[int], *args: str) -> tuple[Run, Run]:
    """The check with the record in place, then without it (today's full check)."""
    with_record = run(corpus.root, *args)
    record = corpus.path(f"exports/{RECORD}")
    kept = record.read_bytes()
    record.unlink()
    before = len(validations)
    without = run(corpus.root, *args)
    assert len(validations) == before + 1  # without a record, the full check
    record.write_bytes(kept)
    return with_record, without


def _record(corpus: CorpusDir) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(corpus.read(f"exports/{RECORD}"))
    return loaded


def test_an_export_records_its_inputs_code_and_files(exported_corpus: CorpusDir) -> None:
    corpus = exported_corpus  # exported (every format) in another folder, as this one was
    out = corpus.root / "exports"
    earlier = (out / RECORD).read_bytes()
    result = exporting.export(corpus.root)
    assert result.ok and RECORD in result.written
    assert (out / RECORD).read_bytes() == earlier  # the same inputs: the same bytes, wherever the corpus is
    kept = _record(corpus)
    assert kept["inputs_sha256"] == build(check(corpus.root)).inputs_sha256  # the About sheet's value
    assert kept["code_sha256"] == checksums.code_checksum()
    assert kept["layer"] is None and kept["formats"] == list(exporting.format_names())
    assert sorted(kept["files"]) == sorted(set(result.written) - {RECORD})
    assert kept["files"]["csv/claims.csv"] == checksums.file_checksum(out / "csv/claims.csv", "csv/claims.csv", False)
    with zipfile.ZipFile(out / "sscorpus.xlsx") as workbook:  # a zip: by its members
        assert sorted(kept["files"]["sscorpus.xlsx"]["members"]) == sorted(workbook.namelist())
    assert RECORD in (publish.export_files(out) or set())  # the export's own file


def test_a_current_export_is_checked_without_validating(exported_corpus: CorpusDir, validations: list[int]) -> None:
    validations.clear()
    fast, full = both_paths(exported_corpus, validations)
    assert validations == [1]  # only the run without the record validated
    assert fast == full and fast[0] == 0


def test_a_stale_export_gets_the_same_answer_with_and_without_the_record(
    exported_corpus: CorpusDir, validations: list[int]
) -> None:
    exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    validations.clear()
    fast, full = both_paths(exported_corpus, validations)
    assert validations == [1, 1]  # a changed input: the record's check fell back
    assert fast == full and fast[0] == 1
    assert "  csv/claims.csv" in fast[1].splitlines()


@pytest.mark.parametrize(
    "change",
    [
        "input",
        "new-file",
        "output",
        "zip-member",
        "missing-output",
        "no-record",
        "broken-record",
        "code",
        "schemas",
        "citation",
    ],
)
def test_anything_changed_falls_back_to_the_full_check(
    exported_corpus: CorpusDir,
    validations: list[int],
    answers: list[Call],
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    out = exported_corpus.root / "exports"
    if change == "input":
        exported_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    elif change == "new-file":  # an annotation file the record does not know
        exported_corpus.write(f"annotations/b/{ESSAY}.yaml", exported_corpus.read(ESSAY_FILE))
    elif change == "output":
        (out / "csv" / "claims.csv").write_bytes((out / "csv" / "claims.csv").read_bytes() + b"x\r\n")
    elif change == "zip-member":  # a part of the workbook edited: its bytes and a member differ
        _repack(out / "sscorpus.xlsx", "docProps/app.xml")
    elif change == "missing-output":
        (out / "networks" / "affiliation.gexf").unlink()
    elif change == "no-record":
        (out / RECORD).unlink()
    elif change == "broken-record":
        (out / RECORD).write_text("{", encoding="utf-8")
    elif change == "code":  # a change in a checkout, the version unchanged
        monkeypatch.setattr(checksums, "code_checksum", lambda: "0" * 64)
    elif change == "schemas":
        exported_corpus.write(
            "schemas/extra.schema.json", '{"$id": "https://sscorpus.invalid/schemas/extra.schema.json"}'
        )
    else:
        exported_corpus.write("CITATION.cff", "cff-version: 1.2.0\nmessage: cite it\ntitle: x\nauthors:\n  - name: X\n")
    validations.clear()
    code, output = run(exported_corpus.root)
    assert validations == [1]  # the record's check fell back: what the command reports is the full check's
    [(arguments, expected)] = answers  # today's answer: every format and layer, checked in full
    assert arguments["check_only"] and arguments["formats"] is None and arguments["layer"] is None
    assert code == (1 if expected.stale or expected.report.errors else 0)
    if expected.stale and not expected.report.errors:
        assert output.splitlines()[1:] == [f"  {name}" for name in expected.stale]
    if change in ("input", "citation", "output", "zip-member", "missing-output"):  # the descriptor cites
        assert code == 1


def test_a_record_of_other_formats_or_another_layer_falls_back(
    exported_corpus: CorpusDir, validations: list[int], answers: list[Call]
) -> None:
    validations.clear()
    assert run(exported_corpus.root, "--format", "tables") == run(exported_corpus.root)  # the tables are current too
    assert validations == [1]  # the record is of every format
    assert exporting.export(exported_corpus.root, formats=["tables"]).ok
    validations.clear()
    assert run(exported_corpus.root, "--format", "tables")[0] == 0
    code, output = run(exported_corpus.root)  # every format: the record is of the tables alone
    assert validations == [1] and code == 0, output
    validations.clear()
    answers.clear()
    code, _ = run(exported_corpus.root, "--layer", "a")  # another layer: the full check's answer
    assert validations == [1]
    [(arguments, expected)] = answers
    assert arguments["check_only"] and arguments["formats"] is None and arguments["layer"] == "a"
    assert code == (1 if expected.stale else 0)


def _repack(path: Path, edited: str | None = None) -> None:
    """Pack a zip's members again at another level (as another zlib would), ``edited`` changed."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            changed = data + b" " if info.filename == edited else data
            archive.writestr(info, changed, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


def test_a_repacked_zip_is_no_difference(exported_corpus: CorpusDir, validations: list[int]) -> None:
    for name in ("sscorpus.xlsx", "sscorpus-brat.zip"):
        path = exported_corpus.path(f"exports/{name}")
        before = path.read_bytes()
        _repack(path)
        assert path.read_bytes() != before
    validations.clear()
    assert run(exported_corpus.root)[0] == 0 and validations == []


def test_crlf_in_the_xml_and_json_files_is_no_difference(exported_corpus: CorpusDir, validations: list[int]) -> None:
    for name in ("datapackage.json", "networks/affiliation.graphml"):
        path = exported_corpus.path(f"exports/{name}")
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    validations.clear()
    assert run(exported_corpus.root)[0] == 0 and validations == []


def test_a_partial_export_replaces_the_record(exported_corpus: CorpusDir) -> None:
    result = exporting.export(exported_corpus.root, formats=["qdpx"])
    assert sorted(result.written) == sorted(["sscorpus.qdpx", RECORD])
    kept = _record(exported_corpus)
    assert kept["formats"] == ["qdpx"] and list(kept["files"]) == ["sscorpus.qdpx"]
    assert exporting.export(exported_corpus.root, check_only=True).stale == []  # the record is never a stale file


def test_an_unknown_format_or_layer_is_refused_as_before(exported_corpus: CorpusDir) -> None:
    assert run(exported_corpus.root, "--format", "nope")[0] == 2
    assert run(exported_corpus.root, "--layer", "nobody")[0] == 2
    exported_corpus.remove(BRIEF_FILE)
    assert run(exported_corpus.root)[0] == 1
