"""Every finding code, declared once: its severity, the check that emits it,
and what it means.

A code is a string (``"anchor.not-found"``) that also carries its severity,
check and explanation, so that code at the place of a finding reads as the
code itself, and the README's table and ``validate --list-checks`` are made
from this one list. A finding's severity is always its code's.

A code's prefix names its check (``anchor.not-found`` is the ``anchor``
check's); a code emitted by a check of another name says why (``why``), and
the list of checks prints it. Codes are stable: scripts, CI configurations
and tests rely on them, so a check is named after its codes, never the
reverse; the wording of messages may improve.
"""

from __future__ import annotations

import enum


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Code(str):
    """A finding code: the string itself, with what is known about it."""

    severity: Severity
    check: str
    explanation: str
    #: why the check that emits it is not the one its prefix names (None when it is)
    why: str | None

    def __new__(cls, code: str, severity: Severity, check: str, explanation: str, why: str | None = None) -> Code:
        self = super().__new__(cls, code)
        self.severity = severity
        self.check = check
        self.explanation = explanation
        self.why = why
        return self

    @property
    def prefix(self) -> str:
        """The part before the first dot: the name of its check, unless ``why`` says otherwise."""
        return self.split(".", 1)[0]

    def __reduce__(self) -> tuple[object, tuple[str]]:
        """A code crosses to another process as its string and is the declared code again there."""
        return declared, (str(self),)


def declared(code: str) -> Code:
    """The declared code ``code``."""
    return CODES[code]


#: every code, in the order of the checks that emit them
CODES: dict[str, Code] = {}


def _code(code: str, severity: Severity, check: str, explanation: str, *, why: str | None = None) -> Code:
    if code in CODES:  # pragma: no cover - a mistake in this module
        raise ValueError(f"finding code {code} declared twice")
    CODES[code] = declared = Code(code, severity, check, explanation, why)
    return declared


# -- file: the files: found, read, and where they say they are -------------------------------
FILE_IGNORED = _code(
    "file.ignored", WARNING, "file", "a file in an annotation folder that is not `.yaml`, `.yml` or `.json`"
)
FILE_UNREADABLE = _code(
    "file.unreadable",
    ERROR,
    "file",
    "the file cannot be read; also a folder of annotation files that cannot be read, a `.yaml` "
    "link to nothing (missing target, a loop of links), a folder named like an annotation file, "
    "a FIFO",
)
FILE_OUTSIDE_CORPUS = _code(
    "file.outside-corpus",
    ERROR,
    "file",
    "an annotation file or text that is a link to a file outside the corpus folder: it is not "
    "read, and nothing of it is printed (a catalog or registry that leads outside stops the "
    "run, exit 2)",
)
FILE_MISPLACED = _code(
    "file.misplaced",
    ERROR,
    "file",
    "a `.yaml`, `.yml` or `.json` file under `annotations/` that is not "
    "`annotations/<annotator>/<document>.yaml` (in `annotations/` itself, or a folder deeper), "
    "so it is not read",
)
FILE_ENCODING = _code(
    "file.encoding",
    ERROR,
    "file",
    'the file is not UTF-8 (UTF-16, Notepad\'s "Unicode", is named; otherwise the hint names the byte and '
    "what it would be in Windows-1252)",
)
FILE_EMPTY = _code("file.empty", ERROR, "file", "the file is empty")
FILE_MISSING = _code("file.missing", ERROR, "file", "`annotations/registry.yaml` is missing")
NUMBER_TOO_LARGE = _code(
    "file.number-too-large",
    ERROR,
    "file",
    "a whole number of more than 4,300 digits, more than Python reads; it is kept as text and "
    "nothing else is reported about it",
)
FILE_DUPLICATE = _code("file.duplicate", ERROR, "file", "two files hold the same document and annotator")
FILE_PATH_MISMATCH = _code(
    "file.path-mismatch", ERROR, "file", "`document`/`annotator` do not match the file's name/folder"
)

