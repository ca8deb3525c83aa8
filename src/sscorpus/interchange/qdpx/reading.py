"""Reading a REFI-QDA project (``.qdpx``) as MAXQDA, NVivo, ATLAS.ti,
QualCoder or sscorpus write it, into a ``ForeignProject``.

- codes: every ``Code`` (nested codes give ``parents``), with the codebook
  path sscorpus writes in its Description (``refi.py``), when there;
- texts: each ``TextSource`` (and a PDF's text ``Representation``) by its
  name, from its ``PlainTextContent`` or its internal ``.txt`` member;
- selections: each ``PlainTextSelection`` with the codes of its codings, its
  creating user's name, its name as the quoted text, its notes, and the
  fields sscorpus writes in its Description (free text there, as another
  tool writes it, is a note); selections chained by ``next piece`` links
  are one selection of several pieces (its quoted text their names joined
  by a space, as brat joins the fragments of a discontinuous span);
- notes on whole documents: each ``Note`` a text source refers to, by its
  creating user's name (sscorpus writes an annotation file's note so);
- relations: every other ``Link``, its type the code its name is the path
  or name of (else a code of that name, added).

Positions are code points already (the standard's unit). Everything is
located at its element's line and column in ``project.qde``; a file that
cannot be read gives findings, never an exception.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ... import codes
from ...codes import Code
from ...corpus.lines import LineMap
from ...corpus.model import Location
from ..foreign import ForeignCode, ForeignNote, ForeignProject, ForeignRelation, ForeignSelection
from . import refi
from .refi import q

#: what a link is when no code names it
LINK_CODE = "link:"


@dataclass(slots=True)
class _Reader:
    """One project.qde being read: where each element is, and what was found."""

    project: ForeignProject
    qde: Path
    archive: zipfile.ZipFile
    places: dict[etree._Element, Location] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    #: each note's element, by its GUID
    note_elements: dict[str, etree._Element] = field(default_factory=dict)
    selections: dict[str, ForeignSelection] = field(default_factory=dict)
    #: each selection's source, for the pieces of a span
    source_of: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    #: the code each link name names (``_link_code``)
    link_codes: dict[str, str] = field(default_factory=dict)
    #: the archive's members by their lower-case names
    members: dict[str, str] = field(default_factory=dict)

    def where(self, element: etree._Element) -> Location:
        return self.places.get(element, Location(self.qde, element.sourceline or 0, 0))

    def report(self, code: Code, element: etree._Element | None, message: str, hint: str | None = None) -> None:
        where = self.where(element) if element is not None else Location(self.qde, 0, 0)
        self.project.findings.append(where.finding(code, message, hint))

    def guid(self, element: etree._Element, kind: str) -> str | None:
        """The element's GUID (in upper case, as GUIDs compare), or None (reported)."""
        value = (element.get("guid") or "").strip().strip("{}").upper()
        if not value:
            self.report(codes.IMPORT_QDPX_INVALID, element, f"a {kind} without a guid: it is not imported")
            return None
        if value in self.seen:
            self.report(codes.IMPORT_QDPX_INVALID, element, f"the guid {value} of a {kind} is given twice")
            return None
        self.seen.add(value)
        return value


def ref(value: str | None) -> str:
    return (value or "").strip().strip("{}").upper()


