"""``sscorpus rehash`` carries every annotation over to a corrected text, or
says it cannot: a selector that now picks another place is rewritten, a
passage the correction changed is reported, never re-anchored elsewhere;
not_body items too; all files written at once, modes and line ends kept."""

from __future__ import annotations

import json
import os
import random
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import CATALOG_FILE, ESSAY, ESSAY_FILE, CorpusDir, git, rewrite
from rehashing import annotation_file, check_correction, correction, spans
from sscorpus.authoring.rehash import rehash
from sscorpus.cli import main
from sscorpus.corpus import writing
from sscorpus.corpus.anchors import Match, Selector, TextIndex
from sscorpus.corpus.loading import load_file, load_text
from sscorpus.corpus.yamledit import insert_after, replace_value

ESSAY_TEXT = f"texts/{ESSAY}.txt"
GOLD_FILE = f"annotations/gold/{ESSAY}.yaml"
#: where "Southern " goes: a paragraph with occurrences of "South" after it
INSERT_BEFORE = "Given the lack of international cooperation"


@pytest.fixture(autouse=True)
def _inside(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.root)


@pytest.fixture
def old_text(corpus: CorpusDir, tmp_path: Path) -> Path:
    """The essay as annotated, kept outside the corpus for --old."""
    kept = tmp_path / "annotated.txt"
    kept.write_bytes(corpus.path(ESSAY_TEXT).read_bytes())
    return kept


def run(corpus: CorpusDir, *args: str) -> Result:
    return CliRunner().invoke(main, ["rehash", ESSAY, *args, "--root", str(corpus.root)])


def south_mentions(annotator: str, occurrences: list[int]) -> str:
    lines = [f"document: {ESSAY}", f"annotator: {annotator}", "mentions:"]
    for n in occurrences:
        lines += ["  - actor: south-africa", "    quote: South", f"    occurrence: {n}"]
    return "\n".join(lines) + "\n"


def insert(corpus: CorpusDir, before: str, words: str) -> str:
    text = corpus.read(ESSAY_TEXT)
    at = text.index(before)
    corpus.write(ESSAY_TEXT, text[:at] + words + text[at:])
    return text


def test_inserting_one_word_keeps_every_mention_on_its_passage_in_every_layer(
    corpus: CorpusDir, old_text: Path
) -> None:
    """Issue 16.2: 'Southern ' inserted; six mentions of "South" in every
    layer marked another "South", and rehash said 'broke: 0'."""
    occurrences = [2, 5, 9, 14, 20, 30]
    for rel, annotator in ((ESSAY_FILE, "a"), (GOLD_FILE, "gold")):
        corpus.write(rel, south_mentions(annotator, occurrences))
    before = spans(corpus.check(), ESSAY)
    text = insert(corpus, INSERT_BEFORE, "Southern ")
    at = text.index(INSERT_BEFORE)
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 0, result.output
    after = spans(corpus.check(), ESSAY)
    assert len(before) == len(after) == 12
    for key, pieces in before.items():
        assert pieces is not None
        assert after[key] == tuple((s + 9, e + 9) if s >= at else (s, e) for s, e in pieces)
    rewritten = [line for line in result.output.splitlines() if "warning[rehash.rewritten]" in line]
    moved = sum(1 for p in before.values() if p and p[0][0] >= at)
    assert moved > 0 and len(rewritten) == moved  # those after the new word, in both layers
    assert rewritten[0].startswith(f"{ESSAY_FILE}:") or rewritten[0].startswith(f"{GOLD_FILE}:")
    # the new occurrence numbers are written: one more "South" (in "Southern") before each
    data = load_file(corpus.path(GOLD_FILE)).data
    assert [m["occurrence"] for m in data["mentions"]] == [
        n + 1 if before[(corpus.path(GOLD_FILE), f"/mentions/{i}")][0][0] >= at else n  # type: ignore[index]
        for i, n in enumerate(occurrences)
    ]
    assert sscorpus.check(corpus.root).report.errors == []


def test_a_passage_the_correction_deleted_is_reported_where_it_was_never_anchored_elsewhere(
    corpus: CorpusDir, old_text: Path
) -> None:
    text = corpus.read(ESSAY_TEXT)
    index = TextIndex(text)
    places = index.find_all("South")
    corpus.write(ESSAY_FILE, south_mentions("a", [3, 4]))
    # delete the third "South": 'occurrence: 3' would select the fourth, which mention 2 marks
    third = places[2]
    corpus.write(ESSAY_TEXT, text[: third.start] + text[third.end :])
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{ESSAY_FILE}:5:5: error[rehash.broke]")
    assert "broke: 1" in result.output and "rewritten: 1" in result.output
    data = load_file(corpus.path(ESSAY_FILE)).data
    assert [m["occurrence"] for m in data["mentions"]] == [3, 3]  # the broken one left as it was, for its annotator
    assert spans(corpus.check(), ESSAY)[(corpus.path(ESSAY_FILE), "/mentions/1")] == (
        (places[3].start - 5, places[3].end - 5),
    )


