"""The round trip of every interchange format: export a corpus in the
format, import each layer back into a copy of the corpus without that
layer's files, and the copy validates and its CSV tables equal the
original's in every column the format holds (``Format.loses`` names those
it does not). Run on the small corpus of the tests and on a copy of the
repository's corpus, whatever it holds; a JSON format of the tests' own
(``interchange_toy.py``) proves the harness before the real formats run."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import sscorpus
from conftest import REPO, build_corpus
from interchange_toy import TOY
from sscorpus.dataset.dataset import build
from sscorpus.dataset.tables import TABLES
from sscorpus.exporting import export
from sscorpus.interchange.foreign import ForeignProject
from sscorpus.interchange.format import Format
from sscorpus.interchange.formats import FORMATS
from sscorpus.interchange.importing import import_project

#: columns that say where a value stands in the annotation files, which an
#: import lays out anew: no format holds them
PLACES = frozenset({"disagreements.where_1", "disagreements.where_2"})

CORPORA = ("tests", "repository")


def _corpus(kind: str, root: Path) -> Path:
    if kind == "tests":
        return build_corpus(root).root
    root.mkdir(parents=True)
    for name in ("texts", "schemas", "annotations"):
        shutil.copytree(REPO / name, root / name)
    for extra in ("CITATION.cff",):
        if (REPO / extra).is_file():
            shutil.copyfile(REPO / extra, root / extra)
    return root


def _tables(root: Path, out: Path, loses: frozenset[str]) -> dict[str, list[tuple[str, ...]]]:
    """Each CSV table of the corpus's export as sorted rows of the columns
    the format holds."""
    result = export(root, out, formats=["tables"])
    assert result.ok, [str(f) for f in result.report.errors]
    tables = {}
    for path in sorted((out / "csv").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        kept = [i for i, column in enumerate(header) if f"{path.stem}.{column}" not in loses | PLACES]
        if kept:  # a table the format loses whole is not compared
            tables[path.stem] = sorted(tuple(row[i] for i in kept) for row in body)
    return tables


def _round_trip(format_: Format, root: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Export ``root`` in the format, import each layer back into a copy
    without it: for each layer, the tables that differ from the original's."""
    checked = sscorpus.check(root)
    assert not checked.report.errors
    tmp_path.mkdir(exist_ok=True)
    exported = tmp_path / format_.file_name
    assert format_.write(build(checked, None), exported) == []
    original = _tables(root, tmp_path / "original-tables", format_.loses)
    layers = sorted({f.annotator for f in checked.corpus.files})
    assert layers
    differ = {}
    for layer in layers:
        copy = tmp_path / f"copy-{layer}"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".sscorpus-*"))
        shutil.rmtree(copy / "annotations" / layer)
        result = import_project(copy, format_.read(exported), layer, schemas=checked.schemas)
        assert not result.report.findings, [str(f) for f in result.report.findings]
        expected = sorted(f.path.name for f in checked.corpus.files if f.annotator == layer)
        assert sorted(p.name for p in result.written) == expected
        assert not sscorpus.check(copy).report.errors
        tables = _tables(copy, tmp_path / f"tables-{layer}", format_.loses)
        differ[layer] = sorted(name for name in original if tables.get(name) != original[name])
    return differ


@pytest.mark.parametrize("kind", CORPORA)
@pytest.mark.parametrize("format_", [TOY, *FORMATS.values()], ids=lambda f: f.name)
def test_export_then_import_gives_back_every_layer(format_: Format, kind: str, tmp_path: Path) -> None:
    differ = _round_trip(format_, _corpus(kind, tmp_path / "original"), tmp_path)
    assert differ and all(tables == [] for tables in differ.values()), differ


def _without_about(path: Path) -> ForeignProject:
    """The toy format read by a reader that forgets the about links."""
    project = TOY.read(path)
    project.relations = [r for r in project.relations if not r.code.startswith("about/")]
    return project


def test_the_round_trip_fails_a_format_that_loses_a_value_it_does_not_declare(tmp_path: Path) -> None:
    root = _corpus("tests", tmp_path / "original")
    lossy = replace(TOY, read=_without_about)
    # the about links, and every network made of them
    networks = sorted(name for name in TABLES if name.startswith("network_"))
    differ = _round_trip(lossy, root, tmp_path / "undeclared")
    assert sorted(differ) == ["a"]
    assert set(differ["a"]) - set(networks) == {"claims", "institutions", "layer_counts", "links", "principles"}
    about = {f"{table}.claims_about" for table in ("actors", "institutions", "principles")}
    links = {f"links.{c.name}" for c in TABLES["links"].columns}
    derived = {f"{name}.{c.name}" for name in networks for c in TABLES[name].columns}
    declared = replace(lossy, loses=frozenset({"claims.about", "layer_counts.links", *about, *links, *derived}))
    assert _round_trip(declared, root, tmp_path / "declared") == {"a": []}


def test_every_format_declares_what_it_loses_as_columns_of_the_tables() -> None:
    columns = {f"{t.name}.{c.name}" for t in TABLES.values() for c in t.columns}
    for format_ in [TOY, *FORMATS.values()]:
        assert format_.loses <= columns, format_.name
    assert columns >= PLACES
