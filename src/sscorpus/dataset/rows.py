"""The model to rows: one list of row dicts per table of the dataset.

Each row also carries ``_source``, the ``Location`` its values were written
at (for the codebook: the schema property, line 0 until a finding needs it), so that a value an export cannot
hold is reported at its file and line. Counts of mentions per entity type
come from the model's ``mention_counts``, which the completeness report
shares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..checks.cells import CellSource, FromText
from ..corpus.model import GOLD, AnnotationFile, Corpus, EntityType, Location, Span, mention_counts
from ..corpus.schemas import SchemaSet

if TYPE_CHECKING:  # the agreement (numpy) loads only for the tables that need it
    from ..agreement.disagreements import Disagreement
    from ..agreement.measure import Agreement

#: separator of the values in a multi-valued cell
LIST_SEPARATOR = " | "
#: how a piece's offsets are written in the ``pieces`` column
PIECE_FORMAT = "{start}:{end}"
#: the key of a row's source location (not a column of any table)
SOURCE = "_source"
#: the key of the places of the values that do not come from the row's
#: record: column -> a Location, or the text a value is quoted from
CELLS = "_cells"
#: the key of the text offset a row sorts by where the table has no start
#: column (links: the start of the claim or evidence the edge starts from)
POSITION = "_position"

Row = dict[str, Any]


class Layers:
    """The annotation files an export holds, and the layer each document's
    counts come from.

    Every annotator is a layer, and so is ``gold``, the adjudicated one. An
    export holds every layer's rows, or one layer's (``layer``). Counts are
    never summed over layers: each document's counts are those of its count
    layer, the exported layer, else gold, else its only annotator, else none.
    """

    def __init__(self, corpus: Corpus, layer: str | None = None) -> None:
        self.corpus = corpus
        self.layer = layer
        self.files = [f for f in corpus.files if layer is None or f.annotator == layer]
        by_document: dict[str, list[AnnotationFile]] = defaultdict(list)
        for file in self.files:
            by_document[file.document].append(file)
        self._by_document = by_document

    def annotators(self, doc_id: str) -> list[str]:
        return sorted({f.annotator for f in self._by_document.get(doc_id, [])})

    def count_layer(self, doc_id: str) -> str | None:
        annotators = self.annotators(doc_id)
        if GOLD in annotators:
            return GOLD
        return annotators[0] if len(annotators) == 1 else None

    @cached_property
    def agreement(self) -> tuple[Agreement, list[Disagreement]] | None:
        """The agreement of the independent annotators on every document
        two of them annotated, and their disagreements; None with fewer
        than two annotators."""
        from ..agreement.disagreements import disagreements
        from ..agreement.measure import agree, independent_annotators

        names = independent_annotators(self.corpus)
        if len(names) < 2:
            return None
        found = [d for first, second in combinations(names, 2) for d in disagreements(self.corpus, first, second)]
        return agree(self.corpus, names), found

    def counted(self) -> list[AnnotationFile]:
        """The files whose annotations are counted: one layer per document."""
        return [f for f in self.files if f.annotator == self.count_layer(f.document)]


def join(values: Iterable[object]) -> str | None:
    """Values for a multi-valued cell; None when there are none."""
    items = [str(v) for v in values if v is not None and v != ""]
    return LIST_SEPARATOR.join(items) if items else None


def _span_cells(corpus: Corpus, document: str, span: Span | None) -> Row:
    """The columns of a span, and (``CELLS``) the text its quote and section come from."""
    found = corpus.documents.get(document)
    structure = corpus.structure(document)
    if span is None or found is None or found.text is None or structure is None:
        return {"start": None, "end": None, "quote": None, "pieces": None, "line": None, "section": None}
    cells: dict[str, CellSource] = {
        "quote": FromText(found.text_file, found.text, span),
        "section": FromText(found.text_file, found.text, span, heading=True),
    }
    return {
        "start": span.start,
        "end": span.end,
        "quote": span.quote(found.text),
        "pieces": join(PIECE_FORMAT.format(start=s, end=e) for s, e in span.pieces),
        "line": structure.line(span.start),
        "section": structure.section(span.start),
        CELLS: cells,
    }


def _counts(file: AnnotationFile) -> Row:
    return {
        **mention_counts(file.mentions),
        "claims": len(file.claims),
        "evidence": len(file.evidence),
        "links": sum(len(c.about) for c in file.claims),
    }


def layer_counts(layers: Layers) -> list[Row]:
    return [{**_file_cells(f), **_counts(f), SOURCE: f.document_where} for f in layers.files]


def _file_cells(file: AnnotationFile) -> Row:
    return {"doc_id": file.document, "annotator": file.annotator}


def documents(layers: Layers) -> list[Row]:
    rows = []
    for doc in layers.corpus.documents.values():
        layer = layers.count_layer(doc.id)
        counted = [f for f in layers.files if f.document == doc.id and f.annotator == layer]
        provenance = doc.provenance
        rows.append(
            {
                "doc_id": doc.id,
                "title": doc.title,
                "kind": doc.kind,
                "authors": join(a.name for a in doc.authors),
                "affiliations": join(a.affiliation for a in doc.authors),
                "publication": doc.publication,
                "date": doc.date,
                "date_earliest": doc.date_earliest,
                "date_note": doc.date_note,
                "language": doc.language,
                "default_speaker": doc.speaker_id,
                "text_file": doc.text_file.name,
                "sha256": doc.sha256,
                "characters": len(doc.text) if doc.text is not None else None,
                "source_file": provenance.source_file if provenance else None,
                "source_start": provenance.start if provenance else None,
                "source_end": provenance.end if provenance else None,
                "source_url": provenance.url if provenance else None,
                "accessed": provenance.accessed if provenance else None,
                "source_sha256": provenance.source_sha256 if provenance else None,
                "provenance_note": provenance.note if provenance else None,
                "not_body": join(part.label for part in doc.not_body),
                "annotators": join(layers.annotators(doc.id)),
                "count_layer": layer,
                **(_counts(counted[0]) if counted else {}),
                SOURCE: doc.where,
            }
        )
    return rows


#: registry attributes copied into the entity tables, by column name
_ATTRIBUTES: dict[str, Callable[[Any], object]] = {
    "name": lambda e: e.name,
    "label": lambda e: e.name,
    "kind": lambda e: e.kind,
    "country": lambda e: e.country,
    "region": lambda e: e.region,
    "role": lambda e: e.role,
    "affiliation": lambda e: e.affiliation,
    "acronym": lambda e: e.acronym,
    "founded": lambda e: e.founded,
    "scope": lambda e: e.scope,
    "definition": lambda e: e.definition,
    "defined_by": lambda e: e.defined_by.id if e.defined_by else None,
    "defined_in": lambda e: e.defined_in,
    "aliases": lambda e: join(e.aliases),
    "wikidata": lambda e: e.wikidata,
    "note": lambda e: e.note,
}


def entities(type_: EntityType, attributes: Iterable[str]) -> Callable[[Layers], list[Row]]:
    """The rows of one entity table: the registry attributes named, then counts."""
    names = list(attributes)

    def build(layers: Layers) -> list[Row]:
        corpus = layers.corpus
        mentioned: dict[str, Counter[str]] = defaultdict(Counter)
        about: Counter[str] = Counter()
        spoken: Counter[str] = Counter()
        for file in layers.counted():
            for mention in file.mentions:
                if mention.entity_id:
                    mentioned[mention.entity_id][file.document] += 1
            for claim in file.claims:
                about.update({link.target.id for link in claim.about})
                speaker = corpus.speaker_of(claim, file.document)
                if speaker:
                    spoken[speaker] += 1
        rows = []
        for entity in corpus.entities_of(type_):
            per_doc = mentioned.get(entity.id, Counter())
            rows.append(
                {
                    "id": entity.id,
                    **{name: _ATTRIBUTES[name](entity) for name in names},
                    "mentions": sum(per_doc.values()),
                    "documents": join(f"{doc} ({n})" for doc, n in sorted(per_doc.items())),
                    "claims_about": about.get(entity.id, 0),
                    **({"claims_spoken": spoken.get(entity.id, 0)} if type_ == "actor" else {}),
                    SOURCE: entity.where,
                }
            )
        return rows

    return build


def mentions(layers: Layers) -> list[Row]:
    corpus = layers.corpus
    return [
        {
            **_file_cells(f),
            "id": m.id,
            "entity_id": m.entity_id,
            "entity_type": m.entity_type,
            **_span_cells(corpus, f.document, m.span),
            "note": m.note,
            SOURCE: m.where,
        }
        for f in layers.files
        for m in f.mentions
    ]


def claims(layers: Layers) -> list[Row]:
    corpus = layers.corpus
    rows = []
    for file in layers.files:
        support: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for evidence in file.evidence:
            for relation, ref in evidence.relations():
                support[ref.id][relation].append(evidence.id or "")
        for claim in file.claims:
            rows.append(
                {
                    **_file_cells(file),
                    "id": claim.id,
                    **_span_cells(corpus, file.document, claim.span),
                    "speaker": corpus.speaker_of(claim, file.document),
                    "speaker_is_default": claim.speaker is None,
                    "kind": claim.kind,
                    "hedged": claim.hedged,
                    "about": join(f"{link.target.expected}:{link.target.id}={link.stance}" for link in claim.about),
                    "supported_by": join(sorted(support[claim.id or ""]["supports"])),
                    "challenged_by": join(sorted(support[claim.id or ""]["challenges"])),
                    "note": claim.note,
                    SOURCE: claim.where,
                }
            )
    return rows


def evidence(layers: Layers) -> list[Row]:
    return [
        {
            **_file_cells(f),
            "id": e.id,
            **_span_cells(layers.corpus, f.document, e.span),
            "kind": e.kind,
            "source": e.cited,
            "supports": join(r.id for r in e.supports),
            "challenges": join(r.id for r in e.challenges),
            "note": e.note,
            SOURCE: e.where,
        }
        for f in layers.files
        for e in f.evidence
    ]


def links(layers: Layers) -> list[Row]:
    corpus = layers.corpus
    rows = []
    for file in layers.files:
        base = _file_cells(file)
        for claim in file.claims:
            speaker = corpus.speaker_of(claim, file.document)
            at = {POSITION: claim.span.start if claim.span else None}
            if speaker:
                rows.append(
                    {
                        **base,
                        "source_id": claim.id,
                        "source_type": "claim",
                        "relation": "speaker",
                        "target_id": speaker,
                        "target_type": "actor",
                        "stance": None,
                        "speaker": speaker,
                        SOURCE: claim.speaker.where if claim.speaker else claim.where,
                        **at,
                    }
                )
            for link in claim.about:
                rows.append(
                    {
                        **base,
                        "source_id": claim.id,
                        "source_type": "claim",
                        "relation": "about",
                        "target_id": link.target.id,
                        "target_type": link.target.expected,
                        "stance": link.stance,
                        "speaker": speaker,
                        SOURCE: link.where,
                        **at,
                    }
                )
        for item in file.evidence:
            at = {POSITION: item.span.start if item.span else None}
            for relation, ref in item.relations():
                rows.append(
                    {
                        **base,
                        "source_id": item.id,
                        "source_type": "evidence",
                        "relation": relation,
                        "target_id": ref.id,
                        "target_type": "claim",
                        "stance": None,
                        "speaker": None,
                        SOURCE: ref.where,
                        **at,
                    }
                )
    return rows


def _rounded(value: object) -> object:
    """A figure rounded to 6 decimals, so that the same annotations give the
    same bytes whatever the float arithmetic of a machine's libraries."""
    return round(value, 6) if isinstance(value, float) else value