# -- yaml: YAML files parsed -----------------------------------------------------------------
YAML_SYNTAX = _code(
    "yaml.syntax", ERROR, "yaml", "YAML syntax error (hints for unquoted colons, tabs, unclosed quotes, indentation)"
)
YAML_DUPLICATE_KEY = _code("yaml.duplicate-key", ERROR, "yaml", "a key given twice in one mapping (the first is kept)")
YAML_ANCHOR = _code("yaml.anchor", ERROR, "yaml", "YAML anchors (`&a`) are not used")
YAML_ALIAS = _code("yaml.alias", ERROR, "yaml", "YAML aliases (`*a`) are not used")
YAML_TAG = _code("yaml.tag", ERROR, "yaml", "YAML tags (`!!int`, `!foo`) are not used")
YAML_COMPLEX_KEY = _code("yaml.complex-key", ERROR, "yaml", "a list or mapping used as a key")
YAML_MULTIPLE_DOCUMENTS = _code(
    "yaml.multiple-documents", ERROR, "yaml", "more than one YAML document (`---`) in a file"
)

# -- json: JSON files parsed -----------------------------------------------------------------
JSON_SYNTAX = _code("json.syntax", ERROR, "json", "JSON syntax error")

# -- schema: data against the JSON Schemas ---------------------------------------------------
SCHEMA_UNKNOWN_PROPERTY = _code(
    "schema.unknown-property", ERROR, "schema", 'a property the schema does not know (with "did you mean")'
)
SCHEMA_REQUIRED = _code("schema.required", ERROR, "schema", "a required property is missing")
SCHEMA_ENUM = _code("schema.enum", ERROR, "schema", "a value outside a controlled vocabulary (with the allowed values)")
SCHEMA_TYPE = _code("schema.type", ERROR, "schema", "a value of the wrong type (text for a number, `yes` for `true`)")
SCHEMA_PATTERN = _code("schema.pattern", ERROR, "schema", "an id or code of the wrong form")
SCHEMA_BLANK = _code("schema.blank", ERROR, "schema", "a quote, prefix or suffix that is only whitespace")
SCHEMA_ONE_OF = _code(
    "schema.one-of",
    ERROR,
    "schema",
    "exactly one of several properties is needed (`quote` or `pieces`; `actor`, `institution` or `principle`)",
)
SCHEMA_ANY_OF = _code("schema.any-of", ERROR, "schema", "evidence that neither supports nor challenges a claim")
SCHEMA_INVALID = _code(
    "schema.invalid",
    ERROR,
    "schema",
    "a schema error that no more precise code describes (the message is the validator's)",
)
SCHEMA_KEYWORD = _code(
    "schema.<keyword>",
    ERROR,
    "schema",
    "any other schema keyword, named after it (`schema.min-items`, `schema.minimum`, `schema.unique-items`...)",
)

# -- anchor: quotes to characters ------------------------------------------------------------
ANCHOR_NOT_FOUND = _code(
    "anchor.not-found",
    ERROR,
    "anchor",
    "the quote is not in the text (the hint shows the closest passage and what differs)",
)
ANCHOR_AMBIGUOUS = _code(
    "anchor.ambiguous", ERROR, "anchor", "the quote occurs more than once (every occurrence listed with its line)"
)
ANCHOR_OCCURRENCE = _code(
    "anchor.occurrence-out-of-range", ERROR, "anchor", "`occurrence` is larger than the number of occurrences"
)
ANCHOR_CONTEXT = _code("anchor.context-mismatch", ERROR, "anchor", "no occurrence has the given `prefix`/`suffix`")
ANCHOR_OFFSETS = _code("anchor.offsets-mismatch", ERROR, "anchor", "`start`/`end` disagree with where the quote is")
ANCHOR_PIECES_ORDER = _code("anchor.pieces-order", ERROR, "anchor", "pieces are not in text order")
ANCHOR_PIECES_OVERLAP = _code("anchor.pieces-overlap", ERROR, "anchor", "two pieces overlap")
ANCHOR_MISPLACED = _code(
    "anchor.misplaced-selector", ERROR, "anchor", "`occurrence`, `prefix`... beside `pieces` instead of inside a piece"
)
ANCHOR_INVALID = _code(
    "anchor.invalid",
    ERROR,
    "anchor",
    "a quote or selector that cannot be used to anchor (a number that is not a whole number, "
    "a quote of whitespace only) where no schema finding says so already",
)
UNKNOWN_SECTION = _code(
    "catalog.unknown-section",
    ERROR,
    "anchor",
    "a `not_body` section that is no heading of the text",
    why="a `not_body` item is anchored with the quotes as the model is built (by a quote or a section heading); "
    "its code names the catalog, where the section is written, and codes do not change",
)

# -- citation: CITATION.cff ------------------------------------------------------------------
CITATION_INVALID = _code(
    "citation.invalid",
    ERROR,
    "citation",
    "a `CITATION.cff` that does not follow the Citation File Format 1.2.0 (its JSON Schema), at the value",
)

