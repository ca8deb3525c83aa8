"""Discourse networks from the dataset, as Discourse Network Analyzer (DNA)
derives them from statements: who (a speaker) says what about which concept
(an actor, institution or principle the claim is about), with which agreement
(the stance of the link).

- **affiliation** (two-mode): speaker -> target, the number of links of each
  stance, their total (``links``, the edge's weight) and ``net`` (endorses
  minus rejects);
- **congruence** and **conflict** (one-mode, speaker x speaker): two speakers
  are tied by the targets on which they take the same side (congruence) or
  opposite sides (conflict). As DNA does with an agreement qualifier, the raw
  ``count`` of a pair sums, over targets and sides, the product of the two
  speakers' numbers of links (``count`` = sum over t, s of n(i,t,s) n(j,t,s);
  conflict pairs endorses with rejects). Only the stances that take a side
  (``SIDES``) are compared: a neutral link takes none. The ``weight`` is the
  count normalised by DNA's *average activity* (``NORMALISATION``): divided
  by the mean of the two speakers' numbers of links with a side in the slice;
- **co-occurrence**: target x target, the number of claims that are about
  both.

Each is computed for the whole corpus (scope ``corpus``), for each document
(``document``) and for each time window of the documents' catalog date
(``window``: a year, or a month). Only the count layer of each document is
counted (``layers.Layers.count_layer``, as the documents table names it): a
document with several annotators and no gold has none and is left out, and
said (``Networks.uncounted``); a document without a date (or, for months,
without a month) is in no window, and said (``Networks.undated``).

The computation reads the dataset's tables (``links``, ``documents``) and
the registry; the graphs are networkx graphs with the registry's attributes
on their nodes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, cast

import networkx as nx
import numpy as np
import pandas as pd

from ..corpus.model import Corpus
from ..corpus.schemas import SchemaSet
from ..findings import SetupError
from .files import NETWORK_NAMES

Network = Literal["affiliation", "congruence", "conflict", "cooccurrence"]
Scope = Literal["corpus", "document", "window"]
Window = Literal["year", "month"]

#: the networks, as the export names their graph files
NETWORKS = cast("tuple[Network, ...]", NETWORK_NAMES)
SCOPES: tuple[Scope, ...] = ("corpus", "document", "window")
#: how many characters of a catalog date (YYYY-MM-DD) name its window
WINDOWS: dict[Window, int] = {"year": 4, "month": 7}
#: the scope id of the one slice of the corpus scope
CORPUS = "corpus"
#: the stances that take a side, and the opposite of each: a neutral link takes none
SIDES: dict[str, str] = {"endorses": "rejects", "rejects": "endorses"}
#: DNA's name of the normalisation of the one-mode weights (``count`` is the raw value)
NORMALISATION = "average"
#: what it means, for the outputs that name it
NORMALISATION_NOTE = (
    "average activity (Discourse Network Analyzer): the count divided by the mean of the two speakers' "
    "numbers of links with a side (endorses or rejects) in the slice"
)
#: decimals of a normalised weight (the same on every machine)
DECIMALS = 6
#: the registry fields a node carries
NODE_FIELDS = ("name", "kind", "country", "region", "wikidata")


# -- the counted links ---------------------------------------------------------------------
#
# The links are few (a corpus has thousands at most) and every step below
# groups or counts them once: plain Python on lists of tuples, which costs
# a fraction of pandas' per-call overhead on frames of a few rows. The
# results become DataFrames at the end, as pandas infers them from lists.

#: the columns of a link as the networks read them
LINK_COLUMNS = ("doc_id", "annotator", "source_id", "relation", "target_id", "target_type", "stance", "speaker")
#: a link of a slice: scope, scope_id, then LINK_COLUMNS
Scoped = tuple[Any, ...]
_SCOPE, _SCOPE_ID, _DOC, _ANNOTATOR, _SOURCE, _RELATION, _TARGET, _TARGET_TYPE, _STANCE, _SPEAKER = range(10)


def _plain(df: pd.DataFrame, columns: Iterable[str]) -> list[tuple[Any, ...]]:
    """The rows of a frame's ``columns`` as tuples of Python objects, None for a missing value."""
    values = [df[name].array.to_numpy(dtype=object, na_value=None).tolist() for name in columns]
    return list(zip(*values, strict=True)) if values else []


