"""Annotations to tidy tables: one pandas DataFrame per table.

Every table is described once here (``TABLES``): its columns in order, their
types and descriptions, its primary and foreign keys. The same description
drives the DataFrames, the data package descriptor and the workbook, so they
cannot drift apart. Descriptions of columns that come from a schema field
are taken from the schema.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .corpus import Layout
from .model import ENTITY_TYPES, PIECE_SEPARATOR, Annotation, AnnotationFile, Corpus, EntityType, Span
from .schemas import SchemaSet
from .structure import TextStructure

#: separator of the values in a multi-valued cell
LIST_SEPARATOR = " | "
#: how a piece's offsets are written in the ``pieces`` column
PIECE_FORMAT = "{start}:{end}"
#: the extra column of every table that says where each row came from
SOURCE = "_source"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a row came from: a file, the position of its record (line 0 when
    not known here: the export locates it when it needs to) and its pointer."""

    path: Path
    line: int
    column: int
    pointer: str


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, boolean
    description: str = ""
    #: (schema name, property) whose description this column carries
    schema_field: tuple[str, str] | None = None
    #: the column lists several values, joined by LIST_SEPARATOR
    multi: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sort_by: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


_SPAN_COLUMNS = (
    Column("doc_id", "string", "Document id (see the documents table)."),
    Column("annotator", "string", "Annotator id: one file per document and annotator."),
    Column("id", "string", "Annotation id, unique within one document and annotator."),
    Column("start", "integer", "Offset of the span's first character in the document's text: Unicode code "
           "points, 0-based."),
    Column("end", "integer", "Offset just after the span's last character: code points, 0-based, "
           "end-exclusive. For a span in pieces, the end of the last piece."),
    Column("quote", "string", "The exact text of the span, every character as in the document. The texts of "
           f"a span in pieces are joined by '{PIECE_SEPARATOR}'."),
    Column("pieces", "string", "The offsets of each piece of the span as start:end, joined by "
           f"'{LIST_SEPARATOR}'; one piece for a contiguous span.", multi=True),
    Column("line", "integer", "Line of the document's text (1-based) on which the span starts."),
    Column("section", "string", "The heading the span sits under in the text (markup removed); empty "
           "before the first heading."),
)


def _span(*extra: Column) -> tuple[Column, ...]:
    return (*_SPAN_COLUMNS, *extra)


def _entity_columns(type_: EntityType, names: Iterable[tuple[str, str]]) -> tuple[Column, ...]:
    columns = [Column("id", "string", schema_field=(type_, "id"))]
    for name, kind in names:
        columns.append(Column(name, kind, schema_field=(type_, name), multi=name == "aliases"))
    columns += [
        Column("mentions", "integer", f"How many mentions of the {type_} the annotations hold (all documents "
               "and annotators)."),
        Column("documents", "string", "The documents that mention it, with the number of mentions in each, as "
               f"doc_id (n), joined by '{LIST_SEPARATOR}'.", multi=True),
        Column("claims", "integer", f"How many claims link to the {type_} (about), or have it as speaker."),
    ]
    return tuple(columns)


