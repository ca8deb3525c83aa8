"""The tables of the dataset, declared once: each column with its name,
type, description (its own, or its schema field's), the model field it
copies (``value``: a table's builder adds it to each row), where its value
is written in its record (``keys``) and how the workbook shows it
(``wide``); each table with its keys, order and what one row is called.

The same declaration drives the rows (``rows.py``), the DataFrames
(``dataset.py``), the CSV files, the workbook, the data package descriptor
and the site's downloads, so they cannot drift apart: adding a column that
copies a model field is one edit here (``tests/test_dataset.py``).

It is longer than 400 lines because it is a declaration: one entry per column
of every table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from ..agreement.matching import OVERLAP_THRESHOLD
from ..agreement.measure import ALL_DOCUMENTS, SEPARATOR
from ..corpus.model import PIECE_SEPARATOR, EntityType
from ..corpus.schemas import SchemaSet

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

#: one row of a table: column -> value, with SOURCE, CELLS and POSITION
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean
    description: str = ""
    #: (schema name, property) whose description this column carries
    schema_field: tuple[str, str] | None = None
    #: the column lists several values, joined by LIST_SEPARATOR
    multi: bool = False
    #: the keys of the row's record (a catalog entry, a schema property) its
    #: value may be written at, when not its own name (a refused value is
    #: located at the first the record has)
    keys: tuple[str, ...] = ()
    #: the workbook shows it wide (60 characters), its text wrapped
    wide: bool = False
    #: for a column that copies a field of a model record: how the value is
    #: taken from the record (a table's builder adds it to each row)
    value: Callable[[Any], object] | None = field(default=None, compare=False)
    #: the record's field it copies (``value`` formats it for a cell)
    field: str = ""
    #: its label on an entity page of the site (empty: not shown there)
    label: str = ""


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
    #: what one row is, and the column that names it, for findings ("claim c1")
    row_name: str = ""
    row_id: str = "id"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


_SPAN_COLUMNS = (
    Column("doc_id", "string", "Document id (see the documents table)."),
    Column("annotator", "string", "Annotator id: one file per document and annotator."),
    Column("id", "string", "Annotation id, unique within one document and annotator."),
    Column(
        "start",
        "integer",
        "Offset of the span's first character in the document's text: Unicode code points, 0-based.",
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
        wide=True,
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


def join(values: Iterable[object]) -> str | None:
    """Values for a multi-valued cell; None when there are none."""
    items = [str(v) for v in values if v is not None and v != ""]
    return LIST_SEPARATOR.join(items) if items else None


def _ref_id(entity: Any) -> object:
    return entity.defined_by.id if entity.defined_by else None


def _joined(entity: Any) -> object:
    return join(entity.aliases)


def _attribute(name: str, kind: str = "string", *, field: str = "", label: str = "", **extra: Any) -> Column:
    """A registry attribute: copied from the entity's ``field`` (its own
    name by default) and shown on its page as ``label`` (the same)."""
    field = field or name
    value = extra.pop("value", None) or attrgetter(field)
    return Column(name, kind, value=value, field=field, label=label or name, **extra)


#: every registry attribute an entity table copies, in the order an entity
#: page shows them (a principle's label is its name there)
REGISTRY_COLUMNS: tuple[Column, ...] = (
    _attribute("name"),
    _attribute("label", field="name", label="name"),
    _attribute("acronym"),
    _attribute("aliases", value=_joined),
    _attribute("kind"),
    _attribute("country"),
    _attribute("region"),
    _attribute("role", wide=True),
    _attribute("affiliation"),
    _attribute("founded", "integer"),
    _attribute("scope"),
    _attribute("definition", wide=True),
    _attribute("defined_by", value=_ref_id, label="defined by"),
    _attribute("defined_in", label="defined in"),
    _attribute("wikidata", label="Wikidata"),
    _attribute("note", wide=True),
)


def _entity_columns(type_: EntityType, attributes: str) -> tuple[Column, ...]:
    """An entity table's columns: the id, the registry ``attributes`` named
    (in this order, each with its schema field's description), then the counts."""
    registry = {c.name: c for c in REGISTRY_COLUMNS}
    columns = [Column("id", "string", schema_field=(type_, "id"))]
    columns += [
        replace(registry[name], schema_field=(type_, name), multi=name == "aliases") for name in attributes.split()
    ]
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


#: the columns of the agreement table (``agreement.report.agreement_rows``)
_AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "string", f"Document id, or '{ALL_DOCUMENTS}' for figures pooled over every document compared."),
    Column(
        "annotators",
        "string",
        f"The annotators compared, joined by '{SEPARATOR}'. For a pair, annotator 1 (the "
        "reference of precision and recall) comes first; more than two: all together (alpha only).",
    ),
    Column("type", "string", "The annotation type: claim, evidence or mention."),
    Column(
        "variable",
        "string",
        "What is compared: 'units' (unitizing), a code of matched units (kind, hedged, "
        "speaker, entity), or their links: about (stance, or none where one annotator made no link to the "
        "target), about-target (the targets linked), about-stance (stance on links both made), claims, "
        "claims-target, claims-relation (the same for evidence and the claims it supports or challenges).",
    ),
    Column(
        "measure",
        "string",
        "precision, recall, f1 (unitizing and link targets: annotator 2 against annotator 1), "
        "agreement (share of units coded alike), kappa (Cohen's), alpha (Krippendorff's, nominal).",
    ),
    Column(
        "matching",
        "string",
        "How units were matched: exact (the same characters) or overlap (Jaccard index of "
        f"their characters at least {OVERLAP_THRESHOLD}), one-to-one, largest overlap first.",
    ),
    Column("value", "number", "The figure; empty when it is undefined (the note says why)."),
    Column(
        "n",
        "integer",
        "The number of units the figure is computed on: for precision annotator 2's units, for "
        "recall annotator 1's, for f1 both together; for agreement, kappa and alpha the units coded by both.",
    ),
    Column("matched", "integer", "For precision, recall and f1: the number of units (or links) matched."),
    Column("note", "string", "Why a figure is undefined (no units, one category only).", wide=True),
    Column(
        "n_per_annotator",
        "string",
        "For three annotators or more together: how many of the n units each one coded, as "
        f"annotator: count, joined by '{SEPARATOR}'; empty for a pair (both coded all n).",
    ),
)

