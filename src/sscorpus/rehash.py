"""``sscorpus rehash``: accept a deliberately corrected text.

Records the text's new SHA-256 and length in the catalog (in place: the
catalog's comments and layout stay), and reports, per annotation of the
document (every annotator), whether its quote still anchors, moved, or broke.
An annotation that gives ``start``/``end`` and whose quote now stands
elsewhere has them updated in its file, when the quote without them selects
exactly one place; a broken one is left for the annotator, with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import codes
from .anchors import Match, Selector
from .corpus import Layout
from .loaded import LoadedFile
from .loading import load_file
from .model import Corpus, Unanchored
from .yamledit import EditError, expect, parse, replace_value, write_atomic

Status = Literal["anchors", "moved", "broke"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one annotation."""

    path: Path
    line: int
    column: int
    what: str
    status: Status
    detail: str = ""


@dataclass(slots=True)
class Rehashed:
    sha256: str
    characters: int
    previous_sha256: str | None
    outcomes: list[Outcome] = field(default_factory=list)
    #: annotation files rewritten with moved offsets
    rewritten: list[Path] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)


class RehashError(Exception):
    """Why nothing was recorded."""


def _value(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        if isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        elif isinstance(data, dict):
            data = data.get(token.replace("~1", "/").replace("~0", "~"))
        else:
            return None
    return data


def _moved(loaded: LoadedFile, pointer: str, corpus: Corpus, doc_id: str) -> Match | None:
    """Where the selector at ``pointer`` (whose offsets disagree) now selects, without its offsets."""
    selector = _value(loaded.data, pointer)
    index = corpus.index(doc_id)
    if not isinstance(selector, dict) or not isinstance(selector.get("quote"), str) or index is None:
        return None
    occurrence = selector.get("occurrence")
    found = index.resolve(
        Selector(
            selector["quote"],
            occurrence if isinstance(occurrence, int) else None,
            selector.get("prefix"),
            selector.get("suffix"),
        )
    )
    return found if isinstance(found, Match) else None


def _label(annotation: Any) -> str:
    if annotation.type == "mention":
        return f"mention of {annotation.entity_id}" if annotation.entity_id else "not_mentions item"
    return f"{annotation.type} {annotation.id}"


def rehash(corpus: Corpus, layout: Layout, doc_id: str) -> Rehashed:
    """Record the text's checksum and length; update moved offsets; report."""
    document = corpus.documents.get(doc_id)
    if document is None:
        raise RehashError(f"no document '{doc_id}' in the catalog")
    if document.text is None:
        reason = document.text_problem.message if document.text_problem else "it cannot be read"
        raise RehashError(f"the text of '{doc_id}' cannot be used: {reason}")
    raw = document.text_file.read_bytes()
    result = Rehashed(hashlib.sha256(raw).hexdigest(), len(document.text), document.sha256)
    for file in corpus.files:
        if file.document != doc_id:
            continue
        loaded = load_file(file.path)
        text = file.path.read_bytes().decode("utf-8")
        edits: list[tuple[str, int]] = []
        for annotation in (*file.annotations(), *file.not_mentions):
            where, what = annotation.where, _label(annotation)
            if not isinstance(annotation.anchor, Unanchored):
                result.outcomes.append(Outcome(file.path, where.line, where.column, what, "anchors"))
                continue
            problems = annotation.anchor.findings
            pointers = {f.pointer.rsplit("/", 1)[0] for f in problems}
            moves = (
                {p: _moved(loaded, p, corpus, doc_id) for p in pointers}
                if problems and all(f.code == codes.ANCHOR_OFFSETS for f in problems)
                else {}
            )
            if moves and all(moves.values()):
                for pointer, match in moves.items():
                    assert match is not None
                    selector = _value(loaded.data, pointer)
                    edits += [(f"{pointer}/{key}", getattr(match, key)) for key in ("start", "end") if key in selector]
                spans = ", ".join(f"{m.start}-{m.end}" for m in moves.values() if m)
                result.outcomes.append(Outcome(file.path, where.line, where.column, what, "moved", f"now {spans}"))
            else:
                reason = "; ".join(f"{f.message} (line {f.line})" for f in problems) or "it no longer anchors"
                result.outcomes.append(Outcome(file.path, where.line, where.column, what, "broke", reason))
        if edits:
            for pointer, value in edits:
                text = replace_value(text, loaded, pointer, value)
            check = parse(file.path, text)
            for pointer, value in edits:
                expect(check, pointer, value)
            write_atomic(file.path, text.encode("utf-8"))
            result.rewritten.append(file.path)
    _record(layout, doc_id, result)
    return result


def _record(layout: Layout, doc_id: str, result: Rehashed) -> None:
    """Write sha256 and characters into the document's catalog entry."""
    text = layout.catalog.read_bytes().decode("utf-8")
    loaded = parse(layout.catalog, text)
    documents = _value(loaded.data, "/documents")
    position = next((i for i, d in enumerate(documents or []) if isinstance(d, dict) and d.get("id") == doc_id), None)
    if position is None:
        raise RehashError(f"no document '{doc_id}' in {layout.catalog}")
    pointer = f"/documents/{position}"
    for key, value in (("sha256", result.sha256), ("characters", result.characters)):
        if f"{pointer}/{key}" not in loaded.key_positions:
            raise EditError(f"the catalog entry of '{doc_id}' has no '{key}:' line; add '{key}: {value}' to it")
        text = replace_value(text, loaded, f"{pointer}/{key}", value)
    check = parse(layout.catalog, text)
    expect(check, f"{pointer}/sha256", result.sha256)
    expect(check, f"{pointer}/characters", result.characters)
    write_atomic(layout.catalog, text.encode("utf-8"))
