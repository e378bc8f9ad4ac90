"""`sopc lsp`: the language server, over stdio, on pygls.

didOpen, didChange   → the project is checked again once edits settle (DEBOUNCE), with
                       every open document's text as the editor has it and the rest
                       of the project from disk; the rules run on open documents only,
                       and unchanged files are not parsed or checked again
                       (`pipeline.Reuse`, kept by the command)
findings             → pushed (`publishDiagnostics`) to clients that cannot pull, and
                       answered to `textDocument/diagnostic`, for open documents only
didSave, didClose,   → checked again: a role removed from sopc.yaml (saved or not)
watched files          shows on every open SOP that names it
hover, completion,   → answers.py, completion.py, actions.py, on the project as last
definition, refs,      checked; a request first runs a check that is due, so it
code actions           never answers from text the editor has already changed
                       (completion excepted: it needs only the names, and a check
                       per typed `:` would defeat the debounce)

This module (the server's state and what it tells the editor) and `handlers.py` (the
requests it answers) are the only ones that import pygls and lsprotocol, half a
second to import: the command imports them when the server starts, never for
`sopc --help`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from sopc import __version__
from sopc.cache import cache_dir, store
from sopc.errors import UsageError
from sopc.findings import Finding, Severity
from sopc.lsp.locate import Kind, Spot, spot_at
from sopc.lsp.names import Place
from sopc.lsp.positions import Extent, Lines, Point
from sopc.lsp.state import Checked, ProjectState, Services
from sopc.model.config import Config
from sopc.project import CONFIG_NAME, Project, is_sop_file

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


def root_of(path: Path, folders: Sequence[Path] = ()) -> Path:
    """The project a document belongs to: the nearest folder above it with sopc.yaml;
    else the editor's workspace folder that holds it (as `sopc check` run there would
    see it); else the nearest folder above it that exists (an unsaved file's may not)."""
    for folder in path.parents:
        if (folder / CONFIG_NAME).is_file():
            return folder
    holders = [folder for folder in folders if path.is_relative_to(folder)]
    if holders:
        return max(holders, key=lambda folder: len(folder.parts))
    return next((folder for folder in path.parents if folder.is_dir()), path.parent)


class SopServer(LanguageServer):
    def __init__(self, services: Services) -> None:
        super().__init__("sopc", __version__)
        self.services = services
        self.states: dict[Path, ProjectState] = {}
        self.due: set[Path] = set()  # roots whose check waits for the edits to settle
        self.timer: asyncio.TimerHandle | None = None
        self.rule_pages: dict[tuple[Path, str, str], str | None] = {}

    # -- checking --------------------------------------------------------------------

    def root_of(self, path: Path) -> Path:
        uris = [folder.uri for folder in self.workspace.folders.values()]
        uris += [self.workspace.root_uri] if self.workspace.root_uri else []
        folders = [path_of(uri) for uri in uris]
        return root_of(path, [folder for folder in folders if folder is not None])

    def open_paths(self, root: Path | None = None) -> dict[Path, str]:
        """The open documents (of the project at `root`), with their texts."""
        found = {}
        for uri in list(self.workspace.text_documents):
            path = path_of(uri)
            if path is not None and is_source(path) and root in (None, self.root_of(path)):
                text = self.text(uri)
                if text is not None:
                    found[path] = text
        return found

    def text(self, uri: str) -> str | None:
        """The editor's text of `uri`, or None (pygls reads a document it was not sent
        from disk, which may fail)."""
        try:
            return self.workspace.get_text_document(uri).source
        except (OSError, UnicodeDecodeError):
            return None

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
        """Check the project at `root` and tell the editor. A check that fails (a bug, or
        a folder gone) is logged to the editor; the project keeps its last findings."""
        self.due.discard(root)
        try:
            checked = self.services.check(root, self.open_paths(root))
        except Exception as error:  # one project's failure must not stop the others
            said = f"sopc: {root}: {type(error).__name__}: {error}"
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, said))
            if root in self.states:
                return self.states[root]
            checked = Checked(Project(root, Config(), None), [], [])
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
            range=lsp_range(lines.extent(finding.span)),
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
        if state.checked.project.config_path is None:
            return None  # no project: sopc writes no cache beside a lone file
        if key not in self.rule_pages:
            page = cache_dir(state.root) / "lsp" / "rules" / state.t.language / f"{code}.md"
            try:
                store(page, self.services.describe(code, state.t).encode("utf-8"))
                self.rule_pages[key] = page.as_uri()
            except (OSError, UsageError):  # a cache that cannot be written
                self.rule_pages[key] = None
        return self.rule_pages[key]

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    # -- requests --------------------------------------------------------------------

    def at(self, uri: str, position: lsp.Position) -> tuple[ProjectState, str, Spot, Lines] | None:
        """The project, the file, what stands at `position` of document `uri`, and the
        document's lines."""
        path = path_of(uri)
        if path is None or not is_source(path):
            return None
        text = self.text(uri)
        if text is None:
            return None
        state = self.state(self.root_of(path))
        rel = state.checked.project.rel(path)
        lines = Lines(text, self.encoding)
        line, column = lines.place(Point(position.line, position.character))
        spot = spot_at(state.names.tree_of(rel), lines.line(line), line, column)
        return (state, rel, spot, lines) if spot is not None else None

    def location(self, state: ProjectState, place: Place) -> lsp.Location | None:
        text = state.text_of(place.rel)
        if text is None:
            return None
        path = state.names.path_of(place.rel)
        uri = from_fs_path(str(path)) or path.as_uri()
        return lsp.Location(uri, lsp_range(Lines(text, self.encoding).extent(place.span)))


def path_of(uri: str) -> Path | None:
    found = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(found) if found else None


def lsp_range(extent: Extent) -> lsp.Range:
    start, end = extent.start, extent.end
    return lsp.Range(
        lsp.Position(start.line, start.character), lsp.Position(end.line, end.character)
    )
