"""Agreement between annotators: unitizing and coding, per document and
over all documents, for every pair of annotators that annotated a document
in common, over the documents both annotated (and, when three or more share
documents, all of them together where the measure allows: alpha, with the
number of units each one coded). Pairs with no document in common are not
compared: ``Agreement.unshared`` names them.

Units are matched by ``matching.py`` under two rules (exact, overlap):
``units`` gives precision, recall and F1 of each type. On the units two
annotators matched, the codes are compared (agreement, kappa, alpha):

- claim ``kind``, ``hedged``, ``speaker`` (the claim's own, or the document's
  default); its links to entities: ``about-target`` (precision, recall and
  F1 of the entities linked: a link present in one annotation and not the
  other is an unmatched link) and ``about-stance`` (the stance, on the links
  both made);
- evidence ``kind``, and the claims it supports or challenges, the same way
  (``claims-target``, ``claims-relation``); a claim is the same claim for
  both annotators when their claims were matched; links to claims the other
  annotator has no match for are left out (the claim itself is already a
  unitizing disagreement);
- mention ``entity``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..corpus.model import GOLD, AnnotationFile, Claim, Corpus, Evidence, Mention
from .matching import RULES, UNIT_TYPES, Matching, Unit, UnitType, match, units
from .reliability import Figure, cohen_kappa, krippendorff_alpha, percent_agreement, precision_recall_f1

#: the scope of figures pooled over every document compared
ALL_DOCUMENTS = "(all)"
#: separator of the annotators of a group, as the agreement table writes them
SEPARATOR = " | "
#: the value of a link an annotator did not make (in the list of disagreements)
NO_LINK = "none"
#: every variable compared, in the order of the report: unitizing ("units"),
#: codes of matched units, and their links
VARIABLES: tuple[tuple[UnitType, str], ...] = (
    ("claim", "units"),
    ("claim", "kind"),
    ("claim", "hedged"),
    ("claim", "speaker"),
    ("claim", "about-target"),
    ("claim", "about-stance"),
    ("evidence", "units"),
    ("evidence", "kind"),
    ("evidence", "claims-target"),
    ("evidence", "claims-relation"),
    ("mention", "units"),
    ("mention", "entity"),
)


@dataclass(frozen=True, slots=True)
class Result:
    """One figure of the agreement report."""

    scope: str
    annotators: tuple[str, ...]
    type: UnitType
    #: "units", or the code compared: kind, hedged, speaker, about, entity...
    variable: str
    #: precision, recall, f1, agreement, alpha or kappa
    measure: str
    matching: str
    figure: Figure
    #: for unitizing: the number of matched units (or links)
    matched: int | None = None
    #: for three annotators or more: (annotator, units they coded of the n)
    per_annotator: tuple[tuple[str, int], ...] = ()


#: a unit as coded by several annotators: annotator -> their unit
Joint = Mapping[str, Unit]
#: the links of one unit: target -> label (a stance, supports or challenges)
Links = dict[str, str]


# -- the codes compared -------------------------------------------------------------------


def _label(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "(none)" if value is None else str(value)


def codes(type_: UnitType, corpus: Corpus, document: str) -> dict[str, Callable[[Unit], str]]:
    """The codes of a unit of the type compared on matched units, by name:
    each gives a unit's value as text."""

    def claim(u: Unit) -> Claim:
        assert isinstance(u.annotation, Claim)
        return u.annotation

    def evidence(u: Unit) -> Evidence:
        assert isinstance(u.annotation, Evidence)
        return u.annotation

    def mention(u: Unit) -> Mention:
        assert isinstance(u.annotation, Mention)
        return u.annotation

    if type_ == "claim":
        return {
            "kind": lambda u: _label(claim(u).kind),
            "hedged": lambda u: _label(claim(u).hedged),
            "speaker": lambda u: _label(corpus.speaker_of(claim(u), document)),
        }
    if type_ == "evidence":
        return {"kind": lambda u: _label(evidence(u).kind)}
    return {"entity": lambda u: _label(mention(u).entity_id)}


def about_links(u: Unit) -> Links:
    assert isinstance(u.annotation, Claim)
    return {link.target.id: _label(link.stance) for link in u.annotation.about}


def claim_links(u: Unit, claim_keys: Mapping[tuple[str, str], str]) -> Links:
    """The evidence's links to claims, each claim named by its matched unit's
    key; links to claims without a match are left out."""
    assert isinstance(u.annotation, Evidence)
    found = {}
    for relation, ref in u.annotation.relations():
        key = claim_keys.get((u.annotator, ref.id))
        if key is not None:
            found[key] = relation
    return found