TABLES: dict[str, Table] = {t.name: t for t in (
    Table("documents", "Documents", "The texts of the corpus (the catalog), with annotators and counts.", (
        Column("doc_id", "string", "Document id, used in every other table."),
        Column("title", "string", "Title as the text gives it."),
        Column("kind", "string", "Kind of text: essay, news-brief..."),
        Column("authors", "string", f"Authors, joined by '{LIST_SEPARATOR}'; empty for texts without a "
               "personal author.", multi=True),
        Column("affiliations", "string", f"The authors' affiliations as printed, joined by '{LIST_SEPARATOR}'.",
               multi=True),
        Column("publication", "string", "Where the text was published, as far as the text tells."),
        Column("date", "string", "Date of the text (YYYY, YYYY-MM or YYYY-MM-DD) where the text gives one."),
        Column("date_earliest", "string", "When the text gives no date: the earliest date it can have been "
               "written, from what it says."),
        Column("date_note", "string", "How the date is known."),
        Column("language", "string", "Language (BCP 47)."),
        Column("default_speaker", "string", "Actor id of the speaker of claims that name none."),
        Column("text_file", "string", "File name of the text in texts/."),
        Column("sha256", "string", "SHA-256 of the text file's bytes."),
        Column("characters", "integer", "Length of the text in Unicode code points (the unit of all offsets)."),
        Column("source_file", "string", "The file the text was cut from."),
        Column("source_start", "integer", "Offset of the text in the source file (code points, 0-based)."),
        Column("source_end", "integer", "End of the text in the source file (end-exclusive)."),
        Column("annotators", "string", f"Annotators of the document, joined by '{LIST_SEPARATOR}'.", multi=True),
        Column("mentions", "integer", "Number of entity mentions (all annotators)."),
        Column("actor_mentions", "integer", "Number of actor mentions."),
        Column("institution_mentions", "integer", "Number of institution mentions."),
        Column("principle_mentions", "integer", "Number of principle mentions."),
        Column("claims", "integer", "Number of claims."),
        Column("evidence", "integer", "Number of pieces of evidence."),
    ), ("doc_id",), ("doc_id",), (ForeignKey(("default_speaker",), "actors", ("id",)),)),
    Table("actors", "Actors", "Who acts or speaks: one row per actor of the registry.", _entity_columns(
        "actor", [("name", "string"), ("kind", "string"), ("country", "string"), ("region", "string"),
                  ("role", "string"), ("affiliation", "string"), ("aliases", "string"), ("wikidata", "string"),
                  ("note", "string")]), ("id",), ("id",)),
    Table("institutions", "Institutions", "Organisations, banks, fora, treaties, summits and dialogues: one row "
          "per institution of the registry.", _entity_columns(
              "institution", [("name", "string"), ("acronym", "string"), ("kind", "string"),
                              ("founded", "integer"), ("scope", "string"), ("aliases", "string"),
                              ("wikidata", "string"), ("note", "string")]), ("id",), ("id",)),
    Table("principles", "Principles", "Norms and principles of cooperation: one row per principle of the "
          "registry.", _entity_columns(
              "principle", [("label", "string"), ("definition", "string"), ("defined_by", "string"),
                            ("defined_in", "string"), ("aliases", "string"), ("wikidata", "string"),
                            ("note", "string")]), ("id",), ("id",),
          (ForeignKey(("defined_by",), "actors", ("id",)),)),
    Table("mentions", "Mentions", "One row per mention of an entity in a document.", (
        Column("doc_id", "string", "Document id."),
        Column("annotator", "string", "Annotator id."),
        Column("id", "string", "Mention id, derived (mentions have no id of their own in the annotation files): "
               "entity_id@start:end, unique within one document and annotator."),
        Column("entity_id", "string", "Id of the entity mentioned (actors, institutions or principles table)."),
        Column("entity_type", "string", "actor, institution or principle."),
        *_SPAN_COLUMNS[3:],
        Column("note", "string", schema_field=("common", "note")),
    ), ("doc_id", "annotator", "id"), ("doc_id", "annotator", "start", "end", "entity_id"),
        (ForeignKey(("doc_id",), "documents", ("doc_id",)),)),
    Table("claims", "Claims", "One row per claim.", _span(
        Column("speaker", "string", "Actor id of the speaker: the claim's own, or the document's default."),
        Column("speaker_is_default", "boolean", "true when the annotation names no speaker and the "
               "document's default speaker is used."),
        Column("kind", "string", schema_field=("claim", "kind")),
        Column("hedged", "boolean", schema_field=("claim", "hedged")),
        Column("about", "string", "What the claim is about, as type:id=stance, joined by "
               f"'{LIST_SEPARATOR}' (the same facts are rows of the links table).", multi=True),
        Column("supported_by", "string", f"Ids of the evidence that supports the claim, joined by "
               f"'{LIST_SEPARATOR}'.", multi=True),
        Column("challenged_by", "string", f"Ids of the evidence that challenges the claim, joined by "
               f"'{LIST_SEPARATOR}'.", multi=True),
        Column("note", "string", schema_field=("common", "note")),
    ), ("doc_id", "annotator", "id"), ("doc_id", "annotator", "start", "id"), (
        ForeignKey(("doc_id",), "documents", ("doc_id",)), ForeignKey(("speaker",), "actors", ("id",)))),
    Table("evidence", "Evidence", "One row per piece of evidence.", _span(
        Column("kind", "string", schema_field=("evidence", "kind")),
        Column("source", "string", schema_field=("evidence", "source")),
        Column("supports", "string", f"Ids of the claims it supports, joined by '{LIST_SEPARATOR}'.", multi=True),
        Column("challenges", "string", f"Ids of the claims it challenges, joined by '{LIST_SEPARATOR}'.",
               multi=True),
        Column("note", "string", schema_field=("common", "note")),
    ), ("doc_id", "annotator", "id"), ("doc_id", "annotator", "start", "id"),
        (ForeignKey(("doc_id",), "documents", ("doc_id",)),)),
    Table("links", "Links", "Every link as an edge, ready for network analysis: claim -> entity (about, with "
          "the speaker's stance), claim -> actor (speaker), evidence -> claim (supports, challenges).", (
        Column("doc_id", "string", "Document id."),
        Column("annotator", "string", "Annotator id."),
        Column("source_id", "string", "Id of the claim or evidence the edge starts from."),
        Column("source_type", "string", "claim or evidence."),
        Column("relation", "string", "about (claim -> actor, institution or principle), speaker (claim -> "
               "actor), supports or challenges (evidence -> claim)."),
        Column("target_id", "string", "Id of the entity or claim the edge points to."),
        Column("target_type", "string", "actor, institution, principle or claim."),
        Column("stance", "string", "For about: the speaker's stance (endorses, rejects, neutral); empty "
               "otherwise."),
        Column("speaker", "string", "Actor id of the claim's speaker (for about and speaker edges), so that "
               "actor x principle networks need no join."),
    ), ("doc_id", "annotator", "source_id", "relation", "target_id"),
        ("doc_id", "annotator", "source_id", "relation", "target_type", "target_id"),
        (ForeignKey(("doc_id",), "documents", ("doc_id",)),)),
    Table("codebook", "Codebook", "Every field of every annotation type, from the schemas: description, type "
          "and allowed values.", (
        Column("type", "string", "The annotation type or part of the format the field belongs to."),
        Column("field", "string", "Field name as written in the annotation files."),
        Column("data_type", "string", "JSON type of the field (string, integer, boolean, array, object)."),
        Column("required", "boolean", "true when every annotation of the type must give the field."),
        Column("description", "string", "The field's description in the schema: the annotation guideline."),
        Column("allowed_values", "string", f"For a controlled vocabulary: the allowed values, joined by "
               f"'{LIST_SEPARATOR}'.", multi=True),
        Column("value_descriptions", "string", "For a controlled vocabulary: what each value means, one "
               "value: description per line."),
    ), ("type", "field"), ()),
)}


