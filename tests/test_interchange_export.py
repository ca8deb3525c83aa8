"""``sscorpus export --format``: the tables and every interchange format,
from a validated corpus only, all or nothing, the same bytes; an export of
some formats replaces only their files; ``--check`` compares zip members;
the site's downloads list every format. The formats here are the tests'
own (``interchange_toy.py``), put in ``FORMATS`` for each test."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sscorpus
from conftest import ESSAY_FILE, CorpusDir
from interchange_toy import TOY
from interchange_toy import write as write_toy
from sscorpus.cli import main
from sscorpus.corpus.model import Location
from sscorpus.dataset.dataset import build
from sscorpus.dataset.files import RECORD
from sscorpus.dataset.value import Dataset
from sscorpus.exporting import export
from sscorpus.findings import Finding, SetupError
from sscorpus.interchange import formats
from sscorpus.interchange.archive import write_zip
from sscorpus.interchange.format import Format
from sscorpus.site.build import _size, build_site


def _write_zipped(dataset: Dataset, path: Path) -> list[Finding]:
    inner = path.with_suffix(".json")
    write_toy(dataset, inner)
    write_zip(path, [("toy.json", inner.read_bytes()), ("mimetype", b"application/x-toy")])
    inner.unlink()
    return []


ZIPPED = Format("zipped", "the toy dump in a zip", "sscorpus-zipped.zip", "application/zip", _write_zipped, TOY.read)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(formats.FORMATS, TOY.name, TOY)
    monkeypatch.setitem(formats.FORMATS, ZIPPED.name, ZIPPED)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_export_holds_the_tables_and_every_format(corpus: CorpusDir, toy: None, tmp_path: Path) -> None:
    result = export(corpus.root)
    assert result.ok
    out = corpus.root / "exports"
    assert {"sscorpus-toy.json", "sscorpus-zipped.zip", "sscorpus.xlsx", "datapackage.json"} <= set(result.written)
    # the format's file is what the format writes of the dataset, byte for byte
    TOY.write(build(sscorpus.check(corpus.root), None), tmp_path / "toy.json")
    assert (out / "sscorpus-toy.json").read_bytes() == (tmp_path / "toy.json").read_bytes()
    before = _snapshot(out)
    assert export(corpus.root).ok
    assert _snapshot(out) == before  # the same bytes


def test_an_export_of_some_formats_replaces_only_their_files(corpus: CorpusDir, toy: None) -> None:
    out = corpus.root / "exports"
    assert export(corpus.root).ok
    first = _snapshot(out)
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: causal")
    assert export(corpus.root, formats=["toy"]).written == ["sscorpus-toy.json", RECORD]
    second = _snapshot(out)
    assert second["sscorpus-toy.json"] != first["sscorpus-toy.json"]
    assert {k: v for k, v in second.items() if k not in ("sscorpus-toy.json", RECORD)} == {
        k: v for k, v in first.items() if k not in ("sscorpus-toy.json", RECORD)
    }
    assert export(corpus.root, formats=["tables"]).ok
    third = _snapshot(out)
    assert third["sscorpus-toy.json"] == second["sscorpus-toy.json"]
    assert third["sscorpus-zipped.zip"] == first["sscorpus-zipped.zip"]  # left as it was: not exported
    assert third["csv/claims.csv"] != first["csv/claims.csv"]
    # --check of the tables alone: current; of everything: the other formats' files are stale
    assert export(corpus.root, check_only=True, formats=["tables", "toy"]).stale == []
    others = {f.file_name for f in formats.FORMATS.values() if f.name != "toy"}
    assert "sscorpus-zipped.zip" in others
    assert sorted(export(corpus.root, check_only=True).stale) == sorted(others)


def test_a_folder_holding_only_a_formats_file_is_an_export(corpus: CorpusDir, toy: None, tmp_path: Path) -> None:
    out = tmp_path / "qda"
    assert export(corpus.root, out, formats=["zipped"]).written == ["sscorpus-zipped.zip", RECORD]
    assert sorted(_snapshot(out)) == [RECORD, "sscorpus-zipped.zip"]
    assert export(corpus.root, out, formats=["zipped"]).ok  # not refused as a folder of someone else's
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SetupError):
        export(corpus.root, tmp_path / "other", formats=["zipped"])


def test_check_compares_the_members_of_a_formats_zip(corpus: CorpusDir, toy: None) -> None:
    out = corpus.root / "exports"
    assert export(corpus.root).ok
    path = out / "sscorpus-zipped.zip"
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in members:  # the same members, packed by another zlib setting
            archive.writestr(name, data)
    assert export(corpus.root, check_only=True).stale == []
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(name, data + b" " if name == "toy.json" else data)
    assert export(corpus.root, check_only=True).stale == ["sscorpus-zipped.zip"]


def test_a_formats_finding_stops_the_whole_export(
    corpus: CorpusDir, toy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(dataset: Dataset, path: Path) -> list[Finding]:
        path.write_bytes(b"half")
        where = Location(corpus.path(ESSAY_FILE), 3, 5)
        return [where.finding(sscorpus.codes.EXPORT_CSV_TEXT, "a value the format cannot hold")]

    monkeypatch.setitem(formats.FORMATS, "refusing", Format("refusing", "t", "refusing.bin", "x", refuse, TOY.read))
    result = export(corpus.root)
    assert [(f.code, f.line, f.column) for f in result.report.errors] == [("export.csv-text", 3, 5)]
    assert not (corpus.root / "exports").exists()


def test_the_command_takes_formats_and_still_the_findings_format(corpus: CorpusDir, toy: None) -> None:
    runner = CliRunner()
    root = ["--root", str(corpus.root)]
    unknown = runner.invoke(main, ["export", *root, "--format", "nope"])
    assert unknown.exit_code == 2 and "tables" in unknown.stderr
    assert runner.invoke(main, ["export", *root, "--format", "toy", "--format", "tables"]).exit_code == 0
    assert sorted(p.name for p in (corpus.root / "exports").iterdir() if p.is_file()) == [
        RECORD,
        "datapackage.json",
        "sscorpus-toy.json",
        "sscorpus.xlsx",
    ]
    corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    failed = runner.invoke(main, ["export", *root, "--format", "json", "--format", "toy"])
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["findings"][0]["code"] == "schema.enum"


def test_the_sites_downloads_list_every_format_with_its_size(corpus: CorpusDir, toy: None, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build_site(corpus.root, out).report.errors
    home = (out / "index.html").read_text(encoding="utf-8")
    for format_ in (TOY, ZIPPED):
        size = (out / "downloads" / format_.file_name).stat().st_size
        assert size > 0
        row = re.search(rf'<tr><td><a href="downloads/{re.escape(format_.file_name)}".*?</tr>', home)
        assert row is not None, format_.file_name
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
        assert cells[1:] == [_size(size), format_.title]
