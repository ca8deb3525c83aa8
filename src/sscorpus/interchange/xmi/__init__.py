"""INCEpTION / UIMA CAS XMI: the dataset as one zip of XMI files (XML 1.0),
written and read with dkpro-cassis, the UIMA library of the INCEpTION
ecosystem.

The zip holds a folder per layer (annotator, or gold), and in it one
``<document>.xmi`` per annotation file with the ``TypeSystem.xml`` beside
it (``typesystem.py``: INCEpTION's custom span and relation layers). Each
CAS holds the document's text as its subject of analysis, DKPro Core's
``DocumentMetaData`` (id, title, language), and every annotation of the
file: mentions, not-mentions, claims and evidence as span annotations (a
discontinuous span as one annotation per piece, sharing ``id``), about
links and evidence links as relations. UIMA counts offsets in UTF-16 code
units; cassis converts them from and to the code points sscorpus counts.

The same dataset gives the same bytes: annotations are added in file order,
so their ``xmi:id`` are the same on every run, and ``archive.write_zip``
fixes member order and time stamps. A text or value XML 1.0 cannot hold
stops the export with a finding where it was written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from cassis import Cas, TypeSystem

from ... import codes
from ...corpus.lines import LineMap
from ...corpus.model import AnnotationFile, Claim, Corpus, Evidence, Location, Mention
from ...dataset.value import Dataset
from ...findings import Finding
from ..archive import write_zip
from ..format import Format
from . import typesystem as T
from .reading import read

FILE_NAME = "sscorpus-xmi.zip"
TYPESYSTEM_FILE = "TypeSystem.xml"

#: what XML 1.0 cannot hold: C0 controls but tab, line feed and carriage
#: return, lone surrogates, and the non-characters U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HINT = "remove or replace the character: an XMI file (XML 1.0) cannot hold it"


def _describe(text: str, at: int) -> str:
    return f"the character U+{ord(text[at]):04X} at position {at + 1}, which XML 1.0 cannot hold"


class _Builder:
    """One annotation file as a CAS, and the findings of what it cannot hold."""

    def __init__(self, system: TypeSystem, corpus: Corpus, file: AnnotationFile, text: str) -> None:
        self.system = system
        self.corpus = corpus
        self.file = file
        self.cas = Cas(typesystem=system)
        self.cas.sofa_string = text
        self.cas.sofa_mime = "text/plain"
        self.findings: list[Finding] = []

    def value(self, value: str | None, where: Location) -> str | None:
        """``value`` when XML holds it, else None and a finding at ``where``."""
        if value is None:
            return None
        bad = _NOT_XML.search(value)
        if bad:
            message = f"{_describe(value, bad.start())} (in {self.file.document})"
            self.findings.append(where.finding(codes.EXPORT_XMI_TEXT, message, _HINT))
            return None
        return value

    def add(self, type_name: str, begin: int, end: int, **features: Any) -> Any:
        fs = self.system.get_type(type_name)(
            begin=begin, end=end, **{k: v for k, v in features.items() if v is not None}
        )
        self.cas.add(fs)
        return fs

    def span(self, type_name: str, annotation: Mention | Claim | Evidence, key: str | None, **features: Any) -> Any:
        """The annotation's pieces as annotations of ``type_name``; the first
        (None, with a finding, when it has no span)."""
        span = annotation.span
        if span is None:
            what = f"{annotation.type} {key}" if key else annotation.type
            self.findings.append(
                annotation.where.finding(
                    codes.EXPORT_XMI_UNANCHORED, f"the {what} has no span in {self.file.document}: nothing to mark"
                )
            )
            return None
        # the features that join pieces are left unset on a span of one piece
        # (a mention's id only joins pieces): fewer features, a faster write
        several = len(span.pieces) > 1
        key = key if several or annotation.type != "mention" else None
        first = None
        for number, (begin, end) in enumerate(span.pieces, start=1):
            joined = {"piece": number, "pieces": len(span.pieces)} if several else {}
            fs = self.add(type_name, begin, end, id=key, **joined, **features)
            first = first if first is not None else fs
        return first

    def note(self, annotation: Mention | Claim | Evidence) -> str | None:
        return self.value(annotation.note, annotation.places.get("note", annotation.where))

    def build(self) -> Cas:
        file, corpus = self.file, self.corpus
        document = corpus.documents[file.document]
        self.add(
            T.DOCUMENT_META_DATA,
            0,
            len(self.cas.sofa_string),
            documentId=file.document,
            documentTitle=self.value(document.title, document.at("title")),
            language=document.language or "x-unspecified",
        )
        annotator = self.system.get_type(T.ANNOTATION_FILE)(
            annotator=file.annotator, **({"note": self.value(file.note, file.annotator_where)} if file.note else {})
        )
        self.cas.add(annotator)
        mentions: dict[str, Any] = {}
        for type_name, listed in ((T.MENTION, file.mentions), (T.NOT_MENTION, file.not_mentions)):
            for mention in listed:
                fs = self.span(
                    type_name,
                    mention,
                    mention.id,
                    entity=mention.entity_id,
                    entityType=mention.entity_type,
                    note=self.note(mention),
                )
                if type_name == T.MENTION and fs is not None and mention.entity_id is not None:
                    known = mentions.get(mention.entity_id)
                    if known is None or fs.begin < known.begin:
                        mentions[mention.entity_id] = fs
        claims: dict[str, Any] = {}
        for claim in file.claims:
            speaker = claim.speaker.id if claim.speaker else None
            first = self.span(
                T.CLAIM, claim, claim.id, kind=claim.kind, hedged=claim.hedged, speaker=speaker, note=self.note(claim)
            )
            if first is None:
                continue
            if claim.id is not None:
                claims.setdefault(claim.id, first)
            for link in claim.about:
                target = mentions.get(link.target.id, first)
                self.add(
                    T.ABOUT,
                    target.begin,
                    target.end,
                    Governor=first,
                    Dependent=target,
                    stance=link.stance,
                    entity=link.target.id,
                    entityType=link.target.expected,
                )
        for evidence in file.evidence:
            first = self.span(
                T.EVIDENCE,
                evidence,
                evidence.id,
                kind=evidence.kind,
                source=self.value(evidence.cited, evidence.places.get("source", evidence.where)),
                note=self.note(evidence),
            )
            if first is None:
                continue
            for relation, ref in evidence.relations():
                claim_fs = claims.get(ref.id)
                if claim_fs is None:
                    self.findings.append(
                        ref.where.finding(
                            codes.EXPORT_XMI_UNANCHORED,
                            f"evidence {evidence.id} {relation} claim {ref.id}, which has no span in "
                            f"{file.document}: the relation has no end to point at",
                        )
                    )
                    continue
                self.add(
                    T.EVIDENCE_LINK, claim_fs.begin, claim_fs.end, Governor=first, Dependent=claim_fs, relation=relation
                )
        return self.cas


def _text_findings(path: Path, text: str) -> list[Finding]:
    bad = _NOT_XML.search(text)
    if bad is None:
        return []
    line, column = LineMap(text).line_column(bad.start())
    return [Finding(path, line, column, codes.EXPORT_XMI_TEXT, _describe(text, bad.start()), hint=_HINT)]


@cache
def _system() -> tuple[TypeSystem, bytes]:
    """sscorpus's type system and its ``TypeSystem.xml``, made once per
    process: a CAS only reads its type system, and cassis makes the class of
    each type the first time it is used (a new type system each export made
    them again)."""
    system = T.typesystem()
    return system, system.to_xml().encode("utf-8")


def write(dataset: Dataset, path: Path) -> list[Finding]:
    """Write every annotation file of the dataset to the zip ``path`` (see
    the module's notes); the findings that stop it, and then nothing is
    written."""
    corpus = dataset.corpus
    system, typesystem_xml = _system()
    by_layer: dict[str, list[AnnotationFile]] = defaultdict(list)
    for file in dataset.layers.files:
        by_layer[file.annotator].append(file)
    findings: list[Finding] = []
    checked: set[str] = set()
    members: list[tuple[str, bytes]] = []
    for annotator in sorted(by_layer):
        members.append((f"{annotator}/{TYPESYSTEM_FILE}", typesystem_xml))
        for file in sorted(by_layer[annotator], key=lambda f: f.document):
            document = corpus.documents.get(file.document)
            if document is None or document.text is None:
                continue  # validation reported it; an export runs on a valid corpus only
            if file.document not in checked:
                checked.add(file.document)
                findings.extend(_text_findings(document.text_file, document.text))
            builder = _Builder(system, corpus, file, document.text)
            cas = builder.build()
            findings.extend(builder.findings)
            if not findings:
                members.append((f"{annotator}/{file.document}.xmi", cas.to_xmi(pretty_print=True).encode("utf-8")))
    if findings:
        return sorted(findings, key=Finding.sort_key)
    write_zip(path, members)
    return []


FORMAT = Format(
    name="xmi",
    title="INCEpTION / UIMA CAS XMI (XML 1.0), a folder per layer with its TypeSystem.xml",
    file_name=FILE_NAME,
    media_type="application/zip",
    write=write,
    read=read,
)
