"""Quotes to character offsets on the real essay, and the reasons given
when a quote does not select exactly one place."""

from __future__ import annotations

import functools
import re
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ESSAY_FILE, ESSAY_HEAD, CorpusDir
from sscorpus.corpus.anchors import AnchorProblem, Match, Selector, TextIndex, collapse


@pytest.fixture(scope="module")
def index(essay_text: str) -> TextIndex:
    return TextIndex(essay_text)


def lines_of(text: str, needle: str) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(re.escape(needle), text)]


def resolve(index: TextIndex, quote: str, **kwargs: object) -> Match | AnchorProblem:
    return index.resolve(Selector(quote, **kwargs))  # type: ignore[arg-type]


def problem(index: TextIndex, quote: str, **kwargs: object) -> AnchorProblem:
    result = resolve(index, quote, **kwargs)
    assert isinstance(result, AnchorProblem), result
    return result


def match(index: TextIndex, quote: str, **kwargs: object) -> Match:
    result = resolve(index, quote, **kwargs)
    assert isinstance(result, Match), result
    return result


# -- finding quotes ---------------------------------------------------------------------

PAGE_BREAK = "immediate payback or return, knowing that"


def test_quote_across_the_page_break(index: TextIndex, essay_text: str) -> None:
    start = essay_text.index("immediate payback or\n")
    end = essay_text.index("return, knowing that") + len("return, knowing that")
    assert essay_text[start:end] == "immediate payback or\n\nreturn, knowing that"  # the text has a page break
    found = match(index, PAGE_BREAK)
    assert (found.start, found.end) == (start, end)
    assert collapse(essay_text[found.start : found.end]) == PAGE_BREAK


@pytest.mark.parametrize(
    "quote",
    [
        "immediate   payback or return,\nknowing that",
        "immediate\tpayback or\n\n\nreturn, knowing that",
        "  immediate payback or return, knowing that\n",
    ],
    ids=["spaces", "tab-and-newlines", "leading-trailing"],
)
def test_whitespace_in_the_quote_is_relaxed(index: TextIndex, quote: str) -> None:
    assert match(index, quote) == match(index, PAGE_BREAK)


def test_non_ascii_quote_offsets_are_code_points(index: TextIndex, essay_text: str) -> None:
    found = match(index, "vis-à-vis the North")
    assert essay_text[found.start : found.end] == "vis-à-vis the North"
    found = match(index, "‘crisis of multilateralism’")
    assert essay_text[found.start : found.end] == "‘crisis of multilateralism’"


def test_ambiguous_quote_lists_every_occurrence_line(index: TextIndex, essay_text: str) -> None:
    lines = lines_of(essay_text, "South Africa")
    assert len(lines) == 3
    found = problem(index, "South Africa")
    assert (found.code, found.field) == ("anchor.ambiguous", "quote")
    assert found.hint is not None
    for line in lines:
        assert f"line {line}" in found.hint


@pytest.mark.parametrize(
    ("selector", "nth"),
    [
        ({"occurrence": 1}, 0),
        ({"occurrence": 2}, 1),
        ({"occurrence": 3}, 2),
        ({"prefix": "Mthembu, P. (2019)."}, 2),
        ({"suffix": "and BRICS"}, 2),
        ({"prefix": "such as", "suffix": "and India, who"}, 1),
        ({"prefix": "such as", "occurrence": 2}, 1),  # occurrence counts among those with the prefix
        ({"prefix": "countries  such\nas"}, None),  # whitespace in a prefix is relaxed too; still two
    ],
    ids=[
        "occurrence-1",
        "occurrence-2",
        "occurrence-3",
        "prefix",
        "suffix",
        "prefix-and-suffix",
        "prefix-then-occurrence",
        "prefix-still-ambiguous",
    ],
)
def test_disambiguation(index: TextIndex, essay_text: str, selector: dict[str, object], nth: int | None) -> None:
    starts = [m.start() for m in re.finditer("South Africa", essay_text)]
    result = resolve(index, "South Africa", **selector)
    if nth is None:
        assert isinstance(result, AnchorProblem) and result.code == "anchor.ambiguous"
    else:
        assert result == Match(starts[nth], starts[nth] + len("South Africa"))