# -- per variable ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Coded:
    """The values of one variable, gathered over units (and documents)."""

    #: each unit's values, one per annotator (None: not coded by that one)
    units: list[list[str | None]]

    def figures(self, pair: bool) -> dict[str, Figure]:
        found = {"alpha": krippendorff_alpha(self.units)}
        if pair:
            pairs = [(a, b) for a, b in self.units if a is not None and b is not None]
            found["agreement"] = percent_agreement(pairs)
            found["kappa"] = cohen_kappa(pairs)
        return found

    def coded_by(self, annotators: Sequence[str]) -> tuple[tuple[str, int], ...]:
        """How many of the units alpha counts (those coded by two annotators
        or more) each annotator coded."""
        pairable = [unit for unit in self.units if sum(v is not None for v in unit) >= 2]
        return tuple((a, sum(unit[i] is not None for unit in pairable)) for i, a in enumerate(annotators))


@dataclass(slots=True)
class Variables:
    """Every variable of one group of annotators under one rule, pooled over
    the documents added."""

    annotators: tuple[str, ...]
    coded: dict[tuple[UnitType, str], Coded]
    #: unitizing counts per type, and link counts: matched, units of 1, units of 2
    counts: dict[tuple[UnitType, str], list[int]]

    @classmethod
    def empty(cls, annotators: tuple[str, ...]) -> Variables:
        return cls(annotators, {}, {})

    def code(self, type_: UnitType, variable: str, values: list[str | None]) -> None:
        self.coded.setdefault((type_, variable), Coded([])).units.append(values)

    def count(self, type_: UnitType, variable: str, matched: int, first: int, second: int) -> None:
        counts = self.counts.setdefault((type_, variable), [0, 0, 0])
        counts[0] += matched
        counts[1] += first
        counts[2] += second

    def add_links(self, type_: UnitType, name: str, joints: Iterable[Joint], links_of: Callable[[Unit], Links]) -> None:
        """Links of matched units: the targets (counted like units: a link
        only one annotator made is unmatched) and, on the links both made,
        their label (``<name>-stance`` or ``-relation``)."""
        label = f"{name}-{'stance' if name == 'about' else 'relation'}"
        for joint in joints:
            links = [links_of(joint[a]) if a in joint else None for a in self.annotators]
            targets = sorted({t for found in links if found is not None for t in found})
            for target in targets:
                self.code(type_, label, [None if found is None else found.get(target) for found in links])
            if len(self.annotators) == 2 and all(found is not None for found in links):
                first, second = (set(found) for found in links if found is not None)
                self.count(type_, f"{name}-target", len(first & second), len(first), len(second))

    def results(self, scope: str, rule: str) -> list[Result]:
        """Every figure of every variable, undefined ones included (no
        units: n = 0 and a note), so that every table has the same rows."""
        pair = len(self.annotators) == 2
        found = []
        for key in VARIABLES:
            type_, variable = key
            if variable == "units" or variable.endswith("-target"):
                if pair:  # precision and recall need a reference: pairs only
                    matched, first, second = self.counts.get(key, (0, 0, 0))
                    names = ("precision", "recall", "f1")
                    for measure, figure in zip(names, precision_recall_f1(matched, first, second), strict=True):
                        found.append(Result(scope, self.annotators, type_, variable, measure, rule, figure, matched))
                continue
            coded = self.coded.get(key, Coded([]))
            per_annotator = () if pair else coded.coded_by(self.annotators)
            for measure, figure in coded.figures(pair).items():
                found.append(
                    Result(scope, self.annotators, type_, variable, measure, rule, figure, per_annotator=per_annotator)
                )
        return found


def add_document(
    variables: Variables, corpus: Corpus, document: str, joints: Mapping[UnitType, Sequence[Joint]]
) -> None:
    """Add one document's jointly coded units to the variables."""
    for type_ in UNIT_TYPES:
        for name, code in codes(type_, corpus, document).items():
            for joint in joints[type_]:
                variables.code(type_, name, [code(joint[a]) if a in joint else None for a in variables.annotators])
    variables.add_links("claim", "about", joints["claim"], about_links)
    claim_keys = {(a, u.id): f"{document}#{i}" for i, joint in enumerate(joints["claim"]) for a, u in joint.items()}
    variables.add_links("evidence", "claims", joints["evidence"], lambda u: claim_links(u, claim_keys))


# -- groups of annotators ---------------------------------------------------------------------


def pair_matchings(first: AnnotationFile, second: AnnotationFile, rule: str) -> dict[UnitType, Matching]:
    return {t: match(units(first, t), units(second, t), RULES[rule]) for t in UNIT_TYPES}


def _connected(pairs: Iterable[tuple[Unit, Unit]]) -> list[list[Unit]]:
    """The groups of units that the pairs connect (union-find)."""
    parent: dict[Unit, Unit] = {}

    def find(x: Unit) -> Unit:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[Unit, list[Unit]] = {}
    for unit in list(parent):
        groups.setdefault(find(unit), []).append(unit)
    return list(groups.values())


