"""Go to definition: an entity id to its registry entry, a claim id to the
claim, a quote to its place in the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from ..corpus.model import Corpus, Span
from .places import Here, annotation_at, claim_named, document_of, entity_named
from .positions import Text
from .state import FileState


def definition(
    corpus: Corpus, state: FileState, found: Here, text_for: Callable[[Path], Text | None]
) -> types.Location | None:
    """Where the value under the cursor is defined; ``text_for`` gives a
    file's text (the editor's buffer when it is open)."""
    entity = entity_named(corpus, found)
    if entity is not None:
        return _at(text_for, entity.id_where.path, entity.id_where.line, entity.id_where.column)
    claim = claim_named(state, found)
    if claim is not None:
        where = claim.id_where or claim.where
        return _at(text_for, where.path, where.line, where.column)
    if found.key in ("quote", "occurrence", "prefix", "suffix", "pieces"):
        annotation = annotation_at(state, found.pointer)
        known = document_of(corpus, state)
        if annotation is not None and isinstance(annotation.anchor, Span) and known is not None:
            shown = text_for(known[0].text_file)  # for the encoding; offsets count in the text as read
            if shown is not None:
                text = Text(known[1].text, shown.encoding)
                return types.Location(
                    known[0].text_file.as_uri(), text.range(annotation.anchor.start, annotation.anchor.end)
                )
    return None


def _at(text_for: Callable[[Path], Text | None], path: Path, line: int, column: int) -> types.Location | None:
    text = text_for(path)
    if text is None:
        return None
    start = text.at(line, column)
    return types.Location(path.as_uri(), types.Range(start, start))