#: the columns of the disagreements table (``agreement.report.disagreement_rows``)
_DISAGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "string", "Document id."),
    Column("type", "string", "The annotation type: claim, evidence or mention."),
    Column("annotator_1", "string", "The first annotator compared."),
    Column("annotator_2", "string", "The second annotator compared."),
    Column(
        "what",
        "string",
        "What differs (units matched by overlap): unit (marked by one annotator only), span, "
        "kind, hedged, speaker, entity, 'about <entity>' (a link made by one only, or with another stance), "
        "'claim <id 1>/<id 2>' (evidence that supports or challenges the claim for one annotator and not "
        "the other).",
    ),
    Column(
        "value_1",
        "string",
        "Annotator 1's value: the span as start:end and its quote, the code, the stance or "
        "relation ('none': no such link); empty when annotator 1 has no such unit.",
    ),
    Column("value_2", "string", "Annotator 2's value, the same way."),
    Column("id_1", "string", "Id of annotator 1's claim or evidence (entity@start:end for a mention)."),
    Column("id_2", "string", "Id of annotator 2's unit."),
    Column(
        "where_1",
        "string",
        "path:line of annotator 1's value in the annotation files (relative to the corpus "
        "folder); for a link one annotator did not make, the line of their unit.",
    ),
    Column("where_2", "string", "path:line of annotator 2's value."),
)

#: the columns that say which slice of the corpus a network row belongs to
_SCOPE_COLUMNS = (
    Column(
        "scope",
        "string",
        "corpus (the whole corpus), document (one document) or window (the documents whose catalog "
        "date falls in one year; documents without a date are in no window).",
    ),
    Column(
        "scope_id",
        "string",
        "corpus; the document's doc_id; or the window: its year (YYYY), or with sscorpus networks "
        "--window month its month (YYYY-MM).",
    ),
)
_WEIGHTED = (
    Column(
        "weight",
        "number",
        "The count normalised as Discourse Network Analyzer's average activity normalisation does: "
        "divided by the mean of the two speakers' numbers of links with a side (endorses or rejects) "
        "in the slice; rounded to 6 decimals.",
    ),
    Column(
        "count",
        "integer",
        "The raw count, as Discourse Network Analyzer counts it: the sum, over the targets and sides "
        "(endorses, rejects), of the product of the two speakers' numbers of links.",
    ),
    Column("normalisation", "string", "The normalisation of the weight: average (average activity)."),
)
_SPEAKER_PAIR = (
    Column("source", "string", "Actor id of one speaker (the first in id order)."),
    Column("target", "string", "Actor id of the other speaker."),
)
_SPEAKER_PAIR_KEYS = (ForeignKey(("source",), "actors", ("id",)), ForeignKey(("target",), "actors", ("id",)))
_COUNTED = "the links of each document's count layer (gold where it exists)"