# -- helpers -------------------------------------------------------------------

def _join(values: Iterable[object]) -> str | None:
    items = [str(v) for v in values if v is not None and v != ""]
    return LIST_SEPARATOR.join(items) if items else None


def _span_cells(span: Span | None, text: str | None, structure: TextStructure | None) -> dict[str, Any]:
    if span is None or text is None or structure is None:
        return {"start": None, "end": None, "quote": None, "pieces": None, "line": None, "section": None}
    return {
        "start": span.start, "end": span.end, "quote": span.quote(text),
        "pieces": _join(PIECE_FORMAT.format(start=s, end=e) for s, e in span.pieces),
        "line": structure.line(span.start), "section": structure.section(span.start),
    }


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# -- the tables ----------------------------------------------------------------

@dataclass(slots=True)
class _Context:
    corpus: Corpus
    structures: dict[str, TextStructure] = field(default_factory=dict)

    def structure_of(self, doc_id: str) -> TextStructure | None:
        document = self.corpus.documents.get(doc_id)
        if document is None or document.text is None:
            return None
        if doc_id not in self.structures:
            self.structures[doc_id] = TextStructure(document.text)
        return self.structures[doc_id]

    def text_of(self, doc_id: str) -> str | None:
        document = self.corpus.documents.get(doc_id)
        return document.text if document else None

    def source(self, file: AnnotationFile, annotation: Annotation) -> Source:
        return Source(file.path, *file.position(annotation.pointer), annotation.pointer)

    def span(self, annotation: Annotation) -> dict[str, Any]:
        return _span_cells(annotation.span, self.text_of(annotation.document), self.structure_of(annotation.document))


