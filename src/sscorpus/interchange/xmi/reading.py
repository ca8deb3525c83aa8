"""Reading UIMA CAS XMI as INCEpTION exports it (and as ``xmi.py`` writes
it) into a :class:`ForeignProject`, with dkpro-cassis.

The input is a zip of ``.xmi`` files, a folder of them, or one ``.xmi``
file; each is loaded against the ``TypeSystem.xml`` (or ``typesystem.xml``)
in its folder, else in the nearest folder above it. Every annotation
(a subtype of ``uima.tcas.Annotation``) becomes a selection, but DKPro
Core's tokens and sentences and the document's own annotation; every
annotation with ``Governor`` and ``Dependent`` features (INCEpTION's
relation layers) becomes a relation, but those between tokens (DKPro Core's
dependency parses: syntax, not coding).

sscorpus's own layers (``typesystem.py``) read back as codebook paths
(``claim/<kind>``, ``<entity type>/<entity>``, ``about/<stance>``,
``supports``, ``challenges``), their pieces joined again by ``id``, their
other features in ``fields`` (a not-mention is coded ``not_mention``).
Any other layer (a user's own) is read as it is: its type is a code
(``webanno.custom.Argument``) and so is each value of its features
(``webanno.custom.Argument:label=Claim``), for the map to say what they
are; a feature named ``note`` is a field, not a code. The ``note`` of
sscorpus's ``AnnotationFile`` is a note on the whole document (the annotation
file's own, ``ForeignProject.notes``). Positions come back
in code points: cassis converts UIMA's UTF-16 offsets.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from cassis import Cas, TypeSystem, load_cas_from_xmi, load_typesystem

from ... import codes
from ...codes import Code
from ...corpus.model import Location
from ...findings import Finding
from ..codebook import NOT_MENTION
from ..foreign import ForeignCode, ForeignNote, ForeignProject, ForeignRelation, ForeignSelection
from . import typesystem as T

FORMAT_NAME = "xmi"
#: each of sscorpus's layers and its features' ranges: a type of the same
#: name is read as sscorpus's only when it has all of them
_FEATURES = {name: {f: range_ for f, range_, _ in features} for name, _, _, features in T.TYPES}
_SKIPPED = (T.TOKEN, T.SENTENCE)
_BUILT_IN_DOMAINS = ("uima.cas.TOP", "uima.cas.AnnotationBase", T.ANNOTATION, T.DOCUMENT_ANNOTATION)
#: sscorpus fields a foreign layer's feature of the same name fills (and that are no codes)
_FIELD_ONLY = ("note", "id")
_FIELDS = ("kind", "hedged", "source", "speaker")


@dataclass
class _Input:
    """The files read: by their path inside the input (``/`` separated),
    and where a finding about each points."""

    files: dict[str, bytes]
    places: dict[str, Path]


def _input(path: Path) -> _Input:
    """The files of a zip, a folder or a single XMI file (with the type
    system beside it). Raises OSError or zipfile.BadZipFile."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file())
        return _Input(
            {p.relative_to(path).as_posix(): p.read_bytes() for p in found},
            {p.relative_to(path).as_posix(): p for p in found},
        )
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if not n.endswith("/"))
            return _Input({n: archive.read(n) for n in names}, {n: path / n for n in names})
    files = {path.name: path.read_bytes()}
    places = {path.name: path}
    for sibling in sorted(path.parent.iterdir()):
        if sibling.name.lower() == "typesystem.xml" and sibling.is_file():
            files[sibling.name] = sibling.read_bytes()
            places[sibling.name] = sibling
    return _Input(files, places)


@dataclass
class _Parsed:
    """What a plain XML parse of an XMI file tells before cassis loads it:
    where each element is, and the annotations whose offsets are no
    boundaries between characters of their text (UIMA counts UTF-16 units:
    an offset inside a character beyond the BMP, or past the end)."""

    places: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: each bad annotation's xmi:id and its offsets as written
    bad_offsets: dict[str, tuple[str, str]] = field(default_factory=dict)


