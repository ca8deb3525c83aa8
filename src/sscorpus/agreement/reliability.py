"""Reliability measures: precision, recall and F1 of unitizing, Cohen's kappa
and Krippendorff's alpha (nominal) of coding.

Each measure returns a ``Figure``: a value with the number of units behind
it, or no value and the reason it is undefined (no units, one category
only), never a number that means nothing. Alpha is computed by the
``krippendorff`` package; kappa is the textbook formula (Cohen 1960), a few
lines that do not justify scikit-learn and SciPy as dependencies of a small
command line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: fewer coded units than this and alpha and kappa are not given
MIN_UNITS = 2
#: above this many cells of units x values x values, alpha is computed sparse
DENSE_LIMIT = 5_000_000


@dataclass(frozen=True, slots=True)
class Figure:
    """One measure: its value (None when undefined, ``note`` then says why)
    and ``n``, the number of units it is computed on."""

    value: float | None
    n: int
    note: str = ""


def _undefined(n: int, note: str) -> Figure:
    return Figure(None, n, note)


def precision_recall_f1(matched: int, units_1: int, units_2: int) -> tuple[Figure, Figure, Figure]:
    """Annotator 2's units against annotator 1's: precision = matched /
    units_2, recall = matched / units_1, F1 = 2 matched / (units_1 + units_2)."""
    precision = Figure(matched / units_2, units_2) if units_2 else _undefined(0, "annotator 2 marked no units")
    recall = Figure(matched / units_1, units_1) if units_1 else _undefined(0, "annotator 1 marked no units")
    both = units_1 + units_2
    f1 = Figure(2 * matched / both, both) if both else _undefined(0, "no units")
    return precision, recall, f1


def percent_agreement(pairs: Sequence[tuple[str, str]]) -> Figure:
    """The share of units on which both annotators give the same value."""
    if not pairs:
        return _undefined(0, "no units coded by both")
    return Figure(sum(a == b for a, b in pairs) / len(pairs), len(pairs))


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Figure:
    """Cohen's kappa of two annotators' values on the same units:
    (p_o - p_e) / (1 - p_e), with p_e from each annotator's own marginals."""
    n = len(pairs)
    if n < MIN_UNITS:
        return _undefined(n, f"fewer than {MIN_UNITS} units coded by both")
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    observed = sum(a == b for a, b in pairs) / n
    expected = sum(first[v] * second[v] for v in first) / (n * n)
    if expected == 1:
        return _undefined(n, f"one category only: every value is '{pairs[0][0]}'")
    return Figure((observed - expected) / (1 - expected), n)


def krippendorff_alpha(units: Sequence[Sequence[str | None]]) -> Figure:
    """Krippendorff's alpha (nominal) of units coded by any number of
    annotators: each unit is the list of values the annotators gave it (None
    where one gave none). Only units with at least two values count (n).

    The ``krippendorff`` package computes it. It holds a units x values x
    values array, so on a large pool (thousands of mentions of hundreds of
    entities) it would need gigabytes: there ``nominal_alpha`` computes the
    same figure from the coincidence matrix (the tests hold the two equal)."""
    values = (tuple(v for v in unit if v is not None) for unit in units)
    return _alpha(tuple(unit for unit in values if len(unit) >= 2))


@lru_cache(maxsize=64)
def _alpha(pairable: tuple[tuple[str, ...], ...]) -> Figure:
    """Alpha of the units with two values or more, in their order: computed
    once per content, as a dataset measures the same units under several
    scopes and rules (a document alone is also all the documents of a pair)."""
    n = len(pairable)
    if n < MIN_UNITS:
        return _undefined(n, f"fewer than {MIN_UNITS} units coded by two annotators or more")
    domain = sorted({v for values in pairable for v in values})
    if len(domain) < 2:
        return _undefined(n, f"one category only: every value is '{domain[0]}'")
    if n * len(domain) ** 2 > DENSE_LIMIT:
        return Figure(nominal_alpha(pairable), n)
    column = {v: i for i, v in enumerate(domain)}
    import krippendorff  # numpy and krippendorff load only when alpha is computed
    import numpy as np

    counts = np.zeros((n, len(domain)), dtype=int)
    for row, values in enumerate(pairable):
        for value in values:
            counts[row, column[value]] += 1
    return Figure(float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")), n)


def nominal_alpha(units: Sequence[Sequence[str]]) -> float:
    """Nominal alpha from the coincidence matrix, kept sparse (Krippendorff
    2011, section C): alpha = 1 - (n - 1) * (sum of o_ck, c != k) /
    (n^2 - sum of n_c^2). Every unit holds two values or more, and more
    than one value occurs."""
    disagreement = 0.0
    totals: Counter[str] = Counter()
    for values in units:
        counts = Counter(values)
        m = len(values)
        # pairs of values of different categories, each pair counted once per order, / (m_u - 1)
        disagreement += (m * m - sum(c * c for c in counts.values())) / (m - 1)
        totals.update(counts)
    n = sum(totals.values())
    return 1 - (n - 1) * disagreement / (n * n - sum(c * c for c in totals.values()))