def test_offsets_are_checked(index: TextIndex, essay_text: str) -> None:
    quote = "This has exposed a real weakness in the multilateralism system"
    start = essay_text.index(quote)
    end = start + len(quote)
    assert match(index, quote, start=start, end=end) == Match(start, end)
    assert match(index, quote, start=start) == Match(start, end)
    wrong_start = problem(index, quote, start=start + 1, end=end)
    assert (wrong_start.code, wrong_start.field) == ("anchor.offsets-mismatch", "start")
    wrong_end = problem(index, quote, end=end + 1)
    assert (wrong_end.code, wrong_end.field) == ("anchor.offsets-mismatch", "end")
    assert wrong_end.hint is not None and f"{start}-{end}" in wrong_end.hint


def test_offsets_pick_one_occurrence_of_an_ambiguous_quote(index: TextIndex, essay_text: str) -> None:
    second = [m.start() for m in re.finditer("South Africa", essay_text)][1]
    assert match(index, "South Africa", start=second) == Match(second, second + 12)


def test_occurrence_out_of_range(index: TextIndex) -> None:
    found = problem(index, "South Africa", occurrence=4)
    assert (found.code, found.field) == ("anchor.occurrence-out-of-range", "occurrence")


@pytest.mark.parametrize("field", ["prefix", "suffix"])
def test_context_matching_nothing(index: TextIndex, field: str) -> None:
    found = problem(index, "South Africa", **{field: "no such words"})
    assert (found.code, found.field) == ("anchor.context-mismatch", field)


# -- quotes that are not in the text ------------------------------------------------------------


def test_straight_quotes_for_curly_ones(index: TextIndex, essay_text: str) -> None:
    found = problem(index, "warning of the implications of a 'crisis of multilateralism'")
    assert found.code == "anchor.not-found"
    assert found.hint is not None
    assert f"line {lines_of(essay_text, '‘crisis of multilateralism’')[0]}" in found.hint
    assert "‘" in found.hint and "’" in found.hint  # what the text has


def test_straight_double_quote_for_curly_one(index: TextIndex) -> None:
    found = problem(index, '"Rather than a one size fits all model')
    assert found.code == "anchor.not-found"
    assert found.hint is not None and "line 13" in found.hint and "“" in found.hint


def test_wrong_capitalisation(index: TextIndex, essay_text: str) -> None:
    quote = "This has exposed a real weakness in the multilateralism system"
    found = problem(index, quote.lower())
    assert found.code == "anchor.not-found"
    assert found.hint is not None
    assert f"line {lines_of(essay_text, quote)[0]}" in found.hint
    assert quote in found.hint  # the text as it is written


@pytest.mark.parametrize(
    ("quote", "right"),
    [
        ("This has exposed a real weakness in the multilateral system", "This has exposed a real weakness"),
        ("vis-a-vis the North", "vis-à-vis the North"),
        (
            "the lack of international co-operation witnessed during the COVID-19 pandemic",
            "lack of international cooperation witnessed",
        ),
        (
            "a willingness to give without demanding a precise accounting of equivalent benefit for every action",
            "a willingness to give without demanding",
        ),
    ],
)
def test_closest_passage_names_the_right_line(index: TextIndex, essay_text: str, quote: str, right: str) -> None:
    found = problem(index, quote)
    assert found.code == "anchor.not-found"
    assert found.hint is not None
    assert f"on line {lines_of(essay_text, right)[0]}:" in found.hint


def test_nothing_close(index: TextIndex) -> None:
    found = problem(index, "Quantum chromodynamics of zebra stripes 12345")
    assert found.code == "anchor.not-found"


# -- positions -------------------------------------------------------------------------------


def test_line_column(index: TextIndex, essay_text: str) -> None:
    offset = essay_text.index("return, knowing that")
    assert index.line_column(offset) == (29, 1)
    assert index.line_column(0) == (1, 1)
    assert index.line_column(essay_text.index("vis-à-vis") + len("vis-à-vis")) == (75, 65)


# -- properties --------------------------------------------------------------------------------


@functools.cache
def _solid(text: str) -> tuple[int, ...]:
    """The offsets of the non-whitespace characters of ``text`` (found once per text: the essay's
    tens of thousands of characters were looked through again for each of 300 examples)."""
    return tuple(i for i, c in enumerate(text) if not c.isspace())


