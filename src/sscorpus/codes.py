"""Every finding code, declared once: its severity, the check that emits it,
and what it means.

A code is a string (``"anchor.not-found"``) that also carries its severity,
check and explanation, so that code at the place of a finding reads as the
code itself, and the README's table and ``validate --list-checks`` are made
from this one list. Codes are stable: scripts and tests rely on them; the
wording of messages may improve.
"""

from __future__ import annotations

from .findings import Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Code(str):
    """A finding code: the string itself, with what is known about it."""

    severity: Severity
    check: str
    explanation: str

    def __new__(cls, code: str, severity: Severity, check: str, explanation: str) -> Code:
        self = super().__new__(cls, code)
        self.severity = severity
        self.check = check
        self.explanation = explanation
        return self

    def __reduce__(self) -> tuple[object, tuple[str]]:
        """A code crosses to another process as its string and is the declared code again there."""
        return declared, (str(self),)


def declared(code: str) -> Code:
    """The declared code ``code``."""
    return CODES[code]


#: every code, in the order of the checks that emit them
CODES: dict[str, Code] = {}


def _code(code: str, severity: Severity, check: str, explanation: str) -> Code:
    if code in CODES:  # pragma: no cover - a mistake in this module
        raise ValueError(f"finding code {code} declared twice")
    CODES[code] = declared = Code(code, severity, check, explanation)
    return declared


# -- discover: which files make up the corpus ------------------------------------------
FILE_IGNORED = _code(
    "file.ignored", WARNING, "discover", "a file in an annotation folder that is not `.yaml`, `.yml` or `.json`"
)
UNCATALOGUED_TEXT = _code(
    "catalog.uncatalogued-text", WARNING, "discover", "a text file that the catalog does not describe"
)

# -- parse: bytes to data ---------------------------------------------------------------
FILE_UNREADABLE = _code(
    "file.unreadable",
    ERROR,
    "discover",
    "the file cannot be read; also a folder of annotation files that cannot be read, a `.yaml` "
    "link to nothing (missing target, a loop of links), a folder named like an annotation file, "
    "a FIFO",
)
FILE_OUTSIDE_CORPUS = _code(
    "file.outside-corpus",
    ERROR,
    "discover",
    "an annotation file or text that is a link to a file outside the corpus folder: it is not "
    "read, and nothing of it is printed (a catalog or registry that leads outside stops the "
    "run, exit 2)",
)
FILE_MISPLACED = _code(
    "file.misplaced",
    ERROR,
    "discover",
    "a `.yaml`, `.yml` or `.json` file under `annotations/` that is not "
    "`annotations/<annotator>/<document>.yaml` (in `annotations/` itself, or a folder deeper), "
    "so it is not read",
)
FILE_ENCODING = _code(
    "file.encoding",
    ERROR,
    "parse",
    'the file is not UTF-8 (UTF-16, Notepad\'s "Unicode", is named; otherwise the hint names the byte and '
    "what it would be in Windows-1252)",
)
FILE_EMPTY = _code("file.empty", ERROR, "parse", "the file is empty")
FILE_MISSING = _code("file.missing", ERROR, "parse", "`annotations/registry.yaml` is missing")
YAML_SYNTAX = _code(
    "yaml.syntax", ERROR, "parse", "YAML syntax error (hints for unquoted colons, tabs, unclosed quotes, indentation)"
)
YAML_DUPLICATE_KEY = _code("yaml.duplicate-key", ERROR, "parse", "a key given twice in one mapping (the first is kept)")
YAML_ANCHOR = _code("yaml.anchor", ERROR, "parse", "YAML anchors (`&a`) are not used")
YAML_ALIAS = _code("yaml.alias", ERROR, "parse", "YAML aliases (`*a`) are not used")
YAML_TAG = _code("yaml.tag", ERROR, "parse", "YAML tags (`!!int`, `!foo`) are not used")
YAML_COMPLEX_KEY = _code("yaml.complex-key", ERROR, "parse", "a list or mapping used as a key")
YAML_MULTIPLE_DOCUMENTS = _code(
    "yaml.multiple-documents", ERROR, "parse", "more than one YAML document (`---`) in a file"
)
JSON_SYNTAX = _code("json.syntax", ERROR, "parse", "JSON syntax error")
NUMBER_TOO_LARGE = _code(
    "file.number-too-large",
    ERROR,
    "parse",
    "a whole number of more than 4,300 digits, more than Python reads; it is kept as text and "
    "nothing else is reported about it",
)