# -- catalog: the catalog: its texts, their checksums and lengths, its values as the exports carry them ---
UNCATALOGUED_TEXT = _code(
    "catalog.uncatalogued-text", WARNING, "catalog", "a text file that the catalog does not describe"
)
TEXT_MISSING = _code("catalog.text-missing", ERROR, "catalog", "a catalogued text file is missing")
TEXT_ENCODING = _code("catalog.text-encoding", ERROR, "catalog", "a text file is not UTF-8")
TEXT_UNREADABLE = _code(
    "catalog.text-unreadable",
    ERROR,
    "catalog",
    "a catalogued text file exists but cannot be read (permissions, a folder)",
)
TEXT_CHECKSUM = _code(
    "catalog.checksum",
    ERROR,
    "catalog",
    "a text's SHA-256 differs from the catalog (it changed after annotation; "
    "`sscorpus rehash` records a deliberate correction), or is not recorded yet",
)
TEXT_LENGTH = _code("catalog.length", ERROR, "catalog", "a text's length in code points differs from the catalog")
CATALOG_CELL = _code(
    "catalog.cell-text",
    ERROR,
    "catalog",
    "a catalog value that an export cannot carry unchanged: a control character, an `_xHHHH_` escape, more "
    "than 32,767 characters (the export's own rules)",
)
CATALOG_DATE = _code("catalog.date", ERROR, "catalog", "a date of the catalog that names no day (`2021-13-45`)")

# -- text: what the texts hold ---------------------------------------------------------------
TEXT_LINE_ENDS = _code(
    "text.line-ends", ERROR, "text", "a text with CRLF or CR line ends (convert to LF; `add-text --lf` does it)"
)
TEXT_CONTROL = _code(
    "text.control-character",
    ERROR,
    "text",
    "a text holding a character that no spreadsheet cell can hold unchanged (a form feed, NUL, U+2028 or U+2029, "
    "U+FFFF; C1 controls have a code of their own)",
)
TEXT_C1_CONTROL = _code(
    "text.c1-control",
    ERROR,
    "text",
    "a text holding a C1 control character (U+0080-U+009F): Windows-1252 text read as Latin-1, which a "
    "terminal may obey",
)
TEXT_BIDI_CONTROL = _code(
    "text.bidi-control",
    ERROR,
    "text",
    "a text holding an invisible bidirectional control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, "
    "U+061C), which reorders what is shown around it",
)
TEXT_EMPTY = _code("text.empty", ERROR, "text", "a text that is empty or only white space")
TEXT_BOM = _code("text.bom", WARNING, "text", "a text that starts with a byte-order mark, which offsets count")
TEXT_NO_PARAGRAPHS = _code(
    "text.no-paragraphs", WARNING, "text", "a text without a blank line: its paragraphs cannot be told apart"
)

# -- id: every id once -----------------------------------------------------------------------
ID_DUPLICATE = _code(
    "id.duplicate",
    ERROR,
    "id",
    "an id used twice (entity ids across the registry; claim/evidence ids within a file; document ids)",
)

# -- mention: one mention of an entity at one place ------------------------------------------
MENTION_DUPLICATE = _code(
    "mention.duplicate", ERROR, "mention", "two mentions of the same entity that mark the same text"
)

# -- entity: the registry: one name, one entity; every entity mentioned ----------------------
ENTITY_SHARED_NAME = _code(
    "entity.shared-name", WARNING, "entity", "a name, alias or acronym that two entities of the registry share"
)
ENTITY_BIDI_CONTROL = _code(
    "entity.bidi-control",
    ERROR,
    "entity",
    "a name, alias or acronym holding an invisible bidirectional control, which reorders what is shown "
    "beside it (counts, ids)",
)
ENTITY_NEAR_DUPLICATE = _code(
    "entity.near-duplicate",
    WARNING,
    "entity",
    "two entities whose names or aliases are nearly the same: probably one entity twice",
)
ENTITY_UNMENTIONED = _code(
    "entity.unmentioned", WARNING, "entity", "a registry entity that no document mentions (full runs only)"
)

