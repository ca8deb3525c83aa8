"""The reliability measures against published worked examples and small
cases computed by hand."""

from __future__ import annotations

import krippendorff
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sscorpus.agreement import reliability
from sscorpus.agreement.reliability import (
    cohen_kappa,
    krippendorff_alpha,
    nominal_alpha,
    percent_agreement,
    precision_recall_f1,
)

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

#: A. binary data, two observers, no missing data: alpha = 0.095
MARY = ["0", "1", "0", "0", "0", "0", "0", "0", "1", "0"]
DAVE = ["1", "1", "1", "0", "0", "1", "0", "0", "0", "0"]
#: B. nominal data, two observers, no missing data: alpha = 0.692
BEN = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
GERRY = ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"]
#: C. nominal data, four observers, missing data (None): alpha = 0.743 (unit 12 is not pairable)
OBSERVERS_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_alpha_of_krippendorffs_binary_example() -> None:
    figure = krippendorff_alpha(list(zip(MARY, DAVE, strict=True)))
    assert figure.value == pytest.approx(0.095, abs=5e-4)
    assert figure.n == 10


def test_alpha_of_krippendorffs_nominal_example_with_two_observers() -> None:
    figure = krippendorff_alpha(list(zip(BEN, GERRY, strict=True)))
    assert figure.value == pytest.approx(0.692, abs=5e-4)
    assert figure.n == 12


def test_alpha_of_krippendorffs_example_with_four_observers_and_missing_values() -> None:
    units = [[None if row[i] is None else str(row[i]) for row in OBSERVERS_C] for i in range(12)]
    figure = krippendorff_alpha(units)
    assert figure.value == pytest.approx(0.743, abs=5e-4)
    assert figure.n == 11  # unit 12 has one value only


def test_alpha_computed_by_hand() -> None:
    # values x:3, y:5 of n=8; one unit disagrees: o_xy + o_yx = 2
    # alpha = 1 - (n - 1) * 2 / (2 * n_x * n_y) = 1 - 7 * 2 / 30
    figure = krippendorff_alpha([("x", "x"), ("x", "y"), ("y", "y"), ("y", "y")])
    assert figure.value == pytest.approx(1 - 14 / 30)


def test_alpha_is_one_for_full_agreement_with_two_categories() -> None:
    assert krippendorff_alpha([("x", "x"), ("y", "y")]).value == pytest.approx(1.0)


def test_alpha_is_undefined_with_one_category_or_too_few_units() -> None:
    one = krippendorff_alpha([("x", "x"), ("x", "x"), ("x", "x")])
    assert one.value is None and one.n == 3 and "one category" in one.note
    few = krippendorff_alpha([("x", "y")])
    assert few.value is None and few.n == 1 and few.note
    # units coded by one annotator only are not pairable
    lonely = krippendorff_alpha([("x", None), (None, "y"), ("x", None)])
    assert lonely.value is None and lonely.n == 0


# Cohen's kappa: the worked examples of https://en.wikipedia.org/wiki/Cohen%27s_kappa


def _table(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> list[tuple[str, str]]:
    return [("yes", "yes")] * yes_yes + [("yes", "no")] * yes_no + [("no", "yes")] * no_yes + [("no", "no")] * no_no


def test_kappa_of_the_fifty_grant_proposals() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5, kappa = 0.4
    figure = cohen_kappa(_table(20, 5, 10, 15))
    assert figure.value == pytest.approx(0.4)
    assert figure.n == 50


@pytest.mark.parametrize(("counts", "kappa"), [((45, 15, 25, 15), 0.1304), ((25, 35, 5, 35), 0.2593)])
def test_kappa_of_the_same_agreement_with_other_marginals(counts: tuple[int, int, int, int], kappa: float) -> None:
    assert cohen_kappa(_table(*counts)).value == pytest.approx(kappa, abs=5e-5)


def test_kappa_computed_by_hand() -> None:
    # p_o = 3/4; annotator 1: x 2, y 2; annotator 2: x 1, y 3; p_e = (2*1 + 2*3) / 16 = 1/2
    assert cohen_kappa([("x", "x"), ("x", "y"), ("y", "y"), ("y", "y")]).value == pytest.approx(0.5)


def test_kappa_is_undefined_when_both_use_one_and_the_same_category() -> None:
    figure = cohen_kappa([("x", "x"), ("x", "x")])
    assert figure.value is None and "one category" in figure.note
    assert cohen_kappa([]).value is None
    # each annotator one category, but not the same: p_e = 0, kappa = 0
    assert cohen_kappa([("x", "y"), ("x", "y")]).value == pytest.approx(0.0)


def test_percent_agreement() -> None:
    assert percent_agreement([("x", "x"), ("x", "y"), ("y", "y"), ("y", "y")]).value == pytest.approx(0.75)
    assert percent_agreement([]).value is None


def test_precision_recall_f1_of_annotator_2_against_annotator_1() -> None:
    precision, recall, f1 = precision_recall_f1(matched=3, units_1=6, units_2=4)
    assert precision.value == pytest.approx(0.75) and precision.n == 4
    assert recall.value == pytest.approx(0.5) and recall.n == 6
    assert f1.value == pytest.approx(0.6) and f1.n == 10


def test_precision_recall_f1_are_undefined_without_units() -> None:
    precision, recall, f1 = precision_recall_f1(0, 0, 0)
    assert precision.value is None and recall.value is None and f1.value is None
    precision, recall, f1 = precision_recall_f1(0, 3, 0)
    assert precision.value is None and recall.value == 0 and f1.value == 0


@pytest.mark.parametrize(("links", "disagreements"), [(10, 1), (10, 2), (40, 3)])
def test_alpha_of_link_presence_is_never_above_zero(links: int, disagreements: int) -> None:
    """Why ``agree`` gives F1, not alpha, for link targets: without links
    that neither annotator made, 'not linked' only occurs in disagreements,
    and alpha is (1 - d) / (2N - d) (README, sscorpus agree)."""
    units = [("linked", "linked")] * (links - disagreements) + [("linked", "not linked")] * disagreements
    figure = krippendorff_alpha(units)
    assert figure.value == pytest.approx((1 - disagreements) / (2 * links - disagreements))
    assert figure.value is not None and figure.value <= 0


values = st.lists(st.sampled_from("abcde"), min_size=2, max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(values, min_size=2, max_size=40))
def test_the_sparse_alpha_equals_the_krippendorff_package(units: list[list[str]]) -> None:
    domain = sorted({v for unit in units for v in unit})
    assume(len(domain) >= 2)
    counts = [[unit.count(v) for v in domain] for unit in units]
    expected = krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")
    assert nominal_alpha(units) == pytest.approx(expected, abs=1e-9)


def test_large_pools_are_computed_sparse_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    units = list(zip(BEN, GERRY, strict=True))
    dense = krippendorff_alpha(units)
    monkeypatch.setattr(reliability, "DENSE_LIMIT", 0)
    sparse = krippendorff_alpha(units)
    assert sparse == dense or (sparse.n == dense.n and sparse.value == pytest.approx(dense.value))
    assert sparse.value == pytest.approx(0.692, abs=5e-4)
