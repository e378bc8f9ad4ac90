"""`sopc lsp` where editors and projects are awkward: files that exist nowhere, folders
without sopc.yaml, sopc.yaml deleted, storms of edits, and the promise that no source
file is ever written."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import BASE_SOP, CS_PATH, FIN_PATH, FIN_SOP, Project, write
from tests.lsp_client import Client, position
from tests.test_lsp import BROKEN, SOP, ZH_CONFIG, codes


def snapshot(root: Path) -> dict[str, str]:
    """Every file outside .sopc-cache/, by path, with the hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".sopc-cache" not in path.parts
    }


def test_a_file_that_exists_nowhere_never_stops_the_other_projects(
    project: Project, tmp_path: Path
) -> None:
    root = project({CS_PATH: BROKEN}, config=ZH_CONFIG)
    ghost = tmp_path / "nowhere" / "deeper" / "NEW-001.sop.yaml"  # its folders do not exist
    client = Client(tmp_path)
    try:
        client.open(ghost, "id: NEW-001\ntitle: 新流程\n")
        client.open(root / CS_PATH, BROKEN)
        assert codes(client.diagnostics(root / CS_PATH)) == ["SOP201"]
        answer = client.at("textDocument/hover", ghost, {"line": 0, "character": 5})
        assert answer["contents"]["value"] == "**新流程** `NEW-001` · SOP"  # as any SOP
        client.notify("textDocument/didClose", {"textDocument": {"uri": ghost.as_uri()}})
        assert client.at("textDocument/hover", ghost, {"line": 0, "character": 5}) is None
        assert not (tmp_path / "nowhere").exists()
    finally:
        client.close()
    assert client.process.stderr is not None
    assert b"Traceback" not in client.process.stderr.read()


def test_a_folder_without_sopc_yaml_is_its_workspace_folder(tmp_path: Path) -> None:
    """As `sopc check` run there sees it: an SOP hands off to one in another folder."""
    root = tmp_path / "ws"
    write(root, "cs/CS-001.sop.yaml", BASE_SOP)
    write(root, "fin/FIN-003.sop.yaml", FIN_SOP)
    before = snapshot(root)
    client = Client(root)
    try:
        path = root / "cs" / "CS-001.sop.yaml"
        client.open(path)
        found = client.diagnostics(path)
        assert "SOP206" not in codes(found)  # FIN-003 is found in the other folder
        assert all(d["code"] != "SOP206" for d in found)
        assert all("codeDescription" not in d for d in found)  # no project: no cache
    finally:
        client.close()
    assert not list(root.rglob(".sopc-cache"))
    assert snapshot(root) == before


@contextmanager
def clean_sop_open(project: Project) -> Iterator[tuple[Client, Path]]:
    """A server with the Chinese SOP open, its (empty) findings received."""
    root = project({CS_PATH: SOP}, config=ZH_CONFIG)
    client = Client(root)
    try:
        client.open(root / CS_PATH)
        assert client.diagnostics(root / CS_PATH) == []
        yield client, root / CS_PATH
    finally:
        client.close()


def test_sopc_yaml_deleted_on_disk_rechecks_the_open_sop(project: Project) -> None:
    with clean_sop_open(project) as (client, path):
        config = path.parents[1] / "sopc.yaml"
        config.unlink()
        change = {"uri": config.as_uri(), "type": 3}
        client.notify("workspace/didChangeWatchedFiles", {"changes": [change]})
        found = client.diagnostics(path)
        assert "SOP201" in codes(found)  # the organisation's roles are gone


def test_a_storm_of_edits_ends_with_the_findings_of_the_last_text(project: Project) -> None:
    with clean_sop_open(project) as (client, path):
        for n in range(40):
            client.change(path, BROKEN if n % 2 == 0 else SOP.replace("回复", f"回复{n}"))
        client.change(path, BROKEN)
        deadline = time.monotonic() + 30
        found = client.diagnostics(path)
        while codes(found) != ["SOP201"] and time.monotonic() < deadline:
            found = client.diagnostics(path)
        assert codes(found) == ["SOP201"]
        assert found[0]["range"]["start"] == position(BROKEN, "cs-agnet")


def test_no_source_file_is_ever_written(project: Project) -> None:
    root = project({CS_PATH: BROKEN}, config=ZH_CONFIG)
    before = snapshot(root)
    client = Client(root)
    try:
        path = root / CS_PATH
        client.open(path)
        [found] = client.diagnostics(path)
        text = path.read_text(encoding="utf-8")
        for needle in ("cs-agnet", "FIN-003", "1wd", "reply", "complaint-register"):
            place = position(text, needle)
            client.at("textDocument/hover", path, place)
            client.at("textDocument/definition", path, place)
            client.at("textDocument/completion", path, place)
            client.at("textDocument/references", path, place, context={"includeDeclaration": True})
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": client.uri(path)},
                "range": found["range"],
                "context": {"diagnostics": [found]},
            },
        )
        client.notify("textDocument/didSave", {"textDocument": {"uri": client.uri(path)}})
        client.open(root / FIN_PATH)
        client.diagnostics(root / FIN_PATH)
    finally:
        client.close()
    assert snapshot(root) == before
    written = {p.relative_to(root).as_posix() for p in (root / ".sopc-cache").rglob("*.md")}
    assert written == {".sopc-cache/lsp/rules/zh-CN/SOP201.md"}


def test_closing_a_file_clears_its_findings(project: Project) -> None:
    root = project({CS_PATH: BROKEN}, config=ZH_CONFIG)
    client = Client(root)
    try:
        path = root / CS_PATH
        client.open(path)
        assert codes(client.diagnostics(path)) == ["SOP201"]
        client.notify("textDocument/didClose", {"textDocument": {"uri": client.uri(path)}})
        assert client.diagnostics(path) == []
    finally:
        client.close()
