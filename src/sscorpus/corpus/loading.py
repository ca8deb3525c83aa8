"""Read YAML and JSON files into plain data, with the position of every
value (``LoadedFile``); problems become findings, never exceptions.

YAML is read as YAML 1.2 (``yaml12.py``). JSON is read by Python's json
module, refusing what JSON does not allow; the positions of its values come
from reading the same text as YAML, of which JSON is a subset.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import codes
from ..findings import Finding
from .encodings import SAVE_AS_UTF8, wide_encoding
from .lines import LineMap
from .loaded import LoadedFile
from .yaml12 import MAX_INT_DIGITS, TooLargeNumber, parse_yaml

__all__ = ["JSON_SUFFIXES", "LoadedFile", "load_bytes", "load_file", "load_text"]

#: the file names read as JSON (JSON-LD is JSON); any other is read as YAML
JSON_SUFFIXES = (".json", ".jsonld")


def _decode(path: Path, raw: bytes, loaded: LoadedFile) -> str | None:
    wide = wide_encoding(raw)
    if wide is not None:
        loaded.findings.append(
            Finding(
                path,
                1,
                1,
                codes.FILE_ENCODING,
                f"the file is {wide}, not UTF-8",
                "",
                SAVE_AS_UTF8.replace("it", "the file", 1),
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, column = LineMap(before).line_column(len(before))
        byte = raw[exc.start]
        guess = bytes([byte]).decode("cp1252", "replace")
        loaded.findings.append(
            Finding(
                path,
                line,
                column,
                codes.FILE_ENCODING,
                f"the file is not UTF-8: byte 0x{byte:02X} cannot be decoded",
                "",
                f"save the file as UTF-8 in your editor (in a Windows-1252 or Latin-1 file this byte is {guess!r})",
            )
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


class _NotJson(Exception):
    """NaN, Infinity or -Infinity, which Python's json accepts and JSON does not."""


def _parse_json(text: str, loaded: LoadedFile) -> None:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            else:
                result[key] = value
        return result

    def no_constant(name: str) -> Any:
        raise _NotJson(name)

    too_large: list[str] = []

    def whole_number(digits: str) -> int | str:
        if len(digits.lstrip("-")) <= MAX_INT_DIGITS:
            return int(digits)
        too_large.append(digits)
        return TooLargeNumber(digits)

    def number(digits: str) -> float:
        loaded.has_float = True
        return float(digits)

    try:
        data = json.loads(
            text, object_pairs_hook=pairs, parse_constant=no_constant, parse_int=whole_number, parse_float=number
        )
    except json.JSONDecodeError as exc:
        line, column = LineMap(text).line_column(exc.pos)
        loaded.findings.append(
            Finding(
                loaded.path,
                line,
                column,
                codes.JSON_SYNTAX,
                f"JSON syntax error: {exc.msg}",
                "",
                "check for a missing comma, quote or bracket just before this place",
            )
        )
        return
    except _NotJson as exc:
        index = max(text.find(str(exc)), 0)
        line, column = LineMap(text).line_column(index)
        loaded.findings.append(
            Finding(
                loaded.path,
                line,
                column,
                codes.JSON_SYNTAX,
                f"JSON syntax error: {exc} is not a JSON value",
                "",
                "write numbers as digits; NaN and Infinity are not JSON",
            )
        )
        return
    except RecursionError:
        loaded.findings.append(
            Finding(loaded.path, 1, 1, codes.JSON_SYNTAX, "JSON syntax error: the data is nested too deeply", "")
        )
        return
    # Positions (and duplicate keys with their places) come from reading the
    # same text as YAML, of which JSON is a subset; libyaml refuses escaped
    # surrogates (json.dump writes an emoji as a pair of them), so they are
    # replaced by an escape of the same length first.
    shadow = LoadedFile(loaded.path)
    parse_yaml(_SURROGATE_ESCAPE.sub(r"\\u0058", text), shadow)
    if shadow.parsed:
        loaded.positions, loaded.key_positions = shadow.positions, shadow.key_positions
        loaded.findings.extend(
            f for f in shadow.findings if f.code in (codes.YAML_DUPLICATE_KEY, codes.NUMBER_TOO_LARGE)
        )
        loaded.reported = shadow.reported
    else:
        loaded.findings.extend(
            Finding(
                loaded.path,
                1,
                1,
                codes.YAML_DUPLICATE_KEY,
                f"duplicate key '{key}'",
                "",
                "remove one of the two; only the first is used",
            )
            for key in duplicates
        )
        loaded.findings.extend(
            Finding(
                loaded.path,
                1,
                1,
                codes.NUMBER_TOO_LARGE,
                f"a whole number of {len(digits.lstrip('-')):,} digits is too large to be read",
                "",
            )
            for digits in too_large
        )
    loaded.data = data
    loaded.parsed = True


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _parser_for(path: Path) -> Callable[[str, LoadedFile], None]:
    return _parse_json if path.suffix.lower() in JSON_SUFFIXES else parse_yaml


def load_text(path: Path, text: str) -> LoadedFile:
    """Parse already decoded text as the file ``path`` would be parsed."""
    loaded = LoadedFile(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    _parser_for(path)(text, loaded)
    return loaded


def load_file(path: Path) -> LoadedFile:
    """Read and parse one YAML or JSON file; problems become findings."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        loaded = LoadedFile(path)
        loaded.findings.append(
            Finding(path, 0, 0, codes.FILE_UNREADABLE, f"the file cannot be read: {exc.strerror or exc}", "")
        )
        return loaded
    return load_bytes(path, raw)


def content_sha256(path: Path, raw: bytes) -> str:
    """SHA-256 of a corpus file's content, the same on every machine: a YAML
    or JSON file's with its line ends as LF and without a byte-order mark (a
    Windows checkout may give them CRLF), a text's as its bytes (the catalog
    holds their checksums)."""
    if path.suffix != ".txt":
        raw = raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    return hashlib.sha256(raw).hexdigest()


def load_bytes(path: Path, raw: bytes) -> LoadedFile:
    """Parse ``raw`` as the content of the file ``path``; problems become findings."""
    loaded = LoadedFile(path, sha256=content_sha256(path, raw))
    text = _decode(path, raw, loaded)
    if text is None:
        return loaded
    if not text.strip():
        loaded.findings.append(
            Finding(
                path,
                1,
                1,
                codes.FILE_EMPTY,
                "the file is empty",
                "",
                "remove it, or fill in at least its required fields",
            )
        )
        return loaded
    try:
        _parser_for(path)(text, loaded)
        if loaded.parsed and loaded.data is None and not loaded.findings:
            loaded.findings.append(
                Finding(
                    path,
                    1,
                    1,
                    codes.FILE_EMPTY,
                    "the file holds no data (only comments)",
                    "",
                    "fill in at least its required fields, or remove it",
                )
            )
    except RecursionError:
        loaded.findings.append(Finding(path, 1, 1, codes.YAML_SYNTAX, "the data is nested too deeply to be read", ""))
    return loaded
