"""A whole validation pays once per text, not once per annotation: the
check that every exported value fits a cell reads each text once, and cuts
quotes out of it only when the text holds something a cell refuses."""

from __future__ import annotations

import random

import pytest

from conftest import BRIEF, BRIEF_FILE, ESSAY, ESSAY_FILE, CorpusDir
from sscorpus.checks import texts
from sscorpus.checks.cells import model_strings, workbook_problem
from sscorpus.checks.validate import check
from sscorpus.corpus.model import Span


def _export_findings(corpus: CorpusDir) -> list[tuple[str, str, int, int]]:
    return sorted(corpus.located(f for f in check(corpus.root).report.findings if f.code.startswith("export.")))


def test_a_corpus_whose_texts_fit_cuts_no_quote(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(span: Span, text: str) -> str:
        raise AssertionError("a quote was cut out of its text")

    monkeypatch.setattr(Span, "quote", refused)
    assert not check(corpus.root).report.findings


def _note(corpus: CorpusDir) -> None:
    corpus.edit(ESSAY_FILE, "  - actor: philani-mthembu\n", "  - actor: philani-mthembu\n    note: see _x41_\n")


def _control_in_a_quote(corpus: CorpusDir) -> None:
    text = corpus.path(f"texts/{ESSAY}.txt")
    text.write_text(text.read_text(encoding="utf-8").replace("Philani Mthembu", "Philani\x0bMthembu", 1), "utf-8")


def _control_in_a_heading(corpus: CorpusDir) -> None:
    text = corpus.path(f"texts/{BRIEF}.txt")
    text.write_text(text.read_text(encoding="utf-8") + "\n## Notes\x7f\n\nSome closing words.\n", "utf-8")
    claim = "  - id: b2\n    quote: Some closing words\n    kind: descriptive\n"
    corpus.write(BRIEF_FILE, corpus.read(BRIEF_FILE) + claim)


def _long_quote(corpus: CorpusDir) -> None:
    text = corpus.path(f"texts/{ESSAY}.txt").read_text(encoding="utf-8")
    start = text.index("Developing countries")
    corpus.write(ESSAY_FILE, corpus.read(ESSAY_FILE) + f"  - id: e2\n    start: {start}\n    end: {start + 9000}\n")


@pytest.mark.parametrize("change", [_note, _control_in_a_quote, _control_in_a_heading, _long_quote])
def test_what_a_cell_refuses_is_found_wherever_it_is(corpus: CorpusDir, change: object) -> None:
    assert callable(change)
    change(corpus)
    checked = check(corpus.root)
    refused = [value for *_, value, _, _ in model_strings(checked.corpus) if workbook_problem(value) is not None]
    assert bool(_export_findings(corpus)) == bool(refused)
    assert refused or change is _long_quote


def test_a_text_check_finds_what_every_rule_finds() -> None:
    """The text check skips the rules a fast search rules out; it finds what
    running every rule finds, at the same first place."""
    characters = [chr(c) for c in range(0x3000)] + ["\u2066", "\u202e", "\u2028", "\x85", "\x9b", "\x7f"]
    rules = {code for _, code, _, _ in texts._CHARACTER_RULES}
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choice(characters) if generator.random() < 0.1 else "a" for _ in range(40))
        every = [(code, found.start()) for p, code, _, _ in texts._CHARACTER_RULES if (found := p.search(text))]
        assert [(i.code, i.offset) for i in texts.inspect(text) if i.code in rules] == every
