"""The discourse networks: computed by hand on a small corpus and compared,
written as GraphML, GEXF and CSV and read back by other programs, the same
bytes twice, and the command that writes every slice."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import igraph  # a second reader of the GraphML files, as R's igraph users read them (test extra)
import networkx as nx
import openpyxl
import pytest
import xmlschema  # the GEXF files against the GEXF 1.3 schema (test extra)
from click.testing import CliRunner
from frictionless import validate

from built import digest
from conftest import (
    BRIEF,
    BRIEF_ANNOTATIONS,
    BRIEF_FILE,
    CATALOG_FILE,
    ESSAY,
    ESSAY_FILE,
    ESSAY_HEAD,
    ESSAY_MENTIONS,
    CorpusDir,
)
from sscorpus.cli import main
from sscorpus.dataset import graphs
from sscorpus.dataset.dataset import build
from sscorpus.dataset.files import GRAPH_FILES, NETWORK_DIR
from sscorpus.dataset.network_export import MANIFEST, write_networks
from sscorpus.dataset.networks import NETWORKS, Networks, networks
from sscorpus.dataset.tables import TABLES
from sscorpus.exporting import export
from sscorpus.findings import SetupError

GEXF_SCHEMA = Path(__file__).parent / "spec" / "gexf-1.3" / "gexf.xsd"


@functools.cache
def gexf_schema() -> xmlschema.XMLSchema:
    """The GEXF 1.3 schema, compiled once per process (a tenth of a second)."""
    return xmlschema.XMLSchema(GEXF_SCHEMA)


#: the graph files, the network tables and the workbook are the tables' part of an export
TABLES_ONLY = ["tables"]

# Three speakers (philani-mthembu P, the essay's default; south-africa S; india-mea I, the
# brief's default) and four targets (wto, policy-space, diffuse-reciprocity, south-africa).
ESSAY_CLAIMS = """\
claims:
  - id: c1
    quote: This has exposed a real weakness in the multilateralism system
    kind: evaluative
    about:
      - institution: wto
        stance: endorses
      - principle: policy-space
        stance: endorses
  - id: c2
    quote: This brings to mind important questions about reciprocity in international cooperation
    speaker: south-africa
    kind: descriptive
    about:
      - institution: wto
        stance: endorses
      - principle: diffuse-reciprocity
        stance: rejects
  - id: c3
    quote: The world is now witnessing a rising lack of trust among the nations
    speaker: india-mea
    kind: descriptive
    about:
      - institution: wto
        stance: rejects
      - principle: policy-space
        stance: endorses
      - actor: south-africa
        stance: neutral
  - id: c4
    quote: This will be important in order to avoid a fragmented global order
    kind: prescriptive
    about:
      - principle: diffuse-reciprocity
        stance: endorses
  - id: c5
    quote: What will be an important pillar is the idea of mutual respect
    speaker: south-africa
    kind: prescriptive
    about:
      - principle: policy-space
        stance: endorses
"""

BRIEF_CLAIMS = (
    BRIEF_ANNOTATIONS
    + """\
    about:
      - principle: diffuse-reciprocity
        stance: endorses
      - institution: wto
        stance: rejects