# -- schema: data against the JSON Schemas ----------------------------------------------
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

# -- texts: the catalogued texts and their checksums -------------------------------------
TEXT_MISSING = _code("catalog.text-missing", ERROR, "texts", "a catalogued text file is missing")
TEXT_ENCODING = _code("catalog.text-encoding", ERROR, "texts", "a text file is not UTF-8")
TEXT_UNREADABLE = _code(
    "catalog.text-unreadable",
    ERROR,
    "texts",
    "a catalogued text file exists but cannot be read (permissions, a folder)",
)
TEXT_CHECKSUM = _code(
    "catalog.checksum",
    ERROR,
    "texts",
    "a text's SHA-256 differs from the catalog (it changed after annotation; "
    "`sscorpus rehash` records a deliberate correction), or is not recorded yet",
)
TEXT_LENGTH = _code("catalog.length", ERROR, "texts", "a text's length in code points differs from the catalog")
TEXT_LINE_ENDS = _code(
    "text.line-ends", ERROR, "texts", "a text with CRLF or CR line ends (convert to LF; `add-text --lf` does it)"
)
TEXT_CONTROL = _code(
    "text.control-character",
    ERROR,
    "texts",
    "a text holding a character that no spreadsheet cell can hold unchanged (a form feed, NUL, U+2028 or U+2029, "
    "U+FFFF; C1 controls have a code of their own)",
)
TEXT_C1_CONTROL = _code(
    "text.c1-control",
    ERROR,
    "texts",
    "a text holding a C1 control character (U+0080-U+009F): Windows-1252 text read as Latin-1, which a "
    "terminal may obey",
)
TEXT_BIDI_CONTROL = _code(
    "text.bidi-control",
    ERROR,
    "texts",
    "a text holding an invisible bidirectional control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, "
    "U+061C), which reorders what is shown around it",
)
TEXT_EMPTY = _code("text.empty", ERROR, "texts", "a text that is empty or only white space")
TEXT_BOM = _code("text.bom", WARNING, "texts", "a text that starts with a byte-order mark, which offsets count")
TEXT_NO_PARAGRAPHS = _code(
    "text.no-paragraphs", WARNING, "texts", "a text without a blank line: its paragraphs cannot be told apart"
)

# -- catalog: the catalog's values as the exports carry them ------------------------------
CATALOG_CELL = _code(
    "catalog.cell-text",
    ERROR,
    "catalog",
    "a catalog value that an export cannot carry unchanged: a control character, an `_xHHHH_` escape, more "
    "than 32,767 characters (the export's own rules)",
)
CATALOG_DATE = _code("catalog.date", ERROR, "catalog", "a date of the catalog that names no day (`2021-13-45`)")

# -- anchors: quotes to characters -------------------------------------------------------
ANCHOR_NOT_FOUND = _code(
    "anchor.not-found",
    ERROR,
    "anchors",
    "the quote is not in the text (the hint shows the closest passage and what differs)",
)
ANCHOR_AMBIGUOUS = _code(
    "anchor.ambiguous", ERROR, "anchors", "the quote occurs more than once (every occurrence listed with its line)"
)
ANCHOR_OCCURRENCE = _code(
    "anchor.occurrence-out-of-range", ERROR, "anchors", "`occurrence` is larger than the number of occurrences"
)
ANCHOR_CONTEXT = _code("anchor.context-mismatch", ERROR, "anchors", "no occurrence has the given `prefix`/`suffix`")
ANCHOR_OFFSETS = _code("anchor.offsets-mismatch", ERROR, "anchors", "`start`/`end` disagree with where the quote is")
ANCHOR_PIECES_ORDER = _code("anchor.pieces-order", ERROR, "anchors", "pieces are not in text order")
ANCHOR_PIECES_OVERLAP = _code("anchor.pieces-overlap", ERROR, "anchors", "two pieces overlap")
ANCHOR_MISPLACED = _code(
    "anchor.misplaced-selector", ERROR, "anchors", "`occurrence`, `prefix`... beside `pieces` instead of inside a piece"
)
ANCHOR_INVALID = _code(
    "anchor.invalid",
    ERROR,
    "anchors",
    "a quote or selector that cannot be used to anchor (a number that is not a whole number, "
    "a quote of whitespace only) where no schema finding says so already",
)
UNKNOWN_SECTION = _code(
    "catalog.unknown-section", ERROR, "anchors", "a `not_body` section that is no heading of the text"
)

