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


def replace_value(text: str, loaded: LoadedFile, pointer: str, value: object) -> str:
    """``text`` with the one-line scalar at ``pointer`` (whose key must be
    written) replaced by ``value``; a comment after it is kept."""
    if pointer not in loaded.key_positions:
        raise EditError(f"no key at {pointer} in {loaded.path.name}")
    line, column = loaded.key_positions[pointer]
    lines = text.split("\n")
    current = lines[line - 1]
    ending = "\r" if current.endswith("\r") else ""  # a file with Windows line ends keeps them
    current = current.removesuffix("\r")
    key = pointer.rsplit("/", 1)[1]
    head = current[: column - 1] + key + ":"
    if not current.startswith(head):
        raise EditError(f"line {line} of {loaded.path.name} does not start with the key '{key}'")
    comment = re.search(r"\s+#.*\Z", current[len(head) :])
    tail = comment.group() if comment else ""
    lines[line - 1] = f"{head} {scalar(value)}{tail}{ending}"
    return "\n".join(lines)


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
