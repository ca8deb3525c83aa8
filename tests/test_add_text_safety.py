"""add-text takes nothing that validate or export would later refuse, reads
only regular files, names UTF-16, writes under the corpus's lock keeping
file modes, and can be undone (remove-text); validate reports in a
hand-written catalog what add-text refuses."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import filelock
import pytest
from click.testing import CliRunner, Result

import sscorpus
from conftest import BRIEF, CATALOG_FILE, SCHEMAS, CorpusDir
from sscorpus.cli import main
from sscorpus.corpus.ids import MAX_LENGTH, WINDOWS_RESERVED
from sscorpus.corpus.loading import load_file
from sscorpus.corpus.writing import Edit

TEXT = "## A press release\n\nSouth Africa and the WTO met in Geneva.\n\nThey agreed.\n"
BASE = ["--title", "T", "--kind", "speech", "--default-speaker", "south-africa"]


def add(corpus: CorpusDir, *args: str, text: str | bytes = TEXT, name: str = "press.txt") -> Result:
    source = corpus.write(f"incoming/{name}", text)
    return CliRunner().invoke(main, ["add-text", str(source), "--root", str(corpus.root), *args])


def documents(corpus: CorpusDir) -> list[str]:
    return [d["id"] for d in load_file(corpus.path(CATALOG_FILE)).data["documents"]]


# -- UTF-16 is named ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_text_is_named_as_such(corpus: CorpusDir, encoding: str) -> None:
    result = add(corpus, "--id", "press", *BASE, text=TEXT.encode(encoding))
    assert result.exit_code == 1
    assert "incoming/press.txt:1:1: error[catalog.text-encoding]" in result.output
    assert "UTF-16" in result.output and "Windows-1252" not in result.output
    assert not corpus.path("texts/press.txt").exists()


def test_a_utf16_annotation_file_and_catalogued_text_are_named(corpus: CorpusDir) -> None:
    path = corpus.path(f"texts/{BRIEF}.txt")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    registry = corpus.path("annotations/registry.yaml")
    registry.write_bytes(registry.read_text(encoding="utf-8").encode("utf-16"))
    report = corpus.check().report
    by_code = {(f.code, f.path.name): f for f in report.errors}
    assert "UTF-16" in by_code[("file.encoding", "registry.yaml")].message
    assert (by_code[("file.encoding", "registry.yaml")].line, by_code[("file.encoding", "registry.yaml")].column) == (
        1,
        1,
    )
    assert "UTF-16" in by_code[("catalog.text-encoding", "catalog.yaml")].message


# -- what the export refuses, add-text refuses, and validate reports ---------------------------


@pytest.mark.parametrize(
    ("character", "code"),
    [
        ("\x85", "text.c1-control"),
        ("\u2028", "text.control-character"),
        ("\u2029", "text.control-character"),
        ("\uffff", "text.control-character"),
        ("\x9b", "text.c1-control"),
        ("\x0b", "text.control-character"),
    ],
    ids=["nel", "ls", "ps", "ffff", "csi", "vt"],
)
def test_a_text_with_a_character_no_cell_holds_is_refused(corpus: CorpusDir, character: str, code: str) -> None:
    result = add(corpus, "--id", "press", *BASE, text=TEXT.replace("They", f"They{character}"))
    assert result.exit_code == 1
    assert f"incoming/press.txt:5:5: error[{code}]" in result.output
    assert not corpus.path("texts/press.txt").exists()


def test_validate_reports_such_a_character_in_a_catalogued_text(corpus: CorpusDir) -> None:
    path = corpus.path(f"texts/{BRIEF}.txt")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\u2028", 1), encoding="utf-8", newline="")
    codes = {(f.code, f.path.name) for f in corpus.check().report.errors}
    assert ("text.control-character", f"{BRIEF}.txt") in codes


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--title", "A \x1b[31mred\x1b[0m title"], "--title"),
        (["--title", "Line_x000D_end"], "--title"),
        (["--author", "Jane\x07 Roe", "--default-speaker", "south-africa"], "--author"),
        (["--publication", "p" * 40_000], "--publication"),
        (["--date", "2021-13-45"], "--date"),
        (["--date", "2023-02-29"], "--date"),
        (["--url", "https://example.org/", "--accessed", "2024-04-31"], "--accessed"),
        (["--note", "a\x00b"], "--note"),
        (["--affiliation", "Nowhere"], "--affiliation"),
        (["--source-sha256", "ABC"], "--source-sha256"),
        (["--not-body", "not in the text at all"], "--not-body"),
        (["--not-body-section", "References"], "--not-body-section"),
    ],
)
def test_refuses_a_value_the_export_or_the_schema_would_refuse(corpus: CorpusDir, args: list[str], option: str) -> None:
    before = corpus.read(CATALOG_FILE)
    result = add(
        corpus, "--id", "press", "--kind", "speech", "--default-speaker", "south-africa", "--title", "T", *args
    )
    assert result.exit_code == 2, result.output
    assert f"sscorpus: error: {option}" in result.output
    assert corpus.read(CATALOG_FILE) == before and not corpus.path("texts/press.txt").exists()


@pytest.mark.parametrize("doc_id", ["con", "nul", "com1", "lpt9", "aux", "prn", "x" * 300])
def test_refuses_an_id_that_windows_keeps_for_a_device(corpus: CorpusDir, doc_id: str) -> None:
    result = add(corpus, "--id", doc_id, *BASE)
    assert result.exit_code == 2 and f"--id '{doc_id}'" in result.output.replace("\n", "")
    assert doc_id not in documents(corpus)


def test_the_schema_knows_the_same_device_names() -> None:
    schema = json.loads((SCHEMAS / "catalog.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["document"]["properties"]["id"]["maxLength"] == MAX_LENGTH
    pattern = schema["$defs"]["document"]["properties"]["id"]["not"]["pattern"]
    assert pattern == f"^{WINDOWS_RESERVED.pattern.removesuffix(chr(92) + 'Z')}$"


def test_validate_reports_what_add_text_refuses_in_a_hand_written_catalog(corpus: CorpusDir) -> None:
    catalog = corpus.read(CATALOG_FILE)
    first = catalog.index("  - id: ")
    second = catalog.index("  - id: ", first + 1)
    entry = catalog[second:]  # the brief's entry, added again by hand with bad values
    entry = entry.replace(f"id: {BRIEF}", "id: con", 1)
    title_line = next(line for line in entry.splitlines() if line.startswith("    title:"))
    entry = entry.replace(title_line, '    title: "Bad\\u0085title"', 1)
    entry = entry.replace("    language:", "    date: 2021-13-45\n    language:", 1)
    corpus.write(CATALOG_FILE, catalog + entry)
    lines = (catalog + entry).splitlines()
    found = corpus.located(corpus.check().report.errors)
    assert ("catalog.cell-text", CATALOG_FILE, lines.index('    title: "Bad\\u0085title"') + 1, 12) in found
    assert ("catalog.date", CATALOG_FILE, lines.index("    date: 2021-13-45") + 1, 11) in found
    assert ("schema.not", CATALOG_FILE, lines.index("  - id: con") + 1, 9) in found


def test_an_empty_text_is_refused_at_the_text(corpus: CorpusDir) -> None:
    for text in ("", "  \n\n"):
        result = add(corpus, "--id", "press", *BASE, text=text)
        assert result.exit_code == 1
        assert "incoming/press.txt:1:1: error[text.empty]" in result.output
        assert "catalog.yaml" not in result.output
    assert "press" not in documents(corpus)


# -- only regular files, of a bounded size -------------------------------------------------


def _add_path(corpus: CorpusDir, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sscorpus", "add-text", path, "--id", "press", *BASE, "--root", str(corpus.root)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_refuses_a_device_without_reading_it(corpus: CorpusDir) -> None:
    done = _add_path(corpus, "/dev/zero")
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_refuses_a_fifo_without_waiting_for_a_writer(corpus: CorpusDir, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = _add_path(corpus, str(fifo))
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert not corpus.path("texts/press.txt").exists()


def test_refuses_a_source_larger_than_the_cap(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sscorpus.authoring.preparing.MAX_SOURCE_BYTES", 50)
    result = add(corpus, "--id", "press", *BASE)
    assert result.exit_code == 2 and f"{len(TEXT.encode()):,} bytes" in result.output


# -- modes, the lock --------------------------------------------------------------------------


def test_add_text_keeps_the_catalog_mode_and_gives_the_text_the_umask_mode(corpus: CorpusDir) -> None:
    catalog = corpus.path(CATALOG_FILE)
    catalog.chmod(0o664)
    mask = os.umask(0o022)
    try:
        result = add(corpus, "--id", "press", *BASE)
    finally:
        os.umask(mask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o664
    assert stat.S_IMODE(corpus.path("texts/press.txt").stat().st_mode) == 0o644


#: ``python -m sscorpus`` that says on stderr when it asks for the corpus's lock
ANNOUNCING_LOCK = (
    "import runpy, sys, filelock\n"
    "acquire = filelock.FileLock.acquire\n"
    "def announcing(self, *args, **kwargs):\n"
    "    print('asking for the lock', file=sys.stderr, flush=True)\n"
    "    return acquire(self, *args, **kwargs)\n"
    "filelock.FileLock.acquire = announcing\n"
    "runpy.run_module('sscorpus', run_name='__main__', alter_sys=True)\n"
)


def test_add_text_waits_for_the_lock_and_reads_the_catalog_after_it(corpus: CorpusDir) -> None:
    """An edit in progress holds the lock: add-text waits, then appends to
    what that edit wrote (the id check and the append happen under the lock)."""
    source = corpus.write("incoming/press.txt", TEXT)
    command = [sys.executable, "-c", ANNOUNCING_LOCK, "add-text", str(source), "--id", "press", *BASE]
    with Edit(corpus.root) as edit:
        waiting = subprocess.Popen(
            [*command, "--root", str(corpus.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert waiting.stderr is not None
        said = ""
        while "asking for the lock" not in said and waiting.poll() is None:
            said = waiting.stderr.readline()
        assert waiting.poll() is None, said  # still waiting for the lock
        catalog = corpus.read(CATALOG_FILE)
        edit.write(corpus.path(CATALOG_FILE), (catalog + "# written while add-text waited\n").encode())
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    text = corpus.read(CATALOG_FILE)
    assert "# written while add-text waited\n  - id: press\n" in text


def test_two_add_text_at_once_both_land_and_one_id_wins_once(corpus: CorpusDir) -> None:
    sources = [corpus.write(f"incoming/p{n}.txt", TEXT.replace("They", f"They {n}")) for n in range(4)]
    ids = ["one", "two", "same", "same"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "sscorpus", "add-text", str(s), "--id", i, *BASE, "--root", str(corpus.root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s, i in zip(sources, ids, strict=True)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    codes = [run.returncode for run in runs]
    assert not any("Traceback" in err for _, err in outputs)
    assert codes[:2] == [0, 0] and sorted(codes[2:]) == [0, 2]
    assert sorted(documents(corpus)).count("same") == 1
    assert {"one", "two"} <= set(documents(corpus))
    assert sscorpus.check(corpus.root).report.errors == []


# -- undo ----------------------------------------------------------------------------------------


def test_remove_text_undoes_add_text_byte_for_byte(corpus: CorpusDir) -> None:
    before = corpus.path(CATALOG_FILE).read_bytes()
    assert add(corpus, "--id", "press", *BASE).exit_code == 0
    assert add(corpus, "--id", "press-2", *BASE).exit_code == 0
    after_second = corpus.path(CATALOG_FILE).read_bytes()
    done = CliRunner().invoke(main, ["remove-text", "press", "--root", str(corpus.root)])
    assert done.exit_code == 0, done.output
    assert not corpus.path("texts/press.txt").exists() and corpus.path("texts/press-2.txt").exists()
    assert documents(corpus)[-1] == "press-2" and "press" not in documents(corpus)
    done = CliRunner().invoke(main, ["remove-text", "press-2", "--root", str(corpus.root)])
    assert done.exit_code == 0, done.output
    assert corpus.path(CATALOG_FILE).read_bytes() == before
    assert after_second != before
    assert sscorpus.check(corpus.root).report.errors == []


def test_remove_text_refuses_an_annotated_or_unknown_document(corpus: CorpusDir) -> None:
    before = corpus.path(CATALOG_FILE).read_bytes()
    done = CliRunner().invoke(main, ["remove-text", BRIEF, "--root", str(corpus.root)])
    assert done.exit_code == 2 and f"annotations/a/{BRIEF}.yaml" in done.output
    done = CliRunner().invoke(main, ["remove-text", "nothing", "--root", str(corpus.root)])
    assert done.exit_code == 2 and "no document 'nothing'" in done.output
    assert corpus.path(CATALOG_FILE).read_bytes() == before and corpus.path(f"texts/{BRIEF}.txt").exists()


def test_new_takes_the_lock_and_checks_for_the_file_under_it(
    corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert add(corpus, "--id", "press", *BASE).exit_code == 0
    results: list[Result] = []
    asked = threading.Event()
    acquire = filelock.FileLock.acquire

    def announcing(lock: filelock.FileLock, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            asked.set()
        return acquire(lock, *args, **kwargs)

    def new() -> None:
        results.append(CliRunner().invoke(main, ["new", "press", "--annotator", "b", "--root", str(corpus.root)]))

    with Edit(corpus.root) as edit:
        monkeypatch.setattr(filelock.FileLock, "acquire", announcing)
        thread = threading.Thread(target=new)
        thread.start()
        assert asked.wait(timeout=60)
        assert thread.is_alive()  # waiting for the lock
        edit.write(corpus.path("annotations/b/press.yaml"), b"document: press\nannotator: b\n")
    thread.join(timeout=60)
    assert results[0].exit_code == 2 and "already exists" in results[0].output
    assert corpus.read("annotations/b/press.yaml") == "document: press\nannotator: b\n"


def test_an_id_of_digits_stays_a_string_in_the_catalog(corpus: CorpusDir) -> None:
    """Found by the fuzz run: `- id: 2024` reads back as a number."""
    result = add(corpus, "--id", "2024", *BASE)
    assert result.exit_code == 0, result.output
    assert "2024" in documents(corpus)
    assert sscorpus.check(corpus.root).report.errors == []
    assert CliRunner().invoke(main, ["remove-text", "2024", "--root", str(corpus.root)]).exit_code == 0


def test_an_edit_that_removes_a_file_is_finished_by_the_next_one(corpus: CorpusDir) -> None:
    """A journal naming a removal (written by an edit killed after its
    commit began) is played to the end by the next edit."""
    doomed = corpus.write("texts/doomed.txt", "x\n")
    with Edit(corpus.root) as edit:
        edit.remove(doomed)
    assert not doomed.exists()
    doomed = corpus.write("texts/doomed.txt", "x\n")
    corpus.write(".sscorpus-journal", json.dumps([[None, "texts/doomed.txt"]]))
    with Edit(corpus.root):
        pass
    assert not doomed.exists() and not corpus.path(".sscorpus-journal").exists()


def test_remove_text_keeps_a_text_file_another_entry_names(corpus: CorpusDir) -> None:
    assert add(corpus, "--id", "press", *BASE).exit_code == 0
    catalog = corpus.read(CATALOG_FILE)
    entry = catalog[catalog.index("  - id: press\n") :]
    corpus.write(CATALOG_FILE, catalog + entry.replace("  - id: press\n", "  - id: press-copy\n"))
    done = CliRunner().invoke(main, ["remove-text", "press-copy", "--root", str(corpus.root)])
    assert done.exit_code == 0, done.output
    assert corpus.path("texts/press.txt").exists() and corpus.read(CATALOG_FILE) == catalog
