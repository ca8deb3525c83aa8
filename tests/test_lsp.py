"""``sscorpus lsp`` driven by a real LSP client over stdio (pytest-lsp):
diagnostics as the buffer changes, hover, definition, completion, quick
fixes, the text file's "add claim", on corpora built in tmp folders and on
broken buffers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BRIEF, ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, REGISTRY_FILE, REPO, CorpusDir
from lsp_client import change, connected, diagnostics, open_file, position, snapshot, utf16
from lsprotocol import types

import sscorpus

pytestmark = pytest.mark.asyncio


def located(found: list[types.Diagnostic]) -> set[tuple[str, int, int]]:
    return {(str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in found}


async def test_diagnostics_follow_the_buffer_and_the_registry(corpus: CorpusDir) -> None:
    path = corpus.path(ESSAY_FILE)
    broken = ESSAY_ANNOTATIONS.replace("quote: Philani Mthembu", "quote: Philani Mthembo").replace(
        "- actor: south-africa", "- actor: south-afrika"
    )
    async with connected(corpus.root) as client:
        uri = open_file(client, path)
        assert await diagnostics(client, uri) == []
        change(client, uri, broken)
        found = await diagnostics(client, uri)
        # validate, on the same content on disk, finds the same at the same places
        corpus.write("annotations/z/" + path.name, broken.replace("annotator: a", "annotator: z"))
        expected = {
            (f.code, f.line, f.column)
            for f in sscorpus.check(corpus.root, [corpus.path("annotations/z/" + path.name)]).report.findings
            if f.path.name == path.name
        }
        assert located(found) == expected
        assert {"anchor.not-found", "ref.unknown"} <= {c for c, _, _ in expected}
        assert all(d.severity == types.DiagnosticSeverity.Error for d in found)
        corpus.remove("annotations/z/" + path.name)
        # a change to the registry shows in the annotation file that uses it
        change(client, uri, ESSAY_ANNOTATIONS, 3)
        assert await diagnostics(client, uri) == []
        registry = corpus.path(REGISTRY_FILE)
        registry_uri = open_file(client, registry)
        change(client, registry_uri, registry.read_text(encoding="utf-8").replace("id: wto", "id: wto-x"))
        found = await diagnostics(client, uri, until=bool)
        lines = ESSAY_ANNOTATIONS.splitlines()
        wto_lines = {n for n, line in enumerate(lines, 1) if line.strip() == "- institution: wto"}
        assert {(code, line) for code, line, _ in located(found)} == {("ref.unknown", n) for n in wto_lines}
