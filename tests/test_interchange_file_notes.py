"""An annotation file's own note (its top-level ``note:``) in every
interchange format: exported, read back per layer, and written by the
import as ``sscorpus new`` and people write it; a note the import cannot
place is a finding where the foreign file has it, never dropped in silence.

The round trip test compares the CSV tables, which hold no file note: this
file is what holds the formats to it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import sscorpus
from conftest import BRIEF, BRIEF_FILE, ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, CorpusDir
from sscorpus import codes
from sscorpus.corpus.loading import load_text
from sscorpus.corpus.yamledit import scalar, text_lines
from sscorpus.dataset.dataset import build
from sscorpus.interchange.format import Format
from sscorpus.interchange.formats import FORMATS
from sscorpus.interchange.importing import import_project
from sscorpus.interchange.w3c import FORMAT as W3C

#: a long note of two paragraphs, with characters each format must keep
LONG = (
    "Complete annotation of the essay, following docs/guidelines.md: every mention of every registry "
    "entity, every claim from the epigraph to the conclusion; 'quotes', #hashes: and a backslash \\ too.\n\n"
    "A second paragraph, after a blank line: A \U0001d49c beyond the BMP, and <xml> & ampersands."
)
SHORT = "Done on 2026-11-28."
OTHER = "Annotator b's own note on the essay, which only b's layer holds."

#: the name each format declares a lost file note by, in ``Format.loses``
LOST = "file.note"


def _with_notes(corpus: CorpusDir) -> dict[tuple[str, str], str]:
    """The corpus with a note in each file, and a layer b of the essay with
    its own note: the notes by (layer, document)."""
    corpus.edit(ESSAY_FILE, "annotator: a\n", f"annotator: a\nnote: {scalar(LONG)}\n")
    corpus.edit(BRIEF_FILE, "annotator: a\n", f"annotator: a\nnote: {scalar(SHORT)}\n")
    corpus.write(
        f"annotations/b/{ESSAY}.yaml",
        ESSAY_ANNOTATIONS.replace("annotator: a\n", f"annotator: b\nnote: {scalar(OTHER)}\n"),
    )
    return {("a", ESSAY): LONG, ("a", BRIEF): SHORT, ("b", ESSAY): OTHER}


@pytest.mark.parametrize("format_", list(FORMATS.values()), ids=lambda f: f.name)
def test_each_layer_s_file_notes_come_back_from_an_export(format_: Format, corpus: CorpusDir, tmp_path: Path) -> None:
    notes = _with_notes(corpus)
    checked = corpus.check()
    assert not checked.report.errors, [str(f) for f in checked.report.errors]
    assert {(f.annotator, f.document): f.note for f in checked.corpus.files} == notes
    exported = tmp_path / format_.file_name
    assert format_.write(build(checked, None), exported) == []
    for layer in ("a", "b"):
        copy = tmp_path / f"copy-{layer}"
        shutil.copytree(corpus.root, copy, ignore=shutil.ignore_patterns(".sscorpus-*"))
        shutil.rmtree(copy / "annotations" / layer)
        result = import_project(copy, format_.read(exported), layer, schemas=checked.schemas)
        assert not result.report.findings, [str(f) for f in result.report.findings]
        after = sscorpus.check(copy)
        assert not after.report.errors, [str(f) for f in after.report.errors]
        got = {f.document: f.note for f in after.corpus.files if f.annotator == layer}
        wanted = {document: note for (annotator, document), note in notes.items() if annotator == layer}
        if LOST in format_.loses:
            assert set(got.values()) == {None}, format_.name
        else:
            assert got == wanted, format_.name
    if LOST not in format_.loses:
        written = (tmp_path / "copy-a" / ESSAY_FILE).read_text(encoding="utf-8").splitlines()
        # laid out as people write a long note: folded, on lines of a readable width, after the annotator
        assert written[written.index("annotator: a") + 1] == "note: >-"
        assert max(len(line) for line in written[: written.index("mentions:")]) <= 80
        brief = (tmp_path / "copy-a" / BRIEF_FILE).read_text(encoding="utf-8").splitlines()
        assert brief[brief.index("annotator: a") + 1] == f"note: {scalar(SHORT)}"


def _page_note(number: int, document: str, creator: str, note: str) -> dict[str, object]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"urn:example:note:{number}",
        "type": "Annotation",
        "creator": creator,
        "motivation": "commenting",
        "body": {"type": "TextualBody", "purpose": "commenting", "value": note},
        "target": f"urn:sscorpus:text:{document}",
    }


def _mention(creator: str, text: str) -> dict[str, object]:
    start = text.index("Philani Mthembu")
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:example:mention",
        "type": "Annotation",
        "creator": creator,
        "body": {"type": "TextualBody", "purpose": "identifying", "value": "actor/philani-mthembu"},
        "target": {
            "source": f"urn:sscorpus:text:{ESSAY}",
            "selector": [
                {"type": "TextPositionSelector", "start": start, "end": start + len("Philani Mthembu")},
                {"type": "TextQuoteSelector", "exact": "Philani Mthembu"},
            ],
        },
    }


def _lines_of(text: str, marker: str) -> int:
    """The line of the object that holds ``marker`` (its ``{``)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if marker in line)
    return next(i for i in range(at, -1, -1) if lines[i].strip() == "{") + 1


