"""A run on one annotation file costs what the file costs: of the catalog it
reads the entries of the file's documents (``corpus/entries.py``), it walks
no folder it was not given, and a clean run starts without the libraries
only a finding needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BRIEF, CATALOG_FILE, ESSAY, ESSAY_FILE, REPO, CorpusDir
from sscorpus import codes
from sscorpus.checks.files import load_checked
from sscorpus.checks.validate import check
from sscorpus.corpus import layout, loading, yaml12
from sscorpus.corpus.catalog import read_catalog
from sscorpus.corpus.entries import read_entries
from sscorpus.corpus.loaded import LoadedFile
from sscorpus.corpus.schemas import SchemaSet, load_schemas
from sscorpus.findings import Finding


def _entry_pointer(full: LoadedFile, doc_id: str) -> str:
    return next(f"/documents/{i}" for i, e in enumerate(full.data["documents"]) if e.get("id") == doc_id)


def _about(findings: list[Finding], pointer: str) -> list[tuple[str, int, int, str]]:
    return sorted((f.code, f.line, f.column, f.pointer) for f in findings if f.pointer.startswith(pointer + "/"))


def _same_as_whole(root: Path, text: str, schemas: SchemaSet) -> None:
    """Each entry read alone is the entry read with the whole catalog: its
    record, its places and its findings."""
    path = root / CATALOG_FILE
    path.write_bytes(text.encode("utf-8"))
    full = load_checked(path, "catalog", schemas, {})
    whole = read_catalog(full, root / "texts")
    ids = [e["id"] for e in full.data["documents"]]
    for doc_id in (ESSAY, BRIEF):
        part = read_entries(path, path.read_bytes(), {doc_id}, schemas)
        assert part is not None, "a plain catalog is cut"
        assert list(part.ids) == ids
        alone = read_catalog(part.loaded, root / "texts", {doc_id})
        assert alone == [d for d in whole if d.id == doc_id]
        pointer = _entry_pointer(full, doc_id)
        assert _about(part.loaded.findings, pointer) == _about(full.findings, pointer)
        assert all(f.pointer.startswith(pointer + "/") for f in part.loaded.findings)


def _variants(catalog: str) -> dict[str, str]:
    """The catalog as people and tools write it."""
    head, _, body = catalog.partition("documents:\n")
    wider = "\n".join("    " + x if x.strip() else x for x in body.split("\n"))
    quoted = catalog.replace(f"id: {ESSAY}", f'id: "{ESSAY}"')
    unindented = "\n".join(line[2:] if line.startswith("  ") else line for line in body.split("\n"))
    return {
        "as written": catalog,
        "CRLF": catalog.replace("\n", "\r\n"),
        "byte-order mark": "\ufeff" + catalog,
        "double-quoted ids": quoted.replace(f"id: {BRIEF}", f'id: "{BRIEF}"'),
        "single-quoted id, comment": catalog.replace(f"id: {BRIEF}", f"id: '{BRIEF}'  # the brief"),
        "id after the title": catalog.replace(
            f"  - id: {ESSAY}\n    title:", f"  - title: x\n    id: {ESSAY}\n    t2:"
        ),
        "items not indented": head + "documents:\n" + unindented,
        "comments between entries": catalog.replace(f"  - id: {BRIEF}", f"# the brief\n  # indented\n  - id: {BRIEF}"),
        "wider indentation": head + "documents:\n" + wider,
        "an error in each entry": catalog.replace("    kind: essay\n", "    kind: essay\n    colour: red\n").replace(
            "    kind: news-brief\n", "    kind: 5\n"
        ),
    }


def test_an_entry_read_alone_is_the_entry_read_with_the_whole_catalog(corpus: CorpusDir) -> None:
    schemas = load_schemas(corpus.root / "schemas")
    for name, text in _variants(corpus.read(CATALOG_FILE)).items():
        try:
            _same_as_whole(corpus.root, text, schemas)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("documents:\n", "documents: # a comment\n  []\nother:\n", 1),  # not a block list
        lambda t: t.replace("\n", "\r"),  # lines that end at a lone CR
        lambda t: t.replace(f"  - id: {BRIEF}", f"  -\n    id: {BRIEF}"),  # keys below a bare dash
        lambda t: t.replace(f"  - id: {BRIEF}", "  - id: 2021"),  # an id that is no text
        lambda t: t.replace(f"  - id: {BRIEF}", "  - titel: x"),  # no id at all
        lambda t: t + "documents:\n  - id: again\n",  # the key twice
        lambda t: t.replace(f"id: {ESSAY}", f'id: "{ESSAY[:-1]}\\u006d"'),  # an escape: the cut reads no escapes
    ],
)
def test_a_catalog_that_cannot_be_cut_is_read_whole(corpus: CorpusDir, change: object) -> None:
    assert callable(change)
    text = change(corpus.read(CATALOG_FILE))
    corpus.write(CATALOG_FILE, text.encode("utf-8"))
    schemas = load_schemas(corpus.root / "schemas")
    assert read_entries(corpus.path(CATALOG_FILE), text.encode("utf-8"), {ESSAY}, schemas) is None
    one = corpus.check(ESSAY_FILE)
    assert one.corpus.catalog_ids is None
    assert [d.id for d in one.corpus.document_list] == [d.id for d in check(corpus.root).corpus.document_list]


def test_a_one_file_run_reports_the_entries_of_its_documents_only(corpus: CorpusDir) -> None:
    corpus.edit(CATALOG_FILE, "    kind: news-brief\n", "    kind: news-brief\n    colour: red\n")
    corpus.write("texts/stray.txt", "a text nobody catalogued\n")
    corpus.edit(CATALOG_FILE, "    kind: essay\n", "    kind: 5\n")
    catalog_codes = {codes.SCHEMA_UNKNOWN_PROPERTY, codes.UNCATALOGUED_TEXT, codes.SCHEMA_TYPE}
    whole = {f.code for f in check(corpus.root).report.findings}
    assert catalog_codes <= whole
    schemas = load_schemas(corpus.root / "schemas")
    essay = _entry_pointer(load_checked(corpus.path(CATALOG_FILE), "catalog", schemas, {}), ESSAY)
    one = corpus.check(ESSAY_FILE).report.findings
    assert codes.SCHEMA_TYPE in {f.code for f in one}
    assert _about(one, essay) == _about(check(corpus.root).report.findings, essay)  # the essay's own entry
    assert all(f.pointer.startswith(essay + "/") for f in one)
    named = {f.code for f in corpus.check(ESSAY_FILE, CATALOG_FILE).report.findings}
    assert catalog_codes <= named  # the catalog named: all of it


def test_an_uncatalogued_document_is_reported_as_on_a_whole_run(corpus: CorpusDir) -> None:
    corpus.write("annotations/a/mthembu-multilateralis.yaml", "document: mthembu-multilateralis\nannotator: a\n")
    one = corpus.check("annotations/a/mthembu-multilateralis.yaml").report.findings
    whole = [f for f in check(corpus.root).report.findings if f.code == codes.REF_UNKNOWN_DOCUMENT]
    assert [(f.code, f.line, f.column, f.message, f.hint) for f in one if f.code == codes.REF_UNKNOWN_DOCUMENT] == [
        (f.code, f.line, f.column, f.message, f.hint) for f in whole
    ]
    assert whole and whole[0].hint is not None and ESSAY in whole[0].hint


def test_a_second_entry_of_the_files_document_is_still_reported(corpus: CorpusDir) -> None:
    catalog = corpus.read(CATALOG_FILE)
    corpus.write(CATALOG_FILE, catalog + f"  - id: {ESSAY}\n    title: again\n    kind: essay\n    text: again.txt\n")
    one = [f for f in corpus.check(ESSAY_FILE).report.findings if f.code == codes.ID_DUPLICATE]
    assert corpus.located(one) == corpus.located(
        f for f in check(corpus.root).report.findings if f.code == codes.ID_DUPLICATE
    )
    assert one


def test_the_catalog_parsed_for_one_file_does_not_grow_with_the_catalog(
    corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[int] = []
    original = yaml12.parse_yaml

    def counting(text: str, loaded: LoadedFile) -> None:
        if loaded.path.name == "catalog.yaml":
            parsed.append(sum(1 for line in text.splitlines() if line.strip()))
        original(text, loaded)

    monkeypatch.setattr(loading, "parse_yaml", counting)
    corpus.check(ESSAY_FILE)
    small = parsed.pop()
    catalog = corpus.read(CATALOG_FILE)
    brief = catalog[catalog.index(f"  - id: {BRIEF}") :]
    corpus.write(CATALOG_FILE, catalog + "".join(brief.replace(BRIEF, f"other-{n}") for n in range(200)))
    assert not corpus.check(ESSAY_FILE).report.errors
    assert parsed == [small]


def test_naming_files_walks_no_folder(corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(_: object) -> None:
        raise AssertionError("the corpus was walked")

    monkeypatch.setattr(layout, "scan", walked)
    assert not corpus.check(ESSAY_FILE).report.findings
    with pytest.raises(AssertionError, match="walked"):
        corpus.check("annotations/a")


def _imported_by_a_clean_run(corpus: CorpusDir) -> set[str]:
    script = (
        "import sys\n"
        "from sscorpus.cli import main\n"
        "try:\n"
        f"    main(['validate', '--root', {str(corpus.root)!r}, {str(corpus.path(ESSAY_FILE))!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(' '.join(sys.modules))\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment)
    return set(done.stdout.split("\n")[-2].split())


def test_a_clean_one_file_run_imports_only_what_it_uses(corpus: CorpusDir) -> None:
    shutil.copyfile(REPO / "CITATION.cff", corpus.path("CITATION.cff"))
    modules = _imported_by_a_clean_run(corpus)
    assert "sscorpus.corpus.citation" in modules  # the citation was read
    unused = {"jsonschema", "referencing", "multiprocessing", "importlib.resources", "sscorpus.corpus.yamledit"}
    assert not unused & modules


def test_an_invalid_citation_is_still_explained(corpus: CorpusDir) -> None:
    corpus.write("CITATION.cff", (REPO / "CITATION.cff").read_text(encoding="utf-8") + "colour: red\n")
    found = [f for f in corpus.check(ESSAY_FILE).report.findings if f.code == codes.CITATION_INVALID]
    assert [json.dumps(f.pointer) for f in found] == ['"/colour"']