def _boundaries(text: str) -> set[int]:
    """The UTF-16 offsets at which a character of ``text`` starts, and its end."""
    found = {0}
    units = 0
    for character in text:
        units += 2 if ord(character) > 0xFFFF else 1
        found.add(units)
    return found


def _parse(data: bytes) -> _Parsed:
    """Raises expat.ExpatError on XML that is not well formed."""
    parsed = _Parsed()
    offsets: list[tuple[str, str, str, str]] = []
    sofas: dict[str, str] = {}
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        xmi_id = attributes.get("http://www.omg.org/XMI id")
        if xmi_id is None:
            return
        parsed.places[xmi_id] = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if name == "http:///uima/cas.ecore Sofa":
            sofas[xmi_id] = attributes.get("sofaString", "")
        elif "begin" in attributes or "end" in attributes:
            offsets.append(
                (xmi_id, attributes.get("sofa", ""), attributes.get("begin", "0"), attributes.get("end", "0"))
            )

    parser.StartElementHandler = start
    parser.Parse(data, True)
    boundaries = {sofa: _boundaries(text) for sofa, text in sofas.items()}
    for xmi_id, sofa, begin, end in offsets:
        valid = boundaries.get(sofa, set())
        fits = begin.isdigit() and end.isdigit() and int(begin) in valid and int(end) in valid
        if not fits or int(begin) > int(end):
            parsed.bad_offsets[xmi_id] = (begin, end)
    return parsed