# -- ref: every reference resolves, once -----------------------------------------------------
DUPLICATE_LINK = _code("ref.duplicate-link", ERROR, "ref", "a claim that links the same entity twice")
REF_UNKNOWN = _code(
    "ref.unknown",
    ERROR,
    "ref",
    'a reference to an entity, or to a claim of the same file, that does not exist (with "did you '
    'mean"); claim ids are per file',
)
REF_WRONG_TYPE = _code(
    "ref.wrong-type", ERROR, "ref", "a reference to an entity or annotation of another type (`actor: wto`)"
)
REF_CONTRADICTORY = _code(
    "ref.contradictory", ERROR, "ref", "evidence that both supports and challenges the same claim"
)
REF_UNKNOWN_DOCUMENT = _code(
    "ref.unknown-document", ERROR, "ref", "an annotation file for a document that is not in the catalog"
)

# -- evidence: evidence marks more than its claim --------------------------------------------
EVIDENCE_SAME_SPAN = _code(
    "evidence.same-span",
    WARNING,
    "evidence",
    "evidence that marks exactly the text of the claim it supports or challenges",
)

# -- export: what the exports carry ----------------------------------------------------------
EXPORT_EXCEL_TEXT = _code(
    "export.excel-text",
    ERROR,
    "export",
    "text a workbook cell cannot hold unchanged, at the file and line it came from (validate checks what the "
    "corpus holds, export every cell)",
)
EXPORT_CSV_TEXT = _code(
    "export.csv-text",
    ERROR,
    "export",
    "a value a CSV file cannot carry exactly (a NUL, a lone surrogate), at the file and line it came from",
)
EXPORT_PARQUET_TEXT = _code(
    "export.parquet-text",
    ERROR,
    "export",
    "a value a Parquet file cannot hold (a lone surrogate: Parquet stores UTF-8), at the file and line it came from",
)
EXPORT_TOO_MANY_ROWS = _code(
    "export.too-many-rows", ERROR, "export", "(export) a table longer than a sheet, at its first row that does not fit"
)

# -- curate: curate --merge ------------------------------------------------------------------
CURATE_JSON_GOLD = _code(
    "curate.json-gold",
    ERROR,
    "curate",
    "(curate --merge) the gold file is JSON, which cannot hold the list of disagreements: nothing is written",
)
CURATE_LAYOUT = _code(
    "curate.layout",
    ERROR,
    "curate",
    "(curate --merge) a section of the gold file is laid out so that items cannot be added to it safely "
    "(a flow list with items, a key written in quotes): nothing is written",
)

# -- rehash: annotations carried over to a corrected text ------------------------------------
REHASH_BROKE = _code(
    "rehash.broke",
    ERROR,
    "rehash",
    "(rehash) the correction changed or deleted the passage an annotation or a `not_body` item marks; it is "
    "not looked for elsewhere: mark the passage again, or delete the annotation",
)
REHASH_MOVED = _code(
    "rehash.moved",
    ERROR,
    "rehash",
    "(rehash) the passage is still in the corrected text, but the selector now picks another place and "
    "could not be rewritten (or a `not_body` section's heading now names another section)",
)
REHASH_REWRITTEN = _code(
    "rehash.rewritten",
    WARNING,
    "rehash",
    "(rehash) a selector rewritten so that it marks the same passage in the corrected text: `start`/`end`, "
    "`occurrence`, `prefix` or `suffix`, with the old and new values",
)

# -- internal: sscorpus itself ---------------------------------------------------------------
INTERNAL_ERROR = _code(
    "internal.error", ERROR, "internal", "sscorpus itself failed on a file or a check: a bug, please report it"
)


# -- w3c --
EXPORT_W3C_UNANCHORED = _code(
    "export.w3c-unanchored",
    ERROR,
    "export",
    "(export --format w3c) an annotation without a span, or a document without its text: a web annotation's "
    "target selects the text it marks, and there is none to select",
)
IMPORT_W3C_SHAPE = _code(
    "import.w3c-shape",
    ERROR,
    "import",
    "(import w3c) a web annotation, page or collection that cannot be read as one (not an object, no target, a "
    "TextPositionSelector without whole numbers start <= end, a target without a source): it is left out and "
    "the rest of the file is read",
)
IMPORT_W3C_REMOTE = _code(
    "import.w3c-remote",
    ERROR,
    "import",
    "(import w3c) a collection or page that names its annotations or its next page by address instead of "
    "holding them: nothing is fetched from the network; export the annotations themselves",
)


