"""A starting gold layer from two annotators: what they agree on is copied
in, every disagreement is left out and listed, with both versions, in a
comment block for the adjudicator.

Units are matched by their exact characters (``matching.py``). A matched
pair agrees when every code agrees: a mention's entity; a claim's kind,
hedging, speaker and its ``about`` links with their stances; a piece of
evidence's kind and the claims it supports or challenges (which must be
agreed claims themselves, so that gold never names a claim it lacks). An
agreed unit is copied as the first annotator wrote it, its YAML lines
verbatim (quote, selectors, notes): the gold file validates as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .matching import Unit, match, units
from .model import GOLD, AnnotationFile, Claim, Corpus, Evidence, Mention
from .reporters import display_path

#: the sections of an annotation file, in the order gold writes them
SECTIONS = ("mentions", "not_mentions", "claims", "evidence")
_TYPES = {"mentions": "mention", "claims": "claim", "evidence": "evidence"}
DISAGREEMENTS_HEADING = "# == Disagreements to adjudicate"


class CurateError(Exception):
    """The gold file cannot be written: a usage problem, said in the message."""


@dataclass(slots=True)
class Curated:
    """The gold file's text, and what went into it."""

    text: str
    agreed: dict[str, int] = field(default_factory=dict)
    disagreements: int = 0


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def block(lines: Sequence[str], line: int) -> list[str]:
    """The YAML lines of the list item whose mapping starts on ``line``
    (1-based): from its ``- `` to the line before the next item or key at its
    level, without trailing blank lines and comments."""
    first = line - 1
    dash = len(lines[first]) - len(lines[first].lstrip())  # the column of the item's "- "
    end = first + 1
    while end < len(lines):
        text = lines[end]
        if text.strip() and len(text) - len(text.lstrip()) <= dash:
            break
        end += 1
    found = list(lines[first:end])
    while found and (not found[-1].strip() or found[-1].lstrip().startswith("#")):
        found.pop()
    return found


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


@dataclass(slots=True)
class _Disagreement:
    what: str
    versions: list[tuple[Unit, list[str]]]


def curate(
    corpus: Corpus,
    document: str,
    annotators: Sequence[str],
    *,
    date: dt.date | None = None,
    existing: str | None = None,
) -> Curated:
    """The text of a starting gold file for ``document`` from two annotators;
    with ``existing`` (the text of the corpus's gold file for it), only
    agreed units that the gold file lacks (by their characters) are added
    to it, and the disagreements block is made anew."""
    if len(annotators) != 2 or annotators[0] == annotators[1]:
        raise CurateError("curate compares two annotators: --from a,b")
    files = {f.annotator: f for f in corpus.files if f.document == document}
    missing = [a for a in annotators if a not in files]
    if missing:
        raise CurateError(f"no annotation file of {', '.join(repr(a) for a in missing)} for '{document}'")
    first, second = files[annotators[0]], files[annotators[1]]
    lines = {first.annotator: _lines(first.path), second.annotator: _lines(second.path)}
    matchings = {t: match(units(first, t), units(second, t), 1.0) for t in ("claim", "evidence", "mention")}
    claim_ids = {b.id: a.id for a, b in matchings["claim"].pairs}
    kept: dict[str, list[Unit]] = {section: [] for section in SECTIONS}
    disagreements: list[_Disagreement] = []

    def version(unit: Unit) -> tuple[Unit, list[str]]:
        return unit, block(lines[unit.annotator], unit.line)

    for a, b in matchings["mention"].pairs:
        if a.entity == b.entity:
            kept["mentions"].append(a)
        else:
            disagreements.append(_Disagreement(f"mention: entity {a.entity} / {b.entity}", [version(a), version(b)]))
    agreed_claims: set[str] = set()
    for a, b in matchings["claim"].pairs:
        assert isinstance(a.annotation, Claim) and isinstance(b.annotation, Claim)
        differences = _claim_differences(corpus, document, a.annotation, b.annotation)
        if differences:
            disagreements.append(_Disagreement(f"claim: {'; '.join(differences)}", [version(a), version(b)]))
        else:
            kept["claims"].append(a)
            agreed_claims.add(a.id)
    for a, b in matchings["evidence"].pairs:
        assert isinstance(a.annotation, Evidence) and isinstance(b.annotation, Evidence)
        differences = _evidence_differences(a.annotation, b.annotation, claim_ids, agreed_claims)
        if differences:
            disagreements.append(_Disagreement(f"evidence: {'; '.join(differences)}", [version(a), version(b)]))
        else:
            kept["evidence"].append(a)
    for t in ("mention", "claim", "evidence"):
        for unit in (*matchings[t].only_1, *matchings[t].only_2):
            disagreements.append(_Disagreement(f"{t}: marked by {unit.annotator} only", [version(unit)]))
    not_mentions = _agreed_not_mentions(first, second)
    gold = files.get(GOLD)
    present = _present(gold) if existing is not None and gold is not None else set()
    blocks = {
        section: [block(lines[first.annotator], u.line) for u in kept[section] if (section, u.pieces) not in present]
        for section in _TYPES
    }
    blocks["not_mentions"] = [
        block(lines[first.annotator], m.where.line)
        for m in not_mentions
        if m.span and ("not_mentions", m.span.pieces) not in present
    ]
    agreed = {section: len(found) for section, found in blocks.items()}
    text = (
        _merged(existing, blocks)
        if existing is not None
        else _new_file(document, annotators, date or dt.date.today(), blocks)
    )
    text = text.rstrip("\n") + "\n" + _disagreement_block(disagreements, corpus.root)
    return Curated(text, agreed, len(disagreements))


