"""brat standoff (``sscorpus-brat.zip``): a folder a brat server opens as it
is, one collection per layer (annotator), and the reader of such folders.

The zip holds ``annotation.conf``, ``visual.conf``, ``tools.conf`` (from
``conf.py``) and ``sscorpus.tsv`` (the registry for brat's
normalization DB) at its top, ``<annotator>/<document>.txt`` (the text,
byte for byte) and ``<annotator>/<document>.ann`` for every annotation file,
and ``<annotator>/README`` (the titles and the files' notes, which brat
shows as the collection's description; a note escaped as in an ``.ann``
file, on one line, so that it reads back).
Offsets are code points of the ``.txt``, as in sscorpus. An ``.ann`` holds,
in this order:

- each mention, not-mention, claim and piece of evidence as a text-bound
  ``T`` of its type (``actor``... ``not_mention``, ``claim``, ``evidence``), its pieces as
  fragments (cut at line breaks, as brat does: ``lines.py``), then its
  attributes ``A`` (``claim_kind``/``evidence_kind``, ``hedged``),
  normalizations ``N`` (a mention's or not-mention's entity: ``Reference
  Tn sscorpus:actor/india``; a claim's own speaker: ``speaker Tn
  sscorpus:actor/<id>``) and notes ``#`` (``AnnotatorNotes`` for the note,
  ``sscorpus_id``, ``sscorpus_source``, and ``sscorpus_pieces`` when
  the fragments are not the pieces);
- then each claim's about links in their order: a relation ``R
  about_<stance> Arg1:<claim> Arg2:<mention>`` when a mention of the entity
  lies inside the claim (brat draws it as an arc), else a normalization ``N
  about_<stance> <claim> sscorpus:<type>/<id>`` (brat relations need two
  spans); then each piece of evidence's ``supports``/``challenges``
  relations to its claims.
"""

from __future__ import annotations

from pathlib import Path

from ... import codes as finding_codes
from ...corpus.model import AnnotationFile, Claim, Corpus, Evidence, Mention, Span
from ...dataset.value import Dataset
from ...findings import Finding
from ..archive import write_zip
from ..format import Format
from . import conf as bratconf
from .lines import (
    DB,
    FRAGMENT_SEPARATOR,
    HEDGED,
    ID_NOTE,
    KIND_ATTRIBUTES,
    NAME,
    NOT_MENTION,
    NOTE,
    PIECES_NOTE,
    README,
    README_NOTE_INDENT,
    REFERENCE,
    SOURCE_NOTE,
    SPEAKER,
    brat_type,
    escape,
    fragments,
    offsets,
    readme_head,
)
from .reading import read


