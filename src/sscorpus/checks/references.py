"""The ``ref`` check: every id that an annotation, the catalog
or the registry names resolves to an entity, claim or document of the right
type, and a claim links each entity once; and the evidence check: evidence
marks more than the claim it supports or challenges."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import codes
from ..corpus.model import ENTITY_LISTS, AnnotationFile, Corpus, Entity, EntityType, Ref
from ..findings import Finding


def check_references(corpus: Corpus) -> Iterator[Finding]:
    entities = corpus.entities
    for ref in _entity_refs(corpus):
        entity = entities.get(ref.id)
        if entity is not None and entity.type == ref.expected:
            continue  # the common case, kept short
        finding = entity_finding(ref, entities)
        if finding is not None:
            yield finding
    documents = corpus.documents.keys() if corpus.catalog_ids is None else corpus.catalog_ids
    for file in corpus.files:
        if file.document not in documents:
            close = difflib.get_close_matches(file.document, sorted(documents), n=1, cutoff=0.6)
            yield file.document_where.finding(
                codes.REF_UNKNOWN_DOCUMENT,
                f"no document '{file.document}' in the catalog",
                f"did you mean '{close[0]}'?" if close else f"documents: {', '.join(sorted(documents))}",
            )
        yield from _claim_refs(file)
        yield from _duplicate_links(file)


def _duplicate_links(file: AnnotationFile) -> Iterator[Finding]:
    for claim in file.claims:
        about = claim.about
        if len(about) < 2 or len({link.target.id for link in about}) == len(about):
            continue  # the common case: every entity linked once
        linked: set[str] = set()
        for link in claim.about:
            if link.target.id in linked:
                yield link.where.finding(
                    codes.DUPLICATE_LINK,
                    f"the claim already links {link.target.expected} '{link.target.id}'",
                    "link each entity once, with one stance",
                )
            linked.add(link.target.id)


def _entity_refs(corpus: Corpus) -> Iterator[Ref]:
    """Every reference to an entity, wherever it is written."""
    for document in corpus.document_list:
        if document.default_speaker:
            yield document.default_speaker
        yield from (a.actor for a in document.authors if a.actor)
    yield from (e.defined_by for e in corpus.entity_list if e.defined_by)
    for file in corpus.files:
        yield from _file_entity_refs(file)


def _file_entity_refs(file: AnnotationFile) -> list[Ref]:
    """The references to entities of one file, in file order (a list: a
    generator of generators costs more than the references it gives)."""
    refs = [m.entity for m in file.mentions if m.entity]
    for claim in file.claims:
        if claim.speaker:
            refs.append(claim.speaker)
        refs += [link.target for link in claim.about]
    return refs


def entity_finding(ref: Ref, entities: dict[str, Entity]) -> Finding | None:
    """A finding when ``ref`` does not name a registry entity of its type."""
    expected = ref.expected
    assert expected != "claim"
    entity = entities.get(ref.id)
    if entity is None:
        same_type = [e.id for e in entities.values() if e.type == expected]
        close = difflib.get_close_matches(ref.id, same_type, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else f"add it to annotations/registry.yaml under '{ENTITY_LISTS[expected]}:'"
        )
        return ref.where.finding(codes.REF_UNKNOWN, f"no {expected} '{ref.id}' in the registry", hint)
    if entity.type != expected:
        return ref.where.finding(
            codes.REF_WRONG_TYPE,
            f"'{ref.id}' is {_article(entity.type)} {entity.type}, not {_article(expected)} {expected}",
            f"write '{entity.type}: {ref.id}' if the {entity.type} is meant",
        )
    return None


def _article(word: EntityType | str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _claim_refs(file: AnnotationFile) -> Iterator[Finding]:
    """Evidence supports or challenges claims of its own file (same document,
    same annotator: claim ids are per file)."""
    claims = {c.id: c for c in file.claims if c.id is not None}
    evidence = {e.id for e in file.evidence if e.id is not None}
    for item in file.evidence:
        seen: dict[str, str] = {}
        for relation, ref in item.relations():
            if ref.id in seen and seen[ref.id] != relation:
                yield ref.where.finding(
                    codes.REF_CONTRADICTORY,
                    f"evidence {item.id} both supports and challenges claim '{ref.id}'",
                    "keep the relation that holds; explain a mixed case in a note",
                )
            seen[ref.id] = relation
            if ref.id in claims:
                continue
            if ref.id in evidence:
                yield ref.where.finding(
                    codes.REF_WRONG_TYPE,
                    f"'{ref.id}' is evidence, not a claim",
                    "evidence supports or challenges claims only",
                )
                continue
            close = difflib.get_close_matches(ref.id, sorted(claims), n=1, cutoff=0.6)
            yield ref.where.finding(
                codes.REF_UNKNOWN,
                f"no claim '{ref.id}' in this file",
                f"did you mean '{close[0]}'?" if close else "check the claim's id",
            )


def check_evidence(corpus: Corpus) -> Iterator[Finding]:
    """Evidence that marks the very text of the claim it supports or
    challenges is a warning: evidence is the part that backs the claim."""
    for file in corpus.files:
        claims = {c.id: c for c in file.claims if c.id is not None}
        for item in file.evidence:
            if item.span is None:
                continue
            for relation, ref in item.relations():
                claim = claims.get(ref.id)
                if claim is not None and claim.span == item.span:
                    yield ref.where.finding(
                        codes.EVIDENCE_SAME_SPAN,
                        f"evidence {item.id} marks the same text as claim {ref.id}, which it {relation}",
                        "evidence is the part of the text that backs a claim (an example, "
                        "a citation, an event): mark that part, or drop the evidence if the sentence only claims",
                    )
