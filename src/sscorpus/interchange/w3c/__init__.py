"""W3C Web Annotation (JSON-LD): one ``AnnotationCollection`` per document
and layer (``LAYER/DOC.jsonld`` in ``sscorpus-w3c.zip``), its annotations
in its first ``AnnotationPage``, embedded.

Each annotation stands alone (its own ``@context``, ``creator``: the
annotator, ``generator``: sscorpus) and says what it marks the way web
annotation tools read it: a target on the text's IRI (``terms.py``) with a
``TextQuoteSelector`` (the exact text, 32 characters of context each side)
and a ``TextPositionSelector`` (code points, as the model counts); a
discontinuous span is several targets, one per piece (the model's Choice
means "one of these", and its Composite and List were dropped from the
Recommendation). Bodies are textual bodies whose values are codebook paths
(``codebook.py``): ``classifying`` for a claim's or evidence's kind,
``identifying`` for an entity (and a ``SpecificResource`` of its Wikidata
item where the registry has one), ``tagging`` for ``hedged`` and for a
``not_mentions`` item (``not_mention``), ``commenting`` for a note, ``describing`` for evidence's
cited source. Links are annotations of their own, motivated ``linking``,
whose target is the claim's or evidence's annotation: an about link (its
stance and entity as bodies, in the claim's order), a claim's own speaker,
and evidence's ``supports``/``challenges`` (the claim's annotation as body).
The file's note is a page note: a ``commenting`` annotation on the whole text.

The same dataset gives the same bytes: keys sorted, lists in the files'
order, two-space indents, ``\\n`` line ends, no time stamps.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ... import codes
from ...corpus.model import AnnotationFile, Claim, Corpus, Document, Evidence, Mention, Ref, Span
from ...dataset.value import Dataset
from ...findings import Finding
from ..archive import write_zip
from ..codebook import ABOUT, NOT_MENTION, Meaning
from ..format import Format
from .reading import read
from .terms import (
    CLASSIFYING,
    COMMENTING,
    CONTEXT,
    DESCRIBING,
    GENERATOR,
    HEDGED,
    IDENTIFYING,
    LINKING,
    TAGGING,
    annotation_iri,
    annotator_iri,
    collection_iri,
    page_iri,
    text_iri,
    uri,
    wikidata_iri,
)

#: how many characters of context a TextQuoteSelector gives each side
CONTEXT_CHARACTERS = 32

Json = dict[str, Any]


def _textual(purpose: str, value: str) -> Json:
    return {"type": "TextualBody", "purpose": purpose, "value": value}


class _Collection:
    """One annotation file as a collection of web annotations."""

    def __init__(self, corpus: Corpus, file: AnnotationFile, document: Document, text: str) -> None:
        self.corpus = corpus
        self.file = file
        self.text = text
        self.creator: Json = {"id": annotator_iri(file.annotator), "type": "Person", "name": file.annotator}
        self.source: Json = {"id": text_iri(document.id), "type": "Text", "format": "text/plain"}
        if document.language:
            self.source["language"] = document.language
        if document.provenance is not None and document.provenance.url:
            self.source["via"] = uri(document.provenance.url)
        self.findings: list[Finding] = []

    def iri(self, *local: str) -> str:
        return annotation_iri(self.file.annotator, self.file.document, *local)

    def annotation(self, local: tuple[str, ...], motivation: str, target: Any, bodies: list[Any]) -> Json:
        found: Json = {
            "@context": CONTEXT,
            "id": self.iri(*local),
            "type": "Annotation",
            "motivation": motivation,
            "creator": self.creator,
            "generator": GENERATOR,
            "target": target,
        }
        if bodies:
            found["body"] = bodies
        return found

    def target(self, span: Span) -> Json | list[Json]:
        resources = [
            {
                "type": "SpecificResource",
                "source": self.source,
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": self.text[start:end],
                        "prefix": self.text[max(0, start - CONTEXT_CHARACTERS) : start],
                        "suffix": self.text[end : end + CONTEXT_CHARACTERS],
                    },
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            }
            for start, end in span.pieces
        ]
        return resources[0] if len(resources) == 1 else resources

    def entity(self, ref: Ref | None) -> list[Json]:
        """The bodies that identify an entity: its codebook path, and its
        Wikidata item where the registry has one."""
        if ref is None or ref.expected == "claim":
            return []
        bodies = [_textual(IDENTIFYING, Meaning(ref.expected, entity=ref.id).path)]
        entity = self.corpus.entities.get(ref.id)
        if entity is not None and entity.wikidata:
            bodies.append({"type": "SpecificResource", "purpose": IDENTIFYING, "source": wikidata_iri(entity.wikidata)})
        return bodies

    def spanned(self, annotation: Mention | Claim | Evidence) -> Span | None:
        span = annotation.span
        if span is None:
            self.findings.append(
                annotation.where.finding(
                    codes.EXPORT_W3C_UNANCHORED,
                    f"this {annotation.type} has no place in the text, which a web annotation's target needs",
                    "run `sscorpus validate` and fix its anchor first",
                )
            )
        return span

    def note(self, note: str | None) -> list[Json]:
        return [_textual(COMMENTING, note)] if note else []

    def mentions(self, mentions: tuple[Mention, ...], local: str, *, not_mentions: bool) -> list[Json]:
        found = []
        for number, mention in enumerate(mentions, 1):
            span = self.spanned(mention)
            if span is None:
                continue
            tag = [_textual(TAGGING, NOT_MENTION)] if not_mentions else []
            bodies = [*tag, *self.entity(mention.entity), *self.note(mention.note)]
            motivation = TAGGING if not_mentions else IDENTIFYING
            found.append(self.annotation((local, str(number)), motivation, self.target(span), bodies))
        return found

    def claim(self, claim: Claim) -> list[Json]:
        span = self.spanned(claim)
        if span is None or claim.id is None:
            return []
        bodies = [_textual(CLASSIFYING, Meaning("claim", kind=claim.kind).path)]
        if claim.hedged:
            bodies.append(_textual(TAGGING, HEDGED))
        bodies += self.note(claim.note)
        return [self.annotation(("claim", claim.id), CLASSIFYING, self.target(span), bodies)]

    def evidence(self, evidence: Evidence) -> list[Json]:
        span = self.spanned(evidence)
        if span is None or evidence.id is None:
            return []
        bodies = [_textual(CLASSIFYING, Meaning("evidence", kind=evidence.kind).path)]
        if evidence.cited:
            bodies.append(_textual(DESCRIBING, evidence.cited))
        bodies += self.note(evidence.note)
        return [self.annotation(("evidence", evidence.id), CLASSIFYING, self.target(span), bodies)]

    def links(self) -> list[Json]:
        """The about links and speakers of the claims, then the relations of
        the evidence, in the file's order."""
        found = []
        for claim in self.file.claims:
            if claim.id is None or claim.span is None:
                continue
            target = self.iri("claim", claim.id)
            for number, link in enumerate(claim.about, 1):
                stance = _textual(CLASSIFYING, Meaning(ABOUT, stance=link.stance).path)
                found.append(
                    self.annotation(
                        ("about", claim.id, str(number)), LINKING, target, [stance, *self.entity(link.target)]
                    )
                )
            if claim.speaker is not None:
                speaker = _textual(CLASSIFYING, "speaker")
                found.append(
                    self.annotation(("speaker", claim.id), LINKING, target, [speaker, *self.entity(claim.speaker)])
                )
        for evidence in self.file.evidence:
            if evidence.id is None or evidence.span is None:
                continue
            target = self.iri("evidence", evidence.id)
            for relation, ref in evidence.relations():
                bodies = [_textual(CLASSIFYING, relation), self.iri("claim", ref.id)]
                found.append(self.annotation((relation, evidence.id, ref.id), LINKING, target, bodies))
        return found

    def items(self) -> list[Json]:
        found = []
        if self.file.note:
            found.append(self.annotation(("note",), COMMENTING, self.source, self.note(self.file.note)))
        found += self.mentions(self.file.mentions, "mention", not_mentions=False)
        found += self.mentions(self.file.not_mentions, "not-mention", not_mentions=True)
        for claim in self.file.claims:
            found += self.claim(claim)
        for evidence in self.file.evidence:
            found += self.evidence(evidence)
        return found + self.links()


