"""What the language server keeps between keystrokes (``sscorpus.lsp.session``)
and its positions: a file checked alone, from its buffer, gets the findings
``validate`` gives it, at the same places; columns in the editor's units."""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from pathlib import Path

import pytest
from lsprotocol import types

import sscorpus
from conftest import ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, REGISTRY_FILE, REPO, CorpusDir
from sscorpus.lsp.positions import UTF8, UTF16, UTF32, Text
from sscorpus.lsp.selection import AddError, addition, offers, write
from sscorpus.lsp.server import make_server
from sscorpus.lsp.session import Session


def _validated(root: Path, path: Path, text: str) -> set[tuple[str, int, int, str]]:
    checked = sscorpus.check(root, [path], overlay={path: text.encode("utf-8", "surrogatepass")})
    return {(f.code, f.line, f.column, f.pointer) for f in checked.report.findings if f.path == path}


def _session(session: Session, path: Path, text: str) -> set[tuple[str, int, int, str]]:
    session.open(path, text)
    return {(f.code, f.line, f.column, f.pointer) for f in session.findings(path)}


def test_the_repository_corpus_as_validate_sees_it(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for folder in ("texts", "annotations", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    session = Session(root)
    files = sorted(p for p in (root / "annotations").rglob("*") if p.suffix in (".yaml", ".json"))
    files = [p for p in files if p.name != "registry.yaml"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _session(session, path, text) == _validated(root, path, text), path


BROKEN = {
    "a quote not in the text": ("quote: Philani Mthembu", "quote: Philani Mthembo"),
    "an unknown entity": ("- actor: south-africa", "- actor: south-afrika"),
    "an ambiguous quote": ("    occurrence: 1\n", ""),
    "a claim id given twice": ("- id: c2", "- id: c1"),
    "an unknown claim": ("supports: [c1]", "supports: [c7]"),
    "a wrong kind": ("kind: event", "kind: rumour"),
    "a half-typed key": ("evidence:\n", "evidence:\n  - id: e9\n    quo"),
    "invalid YAML": ("kind: evaluative", "kind: evaluative\n    note: see: here"),
    "a tab": ("  - id: c1", "\t- id: c1"),
    "a file for another document": ("document: mthembu-multilateralism", "document: india-us-2plus2"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_buffer_as_validate_sees_it(corpus: CorpusDir, name: str) -> None:
    old, new = BROKEN[name]
    assert old in ESSAY_ANNOTATIONS
    text = ESSAY_ANNOTATIONS.replace(old, new, 1)
    path = corpus.path(ESSAY_FILE)
    found = _session(Session(corpus.root), path, text)
    assert found and found == _validated(corpus.root, path, text)


def test_a_registry_buffer_changes_the_annotation_files(corpus: CorpusDir) -> None:
    session = Session(corpus.root)
    path, registry = corpus.path(ESSAY_FILE), corpus.path(REGISTRY_FILE)
    assert _session(session, path, ESSAY_ANNOTATIONS) == set()
    changed = session.open(registry, corpus.read(REGISTRY_FILE).replace("id: policy-space", "id: space"))
    assert path in changed
    assert {f.code for f in session.findings(path)} == {"ref.unknown"}
    assert "id: policy-space" in corpus.read(REGISTRY_FILE)  # nothing written
    session.close(registry)
    assert session.findings(path) == []


@pytest.mark.parametrize(
    ("encoding", "column"),
    [(UTF16, len("a 🙂 b".encode("utf-16-le")) // 2), (UTF32, len("a 🙂 b")), (UTF8, len("a 🙂 b".encode()))],
)
def test_columns_count_the_agreed_units(encoding: str, column: int) -> None:
    text = Text("first\r\na 🙂 b: here\rlast\n", encoding)
    offset = text.text.index(": here")
    assert text.position(offset) == types.Position(1, column)
    assert text.offset(types.Position(1, column)) == offset
    assert text.position(text.text.index("last")) == types.Position(2, 0)
    assert text.at(2, len("a 🙂 b") + 1) == types.Position(1, column)
    # a column inside a character counts as after it; past the end of a line, its end
    assert text.offset(types.Position(1, 10_000)) == text.text.index("\rlast")


def test_a_mention_added_from_the_text_picks_its_place(corpus: CorpusDir) -> None:
    session = Session(corpus.root)
    essay = corpus.read(f"texts/{ESSAY}.txt")
    second = essay.index("South Africa", essay.index("South Africa") + 1)
    (offer,) = [o for o in offers(session, ESSAY, second, second + len("South Africa"), "z") if o.what == "mention"]
    assert offer.value == "south-africa"
    added = addition(session, "z", ESSAY, second - 1, second + len("South Africa") + 1, "mention", offer.value)
    assert added.before is None and added.path == corpus.path(f"annotations/z/{ESSAY}.yaml")
    checked = sscorpus.check(corpus.root, overlay={added.path: added.text.encode()})
    assert [f for f in checked.report.findings if f.path == added.path] == []
    (mine,) = [f for f in checked.corpus.files if f.path == added.path]
    (mention,) = mine.mentions
    assert mention.span is not None and mention.span.pieces == ((second, second + len("South Africa")),)
    assert not added.path.exists()  # offered, not written
    with pytest.raises(AddError):
        addition(session, "Not An Id", ESSAY, second, second + 5, "claim", "descriptive")


def test_adding_never_overwrites_what_changed_or_cannot_be_read(corpus: CorpusDir) -> None:
    session = Session(corpus.root)
    essay = corpus.read(f"texts/{ESSAY}.txt")
    start = essay.index("South Africa")
    assert offers(session, ESSAY, start, start + 12, "a")  # reads the file (evidence needs its claims)
    added = addition(session, "a", ESSAY, start, start + 12, "claim", "descriptive")
    assert added.before == ESSAY_ANNOTATIONS
    corpus.write(ESSAY_FILE, ESSAY_ANNOTATIONS + "# changed by someone else\n")
    with pytest.raises(AddError):
        write(session, added)
    assert corpus.read(ESSAY_FILE).endswith("# changed by someone else\n")
    corpus.write(ESSAY_FILE, ESSAY_ANNOTATIONS)
    write(session, added)
    assert corpus.read(ESSAY_FILE) == added.text
    corpus.write(f"annotations/b/{ESSAY}.yaml", b"\xff\xfe\x00binary")
    with pytest.raises(AddError):
        addition(session, "b", ESSAY, start, start + 12, "claim", "descriptive")
    assert corpus.path(f"annotations/b/{ESSAY}.yaml").read_bytes() == b"\xff\xfe\x00binary"


def test_the_server_lets_go_of_finished_notifications() -> None:
    """pygls keeps a future per notification; the server drops the finished
    ones at each change, so memory stays flat over a day of typing."""
    server = make_server()
    futures = server.protocol._request_futures
    finished: Future[None] = Future()
    finished.set_result(None)
    running: Future[None] = Future()
    futures.update({"done-1": finished, "done-2": finished, "running": running})
    server.forget_finished()  # as each change does
    assert list(futures) == ["running"]


def test_a_corpus_without_a_registry_is_still_checked(corpus: CorpusDir) -> None:
    corpus.remove(REGISTRY_FILE)
    session = Session(corpus.root)
    path = corpus.path(ESSAY_FILE)
    assert _session(session, path, ESSAY_ANNOTATIONS) == _validated(corpus.root, path, ESSAY_ANNOTATIONS)
    assert {f.code for f in session.findings(corpus.path(REGISTRY_FILE))} == {"file.missing"}


def test_windows_line_ends_are_kept(corpus: CorpusDir) -> None:
    crlf = ESSAY_ANNOTATIONS.replace("\n", "\r\n")
    corpus.write(ESSAY_FILE, crlf)
    session = Session(corpus.root)
    essay = corpus.read(f"texts/{ESSAY}.txt")
    start = essay.index("South Africa")
    added = addition(session, "a", ESSAY, start, start + 12, "claim", "descriptive")
    assert "\n" not in added.text.replace("\r\n", "") and "\r" not in added.text.replace("\r\n", "")
    selector = 1 if essay.count("South Africa") > 1 else 0  # occurrence (or prefix)
    assert added.text.count("\r\n") == crlf.count("\r\n") + 3 + selector  # id, quote, kind
    assert _validated(corpus.root, added.path, added.text) == set()
