"""The preview server: the last good build, served read-only, and live-reload events.

Safe by default, because a preview server is a file server on someone's laptop:

- only GET and HEAD (anything else: 405);
- only files inside the site's folder: the path is %-decoded once, and refused
  (404) when a segment is `..` or `.`, when it holds a backslash, a NUL or a
  drive letter, or when the file it resolves to (symlinks followed) is not inside
  the folder's real path; directories serve their `index.html`;
- only while no build is writing: a build holds the site's write lock, requests
  its read lock, so no page is ever seen half-written. Once the SOPs' own pages are
  written, the build releases every file but the pages over the whole manual, so
  the page being edited shows before the role and search indexes are made;
- on 127.0.0.1 unless told otherwise (`sopc serve --host`, with a warning), and
  there only to requests that name this machine (`Host: localhost`, `127.0.0.1`,
  `[::1]`): a page that rebinds its own domain to 127.0.0.1 gets 403.

Live reload: every HTML page gets `<script src="/__sopc__/live.js">` before
`</body>`. The script listens to `/__sopc__/events` (server-sent events, no CDN,
no library): `built` with the pages a build changed (the page drops any findings
it shows, and reloads when it is one of them or an asset changed), `errors` with
the findings of a build that failed (the page shows them over itself; the site
stays the last good one). A page that opens while the sources have errors is told
at once; so is a page that is not there (a first build that failed, an SOP not yet
built): its 404 page listens too, and loads when a build makes it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sopc.resources import resource_dir

PREFIX = "/__sopc__/"
SCRIPT = b'<script src="/__sopc__/live.js"></script>'
PING_SECONDS = 10.0  # a comment line keeps the event stream open and finds dead readers
TYPES = {  # what a site holds; the system's table (/etc/mime.types) is not read
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".bpmn": "application/xml",
    ".txt": "text/plain",
}


class LiveSite:
    """A site folder with a readers-writer lock and a numbered list of events."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._state = threading.Condition()
        self._readers = 0
        self._writing = False
        self._held: set[str] | None = None  # while writing: None, every file
        self._events: list[dict[str, Any]] = []
        self.errors: dict[str, Any] | None = None  # the failed build's, until fixed
        self.closed = False

    @contextmanager
    def building(self) -> Iterator[None]:
        """Hold off every request while a build writes the folder (until `release`)."""
        with self._state:
            self._state.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing, self._held = True, None
        try:
            yield
        finally:
            with self._state:
                self._writing, self._held = False, None
                self._state.notify_all()

    def release(self, held: Iterable[str]) -> None:
        """During a build: every file is final but `held` (the pages over the whole
        manual, still being made); requests for the others go ahead."""
        with self._state:
            self._held = set(held)
            self._state.notify_all()

    def _open(self, rel: str) -> bool:
        return not self._writing or (self._held is not None and rel not in self._held)

    @contextmanager
    def reading(self, rel: str) -> Iterator[None]:
        """Read `rel` (a path inside the folder) when no build is writing it."""
        with self._state:
            self._state.wait_for(lambda: self._open(rel))
            self._readers += 1
        try:
            yield
        finally:
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    def publish(self, event: dict[str, Any]) -> None:
        """Tell every open page: `built` (with the pages that changed) or `errors`."""
        with self._state:
            if event["kind"] == "errors":
                self.errors = event
            else:
                self.errors = None
            self._events.append(event)
            self._state.notify_all()

    def close(self) -> None:
        with self._state:
            self.closed = True
            self._state.notify_all()

    def events_after(self, seen: int, timeout: float) -> tuple[int, list[dict[str, Any]]]:
        """The events after the first `seen`, waiting up to `timeout` for one."""
        with self._state:
            self._state.wait_for(lambda: len(self._events) > seen or self.closed, timeout)
            return len(self._events), self._events[seen:]

    def file(self, url_path: str) -> Path | None:
        """The file a request path names inside the folder, or None (never outside it)."""
        path = unquote(url_path, errors="strict")
        if "\\" in path or "\0" in path or ":" in path:
            return None
        segments = [s for s in path.split("/") if s]
        if any(s in (".", "..") for s in segments):
            return None
        root = self.folder.resolve()
        target = root.joinpath(*segments)
        try:
            if target.is_dir():
                target = target / "index.html"
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return real if real.is_relative_to(root) and real.is_file() else None


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the site's files and of the live-reload script and events."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refuse(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def _answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        site = self.server.site
        if not self._known_host():
            self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden\n", "text/plain", body)
            return
        if path == PREFIX + "events" and body:
            self._events(site)
            return
        if path == PREFIX + "live.js":
            script = resource_dir("templates") / "serve" / "live.js"
            self._send(HTTPStatus.OK, script.read_bytes(), "text/javascript", body)
            return
        try:
            found = site.file(path)
        except UnicodeDecodeError:
            found = None
        data = None
        if found is not None:
            with site.reading(found.relative_to(site.folder.resolve()).as_posix()):
                try:
                    data = found.read_bytes()
                except OSError:  # removed by the build meanwhile (a stale page)
                    data = None
        if found is None or data is None:
            if path.endswith(("/", ".html")):  # a page not (yet) built: it listens too
                page = b"<!doctype html><title>404</title><body><p>404 Not Found</p></body>"
                self._send(HTTPStatus.NOT_FOUND, _with_script(page), "text/html", body)
            else:
                self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain", body)
            return
        kind = TYPES.get(found.suffix.lower(), "application/octet-stream")
        if found.suffix == ".html":
            data = _with_script(data)
        self._send(HTTPStatus.OK, data, kind, body)

    def _known_host(self) -> bool:
        hosts = self.server.hosts
        if hosts is None:
            return True
        given = self.headers.get("Host", "")
        name = urlsplit(f"//{given}").hostname or ""
        return name in hosts

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("+xml") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, site: LiveSite) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen, _ = site.events_after(0, 0)  # only what happens from now on
        try:
            if site.errors is not None:
                self._event(site.errors)
            while not site.closed and not self.server.stopping.is_set():
                seen, events = site.events_after(seen, PING_SECONDS)
                for event in events:
                    self._event(event)
                if not events:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, event: dict[str, Any]) -> None:
        text = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        self.wfile.write(b"data: " + text.encode("utf-8") + b"\n\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds, not requests."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not hold up Ctrl-C

    def __init__(self, site: LiveSite, host: str, port: int, hosts: set[str] | None = None) -> None:
        """`hosts`: the names a request's Host header may give (None: any). On
        127.0.0.1, only the machine's own names: a web page that rebinds its own
        domain to 127.0.0.1 (DNS rebinding) gets 403, not the SOPs."""
        self.site = site
        self.hosts = hosts
        self.stopping = threading.Event()
        super().__init__((host, port), Handler)

    def stop(self) -> None:
        self.stopping.set()
        self.site.close()
        self.shutdown()
        self.server_close()


def _with_script(page: bytes) -> bytes:
    """The page with the live-reload script before its `</body>` (or at its end)."""
    at = page.rfind(b"</body>")
    return page + SCRIPT if at < 0 else page[:at] + SCRIPT + page[at:]
