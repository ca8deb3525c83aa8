"""What the overview page shows: who takes which stance towards which
principle and institution (the stance matrices), and what each document's
claims are (their kinds and stances), built from the same records as the
document pages, so that every cell links to the claims behind it.

Counts are those the exports count: each document's count layer (gold where
it exists, see ``Layers.count_layer``), the about links of its claims, as
the links table holds them. A cell's numbers are the affiliation network's
and the drawn ties the congruence network's (``dataset/networks.py``, which
computes both from that table); the claims behind a cell come from the
document pages' records. A document with several annotators and no gold
has no count layer: it is counted nowhere, and the page says so.

A large corpus's overview stays a page to read (``MOST_*``): the matrices
show the speakers and entities with the most links, the network the most
tied speakers, and the page says what it leaves out (the downloads hold it).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..corpus.model import Claim, Corpus, Document, EntityType
from ..dataset.layers import Layers
from ..dataset.networks import NORMALISATION_NOTE, Networks
from .charts import BarChart, Drawing, bar_chart, circle
from .pages import LayerView

#: the entity types a stance matrix has as columns
TARGETS: tuple[EntityType, ...] = ("principle", "institution")
#: the stances whose difference is a cell's net stance (the codebook's values)
ENDORSES, REJECTS = "endorses", "rejects"
#: colour steps on each side of zero (ColorBrewer's 7-class diverging palettes)
STEPS = 3
#: the minus sign that the page writes before a negative number
MINUS = "\u2212"
#: the most the page shows, so that a large corpus's overview stays a page to read (the downloads
#: hold everything): speakers and entities of a matrix, those with the most links; claims listed per
#: cell (the rest are on the entity's page); speakers of the network, the most tied; documents drawn
MOST_SPEAKERS, MOST_TARGETS, MOST_CLAIMS, MOST_NODES, MOST_DOCUMENTS = 40, 30, 6, 40, 60


def signed(n: int) -> str:
    """A net stance as the page writes it: +2, 0, −1."""
    return f"+{n}" if n > 0 else f"{MINUS}{-n}" if n < 0 else "0"


@dataclass(frozen=True, slots=True)
class Behind:
    """A claim behind a cell, with its address on its document's page."""

    document: Document
    key: str
    claim_id: str
    stance: str


@dataclass(slots=True)
class Cell:
    """One speaker's stances towards one entity, over the counted claims."""

    speaker: str
    target: str
    counts: Counter[str] = field(default_factory=Counter)
    claims: list[Behind] = field(default_factory=list)
    #: claims behind it that are not listed (beyond ``MOST_CLAIMS``)
    more: int = 0
    #: the colour step: -STEPS (most rejected) to +STEPS (most endorsed)
    step: int = 0

    @property
    def net(self) -> int:
        return self.counts[ENDORSES] - self.counts[REJECTS]

    @property
    def links(self) -> int:
        return sum(self.counts.values())

    @property
    def anchor(self) -> str:
        """The id of its list of claims on the page (entity ids hold no ``--``)."""
        return f"cell-{self.speaker}--{self.target}"

    @property
    def css(self) -> str:
        return f"net-{'p' if self.step > 0 else 'm' if self.step < 0 else ''}{abs(self.step)}"

    @property
    def shown(self) -> str:
        return signed(self.net)


@dataclass(slots=True)
class Matrix:
    """Speakers (rows) x entities of one type (columns)."""

    type: EntityType
    speakers: list[str]
    targets: list[str]
    cells: dict[tuple[str, str], Cell]
    #: (css class, the net stances it stands for), from most rejected to most endorsed
    legend: list[tuple[str, str]]
    #: how many speakers and entities have links (the matrix shows the ``MOST_*`` of them)
    all_speakers: int = 0
    all_targets: int = 0

    @property
    def cut(self) -> bool:
        return len(self.speakers) < self.all_speakers or len(self.targets) < self.all_targets

    def cell(self, speaker: str, target: str) -> Cell | None:
        return self.cells.get((speaker, target))

    def listed(self) -> list[Cell]:
        """The cells in the order of the table: row by row."""
        return [c for s in self.speakers for t in self.targets if (c := self.cells.get((s, t))) is not None]


def step(net: int, largest: int) -> int:
    """The colour step of a net stance when the largest in its matrix is ``largest``."""
    if net == 0 or largest == 0:
        return 0
    return int(math.copysign(math.ceil(STEPS * abs(net) / largest), net))


