"""The round trip of every interchange format: export a corpus in the
format, import each layer back into a copy of the corpus without that
layer's files, and the copy validates and its CSV tables equal the
original's in every column the format holds (``Format.loses`` names those
it does not). Run on the small corpus of the tests and on a copy of the
repository's corpus, whatever it holds; a JSON format of the tests' own
(``interchange_toy.py``) proves the harness before the real formats run."""

from __future__ import annotations

import copy
import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

import sscorpus
from built import digest
from conftest import REPO, build_corpus
from interchange_toy import TOY
from sscorpus import Checked
from sscorpus.dataset.dataset import build
from sscorpus.dataset.formats import write_csv
from sscorpus.dataset.tables import TABLES
from sscorpus.dataset.value import Dataset
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


#: a CSV table of an export: its header and its rows
Table = tuple[list[str], list[list[str]]]


def _csv_tables(dataset: Dataset, out: Path) -> dict[str, Table]:
    """Each CSV table of the dataset's export, written into ``out`` as the
    export writes its CSV files (the other files of an export, Parquet, the
    workbook and the graphs, hold the same tables and take most of its time)."""
    out.mkdir()
    tables = {}
    for name in dataset.tables:
        path = out / f"{name}.csv"
        write_csv(dataset.columns(name), TABLES[name], path)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        tables[name] = (rows[0], rows[1:])
    return tables


def _kept(tables: dict[str, Table], loses: frozenset[str]) -> dict[str, list[tuple[str, ...]]]:
    """Each table as sorted rows of the columns the format holds."""
    kept_tables = {}
    for name, (header, body) in tables.items():
        kept = [i for i, column in enumerate(header) if f"{name}.{column}" not in loses | PLACES]
        if kept:  # a table the format loses whole is not compared
            kept_tables[name] = sorted(tuple(row[i] for i in kept) for row in body)
    return kept_tables


@dataclass
class Original:
    """A corpus to round-trip, as validated, built and exported once for
    every format (none of them changes it: each import goes into a copy)."""

    root: Path
    checked: Checked
    dataset: Dataset
    tables: dict[str, Table]
    #: the tables of each copy with a layer imported back, by the digest of the copy's files:
    #: formats whose imports give the same bytes (qdpx, xmi and brat do, layer by layer) have
    #: the same corpus, validated and built once
    copies: dict[str, dict[str, Table]] = field(default_factory=dict)


def _copy_tables(original: Original, copied: Path, out: Path) -> dict[str, Table]:
    """The CSV tables of a copy of the original, which must validate."""
    key = digest(copied)
    if key not in original.copies:
        checked = sscorpus.check(copied)
        assert not checked.report.errors, [str(f) for f in checked.report.errors]
        original.copies[key] = _csv_tables(build(checked, None), out)
    return original.copies[key]


def _original(root: Path) -> Original:
    checked = sscorpus.check(root)
    assert not checked.report.errors
    dataset = build(checked, None)
    return Original(root, checked, dataset, _csv_tables(dataset, root.parent / f"{root.name}-tables"))


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Original]:
    """Each kind of corpus, made when a test first asks for it."""
    made: dict[str, Original] = {}

    def original(kind: str) -> Original:
        if kind not in made:
            made[kind] = _original(_corpus(kind, tmp_path_factory.mktemp(kind) / "original"))
        return made[kind]

    return original


def _round_trip(format_: Format, original: Original, tmp_path: Path) -> dict[str, list[str]]:
    """Export the original in the format, import each layer back into a copy
    without it: for each layer, the tables that differ from the original's."""
    root, checked = original.root, original.checked
    tmp_path.mkdir(exist_ok=True)
    exported = tmp_path / format_.file_name
    assert format_.write(original.dataset, exported) == []
    # read once: an import takes what it needs of the project and changes none of it
    project = format_.read(exported)
    unchanged = copy.deepcopy(project)
    expected_tables = _kept(original.tables, format_.loses)
    layers = sorted({f.annotator for f in checked.corpus.files})
    assert layers
    differ = {}
    for layer in layers:
        copied = tmp_path / f"copy-{layer}"
        shutil.copytree(root, copied, ignore=shutil.ignore_patterns(".sscorpus-*"))
        shutil.rmtree(copied / "annotations" / layer)
        result = import_project(copied, project, layer, schemas=checked.schemas)
        assert project == unchanged
        assert not result.report.findings, [str(f) for f in result.report.findings]
        expected = sorted(f.path.name for f in checked.corpus.files if f.annotator == layer)
        assert sorted(p.name for p in result.written) == expected
        tables = _kept(_copy_tables(original, copied, tmp_path / f"tables-{layer}"), format_.loses)
        differ[layer] = sorted(name for name in expected_tables if tables.get(name) != expected_tables[name])
    return differ


@pytest.mark.parametrize("kind", CORPORA)
@pytest.mark.parametrize("format_", [TOY, *FORMATS.values()], ids=lambda f: f.name)
def test_export_then_import_gives_back_every_layer(
    format_: Format, kind: str, originals: Callable[[str], Original], tmp_path: Path
) -> None:
    differ = _round_trip(format_, originals(kind), tmp_path)
    assert differ and all(tables == [] for tables in differ.values()), differ


def _without_about(path: Path) -> ForeignProject:
    """The toy format read by a reader that forgets the about links."""
    project = TOY.read(path)
    project.relations = [r for r in project.relations if not r.code.startswith("about/")]
    return project


def test_the_round_trip_fails_a_format_that_loses_a_value_it_does_not_declare(
    originals: Callable[[str], Original], tmp_path: Path
) -> None:
    original = originals("tests")
    lossy = replace(TOY, read=_without_about)
    # the about links, and every network made of them
    networks = sorted(name for name in TABLES if name.startswith("network_"))
    differ = _round_trip(lossy, original, tmp_path / "undeclared")
    assert sorted(differ) == ["a"]
    assert set(differ["a"]) - set(networks) == {"claims", "institutions", "layer_counts", "links", "principles"}
    about = {f"{table}.claims_about" for table in ("actors", "institutions", "principles")}
    links = {f"links.{c.name}" for c in TABLES["links"].columns}
    derived = {f"{name}.{c.name}" for name in networks for c in TABLES[name].columns}
    declared = replace(lossy, loses=frozenset({"claims.about", "layer_counts.links", *about, *links, *derived}))
    assert _round_trip(declared, original, tmp_path / "declared") == {"a": []}


def test_every_format_declares_what_it_loses_as_columns_of_the_tables() -> None:
    columns = {f"{t.name}.{c.name}" for t in TABLES.values() for c in t.columns}
    for format_ in [TOY, *FORMATS.values()]:
        assert format_.loses <= columns, format_.name
    assert columns >= PLACES
