"""Reading a brat collection (a folder, or a zip of one) as brat writes it,
into a :class:`ForeignProject`.

Every ``.ann`` file with its ``.txt`` is a document (named by the file's
stem; the folder it is in names the ``creator``: sscorpus writes a folder
per annotator). Each line is parsed as brat's server parses it
(``server/src/annotation.py``), and a line brat would not accept is a
finding at its file, line and column; the rest of the file is still read.

- ``T``: a selection; its type is a code; ``quoted`` is its text field as
  brat writes it: the texts of its fragments joined by one space (a span
  sscorpus cut at line breaks has a space where the line breaks were);
- ``A``/``M``: a field of its target, by the sscorpus name where it is one
  of sscorpus's (``claim_kind``/``evidence_kind`` -> ``kind``, ``hedged``;
  a binary attribute is ``"true"``), else by its own name;
- ``N``: ``Reference`` codes the selection with the entity (``DB:ID``) in
  place of its type, which becomes the code above the entity's (brat's type
  says what kind of entity, the normalization which one);
  sscorpus's ``speaker`` is the ``speaker`` field; any other type is a
  relation to the entity's code;
- ``#``: ``AnnotatorNotes`` is the ``note`` field, ``sscorpus_id`` and
  ``sscorpus_source`` the ``id`` and ``source`` fields, ``sscorpus_pieces``
  the pieces (when the fragments are still those pieces cut at line breaks);
  any other type a field of its name;
- ``R``: a relation (``Arg1`` -> ``Arg2``); ``E``: its type a code of the
  trigger, each argument a relation; ``*``: a relation for each pair.

A folder's ``README`` that sscorpus wrote (its first line says so) gives
each document's file note (``ForeignProject.notes``), by the folder's creator.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ... import codes as finding_codes
from ...codes import Code
from ...corpus.model import Location
from ..foreign import ForeignCode, ForeignNote, ForeignProject, ForeignRelation, ForeignSelection
from .lines import (
    DB,
    HEDGED,
    KIND_ATTRIBUTES,
    NAME,
    NOTE_FIELDS,
    PIECES_NOTE,
    README,
    README_DOCUMENT,
    README_NOTE_INDENT,
    REFERENCE,
    SPEAKER,
    fragments,
    parse_offsets,
    path_of,
    readme_head,
    unescape,
)

_ID = re.compile(r"([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)")
_FIELD_OF_ATTRIBUTE = {**{a: "kind" for a in KIND_ATTRIBUTES.values()}, HEDGED: HEDGED}


class _Malformed(Exception):
    """A line brat would not accept: why, and the column of the field."""

    def __init__(self, message: str, column: int, code: Code = finding_codes.IMPORT_BRAT_LINE) -> None:
        super().__init__(message)
        self.column = column
        self.code = code


@dataclass
class _Bound:
    """A text-bound annotation as read, before its notes and attributes are in."""

    id: str
    type: str
    fragments: tuple[tuple[int, int], ...]
    raw: str
    where: Location
    codes: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Link:
    """A relation as read: arguments are ``.ann`` ids until resolved."""

    id: str
    code: str
    source: str
    target: str
    where: Location
    target_is_code: bool = False
    fields: dict[str, str] = field(default_factory=dict)


class _Document:
    """One ``.ann`` file read against its text."""

    def __init__(self, project: ForeignProject, key: str, where: Path, text: str, creator: str | None) -> None:
        self.project = project
        self.key = key
        self.path = where
        self.text = text
        self.creator = creator
        self.bounds: dict[str, _Bound] = {}
        self.links: list[_Link] = []
        self.triggers: dict[str, str] = {}
        self.seen: set[str] = set()
        #: lines that name other annotations: resolved once the whole file is read
        self.later: list[tuple[str, str, str, str, Location]] = []

    def at(self, line: int, column: int) -> Location:
        return Location(self.path, line, column)

    def report(self, where: Location, code: Code, message: str) -> None:
        self.project.findings.append(where.finding(code, message, "fix the line as brat's standoff format has it"))

    def code(self, id_: str, where: Location, name: str | None = None, path: str | None = None) -> None:
        if id_ not in self.project.codes:
            self.project.codes[id_] = ForeignCode(id_, name or id_, where, path=path)

    # -- lines ------------------------------------------------------------------------------

    def read(self, content: str) -> None:
        for number, line in enumerate(content.splitlines(), start=1):
            if line.strip():
                try:
                    self.line(line, number)
                except _Malformed as problem:
                    self.report(self.at(number, problem.column), problem.code, str(problem))
        self.resolve()

    def line(self, line: str, number: int) -> None:
        id_, tab, rest = line.partition("\t")
        if not tab:
            raise _Malformed("no tab after the annotation id", 1)
        if id_ != "*" and (_ID.fullmatch(id_) is None or id_[0] not in "TRAMNE#"):
            raise _Malformed(f"{id_!r} is no brat annotation id (T1, R1, E1, A1, M1, N1, #1 or *)", 1)
        if id_ != "*" and id_ in self.seen:
            raise _Malformed(f"the id {id_} is given twice", 1, finding_codes.IMPORT_BRAT_DUPLICATE_ID)
        data, tab, tail = rest.partition("\t")
        column = len(id_) + 2
        where = self.at(number, 1)
        prefix = id_[0]
        if prefix == "T":
            self.text_bound(id_, data, tab + tail, column, where)
        elif prefix in "AM":
            parts = data.split(" ", 2)
            if len(parts) < 2 or not all(parts):
                raise _Malformed("an attribute is 'TYPE TARGET' or 'TYPE TARGET VALUE'", column)
            value = parts[2] if len(parts) == 3 else "true"
            self.later.append(("A", parts[0], parts[1], value, where))
        elif prefix == "N":
            match = re.fullmatch(r"(\S+) (\S+) (\S+?):(\S+)", data)
            if match is None:
                raise _Malformed("a normalization is 'TYPE TARGET DB:ID'", column)
            type_, target, db, ref = match.groups()
            reference = f"{db}:{ref}"
            self.code(reference, where, name=unescape(tail) or reference, path=ref if db == DB else None)
            if type_ == REFERENCE or (type_ == SPEAKER and db == DB and ref.startswith("actor/")):
                self.later.append(("N", type_, target, ref if type_ == SPEAKER else reference, where))
            else:
                self.code(type_, where, path=path_of(type_))
                self.links.append(_Link(id_, type_, target, reference, where, target_is_code=True))
        elif prefix == "#":
            parts = data.split()
            if len(parts) != 2:
                raise _Malformed("a note is 'TYPE TARGET', a tab and its text", column)
            self.later.append(("#", parts[0], parts[1], unescape(tail), where))
        elif prefix == "R":
            self.relation(id_, data, column, where)
        elif prefix == "E":
            self.event(id_, data, column, where)
        else:  # "*"
            parts = data.split()
            if len(parts) < 3:
                raise _Malformed("an equivalence is 'TYPE ID ID...'", column)
            for first, second in itertools.pairwise(parts[1:]):
                self.links.append(_Link(f"{id_}{first}-{second}", parts[0], first, second, where))
        self.seen.add(id_)

    def text_bound(self, id_: str, data: str, tail: str, column: int, where: Location) -> None:
        type_, space, rest = data.partition(" ")
        if not space or not type_:
            raise _Malformed("a text-bound annotation is 'TYPE START END', a tab and its text", column)
        column += len(type_) + 1
        cut = parse_offsets(rest.rstrip())
        if cut is None:
            raise _Malformed(f"offsets are 'START END' pairs joined by ';', not {rest!r}", column)
        seen: list[tuple[int, int]] = []
        for start, end in cut:
            if start > end:
                raise _Malformed(f"a fragment starts after it ends ({start} {end})", column)
            if end > len(self.text):
                raise _Malformed(
                    f"the fragment {start} {end} ends past the text, which has {len(self.text):,} characters",
                    column,
                    finding_codes.IMPORT_BRAT_OFFSETS,
                )
            if any(end >= s and start < e for s, e in seen):
                raise _Malformed(f"the fragment {start} {end} overlaps another of the annotation", column)
            seen.append((start, end))
        length = sum(end - start for start, end in cut) + len(cut) - 1
        column += len(data) - len(type_) - 1
        if not tail.startswith("\t"):
            raise _Malformed("no tab and text after the offsets", column)
        if len(tail) - 1 < length:
            raise _Malformed(f"the text is shorter ({len(tail) - 1}) than the offsets mark ({length})", column + 1)
        if len(tail) - 1 > length and not tail[1 + length].isspace():
            raise _Malformed("the text is longer than the offsets mark", column + 1 + length)
        self.bounds[id_] = _Bound(id_, type_, cut, tail[1 : 1 + length], where, [type_])
        self.code(type_, where, path=path_of(type_))

    def relation(self, id_: str, data: str, column: int, where: Location) -> None:
        type_, _, rest = data.partition(" ")
        args = [arg.partition(":") for arg in rest.split()]
        if not type_ or len(args) != 2 or not all(sep and role and arg for role, sep, arg in args):
            raise _Malformed("a relation is 'TYPE Arg1:ID Arg2:ID'", column)
        if args[0][0] == args[1][0]:
            raise _Malformed("a relation's two arguments have one role", column + len(type_) + 1)
        self.links.append(_Link(id_, type_, args[0][2], args[1][2], where))
        self.code(type_, where, path=path_of(type_))

    def event(self, id_: str, data: str, column: int, where: Location) -> None:
        head, *rest = data.split(" ")
        type_, sep, trigger = head.partition(":")
        if not sep or not type_ or not trigger:
            raise _Malformed("an event is 'TYPE:TRIGGER ROLE:ID...'", column)
        self.triggers[id_] = trigger
        self.later.append(("E", type_, trigger, "", where))
        for arg in rest:
            role, sep, target = arg.partition(":")
            if not sep or not role or not target:
                raise _Malformed(f"an event argument is 'ROLE:ID', not {arg!r}", column + len(head) + 1)
            self.links.append(_Link(f"{id_}:{role}", role, id_, target, where))
            self.code(role, where)

    # -- references -----------------------------------------------------------------------

    def bound(self, id_: str, where: Location) -> _Bound | None:
        found = self.bounds.get(self.triggers.get(id_, id_))
        if found is None:
            self.report(where, finding_codes.IMPORT_BRAT_REFERENCE, f"no text-bound annotation {id_} in this file")
        return found

    def resolve(self) -> None:
        relations = {link.id: link for link in self.links}
        for kind, type_, target, value, where in self.later:
            names = NOTE_FIELDS if kind == "#" else _FIELD_OF_ATTRIBUTE
            if kind in "A#" and target in relations:
                _add(relations[target].fields, names.get(type_, type_), value)
                continue
            found = self.bound(target, where)
            if found is None:
                continue
            if kind == "E":
                found.codes.append(type_)
                self.code(type_, where)
            elif kind in "A#":
                _add(found.fields, names.get(type_, type_), value)
            elif type_ == REFERENCE:
                # the entity takes the place of its type, which is the code above it
                if found.type in found.codes:
                    found.codes.remove(found.type)
                found.codes.append(value)
                code = self.project.codes[value]
                if not code.parents:
                    self.project.codes[value] = dataclasses.replace(code, parents=(found.type,))
            else:  # sscorpus's speaker
                found.fields["speaker"] = value.removeprefix("actor/")
        resolved: list[_Link] = []
        for link in self.links:
            source = self.bound(link.source, link.where)
            if not link.target_is_code:
                found = self.bound(link.target, link.where)
                if found is None:
                    continue
                link.target = self.qualified(found.id)
            if source is not None:
                link.source = self.qualified(source.id)
                resolved.append(link)
        self.links = resolved

    def qualified(self, id_: str) -> str:
        return f"{self.key}:{id_}"

    # -- the result -----------------------------------------------------------------------

    def selections(self) -> Iterator[ForeignSelection]:
        for bound in self.bounds.values():
            yield ForeignSelection(
                self.qualified(bound.id),
                PurePosixPath(self.key).name,
                self.pieces(bound),
                tuple(bound.codes),
                bound.where,
                quoted=bound.raw,
                creator=self.creator,
                fields=bound.fields,
            )

    def pieces(self, bound: _Bound) -> tuple[tuple[int, int], ...]:
        """The selection's pieces: its fragments, or the pieces sscorpus cut
        into them at line breaks (while they still cut into those fragments)."""
        written = parse_offsets(bound.fields.get(PIECES_NOTE, ""))
        if (
            written is not None
            and all(start <= end <= len(self.text) for start, end in written)
            and fragments(written, self.text) == bound.fragments
        ):
            del bound.fields[PIECES_NOTE]
            return written
        return bound.fragments

    def relations(self) -> Iterator[ForeignRelation]:
        for link in self.links:
            yield ForeignRelation(
                self.qualified(link.id),
                link.code,
                link.source,
                link.target,
                link.where,
                target_is_code=link.target_is_code,
                fields=link.fields,
            )


def _add(fields: dict[str, str], name: str, value: str) -> None:
    fields[name] = f"{fields[name]}\n{value}" if name in fields else value


# -- the collection -------------------------------------------------------------------------


def _members(path: Path, project: ForeignProject) -> dict[str, bytes]:
    """The files of the collection by their path inside it (``a/doc.ann``)."""
    try:
        if path.is_dir():
            return {
                file.relative_to(path).as_posix(): file.read_bytes()
                for file in sorted(path.rglob("*"))
                if file.is_file() and (file.suffix in (".ann", ".txt", ".conf") or file.name == README)
            }
        with zipfile.ZipFile(path) as archive:
            return {
                name: archive.read(name)
                for name in sorted(archive.namelist())
                if not name.endswith("/")
                and (PurePosixPath(name).suffix in (".ann", ".txt", ".conf") or PurePosixPath(name).name == README)
            }
    # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError) as exc:
        project.findings.append(
            Location(path, 0, 0).finding(
                finding_codes.IMPORT_BRAT_UNREADABLE,
                f"cannot read {path.name} as a brat collection (a folder, or a zip of one): {exc}",
                "give the folder of the collection, or a zip of it",
            )
        )
        return {}


def _decoded(project: ForeignProject, where: Path, data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        project.findings.append(
            Location(where, 0, 0).finding(
                finding_codes.IMPORT_BRAT_UNREADABLE,
                f"the file is not UTF-8 (byte {exc.start:,}), as brat reads its files",
                "save it as UTF-8",
            )
        )
        return None


def _conf_codes(project: ForeignProject, where: Path, conf: str, labels: dict[str, str]) -> None:
    """The types ``annotation.conf`` declares (entities, relations, events),
    with the types above them, as codes; their labels from ``visual.conf``."""
    section = ""
    above: dict[int, str] = {}
    for number, line in enumerate(conf.splitlines(), start=1):
        header = re.fullmatch(r"\s*\[(.*)\]\s*", line)
        if header:
            section, above = header.group(1), {}
            continue
        term = re.match(r"(\s*)([^\s<#][^\s|]*)", line)
        if section not in ("entities", "relations", "events") or term is None or re.fullmatch(r"\s*-+\s*", line):
            continue
        depth, name = len(term.group(1)), term.group(2).removeprefix("!")
        above = {d: n for d, n in above.items() if d < depth}
        parents = tuple(above[d] for d in sorted(above))
        above[depth] = name
        if name not in project.codes:
            project.codes[name] = ForeignCode(
                name, labels.get(name, name), Location(where, number, len(term.group(1)) + 1), parents, path_of(name)
            )


def _labels(visual: str) -> dict[str, str]:
    """``visual.conf``'s ``[labels]``: each type's first label."""
    labels: dict[str, str] = {}
    section = ""
    for line in visual.splitlines():
        header = re.fullmatch(r"\s*\[(.*)\]\s*", line)
        if header:
            section = header.group(1)
        elif section == "labels" and line.strip() and not line.lstrip().startswith("#"):
            terms = [t.strip() for t in line.split("\t")[0].split("|") if t.strip()]
            if len(terms) > 1:
                labels[terms[0]] = terms[1]
    return labels


def read(path: Path) -> ForeignProject:
    """Read the brat collection at ``path`` (a folder, or a zip of one)."""
    project = ForeignProject(path, NAME)
    members = _members(path, project)
    if not project.findings and not any(name.endswith(".ann") for name in members):
        project.findings.append(
            Location(path, 0, 0).finding(
                finding_codes.IMPORT_NO_FILES,
                f"{path.name} holds no .ann file: there is nothing to import",
                "give the folder of a brat collection (its .ann and .txt files), or a zip of it",
            )
        )
    texts: dict[str, str] = {}
    for name, data in members.items():
        if name.endswith(".txt"):
            text = _decoded(project, path / name, data)
            if text is not None:
                texts[name.removesuffix(".txt")] = text
    confs = {name: _decoded(project, path / name, data) for name, data in members.items() if name.endswith(".conf")}
    visual = confs.get("visual.conf")
    annotation = confs.get("annotation.conf")
    if annotation is not None:
        _conf_codes(project, path / "annotation.conf", annotation, _labels(visual or ""))
    for key, text in texts.items():
        document = PurePosixPath(key).name
        if project.texts.setdefault(document, text) != text:
            project.findings.append(
                Location(path / f"{key}.txt", 0, 0).finding(
                    finding_codes.IMPORT_BRAT_TEXT_DIFFERS,
                    f"the text of {document} differs from the one of that name read before",
                    "keep one text per document name",
                )
            )
    for name, data in members.items():
        if not name.endswith(".ann"):
            continue
        key = name.removesuffix(".ann")
        where = path / name
        text = texts.get(key)
        if text is None:
            project.findings.append(
                Location(where, 0, 0).finding(
                    finding_codes.IMPORT_BRAT_NO_TEXT,
                    f"no {PurePosixPath(key).name}.txt beside it: brat counts its offsets in that text",
                    "put the document's text beside its .ann file",
                )
            )
            continue
        content = _decoded(project, where, data)
        if content is None:
            continue
        parent = PurePosixPath(key).parent
        read_ann = _Document(project, key, where, text, parent.name if parent.name else None)
        read_ann.read(content)
        project.selections += read_ann.selections()
        project.relations += read_ann.relations()
    for name, data in members.items():
        if PurePosixPath(name).name == README:
            _readme_notes(project, path / name, PurePosixPath(name).parent.name, data)
    return project


def _readme_notes(project: ForeignProject, where: Path, folder: str, data: bytes) -> None:
    """The file notes of a collection's ``README`` as sscorpus writes it
    (its first line says so): each line ``DOCUMENT: TITLE`` followed by an
    indented line is that document's file note, escaped as in an ``.ann``
    file, by the folder's creator. Another README is a description for
    people, and gives nothing."""
    text = _decoded(project, where, data)
    lines = text.splitlines() if text is not None else []
    if not folder or not lines or lines[0] != readme_head(folder):
        return
    document: str | None = None
    for number, line in enumerate(lines, start=1):
        if document is not None and line.startswith(README_NOTE_INDENT):
            note = unescape(line[len(README_NOTE_INDENT) :])
            if note:
                where_note = Location(where, number, len(README_NOTE_INDENT) + 1)
                project.notes.append(ForeignNote(document, note, where_note, folder))
            document = None
            continue
        found = README_DOCUMENT.fullmatch(line) if number > 1 else None
        document = found.group(1) if found is not None else None