def joint_units(files: Sequence[AnnotationFile], rule: str) -> tuple[dict[UnitType, list[Joint]], int]:
    """Units coded by several annotators: the groups of units that the
    pairwise matchings connect, when each annotator has at most one unit in
    the group. Returns them per type, and the number of groups left out
    because one annotator has two units in them."""
    joints: dict[UnitType, list[Joint]] = {}
    left_out = 0
    for type_ in UNIT_TYPES:
        of_file = [units(file, type_) for file in files]
        pairs = [pair for first, second in combinations(of_file, 2) for pair in match(first, second, RULES[rule]).pairs]
        joints[type_] = []
        for group in _connected(pairs):
            if len({u.annotator for u in group}) < len(group):
                left_out += 1
            else:
                joints[type_].append({u.annotator: u for u in sorted(group, key=lambda u: u.annotator)})
        joints[type_].sort(key=lambda j: min(u.start for u in j.values()))
    return joints, left_out


@dataclass(frozen=True, slots=True)
class Agreement:
    """Every figure, and the documents and annotators compared."""

    annotators: tuple[str, ...]
    documents: tuple[str, ...]
    results: tuple[Result, ...]
    #: (scope, rule) -> groups left out of the all-annotators figures
    left_out: Mapping[tuple[str, str], int]
    #: the pairs of annotators compared, each with the documents both annotated
    shared: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: the pairs of annotators with no document in common: not compared
    unshared: tuple[tuple[str, str], ...] = ()


def independent_annotators(corpus: Corpus) -> list[str]:
    """The annotators whose agreement is measured by default: every layer but
    gold (an adjudication of them, not an independent annotation)."""
    return sorted({f.annotator for f in corpus.files} - {GOLD})


def files_by_document(
    corpus: Corpus, annotators: Sequence[str], document: str | None = None
) -> dict[str, dict[str, AnnotationFile]]:
    """document -> annotator -> file, for the annotators and documents asked."""
    found: dict[str, dict[str, AnnotationFile]] = {}
    for file in corpus.files:
        if file.annotator in annotators and (document is None or file.document == document):
            found.setdefault(file.document, {})[file.annotator] = file
    return dict(sorted(found.items()))


def shared_documents(
    by_document: Mapping[str, Mapping[str, AnnotationFile]], annotators: Sequence[str]
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Every pair of ``annotators`` (in the order of their names), with the
    documents both annotated (none: the pair cannot be compared)."""
    return {
        (a, b): tuple(d for d, files in by_document.items() if a in files and b in files)
        for a, b in combinations(sorted(annotators), 2)
    }


def agree(corpus: Corpus, annotators: Sequence[str], document: str | None = None) -> Agreement:
    """Agreement of every pair of ``annotators`` that annotated a document
    in common, over the documents both annotated (or ``document`` only), per
    document and pooled over them; and, when three or more of them share
    documents, of all those together. Pairs with nothing in common are no
    figures but ``Agreement.unshared``."""
    annotators = tuple(sorted(annotators))
    by_document = files_by_document(corpus, annotators, document)
    shared = shared_documents(by_document, annotators)
    groups: list[tuple[str, ...]] = [pair for pair, docs in shared.items() if docs]
    together = tuple(sorted({a for pair in groups for a in pair}))
    if len(together) > 2:
        groups.append(together)
    results: list[Result] = []
    left_out: dict[tuple[str, str], int] = {}
    for rule in RULES:
        for group in groups:
            pooled = Variables.empty(group)
            for doc_id, files in by_document.items():
                present = [files[a] for a in group if a in files]
                if len(present) < 2:
                    continue
                variables = Variables.empty(group)
                if len(group) == 2:
                    matchings = pair_matchings(present[0], present[1], rule)
                    joints: dict[UnitType, list[Joint]] = {
                        t: [{a.annotator: a, b.annotator: b} for a, b in m.pairs] for t, m in matchings.items()
                    }
                    for target in (variables, pooled):
                        for t, m in matchings.items():
                            target.count(
                                t, "units", len(m.pairs), len(m.pairs) + len(m.only_1), len(m.pairs) + len(m.only_2)
                            )
                else:
                    joints, dropped = joint_units(present, rule)
                    left_out[(doc_id, rule)] = dropped
                    left_out[(ALL_DOCUMENTS, rule)] = left_out.get((ALL_DOCUMENTS, rule), 0) + dropped
                add_document(pooled, corpus, doc_id, joints)
                if len(group) == 2 or len(present) > 2:  # else the pair's figures of the document say it
                    add_document(variables, corpus, doc_id, joints)
                    results += variables.results(doc_id, rule)
            results += pooled.results(ALL_DOCUMENTS, rule)
    compared = tuple(d for d, files in by_document.items() if len(files) >= 2)
    return Agreement(
        annotators,
        compared,
        tuple(results),
        left_out,
        {pair: docs for pair, docs in shared.items() if docs},
        tuple(pair for pair, docs in shared.items() if not docs),
    )
