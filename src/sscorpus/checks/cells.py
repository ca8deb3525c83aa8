"""What a workbook cell and a CSV field can hold unchanged, and the finding
that names where a text that cannot be held came from.

A workbook cell is XML text. XlsxWriter stores what XML cannot hold (control
characters, a carriage return) as Excel's ``_xHHHH_`` escapes, and text that
looks like such an escape as ``_x005F_xHHHH_``: Excel decodes both, but
LibreOffice, openpyxl and pandas show them literally. LibreOffice also drops
or changes a few characters that XML holds (tests/test_export.py opens the
workbook in it). So the only text that reads back the same in every program
is text without any of these: a cell that holds one stops the export instead.
Lengths are counted in UTF-16 units, as Excel and LibreOffice count them. A
CSV field holds any text, except what UTF-8 cannot encode (a lone surrogate)
and the NUL character, which R's ``read.csv`` stops at.

A refused value is located where it came from (``Origin``): its record's key
in the catalog, registry, an annotation file or a schema (the places the
model keeps), or its character in the text it is quoted from (``FromText``).
``validate`` runs the same rules on the model's strings (``check_cells``),
``export`` on every cell it writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import codes
from ..codes import Code
from ..corpus.lines import LineMap
from ..corpus.loaded import LoadedFile
from ..corpus.loading import load_file
from ..corpus.model import (
    PIECE_SEPARATOR,
    Annotation,
    AnnotationFile,
    Claim,
    Corpus,
    Entity,
    Evidence,
    Location,
    Mention,
    Span,
)
from ..corpus.structure import TextStructure
from ..findings import Finding

#: Excel's limits ("Excel specifications and limits"): rows of a sheet,
#: header included, and characters in a cell, counted in UTF-16 code units
#: (as Excel, XlsxWriter and LibreOffice count them: an emoji is two)
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CHARS = 32_767
#: LibreOffice breaks a line longer than this (UTF-16 units) in a cell of
#: several lines (its edit engine's paragraph limit, 0x3FFF - 16)
LIBREOFFICE_MAX_LINE = 16_367

#: C0 controls but tab, line feed and carriage return, DEL and the C1
#: controls (LibreOffice drops them), the line and paragraph separators
#: U+2028 and U+2029 (LibreOffice turns them into spaces) and the
#: non-characters U+FFFE and U+FFFF: characters a decoded text file can hold
#: that no cell holds unchanged (``texts.inspect`` reports them in a text)
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: those, a carriage return, lone surrogates, and _xHHHH_ escapes with one to
#: four digits (LibreOffice decodes _x4_ too)
_WORKBOOK_UNSAFE = re.compile(f"{CONTROL_CHARACTER.pattern}|[\r\ud800-\udfff]|_x[0-9A-Fa-f]{{1,4}}_")
#: the same, as one class of characters and one escape: two searches of a
#: long text take a fraction of the time of the one alternation
_UNSAFE_CHARACTER = re.compile(f"{CONTROL_CHARACTER.pattern[:-1]}\r\ud800-\udfff]")
_ESCAPE = re.compile("_x[0-9A-Fa-f]{1,4}_")
CSV_UNSAFE = re.compile("[\x00\ud800-\udfff]")

_NAMES = {
    "\x00": "a NUL character",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\r": "a carriage return",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}

WORKBOOK_HINT = (
    "remove or replace the character, or shorten the text; the CSV files hold any text, but the "
    "workbook must show every cell as the annotation has it"
)
CSV_HINT = "remove the character: it cannot be written to a UTF-8 CSV file that every program reads back"


def describe(character: str) -> str:
    """A character by its name where it has a common one, and its code point."""
    name = _NAMES.get(character)
    code = f"U+{ord(character):04X}"
    return f"{name} ({code})" if name else f"the character {code}"


def workbook_problem(text: str) -> str | None:
    """Why a workbook cell cannot hold ``text`` unchanged, or None."""
    bad = _WORKBOOK_UNSAFE.search(text)
    if bad:
        found = bad.group()
        if len(found) > 1:
            return (
                f"'{found}' at position {bad.start() + 1}, which Excel reads as an escaped character "
                "(other programs show it as written)"
            )
        return f"{describe(found)} at position {bad.start() + 1}, which a workbook cell cannot hold unchanged"
    if 2 * len(text) <= LIBREOFFICE_MAX_LINE:  # no length limit can be reached
        return None
    units = utf16_units(text)
    if units > EXCEL_MAX_CHARS:
        return f"{units:,} characters (UTF-16 units); a workbook cell holds at most {EXCEL_MAX_CHARS:,}"
    if "\n" in text and units > LIBREOFFICE_MAX_LINE:
        longest = max(utf16_units(line) for line in text.split("\n"))
        if longest > LIBREOFFICE_MAX_LINE:
            return (
                f"a line of {longest:,} characters (UTF-16 units) among several lines; LibreOffice breaks a line "
                f"longer than {LIBREOFFICE_MAX_LINE:,} characters in such a cell"
            )
    return None


def all_fit(texts: list[str]) -> bool:
    """Whether a workbook cell can hold every one of ``texts``: one search
    of them all (a tab, which cells hold, keeps an escape from spanning two),
    where ``workbook_problem`` searches each."""
    if texts and 2 * max(map(len, texts)) > LIBREOFFICE_MAX_LINE:
        return all(workbook_problem(text) is None for text in texts)
    return _fits("\t".join(texts))


def _fits(text: str) -> bool:
    """Whether ``text`` holds nothing ``_WORKBOOK_UNSAFE`` finds."""
    return _UNSAFE_CHARACTER.search(text) is None and ("_x" not in text or _ESCAPE.search(text) is None)


def utf16_units(text: str) -> int:
    """The length of ``text`` as Excel, XlsxWriter and LibreOffice count it:
    UTF-16 code units, two for a character beyond U+FFFF (an emoji)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def csv_problem(text: str) -> str | None:
    """Why a CSV field cannot carry ``text`` exactly, or None."""
    bad = CSV_UNSAFE.search(text)
    if bad:
        return f"{describe(bad.group())} at position {bad.start() + 1}, which a CSV file cannot carry exactly"
    return None


