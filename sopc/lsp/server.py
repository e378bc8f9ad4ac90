"""`sopc lsp`: the language server, over stdio, on pygls.

didOpen, didChange   → the project is checked again once edits settle (DEBOUNCE), with
                       every open document's text as the editor has it and the rest
                       of the project from disk; unchanged files are not parsed or
                       checked again (`pipeline.Reuse`, kept by the command)
findings             → pushed (`publishDiagnostics`) to clients that cannot pull, and
                       answered to `textDocument/diagnostic`, for open documents only
didSave, didClose,   → checked again: a role removed from sopc.yaml (saved or not)
watched files          shows on every open SOP that names it
hover, completion,   → answers.py, completion.py, actions.py, on the project as last
definition, refs,      checked; a request first runs a check that is due, so it
code actions           never answers from text the editor has already changed

This is the only module that imports pygls and lsprotocol (half a second to import):
the command imports it when the server starts, never for `sopc --help`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from sopc import __version__
from sopc.cache import cache_dir, store
from sopc.findings import Finding, Severity, Span
from sopc.lsp import answers
from sopc.lsp.actions import actions
from sopc.lsp.completion import complete
from sopc.lsp.locate import Kind, Spot, spot_at
from sopc.lsp.names import Place
from sopc.lsp.positions import Extent, Lines, Point
from sopc.lsp.state import ProjectState, Services
from sopc.project import CONFIG_NAME, is_sop_file

DEBOUNCE = 0.25  # seconds of quiet after an edit before the project is checked
SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
KINDS = {
    Kind.ROLE: lsp.CompletionItemKind.Constant,
    Kind.STEP: lsp.CompletionItemKind.Event,
    Kind.FORM: lsp.CompletionItemKind.File,
    Kind.SOP: lsp.CompletionItemKind.Module,
    Kind.STATUS: lsp.CompletionItemKind.EnumMember,
    Kind.LEVEL: lsp.CompletionItemKind.EnumMember,
}
WATCHED = "**/{*.sop.yaml,*.sop.yml,*.sop.md,sopc.yaml}"


def is_source(path: Path) -> bool:
    return is_sop_file(path.name) or path.name == CONFIG_NAME


def root_of(path: Path) -> Path:
    """The project a document belongs to: the nearest folder above it with sopc.yaml,
    else its own folder."""
    for folder in path.parents:
        if (folder / CONFIG_NAME).is_file():
            return folder
    return path.parent


class SopServer(LanguageServer):
    def __init__(self, services: Services) -> None:
        super().__init__("sopc", __version__)
        self.services = services
        self.states: dict[Path, ProjectState] = {}
        self.due: set[Path] = set()  # roots whose check waits for the edits to settle
        self.timer: asyncio.TimerHandle | None = None
        self.rule_pages: dict[tuple[Path, str, str], str | None] = {}

    # -- checking --------------------------------------------------------------------

    def open_paths(self, root: Path) -> dict[Path, str]:
        """The open documents of the project at `root`, with their texts."""
        found = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None and is_source(path) and root_of(path) == root:
                found[path] = document.source
        return found

    def schedule(self, root: Path) -> None:
        self.due.add(root)
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(DEBOUNCE, self.check_due)

    def check_due(self) -> None:
        self.timer = None
        for root in sorted(self.due):
            self.check(root)

    def check(self, root: Path) -> ProjectState:
        self.due.discard(root)
        checked = self.services.check(root, self.open_paths(root))
        before = self.states[root].names if root in self.states else None
        state = ProjectState(root, checked, self.services.today(), before, self.services.language)
        self.states[root] = state
        if self.pulls:
            if self.refreshes:
                self.workspace_diagnostic_refresh(None)
        else:
            for path in self.open_paths(root):
                self.publish(state, path)
        return state

    def state(self, root: Path) -> ProjectState:
        """The project as checked, after the check that is due, if any."""
        if root in self.due or root not in self.states:
            return self.check(root)
        return self.states[root]

    @property
    def pulls(self) -> bool:
        return self.client_capabilities.text_document is not None and (
            self.client_capabilities.text_document.diagnostic is not None
        )

    @property
    def refreshes(self) -> bool:
        workspace = self.client_capabilities.workspace
        return bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)

    def publish(self, state: ProjectState, path: Path) -> None:
        uri = from_fs_path(str(path)) or path.as_uri()
        diagnostics = self.diagnostics(state, path)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, diagnostics))

    def diagnostics(self, state: ProjectState, path: Path) -> list[lsp.Diagnostic]:
        rel = state.checked.project.rel(path)
        text = state.text_of(rel)
        if text is None:
            return []
        lines = Lines(text, self.encoding)
        return [self.diagnostic(state, lines, f) for f in state.by_file.get(rel, [])]

    def diagnostic(self, state: ProjectState, lines: Lines, finding: Finding) -> lsp.Diagnostic:
        page = self.rule_page(state, finding.code)
        return lsp.Diagnostic(
            range=_range(lines.extent(finding.span)),
            message=state.t.say(finding.message),
            severity=SEVERITIES[finding.severity or Severity.ERROR],
            code=finding.code,
            code_description=lsp.CodeDescription(href=page) if page else None,
            source="sopc",
        )

    def rule_page(self, state: ProjectState, code: str) -> str | None:
        """A link to the rule's documentation in the reader's language: `sopc rules CODE`
        written once into `.sopc-cache/lsp/`, opened by the editor (None where the cache
        cannot be written)."""
        key = (state.root, state.t.language, code)
        if key not in self.rule_pages:
            page = cache_dir(state.root) / "lsp" / "rules" / state.t.language / f"{code}.md"
            try:
                store(page, self.services.describe(code, state.t).encode("utf-8"))
                self.rule_pages[key] = page.as_uri()
            except OSError:
                self.rule_pages[key] = None
        return self.rule_pages[key]

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    # -- requests --------------------------------------------------------------------

    def at(self, uri: str, position: lsp.Position) -> tuple[ProjectState, str, Spot] | None:
        """The project, the file and what stands at `position` of document `uri`."""
        path = _path(uri)
        if path is None or not is_source(path):
            return None
        state = self.state(root_of(path))
        rel = state.checked.project.rel(path)
        lines = Lines(self.workspace.get_text_document(uri).source, self.encoding)
        line, column = lines.place(Point(position.line, position.character))
        spot = spot_at(state.names.tree_of(rel), lines.line(line), line, column)
        return (state, rel, spot) if spot is not None else None

    def location(self, state: ProjectState, place: Place) -> lsp.Location | None:
        text = state.text_of(place.rel)
        if text is None:
            return None
        path = state.names.path_of(place.rel)
        uri = from_fs_path(str(path)) or path.as_uri()
        return lsp.Location(uri, _range(Lines(text, self.encoding).extent(place.span)))


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
        path = _path(params.text_document.uri)
        if path is not None and is_source(path):
            if not ls.pulls:
                closed = lsp.PublishDiagnosticsParams(params.text_document.uri, [])
                ls.text_document_publish_diagnostics(closed)
            ls.schedule(root_of(path))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: SopServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = _path(change.uri)
            if path is not None and is_source(path) and root_of(path) in ls.states:
                ls.schedule(root_of(path))

    @server.feature(
        lsp.TEXT_DOCUMENT_DIAGNOSTIC,
        lsp.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=False),
    )
    def pulled(
        ls: SopServer, params: lsp.DocumentDiagnosticParams
    ) -> lsp.RelatedFullDocumentDiagnosticReport:
        path = _path(params.text_document.uri)
        items: list[lsp.Diagnostic] = []
        if path is not None and is_source(path):
            items = ls.diagnostics(ls.state(root_of(path)), path)
        return lsp.RelatedFullDocumentDiagnosticReport(items=items)


def _changed(ls: SopServer, uri: str) -> None:
    path = _path(uri)
    if path is not None and is_source(path):
        ls.schedule(root_of(path))


def _answers(server: SopServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: SopServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        state, rel, spot = found
        text = answers.hover(state.names, rel, spot, state.t, state.calendar, ls.services.describe)
        if text is None:
            return None
        lines = Lines(ls.workspace.get_text_document(params.text_document.uri).source, ls.encoding)
        content = lsp.MarkupContent(lsp.MarkupKind.Markdown, text)
        return lsp.Hover(content, _range(lines.extent(spot.span)))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: SopServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        state, rel, spot = found
        place = answers.definition(state.names, rel, spot)
        return ls.location(state, place) if place is not None else None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: SopServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return []
        state, _rel, spot = found
        places = answers.references(
            state.names, spot, definitions=params.context.include_declaration
        )
        return [loc for place in places if (loc := ls.location(state, place)) is not None]

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", ","])
    )
    def completion(ls: SopServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        path = _path(params.text_document.uri)
        if path is None or not is_source(path):
            return lsp.CompletionList(is_incomplete=False, items=[])
        state = ls.state(root_of(path))
        rel = state.checked.project.rel(path)
        text = ls.workspace.get_text_document(params.text_document.uri).source
        lines = Lines(text, ls.encoding)
        line, column = lines.place(Point(params.position.line, params.position.character))
        items = [
            lsp.CompletionItem(
                label=item.label,
                detail=item.detail,
                kind=KINDS[item.kind],
                text_edit=lsp.TextEdit(_range(lines.extent(item.span)), item.label),
            )
            for item in complete(state.names, rel, lines, line, column, state.t)
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: SopServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        path = _path(params.text_document.uri)
        if path is None or not is_source(path):
            return []
        state = ls.state(root_of(path))
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
                edit = lsp.TextEdit(_range(lines.extent(action.edit.span)), action.edit.text)
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


def _path(uri: str) -> Path | None:
    found = to_fs_path(uri)
    return Path(found) if found and uri.startswith("file:") else None


def _point(position: lsp.Position) -> Point:
    return Point(position.line, position.character)


def _range(extent: Extent) -> lsp.Range:
    start, end = extent.start, extent.end
    return lsp.Range(
        lsp.Position(start.line, start.character), lsp.Position(end.line, end.character)
    )


def run(services: Services) -> None:
    """Serve on stdin and stdout until the client says exit."""
    make_server(services).start_io()
