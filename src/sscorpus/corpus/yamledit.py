"""Small edits to hand-written YAML that keep its comments and layout.

sscorpus never rewrites a whole YAML file: it appends list items or replaces
one scalar in place, as text, quoting every string value safely, re-reads the
result to prove it parses to what was meant, and writes it atomically.
Items are written from data (``item_lines``), never copied as text, so an
item read from a JSON file or a file indented otherwise fits where it goes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .lines import LINE_BREAK
from .loaded import LoadedFile, escape_pointer_token
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
    laid out in a way the edit does not handle); ``line`` is where, when known."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


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


def value_at(data: Any, pointer: str) -> Any:
    """The value at the JSON ``pointer`` in ``data`` (None where there is none)."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list):
            data = data[int(token)] if token.isdigit() and int(token) < len(data) else None
        else:
            data = data.get(token) if isinstance(data, dict) else None
    return data


def expect(loaded: LoadedFile, pointer: str, value: Any) -> None:
    """Refuse an edit whose result does not hold ``value`` at ``pointer``."""
    data = value_at(loaded.data, pointer)
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


#: a list of ids (``supports: [c1, c2]``) is written in flow style, as people write it
_FLOW_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def _flow(value: object) -> str:
    """A value that fits on its key's line: a scalar, an empty collection, a list of ids."""
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return f"[{', '.join(str(v) for v in value)}]"
    if isinstance(value, float):
        return repr(value)
    return scalar(value)


def _inline(value: object) -> bool:
    if isinstance(value, Mapping | list):
        return not value or (isinstance(value, list) and all(_id_like(v) for v in value))
    return True


def _id_like(value: object) -> bool:
    return isinstance(value, str) and _FLOW_WORD.match(value) is not None and scalar(value) == value


def _mapping_lines(mapping: Mapping[str, object], indent: int) -> list[str]:
    out = []
    for key, value in mapping.items():
        head = f"{' ' * indent}{scalar(key)}:"
        if _inline(value):
            out.append(f"{head} {_flow(value)}")
        else:
            out.append(head)
            out += _nested_lines(value, indent + 2)
    return out


def _nested_lines(value: object, indent: int) -> list[str]:
    if isinstance(value, Mapping):
        return _mapping_lines(value, indent)
    assert isinstance(value, list)
    out = []
    for item in value:
        if _inline(item):
            out.append(f"{' ' * indent}- {_flow(item)}")
        else:
            out += item_lines(item, indent, indent + 2)
    return out


def item_lines(value: object, dash: int, content: int) -> list[str]:
    """``value`` (a mapping, usually) as the YAML lines of one block list item
    whose ``-`` stands in column ``dash`` and whose content starts in column
    ``content`` (both 0-based): nested values two columns further in."""
    if _inline(value):
        return [f"{' ' * dash}-{' ' * (content - dash - 1)}{_flow(value)}"]
    lines = _nested_lines(value, content)
    return [f"{' ' * dash}-{' ' * (content - dash - 1)}{lines[0][content:]}", *lines[1:]]


#: what a folded block scalar cannot hold as it is: tabs, line ends other than LF, unprintable characters
_NOT_FOLDABLE = re.compile("[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def text_lines(key: str, value: str, indent: int = 0, width: int = 80) -> list[str]:
    """``key: value`` as people write a long text (an annotation file's
    ``note``): on the key's line when it fits in ``width`` columns, else
    folded (``>-``), its words on lines of at most ``width`` columns where
    a word allows, each line break of the text a blank line more; quoted on
    one line when folding would not read back as exactly ``value``."""
    head = f"{' ' * indent}{scalar(key)}:"
    one = [f"{head} {scalar(value)}"]
    if len(one[0]) <= width or not _foldable(value):
        return one
    body = " " * (indent + 2)
    lines = [f"{head} >-"]
    for n, paragraph in enumerate(value.split("\n")):
        if n:
            lines.append("")
        line = ""
        for word in paragraph.split(" "):
            if line and len(body) + len(line) + 1 + len(word) > width:
                lines.append(body + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(body + line)
    loaded = load_text(Path("note.yaml"), "\n".join(lines) + "\n")
    return lines if loaded.parsed and not loaded.findings and loaded.data == {key: value} else one


def _foldable(value: str) -> bool:
    """Whether ``value`` reads back as itself from a folded block: no
    whitespace but single spaces and line feeds inside its lines, none at the
    ends of the text or of a line, no line that starts with a space."""
    if not value.strip() or value != value.strip() or _NOT_FOLDABLE.search(value) or "  " in value:
        return False
    return all(line == line.strip(" ") for line in value.split("\n"))


def _item_columns(lines: list[str], loaded: LoadedFile, pointer: str) -> tuple[int, int, int]:
    """The 0-based columns of the ``-`` and of the content of the block list
    item at ``pointer``, and the index of the line after it (its trailing
    blank lines and comments left out)."""
    line, column = loaded.positions[pointer]
    head = re.fullmatch(r"( *)-( +)", lines[line - 1][: column - 1])
    if head is None:
        raise EditError(f"'{pointer.split('/')[1]}' is not a block list written '- item' on its lines", line)
    dash = len(head.group(1))
    end = line
    while end < len(lines):
        text = lines[end]
        if text.strip() and len(text) - len(text.lstrip(" ")) <= dash:
            break
        end += 1
    while end > line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return dash, column - 1, end


def append_items(text: str, loaded: LoadedFile, key: str, items: Sequence[object]) -> str:
    """``text`` (``loaded``'s, with LF line ends) with ``items`` appended to the
    list under the top-level ``key``: after the last item of a block list, in
    its columns; into an empty flow list ``[]`` (a comment after it is kept);
    or, when there is no such key, as a new section at the end. Any other
    layout is refused (``EditError``); callers re-read the result."""
    if not items:
        return text
    data = loaded.data
    if not isinstance(data, dict) or not data:
        raise EditError(f"{loaded.path.name} does not hold a mapping to add '{key}' to")
    first = next(iter(data))
    top = loaded.key_positions.get(f"/{escape_pointer_token(first)}", (1, 1))[1] - 1
    lines = text.split("\n")
    pointer = f"/{escape_pointer_token(key)}"
    if key not in data:
        while lines and not lines[-1].strip():
            lines.pop()
        new = [f"{' ' * top}{scalar(key)}:"]
        for item in items:
            new += item_lines(item, top + 2, top + 4)
        return "\n".join([*lines, *new, ""])
    value = data[key]
    if not isinstance(value, list):
        raise EditError(f"'{key}' is not a list", loaded.key_positions.get(pointer, (0, 0))[0])
    if value:
        dash, content, end = _item_columns(lines, loaded, f"{pointer}/{len(value) - 1}")
        new = [line for item in items for line in item_lines(item, dash, content)]
        return "\n".join([*lines[:end], *new, *lines[end:]])
    line, column = loaded.key_positions[pointer]
    current = lines[line - 1]
    empty = re.fullmatch(r"(\s*)\[\s*\](\s*#.*)?", current[column - 1 + len(key) + 1 :])
    if not current[column - 1 :].startswith(f"{key}:") or empty is None:
        raise EditError(f"'{key}' is not written '{key}: []' on one line, nor as a block list", line)
    lines[line - 1] = current[: column - 1] + f"{key}:" + (empty.group(2) or "")
    new = [line for item in items for line in item_lines(item, column + 1, column + 3)]
    return "\n".join([*lines[:line], *new, *lines[line:]])
