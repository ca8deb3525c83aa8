"""The tables of the dataset: their description, and the model as one pandas
DataFrame per table.

Every table is described once here (``TABLES``): its columns in order, their
types and descriptions, its primary and foreign keys. The same description
drives the DataFrames, the data package descriptor and the workbook, so they
cannot drift apart. Descriptions of columns that come from a schema field
are taken from the schema.

It is longer than 400 lines because it is a declaration: one entry per column
of every table (most of the module), and the few lines that turn the model's
rows (``rows.py``) into typed DataFrames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..agreement.report import AGREEMENT_COLUMNS, DISAGREEMENT_COLUMNS
from ..corpus.model import ENTITY_TYPES, PIECE_SEPARATOR, Corpus, EntityType
from ..corpus.schemas import SchemaSet
from . import rows
from .rows import LIST_SEPARATOR

if TYPE_CHECKING:  # pandas loads only to build DataFrames (validate reads the rows alone)
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean
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
    Column(
        "start", "integer", "Offset of the span's first character in the document's text: Unicode code points, 0-based."
    ),
    Column(
        "end",
        "integer",
        "Offset just after the span's last character: code points, 0-based, "
        "end-exclusive. For a span in pieces, the end of the last piece.",
    ),
    Column(
        "quote",
        "string",
        "The exact text of the span, every character as in the document. The texts of "
        f"a span in pieces are joined by '{PIECE_SEPARATOR}'.",
    ),
    Column(
        "pieces",
        "string",
        "The offsets of each piece of the span as start:end, joined by "
        f"'{LIST_SEPARATOR}'; one piece for a contiguous span.",
        multi=True,
    ),
    Column("line", "integer", "Line of the document's text (1-based) on which the span starts."),
    Column(
        "section",
        "string",
        "The heading the span sits under in the text (markup removed); empty before the first heading.",
    ),
)


def _span(*extra: Column) -> tuple[Column, ...]:
    return (*_SPAN_COLUMNS, *extra)


def _entity_columns(type_: EntityType, names: Iterable[tuple[str, str]]) -> tuple[Column, ...]:
    columns = [Column("id", "string", schema_field=(type_, "id"))]
    for name, kind in names:
        columns.append(Column(name, kind, schema_field=(type_, name), multi=name == "aliases"))
    columns += [
        Column(
            "mentions",
            "integer",
            f"How many mentions of the {type_} the documents hold, each document "
            "counted in its count layer (see count_layer in the documents table); never a sum over "
            "annotators.",
        ),
        Column(
            "documents",
            "string",
            "The documents that mention it (in their count layer), with the number of "
            f"mentions in each, as doc_id (n), joined by '{LIST_SEPARATOR}'.",
            multi=True,
        ),
        Column(
            "claims_about",
            "integer",
            f"How many claims (in the count layer of their document) are about the {type_}: "
            "link to it in their about list (the site's 'claims about').",
        ),
    ]
    if type_ == "actor":  # only actors speak
        columns.append(
            Column(
                "claims_spoken",
                "integer",
                "How many claims (in the count layer of their document) the actor speaks: its "
                "own speaker, or the document's default speaker (the site's 'claims spoken'). A claim "
                "an actor speaks about itself counts in both.",
            )
        )
    return tuple(columns)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            "Documents",
            "The texts of the corpus (the catalog), with annotators and counts.",
            (
                Column("doc_id", "string", "Document id, used in every other table."),
                Column("title", "string", "Title as the text gives it."),
                Column("kind", "string", "Kind of text: essay, news-brief..."),
                Column(
                    "authors",
                    "string",
                    f"Authors, joined by '{LIST_SEPARATOR}'; empty for texts without a personal author.",
                    multi=True,
                ),
                Column(
                    "affiliations",
                    "string",
                    f"The authors' affiliations as printed, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column("publication", "string", "Where the text was published, as far as the text tells."),
                Column("date", "string", "Date of the text (YYYY, YYYY-MM or YYYY-MM-DD) where the text gives one."),
                Column(
                    "date_earliest",
                    "string",
                    "When the text gives no date: the earliest date it can have been written, from what it says.",
                ),
                Column("date_note", "string", "How the date is known."),
                Column("language", "string", "Language (BCP 47)."),
                Column("default_speaker", "string", "Actor id of the speaker of claims that name none."),
                Column("text_file", "string", "File name of the text in texts/."),
                Column("sha256", "string", "SHA-256 of the text file's bytes."),
                Column("characters", "integer", "Length of the text in Unicode code points (the unit of all offsets)."),
                Column("source_file", "string", "The file the text was cut from."),
                Column("source_start", "integer", "Offset of the text in the source file (code points, 0-based)."),
                Column("source_end", "integer", "End of the text in the source file (end-exclusive)."),
                Column("source_url", "string", "The address the text was copied from, for a text from the web."),
                Column("accessed", "string", "The date (YYYY-MM-DD) the text was copied from source_url."),
                Column(
                    "source_sha256",
                    "string",
                    "SHA-256 of the source's own bytes, when the text is not the source byte for byte.",
                ),
                Column(
                    "provenance_note",
                    "string",
                    "How the text was made from its source, and every change made to it (a paragraph break "
                    "inserted, line ends converted).",
                ),
                Column(
                    "not_body",
                    "string",
                    f"The parts of the text that are not its body (a section's heading, or a quote from the "
                    f"paragraph), joined by '{LIST_SEPARATOR}'; stats and completeness leave them out.",
                    multi=True,
                ),
                Column(
                    "annotators", "string", f"Annotators of the document, joined by '{LIST_SEPARATOR}'.", multi=True
                ),
                Column(
                    "count_layer",
                    "string",
                    "The annotation layer whose counts the next columns give: the exported "
                    "layer when one was chosen (export --layer), else gold when the document has a gold file, else its "
                    "only annotator; empty (and the counts with it) when several annotators and no gold exist: the "
                    "layer_counts table then gives each annotator's counts. Counts are never summed over annotators.",
                ),
                Column("mentions", "integer", "Number of entity mentions in the count layer."),
                Column("actor_mentions", "integer", "Number of actor mentions in the count layer."),
                Column("institution_mentions", "integer", "Number of institution mentions in the count layer."),
                Column("principle_mentions", "integer", "Number of principle mentions in the count layer."),
                Column("claims", "integer", "Number of claims in the count layer."),
                Column("evidence", "integer", "Number of pieces of evidence in the count layer."),
            ),
            ("doc_id",),
            ("doc_id",),
            (ForeignKey(("default_speaker",), "actors", ("id",)),),
        ),
        Table(
            "layer_counts",
            "Counts per layer",
            "How many annotations each annotation layer (an annotator, or the "
            "adjudicated gold) holds in each document: one row per annotation file.",
            (
                Column("doc_id", "string", "Document id."),
                Column("annotator", "string", "Annotator id, or gold for the adjudicated layer."),
                Column("mentions", "integer", "Number of entity mentions."),
                Column("actor_mentions", "integer", "Number of actor mentions."),
                Column("institution_mentions", "integer", "Number of institution mentions."),
                Column("principle_mentions", "integer", "Number of principle mentions."),
                Column("claims", "integer", "Number of claims."),
                Column("evidence", "integer", "Number of pieces of evidence."),
                Column("links", "integer", "Number of about links of the claims."),
            ),
            ("doc_id", "annotator"),
            ("doc_id", "annotator"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        Table(
            "actors",
            "Actors",
            "Who acts or speaks: one row per actor of the registry.",
            _entity_columns(
                "actor",
                [
                    ("name", "string"),
                    ("kind", "string"),
                    ("country", "string"),
                    ("region", "string"),
                    ("role", "string"),
                    ("affiliation", "string"),
                    ("aliases", "string"),
                    ("wikidata", "string"),
                    ("note", "string"),
                ],
            ),
            ("id",),
            ("id",),
        ),
        Table(
            "institutions",
            "Institutions",
            "Organisations, banks, fora, treaties, summits and dialogues: one row per institution of the registry.",
            _entity_columns(
                "institution",
                [
                    ("name", "string"),
                    ("acronym", "string"),
                    ("kind", "string"),
                    ("founded", "integer"),
                    ("scope", "string"),
                    ("aliases", "string"),
                    ("wikidata", "string"),
                    ("note", "string"),
                ],
            ),
            ("id",),
            ("id",),
        ),
        Table(
            "principles",
            "Principles",
            "Norms and principles of cooperation: one row per principle of the registry.",
            _entity_columns(
                "principle",
                [
                    ("label", "string"),
                    ("definition", "string"),
                    ("defined_by", "string"),
                    ("defined_in", "string"),
                    ("aliases", "string"),
                    ("wikidata", "string"),
                    ("note", "string"),
                ],
            ),
            ("id",),
            ("id",),
            (ForeignKey(("defined_by",), "actors", ("id",)),),
        ),
        Table(
            "mentions",
            "Mentions",
            "One row per mention of an entity in a document.",
            (
                Column("doc_id", "string", "Document id."),
                Column("annotator", "string", "Annotator id."),
                Column(
                    "id",
                    "string",
                    "Mention id, derived (mentions have no id of their own in the annotation files): "
                    "entity_id@start:end, unique within one document and annotator.",
                ),
                Column("entity_id", "string", "Id of the entity mentioned (actors, institutions or principles table)."),
                Column("entity_type", "string", "actor, institution or principle."),
                *_SPAN_COLUMNS[3:],
                Column("note", "string", schema_field=("common", "note")),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "end", "entity_id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        Table(
            "claims",
            "Claims",
            "One row per claim.",
            _span(
                Column("speaker", "string", "Actor id of the speaker: the claim's own, or the document's default."),
                Column(
                    "speaker_is_default",
                    "boolean",
                    "true when the annotation names no speaker and the document's default speaker is used.",
                ),
                Column("kind", "string", schema_field=("claim", "kind")),
                Column("hedged", "boolean", schema_field=("claim", "hedged")),
                Column(
                    "about",
                    "string",
                    "What the claim is about, as type:id=stance, joined by "
                    f"'{LIST_SEPARATOR}' (the same facts are rows of the links table).",
                    multi=True,
                ),
                Column(
                    "supported_by",
                    "string",
                    f"Ids of the evidence that supports the claim, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column(
                    "challenged_by",
                    "string",
                    f"Ids of the evidence that challenges the claim, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column("note", "string", schema_field=("common", "note")),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)), ForeignKey(("speaker",), "actors", ("id",))),
        ),
        Table(
            "evidence",
            "Evidence",
            "One row per piece of evidence.",
            _span(
                Column("kind", "string", schema_field=("evidence", "kind")),
                Column("source", "string", schema_field=("evidence", "source")),
                Column(
                    "supports", "string", f"Ids of the claims it supports, joined by '{LIST_SEPARATOR}'.", multi=True
                ),
                Column(
                    "challenges",
                    "string",
                    f"Ids of the claims it challenges, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column("note", "string", schema_field=("common", "note")),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        Table(
            "links",
            "Links",
            "Every link as an edge, ready for network analysis: claim -> entity (about, with "
            "the speaker's stance), claim -> actor (speaker), evidence -> claim (supports, challenges).",
            (
                Column("doc_id", "string", "Document id."),
                Column("annotator", "string", "Annotator id."),
                Column("source_id", "string", "Id of the claim or evidence the edge starts from."),
                Column("source_type", "string", "claim or evidence."),
                Column(
                    "relation",
                    "string",
                    "about (claim -> actor, institution or principle), speaker (claim -> "
                    "actor), supports or challenges (evidence -> claim).",
                ),
                Column("target_id", "string", "Id of the entity or claim the edge points to."),
                Column("target_type", "string", "actor, institution, principle or claim."),
                Column(
                    "stance", "string", "For about: the speaker's stance (endorses, rejects, neutral); empty otherwise."
                ),
                Column(
                    "speaker",
                    "string",
                    "Actor id of the claim's speaker (for about and speaker edges), so that "
                    "actor x principle networks need no join.",
                ),
            ),
            ("doc_id", "annotator", "source_id", "relation", "target_id"),
            # text order: where the claim or evidence starts (ids are no order: c10 comes after c9)
            ("doc_id", "annotator", rows.POSITION, "source_type", "source_id", "relation", "target_type", "target_id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        Table(
            "agreement",
            "Agreement",
            "Intercoder agreement of the independent annotators (every layer but "
            "gold): unitizing precision, recall and F1, and Cohen's kappa and Krippendorff's alpha of the codes of "
            "matched units, each with n, per document and pooled; rounded to 6 decimals. Empty with one annotator.",
            tuple(Column(name, type_, description) for name, type_, description in AGREEMENT_COLUMNS),
            ("doc_id", "annotators", "type", "variable", "measure", "matching"),
            (),
        ),
        Table(
            "disagreements",
            "Disagreements",
            "Every disagreement between two independent annotators (units "
            "matched by overlap), with both annotators' path:line, for adjudication. Empty with one annotator.",
            tuple(Column(name, type_, description) for name, type_, description in DISAGREEMENT_COLUMNS),
            (),
            (),
        ),
        Table(
            "codebook",
            "Codebook",
            "Every field of every annotation type, from the schemas: description, type and allowed values.",
            (
                Column("type", "string", "The annotation type or part of the format the field belongs to."),
                Column("field", "string", "Field name as written in the annotation files."),
                Column("data_type", "string", "JSON type of the field (string, integer, boolean, array, object)."),
                Column("required", "boolean", "true when every annotation of the type must give the field."),
                Column("description", "string", "The field's description in the schema: the annotation guideline."),
                Column(
                    "allowed_values",
                    "string",
                    f"For a controlled vocabulary: the allowed values, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column(
                    "value_descriptions",
                    "string",
                    "For a controlled vocabulary: what each value means, one value: description per line.",
                ),
            ),
            ("type", "field"),
            (),
        ),
    )
}


def _entity_attributes(type_: EntityType) -> list[str]:
    """The columns of an entity table that copy a registry attribute."""
    return [c.name for c in TABLES[f"{type_}s"].columns if c.schema_field == (type_, c.name) and c.name != "id"]


#: the tables whose values come from the corpus itself (``validate`` checks
#: them); the others hold agreement figures, and the codebook the schemas
_CORPUS_BUILDERS: dict[str, Callable[[rows.Layers], list[rows.Row]]] = {
    "documents": rows.documents,
    "layer_counts": rows.layer_counts,
    **{f"{t}s": rows.entities(t, _entity_attributes(t)) for t in ENTITY_TYPES},
    "mentions": rows.mentions,
    "claims": rows.claims,
    "evidence": rows.evidence,
    "links": rows.links,
}
_BUILDERS = {**_CORPUS_BUILDERS, "agreement": rows.agreement, "disagreements": rows.disagreement_table}

#: what one row of a table is, and the column that names it, for findings
_ROW_NAMES = {
    "documents": "document",
    "actors": "actor",
    "institutions": "institution",
    "principles": "principle",
    "mentions": "mention",
    "claims": "claim",
    "evidence": "evidence",
    "links": "link of",
    "codebook": "field",
}
_ROW_IDS = {"documents": "doc_id", "links": "source_id", "codebook": "field"}


def row_label(table: str, values: Mapping[str, object]) -> str:
    """A row named in a finding: 'claim c1', else 'a row of sheet <table>'."""
    what = _ROW_NAMES.get(table)
    ident = values.get(_ROW_IDS.get(table, "id"))
    if what and isinstance(ident, str):
        return f"{what} {ident}"
    return f"a row of sheet {table}"


#: what ``validate`` leaves out: every string of these tables (ids, types,
#: stances) is a value that another table holds too
_DERIVED = ("layer_counts", "links")


def corpus_rows(corpus: Corpus) -> Iterator[tuple[str, list[rows.Row]]]:
    """The rows of the tables whose values come from the corpus (every
    layer) and are not repeated from another table, one table at a time
    (each can go before the next is built): what ``validate`` checks."""
    layers = rows.Layers(corpus)
    for name, builder in _CORPUS_BUILDERS.items():
        if name not in _DERIVED:
            yield name, builder(layers)


def _dtypes() -> dict[str, Any]:
    """pandas' dtype of each column type. Strings are pinned to Python
    storage: pandas 3 stores them in Arrow when pyarrow is installed, and
    Arrow holds UTF-8 only, so a lone surrogate (which a JSON file can
    escape) would crash the build instead of being reported."""
    import pandas as pd

    return {"string": pd.StringDtype("python"), "integer": "Int64", "boolean": "boolean", "number": "Float64"}


def frame(table: Table, table_rows: list[rows.Row]) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns, types and order, and
    where their values come from in the extra columns ``_source`` and
    ``_cells``. A key of ``sort_by`` that is no column (``rows.POSITION``)
    orders the rows, then goes."""
    import pandas as pd

    dtypes = _dtypes()
    hidden = [key for key in table.sort_by if key not in table.column_names]
    # object first: pandas infers no storage of its own for the strings
    df = pd.DataFrame(table_rows, columns=[*table.column_names, rows.SOURCE, rows.CELLS, *hidden], dtype=object)
    for column in table.columns:
        df[column.name] = df[column.name].astype(dtypes[column.type])
    for key in hidden:
        df[key] = df[key].astype("Int64")
    if table.sort_by and len(df):
        df = df.sort_values(list(table.sort_by), kind="mergesort", na_position="first")
    return df.drop(columns=hidden).reset_index(drop=True)


def build_tables(corpus: Corpus, schemas: SchemaSet, layer: str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset, in TABLES order: the annotations of every
    layer, or of ``layer`` (an annotator, or gold) only. Each DataFrame has
    the table's columns and then ``_source`` and ``_cells``, which writers
    leave out."""
    layers = rows.Layers(corpus, layer)
    built = {name: builder(layers) for name, builder in _BUILDERS.items()}
    built["codebook"] = rows.codebook(schemas)
    return {name: frame(TABLES[name], built[name]) for name in TABLES}


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
