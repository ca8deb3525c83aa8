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


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A frame's values as Python objects, None for a missing one."""
    out = df.astype(object)
    return out.where(out.notna(), None)


def _counted(tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """The links of each document's count layer, and the documents that have
    links but no count layer."""
    links = _plain(
        tables["links"][
            ["doc_id", "annotator", "source_id", "relation", "target_id", "target_type", "stance", "speaker"]
        ]
    )
    documents = _plain(tables["documents"][["doc_id", "count_layer"]])
    layer = dict(zip(documents["doc_id"], documents["count_layer"], strict=True))
    keep = links["annotator"].eq(links["doc_id"].map(layer)).astype(bool)
    uncounted = sorted({doc for doc in links["doc_id"] if layer.get(doc) is None})
    return links[keep].reset_index(drop=True), uncounted


def _window_of(date: object, window: Window) -> str | None:
    """The window of a catalog date (YYYY, YYYY-MM or YYYY-MM-DD), None when
    the date does not say (no date, or a year only for months)."""
    width = WINDOWS[window]
    return date[:width] if isinstance(date, str) and len(date) >= width else None


def _scoped(links: pd.DataFrame, windows: Mapping[str, str | None]) -> pd.DataFrame:
    """The links once per slice they belong to: the corpus, their document,
    their document's window (when it has one); columns scope and scope_id first."""
    parts = [
        links.assign(scope="corpus", scope_id=CORPUS),
        links.assign(scope="document", scope_id=links["doc_id"]),
    ]
    window = links["doc_id"].map(windows)
    dated = links[window.notna()]
    parts.append(dated.assign(scope="window", scope_id=window[window.notna()]))
    out = pd.concat(parts, ignore_index=True)
    return out[["scope", "scope_id", *links.columns]]


_ORDER = {scope: i for i, scope in enumerate(SCOPES)}


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in scope order (corpus, document, window), then by ``keys``."""
    if df.empty:
        return df.reset_index(drop=True)
    rank = df["scope"].map(_ORDER)
    return (
        df.assign(_rank=rank)
        .sort_values(["_rank", "scope_id", *keys], kind="mergesort")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


# -- the networks as edge lists ------------------------------------------------------------------

#: the columns of each network's edge list (the tables of the data package)
AFFILIATION_KEYS = ["scope", "scope_id", "speaker", "target_id", "target_type"]
ONE_MODE_COLUMNS = ["scope", "scope_id", "source", "target", "weight", "count", "normalisation"]
COOCCURRENCE_COLUMNS = ["scope", "scope_id", "source", "source_type", "target", "target_type", "claims"]
NODE_COLUMNS = ["scope", "scope_id", "id", "type", *NODE_FIELDS, "claims_spoken", "claims_about"]


def _affiliation(about: pd.DataFrame, stance_names: list[str]) -> pd.DataFrame:
    spoken = about[about["speaker"].notna()]
    counts = spoken.groupby([*AFFILIATION_KEYS, "stance"], sort=False).size().unstack("stance", fill_value=0)
    counts = counts.reindex(columns=stance_names, fill_value=0)
    out = counts.reset_index()
    out.columns = [str(c) for c in out.columns]
    out["net"] = out.get("endorses", 0) - out.get("rejects", 0)
    out["links"] = out[stance_names].sum(axis=1) if stance_names else 0
    return _sorted(out[[*AFFILIATION_KEYS, *stance_names, "net", "links"]], ["speaker", "target_id"])


def _one_mode(about: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Congruence and conflict of every slice (see the module's notes)."""
    sided = about[about["speaker"].notna() & about["stance"].isin(list(SIDES))]
    slices: dict[tuple[str, str], Counter[tuple[str, str, str]]] = defaultdict(Counter)
    columns = ["scope", "scope_id", "speaker", "target_id", "stance"]
    for scope, scope_id, speaker, target, stance in sided[columns].itertuples(index=False, name=None):
        slices[scope, scope_id][speaker, target, stance] += 1
    congruence: list[dict[str, Any]] = []
    conflict: list[dict[str, Any]] = []
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
                out.append(
                    {
                        "scope": scope,
                        "scope_id": scope_id,
                        "source": speakers[i],
                        "target": speakers[j],
                        "weight": round(count / ((float(activity[i]) + float(activity[j])) / 2), DECIMALS),
                        "count": round(count),
                        "normalisation": NORMALISATION,
                    }
                )
    return (
        _sorted(pd.DataFrame(congruence, columns=ONE_MODE_COLUMNS), ["source", "target"]),
        _sorted(pd.DataFrame(conflict, columns=ONE_MODE_COLUMNS), ["source", "target"]),
    )


def _cooccurrence(about: pd.DataFrame) -> pd.DataFrame:
    keys = ["scope", "scope_id", "doc_id", "source_id"]
    left = about[[*keys, "target_id", "target_type"]]
    pairs = left.merge(left, on=keys, suffixes=("_a", "_b"))
    pairs = pairs[pairs["target_id_a"] < pairs["target_id_b"]]
    out = (
        pairs.groupby(["scope", "scope_id", "target_id_a", "target_type_a", "target_id_b", "target_type_b"])
        .size()
        .reset_index(name="claims")
    )
    out.columns = COOCCURRENCE_COLUMNS
    return _sorted(out, ["source", "target"])


def _nodes(scoped: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Every entity that speaks or is spoken about in each slice, with its
    registry fields and how many claims it speaks and is about there."""
    speaker = scoped[scoped["relation"] == "speaker"]
    about = scoped[scoped["relation"] == "about"]
    spoken = speaker.groupby(["scope", "scope_id", "target_id"]).size().rename("claims_spoken")
    about_n = about.groupby(["scope", "scope_id", "target_id"]).size().rename("claims_about")
    both = pd.concat([spoken, about_n], axis=1).fillna(0).astype(int).reset_index()
    both = both.rename(columns={"target_id": "id"})
    entities = corpus.entities
    both["type"] = [entities[i].type if i in entities else None for i in both["id"]]
    for name in NODE_FIELDS:
        both[name] = [getattr(entities[i], name) if i in entities else None for i in both["id"]]
    return _sorted(both[NODE_COLUMNS], ["id"])


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
    return [{str(k): v for k, v in row.items()} for row in df.to_dict("records")]


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
    documents = _plain(tables["documents"][["doc_id", "date", "count_layer"]])
    windows = {doc: _window_of(date, window) for doc, date in zip(documents["doc_id"], documents["date"], strict=True)}
    counted_docs = documents.loc[documents["count_layer"].notna(), "doc_id"].tolist()
    undated = tuple(sorted(doc for doc in counted_docs if windows.get(doc) is None))
    scoped = _scoped(links, windows)
    about = scoped[scoped["relation"] == "about"]
    stance_names = schemas.stances()
    congruence, conflict = _one_mode(about)
    edges: dict[Network, pd.DataFrame] = {
        "affiliation": _affiliation(about, stance_names),
        "congruence": congruence,
        "conflict": conflict,
        "cooccurrence": _cooccurrence(about),
    }
    unspoken = int(((links["relation"] == "about") & links["speaker"].isna()).sum())
    nodes = _nodes(scoped, corpus)
    rows_of = {str(name): _positions(df) for name, df in edges.items()}
    rows_of["nodes"] = _positions(nodes)
    return Networks(edges, nodes, tuple(stance_names), window, undated, tuple(uncounted), unspoken, rows_of)


def _positions(df: pd.DataFrame) -> dict[tuple[str, str], np.ndarray[Any, Any]]:
    """The positions of each slice's rows, by (scope, scope_id)."""
    if df.empty:
        return {}
    groups = df.groupby(["scope", "scope_id"], sort=False).indices
    return {cast("tuple[str, str]", key): np.asarray(rows) for key, rows in groups.items()}


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
