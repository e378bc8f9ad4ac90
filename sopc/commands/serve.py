"""`sopc serve`: the site, rebuilt as the author saves, its pages reloading themselves.

build the site      → HTML only, into .sopc-cache/serve/site (the project's `out`
                      keeps what `sopc build` made), incrementally: a rebuild renders
                      only the pages whose inputs changed
serve it            → sopc.serve.site: read-only, inside that folder, GET and HEAD
watch the sources   → sopc.serve.watch: SOP files, sopc.yaml, template overrides
rebuild and tell    → `built` with the pages that changed: open pages showing them
                      reload; a build that fails keeps the last good site and every
                      open page shows the findings until a save fixes them
Ctrl-C              → stops watching, closes the event streams and the server
"""

from __future__ import annotations

import errno
import ipaddress
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from sopc.cache import cache_dir
from sopc.commands.build import Session, build
from sopc.errors import UsageError
from sopc.i18n import Message, Translator
from sopc.memory import settle
from sopc.output import MARKER
from sopc.project import find_root, open_project
from sopc.render.dot import GraphvizError
from sopc.render.pages import WHOLE_PAGES
from sopc.report.text import excerpt, source_lines
from sopc.results import BuildResult
from sopc.serve.site import LiveSite, PreviewServer
from sopc.serve.watch import Sources, changes

Say = Callable[[Message], None]
Shown = Callable[[BuildResult], None]  # a finished build, for the terminal


@dataclass(frozen=True)
class Address:
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def private(self) -> bool:
        """Only this machine can reach it (a loopback address, or `localhost`)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


class Preview:
    """One project's preview: its site folder, its server, its builds."""

    def __init__(self, paths: Sequence[Path], t: Translator, say: Say) -> None:
        self.paths = list(paths)
        self.t, self.say = t, say
        root, _config = find_root(self.paths)
        self.folder = cache_dir(root) / "serve" / "site"
        self.site = LiveSite(self.folder)
        self.session = Session(early=self._early)
        self._told: list[str] = []  # what the early event named

    def rebuild(self) -> BuildResult | None:
        """Build; tell open pages what changed, or show them the findings. None when
        the build could not start (the message is then on every open page)."""
        started = time.perf_counter()
        self._told = []
        try:
            with self.site.building():
                result = build(self.paths, out=self.folder, formats=["html"], session=self.session)
        except (UsageError, GraphvizError) as exc:
            return self._cannot(exc.message)
        except jinja2.TemplateError as exc:  # a template override being edited
            where = (
                f"{exc.filename}:{exc.lineno}"
                if isinstance(exc, jinja2.TemplateSyntaxError)
                else "templates"
            )
            return self._cannot(Message("serve.broken_template", where=where, why=str(exc)))
        except OSError as exc:  # a file that went away while it was read
            return self._cannot(Message("serve.unreadable", why=str(exc)))
        if result.up_to_date:  # the same sources as the last good build (a fix undone)
            if self.site.errors is not None:
                self.site.publish({"kind": "built", "pages": [], "seconds": 0.0})
            return result
        if result.status and result.checked is not None:
            self.site.publish(self._failure(self._findings(result), None))
            return result
        changed = {*result.updated, *result.removed} - {MARKER, *self._told}
        self._told = []
        seconds = round(time.perf_counter() - started, 3)
        self.site.publish({"kind": "built", "pages": sorted(changed), "seconds": seconds})
        return result

    def _early(self, written: list[str]) -> None:
        """The SOPs' pages are written: show them while the manual's pages are made."""
        self.site.release(WHOLE_PAGES)
        self._told = written
        if written:
            self.site.publish({"kind": "built", "pages": sorted(written), "early": True})

    def _cannot(self, problem: Message) -> BuildResult | None:
        """A build that could not run: said on the terminal and on every open page."""
        self.say(problem)
        self.site.publish(self._failure([], problem))
        return None

    def _failure(self, findings: list[dict[str, Any]], problem: Message | None) -> dict[str, Any]:
        if problem is not None:
            findings = [{"where": "sopc", "code": "", "message": self.t.say(problem)}]
        return {
            "kind": "errors",
            "title": self.t.say(Message("serve.failed")),
            "hint": self.t.say(Message("serve.failed_hint")),
            "findings": findings,
        }

    def _findings(self, result: BuildResult) -> list[dict[str, Any]]:
        """The findings that stopped the build, as the overlay shows them: place, code,
        message, and the source line with carets under the span."""
        assert result.checked is not None
        lines_of = source_lines(result.checked.project.root)
        shown = []
        for finding in result.checked.findings:
            span = finding.span
            item: dict[str, Any] = {
                "where": f"{finding.path}:{span.line}:{span.column}",
                "code": finding.code,
                "severity": str(finding.severity),
                "message": self.t.say(finding.message),
            }
            if (lines := excerpt(finding, lines_of(finding.path))) is not None:
                item.update(line=span.line, source=lines[0], caret=lines[1])
            shown.append(item)
        return shown


def serve(
    paths: Sequence[Path],
    address: Address,
    t: Translator,
    *,
    say: Say,
    shown: Shown,
    ready: Callable[[str], None] = lambda _url: None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve on `address`, rebuild on every settled change until `stop` is set
    (or Ctrl-C ends the watch)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():  # `kill`: as Ctrl-C
        signal.signal(signal.SIGTERM, lambda _signal, _frame: _stopped(stop))
    preview = Preview(paths, t, say)
    if not address.private:
        say(Message("serve.exposed", host=address.host))
    first = preview.rebuild()
    if first is not None:
        shown(first)
    try:
        hosts = {"localhost", "127.0.0.1", "::1", address.host} if address.private else None
        server = PreviewServer(preview.site, address.host, address.port, hosts)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(Message("serve.port_busy", port=address.port)) from None
        raise UsageError(
            Message("serve.cannot_listen", address=address.url, why=str(exc))
        ) from None
    bound = Address(address.host, server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, name="sopc-serve", daemon=True)
    thread.start()
    say(Message("serve.listening", url=bound.url))
    ready(bound.url)
    try:
        watching = Sources(open_project(paths))
        watched = False
        for batch in changes(watching, stop):
            if not batch and watched:
                continue  # nothing changed
            watched = True  # the watcher is up: a save made while it started counts too
            result = preview.rebuild()
            settle()
            if result is not None and not result.up_to_date:
                shown(result)
            if result is not None and result.checked is not None:
                watching.refresh(result.checked.project)
    finally:
        server.stop()
        thread.join(timeout=5)
        say(Message("serve.stopped"))


def _stopped(stop: threading.Event) -> None:
    """SIGTERM: stop watching; during the first build (no watch yet), stop as Ctrl-C."""
    if stop.is_set():
        return
    stop.set()
    raise KeyboardInterrupt
