"""A text as ``add-text`` takes it from its source file: read safely, decoded,
and changed only in the ways asked for, each change counted so that the
catalog entry can say what was done.

The rule for texts (README, "Adding a text"): a text is its source as it was
copied, with nothing cleaned, except two changes that are asked for by name
and recorded in ``provenance.note``: line ends converted to LF (``--lf``) and
a blank line put between lines that are paragraphs (``--paragraphs lines``).
The source's own checksum is then recorded beside the text's.

Only a regular file of at most :data:`MAX_SOURCE_BYTES` is read: a device
(``/dev/zero``) or a FIFO would never end.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..checks.texts import inspect
from ..corpus.encodings import SAVE_AS_UTF8, wide_encoding
from ..corpus.lines import LineMap
from ..findings import Finding

#: the largest source add-text reads: a long report is a few megabytes
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: how --paragraphs can tell paragraphs apart
PARAGRAPH_RULES = ("lines",)


class SourceError(Exception):
    """The source cannot be read as a text (not a regular file, too large)."""


@dataclass(slots=True)
class Prepared:
    """The text made from a source, and what was changed on the way."""

    raw: bytes
    text: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: carriage returns removed or replaced (--lf)
    converted: int = 0
    #: blank lines inserted between paragraphs (--paragraphs)
    inserted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.converted or self.inserted)

    @property
    def data(self) -> bytes:
        """The bytes of the text file: the source's own, unless changed."""
        return self.text.encode("utf-8") if self.changed and self.text is not None else self.raw

    @property
    def source_sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def notes(self, rule: str | None) -> list[str]:
        """What was changed, in words for provenance.note."""
        notes = []
        if self.converted:
            notes.append(
                f"line ends converted to LF by sscorpus add-text --lf ({_count(self.converted, 'carriage return')} "
                "removed or replaced)"
            )
        if self.inserted:
            notes.append(
                f"{_count(self.inserted, 'blank line')} inserted between paragraphs by sscorpus add-text --paragraphs "
                f"{rule} (each line of the source is a paragraph)"
            )
        return notes


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def read_source(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SOURCE_BYTES; SourceError otherwise."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, a FIFO or a socket)"
        raise SourceError(f"{path} is {what}: give the text as a file")
    if info.st_size > MAX_SOURCE_BYTES:
        raise SourceError(
            f"{path} has {info.st_size:,} bytes, more than the {MAX_SOURCE_BYTES:,} a text may have: "
            "is it the right file?"
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since it was looked at
            raise SourceError(f"{path} is not a regular file: give the text as a file")
        raw = stream.read(MAX_SOURCE_BYTES + 1)
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(f"{path} has more than the {MAX_SOURCE_BYTES:,} bytes a text may have")
    return raw


def _decode(source: Path, raw: bytes, prepared: Prepared) -> str | None:
    wide = wide_encoding(raw)
    if wide is not None:
        prepared.findings.append(
            Finding(source, 1, 1, codes.TEXT_ENCODING, f"the text is {wide}, not UTF-8", "", SAVE_AS_UTF8)
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        prepared.findings.append(
            Finding(
                source,
                line,
                column,
                codes.TEXT_ENCODING,
                f"the text is not UTF-8: byte 0x{raw[exc.start]:02X} at byte {exc.start}",
                "",
                SAVE_AS_UTF8,
            )
        )
        return None


def separate_lines(text: str) -> tuple[str, int]:
    """``text`` with a blank line between every two lines that hold text,
    and the number of blank lines inserted."""
    lines = text.split("\n")
    out: list[str] = []
    inserted = 0
    for number, line in enumerate(lines):
        if number and line.strip() and lines[number - 1].strip():
            out.append("")
            inserted += 1
        out.append(line)
    return "\n".join(out), inserted


def prepare(source: Path, raw: bytes, *, lf: bool = False, paragraphs: str | None = None) -> Prepared:
    """The text of ``raw``, converted as asked, with every problem found
    (at the source's line and column, or the converted text's when converted)."""
    prepared = Prepared(raw)
    text = _decode(source, raw, prepared)
    if text is None:
        return prepared
    if lf and "\r" in text:
        prepared.converted = text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if paragraphs is not None:
        if paragraphs not in PARAGRAPH_RULES:
            raise ValueError(f"paragraphs: {paragraphs!r} is not one of {PARAGRAPH_RULES}")
        text, prepared.inserted = separate_lines(text)
    prepared.text = text
    lines = LineMap(text)
    for issue in inspect(text):
        line, column = lines.line_column(issue.offset)
        hint = issue.hint
        if issue.code is codes.TEXT_LINE_ENDS:
            hint = (
                "add it with --lf to convert the line ends to LF (the catalog entry records it), or save it "
                "with LF line ends in your editor"
            )
        elif issue.code is codes.TEXT_NO_PARAGRAPHS:
            hint = (
                "if each line is a paragraph, add it with --paragraphs lines (a blank line goes between them and "
                "the catalog entry records it); else put the blank lines in the source first"
            )
        prepared.findings.append(Finding(source, line, column, issue.code, issue.message, "", hint))
    return prepared
