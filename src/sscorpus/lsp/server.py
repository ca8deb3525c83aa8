"""The server: the protocol's messages wired to the modules of this package.

Text is synchronised whole (``TextDocumentSyncKind.Full``): each change
brings the buffer, which is checked after a short pause in typing
(``DEBOUNCE``); only the changed file is checked again, or every open file
when the catalog or the registry changes. Positions are in the encoding
agreed at start-up (``positions.py``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..corpus.layout import find_root
from ..corpus.model import Claim
from ..findings import Finding, SetupError
from .actions import Fix, fixes, missing_mentions
from .completion import complete
from .definition import definition
from .diagnostics import diagnostics
from .hover import hover_text
from .places import annotation_at, here
from .positions import Text
from .selection import AddError, addition, git_annotator, offers, write
from .session import Session
from .symbols import outline

#: seconds without a keystroke before a buffer is checked
DEBOUNCE = 0.03
#: the settings the server reads (initialization options, or the ``sscorpus`` section of the editor's settings)
SETTINGS = ("annotator", "debounce")
#: the command that adds a claim, evidence or a mention from a selection in a text
ADD_COMMAND = "sscorpus.add"

logger = logging.getLogger(__name__)


class SscorpusServer(LanguageServer):
    """The language server, with the corpora of the files it was shown."""

    def __init__(self) -> None:
        super().__init__("sscorpus", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.sessions: dict[Path, Session] = {}
        self.annotator: str | None = None
        self.debounce = DEBOUNCE
        self._pending: dict[str, asyncio.Task[None]] = {}

    # -- files and corpora ----------------------------------------------------------

    def session(self, path: Path) -> Session | None:
        """The session of the corpus that holds ``path`` (None outside any)."""
        try:
            root = find_root(path.parent).resolve()
        except SetupError:
            return None
        if root not in self.sessions:
            try:
                self.sessions[root] = Session(root)
            except SetupError as exc:
                self.window_log_message(types.LogMessageParams(types.MessageType.Warning, str(exc)))
                return None
        return self.sessions[root]

    def text(self, path: Path) -> Text | None:
        """A file's text as the editor has it (its buffer, else the file)."""
        document = self.workspace.text_documents.get(path.as_uri())
        encoding = str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        if document is not None:
            return Text(document.source, encoding)
        try:
            return Text(path.read_bytes().decode("utf-8"), encoding)  # line ends as written
        except (OSError, UnicodeDecodeError):
            return None

    def publish(self, session: Session, paths: list[Path]) -> None:
        for path in paths:
            uri = path.as_uri()
            if uri not in self.workspace.text_documents:
                continue
            text = self.text(path)
            if text is None:
                continue
            found: list[Finding] = session.findings(path)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics(found, text))
            )

    def forget_finished(self) -> None:
        """Let go of the finished handlers of notifications. pygls (2.1) keeps
        a future for every notification it handles and never removes it
        (it removes those of requests when it answers them): over a day of
        typing, memory would grow with every keystroke."""
        futures: dict[Any, Any] = getattr(self.protocol, "_request_futures", {})
        for key in [k for k, future in futures.items() if future.done()]:
            del futures[key]

    def changed(self, uri: str) -> None:
        """Check what the new content of ``uri`` touches, and show it."""
        self.forget_finished()
        path = path_of(uri)
        session = self.session(path) if path else None
        if path is None or session is None:
            return
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        self.publish(session, session.open(path, document.source))

    def annotator_for(self, session: Session) -> str | None:
        return self.annotator or git_annotator(session.layout.root)