def _places(raw: bytes, root: etree._Element, qde: Path) -> dict[etree._Element, Location]:
    """The line and column of every element: lxml knows an element's line;
    its column is where its start tag is on that line (tags in document order)."""
    try:
        text = raw.decode(root.getroottree().docinfo.encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("utf-8", "replace")
    lines = LineMap(text)
    found: dict[etree._Element, Location] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    cursor = 0
    for element in root.iter(etree.Element):
        line = element.sourceline or 0
        local = etree.QName(element).localname
        name = f"{element.prefix}:{local}" if element.prefix else local
        begin = max(cursor, lines.line_start(line)) if line > 0 else cursor
        if name not in patterns:
            patterns[name] = re.compile(f"<{re.escape(name)}(?=[\\s/>])")
        match = patterns[name].search(text, begin)
        if match is None:
            found[element] = Location(qde, line, 0)
            continue
        cursor = match.end()
        found[element] = Location(qde, *lines.line_column(match.start()))
    return found


def _codes(reader: _Reader, parent: etree._Element, parents: tuple[str, ...]) -> None:
    for element in parent.iterchildren(q("Code")):
        code_guid = reader.guid(element, "code")
        name = element.get("name")
        if name is None:
            reader.report(codes.IMPORT_QDPX_INVALID, element, "a code without a name: it is not imported")
        description = element.findtext(q("Description"))
        path = None
        if description is not None:
            description, path = refi.split_code_description(description)
        if code_guid is not None and name is not None:
            reader.project.codes[code_guid] = ForeignCode(
                code_guid, name, reader.where(element), parents, path, description or None
            )
        _codes(reader, element, (*parents, name or ""))


def _member(reader: _Reader, element: etree._Element, path: str) -> str | None:
    """The text of an internal source file, or None (reported)."""
    if not path.startswith(refi.INTERNAL):
        reader.report(
            codes.IMPORT_QDPX_UNSUPPORTED,
            element,
            f"the source's text is an external file ({path}): its selections are not imported",
            "export the project with its sources inside the .qdpx file",
        )
        return None
    wanted = f"{refi.SOURCES}/{path[len(refi.INTERNAL) :]}".lower()
    if not reader.members:
        reader.members = {name.lower(): name for name in reader.archive.namelist()}
    if wanted not in reader.members:
        reader.report(codes.IMPORT_QDPX_INVALID, element, f"the source's text {path} is not in the .qdpx file")
        return None
    raw = reader.archive.read(reader.members[wanted])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reader.report(
            codes.IMPORT_QDPX_INVALID, element, f"the source's text {path} is not UTF-8 (byte {exc.start + 1})"
        )
        return None


def _text(reader: _Reader, element: etree._Element) -> str | None:
    """A text source's text: inline, or its plain text member."""
    content = element.find(q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath")
    if path is None:
        reader.report(codes.IMPORT_QDPX_INVALID, element, "a text source without its plain text: it is not imported")
        return None
    return _member(reader, element, path.strip())


def _note_text(reader: _Reader, element: etree._Element) -> str | None:
    """The text of the notes an element refers to, in order."""
    texts = [reader.notes.get(ref(r.get("targetGUID")), "") for r in element.iterchildren(q("NoteRef"))]
    return "\n\n".join(t for t in texts if t) or None


def _position(reader: _Reader, element: etree._Element, name: str) -> int | None:
    value = element.get(name)
    try:
        return int((value or "").strip())
    except ValueError:
        reader.report(
            codes.IMPORT_QDPX_INVALID,
            element,
            f"the selection's {name} is {value!r}, not a whole number: it is not imported"
            if value is not None
            else f"a selection without {name}: it is not imported",
        )
        return None


def _selection(reader: _Reader, element: etree._Element, document: str, source: str) -> None:
    selection_guid = reader.guid(element, "selection")
    start, end = _position(reader, element, "startPosition"), _position(reader, element, "endPosition")
    if selection_guid is None or start is None or end is None:
        return
    codings = list(element.iterchildren(q("Coding")))
    creator = ref(element.get("creatingUser") or (codings[0].get("creatingUser") if codings else None))
    fields: dict[str, str] = {}
    description = element.findtext(q("Description")) or ""
    notes = [description] if description.strip() else []
    decoded = refi.decode_fields(description)
    if decoded is not None:
        fields, notes = decoded, []
    referred = _note_text(reader, element)
    if referred:
        notes.append(referred)
    if notes:
        fields["note"] = "\n\n".join(notes)
    # codings by another user than the selection's (a team's merged project) are that user's selection
    by_creator: dict[str, list[str]] = {creator: []}
    for coding in codings:
        code_id = ref(_coderef(coding))
        if code_id:
            by_creator.setdefault(ref(coding.get("creatingUser")) or creator, []).append(code_id)
    for i, (user, code_ids) in enumerate(by_creator.items()):
        if i > 0 and not code_ids:
            continue
        selection_id = selection_guid if i == 0 else f"{selection_guid}/{user}"
        reader.selections[selection_id] = ForeignSelection(
            selection_id,
            document,
            ((start, end),),
            tuple(dict.fromkeys(code_ids)),
            reader.where(element),
            quoted=element.get("name"),
            creator=reader.users.get(user, user) or None,
            fields=fields,
        )
        reader.source_of[selection_id] = source


def _coderef(coding: etree._Element) -> str | None:
    found = coding.find(q("CodeRef"))
    return found.get("targetGUID") if found is not None else None


def _source(reader: _Reader, element: etree._Element, name: str | None = None) -> None:
    """A text source (or a PDF's text representation) and its selections."""
    source_guid = reader.guid(element, "source")
    name = name or element.get("name") or source_guid
    if source_guid is None or name is None:
        return
    text = _text(reader, element)
    if text is None:
        return
    if name in reader.project.texts:
        name = f"{name} ({source_guid})"
    reader.project.texts[name] = text
    for selection in element.iterchildren(q("PlainTextSelection")):
        _selection(reader, selection, name, source_guid)
    _source_notes(reader, element, name)
    for coding in element.iterchildren(q("Coding")):
        reader.report(
            codes.IMPORT_QDPX_UNSUPPORTED,
            coding,
            f"a coding of the whole source {name}: only codings of selections are imported",
            "code the passages in the QDA program, then export the project again",
        )


def _source_notes(reader: _Reader, element: etree._Element, name: str) -> None:
    """The notes a text source refers to: notes on the whole document (an
    annotation file's note, as sscorpus writes it), each by its creating user."""
    for note_ref in element.iterchildren(q("NoteRef")):
        note = reader.note_elements.get(ref(note_ref.get("targetGUID")))
        if note is None:
            reader.report(codes.IMPORT_QDPX_INVALID, note_ref, "a reference to a note the project does not hold")
            continue
        text = reader.notes[ref(note.get("guid"))]
        if text:
            user = ref(note.get("creatingUser"))
            creator = reader.users.get(user, user) or None
            reader.project.notes.append(ForeignNote(name, text, reader.where(note), creator))


def _sources(reader: _Reader, sources: etree._Element) -> None:
    for element in sources.iterchildren(etree.Element):
        kind = etree.QName(element).localname
        if kind == "TextSource":
            _source(reader, element)
        elif kind == "PDFSource" and (representation := element.find(q("Representation"))) is not None:
            _source(reader, representation, element.get("name"))
            for area in element.iterchildren(q("PDFSelection")):
                reader.report(
                    codes.IMPORT_QDPX_UNSUPPORTED,
                    area,
                    f"an area of a page of {element.get('name')}: only selections of its text are imported",
                )
        else:
            reader.report(
                codes.IMPORT_QDPX_UNSUPPORTED,
                element,
                f"a {kind} ({element.get('name') or element.get('guid')}): only text is imported",
            )


def _link_code(reader: _Reader, name: str, element: etree._Element) -> str:
    """The code a link's name names: by codebook path, else by name; else
    a code of that name is added."""
    if not reader.link_codes:
        for code in reversed(reader.project.codes.values()):  # the first of a name wins
            if code.path is None:
                reader.link_codes[code.name] = code.id
        for code in reversed(reader.project.codes.values()):
            if code.path is not None:
                reader.link_codes[code.path] = code.id
    if name not in reader.link_codes:
        code_id = reader.link_codes[name] = f"{LINK_CODE}{name}"
        reader.project.codes[code_id] = ForeignCode(code_id, name, reader.where(element))
    return reader.link_codes[name]


def _links(reader: _Reader, links: etree._Element) -> None:
    """Relations, and the pieces of discontinuous selections joined."""
    following: dict[str, str] = {}
    for element in links.iterchildren(q("Link")):
        link_guid = reader.guid(element, "link")
        origin, target = ref(element.get("originGUID")), ref(element.get("targetGUID"))
        name = element.get("name") or ""
        if link_guid is None:
            continue
        if not origin or not target:
            reader.report(codes.IMPORT_QDPX_INVALID, element, "a link without its origin or target: not imported")
            continue
        same_source = reader.source_of.get(origin) is not None and reader.source_of.get(origin) == reader.source_of.get(
            target
        )
        if name == refi.NEXT_PIECE and same_source and origin not in following:
            following[origin] = target
            continue
        reader.project.relations.append(
            ForeignRelation(
                link_guid,
                _link_code(reader, name, element),
                origin,
                target,
                reader.where(element),
                target_is_code=target in reader.project.codes,
            )
        )
    _join(reader, following)


def _join(reader: _Reader, following: dict[str, str]) -> None:
    """Each chain of pieces becomes its first piece with every piece."""
    later = set(following.values())
    for first in following:
        if first in later:
            continue
        chain, current = [first], first
        while current in following and following[current] not in chain:
            current = following[current]
            chain.append(current)
        pieces = [reader.selections[guid] for guid in chain]
        head = pieces[0]
        quoted = [p.quoted for p in pieces]
        reader.selections[first] = ForeignSelection(
            head.id,
            head.document,
            tuple(piece for p in pieces for piece in p.pieces),
            head.codes,
            head.where,
            quoted=" ".join(t for t in quoted if t is not None) if None not in quoted else None,
            creator=head.creator,
            fields=head.fields,
        )
        for guid in chain[1:]:
            del reader.selections[guid]


def _read(project: ForeignProject, archive: zipfile.ZipFile) -> None:
    members = {name.lower(): name for name in archive.namelist()}
    member = members.get(refi.PROJECT_MEMBER)
    path = project.path
    if member is None:
        project.findings.append(
            Location(path, 0, 0).finding(
                codes.IMPORT_QDPX_UNREADABLE, "the file holds no project.qde: it is no REFI-QDA project"
            )
        )
        return
    qde = path / member
    raw = archive.read(member)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        project.findings.append(
            Location(qde, line, column).finding(
                codes.IMPORT_QDPX_UNREADABLE, f"project.qde is not well-formed XML: {exc.msg}"
            )
        )
        return
    if root.tag != q("Project"):
        project.findings.append(
            Location(qde, root.sourceline or 1, 1).finding(
                codes.IMPORT_QDPX_UNREADABLE,
                f"project.qde holds a {etree.QName(root).text}, not a Project of the namespace {refi.NS}",
            )
        )
        return
    reader = _Reader(project, qde, archive, _places(raw, root, qde))
    for user in root.iterfind(f"{q('Users')}/{q('User')}"):
        reader.users[ref(user.get("guid"))] = user.get("name") or user.get("id") or ref(user.get("guid"))
    for note in root.iterfind(f"{q('Notes')}/{q('Note')}"):
        content = note.findtext(q("PlainTextContent"))
        if content is None and note.get("plainTextPath"):
            content = _member(reader, note, (note.get("plainTextPath") or "").strip())
        reader.notes[ref(note.get("guid"))] = content or ""
        reader.note_elements[ref(note.get("guid"))] = note
    codebook = root.find(f"{q('CodeBook')}/{q('Codes')}")
    if codebook is not None:
        _codes(reader, codebook, ())
    sources = root.find(q("Sources"))
    if sources is not None:
        _sources(reader, sources)
    links = root.find(q("Links"))
    if links is not None:
        _links(reader, links)
    project.selections.extend(reader.selections.values())


def read(path: Path) -> ForeignProject:
    """Read the .qdpx file ``path`` (findings, never an exception, when it cannot be read)."""
    project = ForeignProject(path, "qdpx")
    try:
        with zipfile.ZipFile(path) as archive:
            _read(project, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError) as exc:
        project.findings.append(
            Location(path, 0, 0).finding(
                codes.IMPORT_QDPX_UNREADABLE,
                f"the file cannot be read as a zip file: {exc}",
                "a .qdpx file is a zip file; export the project again from the QDA program",
            )
        )
    return project