#: the discourse networks (``networks.py``) as edge and node lists, every slice of every scope
_NETWORK_TABLES = (
    Table(
        "network_nodes",
        "Network nodes",
        "The nodes of the discourse networks: every actor, institution and principle that speaks or is "
        f"spoken about in a slice (the corpus, a document, a year), from {_COUNTED}, with its registry fields.",
        (
            *_SCOPE_COLUMNS,
            Column("id", "string", "Entity id (actors, institutions or principles table, as type says)."),
            Column("type", "string", "actor, institution or principle."),
            Column("name", "string", "Its name in the registry (a principle's label)."),
            Column("kind", "string", "Its kind in the registry."),
            Column("country", "string", "Its country in the registry (ISO 3166-1 alpha-2)."),
            Column("region", "string", "Its region in the registry."),
            Column("wikidata", "string", "Its Wikidata id in the registry."),
            Column("claims_spoken", "integer", "How many claims of the slice it speaks."),
            Column("claims_about", "integer", "How many claims of the slice are about it."),
        ),
        ("scope", "scope_id", "id"),
        (),
        row_name="node",
    ),
    Table(
        "network_affiliation",
        "Affiliation network",
        "Two-mode network, speaker -> target (actor, institution or principle): how many links of "
        f"each stance the speaker's claims make to the target, from {_COUNTED}; one row per edge and slice.",
        (
            *_SCOPE_COLUMNS,
            Column("speaker", "string", "Actor id of the speaker."),
            Column("target_id", "string", "Id of the actor, institution or principle the claims are about."),
            Column("target_type", "string", "actor, institution or principle."),
            Column("endorses", "integer", "Links with the stance endorses."),
            Column("rejects", "integer", "Links with the stance rejects."),
            Column("neutral", "integer", "Links with the stance neutral."),
            Column("net", "integer", "endorses minus rejects."),
            Column("links", "integer", "All links: the edge's weight."),
        ),
        ("scope", "scope_id", "speaker", "target_id"),
        (),
        (ForeignKey(("speaker",), "actors", ("id",)),),
        row_name="edge of",
        row_id="speaker",
    ),
    Table(
        "network_congruence",
        "Congruence network",
        "One-mode network, speaker x speaker (undirected): two speakers are tied by the targets on which "
        f"they take the same side (both endorse, or both reject), from {_COUNTED}; one row per pair and slice.",
        (*_SCOPE_COLUMNS, *_SPEAKER_PAIR, *_WEIGHTED),
        ("scope", "scope_id", "source", "target"),
        (),
        _SPEAKER_PAIR_KEYS,
        row_name="edge of",
        row_id="source",
    ),
    Table(
        "network_conflict",
        "Conflict network",
        "One-mode network, speaker x speaker (undirected): two speakers are tied by the targets on which "
        f"they take opposite sides (one endorses, the other rejects), from {_COUNTED}; one row per pair and slice.",
        (*_SCOPE_COLUMNS, *_SPEAKER_PAIR, *_WEIGHTED),
        ("scope", "scope_id", "source", "target"),
        (),
        _SPEAKER_PAIR_KEYS,
        row_name="edge of",
        row_id="source",
    ),
    Table(
        "network_cooccurrence",
        "Co-occurrence network",
        "One-mode network, target x target (undirected): two actors, institutions or principles are tied "
        f"by the claims that are about both, from {_COUNTED}; one row per pair and slice.",
        (
            *_SCOPE_COLUMNS,
            Column("source", "string", "Id of one target (the first in id order)."),
            Column("source_type", "string", "actor, institution or principle."),
            Column("target", "string", "Id of the other target."),
            Column("target_type", "string", "actor, institution or principle."),
            Column("claims", "integer", "How many claims are about both: the edge's weight."),
        ),
        ("scope", "scope_id", "source", "target"),
        (),
        row_name="edge of",
        row_id="source",
    ),
)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            "Documents",
            "The texts of the corpus (the catalog), with annotators and counts.",
            (
                Column("doc_id", "string", "Document id, used in every other table.", keys=("id",)),
                Column("title", "string", "Title as the text gives it.", wide=True),
                Column("kind", "string", "Kind of text: essay, news-brief..."),
                Column(
                    "authors",
                    "string",
                    f"Authors, joined by '{LIST_SEPARATOR}'; empty for texts without a personal author.",
                    multi=True,
                    keys=("authors/0/name",),
                ),
                Column(
                    "affiliations",
                    "string",
                    f"The authors' affiliations as printed, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                    keys=("authors/0/affiliation",),
                    wide=True,
                ),
                Column("publication", "string", "Where the text was published, as far as the text tells."),
                Column("date", "string", "Date of the text (YYYY, YYYY-MM or YYYY-MM-DD) where the text gives one."),
                Column(
                    "date_earliest",
                    "string",
                    "When the text gives no date: the earliest date it can have been written, from what it says.",
                ),
                Column("date_note", "string", "How the date is known.", wide=True),
                Column("language", "string", "Language (BCP 47)."),
                Column("default_speaker", "string", "Actor id of the speaker of claims that name none."),
                Column("text_file", "string", "File name of the text in texts/.", keys=("text",)),
                Column("sha256", "string", "SHA-256 of the text file's bytes."),
                Column("characters", "integer", "Length of the text in Unicode code points (the unit of all offsets)."),
                Column("source_file", "string", "The file the text was cut from.", keys=("provenance/source_file",)),
                Column(
                    "source_start",
                    "integer",
                    "Offset of the text in the source file (code points, 0-based).",
                    keys=("provenance/start",),
                ),
                Column(
                    "source_end",
                    "integer",
                    "End of the text in the source file (end-exclusive).",
                    keys=("provenance/end",),
                ),
                Column("source_url", "string", "The address the text was copied from, for a text from the web."),
                Column("accessed", "string", "The date (YYYY-MM-DD) the text was copied from source_url."),
                Column(
                    "source_sha256",
                    "string",
                    "SHA-256 of the source's own bytes, when the text is not the source byte for byte.",
                    keys=("provenance/source_sha256",),
                ),
                Column(
                    "provenance_note",
                    "string",
                    "How the text was made from its source, and every change made to it (a paragraph break "
                    "inserted, line ends converted).",
                    keys=("provenance/note",),
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
            row_name="document",
            row_id="doc_id",
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
                "name kind country region role affiliation aliases wikidata note",
            ),
            ("id",),
            ("id",),
            row_name="actor",
        ),
        Table(
            "institutions",
            "Institutions",
            "Organisations, banks, fora, treaties, summits and dialogues: one row per institution of the registry.",
            _entity_columns(
                "institution",
                "name acronym kind founded scope aliases wikidata note",
            ),
            ("id",),
            ("id",),
            row_name="institution",
        ),
        Table(
            "principles",
            "Principles",
            "Norms and principles of cooperation: one row per principle of the registry.",
            _entity_columns(
                "principle",
                "label definition defined_by defined_in aliases wikidata note",
            ),
            ("id",),
            ("id",),
            (ForeignKey(("defined_by",), "actors", ("id",)),),
            row_name="principle",
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
                Column("note", "string", schema_field=("common", "note"), wide=True),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "end", "entity_id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
            row_name="mention",
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
                    wide=True,
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
                Column("note", "string", schema_field=("common", "note"), wide=True),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)), ForeignKey(("speaker",), "actors", ("id",))),
            row_name="claim",
        ),
        Table(
            "evidence",
            "Evidence",
            "One row per piece of evidence.",
            _span(
                Column("kind", "string", schema_field=("evidence", "kind")),
                Column("source", "string", schema_field=("evidence", "source"), wide=True),
                Column(
                    "supports", "string", f"Ids of the claims it supports, joined by '{LIST_SEPARATOR}'.", multi=True
                ),
                Column(
                    "challenges",
                    "string",
                    f"Ids of the claims it challenges, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                ),
                Column("note", "string", schema_field=("common", "note"), wide=True),
            ),
            ("doc_id", "annotator", "id"),
            ("doc_id", "annotator", "start", "id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
            row_name="evidence",
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
            ("doc_id", "annotator", POSITION, "source_type", "source_id", "relation", "target_type", "target_id"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
            row_name="link of",
            row_id="source_id",
        ),
        *_NETWORK_TABLES,
        Table(
            "agreement",
            "Agreement",
            "Intercoder agreement of the independent annotators (every layer but "
            "gold): unitizing precision, recall and F1, and Cohen's kappa and Krippendorff's alpha of the codes of "
            "matched units, each with n, per document and pooled; rounded to 6 decimals. Empty with one annotator.",
            _AGREEMENT_COLUMNS,
            ("doc_id", "annotators", "type", "variable", "measure", "matching"),
            (),
        ),
        Table(
            "disagreements",
            "Disagreements",
            "Every disagreement between two independent annotators (units "
            "matched by overlap), with both annotators' path:line, for adjudication. Empty with one annotator.",
            _DISAGREEMENT_COLUMNS,
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
                Column(
                    "description",
                    "string",
                    "The field's description in the schema: the annotation guideline.",
                    keys=("description",),
                    wide=True,
                ),
                Column(
                    "allowed_values",
                    "string",
                    f"For a controlled vocabulary: the allowed values, joined by '{LIST_SEPARATOR}'.",
                    multi=True,
                    keys=("enum", "items/enum"),
                ),
                Column(
                    "value_descriptions",
                    "string",
                    "For a controlled vocabulary: what each value means, one value: description per line.",
                    keys=("enumDescriptions",),
                    wide=True,
                ),
            ),
            ("type", "field"),
            (),
            row_name="field",
            row_id="field",
        ),
    )
}


def row_label(table: str, values: Mapping[str, object]) -> str:
    """A row named in a finding: 'claim c1', else 'a row of sheet <table>'."""
    declared = TABLES.get(table)
    if declared is not None and declared.row_name:
        ident = values.get(declared.row_id)
        if isinstance(ident, str):
            return f"{declared.row_name} {ident}"
    return f"a row of sheet {table}"


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