def _counted(tables: Mapping[str, pd.DataFrame]) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The links of each document's count layer, and the documents that have
    links but no count layer."""
    links = _plain(tables["links"], LINK_COLUMNS)
    layer = dict(_plain(tables["documents"], ["doc_id", "count_layer"]))
    kept = [link for link in links if link[1] is not None and link[1] == layer.get(link[0])]
    uncounted = sorted({link[0] for link in links if layer.get(link[0]) is None})
    return kept, uncounted


def _window_of(date: object, window: Window) -> str | None:
    """The window of a catalog date (YYYY, YYYY-MM or YYYY-MM-DD), None when
    the date does not say (no date, or a year only for months)."""
    width = WINDOWS[window]
    return date[:width] if isinstance(date, str) and len(date) >= width else None


def _scoped(links: list[tuple[Any, ...]], windows: Mapping[str, str | None]) -> list[Scoped]:
    """The links once per slice they belong to: the corpus, their document,
    their document's window (when it has one); scope and scope_id first."""
    dated = [(windows.get(link[0]), link) for link in links]
    return [
        *(("corpus", CORPUS, *link) for link in links),
        *(("document", link[0], *link) for link in links),
        *(("window", window, *link) for window, link in dated if window is not None),
    ]


_ORDER = {scope: i for i, scope in enumerate(SCOPES)}


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows (scope, scope_id, ...) in scope order (corpus, document, window),
    then by the rest."""
    return sorted(rows, key=lambda row: (_ORDER[row[0]], *row[1:]))


def _frame(rows: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame, each column's type as pandas infers it from its values."""
    return pd.DataFrame(rows, columns=columns)


# -- the networks as edge lists ------------------------------------------------------------------

#: the columns of each network's edge list (the tables of the data package)
AFFILIATION_KEYS = ["scope", "scope_id", "speaker", "target_id", "target_type"]
ONE_MODE_COLUMNS = ["scope", "scope_id", "source", "target", "weight", "count", "normalisation"]
COOCCURRENCE_COLUMNS = ["scope", "scope_id", "source", "source_type", "target", "target_type", "claims"]
NODE_COLUMNS = ["scope", "scope_id", "id", "type", *NODE_FIELDS, "claims_spoken", "claims_about"]


def _affiliation(about: list[Scoped], stance_names: list[str]) -> pd.DataFrame:
    counts: dict[tuple[Any, ...], Counter[str]] = defaultdict(Counter)
    for link in about:
        key = (link[_SCOPE], link[_SCOPE_ID], link[_SPEAKER], link[_TARGET], link[_TARGET_TYPE])
        if None not in key and link[_STANCE] is not None:
            counts[key][link[_STANCE]] += 1
    rows = []
    for key, stances in counts.items():
        row = [stances[name] for name in stance_names]
        net = stances["endorses"] * ("endorses" in stance_names) - stances["rejects"] * ("rejects" in stance_names)
        rows.append((*key, *row, net, sum(row)))
    return _frame(_sorted(rows), [*AFFILIATION_KEYS, *stance_names, "net", "links"])


