"""The corpus's ``CITATION.cff``: how to cite the dataset.

It is read by the rules of every other input (``loading.py``: YAML 1.2, no
aliases, anchors or tags; a link only to a file inside the corpus folder,
and never into ``.git``), checked against the Citation File Format's own
JSON Schema (version 1.2.0, shipped in ``cff/``), and kept as a record: the
site shows it and offers the very bytes read, the data package takes its
authors and licence. Problems are findings at ``CITATION.cff:line:col``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .. import codes
from ..findings import Finding
from .layout import Layout
from .loaded import escape_pointer_token
from .loading import load_file
from .model import Citation

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

CITATION = "CITATION.cff"
_SCHEMA = "citation-file-format-1.2.0.schema.json"
_PACKAGE = Path(__file__).resolve().parents[1]
_HINT = "see https://citation-file-format.github.io (the format's guide lists every field)"


@cache
def _schema() -> dict[str, Any]:
    """The format's schema, shipped in the package (read from its folder:
    importlib.resources is slow to import, and a command starts on every commit)."""
    schema: dict[str, Any] = json.loads((_PACKAGE / "cff" / _SCHEMA).read_text(encoding="utf-8"))
    return schema


@cache
def _fast_validator() -> Any:
    """jsonschema-rs, which says quickly that a file is valid (formats unchecked, as by python-jsonschema)."""
    return jsonschema_rs.Draft7Validator(_schema(), validate_formats=False)


@cache
def _validator() -> Draft7Validator:
    """python-jsonschema, whose errors explain what is wrong (imported only then: it is slow to import)."""
    from jsonschema import Draft7Validator

    return Draft7Validator(_schema())


def _is_valid(data: Any) -> bool:
    try:
        return bool(_fast_validator().is_valid(data))
    except (ValueError, OverflowError):  # a value Rust cannot take: python-jsonschema judges
        return False


def read_citation(layout: Layout) -> tuple[Citation | None, list[Finding]]:
    """The corpus's citation (None when it has no CITATION.cff, or the file
    has errors) and the findings about it."""
    path = layout.root / CITATION
    if not path.exists() and not path.is_symlink():
        return None, []
    if path.is_symlink() and not _inside(layout, path):
        return None, [
            Finding(
                path,
                0,
                0,
                codes.FILE_OUTSIDE_CORPUS,
                f"{CITATION} is a link to a file outside the corpus folder (or in .git): it is not read",
                "",
                "keep CITATION.cff itself in the corpus folder",
            )
        ]
    loaded = load_file(path)
    findings = list(loaded.findings)
    if not loaded.parsed or findings:
        return None, findings
    if _is_valid(loaded.data):
        return _record(path.read_bytes(), loaded.data), []
    for error in sorted(_validator().iter_errors(loaded.data), key=lambda e: [str(p) for p in e.absolute_path]):
        error = _deepest(error)
        pointer = "".join(f"/{escape_pointer_token(str(p))}" for p in error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            for key in (k for k in error.instance if k not in known):
                findings.append(
                    loaded.finding(
                        f"{pointer}/{escape_pointer_token(key)}",
                        codes.CITATION_INVALID,
                        f"{CITATION}: '{key}' is not a field of the Citation File Format 1.2.0",
                        _HINT,
                        key=True,
                    )
                )
            continue
        findings.append(
            loaded.finding(
                pointer,
                codes.CITATION_INVALID,
                f"{CITATION} does not follow the Citation File Format 1.2.0: {_message(error)}",
                _HINT,
            )
        )
    if findings:
        return None, findings
    return _record(path.read_bytes(), loaded.data), []


def _inside(layout: Layout, path: Path) -> bool:
    try:
        target = path.resolve().relative_to(layout.root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return ".git" not in target.parts


def _deepest(error: ValidationError) -> ValidationError:
    """Of an error of ``anyOf`` or ``oneOf``, the error of the alternative
    that came closest."""
    from jsonschema.exceptions import best_match

    while error.context:
        # an alternative of the value's own type came closer than one of another type
        closer = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = best_match(closer)
    return error


def _message(error: ValidationError) -> str:
    allowed = error.validator_value
    if error.validator == "enum" and isinstance(allowed, list) and len(allowed) > 10:
        return f"{error.instance!r} is not one of the {len(allowed)} values the format allows"
    return _bounded(error.message)


def _bounded(message: str, most: int = 200) -> str:
    return message if len(message) <= most else message[: most - 3] + "..."


def _record(raw: bytes, data: dict[str, Any]) -> Citation:
    authors = []
    for author in data.get("authors") or []:
        name = author.get("name") or " ".join(
            str(author[k]) for k in ("given-names", "name-particle", "family-names", "name-suffix") if author.get(k)
        )
        if name:
            authors.append(str(name))
    license_ = data.get("license")
    licenses = [license_] if isinstance(license_, str) else list(license_ or [])
    version, date = data.get("version"), data.get("date-released")
    return Citation(
        raw=raw,
        title=str(data["title"]),
        authors=tuple(authors),
        version=None if version is None else str(version),
        date=None if date is None else str(date),
        url=data.get("url") or data.get("repository-code"),
        message=data.get("message"),
        licenses=tuple(str(x) for x in licenses),
    )
