"""Writing a dataset as a REFI-QDA project (``.qdpx``): ``project.qde``
and each text as an internal source (``refi.py`` says how sscorpus uses the
standard).

- Users: the annotators (layers) of the dataset.
- CodeBook: the code tree of ``codebook.codes``, and ``not_mention``;
  relation codes (about and its stances, supports, challenges, speaker)
  are not codable: they name links.
- Sources: one ``TextSource`` per document (its id as name, its title as
  Description, its text as ``sources/<guid>.txt``), holding every layer's
  selections, each created and coded by its annotator. A mention is coded
  with its entity; a name that is deliberately no mention with the code
  ``not_mention``; a claim or evidence with its kind.
- Notes: an annotation's note is a ``Note`` its selection refers to; an
  annotation file's note is a ``Note`` its text source refers to.
- Links: about (claim to entity code, named ``about/<stance>``, in the
  claim's order), speaker (claim to actor code), supports and challenges
  (evidence to claim), and ``next piece`` between the pieces of a span.

GUIDs are uuid5 of what they name (document, layer, annotation id), so the
same dataset gives the same bytes, and a re-export keeps its GUIDs. The
project is checked against the REFI-QDA schema before it is written (lxml's
validator, in C: a few milliseconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ... import __version__, codes
from ...corpus.lines import LineMap
from ...corpus.model import AnnotationFile, Claim, Document, Evidence, Location, Mention
from ...dataset.value import Dataset
from ...findings import Finding
from ..archive import write_zip
from ..codebook import Code
from ..codebook import codes as code_tree
from . import refi
from .refi import q

_SELECTION, _DESCRIPTION, _CODING, _CODE_REF, _LINK = (
    q(name) for name in ("PlainTextSelection", "Description", "Coding", "CodeRef", "Link")
)
#: what an XML 1.0 document cannot hold
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HINT = "remove the character: an XML file (project.qde) cannot hold it"
#: the colour of each top code and the codes under it, as a QDA tool shows them
_COLOURS = {
    "claim": "#1F77B4",
    "evidence": "#2CA02C",
    "actor": "#D62728",
    "institution": "#9467BD",
    "principle": "#FF7F0E",
}


@dataclass(slots=True)
class _Project:
    """The project being built, and what cannot be written."""

    dataset: Dataset
    findings: list[Finding] = field(default_factory=list)
    notes: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)
    _lines: dict[Path, LineMap] = field(default_factory=dict)
    _codes: dict[str, str] = field(default_factory=dict)

    def text(self, value: str, where: Location, what: str) -> str:
        """``value`` when XML can hold it; else a finding at ``where`` (and a
        placeholder, so that the run goes on to report everything)."""
        bad = _NOT_XML.search(value)
        if bad is None:
            return value
        character = f"U+{ord(bad.group()):04X}"
        self.findings.append(
            where.finding(
                codes.EXPORT_QDPX_TEXT,
                f"{what}: the character {character} at position {bad.start() + 1} cannot be written to project.qde",
                _HINT,
            )
        )
        return _NOT_XML.sub("\ufffd", value)

    def in_text(self, document: Document, text: str, start: int) -> Location:
        """Where the character at ``start`` of a document's text is."""
        if document.text_file not in self._lines:
            self._lines[document.text_file] = LineMap(text)
        line, column = self._lines[document.text_file].line_column(start)
        return Location(document.text_file, line, column)

    def note(self, key: str, name: str, text: str, user: str, where: Location) -> etree._Element:
        """A Note holding ``text``; the NoteRef that refers to it."""
        note_guid = refi.guid("note", key)
        note = etree.Element(q("Note"), guid=note_guid, name=self.text(name, where, "the note's name"))
        note.set("creatingUser", user)
        etree.SubElement(note, q("PlainTextContent")).text = self.text(text, where, "the note")
        self.notes.append(note)
        return etree.Element(q("NoteRef"), targetGUID=note_guid)

    def link(self, name: str, origin: str, target: str) -> None:
        guid = refi.guid("link", origin, name, target)
        attributes = {"guid": guid, "name": name, "direction": "OneWay", "originGUID": origin, "targetGUID": target}
        self.links.append(etree.Element(_LINK, attributes))

    def code_guid(self, path: str) -> str:
        """A code's GUID (made once per code)."""
        found = self._codes.get(path)
        if found is None:
            found = self._codes[path] = code_guid(path)
        return found


def code_guid(path: str) -> str:
    return refi.guid("code", path)


def user_guid(annotator: str) -> str:
    return refi.guid("user", annotator)


def source_guid(document: str) -> str:
    return refi.guid("source", document)


