"""``sscorpus lsp`` driven by a real LSP client (pytest-lsp's) over pipes:
diagnostics as the buffer changes, hover, definition, completion, quick
fixes, the text file's "add claim", on corpora built in tmp folders and on
broken buffers. One test talks to the command over its standard input and
output; the others to the same server in a thread (``lsp_client.connected``)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from lsprotocol import types

import sscorpus
from conftest import BRIEF, ESSAY, ESSAY_ANNOTATIONS, ESSAY_FILE, REGISTRY_FILE, REPO, CorpusDir
from lsp_client import change, connected, diagnostics, open_file, position, snapshot, utf16

pytestmark = pytest.mark.asyncio


def located(found: list[types.Diagnostic]) -> set[tuple[str, int, int]]:
    return {(str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in found}


async def test_diagnostics_follow_the_buffer_and_the_registry(corpus: CorpusDir) -> None:
    """The command itself, ``sscorpus lsp`` on its standard input and output
    (the other tests run its server in a thread: ``lsp_client.connected``)."""
    path = corpus.path(ESSAY_FILE)
    broken = ESSAY_ANNOTATIONS.replace("quote: Philani Mthembu", "quote: Philani Mthembo").replace(
        "- actor: south-africa", "- actor: south-afrika"
    )
    async with connected(corpus.root, process=True) as client:
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


def at(text: str, needle: str, shift: int = 0) -> types.Position:
    """The position of the first ``needle`` in ``text`` (plus ``shift`` characters)."""
    return position(text, text.index(needle) + shift)


async def test_hover_definition_outline_completion(corpus: CorpusDir) -> None:
    text = ESSAY_ANNOTATIONS
    essay = corpus.read(f"texts/{ESSAY}.txt")
    async with connected(corpus.root) as client:
        uri = open_file(client, corpus.path(ESSAY_FILE), text)
        await diagnostics(client, uri)
        ident = types.TextDocumentIdentifier(uri)

        quote = "This has exposed a real weakness in the multilateralism system"
        hover = await client.text_document_hover_async(types.HoverParams(ident, at(text, quote, 3)))
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        start = essay.index(quote)
        line = essay.count("\n", 0, start) + 1
        column = start - (essay.rfind("\n", 0, start) + 1) + 1
        assert f"line {line}:{column}" in hover.contents.value and f"**{quote}**" in hover.contents.value

        hover = await client.text_document_hover_async(types.HoverParams(ident, at(text, "wto", 1)))
        assert hover is not None and "World Trade Organization" in str(hover.contents)
        hover = await client.text_document_hover_async(types.HoverParams(ident, at(text, "[c1]", 1)))
        assert hover is not None and "claim `c1`" in str(hover.contents) and quote in str(hover.contents)

        target = await client.text_document_definition_async(types.DefinitionParams(ident, at(text, "wto", 1)))
        registry = corpus.read(REGISTRY_FILE)
        assert isinstance(target, types.Location) and target.uri == corpus.path(REGISTRY_FILE).as_uri()
        assert target.range.start == position(registry, registry.index("id: wto") + 4)

        target = await client.text_document_definition_async(types.DefinitionParams(ident, at(text, "[c1]", 1)))
        assert isinstance(target, types.Location) and target.uri == uri
        assert target.range.start == position(text, text.index("id: c1") + 4)

        target = await client.text_document_definition_async(types.DefinitionParams(ident, at(text, quote, 3)))
        assert isinstance(target, types.Location) and target.uri == corpus.path(f"texts/{ESSAY}.txt").as_uri()
        assert target.range == types.Range(position(essay, start), position(essay, start + len(quote)))

        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(ident))
        assert symbols is not None
        outline = {s.name: [c.name for c in s.children or []] for s in symbols if isinstance(s, types.DocumentSymbol)}
        assert outline["claims"] == ["c1", "c2"] and outline["evidence"] == ["e1"]
        assert "wto" in outline["mentions"]

        head = ESSAY_ANNOTATIONS

        async def items(text: str) -> list[types.CompletionItem]:
            change(client, uri, text)
            await diagnostics(client, uri)
            end = position(text, len(text))
            found = await client.text_document_completion_async(
                types.CompletionParams(types.TextDocumentIdentifier(uri), end)
            )
            assert isinstance(found, types.CompletionList)
            return list(found.items)

        institutions = await items(head + "  - id: c3\n    about:\n      - institution: ")
        assert {i.label for i in institutions} == {"wto"}
        assert "World Trade Organization" in (institutions[0].filter_text or "")
        principles = await items(head + "  - id: c3\n    about:\n      - principle: ")
        assert {i.label for i in principles} == {"diffuse-reciprocity", "policy-space"}
        claims = await items(head + "  - id: e2\n    supports:\n      - ")
        assert {i.label for i in claims} == {"c1", "c2"}
        kinds = await items(head + "  - id: e2\n    kind: ")
        assert "event" in {i.label for i in kinds} and all(i.documentation for i in kinds)
        quotes = await items(head + "  - id: e2\n    quote: This has exp")
        assert quotes and all(i.label.startswith("This has exp") for i in quotes)
        assert quotes[0].text_edit is not None


def applied(text: str, action: types.CodeAction, uri: str) -> str:
    """The buffer after the action's edit (the server replaces the whole buffer)."""
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    assert edit.range.start == types.Position(0, 0) and edit.range.end == position(text, len(text))
    return edit.new_text


