"""`sopc serve` as an author uses it: a real server process, a real browser (headless
Chromium), real edits on disk; and the server's refusals, with every file it opens
watched by an audit hook."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sopc.project import open_project
from sopc.serve.site import LiveSite, PreviewServer
from sopc.serve.watch import Sources
from tests.test_build import EXAMPLES

IT = "sops/IT-001-incident-response.sop.yaml"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


class Server:
    """`sopc serve ROOT --port 0` in its own process; its stderr read as it comes."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795651200", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sopc", "serve", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.err: list[str] = []
        self.out: list[str] = []
        for stream, lines in ((self.process.stderr, self.err), (self.process.stdout, self.out)):
            threading.Thread(target=_drain, args=(stream, lines), daemon=True).start()
        deadline = time.monotonic() + 60
        while not any(URL.search(line) for line in self.err):
            assert self.process.poll() is None, "".join(self.err)
            assert time.monotonic() < deadline, "".join(self.err)
            time.sleep(0.05)
        found = next(URL.search(line) for line in self.err if URL.search(line))
        assert found is not None
        self.url = found.group(0)
        self.port = int(found.group(1))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def _drain(stream: Any, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    return root


@pytest.fixture
def server(examples: Path) -> Iterator[Server]:
    running = Server(examples)
    try:
        yield running
    finally:
        running.stop()


def edit(root: Path, old: str, new: str) -> None:
    """Save as an editor does: the whole file rewritten."""
    path = root / IT
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_page_follows_the_saves(
    browser: webdriver.Chrome, examples: Path, server: Server
) -> None:
    browser.set_window_size(1200, 900)
    browser.get(server.url + "sops/IT-001.html")
    assert "Log the incident ticket" in browser.page_source
    browser.execute_script("window.sopcNotReloaded = true")
    wait = WebDriverWait(browser, 30, poll_frequency=0.1)

    edit(examples, "title: Log the incident ticket", "title: Open the incident ticket")
    wait.until(lambda b: "Open the incident ticket" in b.page_source)
    assert browser.execute_script("return window.sopcNotReloaded") is None  # it reloaded

    edit(examples, "role: service-desk\n", "role: service-dsk\n")
    overlay = wait.until(lambda b: b.find_elements(By.ID, "sopc-live-overlay"))[0]
    text = overlay.text
    assert "SOP201" in text
    assert re.search(rf"{re.escape(IT)}:\d+:\d+", text)
    assert "role: service-dsk" in text  # the source line, with carets under it
    assert "生成失败" in text  # in the project's language
    assert "Open the incident ticket" in browser.page_source  # the last good site stays

    edit(examples, "role: service-dsk\n", "role: service-desk\n")
    wait.until(lambda b: not b.find_elements(By.ID, "sopc-live-overlay"))
    assert server.stop() == 0
    assert any("预览已停止" in line for line in server.err)


def events(port: int, seconds: float) -> list[dict[str, Any]]:
    """The events the server sends within `seconds`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds)
    connection.request("GET", "/__sopc__/events")
    response = connection.getresponse()
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            line = response.fp.readline()
            if line.startswith(b"data: "):
                found.append(json.loads(line[6:]))
    except TimeoutError:
        pass
    finally:
        connection.close()
    return found


def listen(port: int, seconds: float) -> tuple[threading.Thread, list[dict[str, Any]]]:
    got: list[dict[str, Any]] = []
    thread = threading.Thread(target=lambda: got.extend(events(port, seconds)), daemon=True)
    thread.start()
    time.sleep(0.5)  # connected
    return thread, got


def test_saves_that_change_nothing_rebuild_nothing(examples: Path, server: Server) -> None:
    thread, got = listen(server.port, 6)
    path = examples / IT
    path.write_bytes(path.read_bytes())  # the same bytes again
    (examples / "sops/.IT-001-incident-response.sop.yaml.swp").write_text("x", encoding="utf-8")
    (examples / "sops/IT-001-incident-response.sop.yaml~").write_text("x", encoding="utf-8")
    thread.join()
    assert got == []


def test_an_atomic_save_is_one_rebuild(examples: Path, server: Server) -> None:
    thread, got = listen(server.port, 8)
    path = examples / IT
    text = path.read_text(encoding="utf-8").replace("Log the incident", "Open the incident")
    temporary = path.with_name(".IT-001.tmp-save")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # as vim, VS Code and JetBrains save
    thread.join()
    # one build: the SOP's page first, then the pages over the whole manual
    assert [(event["kind"], event.get("early", False)) for event in got] == [
        ("built", True),
        ("built", False),
    ]
    assert got[0]["pages"] == ["sops/IT-001.html"]
    assert "roles.html" in got[1]["pages"]
    assert not any("Traceback" in line for line in server.err)


def test_only_get_and_head(examples: Path, server: Server) -> None:
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(method, "/index.html", body=b"x")
        response = connection.getresponse()
        assert response.status == 405, method
        assert response.getheader("Allow") == "GET, HEAD"
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("HEAD", "/index.html")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == b""


TRAVERSALS = [
    "/../sopc.yaml",
    "/%2e%2e/sopc.yaml",
    "/%2E%2E%2Fsopc.yaml",
    "/sops/../../sopc.yaml",
    "/sops/%2e%2e/%2e%2e/sopc.yaml",
    "/..%2f..%2fsopc.yaml",
    "/%252e%252e/sopc.yaml",
    "/..\\sopc.yaml",
    "/%5c..%5csopc.yaml",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/secret.txt%00.html",
    "/outside.html",
    "/outside-folder/secret.txt",
    "/%ff%fe",
]


def test_nothing_outside_the_site_is_served_or_read(tmp_path: Path) -> None:
    site = tmp_path / "project/.sopc-cache/serve/site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>ok</p></body>", encoding="utf-8")
    (tmp_path / "project/sopc.yaml").write_text("secret: yes\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    (site / "outside.html").symlink_to(tmp_path / "secret.txt")
    (site / "outside-folder").symlink_to(tmp_path, target_is_directory=True)
    opened: list[str] = []
    watching = threading.Event()

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if watching.is_set() and event == "open" and isinstance(args[0], str | bytes | Path):
            opened.append(os.path.realpath(os.fsdecode(args[0])))

    sys.addaudithook(audit)
    server = PreviewServer(LiveSite(site), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        watching.set()
        for path in TRAVERSALS:
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.putrequest("GET", path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            assert response.status == 404, path
            assert b"secret" not in body, path
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
        connection.request("GET", "/")
        assert b"/__sopc__/live.js" in connection.getresponse().read()
        connection.close()
        watching.clear()
    finally:
        server.stop()
    real_site = os.path.realpath(site)
    outside = [path for path in opened if not path.startswith(real_site + os.sep)]
    assert outside == []
    assert opened  # the hook saw the one page that was served


def test_the_watch_counts_only_what_a_build_reads(examples: Path) -> None:
    project = open_project([examples])
    matters = Sources(project)
    root = examples.resolve()
    assert matters(None, str(root / IT))
    assert matters(None, str(root / "sopc.yaml"))
    for ignored in (
        "sops/.IT-001-incident-response.sop.yaml.swp",
        "sops/IT-001-incident-response.sop.yaml~",
        "sops/.#IT-001-incident-response.sop.yaml",
        "sops/4913",
        "sops/notes.txt",
        "site/sops/IT-001.sop.yaml",
        ".sopc-cache/serve/site/index.html",
        ".git/index",
    ):
        assert not matters(None, str(root / ignored)), ignored


def test_requests_for_another_host_are_refused(examples: Path, server: Server) -> None:
    """DNS rebinding: a web page whose domain now points at 127.0.0.1 cannot read it."""
    for host, status in (
        ("evil.example", 403),
        (f"evil.example:{server.port}", 403),
        (f"localhost:{server.port}", 200),
        (f"127.0.0.1:{server.port}", 200),
    ):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.putrequest("GET", "/index.html", skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        assert response.status == status, host
        assert (b"SOP" in body) == (status == 200), host
        connection.close()


def test_a_template_being_edited_does_not_stop_the_preview(examples: Path) -> None:
    """An override saved half-written shows on the pages as a message; the next save
    that fixes it builds again."""
    from sopc.commands.serve import Preview
    from sopc.i18n import Message, translator

    (examples / "theme").mkdir()
    text = (examples / "sopc.yaml").read_text(encoding="utf-8")
    (examples / "sopc.yaml").write_text(text.replace("build:\n", "build:\n  templates: theme\n"))
    said: list[Message] = []
    preview = Preview([examples], translator("zh-CN"), said.append)
    assert preview.rebuild() is not None
    assert preview.site.errors is None
    (examples / "theme/index.html.j2").write_text("{% extends 'base.html.j2' %}{% block main %}")
    assert preview.rebuild() is None
    assert preview.site.errors is not None
    [problem] = preview.site.errors["findings"]
    assert "index.html.j2" in problem["message"]
    assert [message.key for message in said] == ["serve.broken_template"]
    (examples / "theme/index.html.j2").unlink()
    result = preview.rebuild()
    assert result is not None
    assert result.status == 0
    assert preview.site.errors is None


def test_a_save_made_while_the_watch_starts_is_built(examples: Path) -> None:
    """The URL is printed before the watcher is up (on 1,000 SOPs that takes a while):
    a save made at once must not wait for the next one."""
    from sopc.commands.serve import Address, serve
    from sopc.i18n import translator

    stop = threading.Event()
    page = examples / ".sopc-cache/serve/site/sops/IT-001.html"

    saved = threading.Event()

    def save_at_once(_url: str) -> None:
        edit(examples, "Log the incident", "Open the ticket")
        saved.set()

    thread = threading.Thread(
        target=serve,
        args=([examples], Address("127.0.0.1", 0), translator("en")),
        kwargs={
            "say": lambda _m: None,
            "shown": lambda _r: None,
            "ready": save_at_once,
            "stop": stop,
        },
    )
    thread.start()
    try:
        assert saved.wait(timeout=60)
        deadline = time.monotonic() + 30
        while "Open the ticket" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