class _Ann:
    """The lines of one ``.ann`` file, numbering each kind of id."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._counts: dict[str, int] = {}

    def new_id(self, prefix: str) -> str:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        return f"{prefix}{self._counts[prefix]}"

    def add(self, prefix: str, data: str, tail: str | None = None) -> str:
        id_ = self.new_id(prefix)
        self.lines.append(f"{id_}\t{data}" + (f"\t{tail}" if tail is not None else "") + "\n")
        return id_

    def note(self, type_: str, target: str, value: str | None) -> None:
        if value is not None:
            self.add("#", f"{type_} {target}", escape(value))

    def text(self) -> str:
        return "".join(self.lines)


def _inside(inner: Span, outer: Span) -> bool:
    return all(any(s <= start and end <= e for s, e in outer.pieces) for start, end in inner.pieces)


def _reference(corpus: Corpus, entity_id: str, expected: str) -> tuple[str, str]:
    """(``sscorpus:<type>/<id>``, the entity's name, escaped)."""
    entity = corpus.entities.get(entity_id)
    return f"{DB}:{expected}/{entity_id}", escape(entity.name if entity is not None else "")


def _text_bound(ann: _Ann, type_: str, span: Span, text: str) -> str:
    cut = fragments(span.pieces, text)
    quoted = FRAGMENT_SEPARATOR.join(text[s:e] for s, e in cut)
    id_ = ann.add("T", f"{type_} {offsets(cut)}", quoted)
    if cut != span.pieces:
        ann.note(PIECES_NOTE, id_, offsets(span.pieces))
    return id_


def _mention(ann: _Ann, mention: Mention, span: Span, text: str, corpus: Corpus, not_mention: bool) -> str:
    type_ = NOT_MENTION if not_mention else mention.entity_type or "actor"
    id_ = _text_bound(ann, type_, span, text)
    if mention.entity is not None:
        reference, name = _reference(corpus, mention.entity.id, mention.entity.expected)
        ann.add("N", f"{REFERENCE} {id_} {reference}", name)
    ann.note(NOTE, id_, mention.note)
    return id_


def _claim(ann: _Ann, claim: Claim, span: Span, text: str, corpus: Corpus) -> str:
    id_ = _text_bound(ann, "claim", span, text)
    if claim.kind is not None:
        ann.add("A", f"{KIND_ATTRIBUTES['claim']} {id_} {claim.kind}")
    if claim.hedged:
        ann.add("A", f"{HEDGED} {id_}")
    if claim.speaker is not None:
        reference, name = _reference(corpus, claim.speaker.id, "actor")
        ann.add("N", f"{SPEAKER} {id_} {reference}", name)
    ann.note(ID_NOTE, id_, claim.id)
    ann.note(NOTE, id_, claim.note)
    return id_


def _evidence(ann: _Ann, evidence: Evidence, span: Span, text: str) -> str:
    id_ = _text_bound(ann, "evidence", span, text)
    if evidence.kind is not None:
        ann.add("A", f"{KIND_ATTRIBUTES['evidence']} {id_} {evidence.kind}")
    ann.note(ID_NOTE, id_, evidence.id)
    ann.note(SOURCE_NOTE, id_, evidence.cited)
    ann.note(NOTE, id_, evidence.note)
    return id_


def ann_file(file: AnnotationFile, text: str, corpus: Corpus) -> tuple[str, list[Finding]]:
    """The ``.ann`` text of one annotation file, and a finding for each
    annotation it cannot hold (one without a span)."""
    ann = _Ann()
    findings: list[Finding] = []
    mentions: list[tuple[Mention, Span, str]] = []
    #: the text-bound id of each claim and piece of evidence (by its object's id)
    bounds: dict[int, str] = {}
    claim_ids: dict[str, str] = {}
    annotations: list[tuple[Mention | Claim | Evidence, bool]] = [
        *((m, False) for m in file.mentions),
        *((m, True) for m in file.not_mentions),
        *((c, False) for c in file.claims),
        *((e, False) for e in file.evidence),
    ]
    for annotation, not_mention in annotations:
        span = annotation.span
        if span is None:
            findings.append(
                annotation.where.finding(
                    finding_codes.EXPORT_BRAT_UNANCHORED,
                    f"this {annotation.type} has no span, and a brat annotation needs offsets",
                    "anchor it (sscorpus validate says why it is not), then export again",
                )
            )
            continue
        if isinstance(annotation, Mention):
            id_ = _mention(ann, annotation, span, text, corpus, not_mention)
            if not not_mention and annotation.entity is not None:
                mentions.append((annotation, span, id_))
        elif isinstance(annotation, Claim):
            bounds[id(annotation)] = _claim(ann, annotation, span, text, corpus)
            if annotation.id is not None:
                claim_ids.setdefault(annotation.id, bounds[id(annotation)])
        else:
            bounds[id(annotation)] = _evidence(ann, annotation, span, text)
    for claim in file.claims:
        source = bounds.get(id(claim))
        span = claim.span
        if source is None or span is None:
            continue
        for link in claim.about:
            if link.stance is None:
                continue
            type_ = brat_type(f"about/{link.stance}")
            inside = [
                (m_span.pieces, m_id)
                for m, m_span, m_id in mentions
                if m.entity_id == link.target.id and m.entity_type == link.target.expected and _inside(m_span, span)
            ]
            if inside:
                ann.add("R", f"{type_} Arg1:{source} Arg2:{min(inside)[1]}")
            else:
                reference, name = _reference(corpus, link.target.id, link.target.expected)
                ann.add("N", f"{type_} {source} {reference}", name)
    for evidence in file.evidence:
        source = bounds.get(id(evidence))
        if source is None:
            continue
        for relation, ref in evidence.relations():
            target = claim_ids.get(ref.id)
            if target is not None:
                ann.add("R", f"{relation} Arg1:{source} Arg2:{target}")
    return ann.text(), findings


def collection_readme(annotator: str, files: list[AnnotationFile], corpus: Corpus) -> str:
    """The ``README`` of a layer's collection, which brat shows as its
    description: each document's title and the annotation file's note
    (brat has no place for either in a document). The note is escaped as
    in an ``.ann`` file, on one indented line, and read back; the title
    is not (import takes it from the catalog)."""
    out = [f"{readme_head(annotator)}\n"]
    for file in files:
        document = corpus.documents.get(file.document)
        title = document.title if document is not None else ""
        out.append(f"\n{file.document}: {' '.join(title.split())}\n")
        if file.note:
            out.append(f"{README_NOTE_INDENT}{escape(file.note)}\n")
    return "".join(out)


def write(dataset: Dataset, path: Path) -> list[Finding]:
    """Write every layer of ``dataset`` to the zip ``path`` (see the module's notes)."""
    corpus = dataset.corpus
    findings = bratconf.check_names(dataset.schemas)
    members: list[tuple[str, bytes]] = []
    files = sorted(dataset.layers.files, key=lambda f: (f.annotator, f.document))
    for file in files:
        document = corpus.documents.get(file.document)
        text = document.text if document is not None and document.text is not None else ""
        ann, problems = ann_file(file, text, corpus)
        findings += problems
        members.append((f"{file.annotator}/{file.document}.txt", text.encode("utf-8")))
        members.append((f"{file.annotator}/{file.document}.ann", ann.encode("utf-8")))
    if findings:
        return findings
    for annotator in sorted({f.annotator for f in files}):
        readme = collection_readme(annotator, [f for f in files if f.annotator == annotator], corpus)
        members.append((f"{annotator}/{README}", readme.encode("utf-8")))
    url = corpus.citation.url if corpus.citation is not None else None
    conf = [
        ("annotation.conf", bratconf.annotation_conf(dataset.schemas, corpus, normalized=bool(url))),
        ("visual.conf", bratconf.visual_conf(dataset.schemas, corpus)),
        ("tools.conf", bratconf.tools_conf(url)),
        (f"{DB}.tsv", bratconf.norm_db(corpus)),
    ]
    write_zip(path, [(name, text.encode("utf-8")) for name, text in conf] + members)
    return []


FORMAT = Format(
    name=NAME,
    title="brat standoff: a collection per annotator that a brat server opens as it is",
    file_name="sscorpus-brat.zip",
    media_type="application/zip",
    write=write,
    read=read,
)
