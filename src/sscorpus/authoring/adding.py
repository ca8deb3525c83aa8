"""``sscorpus add-text``: a new text into ``texts/`` and its entry into the catalog.

The text is its source file as copied (``preparing``: nothing cleaned; line
ends and paragraph breaks changed only when asked, and the entry says what
changed and records the source's own checksum). Everything a user gives is
checked before anything is written: the text, the id, every value the
exports will carry (``catalog_values``: the export's own cell rules, dates
that exist), the parts that are not body (each must select its place), the
default speaker. The catalog entry is appended as text, so the catalog's
comments and layout stay as they are, and the result is held against the
catalog schema before it is written.

The catalog is read, and the id looked up, inside the :class:`Edit` that
writes it: two ``add-text`` at once take turns, and the second sees the
first's entry. The text and the entry are written together or not at all.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.catalog_values import cell_problem, date_problem
from ..corpus.anchors import AnchorProblem, Selector, TextIndex
from ..corpus.encodings import wide_encoding
from ..corpus.ids import id_problem
from ..corpus.layout import Layout
from ..corpus.loading import load_file
from ..corpus.model import Entity
from ..corpus.reading import Reader
from ..corpus.schemas import SchemaSet, load_schemas
from ..corpus.structure import TextStructure
from ..corpus.writing import Edit
from ..corpus.yamledit import expect, parse, scalar
from ..findings import Finding
from .preparing import Prepared, SourceError, prepare, read_source

_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
#: the catalog's fields, by the option that gives them (for a schema finding about one)
_OPTIONS = {
    "id": "--id",
    "title": "--title",
    "kind": "--kind",
    "date": "--date",
    "publication": "--publication",
    "language": "--language",
    "default_speaker": "--default-speaker",
    "authors": "--author",
    "provenance/url": "--url",
    "provenance/accessed": "--accessed",
    "provenance/note": "--note",
    "provenance/source_sha256": "--source-sha256",
    "not_body": "--not-body",
}


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
    #: the n-th affiliation is the n-th author's
    affiliations: tuple[str, ...] = ()
    #: how paragraphs are told apart when the source has no blank lines ("lines")
    paragraphs: str | None = None
    note: str | None = None
    #: the checksum of a source kept elsewhere (the PDF the text was copied from)
    source_sha256: str | None = None
    #: quotes from paragraphs that are not body, and headings of sections that are not
    not_body: tuple[str, ...] = ()
    not_body_sections: tuple[str, ...] = ()


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
    inserted: int = 0
    source_sha256: str | None = None

    @property
    def ok(self) -> bool:
        """Nothing refused and nothing found: add-text writes no text that
        ``validate --strict`` would fail, so a warning refuses it too."""
        return not self.refused and not self.findings


def _actors(layout: Layout) -> dict[str, Entity]:
    from ..corpus.registry import read_registry  # the registry as the model reads it

    loaded = load_file(layout.registry)
    return {e.id: e for e in read_registry(loaded) if e.type == "actor"} if loaded.parsed else {}


def _request_problems(request: NewText) -> list[str]:
    """What is wrong with the options themselves, before any file is read."""
    refused = []
    problem = id_problem(request.id)
    if problem:
        refused.append(f"--id '{request.id}': {problem}")
    if request.accessed is not None and request.url is None:
        refused.append("--accessed is the day the text was copied from --url: give --url too")
    if len(request.affiliations) > len(request.authors):
        refused.append("--affiliation: one for each --author, in the same order; give the authors first")
    values = [("--title", request.title), ("--publication", request.publication), ("--note", request.note)]
    values += [("--kind", request.kind), ("--language", request.language), ("--url", request.url)]
    values += [("--accessed", request.accessed), ("--default-speaker", request.default_speaker)]
    values += [("--author", a) for a in request.authors] + [("--affiliation", a) for a in request.affiliations]
    values += [("--not-body", q) for q in request.not_body] + [
        ("--not-body-section", s) for s in request.not_body_sections
    ]
    for option, value in values:
        found = cell_problem(value) if value else None
        if found is not None:
            refused.append(f"{option}: {found[0]}")
        elif value is not None and not value.strip():
            refused.append(f"{option}: empty")
    for option, value in (("--date", request.date), ("--accessed", request.accessed)):
        why = date_problem(value) if value else None
        if why:
            refused.append(f"{option}: {why}")
    if request.source_sha256 is not None and not _SHA256.match(request.source_sha256):
        refused.append("--source-sha256: 64 hexadecimal digits in lower case (sha256sum prints them)")
    return refused


def _not_body_problems(text: str, request: NewText) -> list[str]:
    """Each --not-body quote must select one paragraph, each section heading exist."""
    refused = []
    index = TextIndex(text)
    for quote in request.not_body:
        result = index.resolve(Selector(quote, None))
        if isinstance(result, AnchorProblem):
            refused.append(f"--not-body '{quote}': {result.message}" + (f" ({result.hint})" if result.hint else ""))
    structure = TextStructure(text)
    for section in request.not_body_sections:
        if structure.section_range(section) is None:
            headings = ", ".join(repr(h.text) for h in structure.headings[:8]) or "none"
            refused.append(f"--not-body-section '{section}': no such heading in the text (headings: {headings})")
    return refused


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
    prepared: Prepared,
    speaker: str,
    actors: dict[str, Entity],
    indent: str,
) -> str:
    """The catalog entry as YAML lines, every value quoted safely."""
    assert prepared.text is not None
    characters = len(prepared.text)
    pad = indent + "  "
    lines = [f"{indent}- id: {scalar(request.id)}", f"{pad}title: {scalar(request.title)}"]
    if request.authors:
        lines.append(f"{pad}authors:")
        for number, author in enumerate(request.authors):
            lines.append(f"{pad}  - name: {scalar(author)}")
            if number < len(request.affiliations):
                lines.append(f"{pad}    affiliation: {scalar(request.affiliations[number])}")
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
        f"{pad}default_speaker: {scalar(speaker)}",
        f"{pad}text: {scalar(text_name)}",
        f"{pad}sha256: {hashlib.sha256(prepared.data).hexdigest()}",
        f"{pad}characters: {characters}",
        f"{pad}provenance:",
    ]
    if request.url:
        lines.append(f"{pad}  url: {scalar(request.url)}")
        lines.append(f"{pad}  accessed: {scalar(request.accessed or datetime.date.today().isoformat())}")
    else:
        source_characters = len(prepared.raw.decode("utf-8"))
        lines += [
            f"{pad}  source_file: {scalar(request.source.name)}",
            f"{pad}  start: 0",
            f"{pad}  end: {source_characters}",
        ]
    source_sha256 = request.source_sha256 or (prepared.source_sha256 if prepared.changed else None)
    if source_sha256:
        lines.append(f"{pad}  source_sha256: {source_sha256}")
    notes = [request.note.strip()] if request.note else []
    notes += prepared.notes(request.paragraphs)
    if notes:
        lines.append(f"{pad}  note: {scalar('; '.join(notes))}")
    if request.not_body or request.not_body_sections:
        lines.append(f"{pad}not_body:")
        lines += [f"{pad}  - section: {scalar(s)}" for s in request.not_body_sections]
        lines += [f"{pad}  - quote: {scalar(q)}" for q in request.not_body]
    return "\n".join(lines) + "\n"


#: an empty list of documents written on one line, as `sscorpus init` writes it
_EMPTY_DOCUMENTS = re.compile(r"^documents:[ \t]*\[[ \t]*\][ \t]*(#[^\r\n]*)?$", re.MULTILINE)


def _appended(catalog_text: str, entry: str) -> str:
    """The catalog with ``entry`` appended to its list of documents (which may be empty)."""
    newline = "\r\n" if "\r\n" in catalog_text else "\n"  # a catalog saved on Windows keeps its line ends
    empty = _EMPTY_DOCUMENTS.search(catalog_text)
    if empty is not None:
        comment = f" {empty.group(1)}" if empty.group(1) else ""
        catalog_text = catalog_text[: empty.start()] + "documents:" + comment + catalog_text[empty.end() :]
    if not catalog_text.endswith("\n"):
        catalog_text += newline
    return catalog_text + entry.replace("\n", newline)


def _schema_refusals(findings: list[Finding], pointer: str) -> list[str]:
    """Schema findings about the new entry, as the options that gave the values."""
    refused = []
    for finding in findings:
        name = finding.pointer.removeprefix(pointer).strip("/")
        option = next((o for key, o in _OPTIONS.items() if name == key or name.startswith(key + "/")), name)
        refused.append(f"{option}: {finding.message} [{finding.code}]")
    return refused


def add_text(layout: Layout, request: NewText, *, schemas: SchemaSet | None = None) -> Added:
    """Check ``request`` and, when nothing is wrong, write the text and the
    catalog entry together. Nothing is written unless ``result.ok``."""
    result = Added(refused=_request_problems(request))
    try:
        raw = read_source(request.source)
    except SourceError as exc:
        result.refused.append(str(exc))
        return result
    prepared = prepare(request.source, raw, lf=request.lf, paragraphs=request.paragraphs)
    result.findings += prepared.findings
    result.converted, result.inserted = prepared.converted, prepared.inserted
    text = prepared.text
    if text is not None:
        result.refused += _not_body_problems(text, request)
    if text is None or not result.ok:
        return result
    text_file = layout.texts_dir / f"{request.id}.txt"
    with Edit(layout.root) as edit:  # the catalog is read under the lock: no other edit in between
        catalog_raw = layout.catalog.read_bytes()
        wide = wide_encoding(catalog_raw)
        if wide is not None:
            result.refused.append(f"{layout.catalog} is {wide}, not UTF-8: save it as UTF-8 first")
            return result
        catalog_text = catalog_raw.decode("utf-8")
        reader = Reader(parse(layout.catalog, catalog_text))
        documents = reader.root.get("documents") if isinstance(reader.root, dict) else None
        if documents is not None and not isinstance(documents, list):
            result.refused.append(f"{layout.catalog}: 'documents' is not a list; run sscorpus validate")
        if any(reader.text(entry, "id") == request.id for _, entry in reader.items(reader.root, "documents", "")):
            result.refused.append(f"the catalog already has a document '{request.id}'; choose another --id")
        if text_file.exists() or text_file.is_symlink():
            result.refused.append(f"{text_file} already exists; choose another --id, or remove the file")
        actors = _actors(layout)
        result.default_speaker = _speaker(request, actors, result)
        if not result.ok or result.default_speaker is None:
            return result
        indent = re.search(r"^( *)- id:", catalog_text, re.MULTILINE)
        entry = entry_text(
            request, text_file.name, prepared, result.default_speaker, actors, indent.group(1) if indent else "  "
        )
        if documents is None and _EMPTY_DOCUMENTS.search(catalog_text) is None:
            entry = "documents:\n" + entry  # a catalog of comments only
        new_catalog = _appended(catalog_text, entry)
        loaded = parse(layout.catalog, new_catalog)
        pointer = f"/documents/{len(documents) if isinstance(documents, list) else 0}"
        expect(loaded, f"{pointer}/id", request.id)
        expect(loaded, f"{pointer}/title", request.title)
        schema_findings = (schemas or load_schemas(layout.schemas_dir)).findings_for("catalog", loaded)
        ours = [f for f in schema_findings if f.pointer == pointer or f.pointer.startswith(pointer + "/")]
        if ours:  # a wrong --kind, --language, --url...: the catalog's other findings are validate's to report
            result.refused += _schema_refusals(ours, pointer)
            return result
        edit.write(text_file, prepared.data)
        edit.write(layout.catalog, new_catalog.encode("utf-8"))
    result.text_file = text_file
    result.sha256 = hashlib.sha256(prepared.data).hexdigest()
    result.characters = len(text)
    result.source_sha256 = request.source_sha256 or (prepared.source_sha256 if prepared.changed else None)
    return result