@dataclass(frozen=True, slots=True)
class FromText:
    """A value a row takes from a text rather than from its record: the
    span's quote, or (``heading``) the heading the span sits under."""

    path: Path
    text: str
    span: Span
    heading: bool = False

    def offset(self, index: int | None) -> int:
        """The text offset of character ``index`` of the value (its start
        when None): through the pieces of a quote, at the heading's start."""
        if self.heading:
            starts = [h.start for h in TextStructure(self.text).headings if h.start <= self.span.start]
            return starts[-1] if starts else self.span.start
        if index is None:
            return self.span.start
        seen = 0
        for start, end in self.span.pieces:
            if index < seen + end - start:
                return start + index - seen
            seen += end - start + len(PIECE_SEPARATOR)
            if index < seen:  # in the separator: the next piece
                break
        return self.span.start


#: where the value of one column comes from, when not from the row's record
CellSource = Location | FromText


class Origin(NamedTuple):
    """Where a row's values come from: its record (None for a row sscorpus
    generated), and the columns whose values come from elsewhere."""

    where: Location | None
    cells: Mapping[str, CellSource] | None = None


def unsafe_at(text: str) -> int | None:
    """Index of the first character that a workbook cell or a CSV field
    cannot hold (the rules above), or None."""
    bad = _WORKBOOK_UNSAFE.search(text)
    return bad.start() if bad else None