def selection_guid(file: AnnotationFile, key: str, piece: int = 0) -> str:
    """The GUID of a piece of an annotation's selection; ``key`` names the
    annotation in its file (``claim/c1``, ``mention/3``)."""
    return refi.guid("selection", file.document, file.annotator, key, str(piece))


def _codebook(project: _Project, tree: list[Code]) -> etree._Element:
    book = etree.Element(q("CodeBook"))
    top = etree.SubElement(book, q("Codes"))
    elements: dict[str, etree._Element] = {}
    root = project.dataset.corpus.root
    for code in tree:
        parent = top if code.parent is None else elements[code.parent]
        entity = project.dataset.corpus.entities.get(code.meaning.entity or "")
        where = entity.where if entity is not None else Location(root, 0, 0)
        element = etree.SubElement(parent, q("Code"), guid=code_guid(code.path))
        element.set("name", project.text(code.label, where, f"the label of code {code.path}"))
        element.set("isCodable", "false" if code.meaning.is_relation else "true")
        colour = _COLOURS.get(code.meaning.type)
        if colour is not None:
            element.set("color", colour)
        description = project.text(code.description, where, f"the description of code {code.path}")
        etree.SubElement(element, q("Description")).text = refi.code_description(description, code.path)
        elements[code.path] = element
    if refi.NOT_MENTION not in elements:
        element = etree.SubElement(top, q("Code"), guid=code_guid(refi.NOT_MENTION), name=refi.NOT_MENTION_LABEL)
        element.set("isCodable", "true")
        description = refi.code_description(refi.NOT_MENTION_DESCRIPTION, refi.NOT_MENTION)
        etree.SubElement(element, q("Description")).text = description
    return book


def _selections(
    project: _Project,
    source: etree._Element,
    document: Document,
    text: str,
    file: AnnotationFile,
    key: str,
    annotation: Mention | Claim | Evidence,
    code_paths: list[str],
    fields: dict[str, str],
) -> str | None:
    """Write an annotation's selection (one per piece); the GUID of its
    first piece, None when it has no span (reported)."""
    span = annotation.span
    if span is None:
        project.findings.append(
            annotation.where.finding(
                codes.INTERNAL_ERROR, "an annotation without a span reached the export: this is a bug in sscorpus"
            )
        )
        return None
    user = user_guid(file.annotator)
    guids = [selection_guid(file, key, i) for i in range(len(span.pieces))]
    for i, (start, end) in enumerate(span.pieces):
        name = text[start:end]
        if _NOT_XML.search(name):
            name = project.text(name, project.in_text(document, text, start), "the quoted text")
        attributes = {"guid": guids[i], "name": name, "startPosition": str(start), "endPosition": str(end)}
        selection = etree.SubElement(source, _SELECTION, attributes | {"creatingUser": user})
        if i == 0 and fields:
            etree.SubElement(selection, _DESCRIPTION).text = project.text(
                refi.encode_fields(fields), annotation.where, "a field of the annotation"
            )
        for path in code_paths:
            coding = etree.SubElement(
                selection, _CODING, {"guid": refi.guid("coding", guids[i], path), "creatingUser": user}
            )
            etree.SubElement(coding, _CODE_REF, {"targetGUID": project.code_guid(path)})
        if i == 0 and annotation.note:
            where = annotation.places.get("note", annotation.where)
            label = f"{file.annotator}: {key} in {file.document}"
            selection.append(project.note(guids[0], label, annotation.note, user, where))
        if i > 0:
            project.link(refi.NEXT_PIECE, guids[i - 1], guids[i])
    return guids[0]


def _file(project: _Project, source: etree._Element, document: Document, text: str, file: AnnotationFile) -> None:
    """Every annotation of one annotation file, in the file's order."""
    for i, mention in enumerate(file.mentions):
        path = [f"{mention.entity_type}/{mention.entity_id}"] if mention.entity_type else []
        _selections(project, source, document, text, file, f"mention/{i}", mention, path, {})
    for i, mention in enumerate(file.not_mentions):
        _selections(project, source, document, text, file, f"not_mention/{i}", mention, [refi.NOT_MENTION], {})
    for i, claim in enumerate(file.claims):
        fields = {"id": claim.id} if claim.id else {}
        fields["hedged"] = "true" if claim.hedged else "false"
        if claim.speaker is not None:
            fields["speaker"] = claim.speaker.id
        paths = [f"claim/{claim.kind}" if claim.kind else "claim"]
        first = _selections(project, source, document, text, file, f"claim/{claim.id or i}", claim, paths, fields)
        if first is None:
            continue
        for link in claim.about:
            project.link(f"about/{link.stance}", first, project.code_guid(f"{link.target.expected}/{link.target.id}"))
        if claim.speaker is not None:
            project.link("speaker", first, project.code_guid(f"actor/{claim.speaker.id}"))
    for i, evidence in enumerate(file.evidence):
        fields = {"id": evidence.id} if evidence.id else {}
        if evidence.cited:
            fields["source"] = evidence.cited
        paths = [f"evidence/{evidence.kind}" if evidence.kind else "evidence"]
        key = f"evidence/{evidence.id or i}"
        first = _selections(project, source, document, text, file, key, evidence, paths, fields)
        if first is None:
            continue
        for relation, ref in evidence.relations():
            project.link(relation, first, selection_guid(file, f"claim/{ref.id}"))


