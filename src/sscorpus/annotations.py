"""Annotation files: one document, one annotator. Builds the records, anchors
every quote in the document's text and checks references to the registry."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from .anchors import AnchorProblem, Selector, TextIndex, collapse
from .findings import Finding
from .loading import LoadedFile
from .model import ENTITY_TYPES, Annotation, AnnotationFile, AnnotationType, Document, Entity, Link, Span
from .references import entity_ref

_SELECTOR_FIELDS = ("occurrence", "prefix", "suffix", "start", "end")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _selector(item: dict[str, Any]) -> Selector | None:
    """The selector of one quote, or None when a field has a wrong type
    (the schema layer reports that)."""
    quote = item.get("quote")
    if not isinstance(quote, str) or not collapse(quote):
        return None
    fields: dict[str, Any] = {}
    for name in _SELECTOR_FIELDS:
        if name not in item:
            continue
        value = item[name]
        if name in ("prefix", "suffix"):
            if not isinstance(value, str) or not collapse(value):
                return None
        elif not _is_int(value) or value < (1 if name == "occurrence" else 0):
            return None
        fields[name] = value
    return Selector(quote, **fields)


class _Reader:
    def __init__(self, loaded: LoadedFile, document: str, annotator: str,
                 index: TextIndex | None, entities: dict[str, Entity]) -> None:
        self.loaded = loaded
        self.document = document
        self.annotator = annotator
        self.index = index
        self.entities = entities
        self.findings: list[Finding] = []

    def anchor(self, item: dict[str, Any], pointer: str) -> Span | None:
        if self.index is None:
            return None
        pieces = item.get("pieces")
        if isinstance(pieces, list) and "quote" not in item:
            for name in _SELECTOR_FIELDS:
                if name in item:
                    self.findings.append(self.loaded.finding(
                        f"{pointer}/{name}", "anchor.misplaced-selector",
                        f"'{name}' belongs to a piece, not to a span in pieces",
                        f"move '{name}' into the piece it is about", key=True))
            places = [(f"{pointer}/pieces/{i}", p) for i, p in enumerate(pieces) if isinstance(p, dict)]
            if len(places) != len(pieces):
                return None
        else:
            places = [(pointer, item)]
        spans: list[tuple[int, int]] = []
        for place, piece in places:
            selector = _selector(piece)
            if selector is None:
                return None
            result = self.index.resolve(selector)
            if isinstance(result, AnchorProblem):
                self.findings.append(self._problem(place, result))
                return None
            spans.append((result.start, result.end))
        for i in range(1, len(spans)):
            previous, current = spans[i - 1], spans[i]
            place = f"{pointer}/pieces/{i}/quote"
            if current[0] < previous[1] and current[1] > previous[0]:
                self.findings.append(self.loaded.finding(
                    place, "anchor.pieces-overlap",
                    f"piece {i + 1} overlaps piece {i} (characters {max(previous[0], current[0])}-"
                    f"{min(previous[1], current[1])})",
                    "pieces are separate stretches of text; shorten one of them"))
                return None
            if current[0] < previous[0]:
                self.findings.append(self.loaded.finding(
                    place, "anchor.pieces-order",
                    f"piece {i + 1} (line {self.index.line_of(current[0])}) comes before piece {i} "
                    f"(line {self.index.line_of(previous[0])}) in the text",
                    "list the pieces in the order they appear in the text"))
                return None
        return Span(tuple(spans))

    def _problem(self, pointer: str, problem: AnchorProblem) -> Finding:
        return self.loaded.finding(f"{pointer}/{problem.field}", problem.code, problem.message, problem.hint)

    def entity(self, item: dict[str, Any], pointer: str) -> tuple[str | None, Any]:
        for type_ in ENTITY_TYPES:
            if type_ in item:
                finding = entity_ref(self.loaded, f"{pointer}/{type_}", item[type_], type_, self.entities)
                if finding is not None:
                    self.findings.append(finding)
                return (item[type_] if isinstance(item[type_], str) else None), type_
        return None, None

    def annotation(self, type_: AnnotationType, item: dict[str, Any], pointer: str) -> Annotation:
        ann_id = item.get("id") if isinstance(item.get("id"), str) else None
        annotation = Annotation(type_, ann_id, self.document, self.annotator, item, pointer,
                                span=self.anchor(item, pointer))
        if type_ == "mention":
            annotation.entity, annotation.entity_type = self.entity(item, pointer)
        elif type_ == "claim":
            if "speaker" in item:
                finding = entity_ref(self.loaded, f"{pointer}/speaker", item["speaker"], "actor", self.entities)
                if finding is not None:
                    self.findings.append(finding)
            about = item.get("about")
            for j, link in enumerate(about if isinstance(about, list) else []):
                if not isinstance(link, dict):
                    continue
                target, target_type = self.entity(link, f"{pointer}/about/{j}")
                stance = link.get("stance")
                if target is None or target_type is None or not isinstance(stance, str):
                    continue
                if any(existing.target == target for existing in annotation.links):
                    self.findings.append(self.loaded.finding(
                        f"{pointer}/about/{j}", "ref.duplicate-link",
                        f"the claim already links {target_type} '{target}'",
                        "link each entity once, with one stance"))
                    continue
                annotation.links.append(Link(target, target_type, stance, f"{pointer}/about/{j}"))
        return annotation


def _duplicate_mentions(loaded: LoadedFile, mentions: list[Annotation]) -> list[Finding]:
    findings = []
    first: dict[tuple[str, Span], Annotation] = {}
    for mention in mentions:
        if mention.entity is None or mention.span is None:
            continue
        key = (mention.entity, mention.span)
        if key in first:
            line = loaded.locate(first[key].pointer)[0]
            findings.append(loaded.finding(
                mention.pointer, "mention.duplicate",
                f"this mention of '{mention.entity}' marks the same text as the one on line {line}",
                "remove one of the two"))
        else:
            first[key] = mention
    return findings


def read_annotation_file(loaded: LoadedFile, documents: dict[str, Document],
                         entities: dict[str, Entity],
                         index_for: Callable[[str], TextIndex | None]) -> tuple[AnnotationFile | None, list[Finding]]:
    """The records of one annotation file, and what is wrong in it beyond its schema."""
    data = loaded.data
    if not isinstance(data, dict):
        return None, []
    document = data.get("document")
    annotator = data.get("annotator")
    if not isinstance(document, str) or not isinstance(annotator, str):
        return None, []
    findings: list[Finding] = []
    path = loaded.path
    if path.stem != document:
        findings.append(loaded.finding("/document", "file.path-mismatch",
                                       f"the file names document '{document}' but is called {path.name}",
                                       f"rename the file to {document}{path.suffix}, or correct 'document'"))
    if path.parent.name != annotator:
        findings.append(loaded.finding("/annotator", "file.path-mismatch",
                                       f"the file names annotator '{annotator}' but is in folder {path.parent.name}/",
                                       f"move the file to annotations/{annotator}/, or correct 'annotator'"))
    index: TextIndex | None = None
    if document not in documents:
        close = difflib.get_close_matches(document, sorted(documents), n=1, cutoff=0.6)
        findings.append(loaded.finding("/document", "ref.unknown-document",
                                       f"no document '{document}' in the catalog",
                                       f"did you mean '{close[0]}'?" if close else
                                       f"documents: {', '.join(sorted(documents))}"))
    else:
        index = index_for(document)
    reader = _Reader(loaded, document, annotator, index, entities)
    file = AnnotationFile(path, document, annotator,
                          note=data.get("note") if isinstance(data.get("note"), str) else None,
                          positions=loaded.positions)
    for key, type_, target in (("mentions", "mention", file.mentions), ("not_mentions", "mention", file.not_mentions),
                               ("claims", "claim", file.claims), ("evidence", "evidence", file.evidence)):
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                target.append(reader.annotation(type_, item, f"/{key}/{i}"))  # type: ignore[arg-type]
    findings.extend(_duplicate_mentions(loaded, file.mentions))
    seen: dict[str, Annotation] = {}
    for annotation in (*file.claims, *file.evidence):
        if annotation.id is None:
            continue
        if annotation.id in seen:
            first = seen[annotation.id]
            line = loaded.locate(f"{first.pointer}/id")[0]
            findings.append(loaded.finding(f"{annotation.pointer}/id", "id.duplicate",
                                           f"id '{annotation.id}' is already used by the {first.type} on line {line}",
                                           "claims and evidence of one file need distinct ids"))
        else:
            seen[annotation.id] = annotation
    findings.extend(reader.findings)
    return file, findings