def path_of(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None


def initialize(ls: SscorpusServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict):
        _configure(ls, options)


def _configure(ls: SscorpusServer, options: dict[str, Any]) -> None:
    settings = options.get("sscorpus", options)
    if isinstance(settings, dict):
        annotator = settings.get("annotator")
        ls.annotator = annotator if isinstance(annotator, str) and annotator else ls.annotator
        debounce = settings.get("debounce")
        if isinstance(debounce, (int, float)) and 0 <= debounce <= 5000:
            ls.debounce = debounce / 1000


def configuration(ls: SscorpusServer, params: types.DidChangeConfigurationParams) -> None:
    if isinstance(params.settings, dict):
        _configure(ls, params.settings)


def did_open(ls: SscorpusServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.changed(params.text_document.uri)


async def did_change(ls: SscorpusServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls._pending.pop(uri, None)
    if pending is not None:
        pending.cancel()

    async def later() -> None:
        await asyncio.sleep(ls.debounce)
        ls._pending.pop(uri, None)
        ls.changed(uri)

    ls._pending[uri] = asyncio.ensure_future(later())


def did_close(ls: SscorpusServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = path_of(uri)
    session = ls.session(path) if path else None
    if path is None or session is None:
        return
    ls.publish(session, session.close(path))
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _annotation_file(ls: SscorpusServer, uri: str) -> tuple[Session, Any, Any] | None:
    """The session, the checked state and the text of the annotation file at
    ``uri``; None for any other file."""
    path = path_of(uri)
    session = ls.session(path) if path else None
    text = ls.text(path) if path else None
    if path is None or session is None or text is None or session.role(path) != "annotations":
        return None
    state = session.state(path)
    return None if state is None else (session, state, text)


def _at(ls: SscorpusServer, uri: str, position: types.Position) -> tuple[Session, Any, Any] | None:
    """The session, the file's checked state and what stands at ``position``."""
    found = _annotation_file(ls, uri)
    if found is None:
        return None
    session, state, text = found
    line, column = text.line_column(text.offset(position))
    return session, state, here(state, line, column)


def hover(ls: SscorpusServer, params: types.HoverParams) -> types.Hover | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[2] is None:
        return None
    session, state, place = found
    markdown = hover_text(session.corpus, state, place)
    if markdown is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown))


def goto_definition(ls: SscorpusServer, params: types.DefinitionParams) -> types.Location | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[2] is None:
        return None
    session, state, place = found
    return definition(session.corpus, state, place, ls.text)


def completion(ls: SscorpusServer, params: types.CompletionParams) -> types.CompletionList | None:
    found = _annotation_file(ls, params.text_document.uri)
    if found is None:
        return None
    session, state, text = found
    items = complete(session.corpus, state, session.layout.schemas_dir, text, params.position)
    return types.CompletionList(is_incomplete=False, items=items)


def document_symbols(ls: SscorpusServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    path = path_of(params.text_document.uri)
    session = ls.session(path) if path else None
    text = ls.text(path) if path else None
    if path is None or session is None or text is None or session.role(path) != "annotations":
        return []
    state = session.state(path)
    if state is None or state.file is None:
        return []
    return outline(state.file, text)


def code_actions(ls: SscorpusServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    path = path_of(uri)
    session = ls.session(path) if path else None
    text = ls.text(path) if path else None
    if path is None or session is None or text is None:
        return []
    role = session.role(path)
    if role == "text":
        return _text_actions(ls, session, path, text, params.range)
    if role != "annotations":
        return []
    state = session.state(path)
    if state is None:
        return []
    first, last = params.range.start.line + 1, params.range.end.line + 1
    here_ = [f for f in state.findings if first <= f.line <= last or (f.line == 0 and first == 1)]
    found = fixes(session.corpus, state, here_)
    place = _at(ls, uri, params.range.start)
    if place is not None and place[2] is not None:
        annotation = annotation_at(state, place[2].pointer)
        if isinstance(annotation, Claim):
            extra = missing_mentions(session.corpus, state, annotation)
            found += [extra] if extra else []
    return [_action(uri, text, fix) for fix in found]


def _action(uri: str, text: Text, fix: Fix) -> types.CodeAction:
    edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(text.whole(), fix.text)]})
    diagnostics_ = diagnostics([fix.finding], text) if fix.finding else None
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        edit=edit,
        diagnostics=diagnostics_,
        is_preferred=fix.preferred or None,
    )


def _text_actions(
    ls: SscorpusServer, session: Session, path: Path, text: Text, selected: types.Range
) -> list[types.CodeAction]:
    document = next((d for d in session.corpus.document_list if d.text_file == path), None)
    if document is None:
        return []
    start, end = text.offset(selected.start), text.offset(selected.end)
    return [
        types.CodeAction(
            title=offer.title,
            kind=types.CodeActionKind.Refactor,
            command=types.Command(
                title=offer.title,
                command=ADD_COMMAND,
                arguments=[path.as_uri(), start, end, offer.what, offer.value, offer.claim],
            ),
        )
        for offer in offers(session, document.id, start, end, ls.annotator_for(session))
    ]


async def add(ls: SscorpusServer, *args: Any) -> dict[str, Any]:
    """Add a claim, evidence or mention from a selection in a text file:
    arguments (text file URI, start, end, what, value, the claim evidence
    supports); offsets count code points in the text."""
    try:
        uri, start, end, what, value, claim = args
        path = path_of(str(uri))
        session = ls.session(path) if path else None
        if path is None or session is None:
            raise AddError("the file is not in a corpus")
        document = next((d for d in session.corpus.document_list if d.text_file == path), None)
        if document is None:
            raise AddError(f"{path.name} is not a catalogued text")
        annotator = ls.annotator_for(session)
        if annotator is None:
            raise AddError("no annotator: set sscorpus.annotator in the editor's settings (or git's user.name)")
        added = addition(session, annotator, document.id, int(start), int(end), str(what), str(value), str(claim))
        target = added.path.as_uri()
        open_ = ls.workspace.text_documents.get(target)
        if open_ is not None:
            current = Text(open_.source, str(ls.workspace.position_encoding or types.PositionEncodingKind.Utf16))
            edit = types.WorkspaceEdit(changes={target: [types.TextEdit(current.whole(), added.text)]})
            result = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit))
            if not result.applied:
                raise AddError(f"the editor did not apply the change to {added.path.name}")
        else:
            write(session, added)
            ls.publish(session, session.close(added.path))
    except (AddError, ValueError, TypeError) as exc:
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"sscorpus: {exc}"))
        return {"error": str(exc)}
    return {"path": str(added.path), "pointer": added.pointer}


def make_server() -> SscorpusServer:
    """A server with every feature registered."""
    server = SscorpusServer()
    server.feature(types.INITIALIZE)(initialize)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(configuration)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(goto_definition)
    server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "-", "["]))(
        completion
    )
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbols)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Refactor]),
    )(code_actions)
    server.command(ADD_COMMAND)(add)
    return server


def serve() -> None:
    """Run the server on standard input and output."""
    make_server().start_io()
