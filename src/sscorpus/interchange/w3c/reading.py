"""Web annotations as other tools write them (Hypothesis-style clients,
Recogito, sscorpus itself) read into a :class:`ForeignProject`.

A file is a zip or a folder of ``.json``/``.jsonld`` files, or one such file,
each holding an ``AnnotationCollection`` (its first page embedded), an
``AnnotationPage``, one ``Annotation`` or a list of them. Nothing is fetched:
a page or annotation named only by its address is a finding.

- An annotation whose targets select text is a selection: a
  TextPositionSelector gives its pieces (code points, as the model counts),
  a TextQuoteSelector its ``quoted`` text, ``prefix`` and ``suffix``; a
  target with a quote only gives a selection without pieces, which the
  importer has to find by its text. Several targets are the pieces of one
  discontinuous selection (its ``quoted`` text their quotes joined by a
  space). An annotation whose target has no selector is about the whole
  document: its text is a note on it (a page note; sscorpus writes an
  annotation file's note so), or a selection without text when it codes.
- Its bodies: ``classifying``, ``identifying`` and ``tagging`` values (and an
  identifying resource's IRI, as a Wikidata item) are codes; the tag
  ``hedged`` is a field; ``describing`` text is the ``source`` field, any
  other text (a comment) the ``note``.
- A ``linking`` annotation whose target is another annotation is a relation
  from it: its classifying body names the relation (``about/<stance>``,
  ``speaker``, ``supports``...), its identifying body the entity it links to,
  or an annotation's IRI the selection.

The values of bodies sscorpus generated are codebook paths, and their codes
say so (``ForeignCode.path``); an IRI code beside a path names that path's
entity (a selection lists the code of a path once). Malformed JSON gives the json check's findings at its line and
column; an object that is not a readable annotation gives ``import.w3c-shape``
where it stands, and the rest is read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import codes
from ...corpus.loaded import LoadedFile
from ...corpus.loading import JSON_SUFFIXES, load_bytes
from ...corpus.model import Location
from ...corpus.reading import is_integer
from ...findings import Finding
from ..codebook import SEPARATOR
from ..foreign import ForeignCode, ForeignNote, ForeignProject, ForeignRelation, ForeignSelection
from .terms import (
    CLASSIFYING,
    DESCRIBING,
    GENERATOR,
    HEDGED,
    IDENTIFYING,
    LINKING,
    TAGGING,
    document_of,
    local_id,
)

#: the purposes whose values are codes; a body with another purpose (or none) is text
_CODING = (CLASSIFYING, IDENTIFYING, TAGGING)
#: tags that are sscorpus fields, not codes
_TAG_FIELDS = {HEDGED: "hedged"}


def _many(value: Any) -> list[Any]:
    """A value the model allows once or as a list, as a list."""
    return value if isinstance(value, list) else [] if value is None else [value]


def _types(data: dict[str, Any]) -> list[str]:
    return [t for t in _many(data.get("type")) if isinstance(t, str)]


def _iri(value: Any) -> str | None:
    """The IRI a value names: a string, or an object's ``id``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


@dataclass(slots=True)
class _Found:
    """One annotation object and where it stands."""

    data: dict[str, Any]
    loaded: LoadedFile
    pointer: str
    id: str
    where: Location = field(init=False)

    def __post_init__(self) -> None:
        line, column = self.loaded.locate(self.pointer)
        self.where = Location(self.loaded.path, line, column, self.pointer)

    def at(self, pointer: str) -> Location:
        line, column = self.loaded.locate(pointer)
        return Location(self.loaded.path, line, column, pointer)

    @property
    def by_sscorpus(self) -> bool:
        return any(
            isinstance(g, dict) and g.get("name") == GENERATOR["name"] for g in _many(self.data.get("generator"))
        )

    @property
    def creator(self) -> str | None:
        for agent in _many(self.data.get("creator")):
            if isinstance(agent, str):
                return agent
            if isinstance(agent, dict):
                for key in ("name", "nickname", "id"):
                    names = [n for n in _many(agent.get(key)) if isinstance(n, str)]
                    if names:
                        return names[0]
        return None

    def bodies(self) -> Iterator[tuple[str, Any]]:
        """(pointer, body) of each body; ``bodyValue`` is a comment."""
        body = self.data.get("body")
        if isinstance(body, list):
            yield from ((f"{self.pointer}/body/{i}", b) for i, b in enumerate(body))
        elif body is not None:
            yield f"{self.pointer}/body", body
        for i, value in enumerate(_many(self.data.get("bodyValue"))):
            pointer = f"{self.pointer}/bodyValue" + ("" if isinstance(self.data["bodyValue"], str) else f"/{i}")
            yield pointer, {"type": "TextualBody", "value": value}

    def targets(self) -> list[tuple[str, Any]]:
        target = self.data.get("target")
        if isinstance(target, list):
            return [(f"{self.pointer}/target/{i}", t) for i, t in enumerate(target)]
        return [] if target is None else [(f"{self.pointer}/target", target)]

    def is_link(self, annotations: set[str]) -> bool:
        """Whether it links annotations rather than selecting text: motivated
        ``linking``, or a reply, and every target names a resource as a whole
        (an annotation of the file, for a reply)."""
        targets = [t for _, t in self.targets()]
        if not all(_is_reference(t) for t in targets):
            return False
        return LINKING in _many(self.data.get("motivation")) or all(_iri(t) in annotations for t in targets)


