"""`sopc build --history`: each SOP's commits, versions and changes from a real git
repository, followed across moves, cached per pair of blobs."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CS_PATH, Project, write
from tests.conftest import sopc as run_sopc

ENV = {"SOURCE_DATE_EPOCH": "1795132800"}


def git(root: Path, *args: str, author: str = "张伟") -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
        "GIT_AUTHOR_DATE": "2026-11-02T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-11-02T10:00:00+08:00",
    }
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=a@example.com", *args],
        cwd=root, env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, old
    write(root, rel, text.replace(old, new, 1))


def text_of(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text("utf-8"))).split())


@pytest.fixture
def repo(project: Project) -> Path:
    """Three commits: created; owner changed (2.0, approved again); moved."""
    root = project()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "初版")
    edit(root, CS_PATH, "owner: cs-manager", "owner: ops-director")
    edit(root, CS_PATH, 'version: "1.2"', 'version: "2.0"')
    edit(
        root,
        CS_PATH,
        "approver: {name: 王强, date: 2026-02-25}",
        "approver: {name: 王强, date: 2026-11-02}",
    )
    edit(root, CS_PATH, "effective_date: 2026-03-01", "effective_date: 2026-11-02")
    edit(
        root,
        CS_PATH,
        "revisions:\n",
        'revisions:\n  - {version: "2.0", date: 2026-11-02, changes: 运营总监负责}\n',
    )
    git(root, "commit", "-qam", "投诉改由运营总监负责", author="李娜")
    (root / "archive").mkdir()
    git(root, "mv", CS_PATH, "archive/CS-001-complaints.sop.yaml")
    git(root, "commit", "-qm", "归档目录调整")
    return root


def build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_sopc(
        "build", str(root), "--format", "html", "--history", "--out", str(out), *extra, env=ENV
    )


def test_sop_pages_show_their_history(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = build(repo, out)
    assert run.returncode == 0, run.stdout + run.stderr
    page = text_of(out / "sops" / "CS-001.html")
    history = page[page.index("修订历史（git）") :]
    rows = [
        "2026-11-02 2.0 张伟 归档目录调整",  # the move: same SOP, followed by id
        "移动到 archive/CS-001-complaints.sop.yaml",
        "2026-11-02 2.0 李娜 投诉改由运营总监负责",
        "流程负责人 cs-manager → ops-director",
        "2026-11-02 1.2 张伟 初版",
        "新建",
    ]
    at = 0
    for row in rows:  # newest first, in this order
        found = history.find(row, at)
        assert found >= 0, (row, history)
        at = found
    changes = text_of(out / "changes.html")
    assert "修订历史（git）" in changes
    assert "FIN-003 退款流程" in changes  # every SOP's commits


def test_pairs_are_compared_once(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(repo, out).returncode == 0
    cached = set((repo / ".sopc-cache" / "history").iterdir())
    assert build(repo, out).stdout.startswith("Up to date")
    edit(
        repo,
        "archive/CS-001-complaints.sop.yaml",
        "purpose: 规范客户投诉处理。",
        "purpose: 规范投诉处理。",
    )
    git(repo, "commit", "-qam", "措辞")
    run = build(repo, out)
    assert run.returncode == 0, run.stderr
    assert not run.stdout.startswith("Up to date")  # a new commit is new input
    added = set((repo / ".sopc-cache" / "history").iterdir()) - cached
    assert len(added) == 1  # only the new commit's pair was compared
    assert "目的 规范客户投诉处理。 → 规范投诉处理。" in text_of(out / "sops" / "CS-001.html")


def test_history_needs_a_repository(project: Project, tmp_path: Path) -> None:
    root = project()
    run = build(root, tmp_path / "site")
    assert run.returncode == 2
    assert "not in a git repository" in run.stderr
    assert not (tmp_path / "site").exists()


def test_a_cache_file_without_an_answer_is_compared_again(repo: Path, tmp_path: Path) -> None:
    assert build(repo, tmp_path / "site").returncode == 0
    files = sorted((repo / ".sopc-cache" / "history").iterdir())
    assert len(files) >= 3  # created, owner changed, moved: one pair each
    for n, file in enumerate(files):  # torn, or JSON that is no answer
        text = '{"id": "CS-001", "version": "9.9"' + ("" if n % 2 else "}")
        file.write_text(text, encoding="utf-8")
    out = tmp_path / "again"
    run = build(repo, out)
    assert run.returncode == 0, run.stdout + run.stderr
    page = text_of(out / "sops" / "CS-001.html")
    assert "流程负责人 cs-manager → ops-director" in page
    assert "9.9" not in page
    for file in files:
        answer = json.loads(file.read_text(encoding="utf-8"))
        assert set(answer) == {"id", "version", "summary"}


def test_cached_sentences_are_keyed_by_their_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence cached before the wording changed (catalogue or code) is not served."""
    from sopc.diff import history

    touch = history._Touch(
        ("a" * 40, "2026-11-20", "张伟", "x"), "1" * 40, "2" * 40, "a", "a", False
    )
    keys = {history._cache_file(tmp_path, touch, lang) for lang in ("zh-CN", "en")}
    assert len(keys) == 2
    before = history._cache_file(tmp_path, touch, "zh-CN")
    monkeypatch.setattr(history, "summary_format", history.summary_format + 1)
    reworded = history._cache_file(tmp_path, touch, "zh-CN")
    assert reworded != before
    monkeypatch.setattr(history, "fingerprint", lambda language: "another catalogue")
    assert history._cache_file(tmp_path, touch, "zh-CN") != reworded