def test_a_quote_that_became_ambiguous_gets_an_occurrence_and_a_stale_prefix_a_new_one(
    corpus: CorpusDir, old_text: Path
) -> None:
    text = corpus.read(ESSAY_TEXT)
    quote = "This has exposed a real weakness"
    assert len(TextIndex(text).find_all(quote)) == 1
    start = text.index(quote)
    lead = text[:start].split()[-2:]  # the two words before the quote
    corpus.write(
        ESSAY_FILE,
        f"document: {ESSAY}\nannotator: a\nclaims:\n"
        f"  - id: c1\n    quote: {quote}\n    kind: evaluative\n"
        f"  - id: c2\n    quote: {quote[:20]}\n    prefix: {' '.join(lead)}\n    kind: evaluative\n",
    )
    # the sentence quoted again before it, and the word before it changed
    before = text[:start].rstrip()
    corrected = before[: -len(lead[1])] + "indeed " + quote + ". " + text[start:]
    corpus.write(ESSAY_TEXT, corrected)
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 0, result.output
    data = load_file(corpus.path(ESSAY_FILE)).data
    assert data["claims"][0]["occurrence"] == 2
    assert data["claims"][1]["prefix"] == "real weakness." and "occurrence" not in data["claims"][1]
    assert sscorpus.check(corpus.root).report.errors == []


def test_not_body_quotes_and_sections_are_checked_again(corpus: CorpusDir, old_text: Path) -> None:
    text = corpus.read(ESSAY_TEXT)
    author, note = "*Philani Mthembu\\**", "\\* Executive Director, Institute for Global Dialogue."
    assert text.count(author) == 1 and text.count(note) == 1
    # the author line copied to the top (its not_body quote becomes ambiguous), the author's note
    # cut short (its passage changed), the references renamed (the section's heading changed)
    heading = re.search(r"^#+ .*References.*$", text, re.M)
    assert heading is not None
    corrected = text.replace(heading.group(), heading.group().replace("References", "Sources"))
    corrected = author + "\n\n" + corrected.replace(note, note.replace(" Director", ""))
    corpus.write(ESSAY_TEXT, corrected)
    lines = corpus.read(CATALOG_FILE).splitlines()
    quote_line = 1 + lines.index("      - quote: '*Philani Mthembu\\**'")
    note_line = 1 + lines.index(f"      - quote: '{note}'")
    section_line = 1 + lines.index("      - section: References")
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 1
    found = {line.split(" ")[0] + " " + line.split(" ")[1] for line in result.output.splitlines() if "rehash." in line}
    assert {
        f"{CATALOG_FILE}:{quote_line}:9: warning[rehash.rewritten]",
        f"{CATALOG_FILE}:{note_line + 1}:9: error[rehash.broke]",  # below the line added above it
        f"{CATALOG_FILE}:{section_line + 1}:9: error[rehash.broke]",
    } <= found
    catalog = corpus.read(CATALOG_FILE)
    assert "      - quote: '*Philani Mthembu\\**'\n        occurrence: 2\n" in catalog
    codes = {(f.code, f.line) for f in sscorpus.check(corpus.root).report.errors}
    assert codes == {("catalog.unknown-section", section_line + 1), ("anchor.not-found", note_line + 1)}


def test_a_file_with_cr_line_ends_is_rewritten_with_its_line_ends(corpus: CorpusDir, old_text: Path) -> None:
    """Issue 16.2: an annotation file with CR line ends ended the run in a
    traceback, after other files were rewritten."""
    text = corpus.read(ESSAY_TEXT)
    quote = "This has exposed a real weakness"
    start = text.index(quote)
    body = (
        f"document: {ESSAY}\nannotator: a\nmentions:\n  - actor: south-africa\n    quote: South\n"
        f"    occurrence: 20\nclaims:\n  - id: c1\n    quote: {quote}\n    start: {start}\n"
        f"    end: {start + len(quote)}\n    kind: evaluative\n  - id: c2\n    quote: {quote}\n    kind: evaluative\n"
        "    note: the same, to be told apart\n"
    )
    corpus.write(ESSAY_FILE, body.replace("\n", "\r").encode("utf-8"))
    corpus.write(GOLD_FILE, body.replace("annotator: a", "annotator: gold").replace("\n", "\r\n").encode("utf-8"))
    assert corpus.check().report.errors == []
    insert(corpus, INSERT_BEFORE, "Southern ")
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 0, result.output
    cr, crlf = corpus.path(ESSAY_FILE).read_bytes(), corpus.path(GOLD_FILE).read_bytes()
    assert b"\n" not in cr and cr.count(b"\r") == body.count("\n")
    assert crlf.count(b"\r\n") == crlf.count(b"\n") == crlf.count(b"\r") == body.count("\n")
    for data in (load_file(corpus.path(ESSAY_FILE)).data, load_file(corpus.path(GOLD_FILE)).data):
        assert data["mentions"][0]["occurrence"] == 21
        assert data["claims"][0]["start"] == start + 9
    assert sscorpus.check(corpus.root).report.errors == []