def _present(gold: AnnotationFile) -> set[tuple[str, tuple[tuple[int, int], ...]]]:
    """(section, pieces) of every unit the gold file already has."""
    sections: tuple[tuple[str, Sequence[Mention | Claim | Evidence]], ...] = (
        ("mentions", gold.mentions),
        ("not_mentions", gold.not_mentions),
        ("claims", gold.claims),
        ("evidence", gold.evidence),
    )
    return {(section, a.span.pieces) for section, found in sections for a in found if a.span}


def _agreed_not_mentions(first: AnnotationFile, second: AnnotationFile) -> list[Mention]:
    theirs = {m.span.pieces for m in second.not_mentions if m.span}
    return [m for m in first.not_mentions if m.span and m.span.pieces in theirs]


def _new_file(document: str, annotators: Sequence[str], date: dt.date, blocks: dict[str, list[list[str]]]) -> str:
    out = [
        "# yaml-language-server: $schema=../../schemas/annotation-file.schema.json",
        f"document: {document}",
        f"annotator: {GOLD}",
        "note: >-",
        f"  Adjudicated gold layer, started by sscorpus curate on {date.isoformat()} from annotators "
        f"{annotators[0]} and {annotators[1]}: the units they agree on are copied from {annotators[0]}'s "
        "file; each disagreement is listed at the end of this file and decided by the adjudicator, who "
        "records non-obvious decisions in notes.",
        "",
    ]
    for section in SECTIONS:
        if blocks[section]:
            out.append(f"{section}:")
            for found in blocks[section]:
                out += found
            out.append("")
    return "\n".join(out)


def _merged(existing: str, blocks: dict[str, list[list[str]]]) -> str:
    """``existing`` with the agreed blocks it lacks added at the end of their
    sections; its old disagreements block is dropped."""
    lines = existing.split("\n")
    if DISAGREEMENTS_HEADING in existing:
        lines = lines[: next(i for i, line in enumerate(lines) if line.startswith(DISAGREEMENTS_HEADING))]
    for section in SECTIONS:
        new = blocks[section]
        if not new:
            continue
        start = next((i for i, line in enumerate(lines) if line == f"{section}:"), None)
        if start is None:
            lines += [f"{section}:", *[line for found in new for line in found], ""]
            continue
        end = start + 1
        while end < len(lines) and (not lines[end] or lines[end][0] in " #"):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = [line for found in new for line in found]
    return "\n".join(lines)


def _disagreement_block(disagreements: list[_Disagreement], root: Path) -> str:
    if not disagreements:
        return f"\n{DISAGREEMENTS_HEADING}: none ==\n"
    out = [
        "",
        f"{DISAGREEMENTS_HEADING}: {len(disagreements)} ==",
        "# Each is left out of the file above. Decide by the guidelines: copy the version that holds (or",
        "# write a new one) into its section, record a non-obvious decision in its note, then delete the",
        "# entry here. Versions are as their annotators wrote them; a claim id may need renaming.",
        "#",
    ]
    ordered = sorted(disagreements, key=lambda d: min(u.start for u, _ in d.versions))
    for n, found in enumerate(ordered, 1):
        out.append(f"# {n}. {found.what}")
        for unit, lines in found.versions:
            out.append(f"#   {unit.annotator}: {unit.type} {unit.id}, {display_path(unit.path, root)}:{unit.line}")
            out += [f"#     {line}" for line in lines]
        out.append("#")
    return "\n".join(out) + "\n"


def write_gold(
    corpus: Corpus, document: str, annotators: Sequence[str], *, merge: bool = False
) -> tuple[Path, Curated]:
    """Write ``annotations/gold/<document>.yaml``; refuse to overwrite one
    unless ``merge``, which adds the new agreements only."""
    path = corpus.root / "annotations" / GOLD / f"{document}.yaml"
    if document not in corpus.documents:
        raise CurateError(f"no document '{document}' in the catalog")
    if path.exists() and not merge:
        raise CurateError(
            f"{path.relative_to(corpus.root).as_posix()} exists: adjudicated work is never "
            "overwritten (--merge adds the new agreements only)"
        )
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    curated = curate(corpus, document, annotators, existing=existing)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.curate")
    staging.write_text(curated.text, encoding="utf-8", newline="\n")
    staging.replace(path)
    return path, curated