def _documents(ctx: _Context) -> list[dict[str, Any]]:
    rows = []
    for doc in ctx.corpus.documents.values():
        files = [f for f in ctx.corpus.files if f.document == doc.id]
        mentions = Counter(m.entity_type for f in files for m in f.mentions)
        authors = [a for a in doc.meta.get("authors") or [] if isinstance(a, dict)]
        raw_provenance = doc.meta.get("provenance")
        provenance: dict[str, Any] = raw_provenance if isinstance(raw_provenance, dict) else {}
        rows.append({
            "doc_id": doc.id, "title": doc.title, "kind": doc.kind,
            "authors": _join(a.get("name") for a in authors),
            "affiliations": _join(a.get("affiliation") for a in authors),
            **{key: _str_or_none(doc.meta.get(key)) for key in
               ("publication", "date", "date_earliest", "date_note", "language")},
            "default_speaker": doc.default_speaker, "text_file": doc.text_file.name,
            "sha256": _str_or_none(doc.meta.get("sha256")),
            "characters": len(doc.text) if doc.text is not None else None,
            "source_file": _str_or_none(provenance.get("source_file")),
            "source_start": provenance.get("start"), "source_end": provenance.get("end"),
            "annotators": _join(sorted({f.annotator for f in files})),
            "mentions": sum(mentions.values()),
            **{f"{t}_mentions": mentions.get(t, 0) for t in ENTITY_TYPES},
            "claims": sum(len(f.claims) for f in files), "evidence": sum(len(f.evidence) for f in files),
            SOURCE: Source(Layout(ctx.corpus.root).catalog, 0, 0, doc.pointer),
        })
    return rows


def _entities(type_: EntityType) -> Callable[[_Context], list[dict[str, Any]]]:
    def build(ctx: _Context) -> list[dict[str, Any]]:
        mentioned: dict[str, Counter[str]] = defaultdict(Counter)
        claims: Counter[str] = Counter()
        for file in ctx.corpus.files:
            for mention in file.mentions:
                if mention.entity:
                    mentioned[mention.entity][file.document] += 1
            for claim in file.claims:
                targets = {link.target for link in claim.links}
                speaker = ctx.corpus.speaker_of(claim)
                if speaker:
                    targets.add(speaker)
                claims.update(targets)
        # the columns that copy a registry attribute (the others are counts)
        attributes = [c.name for c in TABLES[f"{type_}s"].columns
                      if c.schema_field == (type_, c.name) and c.name != "id"]
        rows = []
        for entity in ctx.corpus.entities_of(type_):
            row: dict[str, Any] = {}
            for name in attributes:
                value = entity.data.get(name)
                row[name] = _join(_list(value)) if name == "aliases" else value
            per_doc = mentioned.get(entity.id, Counter())
            row.update(id=entity.id, mentions=sum(per_doc.values()),
                       documents=_join(f"{doc} ({n})" for doc, n in sorted(per_doc.items())),
                       claims=claims.get(entity.id, 0))
            row[SOURCE] = Source(Layout(ctx.corpus.root).registry, 0, 0, entity.pointer)
            rows.append(row)
        return rows
    return build


def _mentions(ctx: _Context) -> list[dict[str, Any]]:
    return [{"doc_id": f.document, "annotator": f.annotator,
             "id": f"{m.entity}@{m.span.start}:{m.span.end}" if m.span else None,
             "entity_id": m.entity, "entity_type": m.entity_type, **ctx.span(m),
             "note": _str_or_none(m.data.get("note")), SOURCE: ctx.source(f, m)}
            for f in ctx.corpus.files for m in f.mentions]


def _claims(ctx: _Context) -> list[dict[str, Any]]:
    rows = []
    for file in ctx.corpus.files:
        support: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for evidence in file.evidence:
            for relation in ("supports", "challenges"):
                for claim_id in _list(evidence.data.get(relation)):
                    support[claim_id][relation].append(evidence.id or "")
        for claim in file.claims:
            hedged = claim.data.get("hedged")
            rows.append({
                "doc_id": file.document, "annotator": file.annotator, "id": claim.id, **ctx.span(claim),
                "speaker": ctx.corpus.speaker_of(claim),
                "speaker_is_default": not isinstance(claim.data.get("speaker"), str),
                "kind": _str_or_none(claim.data.get("kind")),
                "hedged": hedged if isinstance(hedged, bool) else False,
                "about": _join(f"{link.target_type}:{link.target}={link.stance}" for link in claim.links),
                "supported_by": _join(sorted(support[claim.id or ""]["supports"])),
                "challenged_by": _join(sorted(support[claim.id or ""]["challenges"])),
                "note": _str_or_none(claim.data.get("note")), SOURCE: ctx.source(file, claim),
            })
    return rows