@pytest.mark.parametrize("break_", ["\r", "\r\n", "\n"])
def test_yaml_edits_keep_every_kind_of_line_end(break_: str) -> None:
    text = "a:\n  - quote: x  # kept\n    note: >-\n      two\n      lines\n  - quote: y\n".replace("\n", break_)
    loaded = load_text(Path("t.yaml"), text)
    edited = replace_value(text, loaded, "/a/0/quote", "z")
    edited = insert_after(edited, loaded, "/a/1/quote", "occurrence", 2)
    edited = insert_after(edited, loaded, "/a/0/quote", "prefix", "b c")
    assert edited == (
        "a:\n  - quote: z  # kept\n    prefix: b c\n    note: >-\n      two\n      lines\n"
        "  - quote: y\n    occurrence: 2\n"
    ).replace("\n", break_)
    assert load_text(Path("t.yaml"), edited).data == {
        "a": [{"quote": "z", "prefix": "b c", "note": "two lines"}, {"quote": "y", "occurrence": 2}]
    }


def test_modes_are_kept(corpus: CorpusDir, old_text: Path) -> None:
    """Issue 16.8: rehash left the files it rewrote at mode 0600."""
    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    corpus.path(ESSAY_FILE).chmod(0o664)
    corpus.path(CATALOG_FILE).chmod(0o644)
    insert(corpus, INSERT_BEFORE, "Southern ")
    assert run(corpus, "--old", str(old_text)).exit_code == 0
    assert load_file(corpus.path(ESSAY_FILE)).data["mentions"][0]["occurrence"] == 21
    assert corpus.path(ESSAY_FILE).stat().st_mode & 0o777 == 0o664
    assert corpus.path(CATALOG_FILE).stat().st_mode & 0o777 == 0o644