def collection(corpus: Corpus, file: AnnotationFile) -> tuple[Json, list[Finding]]:
    """One annotation file as an AnnotationCollection, and what it cannot hold."""
    document = corpus.documents.get(file.document)
    if document is None or document.text is None:
        problem = file.document_where.finding(
            codes.EXPORT_W3C_UNANCHORED,
            f"the text of document {file.document!r} is not there to select from",
            "run `sscorpus validate` and fix the catalog first",
        )
        return {}, [problem]
    writer = _Collection(corpus, file, document, document.text)
    items = writer.items()
    described: Json = {
        "id": collection_iri(file.annotator, file.document),
        "label": f"{document.title} (annotations by {file.annotator})",
        "total": len(items),
    }
    found: Json = {"@context": CONTEXT, **described, "type": "AnnotationCollection", "creator": writer.creator}
    if items:
        # the page stands alone too: its own context, and its collection described
        found["first"] = {
            "@context": CONTEXT,
            "id": page_iri(file.annotator, file.document),
            "type": "AnnotationPage",
            "partOf": described,
            "startIndex": 0,
            "items": items,
        }
    return found, writer.findings


def dumps(data: Json) -> bytes:
    """JSON with the same bytes for the same data."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def member(file: AnnotationFile) -> str:
    """A file's collection's name in the zip."""
    return f"{file.annotator}/{file.document}.jsonld"


def write(dataset: Dataset, path: Path) -> list[Finding]:
    """Write every layer of ``dataset`` to the zip ``path``; nothing is
    written when an annotation cannot be held (the findings say which)."""
    members: list[tuple[str, bytes]] = []
    findings: list[Finding] = []
    for file in sorted(dataset.layers.files, key=lambda f: (f.annotator, f.document)):
        data, found = collection(dataset.corpus, file)
        findings += found
        if not findings:
            members.append((member(file), dumps(data)))
    if findings:
        return findings
    write_zip(path, members)
    return []


FORMAT = Format(
    name="w3c",
    title="W3C Web Annotation (JSON-LD): one AnnotationCollection per document and layer",
    file_name="sscorpus-w3c.zip",
    media_type="application/zip",
    write=write,
    read=read,
)