def _evidence(ctx: _Context) -> list[dict[str, Any]]:
    return [{"doc_id": f.document, "annotator": f.annotator, "id": e.id, **ctx.span(e),
             "kind": _str_or_none(e.data.get("kind")), "source": _str_or_none(e.data.get("source")),
             "supports": _join(_list(e.data.get("supports"))), "challenges": _join(_list(e.data.get("challenges"))),
             "note": _str_or_none(e.data.get("note")), SOURCE: ctx.source(f, e)}
            for f in ctx.corpus.files for e in f.evidence]


def _links(ctx: _Context) -> list[dict[str, Any]]:
    rows = []
    for file in ctx.corpus.files:
        base: dict[str, Any] = {"doc_id": file.document, "annotator": file.annotator}
        for claim in file.claims:
            speaker = ctx.corpus.speaker_of(claim)
            base[SOURCE] = ctx.source(file, claim)
            if speaker:
                rows.append({**base, "source_id": claim.id, "source_type": "claim", "relation": "speaker",
                             "target_id": speaker, "target_type": "actor", "stance": None, "speaker": speaker})
            for link in claim.links:
                rows.append({**base, "source_id": claim.id, "source_type": "claim", "relation": "about",
                             "target_id": link.target, "target_type": link.target_type, "stance": link.stance,
                             "speaker": speaker})
        for evidence in file.evidence:
            base[SOURCE] = ctx.source(file, evidence)
            for relation in ("supports", "challenges"):
                for claim_id in _list(evidence.data.get(relation)):
                    rows.append({**base, "source_id": evidence.id, "source_type": "evidence", "relation": relation,
                                 "target_id": claim_id, "target_type": "claim", "stance": None, "speaker": None})
    return rows


#: the parts of the format the codebook describes, and where their schema is
CODEBOOK_PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("actor", "actor", None), ("institution", "institution", None), ("principle", "principle", None),
    ("mention", "annotation-file", "#/$defs/mention"), ("claim", "claim", None), ("evidence", "evidence", None),
    ("link", "common", "#/$defs/link"), ("piece", "common", "#/$defs/piece"),
    ("annotation file", "annotation-file", None), ("document (catalog)", "catalog", "#/$defs/document"),
)


def codebook_rows(schemas: SchemaSet) -> list[dict[str, Any]]:
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
                "allowed_values": _join(enum) if enum else None,
                "value_descriptions": "\n".join(sub.get("enumDescriptions", [])) or None,
                SOURCE: Source(schemas.directory / f"{name}.schema.json", 0, 0,
                               f"{(fragment or '#')[1:]}/properties/{prop}"),
            })
    return rows


_BUILDERS: dict[str, Callable[[_Context], list[dict[str, Any]]]] = {
    "documents": _documents, "actors": _entities("actor"), "institutions": _entities("institution"),
    "principles": _entities("principle"), "mentions": _mentions, "claims": _claims, "evidence": _evidence,
    "links": _links,
}

_DTYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}


def frame(table: Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns, types and order."""
    df = pd.DataFrame(rows, columns=[*table.column_names, SOURCE])
    for column in table.columns:
        df[column.name] = df[column.name].astype(_DTYPES[column.type])  # type: ignore[call-overload]
    if table.sort_by and len(df):
        df = df.sort_values(list(table.sort_by), kind="mergesort", na_position="first")
    return df.reset_index(drop=True)


def build_tables(corpus: Corpus, schemas: SchemaSet) -> dict[str, pd.DataFrame]:
    """Every table of the dataset, in TABLES order."""
    ctx = _Context(corpus)
    rows = {name: builder(ctx) for name, builder in _BUILDERS.items()}
    rows["codebook"] = codebook_rows(schemas)
    return {name: frame(TABLES[name], rows[name]) for name in TABLES}


def describe(column: Column, schemas: SchemaSet) -> str:
    """A column's description: its own, or its schema field's."""
    if column.description or column.schema_field is None:
        return column.description
    name, prop = column.schema_field
    schema = schemas.schemas[name]
    if name == "common":
        sub = schema["$defs"].get(prop, {})
    else:
        sub = schemas.resolve(schema.get("properties", {}).get(prop, {}))
    return str(sub.get("description", ""))


