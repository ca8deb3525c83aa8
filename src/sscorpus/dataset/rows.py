"""The model to rows: one list of row dicts per table of the dataset.

Each row also carries ``_source``, the ``Location`` its values were written
at (for the codebook: the schema property, line 0 until a finding needs it), so that a value an export cannot
hold is reported at its file and line. Counts of a file's annotations
come from the model (``AnnotationFile.counts``), which the completeness
report shares.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from ..checks.cells import CellSource, FromText
from ..corpus.model import AnnotationFile, Claim, Corpus, EntityType, Evidence, Location, Mention
from ..corpus.schemas import SchemaSet, remembered
from .layers import Layers
from .tables import CELLS, PIECE_FORMAT, POSITION, SOURCE, TABLES, Column, Row, join


def _span_cells(corpus: Corpus, document: str, record: Mention | Claim | Evidence) -> Row:
    """The columns of a record's span, and (``CELLS``) where the values of
    its row were written: the text its quote and section come from, and the
    keys of its text fields."""
    cells: dict[str, CellSource] = dict(record.places)
    if not isinstance(record, Mention) and record.id_where is not None:
        cells["id"] = record.id_where
    span = record.span
    found = corpus.documents.get(document)
    structure = corpus.structure(document)
    if span is None or found is None or found.text is None or structure is None:
        return {"start": None, "end": None, "quote": None, "pieces": None, "line": None, "section": None, CELLS: cells}
    cells["quote"] = FromText(found.text_file, found.text, span)
    cells["section"] = FromText(found.text_file, found.text, span, heading=True)
    return {
        "start": span.start,
        "end": span.end,
        "quote": span.quote(found.text),
        "pieces": join(PIECE_FORMAT.format(start=s, end=e) for s, e in span.pieces),
        "line": structure.line(span.start),
        "section": structure.section(span.start),
        CELLS: cells,
    }


def layer_counts(layers: Layers) -> list[Row]:
    return [{**_file_cells(f), **f.counts(), SOURCE: f.document_where} for f in layers.files]


def _file_cells(file: AnnotationFile) -> Row:
    return {"doc_id": file.document, "annotator": file.annotator}


#: the catalog key each column of the documents table is written at
_DOCUMENT_KEYS = {c.name: c.keys or (c.name,) for c in TABLES["documents"].columns}


def _places(places: Mapping[str, Location], keys: Mapping[str, tuple[str, ...]]) -> dict[str, CellSource]:
    """Where each column's value is written, by the first of its keys that
    the record has a place for."""
    found: dict[str, CellSource] = {}
    for column, candidates in keys.items():
        place = next((places[key] for key in candidates if key in places), None)
        if place is not None:
            found[column] = place
    return found


def copied(table: str) -> list[Column]:
    """The columns of ``table`` that copy a field of the row's model record
    (those that declare a ``value``): a table's builder adds them to each row."""
    return [c for c in TABLES[table].columns if c.value is not None]


def documents(layers: Layers) -> list[Row]:
    extra = copied("documents")
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
                **(counted[0].counts() if counted else {}),
                **{c.name: c.value(doc) for c in extra if c.value is not None},
                SOURCE: doc.where,
                CELLS: _places(doc.places, _DOCUMENT_KEYS),
            }
        )
    return rows


def entities(type_: EntityType) -> Callable[[Layers], list[Row]]:
    """The rows of one entity table: the registry attributes its columns
    copy (``copied``), then counts."""

    def build(layers: Layers) -> list[Row]:
        corpus = layers.corpus
        extra = copied(f"{type_}s")
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
                    **{c.name: c.value(entity) for c in extra if c.value is not None},
                    "mentions": sum(per_doc.values()),
                    "documents": join(f"{doc} ({n})" for doc, n in sorted(per_doc.items())),
                    "claims_about": about.get(entity.id, 0),
                    **({"claims_spoken": spoken.get(entity.id, 0)} if type_ == "actor" else {}),
                    SOURCE: entity.where,
                    CELLS: {**entity.places, "id": entity.id_where},
                }
            )
        return rows

    return build


