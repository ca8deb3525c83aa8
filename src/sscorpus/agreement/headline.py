"""The headline agreement figures: the few figures of the agreement table
that the workbook's About sheet, the site's home page and the head of
``sscorpus agree``'s report state, chosen here once.

They are read from the rows of the agreement table (as ``agreement_rows``
gives them, as the workbook holds them, or as ``csv/agreement.csv`` reads
back), so that each output states the figures its downloads hold. Each pair
of annotators is reported over the documents both annotated, with n; three
annotators or more together with how many units each one coded; pairs with
no document in common are one line, not figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from .measure import ALL_DOCUMENTS, SEPARATOR

#: the matching rule of the headline figures
MATCHING = "exact"
#: the headline figures: (type, variable, measure), in this order
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("claim", "units", "f1"),
    ("claim", "kind", "alpha"),
    ("claim", "hedged", "alpha"),
    ("claim", "speaker", "alpha"),
    ("claim", "about-target", "f1"),
    ("claim", "about-stance", "alpha"),
    ("evidence", "units", "f1"),
    ("evidence", "kind", "alpha"),
    ("evidence", "claims-target", "f1"),
    ("mention", "units", "f1"),
    ("mention", "entity", "alpha"),
)


def _value(cell: object) -> float | None:
    """A figure from a row of the table: None when empty (None, '', NaN, NA);
    rounded as the table rounds it, so that every output shows the same digits."""
    try:
        value = float(str(cell))  # the CSV's text, a float, or pandas' NA (no number)
    except ValueError:
        return None
    return None if math.isnan(value) else round(value, 6)


def _text(cell: object) -> str:
    """A cell's text: empty for a missing value (None, NaN, pandas' NA)."""
    if isinstance(cell, str):
        return cell
    return "" if cell is None or _value(cell) is None else str(cell)


def names(annotators: Sequence[str]) -> str:
    """a; a and b; a, b and c."""
    return annotators[0] if len(annotators) == 1 else f"{', '.join(annotators[:-1])} and {annotators[-1]}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline figure of one group of annotators."""

    type: str
    variable: str
    measure: str
    value: float | None
    n: int
    note: str
    #: for three annotators or more: "a: 6 | b: 4 | c: 6"
    per_annotator: str

    @property
    def label(self) -> str:
        """span F1, kind alpha, about-target F1..."""
        measure = "F1" if self.measure == "f1" else self.measure
        return f"{'span' if self.variable == 'units' else self.variable} {measure}"

    @property
    def shown(self) -> str:
        return "undefined" if self.value is None else f"{self.value:.3f}"

    @property
    def coded_by(self) -> str:
        """a 6, b 4, c 6 (empty for a pair)."""
        return ", ".join(part.replace(": ", " ") for part in self.per_annotator.split(SEPARATOR) if part)

    def text(self) -> str:
        n = f"n = {self.n}" + (f"; coded by {self.coded_by}" if self.per_annotator else "")
        return f"{self.type} {self.label} {self.shown} ({n})"


@dataclass(frozen=True, slots=True)
class Group:
    """A pair of annotators, or three or more together, and their figures."""

    annotators: tuple[str, ...]
    documents: tuple[str, ...]
    figures: tuple[Figure, ...]

    @property
    def name(self) -> str:
        """a and b; a, b and c together."""
        return names(self.annotators) + (" together" if len(self.annotators) > 2 else "")

    @property
    def title(self) -> str:
        count = f"{len(self.documents)} document{'s' if len(self.documents) != 1 else ''}"
        docs = f"({', '.join(self.documents)})"
        if len(self.annotators) == 2:
            return f"{names(self.annotators)}, on the {count} both annotated {docs}"
        return f"{self.name}, on {count} {docs}"


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline figures of a scope (every document, or one)."""

    scope: str
    groups: tuple[Group, ...]
    #: pairs of annotators with no document in common: not compared
    unshared: tuple[tuple[str, str], ...]

    @property
    def together(self) -> bool:
        """Whether three annotators or more are compared together."""
        return any(len(group.annotators) > 2 for group in self.groups)

    @property
    def unshared_line(self) -> str:
        if not self.unshared:
            return ""
        return "No document in common, not compared: " + "; ".join(names(pair) for pair in self.unshared) + "."

    def lines(self) -> list[str]:
        """The figures as sentences: one per group, then the pairs not compared."""
        found = [
            f"{group.title}, {MATCHING} matching: " + "; ".join(f.text() for f in group.figures) + "."
            for group in self.groups
        ]
        if self.unshared:
            found.append(self.unshared_line)
        return found


def headline(rows: Iterable[Mapping[str, object]], annotators: Sequence[str], scope: str = ALL_DOCUMENTS) -> Headline:
    """The headline figures of the agreement table's ``rows`` for the
    independent ``annotators`` (the pairs that have no rows had no document in
    common)."""
    chosen = {key: i for i, key in enumerate(FIGURES)}
    documents: dict[str, set[str]] = {}
    figures: dict[str, list[tuple[int, Figure]]] = {}
    for row in rows:
        group = _text(row["annotators"])
        if _text(row["doc_id"]) != ALL_DOCUMENTS:
            documents.setdefault(group, set()).add(_text(row["doc_id"]))
        key = (_text(row["type"]), _text(row["variable"]), _text(row["measure"]))
        if _text(row["doc_id"]) == scope and _text(row["matching"]) == MATCHING and key in chosen:
            value = _value(row["value"])
            n = _value(row["n"])
            figure = Figure(*key, value, int(n or 0), _text(row.get("note")), _text(row.get("n_per_annotator")))
            figures.setdefault(group, []).append((chosen[key], figure))
    groups = []
    for group, found in sorted(figures.items(), key=lambda item: (item[0].count(SEPARATOR), item[0])):
        members = tuple(group.split(SEPARATOR))
        if scope != ALL_DOCUMENTS:
            docs = {scope}
        elif len(members) == 2:
            docs = documents.get(group, set())
        else:  # the documents of the pairs it joins
            docs = {d for pair in combinations(members, 2) for d in documents.get(SEPARATOR.join(pair), set())}
        groups.append(Group(members, tuple(sorted(docs)), tuple(f for _, f in sorted(found, key=lambda x: x[0]))))
    compared = {g.annotators for g in groups if len(g.annotators) == 2}
    unshared = tuple(pair for pair in combinations(sorted(annotators), 2) if pair not in compared)
    return Headline(scope, tuple(groups), unshared)
