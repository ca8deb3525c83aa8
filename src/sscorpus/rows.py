"""The model to rows: one list of row dicts per table of the dataset.

Each row also carries ``_source``, the ``Location`` its values were written
at (None for rows made from the schemas), so that a value an export cannot
hold is reported at its file and line. Counts of mentions per entity type
come from the model's ``mention_counts``, which the completeness report
shares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .model import AnnotationFile, Corpus, EntityType, Span, mention_counts
from .schemas import SchemaSet

#: separator of the values in a multi-valued cell
LIST_SEPARATOR = " | "
#: how a piece's offsets are written in the ``pieces`` column
PIECE_FORMAT = "{start}:{end}"
#: the key of a row's source location (not a column of any table)
SOURCE = "_source"

Row = dict[str, Any]


def join(values: Iterable[object]) -> str | None:
    """Values for a multi-valued cell; None when there are none."""
    items = [str(v) for v in values if v is not None and v != ""]
    return LIST_SEPARATOR.join(items) if items else None


def _span_cells(corpus: Corpus, document: str, span: Span | None) -> Row:
    document_text = corpus.documents[document].text if document in corpus.documents else None
    structure = corpus.structure(document)
    if span is None or document_text is None or structure is None:
        return {"start": None, "end": None, "quote": None, "pieces": None, "line": None, "section": None}
    return {
        "start": span.start, "end": span.end, "quote": span.quote(document_text),
        "pieces": join(PIECE_FORMAT.format(start=s, end=e) for s, e in span.pieces),
        "line": structure.line(span.start), "section": structure.section(span.start),
    }


def _file_cells(file: AnnotationFile) -> Row:
    return {"doc_id": file.document, "annotator": file.annotator}


def documents(corpus: Corpus) -> list[Row]:
    rows = []
    for doc in corpus.documents.values():
        files = [f for f in corpus.files if f.document == doc.id]
        provenance = doc.provenance
        rows.append({
            "doc_id": doc.id, "title": doc.title, "kind": doc.kind,
            "authors": join(a.name for a in doc.authors), "affiliations": join(a.affiliation for a in doc.authors),
            "publication": doc.publication, "date": doc.date, "date_earliest": doc.date_earliest,
            "date_note": doc.date_note, "language": doc.language,
            "default_speaker": doc.speaker_id, "text_file": doc.text_file.name, "sha256": doc.sha256,
            "characters": len(doc.text) if doc.text is not None else None,
            "source_file": provenance.source_file if provenance else None,
            "source_start": provenance.start if provenance else None,
            "source_end": provenance.end if provenance else None,
            "source_url": provenance.url if provenance else None,
            "accessed": provenance.accessed if provenance else None,
            "annotators": join(sorted({f.annotator for f in files})),
            **mention_counts(m for f in files for m in f.mentions),
            "claims": sum(len(f.claims) for f in files), "evidence": sum(len(f.evidence) for f in files),
            SOURCE: doc.where,
        })
    return rows


#: registry attributes copied into the entity tables, by column name
_ATTRIBUTES: dict[str, Callable[[Any], object]] = {
    "name": lambda e: e.name, "label": lambda e: e.name, "kind": lambda e: e.kind, "country": lambda e: e.country,
    "region": lambda e: e.region, "role": lambda e: e.role, "affiliation": lambda e: e.affiliation,
    "acronym": lambda e: e.acronym, "founded": lambda e: e.founded, "scope": lambda e: e.scope,
    "definition": lambda e: e.definition, "defined_by": lambda e: e.defined_by.id if e.defined_by else None,
    "defined_in": lambda e: e.defined_in, "aliases": lambda e: join(e.aliases), "wikidata": lambda e: e.wikidata,
    "note": lambda e: e.note,
}


def entities(type_: EntityType, attributes: Iterable[str]) -> Callable[[Corpus], list[Row]]:
    """The rows of one entity table: the registry attributes named, then counts."""
    names = list(attributes)

    def build(corpus: Corpus) -> list[Row]:
        mentioned: dict[str, Counter[str]] = defaultdict(Counter)
        claims: Counter[str] = Counter()
        for file in corpus.files:
            for mention in file.mentions:
                if mention.entity_id:
                    mentioned[mention.entity_id][file.document] += 1
            for claim in file.claims:
                targets = {link.target.id for link in claim.about}
                speaker = corpus.speaker_of(claim, file.document)
                if speaker:
                    targets.add(speaker)
                claims.update(targets)
        rows = []
        for entity in corpus.entities_of(type_):
            per_doc = mentioned.get(entity.id, Counter())
            rows.append({
                "id": entity.id, **{name: _ATTRIBUTES[name](entity) for name in names},
                "mentions": sum(per_doc.values()),
                "documents": join(f"{doc} ({n})" for doc, n in sorted(per_doc.items())),
                "claims": claims.get(entity.id, 0), SOURCE: entity.where,
            })
        return rows
    return build


def mentions(corpus: Corpus) -> list[Row]:
    return [{**_file_cells(f), "id": f"{m.entity_id}@{m.span.start}:{m.span.end}" if m.span else None,
             "entity_id": m.entity_id, "entity_type": m.entity_type, **_span_cells(corpus, f.document, m.span),
             "note": m.note, SOURCE: m.where}
            for f in corpus.files for m in f.mentions]


def claims(corpus: Corpus) -> list[Row]:
    rows = []
    for file in corpus.files:
        support: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for evidence in file.evidence:
            for relation, ref in evidence.relations():
                support[ref.id][relation].append(evidence.id or "")
        for claim in file.claims:
            rows.append({
                **_file_cells(file), "id": claim.id, **_span_cells(corpus, file.document, claim.span),
                "speaker": corpus.speaker_of(claim, file.document), "speaker_is_default": claim.speaker is None,
                "kind": claim.kind, "hedged": claim.hedged,
                "about": join(f"{link.target.expected}:{link.target.id}={link.stance}" for link in claim.about),
                "supported_by": join(sorted(support[claim.id or ""]["supports"])),
                "challenged_by": join(sorted(support[claim.id or ""]["challenges"])),
                "note": claim.note, SOURCE: claim.where,
            })
    return rows


def evidence(corpus: Corpus) -> list[Row]:
    return [{**_file_cells(f), "id": e.id, **_span_cells(corpus, f.document, e.span),
             "kind": e.kind, "source": e.cited, "supports": join(r.id for r in e.supports),
             "challenges": join(r.id for r in e.challenges), "note": e.note, SOURCE: e.where}
            for f in corpus.files for e in f.evidence]


def links(corpus: Corpus) -> list[Row]:
    rows = []
    for file in corpus.files:
        base = _file_cells(file)
        for claim in file.claims:
            speaker = corpus.speaker_of(claim, file.document)
            if speaker:
                rows.append({**base, "source_id": claim.id, "source_type": "claim", "relation": "speaker",
                             "target_id": speaker, "target_type": "actor", "stance": None, "speaker": speaker,
                             SOURCE: claim.speaker.where if claim.speaker else claim.where})
            for link in claim.about:
                rows.append({**base, "source_id": claim.id, "source_type": "claim", "relation": "about",
                             "target_id": link.target.id, "target_type": link.target.expected,
                             "stance": link.stance, "speaker": speaker, SOURCE: link.where})
        for item in file.evidence:
            for relation, ref in item.relations():
                rows.append({**base, "source_id": item.id, "source_type": "evidence", "relation": relation,
                             "target_id": ref.id, "target_type": "claim", "stance": None, "speaker": None,
                             SOURCE: ref.where})
    return rows


#: the parts of the format the codebook describes, and where their schema is
CODEBOOK_PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("actor", "actor", None), ("institution", "institution", None), ("principle", "principle", None),
    ("mention", "annotation-file", "#/$defs/mention"), ("claim", "claim", None), ("evidence", "evidence", None),
    ("link", "common", "#/$defs/link"), ("piece", "common", "#/$defs/piece"),
    ("annotation file", "annotation-file", None), ("document (catalog)", "catalog", "#/$defs/document"),
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
            rows.append({
                "type": part, "field": prop, "data_type": data_type if isinstance(data_type, str) else None,
                "required": prop in required, "description": sub.get("description"),
                "allowed_values": join(enum) if enum else None,
                "value_descriptions": "\n".join(sub.get("enumDescriptions", [])) or None,
                SOURCE: None,
            })
    return rows