@dataclass(slots=True)
class Locator:
    """Turns a row's origin and a column into a place in a file, from the
    places the model keeps: no annotation file is read again. A place known
    by its pointer only (line 0: a schema's property, for the codebook) is
    looked up in its file when a finding needs it."""

    fallback: Path
    _lines: dict[Path, LineMap] = field(default_factory=dict)
    _schemas: dict[Path, LoadedFile] = field(default_factory=dict)

    def _in_text(self, source: FromText, value: str | None) -> tuple[Path, int, int, str]:
        if source.path not in self._lines:
            self._lines[source.path] = LineMap(source.text)
        offset = source.offset(unsafe_at(value) if value is not None else None)
        line, col = self._lines[source.path].line_column(offset)
        return source.path, line, col, ""

    def place(
        self, origin: Origin, column: str | None, cell: tuple[int, int], value: str | None = None
    ) -> tuple[Path, int, int, str]:
        """(path, line, column, pointer) of ``value`` in ``column`` of a row
        from ``origin``: in the text for a value quoted from a text, at its
        record's key where the model kept its place, else at its record. A
        generated value (no origin) is located at its cell of the workbook:
        ``cell`` is its (row, column), 1-based."""
        source: CellSource | None = origin.where
        if column is not None and origin.cells and column in origin.cells:
            source = origin.cells[column]
        if isinstance(source, FromText):
            return self._in_text(source, value)
        if source is None:
            return self.fallback, cell[0], cell[1], ""
        if source.line == 0 and source.pointer:
            if source.path not in self._schemas:
                self._schemas[source.path] = load_file(source.path)
            line, col = self._schemas[source.path].locate(source.pointer)
            return source.path, line, col, source.pointer
        return source.path, source.line, source.column, source.pointer

    def finding(
        self,
        code: Code,
        message: str,
        hint: str,
        origin: Origin,
        column: str | None,
        cell: tuple[int, int],
        value: str | None = None,
    ) -> Finding:
        path, line, col, pointer = self.place(origin, column, cell, value)
        return Finding(path, line, col, code, message, pointer, hint)

    def workbook_finding(
        self, label: str, column: str, problem: str, origin: Origin, cell: tuple[int, int], value: str
    ) -> Finding:
        """A value of a table's row that a workbook cell cannot hold."""
        return self.finding(
            codes.EXPORT_EXCEL_TEXT,
            f"{label}, column '{column}': the text has {problem}",
            WORKBOOK_HINT,
            origin,
            column,
            cell,
            value,
        )

    def csv_finding(
        self, label: str, table: str, column: str, problem: str, origin: Origin, cell: tuple[int, int], value: str
    ) -> Finding:
        """A value of a table's row that its CSV file cannot carry."""
        return self.finding(
            codes.EXPORT_CSV_TEXT,
            f"{label} in csv/{table}.csv, column '{column}': the text has {problem}",
            CSV_HINT,
            origin,
            column,
            cell,
            value,
        )


def value_findings(
    label: str, table: str, column: str, text: str, origin: Origin, locator: Locator, cell: tuple[int, int]
) -> list[Finding]:
    """What a value of a table's row breaks: the workbook's rules, the CSV's."""
    found = []
    problem = workbook_problem(text)
    if problem is not None:
        found.append(locator.workbook_finding(label, column, problem, origin, cell, text))
        csv = csv_problem(text)  # what a CSV field cannot carry, a cell cannot hold either
        if csv is not None:
            found.append(locator.csv_finding(label, table, column, csv, origin, cell, text))
    return found


# -- the model's strings, as validate checks them ---------------------------------------------------

#: the registry attributes the entity tables copy, as the tables name them
_ATTRIBUTES = (
    "kind", "country", "region", "role", "affiliation", "acronym",
    "scope", "definition", "defined_in", "wikidata", "note",
)  # fmt: skip


def _entity_values(entity: Entity) -> Iterator[tuple[str, str | None, Location | FromText | None]]:
    places = entity.places
    yield "id", entity.id, entity.id_where
    name = "label" if entity.type == "principle" else "name"
    yield name, entity.name, places.get(name)
    for attribute in _ATTRIBUTES:
        yield attribute, getattr(entity, attribute), places.get(attribute)
    for alias in entity.aliases:
        yield "aliases", alias, places.get("aliases")


def _annotation_values(
    corpus: Corpus, file: AnnotationFile, record: Annotation
) -> Iterator[tuple[str, str | None, Location | FromText | None]]:
    """The strings of an annotation the exports copy: its file's, its own,
    and its quote and section with the text they come from."""
    yield from _file_values(file)
    yield "id", record.id, record.id_where if isinstance(record, Claim | Evidence) else None
    document = corpus.documents.get(file.document)
    structure = corpus.structure(file.document)
    span = record.span
    if span is not None and document is not None and document.text is not None and structure is not None:
        yield "quote", span.quote(document.text), FromText(document.text_file, document.text, span)
        section = FromText(document.text_file, document.text, span, heading=True)
        yield "section", structure.section(span.start), section
    yield from _written_values(record)


def _file_values(file: AnnotationFile) -> Iterator[tuple[str, str | None, Location | FromText | None]]:
    """The strings every row of an annotation file's records takes from the file."""
    yield "doc_id", file.document, file.document_where
    yield "annotator", file.annotator, file.annotator_where


#: the free-text fields of each kind of record, as (column, attribute): the
#: strings written in a record that exports copy (its id is checked with
#: the quote it precedes); a kind is one of the schema's values: any other is
#: the schema check's to report
_WRITTEN: dict[type[Annotation], tuple[tuple[str, str], ...]] = {
    Mention: (("note", "note"),),
    Claim: (("note", "note"),),
    Evidence: (("source", "cited"), ("note", "note")),
}


def _written_values(record: Annotation) -> Iterator[tuple[str, str | None, Location | None]]:
    """The free-text strings written in a record (``_WRITTEN``)."""
    for column, attribute in _WRITTEN[type(record)]:
        yield column, getattr(record, attribute), record.places.get(column)


