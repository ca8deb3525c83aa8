"""An annotation file to records: its mentions, claims and evidence, each
anchored in the document's text.

Anchoring gives every annotation a span, or an ``Unanchored`` and the
findings that say why, which join the file's findings (``LoadedFile``,
beside those of parsing and the schema: the ``anchor`` check is this phase
of building the model). The findings are left out only where loading or the
schema has already reported the value that made anchoring impossible, or
the document has no text. So an annotation cannot end up without a span and
without a finding.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import codes
from ..findings import Finding
from .anchors import AnchorProblem, Match, Selector, TextIndex, collapse
from .loaded import LoadedFile
from .model import NO_PLACES, Anchor, AnnotationFile, Claim, Evidence, Link, Mention, Span, Unanchored
from .reading import Data, Reader, is_integer, make

_SELECTOR_FIELDS = ("occurrence", "prefix", "suffix", "start", "end")


def read_annotation_file(loaded: LoadedFile, index_for: Callable[[str], TextIndex | None]) -> AnnotationFile | None:
    """The records of one annotation file; None when it names no document
    or annotator (the schema reports that)."""
    reader = Reader(loaded)
    data = reader.root
    document, annotator = reader.text(data, "document"), reader.text(data, "annotator")
    if document is None or annotator is None:
        return None
    anchoring = _Anchoring(reader, index_for(document))
    if anchoring.searched is not None:  # the file's quotes searched in one pass over the text
        anchoring.searched.search_all(_quotes(data))
    items = reader.items
    return AnnotationFile(
        path=loaded.path,
        document=document,
        annotator=annotator,
        document_where=reader.where("/document"),
        annotator_where=reader.where("/annotator"),
        mentions=tuple([_mention(reader, anchoring, p, item) for p, item in items(data, "mentions", "")]),
        not_mentions=tuple([_mention(reader, anchoring, p, item) for p, item in items(data, "not_mentions", "")]),
        claims=tuple([_claim(reader, anchoring, p, item) for p, item in items(data, "claims", "")]),
        evidence=tuple([_evidence(reader, anchoring, p, item) for p, item in items(data, "evidence", "")]),
        note=reader.text(data, "note"),
        sha256=loaded.sha256,
    )


def _mention(reader: Reader, anchoring: _Anchoring, pointer: str, item: Data) -> Mention:
    note = item.get("note")
    return Mention(
        reader.entity_ref(item, pointer),
        anchoring.anchor(item, pointer),
        note if isinstance(note, str) else None,
        reader.where(pointer),
        reader.places(item, pointer, _NOTE) if note is not None else NO_PLACES,
    )


# The records below are made with their fields in order, not by keyword (a
# quarter of the time of making one): the order is the model's.


def _claim(reader: Reader, anchoring: _Anchoring, pointer: str, item: Data) -> Claim:
    about: list[Link] = []
    for link_pointer, target, link in reader.links(item, pointer):
        stance = link.get("stance")
        about.append(make(Link, (target, stance if isinstance(stance, str) else None, reader.where(link_pointer))))
    id_ = item.get("id")
    kind = item.get("kind")
    hedged = item.get("hedged")
    note = item.get("note")
    return Claim(
        id_ if isinstance(id_, str) else None,
        anchoring.anchor(item, pointer),
        reader.where(pointer),
        kind if isinstance(kind, str) else None,
        hedged if isinstance(hedged, bool) else False,
        reader.ref(item, "speaker", pointer, "actor") if "speaker" in item else None,
        tuple(about),
        note if isinstance(note, str) else None,
        reader.where(f"{pointer}/id"),
        reader.places(item, pointer, _NOTE) if note is not None else NO_PLACES,
    )


def _evidence(reader: Reader, anchoring: _Anchoring, pointer: str, item: Data) -> Evidence:
    id_ = item.get("id")
    kind = item.get("kind")
    cited = item.get("source")
    note = item.get("note")
    return Evidence(
        id_ if isinstance(id_, str) else None,
        anchoring.anchor(item, pointer),
        reader.where(pointer),
        kind if isinstance(kind, str) else None,
        cited if isinstance(cited, str) else None,
        reader.refs(item, "supports", pointer, "claim") if "supports" in item else (),
        reader.refs(item, "challenges", pointer, "claim") if "challenges" in item else (),
        note if isinstance(note, str) else None,
        reader.where(f"{pointer}/id"),
        reader.places(item, pointer, _TEXT_FIELDS) if cited is not None or note is not None else NO_PLACES,
    )


#: the free-text fields of a record, whose places the model keeps
_NOTE = ("note",)
_TEXT_FIELDS = ("source", "note")


class _Anchoring:
    """Anchors the quotes of one file in its document's text."""

    def __init__(self, reader: Reader, index: TextIndex | None) -> None:
        self.reader = reader
        self.index = index
        #: each distinct selector of the file resolved once (a name is quoted by every mention of it)
        self.resolved: dict[Selector, Match | AnchorProblem] = {}
        #: the places of each distinct quote, searched once for the whole file
        self.searched = index.searches() if index is not None else None
        #: the span of each distinct quote and occurrence that selects one place (the short way)
        self.spans: dict[tuple[str, int | None], Span | None] = {}

    def anchor(self, item: Data, pointer: str) -> Anchor:
        if self.index is None:
            return Unanchored()  # no text: reported at the catalog, or as an unknown document
        key = _quote_key(item)
        if key is not None:  # a quote (and maybe an occurrence) that selects one place needs no more
            span = self.spans.get(key)
            if span is not None:
                return span
            if key not in self.spans and (found := self.index.only_place(*key, self.searched)) is not None:
                span = self.spans[key] = Span((found,))
                return span
            self.spans[key] = None  # selects no one place: the long way says why, each time
        findings: list[Finding] = []
        pieces = item.get("pieces")
        if isinstance(pieces, list) and "quote" not in item:
            findings += [
                self.reader.where(f"{pointer}/{name}", key=True).finding(
                    codes.ANCHOR_MISPLACED,
                    f"'{name}' belongs to a piece, not to a span in pieces",
                    f"move '{name}' into the piece it is about",
                )
                for name in _SELECTOR_FIELDS
                if name in item
            ]
            places: list[tuple[str, object]] = [(f"{pointer}/pieces/{i}", p) for i, p in enumerate(pieces)]
        else:
            places = [(pointer, item)]
        spans: list[tuple[int, int]] = []
        for place, piece in places:
            resolved = self._piece(piece, place)
            if isinstance(resolved, tuple):
                spans.append(resolved)
            else:
                findings += resolved
        if findings or len(spans) != len(places) or not spans:
            if self.reader.has_error_at(pointer):  # the schema has said what is wrong with the values
                findings = [f for f in findings if f.code != codes.ANCHOR_INVALID]
            elif not findings:
                findings = [
                    self.reader.where(pointer).finding(
                        codes.ANCHOR_INVALID, "cannot anchor: no quote", _INVALID_HINTS["quote"]
                    )
                ]
            return self._unanchored(findings)
        order = self._order(spans, pointer)
        return self._unanchored([order]) if order else Span(tuple(spans))

    def _unanchored(self, findings: list[Finding]) -> Unanchored:
        """Record why an annotation has no span among the file's findings."""
        self.reader.loaded.findings.extend(findings)
        return Unanchored(findings[0].message if findings else "")

    def _piece(self, piece: object, pointer: str) -> tuple[int, int] | list[Finding]:
        """The offsets of one quote with its selector, or the findings that
        say why there are none."""
        assert self.index is not None
        selector = _selector(piece, pointer, self.reader)
        if not isinstance(selector, Selector):
            return selector
        result = self.resolved.get(selector)
        if result is None:
            result = self.resolved[selector] = self.index.resolve(selector, self.searched)
        if isinstance(result, AnchorProblem):
            return [
                self.reader.where(f"{pointer}/{result.field}").finding(
                    codes.CODES[result.code], result.message, result.hint
                )
            ]
        return result.start, result.end

    def _order(self, spans: list[tuple[int, int]], pointer: str) -> Finding | None:
        """A finding when the pieces overlap or are not in text order."""
        assert self.index is not None
        for i in range(1, len(spans)):
            previous, current = spans[i - 1], spans[i]
            where = self.reader.where(f"{pointer}/pieces/{i}/quote")
            if current[0] < previous[1] and current[1] > previous[0]:
                return where.finding(
                    codes.ANCHOR_PIECES_OVERLAP,
                    f"piece {i + 1} overlaps piece {i} (characters {max(previous[0], current[0])}-"
                    f"{min(previous[1], current[1])})",
                    "pieces are separate stretches of text; shorten one of them",
                )
            if current[0] < previous[0]:
                return where.finding(
                    codes.ANCHOR_PIECES_ORDER,
                    f"piece {i + 1} (line {self.index.line_of(current[0])}) comes before piece {i} "
                    f"(line {self.index.line_of(previous[0])}) in the text",
                    "list the pieces in the order they appear in the text",
                )
        return None


