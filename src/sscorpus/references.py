"""Identity and references: every id unique, every link resolves to an
entity or annotation of the right type."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .findings import Finding, Severity
from .loading import LoadedFile
from .model import ENTITY_LISTS, AnnotationFile, Entity, EntityType


def entity_ref(loaded: LoadedFile, pointer: str, value: object, expected: EntityType,
               entities: dict[str, Entity]) -> Finding | None:
    """A finding when ``value`` does not name a registry entity of type ``expected``."""
    if not isinstance(value, str):
        return None  # a type error the schema reports
    entity = entities.get(value)
    if entity is None:
        same_type = [e.id for e in entities.values() if e.type == expected]
        close = difflib.get_close_matches(value, same_type, n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}'?" if close else
                f"add it to annotations/registry.yaml under '{ENTITY_LISTS[expected]}:'")
        return loaded.finding(pointer, "ref.unknown", f"no {expected} '{value}' in the registry", hint)
    if entity.type != expected:
        return loaded.finding(
            pointer, "ref.wrong-type",
            f"'{value}' is {_article(entity.type)} {entity.type}, not {_article(expected)} {expected}",
            f"write '{entity.type}: {value}' if the {entity.type} is meant")
    return None


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


@dataclass(frozen=True, slots=True)
class DanglingClaim:
    """An evidence link to a claim id that its file does not have. Whether the
    id is a claim of another document is known once every file is read."""

    finding: Finding  # ref.unknown, at the link
    document: str
    target: str


def claim_links(file: AnnotationFile, loaded: LoadedFile) -> tuple[list[Finding], list[DanglingClaim]]:
    """Evidence must support or challenge claims of its own file (same
    document, same annotator): the findings, and the links to ids the file
    does not have."""
    findings: list[Finding] = []
    dangling: list[DanglingClaim] = []
    claims = {c.id for c in file.claims}
    evidence = {e.id for e in file.evidence}
    for item in file.evidence:
        seen: dict[str, str] = {}
        for relation in ("supports", "challenges"):
            ids = item.data.get(relation)
            for j, target in enumerate(ids if isinstance(ids, list) else []):
                if not isinstance(target, str):
                    continue
                pointer = f"{item.pointer}/{relation}/{j}"
                if target in seen and seen[target] != relation:
                    findings.append(loaded.finding(
                        pointer, "ref.contradictory",
                        f"evidence {item.id} both supports and challenges claim '{target}'",
                        "keep the relation that holds; explain a mixed case in a note"))
                seen[target] = relation
                if target in claims:
                    continue
                if target in evidence:
                    findings.append(loaded.finding(
                        pointer, "ref.wrong-type", f"'{target}' is evidence, not a claim",
                        "evidence supports or challenges claims only"))
                    continue
                close = difflib.get_close_matches(target, sorted(i for i in claims if i), n=1, cutoff=0.6)
                dangling.append(DanglingClaim(loaded.finding(
                    pointer, "ref.unknown", f"no claim '{target}' in this file",
                    f"did you mean '{close[0]}'?" if close else "check the claim's id"), file.document, target))
    return findings, dangling


def resolve_dangling(dangling: Iterable[DanglingClaim], files: Iterable[AnnotationFile]) -> list[Finding]:
    """ref.other-document for a link to a claim of another document, else
    ref.unknown."""
    documents: dict[str, set[str]] = {}
    for file in files:
        for claim in file.claims:
            if claim.id is not None:
                documents.setdefault(claim.id, set()).add(file.document)
    findings = []
    for link in dangling:
        others = sorted(documents.get(link.target, set()) - {link.document})
        if others:
            findings.append(replace(
                link.finding, code="ref.other-document",
                message=f"claim '{link.target}' belongs to {', '.join(others)}, not to {link.document}",
                hint="evidence can only support or challenge claims of its own document"))
        else:
            findings.append(link.finding)
    return findings


def unmentioned(entities: dict[str, Entity], files: Iterable[AnnotationFile],
                registry: LoadedFile) -> list[Finding]:
    """A warning for each registry entity that no annotation file mentions."""
    used = {m.entity for file in files for m in file.mentions if m.entity}
    return [registry.finding(f"{e.pointer}/id", "entity.unmentioned",
                             f"{e.type} '{e.id}' is never mentioned in any document",
                             "add its mentions, or remove it from the registry",
                             severity=Severity.WARNING)
            for e in entities.values() if e.id not in used]
