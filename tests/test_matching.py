"""Matching units across annotators by their characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from sscorpus.agreement.matching import OVERLAP_THRESHOLD, Unit, jaccard, match, shared_characters
from sscorpus.corpus.model import Claim, Location, Mention, Ref, Span

WHERE = Location(Path("x.yaml"), 1, 1)


def unit(annotator: str, *pieces: tuple[int, int], uid: str = "c", entity: str | None = None) -> Unit:
    span = Span(tuple(pieces))
    annotation: Claim | Mention = (
        Claim(uid, span, WHERE) if entity is None else Mention(Ref(entity, "actor", WHERE), span, None, WHERE)
    )
    return Unit(
        "mention" if entity else "claim", annotator, Path(f"{annotator}.yaml"), 1, uid, tuple(pieces), annotation
    )


def test_pieces_count_by_their_characters() -> None:
    # two pieces 0:5 and 10:20 against one span 0:20: 15 shared characters of 20
    a, b = unit("a", (0, 5), (10, 20)), unit("b", (0, 20))
    assert shared_characters(a, b) == 15
    assert jaccard(a, b) == pytest.approx(15 / 20)
    # the same characters cut into pieces at another place are the same unit
    assert jaccard(unit("a", (0, 5), (5, 10)), unit("b", (0, 10))) == 1.0


def test_exact_matching_needs_the_same_characters() -> None:
    first = [unit("a", (0, 10), uid="a1"), unit("a", (20, 30), uid="a2")]
    second = [unit("b", (0, 10), uid="b1"), unit("b", (20, 31), uid="b2")]
    result = match(first, second, 1.0)
    assert [(a.id, b.id) for a, b in result.pairs] == [("a1", "b1")]
    assert [u.id for u in result.only_1] == ["a2"] and [u.id for u in result.only_2] == ["b2"]


def test_overlap_matching_uses_the_jaccard_threshold() -> None:
    a = unit("a", (0, 10), uid="a1")
    at_threshold = unit("b", (0, 20), uid="b1")  # 10 / 20 = 0.5
    below = unit("b", (0, 21), uid="b2")  # 10 / 21 < 0.5
    assert OVERLAP_THRESHOLD == 0.5
    assert [(x.id, y.id) for x, y in match([a], [at_threshold], OVERLAP_THRESHOLD).pairs] == [("a1", "b1")]
    assert match([a], [below], OVERLAP_THRESHOLD).pairs == ()


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    # b1 overlaps a1 (0.8) and a2 (0.5); a2 overlaps b2 better than nothing
    a1, a2 = unit("a", (0, 10), uid="a1"), unit("a", (4, 14), uid="a2")
    b1, b2 = unit("b", (2, 10), uid="b1"), unit("b", (5, 15), uid="b2")
    result = match([a1, a2], [b1, b2], OVERLAP_THRESHOLD)
    assert sorted((x.id, y.id) for x, y in result.pairs) == [("a1", "b1"), ("a2", "b2")]
    # with one unit on the other side, only the best pair is made
    result = match([a1, a2], [b1], OVERLAP_THRESHOLD)
    assert [(x.id, y.id) for x, y in result.pairs] == [("a1", "b1")]
    assert [u.id for u in result.only_1] == ["a2"]
    # the better pair wins even when it comes later in the text
    exact = unit("a", (2, 10), uid="a3")
    result = match([a1, exact], [b1], OVERLAP_THRESHOLD)
    assert [(x.id, y.id) for x, y in result.pairs] == [("a3", "b1")]


def test_units_of_the_same_span_pair_by_entity() -> None:
    first = [unit("a", (0, 5), uid="m1", entity="india"), unit("a", (0, 5), uid="m2", entity="wto")]
    second = [unit("b", (0, 5), uid="n1", entity="wto"), unit("b", (0, 5), uid="n2", entity="india")]
    result = match(first, second, 1.0)
    assert sorted((x.entity, y.entity) for x, y in result.pairs) == [("india", "india"), ("wto", "wto")]


def test_far_units_do_not_match_and_long_units_are_found() -> None:
    long_unit = unit("b", (0, 1000), uid="long")
    later = [unit("b", (500, 510), uid="short")]
    result = match([unit("a", (0, 1000), uid="x")], [*later, long_unit], 1.0)
    assert [(x.id, y.id) for x, y in result.pairs] == [("x", "long")]
    assert match([unit("a", (0, 10))], [unit("b", (10, 20))], 0.01).pairs == ()
