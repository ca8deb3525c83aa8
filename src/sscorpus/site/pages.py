"""What each page of the site shows, built from the typed model: plain
records that the templates read, so the templates hold no logic beyond
loops and conditions.

Every annotation gets an address on its document's page, from its layer
and its own identity, so that a link shared outside the site keeps its
meaning when annotations are added before it: ``<layer>/<type>/<id>``, the
claim's or evidence's id (``b/claim/c3``, ``gold/evidence/e1``), a mention's
entity and offsets as the mentions table gives them
(``a/mention/south-africa@120:132``). The id of an HTML element and the
fragment of a link (``documents/<doc>.html#b/claim/c3``); the schemas allow
no space in any of its parts. Two mentions of one entity at the same offsets
in one layer (a validation warning) get ``~2``, ``~3`` after the second.

Layers are shown gold first (the adjudicated layer, the one the exports
count), then the annotators in the order of their names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..checks.reporters import display_path
from ..corpus.model import ENTITY_TYPES, GOLD, AnnotationFile, Claim, Corpus, Document, Entity, Evidence, Mention, Span
from ..dataset.layers import Layers
from ..dataset.tables import REGISTRY_COLUMNS, TABLES
from .highlight import Mark, Segment, segments

#: characters of context shown on each side of a mention on an entity page
CONTEXT = 80


@dataclass(slots=True)
class Item:
    """One annotation as a page shows it."""

    key: str
    layer: str
    type: str
    record: Mention | Claim | Evidence
    span: Span
    quote: str
    where: str
    line: int
    #: a mention's entity
    entity: Entity | None = None
    #: a claim's effective speaker, and whether it is the document's default
    speaker: str | None = None
    speaker_default: bool = False
    #: (relation, key, id) of the claims an evidence supports or challenges,
    #: or of the evidence that supports or challenges a claim
    relations: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        if isinstance(self.record, Mention):
            name = self.entity.name if self.entity else self.record.entity_id
            return f"mention of {name}"
        return f"{self.type} {self.record.id}"


@dataclass(slots=True)
class LayerView:
    """One annotator's (or gold's) annotations of one document."""

    name: str
    index: int
    path: str
    items: list[Item]
    segments: list[Segment]

    @property
    def gold(self) -> bool:
        return self.name == GOLD

    def count(self, type_: str) -> int:
        return sum(1 for item in self.items if item.type == type_)


def layer_order(names: Iterable[str]) -> list[str]:
    """Gold first, then the annotators by name."""
    return sorted(set(names), key=lambda name: (name != GOLD, name))


def layer_index(layers: Layers) -> dict[str, int]:
    return {name: i for i, name in enumerate(layer_order(f.annotator for f in layers.files))}


def address(layer: str, type_: str, record: Mention | Claim | Evidence) -> str:
    """An annotation's address on its document's page: its layer, type and id."""
    return f"{layer}/{type_}/{record.id or f'line-{record.where.line}'}"


def _items(corpus: Corpus, file: AnnotationFile, document: Document) -> list[Item]:
    text = document.text or ""
    structure = corpus.structure(document.id)
    path = display_path(file.path, corpus.root)
    items: list[Item] = []
    taken: Counter[str] = Counter()

    def add(type_: str, record: Mention | Claim | Evidence) -> Item | None:
        span = record.span
        if span is None:
            return None
        key = address(file.annotator, type_, record)
        taken[key] += 1
        if taken[key] > 1:
            key = f"{key}~{taken[key]}"
        line = structure.line(span.start) if structure else 1
        item = Item(key, file.annotator, type_, record, span, span.quote(text), f"{path}:{record.where.line}", line)
        items.append(item)
        return item

    for mention in file.mentions:
        item = add("mention", mention)
        if item is not None and mention.entity_id:
            item.entity = corpus.entities.get(mention.entity_id)
    claim_items: dict[str, Item] = {}
    for claim in file.claims:
        item = add("claim", claim)
        if item is not None:
            item.speaker = corpus.speaker_of(claim, file.document)
            item.speaker_default = claim.speaker is None
            if claim.id:
                claim_items[claim.id] = item
    for evidence in file.evidence:
        item = add("evidence", evidence)
        for relation, ref in evidence.relations():
            claim_item = claim_items.get(ref.id)
            if item is not None:
                item.relations.append((relation, claim_item.key if claim_item else "", ref.id))
            if claim_item is not None and item is not None and evidence.id:
                passive = "supported by" if relation == "supports" else "challenged by"
                claim_item.relations.append((passive, item.key, evidence.id))
    items.sort(key=lambda i: (i.span.start, -i.span.end, i.key))
    return items


def document_layers(corpus: Corpus, layers: Layers, document: Document) -> list[LayerView]:
    """Each layer's annotations of a document, and its text in segments."""
    indexes = layer_index(layers)
    views = []
    for file in sorted((f for f in layers.files if f.document == document.id), key=lambda f: indexes[f.annotator]):
        index = indexes[file.annotator]
        items = _items(corpus, file, document)
        marks = [Mark(i.key, i.type, i.span.pieces, i.entity.type if i.entity else "") for i in items]
        views.append(
            LayerView(
                file.annotator, index, display_path(file.path, corpus.root), items, segments(document.text or "", marks)
            )
        )
    return views


@dataclass(slots=True)
class Occurrence:
    """A mention of an entity, or a claim that involves it, on its page."""

    document: Document
    item: Item
    before: str = ""
    after: str = ""
    #: for claims: the speaker's stance towards the entity, or "speaker"
    stance: str | None = None


