"""Small edits to hand-written YAML that keep its comments and layout.

sscorpus never rewrites a whole YAML file: it appends a list item or replaces
one scalar in place, as text, quoting every string value safely, re-reads the
result to prove it parses to what was meant, and writes it atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .lines import LINE_BREAK
from .loaded import LoadedFile
from .loading import load_text
from .yaml12 import resolve_plain

#: plain scalars that read back as themselves in YAML 1.2 and need no quotes
_PLAIN = re.compile(r"[A-Za-z(][\w .,;()'/+&\u00c0-\u024f\u2018\u2019-]*\Z")
#: plain words that YAML 1.1 tools (many editors) read as booleans: quoted, so every tool reads text
_YAML11_WORDS = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
)
#: characters YAML does not allow unescaped in a double-quoted scalar, or reads as line breaks (NEL, U+2028)
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


class EditError(Exception):
    """An edit whose result would not read back as intended (a bug, or a file
    laid out in a way the edit does not handle)."""


def scalar(value: object) -> str:
    """``value`` as a YAML 1.2 flow scalar that reads back as exactly ``value``:
    plain where that is safe and easy to read, else double-quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        _PLAIN.match(text)
        and resolve_plain(text) == text
        and text not in _YAML11_WORDS
        and ": " not in text
        and " #" not in text
        and text == text.strip()
    ):
        return text
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def parse(path: Path, text: str) -> LoadedFile:
    """Parse edited text; refuse it unless it parses cleanly."""
    loaded = load_text(path, text)
    if not loaded.parsed or loaded.findings:
        problems = "; ".join(f.message for f in loaded.findings) or "it does not parse"
        raise EditError(f"the edited {path.name} would not read back: {problems}")
    return loaded


def expect(loaded: LoadedFile, pointer: str, value: Any) -> None:
    """Refuse an edit whose result does not hold ``value`` at ``pointer``."""
    data: Any = loaded.data
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        data = data[int(token)] if isinstance(data, list) else data.get(token) if isinstance(data, dict) else None
    if data != value:
        raise EditError(f"the edited {loaded.path.name} reads {data!r} at {pointer}, not {value!r}")


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line break (LF, CRLF or a lone
    CR, as the loader counts lines)."""
    lines, start = [], 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    return [*lines, text[start:]]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def replace_value(text: str, loaded: LoadedFile, pointer: str, value: object) -> str:
    """``text`` with the one-line scalar at ``pointer`` (whose key must be
    written) replaced by ``value``; a comment after it and the line's break
    (LF, CRLF or CR) are kept."""
    if pointer not in loaded.key_positions:
        raise EditError(f"no key at {pointer} in {loaded.path.name}")
    line, column = loaded.key_positions[pointer]
    lines = _lines(text)
    ending = _ending(lines[line - 1])
    current = lines[line - 1].removesuffix(ending)
    key = pointer.rsplit("/", 1)[1]
    head = current[: column - 1] + key + ":"
    if not current.startswith(head):
        raise EditError(f"line {line} of {loaded.path.name} does not start with the key '{key}'")
    comment = re.search(r"\s+#.*\Z", current[len(head) :])
    tail = comment.group() if comment else ""
    lines[line - 1] = f"{head} {scalar(value)}{tail}{ending}"
    return "".join(lines)


def _block_key(loaded: LoadedFile, lines: list[str], pointer: str) -> tuple[int, int, int]:
    """The line and column of the key at ``pointer`` (in a block mapping),
    and the last line of its value (which may go on over lines indented more)."""
    if pointer not in loaded.key_positions:
        raise EditError(f"no key at {pointer} in {loaded.path.name}")
    line, column = loaded.key_positions[pointer]
    if lines[line - 1][: column - 1].strip() not in ("", "-"):
        raise EditError(f"line {line} of {loaded.path.name} is not a block mapping's key")
    last = line
    for n in range(line, len(lines)):
        content = lines[n].rstrip("\r\n")
        if not content.strip():
            continue
        if len(content) - len(content.lstrip(" ")) < column:
            break
        last = n + 1
    return line, column, last


def insert_after(text: str, loaded: LoadedFile, pointer: str, key: str, value: object) -> str:
    """``text`` with ``key: value`` added to the block mapping that holds
    ``pointer`` (a key written on its own line), on the line after that
    key's value, at the same indentation and with the same line break."""
    lines = _lines(text)
    line, column, last = _block_key(loaded, lines, pointer)
    ending = _ending(lines[line - 1]) or "\n"
    if not _ending(lines[last - 1]):
        lines[last - 1] += ending
    lines.insert(last, f"{' ' * (column - 1)}{key}: {scalar(value)}{ending}")
    return "".join(lines)


def remove_key(text: str, loaded: LoadedFile, pointer: str) -> str:
    """``text`` without the key at ``pointer`` and its value (not the first
    key of a list item, whose line holds the item's dash)."""
    lines = _lines(text)
    line, column, last = _block_key(loaded, lines, pointer)
    if lines[line - 1][: column - 1].strip():
        raise EditError(f"the key on line {line} of {loaded.path.name} begins a list item")
    del lines[line - 1 : last]
    return "".join(lines)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder
    and a rename, so that an interrupted write leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
