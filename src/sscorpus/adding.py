"""``sscorpus add-text``: a new text into ``texts/`` and its entry into the catalog.

The text is copied byte for byte (never cleaned; ``--lf`` converts line ends
only when asked, and the entry records it). Everything is checked before
anything is written: the text (``texts.inspect``), the id, the file name, the
default speaker. The catalog entry is appended as text, so the catalog's
comments and layout stay as they are, and the result is read back and held
against the catalog schema before it is written.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .corpus import Layout
from .findings import Finding, Severity
from .lines import LineMap
from .loading import load_file
from .model import Entity
from .reading import Reader
from .schemas import SchemaSet
from .texts import inspect
from .yamledit import expect, parse, scalar, write_atomic


@dataclass(frozen=True, slots=True)
class NewText:
    """What ``add-text`` is asked to add."""

    source: Path
    id: str
    title: str
    kind: str
    authors: tuple[str, ...] = ()
    default_speaker: str | None = None
    url: str | None = None
    accessed: str | None = None
    date: str | None = None
    publication: str | None = None
    language: str = "en"
    lf: bool = False


@dataclass(slots=True)
class Added:
    """The outcome: what was (or, when ``refused``, was not) written, and why."""

    text_file: Path | None = None
    sha256: str = ""
    characters: int = 0
    default_speaker: str | None = None
    #: problems of the text, at the source file's line and column
    findings: list[Finding] = field(default_factory=list)
    #: why nothing was written (usage problems: an id in use, an unknown actor)
    refused: list[str] = field(default_factory=list)
    converted: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused and not any(f.severity is Severity.ERROR for f in self.findings)


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


def _actors(layout: Layout) -> dict[str, Entity]:
    from .registry import read_registry  # the registry as the model reads it

    loaded = load_file(layout.registry)
    return {e.id: e for e in read_registry(loaded) if e.type == "actor"} if loaded.parsed else {}


def _text_findings(request: NewText, raw: bytes, result: Added) -> str | None:
    """The decoded (and, with ``--lf``, converted) text, or None when it is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        result.findings.append(
            Finding(
                request.source,
                line,
                column,
                codes.TEXT_ENCODING,
                f"the text is not UTF-8: byte 0x{raw[exc.start]:02X} at byte {exc.start}",
                "",
                "save it as UTF-8 (in Notepad: Save as, Encoding 'UTF-8') and add it again",
            )
        )
        return None
    if request.lf and "\r" in text:
        result.converted = text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = LineMap(text)
    for issue in inspect(text):
        line, column = lines.line_column(issue.offset)
        severity = Severity.ERROR if issue.code is codes.TEXT_BOM else issue.code.severity
        hint = issue.hint
        if issue.code is codes.TEXT_LINE_ENDS:
            hint = (
                "add it with --lf to convert the line ends to LF (the catalog entry records it), or save it "
                "with LF line ends in your editor"
            )
        result.findings.append(Finding(request.source, line, column, issue.code, issue.message, "", hint, severity))
    return text


def _speaker(request: NewText, actors: dict[str, Entity], result: Added) -> str | None:
    if request.default_speaker is not None:
        if request.default_speaker not in actors:
            result.refused.append(
                f"--default-speaker: '{request.default_speaker}' is no actor of the registry; "
                "add it to annotations/registry.yaml (guidelines 2.5) or give another id "
                "(sscorpus registry QUERY --type actor finds it)"
            )
        return request.default_speaker
    if request.authors:
        found = _actor_named(request.authors[0], actors)
        if found is not None:
            return found
        result.refused.append(
            f"no default speaker: the registry has no actor named '{request.authors[0]}'; add "
            "the author to annotations/registry.yaml as an actor (guidelines 2.5), or give "
            "--default-speaker ACTOR"
        )
        return None
    result.refused.append(
        "no default speaker: give --default-speaker ACTOR (the issuing body of a text without "
        "an author; sscorpus registry QUERY --type actor finds its id)"
    )
    return None


def _actor_named(name: str, actors: dict[str, Entity]) -> str | None:
    for entity in actors.values():
        if name in entity.names():
            return entity.id
    return None


