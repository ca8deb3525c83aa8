"""Anchoring a file searches each distinct quote of it once: a later
occurrence of the same quote goes on from where the last search stopped,
and a search stops at the place asked for. The short way for a quote and an
occurrence gives what the long way (the selector resolved) gives, findings
included."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from sscorpus.corpus import annotations as annotating
from sscorpus.corpus.anchors import Searches, TextIndex, collapse
from sscorpus.corpus.annotations import read_annotation_file
from sscorpus.corpus.loading import load_text
from sscorpus.corpus.model import AnnotationFile


class _CountedText(str):
    """A text that counts the searches made in it."""

    searches = 0

    def find(self, sub: str, *where: int) -> int:  # type: ignore[override]
        _CountedText.searches += 1
        return super().find(sub, *where)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search of a text counted (the text searched may be its narrow copy)."""
    hay_for = Searches._hay_for
    monkeypatch.setattr(Searches, "_hay_for", lambda self, needle: _CountedText(hay_for(self, needle)))
    _CountedText.searches = 0


def _file(*items: str) -> str:
    return "document: essay\nannotator: a\nmentions:\n" + "".join(
        f"  - actor: someone\n    {item.replace(chr(10), chr(10) + '    ')}\n" for item in items
    )


def _read(source: str, index: TextIndex) -> AnnotationFile:
    loaded = load_text(Path("a.yaml"), source)
    read = read_annotation_file(loaded, lambda _: index)
    assert read is not None
    return read


TEXT = "Alpha and beta. Alpha again, and beta. Alpha a third time, beta. Gamma once. Alpha, last."