def _is_reference(target: Any) -> bool:
    """A target that names a resource as a whole (an annotation, a page)."""
    return isinstance(target, str) or (
        isinstance(target, dict)
        and isinstance(target.get("id"), str)
        and "selector" not in target
        and "source" not in target
    )


@dataclass(slots=True)
class _Body:
    """What one body says, read."""

    #: a code: (id, name, its pointer); an IRI code's name is its label where it has one
    code: tuple[str, str] | None = None
    is_path_like: bool = False
    #: an identifying code (an entity), which a link targets
    identifies: bool = False
    text: tuple[str, str] | None = None  # (field, value)
    #: an IRI body that is no code (an annotation a link points at)
    reference: str | None = None


def _body(body: Any) -> _Body | None:
    if isinstance(body, str):
        return _Body(reference=body)
    if not isinstance(body, dict):
        return None
    purposes = [p for p in _many(body.get("purpose")) if isinstance(p, str)]
    coding = next((p for p in purposes if p in _CODING), None)
    if isinstance(body.get("value"), str):
        value = str(body["value"])
        if coding == TAGGING and value in _TAG_FIELDS:
            return _Body(text=(_TAG_FIELDS[value], "true"))
        if coding is not None:
            return _Body(code=(value, value), is_path_like=True, identifies=coding == IDENTIFYING)
        return _Body(text=("source" if DESCRIBING in purposes else "note", value))
    source = _iri(body.get("source")) if "source" in body else _iri(body)
    if source is None:
        return None
    if coding is None and "source" not in body:
        return _Body(reference=source)
    labels = [label for label in _many(body.get("label")) if isinstance(label, str)]
    return _Body(code=(source, labels[0] if labels else source), identifies=coding == IDENTIFYING)


@dataclass(slots=True)
class _Selected:
    """What one target selects."""

    document: str
    piece: tuple[int, int] | None
    exact: str | None
    prefix: str | None
    suffix: str | None
    whole: bool


