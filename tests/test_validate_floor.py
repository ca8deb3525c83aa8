"""The short ways of a whole-corpus validate (issue 21): each gives what the
long way gives, and a value the short way could miss is still found."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ESSAY, ESSAY_FILE, CorpusDir
from sscorpus.corpus.anchors import Searches, collapse
from sscorpus.corpus.loading import load_text
from sscorpus.corpus.reading import Reader
from test_exports_portable import add_text


def test_collapse_gives_what_splitting_on_whitespace_gives_for_every_character() -> None:
    # the short way returns a text as it is when it is printable: no character
    # that str.split takes for whitespace may be printable, but the space
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    assert [c for c in every if c != " " and c.isprintable() and len(f"a{c}b".split()) != 1] == []
    whitespace = [c for c in every if f"a{c}b".split() == ["a", "b"]]
    assert " " in whitespace and "\u3000" in whitespace
    # each whitespace character, and one of each other kind (printable, control, format, surrogate, private use)
    for c in [*whitespace, "a", "\u00e9", "_", "\x00", "\x7f", "\u200b", "\ufeff", "\ud800", "\ue000", "\U0010ffff"]:
        for text in (f"a{c}b", c, f"{c}{c}", f" {c}"):
            assert collapse(text) == " ".join(text.split()), hex(ord(c))
    for text in ("", " ", "a  b", " a", "a ", "a b c", "\u00a0a\u2003b\u3000"):
        assert collapse(text) == " ".join(text.split()), text


def _every_place(hay: str, needle: str) -> list[int]:
    return [i for i in range(len(hay)) if hay.startswith(needle, i)]


def test_the_one_place_selected_is_the_one_the_places_give() -> None:
    generator = random.Random(21)
    for _ in range(1500):
        alphabet = ["a", "b", "é", " ", "\u2019"]
        hay = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 30)))
        needles = ["".join(generator.choice(alphabet) for _ in range(generator.randint(1, 4))) for _ in range(5)]
        searches = Searches(hay)
        if generator.random() < 0.5:
            searches.search_all(needles)  # every place known, or (else) searched as asked
        for needle in needles:
            every = _every_place(hay, needle)
            for occurrence in (None, 1, 2, 3, 5):
                if occurrence is None:
                    wanted = every[0] if len(every) == 1 else -1
                else:
                    wanted = every[occurrence - 1] if occurrence <= len(every) else -1
                assert searches.only(needle, occurrence) == wanted, (hay, needle, occurrence)


def test_the_links_of_a_claim_are_those_that_name_an_entity() -> None:
    loaded = load_text(
        Path(ESSAY_FILE),
        "claims:\n  - about:\n      - just text\n      - stance: endorses\n"
        "      - actor: south-africa\n        stance: rejects\n      - [a, list]\n      - principle: policy-space\n",
    )
    links = Reader(loaded).links(loaded.data["claims"][0], "/claims/0")
    assert [(pointer, ref.id, ref.expected, ref.where.pointer, ref.where.line) for pointer, ref, _ in links] == [
        ("/claims/0/about/2", "south-africa", "actor", "/claims/0/about/2/actor", 5),
        ("/claims/0/about/4", "policy-space", "principle", "/claims/0/about/4/principle", 8),
    ]
    assert links[0][2] == {"actor": "south-africa", "stance": "rejects"}


def test_a_heading_too_long_for_a_cell_is_found_in_a_text_a_cell_holds(corpus: CorpusDir) -> None:
    # the text holds no character a cell refuses: only the heading's length can be refused
    text = "## Heading" + " and more" * 4000 + "\n\nThe first line of a paragraph.\n"
    add_text(corpus, "long", text, "claims:\n  - id: s1\n    quote: The first line\n    kind: descriptive\n")
    errors = corpus.check().report.errors
    assert corpus.located(errors) == {("export.excel-text", "texts/long.txt", 1, 1)}
    assert "'section'" in errors[0].message


def test_a_mention_of_an_id_a_cell_refuses_is_found(corpus: CorpusDir) -> None:
    # a mention's id is its entity's id and its offsets: the entity's id stands for it in the one search
    corpus.edit(ESSAY_FILE, "  - actor: philani-mthembu\n", "  - actor: philani_x0041_\n")
    found = corpus.check().report.findings
    assert ("export.excel-text", ESSAY_FILE, 4, 5) in corpus.located(found)


@pytest.mark.parametrize(
    ("after", "field"),
    [
        ("    quote: Philani Mthembu\n", "note"),  # a mention's
        ("    kind: evaluative\n", "note"),  # a claim's
        ("    kind: event\n", "source"),  # an evidence item's
        ("    kind: event\n", "note"),
    ],
)
def test_a_free_text_field_a_cell_refuses_is_found(corpus: CorpusDir, after: str, field: str) -> None:
    # every free-text field of every kind of record is in the one search, and found there
    written = f"    {field}: a_x0041_b\n"
    path = corpus.edit(ESSAY_FILE, after, after + written)
    line = path.read_text(encoding="utf-8").splitlines(keepends=True).index(written) + 1
    found = corpus.check().report.findings
    assert ("export.excel-text", ESSAY_FILE, line, len(f"    {field}: ") + 1) in corpus.located(found)


def _many_findings(corpus: CorpusDir) -> None:
    """Findings enough for a report larger than a pipe's buffer (64 KiB)."""
    items = "".join(f"  - actor: south-africa\n    quote: not in the text {n}\n" for n in range(600))
    corpus.write(ESSAY_FILE, f"document: {ESSAY}\nannotator: a\nmentions:\n{items}")


def test_the_program_writes_its_whole_report_and_exit_code_as_it_ends(corpus: CorpusDir) -> None:
    _many_findings(corpus)
    expected = {(f.line, f.code) for f in corpus.check().report.findings}
    for command in ([sys.executable, "-m", "sscorpus"], [str(Path(sys.executable).parent / "sscorpus")]):
        done = subprocess.run(
            [*command, "validate", "--format", "json", "--root", str(corpus.root)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert len(done.stdout) > 65_536
        assert {(f["line"], f["code"]) for f in json.loads(done.stdout)["findings"]} == expected


def test_called_with_its_arguments_validate_ends_by_system_exit(corpus: CorpusDir) -> None:
    # a script (or a test) that calls main with arguments goes on after it
    script = (
        "import sys\nfrom sscorpus.cli import main\n"
        f"try:\n    main(['validate', '--root', {str(corpus.root)!r}])\n"
        "except SystemExit as end:\n    print('went on after', end.code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stdout.splitlines()[-1] == "went on after 0", done.stderr
