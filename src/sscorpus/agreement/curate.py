"""What two annotators agree on, for a starting gold layer: the agreed units,
and every disagreement with both versions.

Units are matched by their exact characters (``matching.py``). A matched
pair agrees when every code agrees: a mention's entity; a claim's kind,
hedging, speaker and its ``about`` links with their stances; a piece of
evidence's kind and the claims it supports or challenges (which must be
agreed claims themselves, so that gold never names a claim it lacks).
``not_mentions`` items agree when both annotators have one at the same
characters. ``goldfile.py`` writes the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..corpus.model import AnnotationFile, Claim, Corpus, Evidence, Mention
from .matching import UNIT_TYPES, Unit, match, units

#: the sections of an annotation file, in the order gold writes them
SECTIONS = ("mentions", "not_mentions", "claims", "evidence")


class CurateError(Exception):
    """The gold file cannot be written: a usage problem, said in the message."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    what: str
    #: each annotator's version (one when only one annotator marked the place)
    versions: tuple[Unit, ...]


@dataclass(slots=True)
class Agreement:
    """The first annotator's annotations that both agree on, by section, in
    text order, and the disagreements."""

    first: AnnotationFile
    second: AnnotationFile
    agreed: dict[str, list[Mention | Claim | Evidence]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def _about(claim: Claim) -> frozenset[tuple[str, str | None]]:
    return frozenset((link.target.id, link.stance) for link in claim.about)


def _claim_differences(corpus: Corpus, document: str, a: Claim, b: Claim) -> list[str]:
    found = []
    for name, one, two in (
        ("kind", a.kind, b.kind),
        ("hedged", a.hedged, b.hedged),
        ("speaker", corpus.speaker_of(a, document), corpus.speaker_of(b, document)),
    ):
        if one != two:
            found.append(f"{name}: {one} / {two}")
    if _about(a) != _about(b):
        only_a = sorted(f"{t}={s}" for t, s in _about(a) - _about(b))
        only_b = sorted(f"{t}={s}" for t, s in _about(b) - _about(a))
        found.append(f"about: {', '.join(only_a) or '-'} / {', '.join(only_b) or '-'}")
    return found


def _evidence_differences(a: Evidence, b: Evidence, claim_ids: dict[str, str], agreed_claims: set[str]) -> list[str]:
    found = [f"kind: {a.kind} / {b.kind}"] if a.kind != b.kind else []
    mine = {(relation, ref.id) for relation, ref in a.relations()}
    theirs = {(relation, claim_ids.get(ref.id, f"{ref.id} (unmatched)")) for relation, ref in b.relations()}
    if mine != theirs:
        found.append(
            f"claims: {', '.join(sorted(f'{r} {c}' for r, c in mine))} / "
            f"{', '.join(sorted(f'{r} {c}' for r, c in theirs))}"
        )
    unsettled = sorted(c for _, c in mine if c not in agreed_claims)
    if not found and unsettled:
        found.append(f"its claims are not agreed yet: {', '.join(unsettled)}")
    return found


def agree(corpus: Corpus, document: str, annotators: Sequence[str]) -> Agreement:
    """What the two ``annotators`` agree on in ``document``, and where they differ."""
    if len(annotators) != 2 or annotators[0] == annotators[1]:
        raise CurateError("curate compares two annotators: --from a,b")
    if document not in corpus.documents:
        raise CurateError(f"no document '{document}' in the catalog")
    files = {f.annotator: f for f in corpus.files if f.document == document}
    missing = [a for a in annotators if a not in files]
    if missing:
        raise CurateError(f"no annotation file of {', '.join(repr(a) for a in missing)} for '{document}'")
    result = Agreement(files[annotators[0]], files[annotators[1]], {section: [] for section in SECTIONS})
    matchings = {t: match(units(result.first, t), units(result.second, t), 1.0) for t in UNIT_TYPES}
    claim_ids = {b.id: a.id for a, b in matchings["claim"].pairs}

    def disagree(what: str, *versions: Unit) -> None:
        result.disagreements.append(Disagreement(what, versions))

    for a, b in matchings["mention"].pairs:
        if a.entity == b.entity:
            result.agreed["mentions"].append(a.annotation)
        else:
            disagree(f"mention: entity {a.entity} / {b.entity}", a, b)
    agreed_claims: set[str] = set()
    for a, b in matchings["claim"].pairs:
        assert isinstance(a.annotation, Claim) and isinstance(b.annotation, Claim)
        differences = _claim_differences(corpus, document, a.annotation, b.annotation)
        if differences:
            disagree(f"claim: {'; '.join(differences)}", a, b)
        else:
            result.agreed["claims"].append(a.annotation)
            agreed_claims.add(a.id)
    for a, b in matchings["evidence"].pairs:
        assert isinstance(a.annotation, Evidence) and isinstance(b.annotation, Evidence)
        differences = _evidence_differences(a.annotation, b.annotation, claim_ids, agreed_claims)
        if differences:
            disagree(f"evidence: {'; '.join(differences)}", a, b)
        else:
            result.agreed["evidence"].append(a.annotation)
    for t in UNIT_TYPES:
        for unit in (*matchings[t].only_1, *matchings[t].only_2):
            disagree(f"{t}: marked by {unit.annotator} only", unit)
    theirs = {m.span.pieces for m in result.second.not_mentions if m.span}
    result.agreed["not_mentions"] = [m for m in result.first.not_mentions if m.span and m.span.pieces in theirs]
    return result
