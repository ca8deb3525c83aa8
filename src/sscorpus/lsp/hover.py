"""Hover: what a quote resolves to, the registry entry of an entity id, the
quote of a claim named in ``supports`` or ``challenges``."""

from __future__ import annotations

from ..corpus.anchors import TextIndex
from ..corpus.model import Annotation, Claim, Corpus, Entity, Span
from .places import ENTITY_KEYS, Here, annotation_at, claim_named, document_of, entity_named
from .state import FileState

#: characters of context shown on each side of a quote
CONTEXT = 80


def hover_text(corpus: Corpus, state: FileState, found: Here) -> str | None:
    """Markdown for the value under the cursor, or None."""
    entity = entity_named(corpus, found)
    if entity is not None:
        return entity_text(entity)
    if found.key in ENTITY_KEYS and isinstance(found.value, str):
        return f"`{found.value}` is not in the registry (annotations/registry.yaml)"
    claim = claim_named(state, found)
    if claim is not None:
        return claim_text(corpus, state, claim)
    if found.key in ("quote", "occurrence", "prefix", "suffix", "start", "end", "pieces"):
        annotation = annotation_at(state, found.pointer)
        if annotation is not None:
            return anchor_text(corpus, state, annotation)
    return None


def entity_text(entity: Entity) -> str:
    """The registry entry: its type and id, names and the fields it has."""
    lines = [f"**{entity.name}** ({entity.type} `{entity.id}`)", ""]
    fields = {
        "aliases": ", ".join(entity.aliases) or None,
        "acronym": entity.acronym,
        "kind": entity.kind,
        "country": entity.country,
        "region": entity.region,
        "role": entity.role,
        "affiliation": entity.affiliation,
        "founded": entity.founded,
        "scope": entity.scope,
        "definition": entity.definition,
        "wikidata": entity.wikidata,
        "note": entity.note,
    }
    lines += [f"- {name}: {value}" for name, value in fields.items() if value not in (None, "")]
    lines.append(f"\nannotations/registry.yaml, line {entity.id_where.line}")
    return "\n".join(lines)


def passage(index: TextIndex, span: Span) -> str:
    """The span with a line of context around it, and its ``line:col``."""
    text = index.text
    start, end = span.start, span.end
    before = text[max(0, start - CONTEXT) : start].rsplit("\n", 1)[-1]
    after = text[end : end + CONTEXT].split("\n", 1)[0]
    line, column = index.line_column(start)
    quoted = " [...] ".join(text[s:e] for s, e in span.pieces)
    return f"line {line}:{column}\n\n> {before}**{quoted}**{after}"


def anchor_text(corpus: Corpus, state: FileState, annotation: Annotation) -> str:
    known = document_of(corpus, state)
    if isinstance(annotation.anchor, Span) and known is not None:
        return f"The quote resolves to {passage(known[1], annotation.anchor)}"
    # anchoring recorded why among the file's findings, at the annotation or below it
    pointer = annotation.where.pointer
    findings = [
        f
        for f in state.findings
        if str(f.code).startswith("anchor.") and (f.pointer == pointer or f.pointer.startswith(pointer + "/"))
    ]
    if not findings:
        return "The quote does not resolve (its document's text cannot be read, or the value is invalid)."
    reasons = "\n\n".join(f"`{f.code}` {f.message}" + (f"\n\n{f.hint}" if f.hint else "") for f in findings)
    return f"The quote does not resolve:\n\n{reasons}"


def claim_text(corpus: Corpus, state: FileState, claim: Claim) -> str:
    head = f"claim `{claim.id}`" + (f" ({claim.kind})" if claim.kind else "")
    known = document_of(corpus, state)
    if isinstance(claim.anchor, Span) and known is not None:
        return f"{head}: {passage(known[1], claim.anchor)}"
    return f"{head}, line {claim.where.line}: its quote does not resolve"
