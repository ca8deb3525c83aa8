"""The W3C's own test assertions for the Web Annotation Data Model, run
offline: the MUST assertions of the Working Group's test suite
(``spec/``, see its NOTICE) on an annotation, a collection or a page.

The suite's harness applies each assertion file listed in a ``*.test`` file
as a JSON Schema (draft 4) to the object under test; every one of the MUST
assertions expects ``valid``. An assertion that fails gives its file name and
its error message, as the harness reports them.

Two validators run them, as for the corpus's own schemas: ``jsonschema-rs``
first (an export has thousands of annotations, and the Python validator
takes some 40 ms for each), and ``jsonschema`` (the reference) on each
assertion the first one says fails, or on all of them with ``precise``.
The suite's schemas name each other by relative ids (``annotations.json``),
which jsonschema-rs resolves only against an absolute base: its copies have
every ``id`` and ``$ref`` made absolute under one base, nothing else changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema_rs
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC = Path(__file__).resolve().parent / "spec"
#: the W3C Web Annotation JSON-LD context, as http://www.w3.org/ns/anno.jsonld serves it
CONTEXT_FILE = SPEC / "context" / "anno.jsonld"

#: the base the fast validator's copies resolve the suite's relative ids against
_BASE = "https://www.w3.org/annotation-model/"

Kind = Literal["annotation", "collection", "page"]
#: each kind's list of MUST assertions in the suite
_TESTS: dict[Kind, str] = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}


@dataclass(frozen=True, slots=True)
class Failed:
    """An assertion the object does not pass: its file in the suite and the
    suite's error message."""

    assertion: str
    message: str


def _read(rel: str) -> Any:
    return json.loads((SPEC / rel).read_text(encoding="utf-8"))


def _absolute(node: Any, base: str) -> Any:
    """``node`` with every ``$ref`` and file ``id`` made absolute under ``_BASE``."""
    if isinstance(node, list):
        return [_absolute(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    found = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            file, _, fragment = value.partition("#")
            found[key] = f"{_BASE + file if file else base}#{fragment}"
        elif key == "id" and isinstance(value, str) and value.endswith(".json"):
            found[key] = _BASE + value
        else:
            found[key] = _absolute(value, base)
    return found


@dataclass(frozen=True, slots=True)
class _Assertion:
    file: str
    message: str
    fast: Any
    precise: Draft4Validator


@cache
def _assertions(kind: Kind) -> tuple[_Assertion, ...]:
    definitions = [_read(f"definitions/{p.name}") for p in sorted((SPEC / "definitions").glob("*.json"))]
    registry: Registry[Any] = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)) for schema in definitions
    )
    fast_registry = jsonschema_rs.Registry(
        [(_BASE + schema["id"], _absolute(schema, _BASE + schema["id"])) for schema in definitions],
        draft=jsonschema_rs.Draft4,
    )
    checker = FormatChecker()
    found = []
    for rel in _read(_TESTS[kind])["assertions"]:
        schema = _read(rel)
        if schema.get("expectedResult", "valid") != "valid":  # pragma: no cover - none in the MUST lists
            raise ValueError(f"{rel}: only assertions that expect 'valid' are run")
        fast = jsonschema_rs.Draft4Validator(
            _absolute(schema, _BASE + schema["id"]), registry=fast_registry, validate_formats=True
        )
        precise = Draft4Validator(schema, registry=registry, format_checker=checker)
        found.append(_Assertion(rel, str(schema.get("errorMessage", schema.get("title", rel))), fast, precise))
    return tuple(found)


def failed(kind: Kind, instance: Mapping[str, Any], *, precise: bool = False) -> list[Failed]:
    """The MUST assertions of ``kind`` that ``instance`` does not pass
    (``precise``: by the reference validator alone)."""
    return [
        Failed(a.file, a.message)
        for a in _assertions(kind)
        if (precise or not a.fast.is_valid(instance)) and not a.precise.is_valid(instance)
    ]


def checks_uris() -> bool:
    """Whether the reference validator checks ``format: uri`` (it needs
    ``rfc3986-validator``)."""
    return "uri" in FormatChecker().checkers