_INVALID_HINTS = {
    "start": "write the offset as a whole number (5, not 5.0), or remove start/end and let the quote find it",
    "end": "write the offset as a whole number (5, not 5.0), or remove start/end and let the quote find it",
    "occurrence": "write which occurrence as a whole number: 1 for the first, 2 for the second",
    "quote": "copy the words of the text that the annotation marks",
    "prefix": "copy a few words that come just before the quote in the text",
    "suffix": "copy a few words that come just after the quote in the text",
}


def _quotes(data: Data) -> dict[str, None]:
    """The distinct quotes of the file's records (not of their pieces: few
    spans have them, each resolved the long way)."""
    quotes: dict[str, None] = {}
    for records in ("mentions", "not_mentions", "claims", "evidence"):
        items = data.get(records)
        if items.__class__ is list:
            for item in items:
                if item.__class__ is dict and (quote := item.get("quote")).__class__ is str:
                    quotes[quote] = None
    return quotes


def _quote_key(item: Data) -> tuple[str, int | None] | None:
    """The quote and occurrence of an annotation that selects its text by
    nothing else, each a valid value; None for any other (the long way reads
    and reports it)."""
    quote = item.get("quote")
    if quote.__class__ is not str or "prefix" in item or "suffix" in item or "start" in item or "end" in item:
        return None
    occurrence = item.get("occurrence")
    if occurrence.__class__ is not int and (occurrence is not None or "occurrence" in item):
        return None  # not a whole number (a bool, 5.0, null): the long way reports it
    return quote, occurrence