def model_strings(corpus: Corpus) -> Iterator[tuple[str, str, str, str, Location, CellSource | None]]:
    """(table, row label, column, value, record's place, value's place) of
    every string the exports take from the registry and the annotations (the
    catalog's are the catalog check's), taken from the model: what
    ``export`` writes in those cells."""
    for entity in corpus.entities.values():
        label = f"{entity.type} {entity.id}"
        for column, value, source in _entity_values(entity):
            if value:
                yield f"{entity.type}s", label, column, value, entity.where, source
    for file in corpus.files:
        for record in file.annotations():
            table = "evidence" if record.type == "evidence" else f"{record.type}s"
            label = f"{record.type} {record.id}" if record.id else f"a row of sheet {table}"
            for column, value, source in _annotation_values(corpus, file, record):
                if value:
                    yield table, label, column, value, record.where, source


def string_findings(corpus: Corpus) -> Iterator[Finding]:
    """What a workbook cell or a CSV field cannot hold among the model's
    strings (``model_strings``), located at their record's field or their
    character in the text. One search of them all first (the common case:
    every one fits), then each, only when one does not."""
    if _all_fit(corpus):
        return
    locator = Locator(corpus.root)
    for table, label, column, value, where, source in model_strings(corpus):
        if workbook_problem(value) is not None:
            origin = Origin(where, {column: source} if source else None)
            yield from value_findings(label, table, column, value, origin, locator, (0, 0))


def _all_fit(corpus: Corpus) -> bool:
    """Whether a cell can hold every string of ``model_strings`` (False
    when in doubt), without cutting every quote out of its text: a quote is
    a slice of the text (pieces joined by a separator that no escape can
    span), so a text that holds nothing a cell refuses holds no quote that
    does; a section is one of the text's headings, a line of it without
    markup (``heading_text``: no '_', so no escape), which a cell holds when
    the text does, unless the line is long enough to break a cell's limits.
    Only such a heading, or such a quote, is looked at on its own."""
    values = [value for entity in corpus.entities.values() for _, value, _ in _entity_values(entity) if value]
    for file in corpus.files:  # the same strings as model_strings, each of a file once
        if file.mentions or file.claims or file.evidence:
            values += (file.document, file.annotator)
            _add_record_strings(file, values)
    texts: set[str] = set()
    for file in corpus.files:
        document = corpus.documents.get(file.document)
        if document is None or document.text is None:
            continue
        text = document.text
        if file.document not in texts:
            texts.add(file.document)
            if not _fits(text):
                return all_fit([value for _, _, _, value, _, _ in model_strings(corpus)])  # each quote, then
            if 2 * len(text) > LIBREOFFICE_MAX_LINE and 2 * max(map(len, text.split("\n"))) > LIBREOFFICE_MAX_LINE:
                structure = corpus.structure(file.document)  # a heading may be too long: each is looked at
                values += (heading.text for heading in structure.headings) if structure is not None else ()
        for records in (file.mentions, file.claims, file.evidence):
            for record in records:
                anchor = record.anchor
                if isinstance(anchor, Span) and 2 * _quote_length(anchor) > LIBREOFFICE_MAX_LINE:
                    values.append(anchor.quote(text))
    return all_fit(values)


def _add_record_strings(file: AnnotationFile, values: list[str]) -> None:
    """Add to ``values`` the strings of the file's records that exports
    copy (``_WRITTEN``), or strings that hold them: a mention's id is its
    entity's id and offsets (``entity@start:end``), and digits, '@' and ':'
    neither are nor complete anything a cell refuses, so its entity's id
    stands for it (given even when the mention has no span and so no id: a
    string too many can only send the check the long way, never hide a
    finding)."""
    values += [mention.entity.id for mention in file.mentions if mention.entity is not None]
    values += [claim.id for claim in file.claims if claim.id]
    values += [item.id for item in file.evidence if item.id]
    for kind, records in ((Mention, file.mentions), (Claim, file.claims), (Evidence, file.evidence)):
        attributes = [attribute for _, attribute in _WRITTEN[kind]]
        values += [value for record in records for attribute in attributes if (value := getattr(record, attribute))]


def _quote_length(span: Span) -> int:
    if len(span.pieces) == 1:  # the common case, kept short
        start, end = span.pieces[0]
        return end - start
    return sum(end - start for start, end in span.pieces) + len(PIECE_SEPARATOR) * (len(span.pieces) - 1)