def agreement(layers: Layers) -> list[Row]:
    from ..agreement.report import agreement_rows

    measured = layers.agreement
    if measured is None:
        return []
    return [{**{k: _rounded(v) for k, v in row.items()}, SOURCE: None} for row in agreement_rows(measured[0])]


def disagreement_table(layers: Layers) -> list[Row]:
    """The disagreements; each side's values located at the line of its annotation."""
    from ..agreement.report import disagreement_rows

    measured = layers.agreement
    if measured is None:
        return []
    found = measured[1]
    rows = []
    for d, row in zip(found, disagreement_rows(found, layers.corpus.root), strict=True):
        cells: dict[str, CellSource] = {}
        for n, side in ((1, d.first), (2, d.second)):
            if side.path is not None and side.line is not None:
                place = Location(side.path, side.line, 1)
                cells.update({f"value_{n}": place, f"id_{n}": place, f"where_{n}": place})
                cells.setdefault("what", place)
        rows.append({**row, SOURCE: None, CELLS: cells})
    return rows


#: the parts of the format the codebook describes, and where their schema is
CODEBOOK_PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("actor", "actor", None),
    ("institution", "institution", None),
    ("principle", "principle", None),
    ("mention", "annotation-file", "#/$defs/mention"),
    ("claim", "claim", None),
    ("evidence", "evidence", None),
    ("link", "common", "#/$defs/link"),
    ("piece", "common", "#/$defs/piece"),
    ("annotation file", "annotation-file", None),
    ("document (catalog)", "catalog", "#/$defs/document"),
)


def codebook(schemas: SchemaSet) -> list[Row]:
    rows = []
    for part, name, fragment in CODEBOOK_PARTS:
        schema = schemas.schemas[name]
        if fragment:
            schema = schemas.resolve({"$ref": schemas.ids[name] + fragment})
        required = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            sub = schemas.resolve(sub)
            data_type = sub.get("type")
            enum = sub.get("enum") or (sub.get("items", {}) or {}).get("enum")
            rows.append(
                {
                    "type": part,
                    "field": prop,
                    "data_type": data_type if isinstance(data_type, str) else None,
                    "required": prop in required,
                    "description": sub.get("description"),
                    "allowed_values": join(enum) if enum else None,
                    "value_descriptions": "\n".join(sub.get("enumDescriptions", [])) or None,
                    SOURCE: Location(
                        schemas.directory / f"{name}.schema.json", 0, 0, f"{(fragment or '#')[1:]}/properties/{prop}"
                    ),
                }
            )
    return rows
