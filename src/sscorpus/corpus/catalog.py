"""The catalog to records: documents, with their texts read and hashed.

A text that cannot be read leaves its document without text (and the
``catalog`` check says why); a changed text is still used for anchoring, so
that the report shows which quotes the change broke.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from .. import codes
from ..findings import Finding
from .anchors import AnchorProblem, Selector, TextIndex
from .encodings import SAVE_AS_UTF8, wide_encoding
from .loaded import LoadedFile
from .model import Author, Document, Location, NotBody, Provenance, TextProblem, Unanchored
from .reading import Data, Reader
from .structure import LISTED_HEADINGS, TextStructure

#: the fields of a document that findings point at (the About sheet shows the title)
_PLACES = ("id", "title", "text", "sha256", "characters")
#: fields whose place is recorded when the entry has them (the catalog check reports their values there)
_OPTIONAL_PLACES = ("publication", "date_note", "date", "date_earliest")


def read_catalog(loaded: LoadedFile, texts_dir: Path, texts: Collection[str] | None = None) -> list[Document]:
    """Every document of the catalog, in catalog order (an id given twice
    included: the id check reports it). ``texts`` names the documents
    whose text files are read (None: every one); the others have no text
    and no ``text_problem``: a run about a few annotation files reads,
    hashes and indexes only the texts that they annotate."""
    reader = Reader(loaded)
    documents: list[Document] = []
    seen: set[str] = set()
    root = texts_dir.parent.resolve()  # the corpus folder, resolved once: each text is held against it
    for pointer, entry in reader.items(reader.root, "documents", ""):
        doc_id = reader.text(entry, "id")
        if doc_id is None:
            continue
        documents.append(
            _document(
                reader,
                pointer,
                entry,
                doc_id,
                texts_dir,
                read=doc_id not in seen and (texts is None or doc_id in texts),
                root=root,
            )
        )
        seen.add(doc_id)
    return documents


def _document(
    reader: Reader, pointer: str, entry: Data, doc_id: str, texts_dir: Path, *, read: bool, root: Path
) -> Document:
    text_name = reader.text(entry, "text")
    valid_name = text_name is not None and text_name.endswith(".txt") and "/" not in text_name
    text_file = texts_dir / (text_name if valid_name and text_name else f"{doc_id}.txt")
    text: str | None = None
    problem: TextProblem | None = None
    actual: str | None = None
    if valid_name and read:  # else the schema reports the name, or the id check the id
        text, actual, problem = read_text(text_file, root)
    provenance = reader.mapping(entry, "provenance")
    authors = tuple(
        Author(reader.text(a, "name"), reader.text(a, "affiliation"), reader.ref(a, "actor", p, "actor"))
        for p, a in reader.items(entry, "authors", pointer)
    )
    document = Document(
        id=doc_id,
        title=reader.text(entry, "title") or "",
        kind=reader.text(entry, "kind") or "",
        where=reader.where(pointer),
        places=_places(reader, pointer, entry),
        text_file=text_file,
        text=text,
        text_problem=problem,
        actual_sha256=actual,
        sha256=reader.text(entry, "sha256"),
        characters=reader.integer(entry, "characters"),
        authors=authors,
        publication=reader.text(entry, "publication"),
        date=reader.text(entry, "date"),
        date_earliest=reader.text(entry, "date_earliest"),
        date_note=reader.text(entry, "date_note"),
        language=reader.text(entry, "language"),
        default_speaker=reader.ref(entry, "default_speaker", pointer, "actor"),
        provenance=None
        if provenance is None
        else Provenance(
            source_file=reader.text(provenance, "source_file"),
            source_sha256=reader.text(provenance, "source_sha256"),
            start=reader.integer(provenance, "start"),
            end=reader.integer(provenance, "end"),
            note=reader.text(provenance, "note"),
            url=reader.text(provenance, "url"),
            accessed=reader.text(provenance, "accessed"),
        ),
    )
    if text is None or "not_body" not in entry:
        return document
    index = TextIndex(text)
    structure = TextStructure(text)
    not_body = tuple(
        _not_body(reader, p, item, structure, index) for p, item in reader.items(entry, "not_body", pointer)
    )
    return replace(document, not_body=not_body)


def _not_body(reader: Reader, pointer: str, item: Data, structure: TextStructure, index: TextIndex) -> NotBody:
    """The range one ``not_body`` item excludes: a section up to the next
    heading of its level, or the paragraph a quote stands in. Why an item
    excludes nothing joins the catalog's findings (anchoring, as the model is
    built)."""
    where = reader.where(pointer)
    section = reader.text(item, "section")
    if section is not None:
        found = structure.section_range(section)
        if found is not None:
            return NotBody(found, where, section)
        titles = ", ".join(repr(h.text) for h in structure.headings[:LISTED_HEADINGS])
        if len(structure.headings) > LISTED_HEADINGS:
            titles += f" and {len(structure.headings) - LISTED_HEADINGS:,} more"
        return _unanchored(
            reader,
            where,
            reader.where(f"{pointer}/section").finding(
                codes.UNKNOWN_SECTION, f"no heading '{section}' in the text", f"headings: {titles}"
            ),
        )
    quote = reader.text(item, "quote")
    if quote is None or not quote.strip():
        if reader.has_error_at(pointer):
            return _unanchored(reader, where, None)
        return _unanchored(
            reader,
            where,
            reader.where(pointer).finding(codes.ANCHOR_INVALID, "a not_body item needs a quote or a section"),
        )
    result = index.resolve(Selector(quote, reader.integer(item, "occurrence")))
    if isinstance(result, AnchorProblem):
        return _unanchored(
            reader,
            where,
            reader.where(f"{pointer}/{result.field}").finding(codes.CODES[result.code], result.message, result.hint),
        )
    paragraph = structure.paragraph_at(result.start)
    return NotBody((paragraph.start, paragraph.end) if paragraph else (result.start, result.end), where, quote)


def _unanchored(reader: Reader, where: Location, finding: Finding | None) -> NotBody:
    if finding is None:
        return NotBody(Unanchored(), where)
    reader.loaded.findings.append(finding)
    return NotBody(Unanchored(finding.message), where)


def _places(reader: Reader, pointer: str, entry: Data) -> dict[str, Location]:
    """Where the entry's fields are written that findings point at."""
    names = [*_PLACES, *(name for name in _OPTIONAL_PLACES if name in entry)]
    authors = entry.get("authors")
    if isinstance(authors, list):
        names += [
            f"authors/{number}/{key}"
            for number, author in enumerate(authors)
            if isinstance(author, dict)
            for key in ("name", "affiliation")
            if key in author
        ]
    provenance = entry.get("provenance")
    if isinstance(provenance, dict):
        names += [f"provenance/{key}" for key in provenance]
    return {name: reader.where(f"{pointer}/{name}") for name in names}