def _sources(project: _Project) -> tuple[etree._Element, list[tuple[str, bytes]]]:
    """The TextSources, each with every layer's selections, and the text files."""
    dataset = project.dataset
    sources = etree.Element(q("Sources"))
    members: list[tuple[str, bytes]] = []
    files_of: dict[str, list[AnnotationFile]] = {}
    for file in dataset.layers.files:
        files_of.setdefault(file.document, []).append(file)
    for document in dataset.corpus.documents.values():
        if document.text is None:
            continue
        text_name = f"{refi.guid('text', document.id)}.txt"
        source = etree.SubElement(sources, q("TextSource"), guid=source_guid(document.id))
        source.set("name", project.text(document.id, document.at("id"), "the document id"))
        source.set("plainTextPath", f"{refi.INTERNAL}{text_name}")
        title = project.text(document.title, document.at("title"), "the document's title")
        etree.SubElement(source, q("Description")).text = title
        members.append((f"{refi.SOURCES}/{text_name}", document.text.encode("utf-8")))
        file_notes = []
        for file in files_of.pop(document.id, []):
            _file(project, source, document, document.text, file)
            if file.note:
                key, label = f"file/{file.document}/{file.annotator}", f"{file.annotator}: {file.document}"
                user = user_guid(file.annotator)
                file_notes.append(project.note(key, label, file.note, user, Location(file.path, 0, 0)))
        source.extend(file_notes)
    for files in files_of.values():  # a file whose document has no text: validation reported it
        for file in files:
            project.findings.append(
                file.document_where.finding(
                    codes.INTERNAL_ERROR, "an annotation file of a document without a text reached the export"
                )
            )
    return sources, members


def project_tree(dataset: Dataset) -> tuple[etree._Element, list[tuple[str, bytes]], list[Finding]]:
    """``project.qde``'s root, the source members, and what cannot be written."""
    project = _Project(dataset)
    corpus = dataset.corpus
    name = corpus.citation.title if corpus.citation is not None else "sscorpus"
    root = etree.Element(
        q("Project"), nsmap={None: refi.NS}, name=project.text(name, Location(corpus.root, 0, 0), "the title")
    )
    root.set("origin", f"sscorpus {__version__}")
    annotators = {file.annotator: file.annotator_where for file in reversed(dataset.layers.files)}
    if annotators:
        users = etree.SubElement(root, q("Users"))
        for annotator in sorted(annotators):
            name = project.text(annotator, annotators[annotator], "the annotator's name")
            etree.SubElement(users, q("User"), {"guid": user_guid(annotator), "name": name, "id": name})
    tree = list(code_tree(dataset.schemas, corpus))
    root.append(_codebook(project, tree))
    sources, members = _sources(project)
    if len(sources):
        root.append(sources)
    if project.notes:
        etree.SubElement(root, q("Notes")).extend(project.notes)
    if project.links:
        etree.SubElement(root, q("Links")).extend(project.links)
    etree.SubElement(root, q("Description")).text = (
        "Annotations of the sscorpus dataset: each user is an annotator (layer); each code's description ends "
        "with its sscorpus codebook path."
    )
    return root, members, project.findings


def write(dataset: Dataset, path: Path) -> list[Finding]:
    """Write the dataset to the .qdpx file ``path``; the findings that stop
    it (nothing is written then)."""
    root, members, findings = project_tree(dataset)
    if findings:
        return findings
    schema = refi.schema()
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if not schema.validate(root) and not schema.validate(etree.fromstring(xml)):  # the lines of the file
        return [
            Finding(
                path / refi.PROJECT_MEMBER,
                error.line,
                error.column,
                codes.EXPORT_QDPX_SCHEMA,
                f"project.qde does not follow the REFI-QDA schema: {error.message}",
                hint="this is a bug in sscorpus, please report it",
            )
            for error in schema.error_log
        ]
    write_zip(path, [(refi.PROJECT_MEMBER, xml), *members])
    return []
