"""The outline of an annotation file: its claims, evidence and mentions."""

from __future__ import annotations

from lsprotocol import types

from ..corpus.model import AnnotationFile, Location
from .positions import Text

_KINDS = {
    "claims": types.SymbolKind.Class,
    "evidence": types.SymbolKind.Field,
    "mentions": types.SymbolKind.Variable,
}


def _symbol(name: str, detail: str, kind: types.SymbolKind, where: Location, text: Text) -> types.DocumentSymbol:
    start = text.at(where.line, where.column)
    end = text.at(where.line, len(text.line(start.line)) + 1)
    return types.DocumentSymbol(
        name=name, detail=detail, kind=kind, range=types.Range(start, end), selection_range=types.Range(start, start)
    )


def outline(file: AnnotationFile, text: Text) -> list[types.DocumentSymbol]:
    """One group per section, each item named by its id (or entity) and kind."""
    groups: list[types.DocumentSymbol] = []
    sections: list[tuple[str, list[types.DocumentSymbol]]] = [
        ("claims", [_symbol(c.id or "?", c.kind or "", _KINDS["claims"], c.where, text) for c in file.claims]),
        ("evidence", [_symbol(e.id or "?", e.kind or "", _KINDS["evidence"], e.where, text) for e in file.evidence]),
        (
            "mentions",
            [
                _symbol(m.entity_id or "?", m.entity_type or "", _KINDS["mentions"], m.where, text)
                for m in file.mentions
            ],
        ),
    ]
    for name, children in sections:
        if not children:
            continue
        whole = types.Range(children[0].range.start, children[-1].range.end)
        groups.append(
            types.DocumentSymbol(
                name=name,
                kind=types.SymbolKind.Namespace,
                range=whole,
                selection_range=types.Range(whole.start, whole.start),
                children=children,
                detail=f"{len(children)}",
            )
        )
    return groups