@st.composite
def spans(draw: st.DrawFn, text: str, longest: int = 300) -> tuple[int, int]:
    """A span of ``text`` that starts and ends with a non-whitespace character."""
    solid = _solid(text)
    first = draw(st.integers(0, len(solid) - 1))
    last = draw(st.integers(first, min(len(solid) - 1, first + longest)))
    return solid[first], solid[last] + 1


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_span_of_the_essay_resolves_to_itself(index: TextIndex, essay_text: str, data: st.DataObject) -> None:
    start, end = data.draw(spans(essay_text))
    quote = essay_text[start:end]
    assert index.resolve(Selector(quote, start=start, end=end)) == Match(start, end)
    # and without offsets, the quote is one of the places found
    assert Match(start, end) in index.find_all(quote)


TEXT_ALPHABET = st.sampled_from([*"ab .,\n\t", "\u00a0", "\r\n", "é", "“", "\u2028", "  "])


@settings(max_examples=200, deadline=None)
@given(text=st.lists(TEXT_ALPHABET, min_size=1, max_size=60).map("".join), data=st.data())
def test_every_span_of_any_text_resolves_to_itself(text: str, data: st.DataObject) -> None:
    if not text.strip():
        return
    index = TextIndex(text)
    start, end = data.draw(spans(text))
    quote = text[start:end]
    for found in index.find_all(quote):
        assert collapse(text[found.start : found.end]) == collapse(quote)
    assert index.resolve(Selector(quote, start=start, end=end)) == Match(start, end)


# -- through the whole pipeline: the finding points at the selector field ---------------------------

PIPELINE = [
    ("not-found", "    quote: South Afrika\n", ("anchor.not-found", 5, 12, "/mentions/0/quote")),
    ("ambiguous", "    quote: South Africa\n", ("anchor.ambiguous", 5, 12, "/mentions/0/quote")),
    (
        "occurrence",
        "    quote: South Africa\n    occurrence: 9\n",
        ("anchor.occurrence-out-of-range", 6, 17, "/mentions/0/occurrence"),
    ),
    (
        "prefix",
        "    quote: South Africa\n    prefix: nowhere\n",
        ("anchor.context-mismatch", 6, 13, "/mentions/0/prefix"),
    ),
    ("start", "    quote: South Africa\n    start: 3\n", ("anchor.offsets-mismatch", 6, 12, "/mentions/0/start")),
    ("folded-quote", "    quote: >-\n      South\n      Afrika\n", ("anchor.not-found", 5, 12, "/mentions/0/quote")),
]


@pytest.mark.parametrize(("selector", "expected"), [p[1:] for p in PIPELINE], ids=[p[0] for p in PIPELINE])
def test_anchor_finding_points_at_the_field(
    corpus: CorpusDir, selector: str, expected: tuple[str, int, int, str]
) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + "mentions:\n  - actor: south-africa\n" + selector)
    findings = corpus.check(ESSAY_FILE).report.findings
    assert [(f.code, f.line, f.column, f.pointer) for f in findings] == [expected]


def test_spans_of_the_records(corpus: CorpusDir, essay_text: str) -> None:
    checked = corpus.check()
    assert checked.report.findings == []
    (essay,) = [f for f in checked.corpus.files if f.document == "mthembu-multilateralism"]
    c1, c2 = essay.claims
    assert c1.span is not None and c2.span is not None
    assert c1.span.quote(essay_text) == "This has exposed a real weakness in the multilateralism system"
    first, second = c2.span.texts(essay_text)
    assert first == "Developing countries have consistently argued that they have limited policy"
    assert second == "space when it comes to issues such as trade and development"
    assert c2.span.start < c2.span.pieces[1][0]


# Values that cannot select a place never pass silently: each is a finding (of
# the schema, or anchor.invalid) and the annotation has no span.
UNUSABLE = [
    ("float-start", "    quote: Philani Mthembu\n    start: 5.0\n", "/mentions/0/start"),
    ("exponent-start", "    quote: Philani Mthembu\n    start: 1e3\n", "/mentions/0/start"),
    ("float-occurrence", "    quote: Philani Mthembu\n    occurrence: 1.0\n", "/mentions/0/occurrence"),
    ("separator-quote", '    quote: "\\x1c\\x1d"\n', "/mentions/0/quote"),
    ("next-line-quote", '    quote: "\\x85"\n', "/mentions/0/quote"),
    ("separator-prefix", '    quote: Philani Mthembu\n    prefix: "\\x1f"\n', "/mentions/0/prefix"),
    ("piece-not-a-mapping", "    pieces: [Philani]\n", "/mentions/0/pieces/0"),
]