def _selector(piece: object, pointer: str, reader: Reader) -> Selector | list[Finding]:
    """The selector of one quote, or an ``anchor.invalid`` finding for each
    value that cannot select (the caller drops them where the schema has
    reported the values)."""
    if not isinstance(piece, dict):
        return [
            reader.where(pointer).finding(codes.ANCHOR_INVALID, "cannot anchor: a piece must be a mapping with a quote")
        ]
    invalid: list[Finding] = []

    def bad(name: str, why: str) -> None:
        invalid.append(
            reader.where(f"{pointer}/{name}").finding(
                codes.ANCHOR_INVALID, f"cannot anchor: {why}", _INVALID_HINTS[name]
            )
        )

    quote = piece.get("quote")
    if not isinstance(quote, str):
        bad("quote", "there is no quote (text) to find")
    elif not collapse(quote):
        bad("quote", "the quote is only whitespace")
    fields: dict[str, object] = {}
    for name in _SELECTOR_FIELDS:
        if name not in piece:
            continue
        value = piece[name]
        if name in ("prefix", "suffix"):
            if not isinstance(value, str) or not collapse(value):
                bad(name, f"'{name}' must be text that is not only whitespace")
                continue
        elif not is_integer(value):
            bad(name, f"'{name}' must be a whole number written without a decimal point, not {_show(value)}")
            continue
        elif value < (1 if name == "occurrence" else 0):
            bad(name, f"'{name}' must be at least {1 if name == 'occurrence' else 0}, not {value}")
            continue
        fields[name] = value
    if invalid or not isinstance(quote, str):
        return invalid
    return Selector(quote, **fields)  # type: ignore[arg-type]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