def _context(text: str, span: Span) -> tuple[str, str]:
    start, end = span.start, span.end
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return ("…" if start > CONTEXT else "") + before, after + ("…" if end + CONTEXT < len(text) else "")


@dataclass(slots=True)
class StanceRow:
    """How often one speaker takes each stance towards one entity, in one
    layer: a cell row of the actor x principle network."""

    speaker: str
    target: str
    layer: str
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class EntityView:
    entity: Entity
    fields: list[tuple[str, str, str | None]]
    mentions: list[Occurrence]
    #: claims about the entity (``stance`` is the speaker's towards it)
    claims: list[Occurrence]
    #: claims the entity speaks
    spoken: list[Occurrence] = field(default_factory=list)
    #: who takes which stance towards it, and its stances towards others
    stances_on: dict[tuple[str, str], StanceRow] = field(default_factory=dict)
    stances_of: dict[tuple[str, str], StanceRow] = field(default_factory=dict)

    def per_layer(self, which: str) -> list[tuple[str, int]]:
        """(layer, count) of its mentions, of the claims about it ("claims
        about", the exports' claims_about) or of the claims it speaks ("claims
        spoken", claims_spoken): counts are never summed over layers."""
        occurrences = {"mentions": self.mentions, "claims about": self.claims, "claims spoken": self.spoken}[which]
        return sorted(Counter(o.item.layer for o in occurrences).items())

    def rows_on(self) -> list[StanceRow]:
        return [self.stances_on[k] for k in sorted(self.stances_on)]

    def rows_of(self) -> list[StanceRow]:
        return [self.stances_of[k] for k in sorted(self.stances_of)]


def _fields(corpus: Corpus, entity: Entity) -> list[tuple[str, str, str | None]]:
    """(label, value, the entity page it links to) for each registry field
    set, as the entity's table declares its columns (``REGISTRY_COLUMNS``)."""
    fields: list[tuple[str, str, str | None]] = [("type", entity.type, None)]
    shown = set(TABLES[f"{entity.type}s"].column_names)
    for column in REGISTRY_COLUMNS:
        if column.name not in shown:
            continue
        name, label = column.name, column.label
        value = getattr(entity, column.field)
        if name == "defined_by" and value is not None:
            fields.append((label, value.id, value.id if value.id in corpus.entities else None))
        elif isinstance(value, tuple):
            if value:
                fields.append((label, "; ".join(value), None))
        elif value is not None:
            fields.append((label, str(value), None))
    return fields


def entity_views(corpus: Corpus, layers: Layers, views: dict[str, list[LayerView]]) -> list[EntityView]:
    """Every registry entity with its fields, mentions, the claims about it
    with the speaker's stance, and the claims it speaks, across every
    document and layer shown."""
    found = {
        entity.id: EntityView(entity, _fields(corpus, entity), [], [])
        for entity in sorted(corpus.entities.values(), key=lambda e: (ENTITY_TYPES.index(e.type), e.id))
    }
    for doc_id, layer_views in views.items():
        document = corpus.documents[doc_id]
        for layer in layer_views:
            for item in layer.items:
                record = item.record
                if isinstance(record, Mention) and record.entity_id in found:
                    before, after = _context(document.text or "", item.span)
                    found[record.entity_id].mentions.append(Occurrence(document, item, before, after))
                elif isinstance(record, Claim):
                    speaker = found.get(item.speaker or "")
                    if speaker is not None:
                        speaker.spoken.append(Occurrence(document, item))
                    for link in record.about:
                        target = found.get(link.target.id)
                        if target is not None:
                            target.claims.append(Occurrence(document, item, stance=link.stance))
                        if item.speaker is None or link.stance is None:
                            continue
                        row = StanceRow(item.speaker, link.target.id, layer.name)
                        if target is not None:
                            target.stances_on.setdefault((item.speaker, layer.name), row).counts[link.stance] += 1
                        if speaker is not None:
                            row = StanceRow(item.speaker, link.target.id, layer.name)
                            speaker.stances_of.setdefault((link.target.id, layer.name), row).counts[link.stance] += 1
    return list(found.values())


@dataclass(slots=True)
class CodebookField:
    name: str
    data_type: str | None
    required: bool
    description: str | None
    values: list[tuple[str, str]]


def codebook_parts(rows: list[dict[str, object]]) -> list[tuple[str, list[CodebookField]]]:
    """The codebook rows grouped by part, each allowed value with its
    explanation (the schemas' ``enumDescriptions``, in the order of ``enum``)."""
    parts: dict[str, list[CodebookField]] = {}
    for row in rows:
        allowed = str(row["allowed_values"]).split(" | ") if row.get("allowed_values") else []
        explained = str(row["value_descriptions"]).split("\n") if row.get("value_descriptions") else []
        if len(explained) != len(allowed):
            explained = [""] * len(allowed)
        data_type = row.get("data_type")
        description = row.get("description")
        parts.setdefault(str(row["type"]), []).append(
            CodebookField(
                str(row["field"]),
                str(data_type) if data_type else None,
                bool(row["required"]),
                str(description) if description else None,
                list(zip(allowed, explained, strict=True)),
            )
        )
    return list(parts.items())


def totals(views: dict[str, list[LayerView]]) -> Counter[tuple[str, str]]:
    """(layer, type) -> count over every document."""
    counted: Counter[tuple[str, str]] = Counter()
    for layer_views in views.values():
        for layer in layer_views:
            for item in layer.items:
                counted[(layer.name, item.type)] += 1
    return counted
