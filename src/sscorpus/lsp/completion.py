"""Completion in an annotation file: entity ids (found by name, alias or
acronym, of the type the key asks for), the file's claim ids, enum values
with their explanations (from the schemas), and quote text from the
document."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from lsprotocol import types

from ..corpus.anchors import collapse
from ..corpus.model import Corpus, EntityType
from ..corpus.yamledit import scalar
from .places import CLAIM_KEYS, document_of
from .positions import Text, code_points, units
from .state import FileState

#: a line being written: an optional dash, a key, the value typed so far
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_]+):\s*(?P<value>.*)$")
_ITEM_LINE = re.compile(r"^(?P<indent>\s*)-\s*(?P<value>[^:]*)$")
_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_]+):")
#: how many quote continuations are offered
MOST_QUOTES = 20
#: the longest quote offered, in characters
QUOTE_LENGTH = 200
#: the schema each section's items follow
_SECTION_SCHEMA = {"claims": "claim", "evidence": "evidence", "mentions": "annotation-file"}


def _entity_type(key: str) -> EntityType | None:
    if key == "speaker":
        return "actor"
    if key in ("actor", "institution", "principle"):
        return key  # type: ignore[return-value]
    return None


@cache
def enums(schemas_dir: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(schema name, key) → [(value, explanation)] for every enum of the schemas."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def walk(name: str, node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            if key is not None and isinstance(node.get("enum"), list):
                explanations = node.get("enumDescriptions") or []
                values = [str(v) for v in node["enum"]]
                found.setdefault((name, key), []).extend(
                    (v, explanations[i] if i < len(explanations) else "") for i, v in enumerate(values)
                )
            for child_key, child in node.items():
                if child_key == "properties" and isinstance(child, dict):
                    for prop, schema in child.items():
                        walk(name, schema, prop)
                else:
                    walk(name, child, key if child_key in ("items", "oneOf", "anyOf", "allOf") else None)
        elif isinstance(node, list):
            for child in node:
                walk(name, child, key)

    for path in sorted(schemas_dir.glob("*.schema.json")):
        try:
            walk(path.name.removesuffix(".schema.json"), json.loads(path.read_text(encoding="utf-8")), None)
        except (OSError, ValueError):
            continue
    return found


def _section(lines: list[str], line: int) -> str | None:
    """The top-level key whose block holds ``line``."""
    for i in range(line, -1, -1):
        top = _TOP_KEY.match(lines[i]) if i < len(lines) else None
        if top:
            return top.group("key")
    return None


def _list_key(lines: list[str], line: int, indent: int) -> str | None:
    """The key of the block list whose item is on ``line``."""
    for i in range(line - 1, -1, -1):
        found = _KEY_LINE.match(lines[i])
        if found and len(found.group("indent")) < indent + 1 and not found.group("value").strip():
            return found.group("key")
        if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < indent:
            return None
    return None


def complete(
    corpus: Corpus, state: FileState, schemas_dir: Path, text: Text, position: types.Position
) -> list[types.CompletionItem]:
    """What may be written at ``position``."""
    line = position.line
    current = text.line(line)
    before = current[: code_points(current, position.character, text.encoding)]
    lines = [text.line(i) for i in range(line + 1)]
    keyed = _KEY_LINE.match(before)
    if keyed is not None:
        key, typed = keyed.group("key"), keyed.group("value")
        entity_type = _entity_type(key)
        if entity_type is not None:
            return _entities(corpus, entity_type)
        if key in CLAIM_KEYS:
            return _claims(state)
        if key == "quote":
            start = types.Position(line, units(before[: len(before) - len(typed)], text.encoding))
            return _quotes(corpus, state, typed, types.Range(start, position))
        section = _section(lines, line)
        schema = _SECTION_SCHEMA.get(section or "", "annotation-file")
        table = enums(schemas_dir)
        values = table.get((schema, key)) or next((v for (_, k), v in table.items() if k == key), [])
        return [
            types.CompletionItem(
                label=value,
                kind=types.CompletionItemKind.EnumMember,
                documentation=types.MarkupContent(types.MarkupKind.Markdown, explanation),
            )
            for value, explanation in values
        ]
    item = _ITEM_LINE.match(before)
    if item is not None and _list_key(lines, line, len(item.group("indent"))) in CLAIM_KEYS:
        return _claims(state)
    return []


def _entities(corpus: Corpus, entity_type: EntityType) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=entity.id,
            kind=types.CompletionItemKind.Reference,
            detail=entity.name,
            filter_text=" ".join([entity.id, *entity.names()]),
            documentation=", ".join(entity.names()),
        )
        for entity in corpus.entities_of(entity_type)
    ]


def _claims(state: FileState) -> list[types.CompletionItem]:
    if state.file is None:
        return []
    return [
        types.CompletionItem(label=claim.id, kind=types.CompletionItemKind.Reference, detail=claim.kind)
        for claim in state.file.claims
        if claim.id
    ]


def _quotes(corpus: Corpus, state: FileState, typed: str, where: types.Range) -> list[types.CompletionItem]:
    """The passages of the text that begin with what is typed, each to the end
    of its sentence (at most QUOTE_LENGTH characters)."""
    known = document_of(corpus, state)
    start = collapse(typed.strip("'\""))
    if known is None or len(start) < 2:
        return []
    index = known[1]
    items: dict[str, types.CompletionItem] = {}
    for match in index.find_all(start)[: MOST_QUOTES * 3]:
        rest = index.text[match.start : match.start + QUOTE_LENGTH]
        stop = re.search(r"[.;:!?](\s|$)", rest[len(start) :])
        passage = collapse(rest[: len(start) + stop.end() if stop else len(rest)])
        line, _ = index.line_column(match.start)
        items.setdefault(
            passage,
            types.CompletionItem(
                label=passage,
                kind=types.CompletionItemKind.Text,
                detail=f"line {line}",
                filter_text=typed,
                text_edit=types.TextEdit(where, scalar(passage)),
            ),
        )
        if len(items) >= MOST_QUOTES:
            break
    return list(items.values())