def legend(largest: int) -> list[tuple[str, str]]:
    """Each colour step that some net stance can take, with the nets it stands for."""
    sides: list[tuple[int, int, int]] = []
    for k in range(1, STEPS + 1):
        low, high = largest * (k - 1) // STEPS + 1, largest * k // STEPS
        if low <= high:
            sides.append((k, low, high))
    negative = [
        (f"net-m{k}", f"{MINUS}{high}" + (f" to {MINUS}{low}" if low < high else ""))
        for k, low, high in reversed(sides)
    ]
    positive = [(f"net-p{k}", f"+{low}" + (f" to +{high}" if low < high else "")) for k, low, high in sides]
    return [*negative, ("net-0", "0"), *positive]


@dataclass(frozen=True, slots=True)
class Counted:
    """The claims the overview counts: each document's count layer."""

    #: (document, its count layer's view), in the order of the documents
    views: list[tuple[Document, LayerView]]
    #: documents with annotations but no count layer
    uncounted: list[Document]

    def claims(self) -> list[tuple[Document, LayerView, str, Claim, str | None]]:
        """(document, layer, address, claim, speaker) of every counted claim."""
        found = []
        for document, view in self.views:
            for item in view.items:
                if isinstance(item.record, Claim):
                    found.append((document, view, item.key, item.record, item.speaker))
        return found


def counted(layers: Layers, documents: list[Document], views: Mapping[str, list[LayerView]]) -> Counted:
    """The count layer's view of each document that has one."""
    found, uncounted = [], []
    for document in documents:
        layer = layers.count_layer(document.id)
        view = next((v for v in views.get(document.id, []) if v.name == layer), None)
        if view is not None:
            found.append((document, view))
        elif views.get(document.id):
            uncounted.append(document)
    return Counted(found, uncounted)


def behind(claims: Counted) -> dict[tuple[str, str], list[Behind]]:
    """(speaker, target) -> the counted claims that link them, in text order."""
    found: dict[tuple[str, str], list[Behind]] = {}
    for document, _, key, claim, speaker in claims.claims():
        for link in claim.about:
            if speaker is not None and link.stance is not None:
                found.setdefault((speaker, link.target.id), []).append(
                    Behind(document, key, claim.id or "", link.stance)
                )
    return found


def matrix(
    corpus: Corpus,
    affiliation: pd.DataFrame,
    claims: Mapping[tuple[str, str], list[Behind]],
    type_: EntityType,
    stances: Sequence[str],
) -> Matrix:
    """The stance matrix of the speakers towards the entities of ``type_``:
    the affiliation network's edges (``networks``: the links of the count
    layers, per stance), each with the claims behind it; the speakers and
    entities with the most links (``MOST_SPEAKERS``, ``MOST_TARGETS``)."""
    every: dict[tuple[str, str], Cell] = {}
    rows = affiliation[affiliation["target_type"] == type_]
    for row in rows[["speaker", "target_id", *stances]].itertuples(index=False, name=None):
        speaker, target, *counts = (str(row[0]), str(row[1]), *row[2:])
        every[speaker, target] = Cell(
            speaker, target, Counter(dict(zip(stances, (int(n) for n in counts), strict=True)))
        )
    by_speaker: Counter[str] = Counter()
    by_target: Counter[str] = Counter()
    for (speaker, target), cell in every.items():
        by_speaker[speaker] += cell.links
        by_target[target] += cell.links
    shown_speakers, shown_targets = most(by_speaker, MOST_SPEAKERS), most(by_target, MOST_TARGETS)
    cells = {k: c for k, c in every.items() if k[0] in shown_speakers and k[1] in shown_targets}
    for key, cell in cells.items():
        listed = claims.get(key, [])
        cell.claims, cell.more = list(listed[:MOST_CLAIMS]), max(0, len(listed) - MOST_CLAIMS)
    largest = max((abs(c.net) for c in cells.values()), default=0)
    for cell in cells.values():
        cell.step = step(cell.net, largest)

    def by_name(ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (corpus.entities[i].name.casefold(), i) if i in corpus.entities else ("", i))

    return Matrix(
        type_, by_name(shown_speakers), by_name(shown_targets), cells, legend(largest), len(by_speaker), len(by_target)
    )