def findings_of(corpus: CorpusDir, path: Path, text: str) -> list[tuple[str, int]]:
    checked = sscorpus.check(corpus.root, [path], overlay={path: text.encode("utf-8")})
    return [(f.code, f.line) for f in checked.report.findings if f.path == path]


async def test_quick_fixes(corpus: CorpusDir) -> None:
    path = corpus.path(ESSAY_FILE)
    essay = corpus.read(f"texts/{ESSAY}.txt")
    async with connected(corpus.root) as client:
        uri = open_file(client, path)
        await diagnostics(client, uri)

        async def actions(text: str, needle: str) -> list[types.CodeAction]:
            change(client, uri, text)
            found = await diagnostics(client, uri)
            where = at(text, needle)
            result = await client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri),
                    types.Range(where, where),
                    types.CodeActionContext(diagnostics=found),
                )
            )
            return [a for a in result or [] if isinstance(a, types.CodeAction)]

        # an ambiguous quote: one action per place, each picks its place
        ambiguous = ESSAY_ANNOTATIONS.replace(
            "    quote: South Africa\n    occurrence: 1\n", "    quote: South Africa\n"
        )
        offered = await actions(ambiguous, "quote: South Africa")
        assert len(offered) == essay.count("South Africa") > 1
        for action in offered[:3]:
            assert findings_of(corpus, path, applied(ambiguous, action, uri)) == []

        # a quote not in the text: the closest passage
        typo = ESSAY_ANNOTATIONS.replace("quote: Philani Mthembu", "quote: Philani Mthembo")
        (closest,) = await actions(typo, "quote: Philani Mthembo")
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), at(typo, "Philani Mthembo", 2))
        )
        assert hover is not None and "does not resolve" in str(hover.contents) and "anchor.not-found" in str(hover)
        fixed = applied(typo, closest, uri)
        assert "quote: Philani Mthembu\n" in fixed and findings_of(corpus, path, fixed) == []

        # a note that YAML misreads
        colon = ESSAY_ANNOTATIONS.replace("    kind: evaluative\n", "    kind: evaluative\n    note: see: Keohane\n")
        (quoted,) = await actions(colon, "note: see")
        fixed = applied(colon, quoted, uri)
        assert '    note: "see: Keohane"\n' in fixed and findings_of(corpus, path, fixed) == []

        # a claim that holds a registry name no mention marks
        second = essay.index("South Africa", essay.index("South Africa") + 1)
        sentence = " ".join(essay[second : essay.index(".", second)].split())
        claim = ESSAY_ANNOTATIONS.replace(
            "evidence:\n", f"  - id: c3\n    quote: {sentence}\n    kind: descriptive\nevidence:\n"
        )
        offered = await actions(claim, "id: c3")
        (mentions,) = [a for a in offered if "mention" in a.title]
        fixed = applied(claim, mentions, uri)
        assert findings_of(corpus, path, fixed) == []
        assert fixed.count("- actor: south-africa") == 2