def mentions(layers: Layers) -> list[Row]:
    corpus = layers.corpus
    extra = copied("mentions")
    return [
        {
            **_file_cells(f),
            "id": m.id,
            "entity_id": m.entity_id,
            "entity_type": m.entity_type,
            **_span_cells(corpus, f.document, m),
            "note": m.note,
            **{c.name: c.value(m) for c in extra if c.value is not None},
            SOURCE: m.where,
        }
        for f in layers.files
        for m in f.mentions
    ]


def claims(layers: Layers) -> list[Row]:
    corpus = layers.corpus
    extra = copied("claims")
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
                    **_span_cells(corpus, file.document, claim),
                    "speaker": corpus.speaker_of(claim, file.document),
                    "speaker_is_default": claim.speaker is None,
                    "kind": claim.kind,
                    "hedged": claim.hedged,
                    "about": join(f"{link.target.expected}:{link.target.id}={link.stance}" for link in claim.about),
                    "supported_by": join(sorted(support[claim.id or ""]["supports"])),
                    "challenged_by": join(sorted(support[claim.id or ""]["challenges"])),
                    "note": claim.note,
                    **{c.name: c.value(claim) for c in extra if c.value is not None},
                    SOURCE: claim.where,
                }
            )
    return rows


def evidence(layers: Layers) -> list[Row]:
    extra = copied("evidence")
    return [
        {
            **_file_cells(f),
            "id": e.id,
            **_span_cells(layers.corpus, f.document, e),
            "kind": e.kind,
            "source": e.cited,
            "supports": join(r.id for r in e.supports),
            "challenges": join(r.id for r in e.challenges),
            "note": e.note,
            **{c.name: c.value(e) for c in extra if c.value is not None},
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


#: the keys of a schema property each codebook column's value may be written at
_CODEBOOK_KEYS = {c.name: c.keys for c in TABLES["codebook"].columns if c.keys}


def _holds(schema: Mapping[str, Any], key: str) -> bool:
    """Whether ``schema`` has a value at the relative pointer ``key``."""
    value: Any = schema
    for part in key.split("/"):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    return True


#: one codebook row as the schemas' content gives it (no folder): the schema
#: file's name, the row's JSON pointer there, its values, and the key of each
#: column's value (for its cell's location)
_Field = tuple[str, str, dict[str, Any], tuple[tuple[str, str], ...]]
#: the codebook's fields by the content of their schema set (``_content``):
#: a few (one per schema version in use), each resolved once
_FIELDS: dict[str, list[_Field]] = {}


def _content(schemas: SchemaSet) -> str:
    """SHA-256 of the content of a schema set, whatever its folder."""
    return hashlib.sha256(json.dumps(schemas.schemas, sort_keys=True).encode()).hexdigest()


def _fields(schemas: SchemaSet) -> list[_Field]:
    """The codebook's fields, their ``$ref``s resolved."""
    fields = []
    for part, name, fragment in CODEBOOK_PARTS:
        schema = schemas.schemas[name]
        if fragment:
            schema = schemas.resolve({"$ref": schemas.ids[name] + fragment})
        required = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            sub = schemas.resolve(sub)
            data_type = sub.get("type")
            enum = sub.get("enum") or (sub.get("items", {}) or {}).get("enum")
            row = {
                "type": part,
                "field": prop,
                "data_type": data_type if isinstance(data_type, str) else None,
                "required": prop in required,
                "description": sub.get("description"),
                "allowed_values": join(enum) if enum else None,
                "value_descriptions": "\n".join(sub.get("enumDescriptions", [])) or None,
            }
            # where the description and values are written in the schema
            cells = tuple(
                (column, key)
                for column, keys in _CODEBOOK_KEYS.items()
                if (key := next((k for k in keys if _holds(sub, k)), None))
            )
            fields.append((name, f"{(fragment or '#')[1:]}/properties/{prop}", row, cells))
    return fields


def codebook(schemas: SchemaSet) -> list[Row]:
    """A row per field of the annotation schemas, located in the schema
    files of ``schemas``' folder (line 0: by pointer). What depends on the
    schemas' content alone is made once per content."""
    fields = remembered(_FIELDS, _content(schemas), lambda: _fields(schemas))
    rows = []
    for name, at, row, cells in fields:
        path = schemas.directory / f"{name}.schema.json"
        rows.append(
            {
                **row,
                SOURCE: Location(path, 0, 0, at),
                CELLS: {column: Location(path, 0, 0, f"{at}/{key}") for column, key in cells},
            }
        )
    return rows