def _one_mode(about: list[Scoped]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Congruence and conflict of every slice (see the module's notes)."""
    slices: dict[tuple[str, str], Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for link in about:
        if link[_SPEAKER] is not None and link[_STANCE] in SIDES:
            slices[link[_SCOPE], link[_SCOPE_ID]][link[_SPEAKER], link[_TARGET], link[_STANCE]] += 1
    congruence: list[tuple[Any, ...]] = []
    conflict: list[tuple[Any, ...]] = []
    for (scope, scope_id), counts in slices.items():
        speakers = sorted({speaker for speaker, _, _ in counts})
        if len(speakers) < 2:
            continue
        row = {s: i for i, s in enumerate(speakers)}
        column = {t: i for i, t in enumerate(sorted({target for _, target, _ in counts}))}
        side = {name: np.zeros((len(row), len(column))) for name in SIDES}
        for (speaker, target, stance), n in counts.items():
            side[stance][row[speaker], column[target]] = n
        activity = np.sum([matrix.sum(axis=1) for matrix in side.values()], axis=0)
        same = np.sum([matrix @ matrix.T for matrix in side.values()], axis=0)
        opposite = np.sum([side[name] @ side[other].T for name, other in SIDES.items()], axis=0)
        for found, out in ((same, congruence), (opposite, conflict)):
            first, second = np.nonzero(np.triu(found, k=1))
            for i, j in zip(first.tolist(), second.tolist(), strict=True):
                count = float(found[i, j])
                weight = round(count / ((float(activity[i]) + float(activity[j])) / 2), DECIMALS)
                out.append((scope, scope_id, speakers[i], speakers[j], weight, round(count), NORMALISATION))
    return _frame(_sorted(congruence), ONE_MODE_COLUMNS), _frame(_sorted(conflict), ONE_MODE_COLUMNS)


def _cooccurrence(about: list[Scoped]) -> pd.DataFrame:
    """Pairs of targets of the same claim, counted in each slice."""
    claims: dict[tuple[Any, ...], list[tuple[Any, Any]]] = defaultdict(list)
    for link in about:
        claims[link[_SCOPE], link[_SCOPE_ID], link[_DOC], link[_SOURCE]].append((link[_TARGET], link[_TARGET_TYPE]))
    pairs: Counter[tuple[Any, ...]] = Counter()
    for (scope, scope_id, _, _), targets in claims.items():
        for a, a_type in targets:
            for b, b_type in targets:
                if a is not None and b is not None and a < b and a_type is not None and b_type is not None:
                    pairs[scope, scope_id, a, b, a_type, b_type] += 1
    rows = [(scope, scope_id, a, a_type, b, b_type, n) for (scope, scope_id, a, b, a_type, b_type), n in pairs.items()]
    ordered = sorted(rows, key=lambda row: (_ORDER[row[0]], row[1], row[2], row[4], row[3], row[5]))
    return _frame(ordered, COOCCURRENCE_COLUMNS)


def _nodes(scoped: list[Scoped], corpus: Corpus) -> pd.DataFrame:
    """Every entity that speaks or is spoken about in each slice, with its
    registry fields and how many claims it speaks and is about there."""
    counts: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for link in scoped:
        relation = link[_RELATION]
        if relation in ("speaker", "about") and link[_TARGET] is not None:
            counts[link[_SCOPE], link[_SCOPE_ID], link[_TARGET]][relation == "about"] += 1
    entities = corpus.entities
    rows = []
    for (scope, scope_id, id_), (spoken, about) in counts.items():
        entity = entities.get(id_)
        fields = [getattr(entity, name) if entity else None for name in NODE_FIELDS]
        rows.append((scope, scope_id, id_, entity.type if entity else None, *fields, spoken, about))
    return _frame(_sorted(rows), NODE_COLUMNS)


# -- the value -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Networks:
    """The discourse networks of a dataset (see the module's notes): each
    network's edge list over every slice of every scope (``edges``), the
    nodes of each slice (``nodes``), and what was left out."""

    edges: Mapping[Network, pd.DataFrame]
    nodes: pd.DataFrame
    #: the stances of the codebook (the affiliation's columns)
    stances: tuple[str, ...]
    window: Window
    #: documents counted (they have a count layer) that are in no window: no date that tells the window
    undated: tuple[str, ...]
    #: documents with links but no count layer (several annotators, no gold): in no network
    uncounted: tuple[str, ...]
    #: about links whose claim has no speaker (no own speaker, no default): in affiliation and
    #: congruence/conflict nowhere, in co-occurrence as the others
    unspoken: int
    #: the rows of each slice in ``edges`` (by network) and ``nodes`` (by "nodes"): positions by (scope, scope_id)
    rows_of: Mapping[str, Mapping[tuple[str, str], np.ndarray[Any, Any]]]
    #: the rows of ``edges`` and ``nodes`` as records, made on first use by ``graph``
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def affiliation(self) -> nx.DiGraph[str]:
        return self.graph("affiliation")  # type: ignore[return-value]

    @property
    def congruence(self) -> nx.Graph[str]:
        return self.graph("congruence")

    @property
    def conflict(self) -> nx.Graph[str]:
        return self.graph("conflict")

    @property
    def cooccurrence(self) -> nx.Graph[str]:
        return self.graph("cooccurrence")

    def slices(self, scope: Scope) -> list[str]:
        """The scope ids of a scope that have any node, in order (the corpus: one)."""
        ids = self.nodes.loc[self.nodes["scope"] == scope, "scope_id"]
        return list(dict.fromkeys(ids.tolist()))

    def rows(self, name: str) -> list[dict[str, Any]]:
        """Every row of an edge list (by network) or of the nodes ("nodes"),
        as records, made once: the dataset's tables and the graphs read the same."""
        records = self.records.get(name)
        if records is None:
            df = self.nodes if name == "nodes" else self.edges[cast(Network, name)]
            records = self.records[name] = _records(df)
        return records

    def _slice(self, name: str, scope: str, scope_id: str) -> list[dict[str, Any]]:
        """The rows of one slice of an edge list (by network) or of the nodes ("nodes"), as records."""
        records = self.rows(name)
        positions = self.rows_of[name].get((scope, scope_id))
        return [] if positions is None else [records[i] for i in positions.tolist()]

    def graph(self, network: Network, scope: Scope = "corpus", scope_id: str = CORPUS) -> nx.Graph[str]:
        """One network of one slice as a networkx graph: affiliation a
        DiGraph (speaker -> target), the others a Graph; nodes and edges
        added in sorted order, with the registry's fields on the nodes."""
        if network not in NETWORKS:
            raise SetupError(f"no network '{network}': the networks are {', '.join(NETWORKS)}")
        edges = self._slice(network, scope, scope_id)
        nodes = self._slice("nodes", scope, scope_id)
        graph: nx.Graph[str] = nx.DiGraph() if network == "affiliation" else nx.Graph()
        graph.graph.update(
            {"network": network, "scope": scope, "scope_id": scope_id, **_graph_notes(network, self.window)}
        )
        attributes = {str(row["id"]): _node(row) for row in nodes}
        wanted = _members(network, edges, nodes, self._slice("affiliation", scope, scope_id))
        for node in sorted(wanted):
            graph.add_node(node, **attributes.get(node, {}))
        for row in edges:
            source, target, data = _edge(network, row, self.stances)
            graph.add_edge(source, target, **data)
        return graph


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts of Python values, as ``to_dict("records")`` gives them (without its cost per value)."""
    names = [str(name) for name in df.columns]
    columns = [df[name].tolist() for name in df.columns]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _graph_notes(network: Network, window: Window) -> dict[str, str]:
    notes = {
        "affiliation": "two-mode: speaker -> actor, institution or principle the speaker's claims are about; "
        "weight = links, net = endorses - rejects",
        "congruence": "one-mode: speakers tied by the targets on which they take the same side; "
        f"count = DNA's raw count, weight = count normalised by {NORMALISATION_NOTE}",
        "conflict": "one-mode: speakers tied by the targets on which they take opposite sides; "
        f"count = DNA's raw count, weight = count normalised by {NORMALISATION_NOTE}",
        "cooccurrence": "one-mode: targets tied by the claims that are about both; weight = claims",
    }
    out = {"description": notes[network], "window": window}
    if network in ("congruence", "conflict"):
        out["normalisation"] = NORMALISATION
    return out


def _node(row: Mapping[str, Any]) -> dict[str, Any]:
    """A node's attributes: its type, the registry fields it has (its name
    also as ``label``, which Gephi shows) and its counts in the slice."""
    data: dict[str, Any] = {"type": row["type"]} if row["type"] else {}
    for name in NODE_FIELDS:
        if row[name] is not None and not pd.isna(row[name]):
            data[name] = str(row[name])
    if "name" in data:
        data["label"] = data["name"]
    data["claims_spoken"] = int(row["claims_spoken"])
    data["claims_about"] = int(row["claims_about"])
    return data


def _members(
    network: Network, edges: list[dict[str, Any]], nodes: list[dict[str, Any]], affiliation: list[dict[str, Any]]
) -> set[str]:
    """The nodes of a network in a slice: those of its edges, and the active
    ones that have none (isolates): for co-occurrence every target of a
    claim, for congruence and conflict every speaker of a link with a side."""
    if network == "affiliation":
        return {str(row["speaker"]) for row in edges} | {str(row["target_id"]) for row in edges}
    found = {str(row["source"]) for row in edges} | {str(row["target"]) for row in edges}
    if network == "cooccurrence":
        return found | {str(row["id"]) for row in nodes if row["claims_about"] > 0}
    return found | {str(row["speaker"]) for row in affiliation if sum(int(row.get(side, 0)) for side in SIDES) > 0}


def _edge(network: Network, row: Mapping[str, Any], stance_names: Iterable[str]) -> tuple[str, str, dict[str, Any]]:
    if network == "affiliation":
        data = {name: int(row[name]) for name in (*stance_names, "net", "links")}
        data["weight"] = int(row["links"])
        return str(row["speaker"]), str(row["target_id"]), data
    if network == "cooccurrence":
        return str(row["source"]), str(row["target"]), {"weight": int(row["claims"]), "claims": int(row["claims"])}
    return str(row["source"]), str(row["target"]), {"weight": float(row["weight"]), "count": int(row["count"])}


def compute(
    tables: Mapping[str, pd.DataFrame], corpus: Corpus, schemas: SchemaSet, window: Window = "year"
) -> Networks:
    """The networks of a dataset's tables (``links``, ``documents``): see
    the module's notes. Raises SetupError for a window that is none of ``WINDOWS``."""
    if window not in WINDOWS:
        raise SetupError(f"no window '{window}': the windows are {', '.join(WINDOWS)}")
    links, uncounted = _counted(tables)
    documents = _plain(tables["documents"], ["doc_id", "date", "count_layer"])
    windows = {doc: _window_of(date, window) for doc, date, _ in documents}
    counted_docs = [doc for doc, _, layer in documents if layer is not None]
    undated = tuple(sorted(doc for doc in counted_docs if windows.get(doc) is None))
    scoped = _scoped(links, windows)
    about = [link for link in scoped if link[_RELATION] == "about"]
    stance_names = schemas.stances()
    congruence, conflict = _one_mode(about)
    edges: dict[Network, pd.DataFrame] = {
        "affiliation": _affiliation(about, stance_names),
        "congruence": congruence,
        "conflict": conflict,
        "cooccurrence": _cooccurrence(about),
    }
    unspoken = sum(1 for link in links if link[3] == "about" and link[7] is None)
    nodes = _nodes(scoped, corpus)
    rows_of = {str(name): _positions(df) for name, df in edges.items()}
    rows_of["nodes"] = _positions(nodes)
    return Networks(edges, nodes, tuple(stance_names), window, undated, tuple(uncounted), unspoken, rows_of)


def _positions(df: pd.DataFrame) -> dict[tuple[str, str], np.ndarray[Any, Any]]:
    """The positions of each slice's rows, by (scope, scope_id), the slices
    in the order of their first row: found in plain Python (pandas' groupby
    cost a small corpus's networks a third of their time), kept as arrays
    (a large corpus's networks have hundreds of thousands)."""
    positions: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(df["scope"].tolist(), df["scope_id"].tolist(), strict=True)):
        positions.setdefault(key, []).append(i)
    return {key: np.asarray(rows) for key, rows in positions.items()}


#: the table of the data package (``tables.TABLES``) each edge list is, and the nodes'
TABLE_NAMES: dict[str, str] = {"nodes": "network_nodes", **{name: f"network_{name}" for name in NETWORKS}}


def table_rows(found: Networks) -> dict[str, list[dict[str, Any]]]:
    """The edge and node lists as records, by their tables' names
    (``TABLE_NAMES``): the records the graphs are made of (``Networks.rows``)."""
    return {table: found.rows(name) for name, table in TABLE_NAMES.items()}


class _Built(Protocol):
    """What ``networks`` reads of a ``value.Dataset`` (which holds a Networks)."""

    @property
    def networks(self) -> Networks: ...
    @property
    def tables(self) -> Mapping[str, pd.DataFrame]: ...
    @property
    def corpus(self) -> Corpus: ...
    @property
    def schemas(self) -> SchemaSet: ...


def networks(dataset: _Built, window: Window = "year") -> Networks:
    """The discourse networks of a ``value.Dataset``, from its count layers
    (gold where it exists, or the layer it was built for), with windows of a
    year (as the dataset holds them) or a month."""
    if window == dataset.networks.window:
        return dataset.networks
    return compute(dataset.tables, dataset.corpus, dataset.schemas, window)