def read_text(text_file: Path, root: Path | None = None) -> tuple[str | None, str | None, TextProblem | None]:
    """A text file's text and the SHA-256 of its bytes, or why it cannot be read.

    The bytes are read only when the file is a regular file inside the corpus
    folder (the folder that holds texts/; ``root``: that folder resolved,
    when the caller knows it): a link that leads out is refused, so no
    content of another file can reach a report."""
    name = text_file.name
    root = text_file.parent.parent.resolve() if root is None else root
    try:
        inside = text_file.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        inside = True  # reading it fails below, with its reason
    if not inside:
        return (
            None,
            None,
            TextProblem(
                codes.FILE_OUTSIDE_CORPUS,
                f"text file {name} is a link to a file outside the corpus folder: it is not read",
                "keep the texts inside the corpus folder (a link may point inside it)",
            ),
        )
    if text_file.exists() and not text_file.is_file():
        what = "a folder" if text_file.is_dir() else "not a regular file"
        return (
            None,
            None,
            TextProblem(codes.TEXT_UNREADABLE, f"text file {name} is {what}", "put the text file in its place"),
        )
    try:
        raw = text_file.read_bytes()
    except FileNotFoundError:
        link = " (a link to a file that does not exist)" if text_file.is_symlink() else ""
        return (
            None,
            None,
            TextProblem(
                codes.TEXT_MISSING,
                f"text file {name} not found in {text_file.parent.name}/{link}",
                "check the file name, or add the text",
            ),
        )
    except OSError as exc:
        return (
            None,
            None,
            TextProblem(
                codes.TEXT_UNREADABLE,
                f"text file {name} cannot be read: {exc.strerror or exc}",
                "give yourself read permission on it",
            ),
        )
    actual = hashlib.sha256(raw).hexdigest()
    wide = wide_encoding(raw)
    if wide is not None:
        return None, actual, TextProblem(codes.TEXT_ENCODING, f"{name} is {wide}, not UTF-8", SAVE_AS_UTF8)
    try:
        return raw.decode("utf-8"), actual, None
    except UnicodeDecodeError as exc:
        return (
            None,
            actual,
            TextProblem(codes.TEXT_ENCODING, f"{name} is not UTF-8 (byte {exc.start})", "texts must be UTF-8"),
        )