@dataclass
class _Reader:
    project: ForeignProject
    places: dict[str, Path]
    systems: dict[str, TypeSystem | None] = field(default_factory=dict)

    def finding(self, where: Location, code: Code, message: str, hint: str | None = None) -> None:
        self.project.findings.append(where.finding(code, message, hint))

    def code(self, id_: str, name: str, where: Location, parents: tuple[str, ...] = (), path: str | None = None) -> str:
        self.project.codes.setdefault(id_, ForeignCode(id_, name, where, parents, path))
        return id_

    def typesystem(self, files: dict[str, bytes], member: str) -> TypeSystem | None:
        """The type system beside ``member`` or above it; None (with a
        finding) when there is none or it cannot be read."""
        folder = PurePosixPath(member).parent
        for candidate in (folder, *folder.parents):
            names = [n for n in files if PurePosixPath(n).parent == candidate and n.lower().endswith("typesystem.xml")]
            names = [n for n in names if PurePosixPath(n).name.lower() == "typesystem.xml"]
            if names:
                name = sorted(names)[0]
                if name not in self.systems:
                    self.systems[name] = self.load_typesystem(name, files[name])
                return self.systems[name]
        self.finding(
            Location(self.places[member], 0, 0),
            codes.XMI_NO_TYPESYSTEM,
            f"{member} has no TypeSystem.xml beside it",
            "export the document from INCEpTION as UIMA CAS XMI: the zip holds the type system",
        )
        return None

    def load_typesystem(self, name: str, data: bytes) -> TypeSystem | None:
        try:
            return load_typesystem(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 - cassis and lxml raise many kinds; each is a finding
            self.finding(Location(self.places[name], 0, 0), codes.XMI_UNREADABLE, f"{name}: {_reason(error)}")
            return None

    def read_member(self, member: str, data: bytes, system: TypeSystem) -> None:
        place = self.places[member]
        try:
            parsed = _parse(data)
        except expat.ExpatError as error:
            self.finding(
                Location(place, error.lineno, error.offset + 1), codes.XMI_UNREADABLE, f"not well-formed XML: {error}"
            )
            return
        try:
            with warnings.catch_warnings():
                # cassis warns of an offset it cannot convert: _parse has found it
                warnings.simplefilter("ignore", UserWarning)
                cas = load_cas_from_xmi(io.BytesIO(data), typesystem=system)
        except Exception as error:  # noqa: BLE001 - cassis and lxml raise many kinds; each is a finding
            self.finding(Location(place, 0, 0), codes.XMI_UNREADABLE, f"{member}: {_reason(error)}")
            return
        text = cas.sofa_string
        if not isinstance(text, str):
            self.finding(Location(place, 0, 0), codes.XMI_UNREADABLE, f"{member} holds no text (no sofaString)")
            return
        try:
            _Document(self, member, cas, text, parsed).read()
        except Exception as error:  # noqa: BLE001 - a bug here must not hide the other files' findings
            self.finding(Location(place, 0, 0), codes.INTERNAL_ERROR, f"reading {member} failed: {_reason(error)}")


class _Document:
    """One CAS: its text, selections and relations."""

    def __init__(self, reader: _Reader, member: str, cas: Cas, text: str, parsed: _Parsed) -> None:
        self.reader = reader
        self.member = member
        self.cas = cas
        self.text = text
        self.parsed = parsed
        self.place = reader.places[member]
        self.system = cas.typesystem
        #: the types of this file that are sscorpus's own layers
        self.own = {name for name in _FEATURES if self.is_ours(name)}
        self.document = self.metadata(T.DOCUMENT_META_DATA, "documentId") or PurePosixPath(member).stem
        self.creator = self.metadata(T.ANNOTATION_FILE, "annotator") or self.metadata(T.CAS_METADATA, "username")
        #: the selection id of each annotation read (every piece's)
        self.selections: dict[int, str] = {}

    def is_ours(self, name: str) -> bool:
        if not self.system.contains_type(name):
            return False
        ranges = {f.name: f.rangeType.name for f in self.system.get_type(name).all_features}
        return all(ranges.get(feature) == range_ for feature, range_ in _FEATURES[name].items())

    def metadata(self, type_name: str, feature: str) -> str | None:
        if not self.system.contains_type(type_name):
            return None
        ranges = {f.name: f.rangeType.name for f in self.system.get_type(type_name).all_features}
        if ranges.get(feature) != T.STRING:
            return None
        for fs in self.cas.select(type_name):
            value = fs.get(feature)
            if isinstance(value, str) and value:
                return value
        return None

    def where(self, fs: Any) -> Location:
        line, column = self.parsed.places.get(str(fs.xmiID), (0, 0))
        return Location(self.place, line, column)

    def features(self, fs: Any) -> Iterator[tuple[str, str]]:
        """The feature values a layer of its own gives ``fs``, as strings, in
        the type system's order (references and arrays left out)."""
        for feature in fs.type.all_features:
            if feature.domainType.name in _BUILT_IN_DOMAINS or feature.name in (T.GOVERNOR, T.DEPENDENT):
                continue
            value = fs.get(feature.name)
            if isinstance(value, bool):
                yield feature.name, "true" if value else "false"
            elif isinstance(value, str | int | float) and value != "":
                yield feature.name, str(value)

    def read(self) -> None:
        project = self.reader.project
        known = project.texts.setdefault(self.document, self.text)
        if known != self.text:  # another layer of the same document with another text
            self.document = f"{self.document} ({self.member})"
            project.texts[self.document] = self.text
        annotation = self.system.get_type(T.ANNOTATION)
        spans: list[Any] = []
        relations: list[Any] = []
        for fs in sorted(self.cas.select_all_annotations(), key=lambda fs: int(fs.xmiID)):
            name = fs.type.name
            if not self.system.subsumes(annotation, fs.type) or name in _SKIPPED:
                continue
            if self.system.subsumes(self.system.get_type(T.DOCUMENT_ANNOTATION), fs.type):
                continue
            features = {f.name for f in fs.type.all_features}
            (relations if {T.GOVERNOR, T.DEPENDENT} <= features else spans).append(fs)
        for group in self.groups(spans):
            self.selection(group)
        for fs in relations:
            self.relation(fs)
        self.file_notes()

    def file_notes(self) -> None:
        """The ``note`` of sscorpus's ``AnnotationFile``: the annotation file's own note."""
        if T.ANNOTATION_FILE not in self.own:
            return
        for fs in self.cas.select(T.ANNOTATION_FILE):
            note = fs.get("note")
            if isinstance(note, str) and note:
                annotator = fs.get("annotator")
                creator = annotator if isinstance(annotator, str) and annotator else self.creator
                self.reader.project.notes.append(ForeignNote(self.document, note, self.where(fs), creator))

    def groups(self, spans: list[Any]) -> Iterator[list[Any]]:
        """The annotations, those of one discontinuous annotation of ours
        together (in piece order), in the order of their first."""
        pieces: dict[tuple[str, str], list[Any]] = {}
        order: list[list[Any]] = []
        for fs in spans:
            if not self.inside(fs):
                continue
            key = (fs.type.name, fs.get("id")) if fs.type.name in self.own else None
            if key is not None and isinstance(key[1], str) and (fs.get("pieces") or 1) > 1:
                if key not in pieces:
                    pieces[key] = []
                    order.append(pieces[key])
                pieces[key].append(fs)
            else:
                order.append([fs])
        for group in order:
            if len(group) > 1 or (group[0].type.name in self.own and (group[0].get("pieces") or 1) > 1):
                self.check_pieces(group)
            yield sorted(group, key=lambda fs: (fs.get("piece") or 0, fs.begin))

    def inside(self, fs: Any) -> bool:
        bad = self.parsed.bad_offsets.get(str(fs.xmiID))
        if bad is None:
            return True
        begin, end = bad
        units = len(self.text.encode("utf-16-le", "surrogatepass")) // 2
        self.reader.finding(
            self.where(fs),
            codes.XMI_OFFSETS,
            f"{fs.type.short_name} from {begin} to {end} (UTF-16 units): outside a text of {units} units, inside a "
            "character, or ending before it begins",
        )
        return False

    def check_pieces(self, group: list[Any]) -> None:
        numbers = sorted(fs.get("piece") or 0 for fs in group)
        said = {fs.get("pieces") for fs in group}
        if numbers != list(range(1, len(group) + 1)) or said != {len(group)}:
            first = min(group, key=lambda fs: int(fs.xmiID))
            self.reader.finding(
                self.where(first),
                codes.XMI_PIECES,
                f"{first.type.short_name} {first.get('id')}: pieces numbered {numbers} of {sorted(map(str, said))}",
            )

    def selection(self, group: list[Any]) -> None:
        first = group[0]
        where = self.where(first)
        selection_id = f"{self.member}#{first.xmiID}"
        name = first.type.name
        fields: dict[str, str] = {}
        values = dict(self.features(first))
        ours = name in self.own
        found = self.ours(name, values, fields, where) if ours else self.foreign(first, values, fields, where)
        self.reader.project.selections.append(
            ForeignSelection(
                id=selection_id,
                document=self.document,
                pieces=tuple((int(fs.begin), int(fs.end)) for fs in group),
                codes=found,
                where=where,
                creator=self.creator,
                fields=fields,
            )
        )
        for fs in group:
            self.selections[int(fs.xmiID)] = selection_id

    def ours(self, name: str, values: dict[str, str], fields: dict[str, str], where: Location) -> tuple[str, ...]:
        """The codes and fields of an annotation of sscorpus's own layers."""
        code = self.reader.code
        if name == T.NOT_MENTION:
            if "note" in values:
                fields["note"] = values["note"]
            return (code(NOT_MENTION, NOT_MENTION, where, path=NOT_MENTION),)
        if name == T.MENTION:
            if "note" in values:
                fields["note"] = values["note"]
            entity, type_ = values.get("entity"), values.get("entityType")
            if entity is None or type_ is None:
                return ()
            code(type_, type_, where, path=type_)
            return (code(f"{type_}/{entity}", entity, where, (type_,), f"{type_}/{entity}"),)
        head = "claim" if name == T.CLAIM else "evidence"
        for key in ("id", "kind", "note", "source", "speaker"):
            if key in values:
                fields[key] = values[key]
        if name == T.CLAIM:
            fields["hedged"] = values.get("hedged", "false")
        code(head, head, where, path=head)
        kind = values.get("kind")
        if kind is None:
            return (head,)
        return (code(f"{head}/{kind}", kind, where, (head,), f"{head}/{kind}"),)

    def foreign(self, fs: Any, values: dict[str, str], fields: dict[str, str], where: Location) -> tuple[str, ...]:
        """The codes and fields of an annotation of a layer of its own: its
        type and each feature value are codes."""
        code = self.reader.code
        type_code = code(fs.type.name, fs.type.short_name, where)
        found = [type_code]
        for feature, value in values.items():
            if feature in _FIELD_ONLY or feature in _FIELDS:
                fields[feature] = value
            if feature not in _FIELD_ONLY:
                found.append(code(f"{fs.type.name}:{feature}={value}", value, where, (fs.type.short_name, feature)))
        return tuple(found)

    def relation(self, fs: Any) -> None:
        where = self.where(fs)
        governor, dependent = fs.get(T.GOVERNOR), fs.get(T.DEPENDENT)
        if any(end is not None and end.type.name in _SKIPPED for end in (governor, dependent)):
            return  # between tokens (DKPro Core's dependencies): syntax, skipped with the tokens
        source = self.selections.get(int(governor.xmiID)) if governor is not None else None
        target = self.selections.get(int(dependent.xmiID)) if dependent is not None else None
        if source is None or target is None:
            end = T.GOVERNOR if source is None else T.DEPENDENT
            self.reader.finding(
                where, codes.XMI_LOOSE_RELATION, f"{fs.type.short_name}: its {end} is no annotation of the text"
            )
            return
        code = self.reader.code
        values = dict(self.features(fs))
        fields = {k: v for k, v in values.items() if k == "note"}
        relation_id = f"{self.member}#{fs.xmiID}"
        name = fs.type.name
        if name == T.ABOUT and name in self.own:
            stance = values.get("stance")
            code("about", "about", where, path="about")
            about = code(f"about/{stance}", stance, where, ("about",), f"about/{stance}") if stance else "about"
            entity, type_ = values.get("entity"), values.get("entityType")
            if entity is not None and type_ is not None:
                code(type_, type_, where, path=type_)
                entity_code = code(f"{type_}/{entity}", entity, where, (type_,), f"{type_}/{entity}")
                self.add_relation(ForeignRelation(relation_id, about, source, entity_code, where, True, fields))
                return
            self.add_relation(ForeignRelation(relation_id, about, source, target, where, False, fields))
            return
        if name == T.EVIDENCE_LINK and name in self.own and values.get("relation") in ("supports", "challenges"):
            kind = values["relation"]
            relation_code = code(kind, kind, where, path=kind)
        else:
            labels = [(k, v) for k, v in values.items() if k not in _FIELD_ONLY]
            if labels:
                feature, value = labels[0]
                relation_code = code(f"{name}:{feature}={value}", value, where, (fs.type.short_name, feature))
            else:
                relation_code = code(name, fs.type.short_name, where)
        self.add_relation(ForeignRelation(relation_id, relation_code, source, target, where, False, fields))

    def add_relation(self, relation: ForeignRelation) -> None:
        self.reader.project.relations.append(relation)


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def read(path: Path) -> ForeignProject:
    """The annotations of an XMI zip, folder or file (see the module's
    notes); a file that cannot be read gives findings, never an exception."""
    project = ForeignProject(path=path, format=FORMAT_NAME)
    try:
        found = _input(path)
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        project.findings.append(Finding(path, 0, 0, codes.XMI_UNREADABLE, f"cannot read {path.name}: {_reason(error)}"))
        return project
    reader = _Reader(project, found.places)
    members = [name for name in found.files if name.lower().endswith(".xmi")]
    if not members:
        project.findings.append(Finding(path, 0, 0, codes.XMI_UNREADABLE, f"{path.name} holds no .xmi file"))
    for member in members:
        system = reader.typesystem(found.files, member)
        if system is not None:
            reader.read_member(member, found.files[member], system)
    return project