# -- brat --
EXPORT_BRAT_NAME = _code(
    "export.brat-name",
    ERROR,
    "export",
    "(export brat) a kind or stance of the schemas that brat cannot store as a type or attribute value "
    "(only letters, digits, `_` and `-`)",
)
EXPORT_BRAT_UNANCHORED = _code(
    "export.brat-unanchored",
    ERROR,
    "export",
    "(export brat) an annotation without a span: a brat text-bound annotation needs offsets",
)
IMPORT_BRAT_UNREADABLE = _code(
    "import.brat-unreadable",
    ERROR,
    "import",
    "(import brat) a brat collection that cannot be read: not a folder or a zip, a file that is not UTF-8",
)
IMPORT_BRAT_LINE = _code(
    "import.brat-line",
    ERROR,
    "import",
    "(import brat) an `.ann` line brat cannot parse (no tab, an unknown id prefix, bad offsets or arguments, "
    "a text shorter than its offsets), at the field that is wrong",
)
IMPORT_BRAT_DUPLICATE_ID = _code(
    "import.brat-duplicate-id", ERROR, "import", "(import brat) an annotation id given twice in one `.ann` file"
)
IMPORT_BRAT_REFERENCE = _code(
    "import.brat-reference",
    ERROR,
    "import",
    "(import brat) a relation, event, attribute, normalization or note that names an annotation the `.ann` "
    "file does not have",
)
IMPORT_BRAT_OFFSETS = _code(
    "import.brat-offsets",
    ERROR,
    "import",
    "(import brat) a text-bound annotation whose offsets are past the end of its `.txt` file",
)
IMPORT_BRAT_NO_TEXT = _code(
    "import.brat-no-text", ERROR, "import", "(import brat) an `.ann` file without the `.txt` file beside it"
)
IMPORT_BRAT_TEXT_DIFFERS = _code(
    "import.brat-text-differs",
    ERROR,
    "import",
    "(import brat) two collections hold a document of one name with different texts",
)


# -- qdpx --
EXPORT_QDPX_TEXT = _code(
    "export.qdpx-text",
    ERROR,
    "export",
    "(export --format qdpx) a value that an XML file cannot hold (a control character, a lone surrogate), at the "
    "file and line it came from",
)
EXPORT_QDPX_SCHEMA = _code(
    "export.qdpx-schema",
    ERROR,
    "export",
    "(export --format qdpx) the project.qde sscorpus made does not follow the REFI-QDA schema: a bug, please "
    "report it; nothing is written",
)
IMPORT_QDPX_UNREADABLE = _code(
    "import.qdpx-unreadable",
    ERROR,
    "import",
    "(import qdpx) the file is no REFI-QDA project: not a zip file, no project.qde in it, project.qde not "
    "well-formed XML (at its line and column) or not a QDA-XML Project",
)
IMPORT_QDPX_INVALID = _code(
    "import.qdpx-invalid",
    ERROR,
    "import",
    "(import qdpx) an element of project.qde that cannot be read (a missing GUID, name or position, a position "
    "that is no whole number, a GUID given twice, a source whose text is missing or not UTF-8), at its line and "
    "column; it is not imported",
)
IMPORT_QDPX_UNSUPPORTED = _code(
    "import.qdpx-unsupported",
    WARNING,
    "import",
    "(import qdpx) a coding sscorpus cannot place in a text: in a source that is no plain text (a picture, audio, "
    "video, a PDF without its text, an external file), of an area of a PDF page, or of a whole source",
)


def lookup(code: str) -> Code | None:
    """The declared code of a code string; ``schema.<keyword>`` for a schema
    keyword without a code of its own."""
    if code in CODES:
        return CODES[code]
    if code.startswith("schema."):
        return SCHEMA_KEYWORD
    return None


# -- xmi --
EXPORT_XMI_TEXT = _code(
    "export.xmi-text",
    ERROR,
    "export",
    "(export, xmi) a text or value that XML 1.0 cannot hold (a control character, a lone surrogate, U+FFFE or "
    "U+FFFF), at the file and line it came from: UIMA CAS XMI (XML 1.0) cannot carry it exactly",
)
EXPORT_XMI_UNANCHORED = _code(
    "export.xmi-unanchored",
    ERROR,
    "export",
    "(export, xmi) an annotation without a span in its text, or a link to one: a UIMA annotation is a span, so "
    "the export would drop it",
)
XMI_UNREADABLE = _code(
    "xmi.unreadable",
    ERROR,
    "xmi",
    "(import, xmi) a file that is no zip of XMI files, or an XMI or type system file that cannot be parsed or "
    "loaded against its type system",
)
XMI_NO_TYPESYSTEM = _code(
    "xmi.no-typesystem",
    ERROR,
    "xmi",
    "(import, xmi) an XMI file without a TypeSystem.xml beside it (nor at the top of the zip): its types are unknown",
)
XMI_OFFSETS = _code(
    "xmi.offsets",
    ERROR,
    "xmi",
    "(import, xmi) an annotation whose begin or end lies outside its text, or ends before it begins",
)
XMI_PIECES = _code(
    "xmi.pieces",
    ERROR,
    "xmi",
    "(import, xmi) the pieces of a discontinuous annotation (annotations sharing an `id`, numbered by `piece` "
    "of `pieces`) are missing, numbered twice or disagree on their number",
)
XMI_LOOSE_RELATION = _code(
    "xmi.loose-relation",
    ERROR,
    "xmi",
    "(import, xmi) a relation whose Governor or Dependent is missing or is no annotation of the text",
)