@pytest.mark.parametrize(("selector", "pointer"), [u[1:] for u in UNUSABLE], ids=[u[0] for u in UNUSABLE])
def test_a_value_that_cannot_anchor_is_an_error_and_leaves_no_span(
    corpus: CorpusDir, selector: str, pointer: str
) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + "mentions:\n  - actor: philani-mthembu\n" + selector)
    checked = corpus.check(ESSAY_FILE)
    errors = checked.report.errors
    assert errors and all(f.pointer.startswith("/mentions/0") for f in errors)
    assert any(f.pointer == pointer for f in errors), [(f.code, f.pointer) for f in errors]
    (essay,) = checked.corpus.files
    assert essay.mentions[0].span is None


def test_every_annotation_of_a_clean_corpus_has_a_span(corpus: CorpusDir) -> None:
    checked = corpus.check()
    assert checked.report.errors == []
    assert all(a.span is not None for f in checked.corpus.files for a in (*f.annotations(), *f.not_mentions))


# -- bounded hints (issue 12, items 3, 4 and 9) ---------------------------------------------------


def test_an_ambiguous_quote_lists_a_few_occurrences_and_counts_the_rest() -> None:
    text = "".join(f"page {n}: the same words here.\n" for n in range(1, 1001))
    found = problem(TextIndex(text), "the same words")
    assert found.code == "anchor.ambiguous"
    assert "1,000 times" in found.message
    assert found.message.endswith("(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 990 more)")
    assert found.hint is not None
    listed = found.hint.splitlines()[1:]
    assert len(listed) == 6 and listed[-1] == "and 995 more"
    for n, line in enumerate(listed[:5], 1):
        assert line.startswith(f"{n}: line {n}: …") and f"page {n}: [[the same words]] here." in line


def test_context_and_offsets_listings_are_capped_too() -> None:
    text = "x y. " * 500
    mismatch = problem(TextIndex(text), "x y", prefix="nowhere")
    assert mismatch.hint is not None and mismatch.hint.endswith("and 495 more")
    assert len(mismatch.hint.splitlines()) == 1 + 5 + 1
    offsets = problem(TextIndex(text), "x y", start=1)
    assert offsets.hint is not None
    assert "0-3 (line 1), 5-8 (line 1)" in offsets.hint and " and 495 more;" in offsets.hint


@pytest.mark.parametrize(
    ("field", "context", "nth"),
    [
        ("prefix", "b", 1),
        ("prefix", "a", 0),
        ("prefix", "a\tb", 1),
        ("prefix", "zz a", None),
        ("suffix", "c", 0),
        ("suffix", "d", 1),
        ("suffix", "c  a", 0),
        ("suffix", "d a", None),
    ],
)
def test_prefix_and_suffix_compare_the_text_just_around(field: str, context: str, nth: int | None) -> None:
    text = "a Q c  a b\n\nQ d"
    result = resolve(TextIndex(text), "Q", **{field: context})
    starts = [2, 12]
    if nth is None:
        assert isinstance(result, AnchorProblem) and result.code == "anchor.context-mismatch"
    else:
        assert result == Match(starts[nth], starts[nth] + 1)


def test_a_prefix_longer_than_the_text_before_is_no_match() -> None:
    result = resolve(TextIndex("Q and Q"), "Q", prefix="far too long a prefix and")
    assert isinstance(result, AnchorProblem) and result.code == "anchor.context-mismatch"