"""
)


@pytest.fixture
def small(corpus: CorpusDir) -> CorpusDir:
    """The conftest corpus with the claims above; the essay dated May 2021, the brief undated."""
    corpus.write(ESSAY_FILE, ESSAY_HEAD + ESSAY_MENTIONS + ESSAY_CLAIMS)
    corpus.write(BRIEF_FILE, BRIEF_CLAIMS)
    corpus.edit(CATALOG_FILE, "    kind: essay\n", '    kind: essay\n    date: "2021-05"\n')
    return corpus


#: the networks of each corpus folder the tests build, by what its files hold and the layer: most
#: tests read the ``small`` corpus as the fixture writes it, validated and built once
_BUILT: dict[tuple[str, str | None], Networks] = {}


def _networks(corpus: CorpusDir, layer: str | None = None) -> Networks:
    key = (digest(corpus.root), layer)
    if key not in _BUILT:
        checked = corpus.check()
        assert not checked.report.errors, [f.message for f in checked.report.errors]
        _BUILT[key] = networks(build(checked, layer))
    return _BUILT[key]


def _edges(found: Networks, network: str, scope: str = "corpus", scope_id: str = "corpus") -> dict[Any, Any]:
    graph = found.graph(network, scope, scope_id)  # type: ignore[arg-type]
    return {(u, v): data for u, v, data in graph.edges(data=True)}


# -- by hand -------------------------------------------------------------------------------


def test_affiliation_by_hand(small: CorpusDir) -> None:
    found = _networks(small)
    stance = {
        (u, v): (d["endorses"], d["rejects"], d["neutral"], d["net"], d["weight"])
        for (u, v), d in _edges(found, "affiliation").items()
    }
    # P: wto E (c1), policy-space E (c1), diffuse-reciprocity E (c4)
    # S: wto E (c2), diffuse-reciprocity R (c2), policy-space E (c5)
    # I: wto R (c3), policy-space E (c3), south-africa N (c3); diffuse-reciprocity E, wto R (b1)
    assert stance == {
        ("philani-mthembu", "wto"): (1, 0, 0, 1, 1),
        ("philani-mthembu", "policy-space"): (1, 0, 0, 1, 1),
        ("philani-mthembu", "diffuse-reciprocity"): (1, 0, 0, 1, 1),
        ("south-africa", "wto"): (1, 0, 0, 1, 1),
        ("south-africa", "diffuse-reciprocity"): (0, 1, 0, -1, 1),
        ("south-africa", "policy-space"): (1, 0, 0, 1, 1),
        ("india-mea", "wto"): (0, 2, 0, -2, 2),
        ("india-mea", "policy-space"): (1, 0, 0, 1, 1),
        ("india-mea", "south-africa"): (0, 0, 1, 0, 1),
        ("india-mea", "diffuse-reciprocity"): (1, 0, 0, 1, 1),
    }
    assert found.affiliation.is_directed()
    # the essay alone: b1 is the brief's
    essay = _edges(found, "affiliation", "document", ESSAY)
    assert essay[("india-mea", "wto")]["rejects"] == 1 and ("india-mea", "diffuse-reciprocity") not in essay


def _one_mode(found: Networks, network: str, scope: str = "corpus", scope_id: str = "corpus") -> dict[Any, Any]:
    return {
        frozenset((u, v)): (d["count"], d["weight"]) for (u, v), d in _edges(found, network, scope, scope_id).items()
    }


MTHEMBU, SA, MEA = "philani-mthembu", "south-africa", "india-mea"


def test_congruence_and_conflict_by_hand(small: CorpusDir) -> None:
    found = _networks(small)
    # links with a side: P 3, S 3, I 4 (the neutral one takes none); weight = count / mean activity
    assert _one_mode(found, "congruence") == {
        frozenset((MTHEMBU, SA)): (2, round(2 / 3, 6)),  # wto E E, policy-space E E
        frozenset((MTHEMBU, MEA)): (2, round(2 / 3.5, 6)),  # policy-space E E, diffuse-reciprocity E E
        frozenset((MEA, SA)): (1, round(1 / 3.5, 6)),  # policy-space E E
    }
    assert _one_mode(found, "conflict") == {
        frozenset((MTHEMBU, SA)): (1, round(1 / 3, 6)),  # diffuse-reciprocity E R
        frozenset((MTHEMBU, MEA)): (2, round(2 / 3.5, 6)),  # wto: P's one E times I's two R
        frozenset((MEA, SA)): (3, round(3 / 3.5, 6)),  # wto 2 x 1, diffuse-reciprocity 1 x 1
    }
    # the essay alone: I has 2 links with a side there (wto R, policy-space E)
    assert _one_mode(found, "congruence", "document", ESSAY) == {
        frozenset((MTHEMBU, SA)): (2, round(2 / 3, 6)),
        frozenset((MTHEMBU, MEA)): (1, round(1 / 2.5, 6)),
        frozenset((MEA, SA)): (1, round(1 / 2.5, 6)),
    }
    assert _one_mode(found, "conflict", "document", ESSAY) == {
        frozenset((MTHEMBU, SA)): (1, round(1 / 3, 6)),
        frozenset((MTHEMBU, MEA)): (1, round(1 / 2.5, 6)),
        frozenset((MEA, SA)): (1, round(1 / 2.5, 6)),
    }
    # the brief has one speaker: a node, no tie
    brief = found.graph("congruence", "document", BRIEF)
    assert list(brief.nodes) == [MEA] and brief.number_of_edges() == 0
    assert found.congruence.graph["normalisation"] == "average"


def test_cooccurrence_by_hand(small: CorpusDir) -> None:
    found = _networks(small)
    claims = {frozenset((u, v)): d["claims"] for (u, v), d in _edges(found, "cooccurrence").items()}
    # c1 wto+policy-space; c2 wto+diffuse-reciprocity; c3 wto+policy-space+south-africa; b1 diffuse-reciprocity+wto
    assert claims == {
        frozenset(("policy-space", "wto")): 2,
        frozenset(("diffuse-reciprocity", "wto")): 2,
        frozenset(("policy-space", "south-africa")): 1,
        frozenset(("south-africa", "wto")): 1,
    }


def test_windows_hold_the_dated_documents_and_the_undated_are_named(small: CorpusDir) -> None:
    found = _networks(small)
    assert found.slices("window") == ["2021"]
    assert found.undated == (BRIEF,)
    assert _one_mode(found, "conflict", "window", "2021") == _one_mode(found, "conflict", "document", ESSAY)
    checked = small.check()
    monthly = networks(build(checked), "month")
    assert monthly.slices("window") == ["2021-05"] and monthly.undated == (BRIEF,)
    small.edit(CATALOG_FILE, 'date: "2021-05"', 'date: "2021"')  # a year names no month
    assert networks(build(small.check()), "month").undated == (BRIEF, ESSAY)


def test_nodes_carry_the_registry_fields(small: CorpusDir) -> None:
    found = _networks(small)
    node = found.affiliation.nodes["south-africa"]
    assert (node["type"], node["name"], node["label"], node["kind"], node["country"], node["region"]) == (
        "actor",
        "South Africa",
        "South Africa",
        "state",
        "ZA",
        "africa",
    )
    assert (node["claims_spoken"], node["claims_about"]) == (2, 1)
    assert found.cooccurrence.nodes["wto"]["type"] == "institution"
    assert "country" not in found.cooccurrence.nodes["wto"]  # a field the registry does not give is left out


def test_a_document_with_two_layers_and_no_gold_is_in_no_network_unless_one_is_chosen(small: CorpusDir) -> None:
    small.write(BRIEF_FILE.replace("/a/", "/b/"), BRIEF_CLAIMS.replace("annotator: a", "annotator: b"))
    found = _networks(small)
    assert found.uncounted == (BRIEF,)
    assert ("india-mea", "diffuse-reciprocity") not in _edges(found, "affiliation")
    chosen = _networks(small, layer="b")
    assert chosen.uncounted == () and ("india-mea", "diffuse-reciprocity") in _edges(chosen, "affiliation")
    # gold, where it exists, is the count layer
    small.write(BRIEF_FILE.replace("/a/", "/gold/"), BRIEF_CLAIMS.replace("annotator: a", "annotator: gold"))
    assert _networks(small).uncounted == ()


def test_the_affiliation_columns_are_the_codebook_stances(small: CorpusDir) -> None:
    schemas = small.check().schemas
    columns = TABLES["network_affiliation"].column_names
    assert columns[columns.index("target_type") + 1 : columns.index("net")] == schemas.stances()


def test_an_unknown_network_or_window_is_a_setup_error(small: CorpusDir) -> None:
    found = _networks(small)
    with pytest.raises(SetupError):
        found.graph("influence")  # type: ignore[arg-type]
    with pytest.raises(SetupError):
        write_networks(small.root / "out", small.root, window="week")


# -- the files ---------------------------------------------------------------------------------


def _graph_data(graph: Any) -> tuple[set[str], dict[frozenset[str], float]]:
    """Nodes and edge weights of a networkx graph (undirected pairs as sets)."""
    return set(graph.nodes), {frozenset((u, v)): float(d["weight"]) for u, v, d in graph.edges(data=True)}


def _igraph_data(graph: igraph.Graph) -> tuple[set[str], dict[frozenset[str], float]]:
    ids = graph.vs["id"]
    return set(ids), {frozenset((ids[e.source], ids[e.target])): float(e["weight"]) for e in graph.es}


def test_graphml_and_gexf_read_back_with_networkx_and_igraph_alike(small: CorpusDir) -> None:
    assert export(small.root, formats=TABLES_ONLY).ok
    found = _networks(small)
    out = small.root / "exports"
    schema = gexf_schema()
    for network in NETWORKS:
        expected = _graph_data(found.graph(network))
        graphml = out / NETWORK_DIR / f"{network}.graphml"
        gexf = out / NETWORK_DIR / f"{network}.gexf"
        assert expected[1], network  # the small corpus has edges in every network
        assert _graph_data(nx.read_graphml(graphml)) == expected
        assert _graph_data(nx.read_gexf(gexf, version="1.3")) == expected
        # python-igraph reads GraphML (it has no GEXF reader)
        assert _igraph_data(igraph.Graph.Read_GraphML(str(graphml))) == expected
        assert nx.read_graphml(graphml).is_directed() == (network == "affiliation")
        schema.validate(str(gexf))
    # the node attributes travel too
    node = nx.read_gexf(out / NETWORK_DIR / "affiliation.gexf", version="1.3").nodes["south-africa"]
    assert (node["label"], node["country"], node["type"]) == ("South Africa", "ZA", "actor")


def test_the_graph_files_are_the_same_bytes_twice_and_export_check_knows_them(small: CorpusDir, tmp_path: Path) -> None:
    assert export(small.root, tmp_path / "one", formats=TABLES_ONLY).ok
    assert export(small.root, tmp_path / "two", formats=TABLES_ONLY).ok
    for name in GRAPH_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    gexf = (tmp_path / "one" / GRAPH_FILES[1]).read_bytes()
    assert b"lastmodifieddate" not in gexf and b"NetworkX" not in gexf
    assert export(small.root, tmp_path / "one", check_only=True, formats=TABLES_ONLY).stale == []
    changed = tmp_path / "one" / NETWORK_DIR / "congruence.graphml"
    changed.write_bytes(changed.read_bytes().replace(b"0.666667", b"0.7"))
    (tmp_path / "one" / NETWORK_DIR / "conflict.gexf").unlink()
    stale = export(small.root, tmp_path / "one", check_only=True, formats=TABLES_ONLY).stale
    assert set(stale) == {f"{NETWORK_DIR}/congruence.graphml", f"{NETWORK_DIR}/conflict.gexf"}
    # a clone with CRLF line ends holds the same XML
    crlf = tmp_path / "two" / NETWORK_DIR / "cooccurrence.gexf"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    assert export(small.root, tmp_path / "two", check_only=True, formats=TABLES_ONLY).stale == []


def test_the_network_tables_are_in_the_data_package_and_the_workbook(small: CorpusDir) -> None:
    assert export(small.root, formats=TABLES_ONLY).ok
    out = small.root / "exports"
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    tables = ["network_nodes", "network_affiliation", "network_congruence", "network_conflict", "network_cooccurrence"]
    assert set(tables) <= set(names)
    congruence = next(r for r in package["resources"] if r["name"] == "network_congruence")
    keys = congruence["schema"]["foreignKeys"]
    assert {(k["fields"][0], k["reference"]["resource"]) for k in keys} == {("source", "actors"), ("target", "actors")}
    book = openpyxl.load_workbook(out / "sscorpus.xlsx", read_only=True)
    assert set(tables) <= set(book.sheetnames)
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert {f"Sheet: {name}" for name in tables} <= set(about)
    assert str(about["Networks"]).endswith(f"1 counted documents have no date and are in no year: {BRIEF}.")
    rows = list(book["network_conflict"].iter_rows(values_only=True))
    header = list(rows[0])
    found = {
        (r[header.index("scope")], r[header.index("source")], r[header.index("target")]): r[header.index("count")]
        for r in rows[1:]
    }
    assert found[("corpus", MEA, SA)] == 3


# -- the command ---------------------------------------------------------------------------------


def test_the_networks_command_writes_every_slice(small: CorpusDir, tmp_path: Path) -> None:
    out = tmp_path / "networks"
    result = CliRunner().invoke(main, ["networks", "--root", str(small.root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert BRIEF in result.output  # the undated document is named
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["undated"] == [BRIEF] and manifest["normalisation"]["name"] == "average"
    for slice_ in ("corpus/corpus", f"document/{ESSAY}", f"document/{BRIEF}", "window/2021"):
        for network in NETWORKS:
            for extension in ("graphml", "gexf"):
                assert f"{slice_}/{network}.{extension}" in manifest["files"]
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == set(manifest["files"])
    first = {name: (out / name).read_bytes() for name in manifest["files"]}
    conflict = nx.read_graphml(out / "window" / "2021" / "conflict.graphml")
    assert conflict[MEA][SA]["count"] == 1
    # again, one scope: the folder is replaced whole; the same bytes for the same slices
    result = CliRunner().invoke(main, ["networks", "--root", str(small.root), "--out", str(out), "--scope", "corpus"])
    assert result.exit_code == 0, result.output
    again = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert not (out / "document").exists() and all(not name.startswith("window/") for name in again)
    assert all((out / name).read_bytes() == first[name] for name in again if name.startswith("corpus/"))
    nodes = (out / "csv" / "network_nodes.csv").read_text(encoding="utf-8").splitlines()
    assert nodes[1:] and all(line.startswith("corpus,corpus,") for line in nodes[1:])


def test_the_networks_command_refuses_a_foreign_folder_and_an_invalid_corpus(small: CorpusDir, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["networks", "--root", str(small.root), "--out", str(foreign)])
    assert result.exit_code == 2 and (foreign / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    small.edit(ESSAY_FILE, "stance: neutral", "stance: hostile")
    out = tmp_path / "networks"
    result = CliRunner().invoke(main, ["networks", "--root", str(small.root), "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()


def test_graph_writers_leave_out_what_would_change_the_bytes() -> None:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edge("a", "b", weight=1.5)
    assert graphs.gexf(graph) == graphs.gexf(graph)
    assert b'name=""' not in graphs.gexf(graph)
    assert b"http://www.w3.org/2001/XMLSchema-instance" in graphs.gexf(graph)


def test_a_corpus_without_claims_has_empty_networks_and_exports_them(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + ESSAY_MENTIONS)
    corpus.write(BRIEF_FILE, BRIEF_CLAIMS.split("claims:")[0])
    found = _networks(corpus)
    assert all(found.edges[name].empty for name in NETWORKS) and found.nodes.empty
    assert export(corpus.root, formats=TABLES_ONLY).ok
    graph = nx.read_graphml(corpus.root / "exports" / NETWORK_DIR / "congruence.graphml")
    assert graph.number_of_nodes() == 0
    gexf_schema().validate(str(corpus.root / "exports" / NETWORK_DIR / "affiliation.gexf"))


def test_the_networks_command_takes_months_and_one_layer(small: CorpusDir, tmp_path: Path) -> None:
    small.write(BRIEF_FILE.replace("/a/", "/b/"), BRIEF_CLAIMS.replace("annotator: a", "annotator: b"))
    out = tmp_path / "networks"
    args = ["networks", "--root", str(small.root), "--out", str(out), "--scope", "window", "--window", "month"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["uncounted"] == [BRIEF] and manifest["window"] == "month"
    assert (out / "window" / "2021-05" / "congruence.gexf").is_file() and not (out / "corpus").exists()
    result = CliRunner().invoke(main, [*args, "--layer", "b"])  # the brief's other annotator alone
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["uncounted"] == [] and manifest["layer"] == "b"
    # b annotated only the brief, which has no date: no window, the tables only
    tables = [f"csv/{name}.csv" for name in TABLES if name.startswith("network_")]
    assert manifest["files"] == sorted([MANIFEST, *tables]) and manifest["undated"] == [BRIEF]
    result = CliRunner().invoke(main, [*args, "--layer", "nobody"])
    assert result.exit_code == 2