def commanded(action: types.CodeAction | types.Command) -> types.Command:
    """The command of a code action. (lsprotocol's converter reads a code
    action that has a command as a Command whose name is the command's
    dictionary written out: a quirk of the client library, not of the JSON.)"""
    if isinstance(action, types.CodeAction):
        assert action.command is not None
        return action.command
    if action.arguments is None and action.command.startswith("{"):
        found = ast.literal_eval(action.command)
        return types.Command(found["title"], found["command"], arguments=found["arguments"])
    return action


async def test_add_from_a_selection_in_the_text(corpus: CorpusDir) -> None:
    text_path = corpus.path(f"texts/{BRIEF}.txt")
    brief = corpus.read(f"texts/{BRIEF}.txt")
    passage = "India-US 2+2 Intersessional Dialogue"
    start = brief.index(passage)
    before = snapshot(corpus.root)
    async with connected(corpus.root, annotator="newcomer") as client:
        uri = open_file(client, text_path, language="plaintext")
        selection = types.Range(position(brief, start), position(brief, start + len(passage)))

        async def offered() -> dict[str, types.Command]:
            found = await client.text_document_code_action_async(
                types.CodeActionParams(types.TextDocumentIdentifier(uri), selection, types.CodeActionContext([]))
            )
            return {a.title: commanded(a) for a in found or []}

        titles = await offered()
        assert "Add claim (descriptive)" in titles
        assert not [t for t in titles if t.startswith("Add evidence")]  # evidence needs a claim to support
        other = brief.index("Washington")
        for title, chosen in (
            ("Add claim (descriptive)", selection),
            (
                "Add evidence (event) supporting claim c1",
                types.Range(position(brief, other), position(brief, other + 10)),
            ),
        ):
            selection = chosen
            command = (await offered())[title]
            result = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command.command, command.arguments)
            )
            assert result is not None and "error" not in result
        mine = corpus.path(f"annotations/newcomer/{BRIEF}.yaml")
        after = snapshot(corpus.root)
        assert {k for k in after if after[k] != before.get(k)} == {f"annotations/newcomer/{BRIEF}.yaml"}
        assert findings_of(corpus, mine, corpus.read(f"annotations/newcomer/{BRIEF}.yaml")) == []
        loaded = sscorpus.check(corpus.root, [mine]).corpus.files[0]
        assert [c.span.pieces for c in loaded.claims if c.span] == [((start, start + len(passage)),)]
        assert [(e.id, e.span.pieces if e.span else None) for e in loaded.evidence] == [("e1", ((other, other + 10),))]
        selection = types.Range(position(brief, start), position(brief, start + len(passage)))

        # with the file open, the change goes to the editor's buffer, not to the disk
        mine_uri = open_file(client, mine)
        await diagnostics(client, mine_uri)
        command = (await offered())["Add claim (descriptive)"]
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command.command, command.arguments)
        )
        assert result is not None and result["pointer"] == "/claims/1"
        assert snapshot(corpus.root) == after
        (edit,) = client.applied  # type: ignore[attr-defined]
        assert "id: c2" in edit.changes[mine_uri][0].new_text