@pytest.fixture
def one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quotes of a file searched each on its own (not in one pass)."""
    monkeypatch.setattr(Searches, "search_all", lambda self, needles: None)


@pytest.mark.usefixtures("counted", "one_by_one")
def test_occurrences_of_one_quote_search_the_text_once() -> None:
    index = TextIndex(TEXT)
    read = _read(_file(*(f"quote: Alpha\noccurrence: {n}" for n in (1, 2, 3, 4))), index)
    assert [m.span.pieces if m.span else None for m in read.mentions] == [((i, i + 5),) for i in (0, 16, 39, 77)]
    # one search per place: 4, where searching each occurrence from the start took 2 + 3 + 4 + 5
    assert _CountedText.searches == 4


@pytest.mark.usefixtures("counted", "one_by_one")
def test_a_quote_without_occurrence_is_searched_to_its_second_place_once() -> None:
    index = TextIndex(TEXT)
    read = _read(_file("quote: Gamma", "quote: Gamma", "quote: Gamma\noccurrence: 1"), index)
    assert {m.span.pieces if m.span else None for m in read.mentions} == {((65, 70),)}
    assert _CountedText.searches == 2  # the place, then the search that finds no second


def test_searches_give_the_places_a_fresh_search_gives() -> None:
    generator = random.Random(3)
    for _ in range(300):
        hay = "".join(generator.choice("ab ") for _ in range(generator.randint(0, 30)))
        searches = Searches(hay)
        for _ in range(8):
            needle = "".join(generator.choice("ab") for _ in range(generator.randint(1, 3)))
            most = generator.choice([None, 1, 2, 3, 5])
            every = [i for i in range(len(hay)) if hay.startswith(needle, i)]
            assert searches.places(needle, most) == every[:most]


#: values of a selector's fields, valid and not, for the short way to meet
_QUOTES = ["Alpha", "beta", "Gamma", "Delta", "  Alpha  ", "a", "", "   ", "Alpha, last"]
_OCCURRENCES = ["1", "2", "4", "5", "0", "-1", "true", "false", "1.0", "null", "'2'", "[1]"]
_CONTEXT = ["prefix: and", "suffix: again", "start: 0", "end: 5", "start: 1.0"]


def _item(generator: random.Random) -> str:
    lines = [f"quote: {generator.choice(_QUOTES)!r}" if generator.random() < 0.9 else "quote: 5"]
    if generator.random() < 0.6:
        lines.append(f"occurrence: {generator.choice(_OCCURRENCES)}")
    if generator.random() < 0.2:
        lines.append(generator.choice(_CONTEXT))
    generator.shuffle(lines)
    return "\n".join(lines)


def test_the_short_way_gives_what_the_long_way_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = random.Random(11)
    sources = [_file(*(_item(generator) for _ in range(generator.randint(1, 12)))) for _ in range(300)]
    short = [_read(source, TextIndex(TEXT)) for source in sources]
    monkeypatch.setattr(annotating, "_quote_key", lambda item: None)
    long = [_read(source, TextIndex(TEXT)) for source in sources]
    assert short == long
    anchors = [m.anchor for read in short for m in read.mentions]
    assert any(a.__class__.__name__ == "Span" for a in anchors)
    assert any(a.__class__.__name__ == "Unanchored" for a in anchors)
    kept = [load_text(Path("a.yaml"), source) for source in sources]
    for loaded in kept:
        read_annotation_file(loaded, lambda _: TextIndex(TEXT))
    monkeypatch.undo()
    for source, loaded in zip(sources, kept, strict=True):
        again = load_text(Path("a.yaml"), source)
        read_annotation_file(again, lambda _: TextIndex(TEXT))
        assert again.findings == loaded.findings


def test_whitespace_runs_are_those_the_regex_finds() -> None:
    from sscorpus.corpus import anchors

    generator = random.Random(5)
    for _ in range(5000):
        kinds = generator.sample(anchors._SPACES, generator.randint(1, 7))  # past the pairs' limit too
        text = "".join(generator.choice(["a", "é", *kinds]) for _ in range(generator.randint(0, 40)))
        runs = list(re.finditer(r"\s{2,}", text))
        assert anchors._long_runs(anchors._spaced(text)) == ([m.start() for m in runs], [m.end() for m in runs])


def test_a_search_finds_the_places_of_the_text_whatever_its_characters() -> None:
    generator = random.Random(9)
    alphabet = ["a", "b", "?", "é", "\u2019", "\u201c", "\U0001f600", " "]
    for _ in range(2000):
        hay = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 30)))
        searches = Searches(hay)
        for _ in range(6):
            needle = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 3)))
            n = generator.randint(1, 4)
            every = [i for i in range(len(hay)) if hay.startswith(needle, i)]
            assert searches.place(needle, n) == (every[n - 1] if len(every) >= n else -1)


def test_one_pass_for_many_quotes_finds_the_places_each_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from sscorpus.corpus import anchors

    monkeypatch.setattr(anchors, "_HEAD", 3)  # quotes longer than their heads, heads shared, at any place
    generator = random.Random(13)
    for _ in range(2000):
        # a lone surrogate (a YAML escape can write one) now and then: no UTF-8 for the automaton
        alphabet = ["a", "b", "é", "\u2019", "\U0001f600", " ", "\x00", *["\ud800"] * (generator.random() < 0.1)]
        hay = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 40)))
        needles = ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 6))) for _ in range(8)]
        searches = Searches(hay)
        searches.place(needles[0], 1)  # one searched already: the pass leaves it to place
        searches.search_all(needles)
        for needle in filter(None, map(collapse, needles)):
            every = [i for i in range(len(hay)) if hay.startswith(needle, i)]
            assert searches.places(needle) == every
            assert searches.place(needle, len(every) + 1) == -1


@pytest.mark.usefixtures("counted")
def test_the_quotes_of_a_file_are_searched_in_one_pass() -> None:
    index = TextIndex(TEXT)
    read = _read(_file("quote: Alpha\noccurrence: 3", "quote: Gamma", "quote: beta\noccurrence: 2"), index)
    assert [m.span.pieces if m.span else None for m in read.mentions] == [((39, 44),), ((65, 70),), ((33, 37),)]
    assert _CountedText.searches == 0  # no search of its own for any of them