def test_w3c_page_notes_are_joined_placed_or_reported_where_they_stand(
    corpus: CorpusDir, tmp_path: Path, essay_text: str
) -> None:
    annotations = [
        _mention("ana", essay_text),
        _page_note(1, ESSAY, "ana", "First note."),
        _page_note(2, "no-such-document", "ana", "A note on a text the catalog lacks."),
        _page_note(3, ESSAY, "ana", "Second note."),
        _page_note(4, BRIEF, "ana", "A note on the brief, which ana coded nothing in."),
        _page_note(5, ESSAY, "carla", "Carla coded nothing: her note has no layer to go to."),
    ]
    file = tmp_path / "notes.jsonld"
    text = json.dumps(annotations, indent=2) + "\n"
    file.write_text(text, encoding="utf-8")
    result = import_project(corpus.root, W3C.read(file), "ana")
    found = {(f.code, f.path, f.line, f.column) for f in result.report.findings}
    assert found == {
        (codes.IMPORT_FILE_NOTE, file, _lines_of(text, "urn:example:note:2"), 3),
        (codes.IMPORT_FILE_NOTE, file, _lines_of(text, "urn:example:note:5"), 3),
    }
    # nothing is written while there is a finding: the files it would write
    essay = result.files[corpus.root / "annotations" / "ana" / f"{ESSAY}.yaml"]
    brief = result.files[corpus.root / "annotations" / "ana" / f"{BRIEF}.yaml"]
    after = sscorpus.check(corpus.root, overlay={p: t.encode("utf-8") for p, t in result.files.items()})
    assert not after.report.errors, [str(f) for f in after.report.errors]
    notes = {f.document: f.note for f in after.corpus.files if f.annotator == "ana"}
    assert notes == {ESSAY: "First note.\n\nSecond note.", BRIEF: "A note on the brief, which ana coded nothing in."}
    assert "mentions: []" in brief and "actor: philani-mthembu" in essay


@pytest.mark.parametrize(
    ("note", "folded"),
    [
        (SHORT, False),
        (LONG, True),
        (" ".join(["word"] * 30) + "\n" + "line after one line break", True),
        ("a trailing space before a line break " * 3 + "\nb", False),
        ("two  spaces " * 10, False),  # a fold would eat a space: quoted on one line
        ("\tindented " * 10, False),
        ("ends with a line break " * 5 + "\n", False),
        (" ".join(["a"] * 60) + "\n\n\n" + "b", True),
    ],
)
def test_a_file_note_is_folded_only_where_it_reads_back_as_itself(note: str, folded: bool) -> None:
    lines = text_lines("note", note)
    assert lines[0] == "note: >-" if folded else len(lines) == 1
    assert all(len(line) <= 80 for line in lines) or not folded
    loaded = load_text(Path("a.yaml"), "\n".join(lines) + "\n")
    assert not loaded.findings and loaded.data == {"note": note}