async def test_the_repository_corpus_as_validate_sees_it(tmp_path: Path) -> None:
    """Every annotation file of the repository's corpus (copied: it may grow)
    gets validate's findings, at validate's places in UTF-16 units."""
    root = tmp_path / "corpus"
    for folder in ("texts", "annotations", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    files = [p for p in sorted((root / "annotations").rglob("*.yaml")) if p.name != "registry.yaml"]
    report = sscorpus.check(root).report
    async with connected(root) as client:
        for path in files:
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            uri = open_file(client, path, text)
            found = await diagnostics(client, uri)
            expected = {
                (f.code, f.line - 1, utf16(lines[f.line - 1][: f.column - 1]) if f.line else 0)
                for f in report.findings
                if f.path == path and f.code not in ("file.duplicate",)
            }
            assert {(str(d.code), d.range.start.line, d.range.start.character) for d in found} == expected
            quoted = text.index("quote: ")
            hover = await client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), position(text, quoted + 8))
            )
            assert hover is not None and "resolve" in str(hover.contents)


@pytest.mark.parametrize("encoding", [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32])
async def test_columns_in_the_agreed_encoding(corpus: CorpusDir, encoding: str) -> None:
    line = '  - {quote: "Philani Mthembu", note: "🙂🙂 smile", actor: south-afrika}'
    text = ESSAY_ANNOTATIONS.replace("mentions:\n", f"mentions:\n{line}\n")
    number = text.splitlines().index(line)
    async with connected(corpus.root, encodings=[encoding]) as client:
        result = client.capabilities
        assert result is not None
        uri = open_file(client, corpus.path(ESSAY_FILE), text)
        (unknown,) = [d for d in await diagnostics(client, uri) if d.code == "ref.unknown"]
        before = line[: line.index("south-afrika")]
        expected = utf16(before) if encoding == types.PositionEncodingKind.Utf16 else len(before)
        assert unknown.range.start == types.Position(number, expected)
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(number, expected + 2))
        )
        assert hover is not None and "not in the registry" in str(hover.contents)


async def test_broken_buffers_never_crash_the_server_nor_write(corpus: CorpusDir) -> None:
    before = snapshot(corpus.root)
    buffers = {
        "invalid YAML": "document: [mthembu\nannotator: a\n  - : :\n",
        "a half-typed key": ESSAY_ANNOTATIONS + "  - id: c9\n    quo",
        "binary": "\x00\x01\x02\ufffd\ufffd\x7fELF\x00" * 50,
        "5 MB": ESSAY_ANNOTATIONS + ("# " + "x" * 98 + "\n") * 52_000,
        "control characters": ESSAY_ANNOTATIONS.replace("Philani Mthembu", "Philani\u2028Mthembu\x1b"),
    }
    path = corpus.path(ESSAY_FILE)
    async with connected(corpus.root) as client:
        uri = open_file(client, path, "")
        await diagnostics(client, uri)
        ident = types.TextDocumentIdentifier(uri)
        for version, (name, text) in enumerate(buffers.items(), 2):
            change(client, uri, text, version)
            found = await diagnostics(client, uri)
            assert found or name == "5 MB", name
            end = position(text, len(text))
            middle = position(text, len(text) // 2)
            for where in (types.Position(0, 0), middle, end):
                await client.text_document_hover_async(types.HoverParams(ident, where))
                await client.text_document_definition_async(types.DefinitionParams(ident, where))
                await client.text_document_completion_async(types.CompletionParams(ident, where))
                await client.text_document_code_action_async(
                    types.CodeActionParams(ident, types.Range(where, where), types.CodeActionContext(found))
                )
            await client.text_document_document_symbol_async(types.DocumentSymbolParams(ident))
        # a binary file on disk, opened as it reads
        corpus.write("annotations/a/blob.yaml", bytes(range(256)) * 10)
        blob = open_file(client, corpus.path("annotations/a/blob.yaml"), "\x00\x01ÿ")
        assert await diagnostics(client, blob)
        assert client.error is None
    corpus.remove("annotations/a/blob.yaml")
    assert snapshot(corpus.root) == before
