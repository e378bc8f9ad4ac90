"""The requests and notifications `sopc lsp` answers, registered on a `SopServer`:
documents opened, changed, saved, closed and watched; pulled diagnostics; hover,
definition, references, completion and code actions (see `server.py`)."""

from __future__ import annotations

from lsprotocol import types as lsp

from sopc.findings import Span
from sopc.lsp import answers
from sopc.lsp.actions import actions
from sopc.lsp.completion import complete
from sopc.lsp.positions import Lines, Point
from sopc.lsp.server import KINDS, WATCHED, SopServer, is_source, lsp_range, path_of
from sopc.lsp.state import Services


def make_server(services: Services) -> SopServer:
    server = SopServer(services)
    _documents(server)
    _answers(server)
    return server


def _documents(server: SopServer) -> None:
    @server.feature(lsp.INITIALIZED)
    def initialized(ls: SopServer, _params: lsp.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched and watched.dynamic_registration:
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[lsp.FileSystemWatcher(glob_pattern=WATCHED)]
            )
            registration = lsp.Registration(
                "sopc-watch", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
            )
            ls.client_register_capability(lsp.RegistrationParams([registration]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SopServer, params: lsp.DidOpenTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SopServer, params: lsp.DidChangeTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SopServer, params: lsp.DidSaveTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SopServer, params: lsp.DidCloseTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        if path is not None and is_source(path):
            if not ls.pulls:
                closed = lsp.PublishDiagnosticsParams(params.text_document.uri, [])
                ls.text_document_publish_diagnostics(closed)
            ls.schedule(ls.root_of(path))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: SopServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [p for change in params.changes if (p := path_of(change.uri)) is not None]
        if any(is_source(path) for path in paths):  # sopc.yaml may come or go: roots move
            for root in {ls.root_of(path) for path in ls.open_paths()}:
                ls.schedule(root)

    @server.feature(
        lsp.TEXT_DOCUMENT_DIAGNOSTIC,
        lsp.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=False),
    )
    def pulled(
        ls: SopServer, params: lsp.DocumentDiagnosticParams
    ) -> lsp.RelatedFullDocumentDiagnosticReport:
        path = path_of(params.text_document.uri)
        items: list[lsp.Diagnostic] = []
        if path is not None and is_source(path):
            items = ls.diagnostics(ls.state(ls.root_of(path)), path)
        return lsp.RelatedFullDocumentDiagnosticReport(items=items)


def _changed(ls: SopServer, uri: str) -> None:
    path = path_of(uri)
    if path is not None and is_source(path):
        ls.schedule(ls.root_of(path))


def _answers(server: SopServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: SopServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        state, rel, spot, lines = found
        text = answers.hover(state.names, rel, spot, state.t, state.calendar, ls.services.describe)
        if text is None:
            return None
        content = lsp.MarkupContent(lsp.MarkupKind.Markdown, text)
        return lsp.Hover(content, lsp_range(lines.extent(spot.span)))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: SopServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        state, rel, spot, _lines = found
        place = answers.definition(state.names, rel, spot)
        return ls.location(state, place) if place is not None else None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: SopServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return []
        state, rel, spot, _lines = found
        places = answers.references(
            state.names, rel, spot, definitions=params.context.include_declaration
        )
        return [loc for place in places if (loc := ls.location(state, place)) is not None]

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", ","])
    )
    def completion(ls: SopServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        path = path_of(params.text_document.uri)
        if path is None or not is_source(path):
            return lsp.CompletionList(is_incomplete=False, items=[])
        root, text = ls.root_of(path), ls.text(params.text_document.uri)
        if text is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        # the names as last checked: a check per typed `:` would defeat the debounce
        state = ls.states[root] if root in ls.states else ls.state(root)
        rel = state.checked.project.rel(path)
        lines = Lines(text, ls.encoding)
        line, column = lines.place(Point(params.position.line, params.position.character))
        items = [
            lsp.CompletionItem(
                label=item.label,
                detail=item.detail,
                kind=KINDS[item.kind],
                text_edit=lsp.TextEdit(lsp_range(lines.extent(item.span)), item.label),
            )
            for item in complete(state.names, rel, lines, line, column, state.t)
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: SopServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        path = path_of(params.text_document.uri)
        if path is None or not is_source(path):
            return []
        state = ls.state(ls.root_of(path))
        rel = state.checked.project.rel(path)
        text = state.text_of(rel)
        if text is None:
            return []
        lines = Lines(text, ls.encoding)
        first, last = lines.place(_point(params.range.start)), lines.place(_point(params.range.end))
        tree = state.names.tree_of(rel)
        found = []
        for finding in state.by_file.get(rel, []):
            if not _touches(finding.span, first[0], last[0]):
                continue
            diagnostic = ls.diagnostic(state, lines, finding)
            for action in actions(finding, text, tree, state.today, state.t):
                edit = lsp.TextEdit(lsp_range(lines.extent(action.edit.span)), action.edit.text)
                found.append(
                    lsp.CodeAction(
                        title=action.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=lsp.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                        is_preferred=action.preferred or None,
                    )
                )
        return found


def _touches(span: Span, first: int, last: int) -> bool:
    return span.line <= last and span.end_line >= first


def _point(position: lsp.Position) -> Point:
    return Point(position.line, position.character)


def run(services: Services) -> None:
    """Serve on stdin and stdout until the client says exit."""
    make_server(services).start_io()