def test_the_old_text_is_found_in_git_else_a_clear_error(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    insert(corpus, INSERT_BEFORE, "Southern ")
    result = run(corpus)
    assert result.exit_code == 2 and "--old FILE" in result.output and "Traceback" not in result.output
    wrong = corpus.root.parent / "wrong.txt"
    wrong.write_bytes(corpus.path(ESSAY_TEXT).read_bytes())
    result = run(corpus, "--old", str(wrong))
    assert result.exit_code == 2 and "is not the annotated text" in result.output
    # the annotated version committed, then the correction (uncommitted): found in git
    corrected = corpus.path(ESSAY_TEXT).read_bytes()
    git(corpus.root, "init", "-q")
    corpus.write(ESSAY_TEXT, corrected.replace(b"Southern ", b"", 1))
    git(corpus.root, "add", "-A")
    git(corpus.root, "commit", "-qm", "annotated")
    corpus.write(ESSAY_TEXT, corrected)
    result = run(corpus)
    assert result.exit_code == 0, result.output
    assert load_file(corpus.path(ESSAY_FILE)).data["mentions"][0]["occurrence"] == 21


def test_a_result_that_would_not_validate_writes_nothing(
    corpus: CorpusDir, old_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscorpus.authoring import rehash as module

    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    insert(corpus, INSERT_BEFORE, "Southern ")
    files = {rel: corpus.path(rel).read_bytes() for rel in (ESSAY_FILE, CATALOG_FILE)}
    monkeypatch.setattr(module, "_rewrite", lambda piece, index, target: {"occurrence": 999})  # a wrong rewrite
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 2 and "would not validate" in result.output
    assert {rel: corpus.path(rel).read_bytes() for rel in files} == files


def test_a_dry_run_writes_nothing_and_an_unchanged_text_changes_nothing(corpus: CorpusDir, old_text: Path) -> None:
    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    files = {rel: corpus.path(rel).read_bytes() for rel in (ESSAY_FILE, CATALOG_FILE)}
    result = run(corpus)
    assert result.exit_code == 0 and "unchanged" in result.output
    assert {rel: corpus.path(rel).read_bytes() for rel in files} == files
    insert(corpus, INSERT_BEFORE, "Southern ")
    result = run(corpus, "--old", str(old_text), "--dry-run")
    assert result.exit_code == 0 and "rewritten: 1" in result.output
    assert {rel: corpus.path(rel).read_bytes() for rel in files} == files
    result = CliRunner().invoke(
        main, ["rehash", ESSAY, "--old", str(old_text), "--dry-run", "--format", "json", "--root", str(corpus.root)]
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("rehash.rewritten", ESSAY_FILE, 4, 5)
    ]


def _die_at(step: int) -> None:
    """Make this process kill itself (SIGKILL) at its step-th file write,
    rename or removal."""
    calls = 0

    def dying(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    setattr(writing, "_write_file", dying(writing._write_file))  # noqa: B010 - patched in a child process only
    setattr(Path, "replace", dying(Path.replace))  # noqa: B010
    setattr(Path, "unlink", dying(Path.unlink))  # noqa: B010


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_at_any_moment_leaves_the_corpus_old_or_new(corpus: CorpusDir, old_text: Path) -> None:
    """A rehash killed (SIGKILL) at each step that touches the disk leaves
    every file as it was, or, once the next command recovers, every file
    rewritten: never some."""
    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    corpus.write(GOLD_FILE, south_mentions("gold", [20]))
    insert(corpus, INSERT_BEFORE, "Southern ")
    names = (ESSAY_FILE, GOLD_FILE, CATALOG_FILE)
    old = {rel: corpus.path(rel).read_bytes() for rel in names}
    assert run(corpus, "--old", str(old_text)).exit_code == 0
    new = {rel: corpus.path(rel).read_bytes() for rel in names}
    assert all(old[rel] != new[rel] for rel in names)
    schemas = corpus.check().schemas  # compiled once, shared with each child
    steps = 0
    for step in range(1, 40):
        for rel in names:
            rewrite(corpus.path(rel), old[rel])
        pid = os.fork()
        if pid == 0:  # the child: killed at its step-th write, rename or removal
            try:
                _die_at(step)
                rehash(corpus.root, ESSAY, old=old_text, schemas=schemas)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status)
        writing.recover(corpus.root)
        now = {rel: corpus.path(rel).read_bytes() for rel in names}
        assert now in (old, new), f"killed at step {step}: some files rewritten, others not"
        assert not list(corpus.root.rglob(".sscorpus-edit-*")) and not list(corpus.root.rglob(".sscorpus-journal"))
        if not killed:
            break
        steps += 1
    assert steps >= 6  # the writes, the journal, the renames: each was a moment to die at


@pytest.mark.parametrize("seed", range(3))
def test_random_corrections_never_move_an_annotation_without_a_finding(
    corpus: CorpusDir, old_text: Path, seed: int
) -> None:
    """Issue 16.2: over random single corrections (a word or a name inserted,
    a sentence or a name deleted, a sentence duplicated), every annotation of
    every layer marks its own passage where the correction moved it, or is
    reported broken where the correction touched it."""
    rng = random.Random(seed)
    text = corpus.read(ESSAY_TEXT)
    corpus.write(ESSAY_FILE, annotation_file(rng, text, ESSAY, "a", 12))
    corpus.write(GOLD_FILE, annotation_file(rng, text, ESSAY, "gold", 12))
    before = corpus.check()
    assert before.report.errors == []
    originals = {corpus.path(rel): corpus.path(rel).read_bytes() for rel in (ESSAY_FILE, GOLD_FILE, CATALOG_FILE)}
    for n in range(8):
        fix = correction(random.Random(seed * 1000 + n), text)
        assert check_correction(corpus.root, ESSAY, old_text, fix, before.schemas, before) == []
        for path, data in originals.items():
            rewrite(path, data)


def test_fuzz_alignment_and_rewrites_on_small_texts() -> None:
    """Seeded: texts of a few repeated words, one random correction each;
    every span carried goes where the correction truly takes it, none is
    carried that the correction touched, and each rewritten selector
    selects the carried span."""
    from rehashing import Correction, anchor_in_style
    from sscorpus.authoring.rehash import _rewrite
    from sscorpus.authoring.textdiff import Alignment

    vocabulary = ["South", "Southern", "Africa", "the", "WTO", "policy", "space", "and", "South-South", "."]
    for case in range(300):
        rng = random.Random(case)
        words = [rng.choice(vocabulary) for _ in range(rng.randint(5, 60))]
        old = " ".join(words)
        starts = [m.start() for m in re.finditer(r"\S+", old)]
        at = rng.choice([*starts, len(old)])
        if rng.random() < 0.5:
            fix = Correction("insert", at, " ".join(rng.choices(vocabulary, k=rng.randint(1, 4))) + " ", True)
        else:
            fix = Correction("delete", at, old[at : at + rng.randint(1, 20)], False)
        new = fix.apply(old)
        alignment = Alignment(old, new)
        assert all(old[a : a + n] == new[b : b + n] for a, b, n in alignment.blocks)
        index = TextIndex(new)
        for _ in range(5):
            first = rng.randrange(len(starts))
            last = min(len(starts) - 1, first + rng.randint(0, 3))
            s, e = starts[first], starts[last] + len(old[starts[last] :].split(" ")[0])
            carried = alignment.span(s, e)
            truths = fix.carry(old, new, ((s, e),))
            assert (carried is None and None in truths) or ((carried,) in truths), (case, old, new, s, e)
            if carried is None:
                continue
            target = Match(*carried)
            piece = anchor_in_style(rng, TextIndex(old), Match(s, e))
            changes = _rewrite(dict(piece), index, target)
            assert changes is not None, (case, piece)
            assert index.resolve(Selector(**{**piece, **changes})) == target  # type: ignore[arg-type]


def test_an_annotation_file_of_the_document_that_cannot_be_read_stops_the_rehash(
    corpus: CorpusDir, old_text: Path
) -> None:
    corpus.write(ESSAY_FILE, south_mentions("a", [20]))
    corpus.write(GOLD_FILE, f"document: {ESSAY}\nannotator: gold\nmentions: [\n")  # cut short
    insert(corpus, INSERT_BEFORE, "Southern ")
    files = {rel: corpus.path(rel).read_bytes() for rel in (ESSAY_FILE, GOLD_FILE, CATALOG_FILE)}
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 2 and GOLD_FILE.split("/")[-2] in result.output and "fix it first" in result.output
    assert {rel: corpus.path(rel).read_bytes() for rel in files} == files


def test_errors_the_correction_does_not_touch_do_not_stop_it_but_fail_the_run(
    corpus: CorpusDir, old_text: Path
) -> None:
    corpus.write(ESSAY_FILE, south_mentions("a", [20]).replace("south-africa", "no-such-actor"))
    assert {f.code for f in corpus.check().report.errors} == {"ref.unknown"}
    insert(corpus, INSERT_BEFORE, "Southern ")
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 1 and "rewritten: 1, moved: 0, broke: 0" in result.output
    assert "1 errors it had before" in result.output
    assert load_file(corpus.path(ESSAY_FILE)).data["mentions"][0]["occurrence"] == 21
    assert {f.code for f in corpus.check().report.errors} == {"ref.unknown"}


def test_a_passage_no_rewrite_selects_is_reported_moved_and_left_as_written(
    corpus: CorpusDir, old_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscorpus.authoring import rehash as module

    corpus.write(ESSAY_FILE, south_mentions("a", [1, 20]))
    insert(corpus, INSERT_BEFORE, "Southern ")
    written = corpus.read(ESSAY_FILE)
    monkeypatch.setattr(module, "_rewrite", lambda piece, index, target: None)
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{ESSAY_FILE}:8:5: error[rehash.moved]")
    assert "items anchored: 4, rewritten: 0, moved: 1, broke: 0" in result.output  # a mention, 3 not_body items
    assert corpus.read(ESSAY_FILE) == written


def test_a_file_the_edits_cannot_handle_is_left_as_it_is_with_each_rewrite_reported(
    corpus: CorpusDir, old_text: Path
) -> None:
    corpus.write(GOLD_FILE, south_mentions("gold", [20]))
    corpus.remove(ESSAY_FILE)
    mention = '{"actor": "south-africa", "quote": "South", "occurrence": 20}'
    flow = f'{{"document": "{ESSAY}", "annotator": "a", "mentions": [{mention}]}}\n'
    corpus.write(ESSAY_FILE.replace(".yaml", ".json"), flow)
    assert corpus.check().report.errors == []
    insert(corpus, INSERT_BEFORE, "Southern ")
    result = run(corpus, "--old", str(old_text))
    assert result.exit_code == 1
    assert "error[rehash.moved]" in result.output and "occurrence 20 -> 21" in result.output
    assert corpus.read(ESSAY_FILE.replace(".yaml", ".json")) == flow
    assert load_file(corpus.path(GOLD_FILE)).data["mentions"][0]["occurrence"] == 21