@pytest.mark.parametrize(("text_form", "quote_form"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_lookalike_in_another_unicode_normal_form_is_named(
    text_form: Literal["NFC", "NFD"], quote_form: Literal["NFC", "NFD"]
) -> None:
    import unicodedata

    words = "the North vis-à-vis the South"
    index = TextIndex("Some words.\nAnd " + unicodedata.normalize(text_form, words) + " here.\n")
    found = problem(index, unicodedata.normalize(quote_form, words))
    assert found.code == "anchor.not-found"
    assert found.hint is not None and found.hint.startswith("on line 2 ")
    assert "Unicode normalisation (NFC vs NFD)" in found.hint
    assert ("U+00E0" in found.hint) and ("U+0061 U+0300" in found.hint)


def test_a_normalisation_difference_inside_a_near_miss_is_named(index: TextIndex) -> None:
    import unicodedata

    quote = "bargaining positions of the Sooth " + unicodedata.normalize("NFD", "vis-à-vis the North")
    found = problem(index, quote)
    assert found.hint is not None
    assert "Unicode normalisation" in found.hint and "U+0061 U+0300" in found.hint


def test_a_long_wrong_paste_says_where_the_quote_leaves_the_text(essay_text: str) -> None:
    start = essay_text.index("This has exposed a real weakness")
    quote = collapse(essay_text[start : start + 3000])
    quote = quote[:1000] + "#" + quote[1001:]
    found = problem(TextIndex(essay_text), quote)
    assert found.code == "anchor.not-found"
    assert found.hint is not None
    assert found.hint.startswith(
        f"its first 1,000 of {len(quote):,} characters are in the text from line "
        f"{lines_of(essay_text, 'This has exposed a real weakness')[0]};"
    )
    assert f"where the quote has {quote[1000:1030]!r}" in found.hint


@pytest.mark.parametrize("length", [5_000, 20_000, 200_000])
def test_the_hint_of_a_long_quote_stays_short(essay_text: str, length: int) -> None:
    """20 near-miss quotes of 15,000 characters printed 307 KB of hints."""
    quote = ("Quantum chromodynamics of zebra stripes, " * (length // 40 + 1))[:length]
    found = problem(TextIndex(essay_text), quote)
    assert found.code == "anchor.not-found"
    assert len(found.message) + len(found.hint or "") < 600


def test_closest_passage_in_a_text_beyond_the_fuzzy_limit(monkeypatch: pytest.MonkeyPatch, essay_text: str) -> None:
    """In a very large text the fuzzy search runs around exact fragments of
    the quote only; it still finds the place of a typo."""
    import sscorpus.corpus.anchors as anchors

    monkeypatch.setattr(anchors, "FUZZY_TEXT", 1000)
    quote = "This has exposed a real weaknes in the multilateralism system"
    found = problem(TextIndex(essay_text), quote)
    assert found.hint is not None
    assert found.hint.startswith("the closest passage (")
    assert f"is on line {lines_of(essay_text, 'This has exposed a real weakness')[0]}:" in found.hint
    assert "the text has 's' that the quote lacks" in found.hint or "the text has" in found.hint


def test_a_passage_is_widened_to_whole_words_within_bounds() -> None:
    text = "start " + "x" * 10_000 + "abcdefgh" + "y" * 10_000 + " end"
    found = problem(TextIndex(text), "xxxxabcdefhhyyyy")
    assert found.hint is not None and len(found.hint) < 400


def test_a_long_quote_is_followed_from_the_place_where_most_of_it_agrees() -> None:
    """The first place of the quote's beginning is not always the one it was copied from."""
    beginning = "a beginning that occurs twice in this text, word for word. "
    text = (
        f"{beginning}Then it goes one way.\n\n"
        + "filler words here. " * 20
        + "\n"
        + f"{beginning}Then it goes another way, for a long while, far longer than the first.\n"
    )
    quote = beginning + "Then it goes another way, for a long while, far longer than the first!" + " more" * 40
    found = problem(TextIndex(text), quote)
    assert found.hint is not None
    agreed = len(beginning + "Then it goes another way, for a long while, far longer than the first")
    total = len(collapse(quote))
    assert found.hint.startswith(f"its first {agreed} of {total:,} characters are in the text from line 4;")


def test_twenty_near_miss_quotes_give_a_short_report(essay_text: str) -> None:
    """20 near-miss quotes of 15,000 characters printed 307 KB of hints
    (and took 41 s); each hint now says where the quote leaves the text."""
    index = TextIndex(essay_text)
    solid = collapse(essay_text)
    total = 0
    starts = [i for i in range(0, 3000, 7) if solid[i] != " " and solid[i + 14_999] != " "][:20]
    assert len(starts) == 20
    for start in starts:
        quote = solid[start : start + 15_000]
        quote = quote[:7000] + ("#" if quote[7000] != "#" else "@") + quote[7001:]
        found = problem(index, quote)
        assert found.code == "anchor.not-found"
        assert found.hint is not None and found.hint.startswith("its first 7,000 of 15,000 characters")
        total += len(found.message) + len(found.hint)
    assert total < 20 * 400


def test_a_lookalike_punctuation_hint_names_the_code_points() -> None:
    found = problem(TextIndex("the North\u2011South divide and more"), "the North-South divide")
    assert found.hint is not None
    assert "'‑' (U+2011 NON-BREAKING HYPHEN) where the quote has '-' (U+002D HYPHEN-MINUS)" in found.hint
