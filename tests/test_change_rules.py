"""SOP501–SOP504 with `sopc check --base REV`, on real git repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sopc.commands.check import check
from sopc.errors import UsageError
from tests.conftest import BASE_SOP, CS_PATH, TODAY, Project, write
from tests.conftest import sopc as run_sopc

CHANGE_CODES = ("SOP501", "SOP502", "SOP503", "SOP504")
REVISION_12 = '  - {version: "1.2", date: 2026-02-25, author: 张伟, changes: 增加退款判断}\n'


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    done = subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=t@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(project: Project) -> Path:
    """The base project, committed: HEAD is the base revision."""
    root = project()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def change_findings(root: Path, base: str = "HEAD") -> list[tuple[str, str]]:
    result = check([root], today=TODAY, base=base)
    return [(f.code, f.message) for f in result.findings if f.code in CHANGE_CODES]


def edit(root: Path, old: str, new: str, rel: str = CS_PATH) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, old
    write(root, rel, text.replace(old, new, 1))


def release(root: Path, version: str, changes: str) -> None:
    """Give CS-001 a new version with its revision entry, as an author does."""
    edit(root, 'version: "1.2"', f'version: "{version}"')
    entry = f'  - {{version: "{version}", date: 2026-11-20, changes: {changes}}}\n'
    edit(root, REVISION_12, entry + REVISION_12)


def test_unchanged_sops_are_silent(repo: Path) -> None:
    assert change_findings(repo) == []


def test_without_base_the_rules_are_silent(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    result = check([repo], today=TODAY)
    assert [f for f in result.findings if f.code in CHANGE_CODES] == []


def test_a_moved_file_is_the_same_sop(repo: Path) -> None:
    (repo / "archive").mkdir()
    git(repo, "mv", CS_PATH, "archive/CS-001.sop.yaml")
    assert change_findings(repo) == []


def test_content_changed_without_a_new_version(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    (finding,) = change_findings(repo)
    assert finding[0] == "SOP501"
    assert "purpose" in finding[1]
    assert "make it 1.3" in finding[1]  # text is a minor change by default


def test_document_control_changes_need_no_version(repo: Path) -> None:
    edit(
        repo,
        "review: {interval: 6mo, last: 2026-09-01}",
        "review: {interval: 6mo, last: 2026-11-01}",
    )
    edit(
        repo, "approver: {name: 王强, date: 2026-02-25}", "approver: {name: 王强, date: 2026-02-26}"
    )
    assert change_findings(repo) == []


def test_a_new_version_needs_a_revision_entry(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    edit(repo, 'version: "1.2"', 'version: "1.3"')
    (finding,) = change_findings(repo)
    assert finding[0] == "SOP502"
    assert "1.2 to 1.3" in finding[1]


def test_a_recorded_sufficient_bump_is_silent(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    release(repo, "1.3", "修订目的")
    assert change_findings(repo) == []


def test_a_lower_version_is_an_error(repo: Path) -> None:
    edit(repo, 'version: "1.2"', 'version: "1.1"')
    codes = [code for code, _message in change_findings(repo)]
    assert "SOP503" in codes


def test_a_major_change_under_a_minor_bump_warns(repo: Path) -> None:
    edit(repo, "owner: cs-manager", "owner: ops-director")
    release(repo, "1.3", "更换负责人")
    (finding,) = change_findings(repo)
    assert finding[0] == "SOP504"
    assert "make it 2.0" in finding[1]
    severity = next(
        f for f in check([repo], today=TODAY, base="HEAD").findings if f.code == "SOP504"
    )
    assert severity.severity.value == "warning"


def test_policy_decides_what_is_major(project: Project) -> None:
    from tests.conftest import CONFIG

    root = project(config=CONFIG + "policy: {major_changes: [flow]}\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(root, "owner: cs-manager", "owner: ops-director")
    release(root, "1.3", "更换负责人")
    assert change_findings(root) == []


def test_sops_new_since_the_base_are_silent(repo: Path) -> None:
    text = BASE_SOP.replace("id: CS-001", "id: CS-002").replace(
        "  - id: receive", "  - id: receive\n    notes: [新流程]", 1
    )
    write(repo, "sops/CS-002.sop.yaml", text)
    assert change_findings(repo) == []


def test_against_an_older_revision(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    git(repo, "commit", "-qam", "purpose without a new version")
    assert change_findings(repo, "HEAD") == []  # the work tree is HEAD
    assert [code for code, _ in change_findings(repo, "HEAD~1")] == ["SOP501"]


def test_bad_revisions_and_folders_outside_git_are_usage_errors(
    repo: Path, project: Project, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="unknown revision 'no-such-branch'"):
        check([repo], today=TODAY, base="no-such-branch")
    with pytest.raises(UsageError, match="would be read as an option"):
        check([repo], today=TODAY, base="--output=x")
    run = run_sopc("check", str(repo), "--base", f"--output={tmp_path / 'x'}")
    assert run.returncode == 2
    assert not (tmp_path / "x").exists()
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside, "sopc.yaml", "name: x\n")
    write(outside, CS_PATH, BASE_SOP)
    run = run_sopc("check", str(outside), "--base", "HEAD")
    assert run.returncode == 2
    assert "not in a git repository" in run.stderr