# -- import: another tool's coding brought in as annotation files ----------------------------
IMPORT_MAP_ENTRY = _code(
    "import.map-entry",
    ERROR,
    "import",
    "(import) the map file is not laid out as `codes:` and `documents:`, each a mapping of a foreign name to "
    "a codebook path or a document id",
)
IMPORT_MAP_PATH = _code(
    "import.map-path",
    ERROR,
    "import",
    "(import) a map entry's codebook path names nothing in this corpus's codebook (a kind, stance or "
    "registry id that does not exist)",
)
IMPORT_MAP_DOCUMENT = _code(
    "import.map-document", ERROR, "import", "(import) a map entry's document id is no document of the catalog"
)
IMPORT_UNMAPPED_CODE = _code(
    "import.unmapped-code",
    ERROR,
    "import",
    "(import) a foreign code that names no codebook path and that the map does not map: what it codes is not imported",
)
IMPORT_IGNORED_CODE = _code(
    "import.ignored-code",
    WARNING,
    "import",
    "(import) a foreign code that the map leaves out on purpose (`ignore`): what it codes is counted, not imported",
)
IMPORT_UNKNOWN_DOCUMENT = _code(
    "import.unknown-document",
    ERROR,
    "import",
    "(import) a foreign document that is no document of the catalog by its name, `--document` or the map's "
    "`documents:`: its coding is not imported",
)
IMPORT_FILE_NOTE = _code(
    "import.file-note",
    ERROR,
    "import",
    "(import) a note on a whole document (an annotation file's own `note`) that the import cannot place: its "
    "document is no document imported, or its creator is not the one imported and coded nothing in the file",
)
IMPORT_TEXT_MISMATCH = _code(
    "import.text-mismatch",
    ERROR,
    "import",
    "(import) the foreign file's text differs from the corpus text there, and the selection's passage is not "
    "in the corpus text as it was: it is not imported",
)
IMPORT_QUOTE_MISMATCH = _code(
    "import.quote-mismatch",
    ERROR,
    "import",
    "(import) the text the foreign file says a selection covers differs from the corpus text at its place, or "
    "a selection given by its quote only (no positions) has no one place in the corpus text: it is not imported",
)
IMPORT_EMPTY_SELECTION = _code(
    "import.empty-selection",
    ERROR,
    "import",
    "(import) a selection of no text, or of positions outside its document's text: it is not imported",
)
IMPORT_UNSUPPORTED_SELECTION = _code(
    "import.unsupported-selection",
    ERROR,
    "import",
    "(import) a selection that no annotation can express: pieces that overlap, codes of two kinds of one "
    "type, a type without the entity or kind it needs, or the same mention twice",
)
IMPORT_RELATION = _code(
    "import.relation",
    ERROR,
    "import",
    "(import) a relation that links nothing sscorpus can hold: its source or target is not imported, or is "
    "not what the relation links (an about link from a claim to an entity, evidence to a claim)",
)
IMPORT_NO_FILES = _code(
    "import.no-files",
    ERROR,
    "import",
    "(import brat, w3c) a folder or zip that holds no file of the format (brat: no `.ann` file; w3c: no `.json` "
    "or `.jsonld` file): there is nothing to import",
)
IMPORT_EXISTS = _code(
    "import.exists",
    ERROR,
    "import",
    "(import) the annotation file to be written exists already: import never overwrites, and writes nothing",
)
IMPORT_INVALID = _code(
    "import.invalid",
    ERROR,
    "import",
    "(import) a selection would make an annotation that does not validate (the finding of the would-be file "
    "follows the code): nothing is written",
)