def entry_text(
    request: NewText,
    text_name: str,
    sha256: str,
    characters: int,
    speaker: str,
    actors: dict[str, Entity],
    indent: str,
    converted: int,
) -> str:
    """The catalog entry as YAML lines, every value quoted safely."""
    pad = indent + "  "
    lines = [f"{indent}- id: {request.id}", f"{pad}title: {scalar(request.title)}"]
    if request.authors:
        lines.append(f"{pad}authors:")
        for author in request.authors:
            lines.append(f"{pad}  - name: {scalar(author)}")
            actor = _actor_named(author, actors)
            if actor:
                lines.append(f"{pad}    actor: {actor}")
    else:
        lines.append(f"{pad}authors: []")
    lines.append(f"{pad}kind: {scalar(request.kind)}")
    if request.publication:
        lines.append(f"{pad}publication: {scalar(request.publication)}")
    if request.date:
        lines.append(f"{pad}date: {scalar(request.date)}")
    lines += [
        f"{pad}language: {scalar(request.language)}",
        f"{pad}default_speaker: {speaker}",
        f"{pad}text: {text_name}",
        f"{pad}sha256: {sha256}",
        f"{pad}characters: {characters}",
        f"{pad}provenance:",
    ]
    if request.url:
        lines.append(f"{pad}  url: {scalar(request.url)}")
        lines.append(f"{pad}  accessed: {scalar(request.accessed or datetime.date.today().isoformat())}")
    else:
        lines += [f"{pad}  source_file: {scalar(request.source.name)}", f"{pad}  start: 0", f"{pad}  end: {characters}"]
    if converted:
        note = f"line ends converted to LF by sscorpus add-text --lf ({converted} carriage returns removed or replaced)"
        lines.append(f"{pad}  note: {scalar(note)}")
    return "\n".join(lines) + "\n"


def add_text(layout: Layout, request: NewText, *, schemas: SchemaSet | None = None) -> Added:
    """Check ``request`` and, when nothing is wrong, write the text and the
    catalog entry. Nothing is written unless ``result.ok``."""
    result = Added()
    if not _ID.match(request.id):
        result.refused.append(
            f"--id '{request.id}': use lower-case letters, digits and single hyphens (mthembu-multilateralism)"
        )
    if request.accessed is not None and request.url is None:
        result.refused.append("--accessed is the day the text was copied from --url: give --url too")
    text_file = layout.texts_dir / f"{request.id}.txt"
    catalog_text = layout.catalog.read_bytes().decode("utf-8")
    catalog = parse(layout.catalog, catalog_text)
    reader = Reader(catalog)
    entries = reader.entries(reader.root, "documents")
    if entries is None:
        result.refused.append(f"{layout.catalog}: no 'documents:' list to add to")
    if any(reader.text(entry, "id") == request.id for _, entry in reader.items(reader.root, "documents", "")):
        result.refused.append(f"the catalog already has a document '{request.id}'; choose another --id")
    if text_file.exists():
        result.refused.append(f"{text_file} already exists; choose another --id, or remove the file")
    try:
        raw = request.source.read_bytes()
    except OSError as exc:
        result.refused.append(f"cannot read {request.source}: {exc.strerror or exc}")
        return result
    text = _text_findings(request, raw, result)
    actors = _actors(layout)
    result.default_speaker = _speaker(request, actors, result)
    if text is None or not result.ok or result.default_speaker is None:
        return result
    data = text.encode("utf-8") if result.converted else raw
    result.sha256, result.characters = hashlib.sha256(data).hexdigest(), len(text)
    indent = re.search(r"^( *)- id:", catalog_text, re.MULTILINE)
    entry = entry_text(
        request,
        text_file.name,
        result.sha256,
        result.characters,
        result.default_speaker,
        actors,
        indent.group(1) if indent else "  ",
        result.converted,
    )
    if "\r\n" in catalog_text:  # a catalog saved on Windows keeps its line ends
        entry = entry.replace("\n", "\r\n")
    new_catalog = (
        catalog_text + ("" if catalog_text.endswith("\n") else "\r\n" if "\r\n" in catalog_text else "\n") + entry
    )
    loaded = parse(layout.catalog, new_catalog)
    pointer = f"/documents/{entries or 0}"
    expect(loaded, f"{pointer}/id", request.id)
    expect(loaded, f"{pointer}/title", request.title)
    expect(loaded, f"{pointer}/sha256", result.sha256)
    schema_findings = (schemas or SchemaSet(layout.schemas_dir)).findings_for("catalog", loaded)
    ours = [f for f in schema_findings if f.pointer.startswith(pointer)]
    if ours:  # a wrong --kind, --date, --url...: the catalog's other findings are validate's to report
        result.findings += ours
        return result
    write_atomic(text_file, data)
    write_atomic(layout.catalog, new_catalog.encode("utf-8"))
    result.text_file = text_file
    return result