class _Reader:
    def __init__(self, project: ForeignProject) -> None:
        self.project = project
        self.found: list[_Found] = []
        self.ids: set[str] = set()

    def problem(self, where: Location, code: codes.Code, message: str, hint: str | None = None) -> None:
        self.project.findings.append(where.finding(code, message, hint))

    # -- the objects of a file ---------------------------------------------------------

    def file(self, loaded: LoadedFile) -> None:
        self.value(loaded, loaded.data, "")

    def value(self, loaded: LoadedFile, data: Any, pointer: str) -> None:
        here = _Found({}, loaded, pointer, "").where
        if isinstance(data, list):
            for i, item in enumerate(data):
                self.value(loaded, item, f"{pointer}/{i}")
            return
        if not isinstance(data, dict):
            self.problem(here, codes.IMPORT_W3C_SHAPE, "this is not a web annotation, page or collection")
            return
        types = _types(data)
        if "AnnotationCollection" in types:
            first = data.get("first")
            if isinstance(first, dict):
                self.value(loaded, first, f"{pointer}/first")
            elif first is not None:
                self.problem(here, codes.IMPORT_W3C_REMOTE, "the collection's first page is not in the file")
        elif "AnnotationPage" in types:
            for i, item in enumerate(_many(data.get("items"))):
                item_pointer = f"{pointer}/items/{i}"
                if isinstance(item, str):
                    where = _Found({}, loaded, item_pointer, "").where
                    self.problem(where, codes.IMPORT_W3C_REMOTE, f"annotation {item} is named, not held, by the page")
                else:
                    self.value(loaded, item, item_pointer)
            if data.get("next") is not None:
                self.problem(here, codes.IMPORT_W3C_REMOTE, "the page has a next page, which is not in the file")
        elif "Annotation" in types or "target" in data:
            self.annotation(loaded, data, pointer)
        else:
            self.problem(here, codes.IMPORT_W3C_SHAPE, "this object is not a web annotation, page or collection")

    def annotation(self, loaded: LoadedFile, data: dict[str, Any], pointer: str) -> None:
        name = data.get("id")
        found = _Found(data, loaded, pointer, name if isinstance(name, str) else f"{loaded.path}#{pointer}")
        if found.id in self.ids:
            self.problem(
                found.where, codes.IMPORT_W3C_SHAPE, f"annotation {found.id} is given twice; this one is left out"
            )
            return
        if not found.targets():
            self.problem(found.where, codes.IMPORT_W3C_SHAPE, "the annotation has no target; it is left out")
            return
        self.ids.add(found.id)
        self.found.append(found)

    # -- codes ----------------------------------------------------------------------------

    def code(self, found: _Found, pointer: str, body: _Body, paths: list[str]) -> str | None:
        if body.code is None:
            return None
        code_id, name = body.code
        if code_id not in self.project.codes:
            path: str | None = None
            parents: tuple[str, ...] = ()
            if found.by_sscorpus:
                if body.is_path_like:
                    path = code_id
                    head = code_id.split(SEPARATOR)[0]
                    parents = (head,) if head != code_id else ()
                elif len(paths) == 1:  # an entity's Wikidata item beside its path
                    path = paths[0]
            self.project.codes[code_id] = ForeignCode(code_id, name, found.at(pointer), parents, path)
        return code_id

    def read_bodies(self, found: _Found) -> tuple[list[tuple[str, _Body]], list[str]]:
        read: list[tuple[str, _Body]] = []
        for pointer, raw in found.bodies():
            body = _body(raw)
            if body is None:
                self.problem(found.at(pointer), codes.IMPORT_W3C_SHAPE, "a body that is neither text nor a resource")
            else:
                read.append((pointer, body))
        paths = [b.code[0] for _, b in read if b.code and b.is_path_like and b.identifies]
        return read, paths

    # -- selections -------------------------------------------------------------------------

    def selected(self, found: _Found, pointer: str, target: Any) -> _Selected | None:
        where = found.at(pointer)
        if isinstance(target, str):
            return _Selected(document_of(target), None, None, None, None, whole=True)
        if not isinstance(target, dict):
            self.problem(where, codes.IMPORT_W3C_SHAPE, "a target that is neither an IRI nor an object")
            return None
        source = _iri(target.get("source")) if "source" in target else _iri(target)
        if source is None:
            self.problem(where, codes.IMPORT_W3C_SHAPE, "a target without a source IRI")
            return None
        selectors = _many(target.get("selector"))
        if "source" not in target or not selectors:
            return _Selected(document_of(source), None, None, None, None, whole=True)
        piece: tuple[int, int] | None = None
        quote: dict[str, Any] | None = None
        for i, selector in enumerate(selectors):
            types = _types(selector) if isinstance(selector, dict) else []
            at = found.at(f"{pointer}/selector" + (f"/{i}" if isinstance(target["selector"], list) else ""))
            if "TextPositionSelector" in types:
                start, end = selector.get("start"), selector.get("end")
                if not (is_integer(start) and is_integer(end) and 0 <= start <= end):
                    self.problem(
                        at, codes.IMPORT_W3C_SHAPE, "a TextPositionSelector needs whole numbers 0 <= start <= end"
                    )
                    return None
                piece = (start, end)
            elif "TextQuoteSelector" in types:
                if not isinstance(selector.get("exact"), str):
                    self.problem(at, codes.IMPORT_W3C_SHAPE, "a TextQuoteSelector needs its exact text")
                    return None
                quote = selector
        if piece is None and quote is None:
            self.problem(where, codes.IMPORT_W3C_SHAPE, "the target has no TextPositionSelector or TextQuoteSelector")
            return None

        def text(key: str) -> str | None:
            value = quote.get(key) if quote else None
            return value if isinstance(value, str) else None

        return _Selected(document_of(source), piece, text("exact"), text("prefix"), text("suffix"), whole=False)

    def selection(self, found: _Found) -> None:
        selected = [self.selected(found, pointer, target) for pointer, target in found.targets()]
        targets = [s for s in selected if s is not None]
        if len(targets) < len(selected):
            return
        documents = {s.document for s in targets}
        if len(documents) > 1:
            self.problem(found.where, codes.IMPORT_W3C_SHAPE, "the annotation's targets are in more than one document")
            return
        spans = [s for s in targets if not s.whole]
        if spans and len(spans) < len(targets):
            self.problem(
                found.where, codes.IMPORT_W3C_SHAPE, "the annotation selects text and a whole document at once"
            )
            return
        bodies, paths = self.read_bodies(found)
        fields: dict[str, str] = {}
        selection_codes: list[str] = []
        for pointer, body in bodies:
            if body.reference is not None:
                body = _Body(code=(body.reference, body.reference))
            code = self.code(found, pointer, body, paths)
            if code is not None:
                said = self.project.codes[code].path
                if code not in selection_codes and (said is None or said not in selection_codes):
                    selection_codes.append(code)
            elif body.text is not None:
                key, value = body.text
                fields[key] = f"{fields[key]}\n\n{value}" if key in fields else value
        document = documents.pop()
        if not spans and not selection_codes and set(fields) <= {"note"}:
            if "note" in fields:
                self.project.notes.append(ForeignNote(document, fields["note"], found.where, found.creator))
            return
        local = local_id(found.id)
        if local is not None:
            fields["id"] = local[1]
        pieces = tuple(s.piece for s in spans if s.piece is not None)
        exacts = [s.exact for s in spans if s.exact is not None]
        self.project.selections.append(
            ForeignSelection(
                id=found.id,
                document=document,
                pieces=pieces if len(pieces) == len(spans) else (),
                codes=tuple(selection_codes),
                where=found.where,
                quoted=" ".join(exacts) if spans and len(exacts) == len(spans) else None,
                creator=found.creator,
                fields=fields,
                prefix=spans[0].prefix if spans else None,
                suffix=spans[-1].suffix if spans else None,
            )
        )

    # -- relations ----------------------------------------------------------------------------

    def relation(self, found: _Found, selections: set[str]) -> None:
        bodies, paths = self.read_bodies(found)
        kind: str | None = None
        target: tuple[str, bool] | None = None  # (id, is a code)
        fields: dict[str, str] = {}
        for pointer, body in bodies:
            if body.reference is not None and body.reference in selections and target is None:
                target = (body.reference, False)
                continue
            code = self.code(found, pointer, body, paths)
            if code is not None and body.identifies:
                if target is None:
                    target = (code, True)
            elif code is not None:
                kind = kind or code
            elif body.text is not None:
                fields[body.text[0]] = body.text[1]
            elif body.reference is not None and target is None:
                target = (self.code(found, pointer, _Body(code=(body.reference, body.reference)), []) or "", True)
        if kind is None or target is None:
            self.problem(
                found.where,
                codes.IMPORT_W3C_SHAPE,
                "a link between annotations (or a reply to one) needs a classifying body that names the relation "
                "and a body it links to; it is left out",
            )
            return
        for pointer, source in found.targets():
            name = _iri(source) or ""
            if name not in selections:
                self.problem(
                    found.at(pointer), codes.IMPORT_W3C_SHAPE, f"the link's target {name} is no annotation of the file"
                )
                continue
            self.project.relations.append(
                ForeignRelation(found.id, kind, name, target[0], found.where, target_is_code=target[1], fields=fields)
            )

    def finish(self) -> None:
        annotations = {f.id for f in self.found}
        links = [f for f in self.found if f.is_link(annotations)]
        linking = {f.id for f in links}
        for found in self.found:
            if found.id not in linking:
                self.selection(found)
        selections = {s.id for s in self.project.selections}
        for found in links:
            self.relation(found, selections)