def most(counts: Counter[str], n: int) -> set[str]:
    """The ``n`` keys with the highest counts (ties: by key)."""
    return {key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


@dataclass(frozen=True, slots=True)
class DocumentCharts:
    """A document's counted claims by kind, and their links by stance."""

    document: Document
    layer: str
    kinds: BarChart
    stances: BarChart


def document_charts(claims: Counted, kinds: list[str], stances: list[str]) -> list[DocumentCharts]:
    """Two bar charts per counted document, all on one scale per chart kind."""
    per_kind: dict[str, Counter[str]] = {document.id: Counter() for document, _ in claims.views}
    per_stance: dict[str, Counter[str]] = {document.id: Counter() for document, _ in claims.views}
    for document, _, _, claim, _ in claims.claims():
        if claim.kind is not None:
            per_kind[document.id][claim.kind] += 1
        per_stance[document.id].update(link.stance for link in claim.about if link.stance is not None)
    most_kinds = max((n for c in per_kind.values() for n in c.values()), default=0)
    most_stances = max((n for c in per_stance.values() for n in c.values()), default=0)
    return [
        DocumentCharts(
            document,
            view.name,
            bar_chart(f"Claims of {document.title} by kind", per_kind[document.id], kinds, most_kinds),
            bar_chart(f"Links of {document.title} by stance", per_stance[document.id], stances, most_stances),
        )
        for document, view in claims.views
    ]


@dataclass(frozen=True, slots=True)
class TieRow:
    """A tie of the congruence network as its table lists it."""

    a: str
    b: str
    weight: float
    count: int

    @property
    def shown(self) -> str:
        return f"{self.weight:g}"


@dataclass(frozen=True, slots=True)
class Congruence:
    """The congruence network of the speakers, drawn and as a list."""

    drawing: Drawing | None
    #: its ties, heaviest first
    listed: list[TieRow]
    explained: str
    #: how many speakers the network has (it shows the ``MOST_NODES`` most tied)
    all_nodes: int = 0

    @property
    def cut(self) -> bool:
        return self.drawing is not None and len(self.drawing.nodes) < self.all_nodes


def congruence(corpus: Corpus, found: Networks) -> Congruence:
    """The corpus's congruence network (``networks``) drawn on a circle,
    the speakers in the order of their names: the ``MOST_NODES`` with the
    heaviest ties, and the ties between them."""
    graph = found.congruence
    tied = Counter({str(node): float(degree) for node, degree in graph.degree(weight="weight")})
    shown = most(tied, MOST_NODES)
    names = {node: corpus.entities[node].name if node in corpus.entities else node for node in shown}
    nodes = sorted(names, key=lambda node: (names[node].casefold(), node))
    rows = []
    for a, b, data in graph.subgraph(shown).edges(data=True):
        first, second = sorted((str(a), str(b)))
        rows.append(TieRow(first, second, float(data["weight"]), int(data["count"])))
    rows.sort(key=lambda row: (-row.weight, row.a, row.b))
    explained = (
        "The ties are Discourse Network Analyzer's congruence network of the counted links: two speakers are tied "
        "by the targets on which they take the same side (endorses or rejects; a neutral link takes none); a "
        f"tie's count sums, over those targets, the products of their numbers of links, and its weight is the count "
        f"normalised by {NORMALISATION_NOTE}."
    )
    if not rows:
        return Congruence(None, [], explained)
    ties = [(row.a, row.b, row.weight) for row in sorted(rows, key=lambda row: (row.a, row.b))]
    return Congruence(circle(nodes, names, ties), rows, explained, graph.number_of_nodes())


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the overview page shows."""

    matrices: list[Matrix]
    congruence: Congruence
    #: every counted document's figures, and those drawn (the ``MOST_DOCUMENTS`` with the most claims)
    charts: list[DocumentCharts]
    drawn: list[DocumentCharts]
    #: documents annotated but counted nowhere (several annotators, no gold)
    uncounted: list[Document]


def overview(
    found: Networks,
    layers: Layers,
    documents: list[Document],
    views: Mapping[str, list[LayerView]],
    kinds: list[str],
) -> Overview:
    """The overview of the documents' count layers: the networks of the
    dataset (``found``), and every document's layers as its page shows them
    (``views``), whose addresses the claims behind each cell link to."""
    claims = counted(layers, documents, views)
    affiliation = found.edges["affiliation"]
    affiliation = affiliation[affiliation["scope"] == "corpus"]
    stances = list(found.stances)
    linked = behind(claims)
    matrices = [matrix(layers.corpus, affiliation, linked, type_, stances) for type_ in TARGETS]
    charts = document_charts(claims, kinds, stances)
    drawn = most(Counter({c.document.id: sum(b.value for b in c.kinds.bars) for c in charts}), MOST_DOCUMENTS)
    return Overview(
        matrices,
        congruence(layers.corpus, found),
        charts,
        [c for c in charts if c.document.id in drawn],
        claims.uncounted,
    )
