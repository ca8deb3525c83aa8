"""YAML 1.2 on top of PyYAML's C event parser (libyaml), with a small
constructor of our own:

- plain scalars resolve as in YAML 1.2's JSON-compatible schema: ``null``,
  ``true``/``false``, integers without leading zeros and decimal floats; any
  other plain scalar stays a string (``no``, ``yes``, ``2024-01-05``,
  ``0777`` and ``1:30:00`` are strings, not what YAML 1.1 makes of them);
- duplicate keys, anchors, aliases, tags (``!!str`` too) and
  multi-document streams are findings, and reading goes on so that every
  problem is reported; so is a whole number too long for Python to read
  (more than 4,300 digits), which stays text;
- lines end at LF, CRLF or CR only: libyaml (YAML 1.1) also breaks lines at
  U+0085, U+2028 and U+2029, so those are swapped for stand-ins that libyaml
  takes as ordinary characters and swapped back in the values;
- every value's position is recorded under its JSON pointer, as an editor
  counts it (``lines.LineMap``).

ruamel.yaml does YAML 1.2 with positions too, but is about six times slower
than libyaml; validate reads every file on every commit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from .. import codes
from ..findings import Finding
from .lines import LineMap, Position
from .loaded import LoadedFile, escape_pointer_token

try:  # pragma: no branch - libyaml ships in PyYAML's wheels
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Parser = yaml.SafeLoader

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NUMBER_START = frozenset("-0123456789")
_WORD_START = frozenset("~nNtTfF")
#: Python refuses to turn longer digit strings into an int (sys.get_int_max_str_digits)
MAX_INT_DIGITS = 4300


class TooLargeNumber(str):
    """A whole number with more digits than Python reads; kept as its text."""


def resolve_plain(value: str) -> Any:
    """The YAML 1.2 value of an untagged plain scalar (JSON-compatible schema)."""
    if not value:
        return None
    first = value[0]
    if first in _NUMBER_START:
        if _INT.match(value):
            return int(value) if len(value) - (first == "-") <= MAX_INT_DIGITS else TooLargeNumber(value)
        if _FLOAT.match(value):
            return float(value)
        return value
    if first in _WORD_START:
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


class _Frame:
    __slots__ = ("container", "expect_key", "key", "key_pos", "pointer", "record", "seen")

    def __init__(self, container: Any, pointer: str, record: bool) -> None:
        self.container = container
        self.pointer = pointer
        self.record = record
        self.expect_key = True
        self.key: str | None = None
        self.key_pos: Position = (1, 1)
        self.seen: dict[str, int] = {}


_SCALAR = yaml.ScalarEvent
_END_MAPPING = yaml.MappingEndEvent
_END_SEQUENCE = yaml.SequenceEndEvent
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


class _Builder:
    """Builds plain data from libyaml events, recording positions."""

    def __init__(self, loaded: LoadedFile, unmask: dict[int, str] | None = None) -> None:
        self.loaded = loaded
        #: stand-ins of U+0085, U+2028, U+2029 back to themselves (see _mask)
        self.unmask = unmask
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def error(self, pos: Position, pointer: str, code: str, message: str, hint: str | None = None) -> None:
        self.loaded.findings.append(Finding(self.loaded.path, pos[0], pos[1], code, message, pointer, hint))

    def place(self, value: Any, pos: Position, is_container: bool) -> tuple[str, bool]:
        """Put a value into the current container; return its pointer and
        whether positions below it are recorded."""
        if not self.stack:
            self.root = value
            self.loaded.positions[""] = pos
            return "", True
        top = self.stack[-1]
        container = top.container
        if isinstance(container, list):
            pointer = f"{top.pointer}/{len(container)}"
            container.append(value)
            if top.record:
                self.loaded.positions[pointer] = pos
            return pointer, top.record
        if top.expect_key:
            top.expect_key = False
            top.key_pos = pos
            if is_container:
                self.error(
                    pos,
                    top.pointer,
                    codes.YAML_COMPLEX_KEY,
                    "a key must be a plain name, not a list or mapping",
                    "write the key as a word followed by ':'",
                )
                top.key = None  # the value that follows is read but not kept
                return top.pointer, False
            key = "" if value is None else value
            if not isinstance(key, str):
                key = json.dumps(key)
            pointer = f"{top.pointer}/{escape_pointer_token(key)}"
            if key in top.seen:
                self.error(
                    pos,
                    pointer,
                    codes.YAML_DUPLICATE_KEY,
                    f"duplicate key '{key}': it is already set on line {top.seen[key]}",
                    "remove one of the two; only the first is used",
                )
                top.key = None  # the value that follows is read but not kept
            else:
                top.seen[key] = pos[0]
                top.key = key
            return pointer, False
        top.expect_key = True
        key = top.key
        if key is None:
            return top.pointer, False
        pointer = f"{top.pointer}/{escape_pointer_token(key)}"
        container[key] = value
        if top.record:
            self.loaded.positions[pointer] = pos
            self.loaded.key_positions[pointer] = top.key_pos
        return pointer, top.record

    def scalar(self, event: Any, raw: str, pos: Position) -> Any:
        """The value of a tagged scalar: the tag is reported and ignored."""
        self.error(
            pos,
            self.current_pointer(),
            codes.YAML_TAG,
            f"YAML tags such as '{event.tag}' are not used in sscorpus files",
            "remove the tag; put the value in quotes if it must stay text",
        )
        return raw if event.style else resolve_plain(raw)

    def unusual(self, value: Any) -> tuple[Any, bool]:
        """A plain value that is not text, a whole number, a boolean or null:
        note a float; flag (and turn into plain text) a number too large."""
        if isinstance(value, TooLargeNumber):
            return str(value), True
        if isinstance(value, float):
            self.loaded.has_float = True
        return value, False

    def too_large(self, pointer: str, pos: Position, digits: str) -> None:
        self.loaded.reported.add(pointer)
        self.error(
            pos,
            pointer,
            codes.NUMBER_TOO_LARGE,
            f"a whole number of {len(digits.lstrip('-')):,} digits is too large to be read "
            f"(at most {MAX_INT_DIGITS:,})",
            "offsets, counts and years are far smaller: check what was pasted here",
        )

    def current_pointer(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.container, dict) and not top.expect_key and top.key is not None:
            return f"{top.pointer}/{escape_pointer_token(top.key or '')}"
        return top.pointer

    def anchor(self, event: Any, pos: Position) -> None:
        if getattr(event, "anchor", None) is not None:
            self.error(
                pos,
                self.current_pointer(),
                codes.YAML_ANCHOR,
                f"YAML anchors ('&{event.anchor}') are not used in sscorpus files",
                "write the value out in full where it is needed",
            )

    def feed(self, event: Any) -> bool:
        """Take one event; return False when the rest of the stream is ignored."""
        kind = type(event)
        if kind is _END_MAPPING or kind is _END_SEQUENCE:
            self.stack.pop()
            return True
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if kind is _SCALAR:  # the common case, kept short
            if event.anchor is not None:
                self.anchor(event, pos)
            raw = event.value if self.unmask is None else event.value.translate(self.unmask)
            value = (raw if event.style else resolve_plain(raw)) if event.tag is None else self.scalar(event, raw, pos)
            flagged = False
            if value.__class__ not in _PLAIN_TYPES:
                value, flagged = self.unusual(value)
            pointer, _ = self.place(value, pos, False)
            if flagged:
                self.too_large(pointer, pos, value)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.anchor(event, pos)
            if event.tag is not None:
                self.error(
                    pos,
                    self.current_pointer(),
                    codes.YAML_TAG,
                    f"YAML tags such as '{event.tag}' are not used in sscorpus files",
                    "remove the tag",
                )
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            pointer, record = self.place(container, pos, True)
            self.stack.append(_Frame(container, pointer, record))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            self.error(
                pos,
                self.current_pointer(),
                codes.YAML_ALIAS,
                f"YAML aliases ('*{event.anchor}') are not used in sscorpus files",
                "write the value out in full where it is needed",
            )
            self.place(None, pos, False)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error(
                    pos,
                    "",
                    codes.YAML_MULTIPLE_DOCUMENTS,
                    "the file holds more than one YAML document ('---' separates them)",
                    "keep one document per file: remove the second '---' and what follows, "
                    "or move it to a file of its own",
                )
                return False
        return True


_SYNTAX_HINTS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        "a value that contains ': ' or ends with ':' must be in quotes, e.g. quote: \"... as follows:\"",
    ),
    ("cannot start any token", "a value may not start with '@', '`' or '%': put it in quotes"),
    (
        "could not find expected ':'",
        "a key may lack its ':' or a continued line may be indented less than it should be",
    ),
    (
        "while scanning a quoted scalar",
        'a quoted value is not closed: check its closing quote; inside "..." write \\" for a double quote',
    ),
    (
        "did not find expected key",
        "check the indentation: the items of one list or mapping must start in the same column",
    ),
    (
        "did not find expected '-' indicator",
        "check the indentation: every item of a list starts with '- ' in the same column",
    ),
]


def _syntax_hint(problem: str) -> str | None:
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return hint
    return None


#: line breaks in YAML 1.1 (and libyaml) that YAML 1.2 and editors read as ordinary characters
_YAML11_BREAKS = "\x85\u2028\u2029"


def _mask(text: str) -> tuple[str, dict[int, str] | None]:
    """``text`` with U+0085, U+2028 and U+2029 replaced by private-use
    characters that it does not hold (one for one, so every offset stays),
    and the table that turns them back."""
    if not any(c in text for c in _YAML11_BREAKS):
        return text, None
    standins: list[str] = []
    code = 0xE000
    while len(standins) < len(_YAML11_BREAKS):
        if chr(code) not in text:
            standins.append(chr(code))
        code += 1
    masked = text.translate({ord(b): s for b, s in zip(_YAML11_BREAKS, standins, strict=True)})
    return masked, {ord(s): b for b, s in zip(_YAML11_BREAKS, standins, strict=True)}


def parse_yaml(text: str, loaded: LoadedFile) -> None:
    masked, unmask = _mask(text)
    builder = _Builder(loaded, unmask)
    parser = _Parser(masked)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if not builder.feed(event):
                break
    except yaml.reader.ReaderError as exc:
        # libyaml gives the position as a byte offset into the UTF-8 text
        index = len(masked.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, column = LineMap(text).line_column(index)
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        loaded.findings.append(
            Finding(
                loaded.path,
                line,
                column,
                codes.YAML_SYNTAX,
                f"YAML syntax error: control character U+{character:04X} is not allowed",
                "",
                "the file holds a control character (such as a form feed or NUL), often pasted from a PDF: delete it",
            )
        )
        return
    except yaml.YAMLError as exc:
        loaded.findings.append(_syntax_error(loaded.path, text, exc, unmask))
        return
    finally:
        parser.dispose()
    loaded.data = builder.root
    loaded.parsed = True


def _syntax_error(path: Path, text: str, exc: yaml.YAMLError, unmask: dict[int, str] | None) -> Finding:
    """The finding for a libyaml error, at the line an editor shows.

    libyaml's marks carry a character index; LineMap turns it into a line
    and column. A quoted value left open swallows the lines after it, and
    libyaml then fails far below (often with an indentation message): the
    quote that swallowed a ``key:`` line is reported instead."""
    lines = LineMap(text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    index = mark.index if mark is not None else 0
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    if unmask is not None:
        problem, context = problem.translate(unmask), context and str(context).translate(unmask)
    opened = _open_quote(text, index)
    if opened is not None:
        start, runs_to = opened
        line, column = lines.line_column(start)
        return Finding(
            path,
            line,
            column,
            codes.YAML_SYNTAX,
            f"YAML syntax error: the quoted value that starts here is not closed on its line "
            f"and runs on to line {lines.line(runs_to)}",
            "",
            'close the quote on this line; inside "..." write \\" for a double quote, '
            "inside '...' write '' for a single quote",
        )
    line, column = lines.line_column(index)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    at = text[index : index + 1]
    hint = (
        "a tab: YAML does not allow tabs for indentation, use spaces"
        if at == "\t"
        else _syntax_hint(f"{problem} {context or ''}")
    )
    return Finding(path, line, column, codes.YAML_SYNTAX, message, "", hint)


_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.-]*:(?:[ \t]|$)", re.M)
_VALUE_START = re.compile(r"(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|-[ \t]+|[\[{,][ \t]*)(?=[\"'])", re.M)


def _open_quote(text: str, before: int) -> tuple[int, int] | None:
    """Where a quoted value that starts before ``before`` opens and where it
    ends, if it is not closed on its own line and swallows a line that looks
    like a ``key:`` (the usual sign of a missing closing quote). Each quoted
    value is scanned once: linear in the text."""
    pos = 0
    while True:
        opener = _VALUE_START.search(text, pos, before)
        if opener is None:
            return None
        start = opener.end()
        if start >= before:
            return None
        if _in_comment(text, start):
            pos = start + 1
            continue
        scalar = (_DOUBLE_QUOTED if text[start] == '"' else _SINGLE_QUOTED).match(text, start)
        end = scalar.end() if scalar else start + 1
        closed = end > start + 1 and text[end - 1] == text[start]
        line_end = text.find("\n", start)
        if line_end != -1 and end > line_end and (not closed or _KEY_LINE.search(text, line_end + 1, end)):
            return start, end
        pos = max(end, start + 1)


_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]+|\\.)*"?', re.S)
_SINGLE_QUOTED = re.compile(r"'(?:[^']+|'')*'?")


def _in_comment(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    head = text[line_start:at]
    return head.lstrip().startswith("#") or " #" in head