def _members(path: Path, project: ForeignProject) -> Iterator[tuple[Path, bytes]]:
    """(where findings point, bytes) of each JSON file of ``path``."""
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in JSON_SUFFIXES):
            yield file, file.read_bytes()
        return
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and Path(info.filename).suffix.lower() in JSON_SUFFIXES:
                        yield path / info.filename, archive.read(info)
        except (zipfile.BadZipFile, OSError) as exc:
            project.findings.append(Finding(path, 0, 0, codes.FILE_UNREADABLE, f"the zip cannot be read: {exc}", ""))
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        project.findings.append(Finding(path, 0, 0, codes.FILE_UNREADABLE, f"the file cannot be read: {exc}", ""))
        return
    yield path, raw


def read(path: Path) -> ForeignProject:
    """The web annotations of the zip, folder or file ``path``."""
    project = ForeignProject(path=path, format="w3c")
    reader = _Reader(project)
    read_any = False
    for where, raw in _members(path, project):
        read_any = True
        loaded = load_bytes(where, raw)
        project.findings += loaded.findings
        if loaded.parsed and loaded.data is not None:
            reader.file(loaded)
    if not read_any and not project.findings:
        project.findings.append(
            Finding(
                path,
                0,
                0,
                codes.IMPORT_NO_FILES,
                f"{path.name} holds no {' or '.join(JSON_SUFFIXES)} file: there is nothing to import",
                hint="give a file of web annotations, or a folder or zip of them",
            )
        )
    reader.finish()
    return project