# -- identity: every id once -------------------------------------------------------------
ID_DUPLICATE = _code(
    "id.duplicate",
    ERROR,
    "identity",
    "an id used twice (entity ids across the registry; claim/evidence ids within a file; document ids)",
)
FILE_DUPLICATE = _code("file.duplicate", ERROR, "identity", "two files hold the same document and annotator")
FILE_PATH_MISMATCH = _code(
    "file.path-mismatch", ERROR, "identity", "`document`/`annotator` do not match the file's name/folder"
)
MENTION_DUPLICATE = _code(
    "mention.duplicate", ERROR, "identity", "two mentions of the same entity that mark the same text"
)
DUPLICATE_LINK = _code("ref.duplicate-link", ERROR, "identity", "a claim that links the same entity twice")

# -- registry: one name, one entity --------------------------------------------------------
ENTITY_SHARED_NAME = _code(
    "entity.shared-name", WARNING, "registry", "a name, alias or acronym that two entities of the registry share"
)
ENTITY_BIDI_CONTROL = _code(
    "entity.bidi-control",
    ERROR,
    "registry",
    "a name, alias or acronym holding an invisible bidirectional control, which reorders what is shown "
    "beside it (counts, ids)",
)
ENTITY_NEAR_DUPLICATE = _code(
    "entity.near-duplicate",
    WARNING,
    "registry",
    "two entities whose names or aliases are nearly the same: probably one entity twice",
)

# -- references: every link resolves -----------------------------------------------------
REF_UNKNOWN = _code(
    "ref.unknown",
    ERROR,
    "references",
    'a reference to an entity, or to a claim of the same file, that does not exist (with "did you '
    'mean"); claim ids are per file',
)
REF_WRONG_TYPE = _code(
    "ref.wrong-type", ERROR, "references", "a reference to an entity or annotation of another type (`actor: wto`)"
)
REF_CONTRADICTORY = _code(
    "ref.contradictory", ERROR, "references", "evidence that both supports and challenges the same claim"
)
EVIDENCE_SAME_SPAN = _code(
    "evidence.same-span",
    WARNING,
    "references",
    "evidence that marks exactly the text of the claim it supports or challenges",
)
REF_UNKNOWN_DOCUMENT = _code(
    "ref.unknown-document", ERROR, "references", "an annotation file for a document that is not in the catalog"
)

# -- coverage ---------------------------------------------------------------------------
ENTITY_UNMENTIONED = _code(
    "entity.unmentioned", WARNING, "coverage", "a registry entity that no document mentions (full runs only)"
)

# -- citation ---------------------------------------------------------------------------
CITATION_INVALID = _code(
    "citation.invalid",
    ERROR,
    "citation",
    "a `CITATION.cff` that does not follow the Citation File Format 1.2.0 (its JSON Schema), at the value",
)
# -- curate -------------------------------------------------------------------------------
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

# -- export -------------------------------------------------------------------------------
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
EXPORT_TOO_MANY_ROWS = _code(
    "export.too-many-rows", ERROR, "export", "(export) a table longer than a sheet, at its first row that does not fit"
)

# -- rehash: annotations carried over to a corrected text -----------------------------------
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

# -- sscorpus itself -------------------------------------------------------------------------
INTERNAL_ERROR = _code(
    "internal.error", ERROR, "internal", "sscorpus itself failed on a file or a check: a bug, please report it"
)


def lookup(code: str) -> Code | None:
    """The declared code of a code string; ``schema.<keyword>`` for a schema
    keyword without a code of its own."""
    if code in CODES:
        return CODES[code]
    if code.startswith("schema."):
        return SCHEMA_KEYWORD
    return None
