"""A real LSP client (pytest-lsp's) talking to ``sscorpus lsp`` over stdio,
and what the tests of the server share."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from lsprotocol import types
from pygls.io_ import run_async
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

from sscorpus.corpus.writing import LOCK_NAME
from sscorpus.lsp.server import make_server

#: how long a test waits for the server's diagnostics
WAIT = 20.0


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, offset: int) -> types.Position:
    """The UTF-16 position of a code-point offset (lines end at LF)."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, utf16(text[start:offset]))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a corpus folder and its bytes (not the lock, which any edit leaves)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


async def serve_in_a_thread(client: LanguageClient) -> Callable[[], Awaitable[None]]:
    """Connect ``client`` to a new server of ``make_server`` (what ``sscorpus
    lsp`` runs) that reads and writes a pair of pipes in a thread of this
    process, as the command reads and writes its standard input and output:
    the same messages, without the half second of CPU a new Python process
    spends importing lsprotocol. Returns what waits for the server to end
    once the session is shut down."""
    to_server, from_client = os.pipe()
    from_server, to_client = os.pipe()
    server = make_server()
    stdin, stdout = os.fdopen(to_server, "rb"), os.fdopen(to_client, "wb")  # the server closes its output
    thread = threading.Thread(target=server.start_io, args=(stdin, stdout), name="sscorpus lsp", daemon=True)
    thread.start()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    # the transports close the two other ends
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(from_server, "rb", 0))
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(from_client, "wb", 0)
    )
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    client.protocol.set_writer(writer)
    connection = asyncio.create_task(
        run_async(
            stop_event=client._stop_event,
            reader=reader,
            protocol=client.protocol,
            logger=logging.getLogger(__name__),
            error_handler=client.report_server_error,
        )
    )

    async def ended() -> None:
        writer.close()  # the server's end of file, if the exit notification did not end it
        await asyncio.to_thread(thread.join, WAIT)
        assert not thread.is_alive(), "the server did not end"
        await asyncio.wait_for(connection, WAIT)  # the server closed its output
        stdin.close()

    return ended


@contextlib.asynccontextmanager
async def connected(
    root: Path, *, annotator: str | None = "a", encodings: list[str] | None = None, process: bool = False
) -> AsyncIterator[LanguageClient]:
    """A client connected to a fresh server, its session initialised: the
    command ``sscorpus lsp`` as a process of its own (``process``), else the
    same server in a thread of this process (``serve_in_a_thread``)."""
    client = make_test_lsp_client()
    client.applied = []  # type: ignore[attr-defined]

    @client.feature(types.WORKSPACE_APPLY_EDIT)  # type: ignore[untyped-decorator]
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        client.applied.append(params.edit)  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=True)

    ended = None
    if process:
        await client.start_io(sys.executable, "-m", "sscorpus", "lsp")
    else:
        ended = await serve_in_a_thread(client)
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    options = {"debounce": 0, **({"annotator": annotator} if annotator else {})}
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            initialization_options=options,
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        if ended is not None:
            await ended()


async def diagnostics(
    client: LanguageClient, uri: str, until: Callable[[list[types.Diagnostic]], bool] | None = None
) -> list[types.Diagnostic]:
    """The diagnostics the server published for ``uri`` since they were
    cleared (the first that satisfy ``until``, if given)."""
    deadline = time.monotonic() + WAIT
    while uri not in client.diagnostics or (until is not None and not until(list(client.diagnostics[uri]))):
        if time.monotonic() > deadline:
            raise AssertionError(f"no diagnostics for {uri} within {WAIT} s")
        await asyncio.sleep(0.005)
    return list(client.diagnostics[uri])


def open_file(client: LanguageClient, path: Path, text: str | None = None, language: str = "yaml") -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    content = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=content))
    )
    return uri


def change(client: LanguageClient, uri: str, text: str, version: int = 2) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
