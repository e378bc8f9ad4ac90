"""A language client for the tests: `sopc lsp` in a process of its own, spoken to in
raw JSON-RPC over its stdin and stdout, as an editor does.

A thread reads every message the server sends; requests wait for their answer,
notifications (`publishDiagnostics`) queue up, and requests from the server
(`client/registerCapability`, `workspace/diagnostic/refresh`) are answered with null
and remembered, as a client that accepts them would."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

SOPC = str(Path(sys.executable).with_name("sopc"))
WAIT = 60.0  # seconds for an answer; generous, the machine may be loaded


def utf16(text: str) -> int:
    """Code units of UTF-16 that `text` takes: what LSP columns count."""
    return len(text.encode("utf-16-le")) // 2


def position(text: str, needle: str, occurrence: int = 1) -> dict[str, int]:
    """The LSP position (0-based line, UTF-16 column) of the n-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    before = text[:index]
    line_start = before.rfind("\n") + 1
    return {"line": before.count("\n"), "character": utf16(text[line_start:index])}


class Client:
    def __init__(
        self, root: Path, capabilities: dict[str, Any] | None = None, args: tuple[str, ...] = ()
    ) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [SOPC, "lsp", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=root,
            env=env,
        )
        self.root = root
        self.answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.notes: queue.Queue[dict[str, Any]] = queue.Queue()
        self.asked: list[dict[str, Any]] = []  # requests the server sent
        self.next_id = 0
        self.lock = threading.Lock()
        self.versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.initialized = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": capabilities or {},
            },
        )
        self.notify("initialized", {})

    # -- the wire -------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # the server asks
                self.asked.append(message)
                self._send({"id": message["id"], "result": None})
            elif "method" in message:
                self.notes.put(message)
            else:
                self.answers.setdefault(message["id"], queue.Queue()).put(message)

    def request(self, method: str, params: Any) -> Any:
        with self.lock:
            self.next_id += 1
            number = self.next_id
            self.answers.setdefault(number, queue.Queue())
        self._send({"id": number, "method": method, "params": params})
        answer = self.answers[number].get(timeout=WAIT)
        assert "error" not in answer, answer
        return answer["result"]

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # -- what an editor does ------------------------------------------------------------

    def uri(self, path: Path) -> str:
        return path.as_uri()

    def open(self, path: Path, text: str | None = None) -> str:
        uri = self.uri(path)
        self.versions[uri] = 1
        shown = text if text is not None else path.read_text(encoding="utf-8")
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": shown}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def change(self, path: Path, text: str) -> None:
        uri = self.uri(path)
        self.versions[uri] += 1
        document = {"uri": uri, "version": self.versions[uri]}
        self.notify(
            "textDocument/didChange", {"textDocument": document, "contentChanges": [{"text": text}]}
        )

    def diagnostics(self, path: Path) -> list[dict[str, Any]]:
        """The next diagnostics published for `path` (other notifications are dropped)."""
        uri = self.uri(path)
        while True:
            note = self.notes.get(timeout=WAIT)
            if note["method"] == "textDocument/publishDiagnostics" and note["params"]["uri"] == uri:
                found: list[dict[str, Any]] = note["params"]["diagnostics"]
                return found

    def at(self, method: str, path: Path, place: dict[str, int], **extra: Any) -> Any:
        params = {"textDocument": {"uri": self.uri(path)}, "position": place, **extra}
        return self.request(method, params)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
