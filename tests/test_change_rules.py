"""SOP501–SOP504 with `sopc check --base REV`, on real git repositories: what they find,
what they say in English and Chinese, and SOP502 and SOP104 as one finding."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sopc.change.compare import Kind, compare
from sopc.commands.check import check
from sopc.errors import UsageError
from sopc.findings import Finding
from sopc.rules.change import where_changed
from sopc.sources import parse_sop_file
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, TODAY, Project, locate, write
from tests.conftest import sopc as run_sopc
from tests.test_rule_messages import CHINESE, ENGLISH, only, said

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


def committed(root: Path) -> Path:
    """`root` as a new git repository whose HEAD is the base revision."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


@pytest.fixture
def repo(project: Project) -> Path:
    """The base project, committed: HEAD is the base revision."""
    return committed(project())


def change_findings(root: Path, base: str = "HEAD") -> list[tuple[str, str]]:
    result = check([root], today=TODAY, base=base)
    return [(f.code, ENGLISH.say(f.message)) for f in result.findings if f.code in CHANGE_CODES]


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
    root = committed(project(config=CONFIG + "policy: {major_changes: [flow]}\n"))
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


# -- what a person reads, and SOP502 and SOP104 as one finding ---------------------------


def findings_against(root: Path, base: str | None = "HEAD") -> list[Finding]:
    return check([root], today=TODAY, base=base).findings


def test_sop501_names_the_changes_in_both_languages(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    (finding,) = findings_against(repo)
    assert finding.code == "SOP501"
    assert said(finding) == (
        "content changed since the base revision (purpose) but version 1.2 did not: make it 1.3",
        "与基准版本（--base）相比内容有改动（purpose），但版本号 1.2 没有变：请改为 1.3",
    )


def test_sop501_lists_three_changes_then_more(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    edit(repo, "title: 回复客户处理结果", "title: 答复客户处理结果")
    edit(repo, "  - {risk: 投诉升级为舆情", "  - {risk: 投诉升级为媒体舆情")
    edit(repo, "    time_limit: 10m\n", "    time_limit: 20m\n")
    (finding,) = [f for f in findings_against(repo) if f.code == "SOP501"]
    assert said(finding) == (
        "content changed since the base revision (purpose; step receive (接收并登记投诉): "
        "time_limit; step reply (答复客户处理结果): title …) but version 1.2 did not: make it 2.0",
        "与基准版本（--base）相比内容有改动（purpose；步骤 receive（接收并登记投诉）的 "
        "time_limit；步骤 reply（答复客户处理结果）的 title 等），但版本号 1.2 没有变：请改为 2.0",
    )


def test_a_missing_revision_entry_with_base_is_sop502_only(repo: Path) -> None:
    edit(repo, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理与处理。")
    edit(repo, 'version: "1.2"', 'version: "1.3"')
    (finding,) = findings_against(repo)
    assert finding.code == "SOP502"
    assert finding.severity == "error"
    assert said(finding) == (
        "version changed from 1.2 to 1.3 since the base revision, but revisions has no entry for 1.3",
        "与基准版本（--base）相比版本号已从 1.2 改为 1.3，但修订记录（revisions）中没有 1.3 版的条目："
        "请在最上方补一条（sopc diff 会给出可直接粘贴的条目）",
    )
    text = (repo / CS_PATH).read_text(encoding="utf-8")
    assert (finding.span.line, finding.span.column) == locate(text, '"1.3"')
    # without --base, the same file has SOP104, which needs no base
    assert [f.code for f in findings_against(repo, base=None)] == ["SOP104"]


def test_sop104_stays_when_sop502_is_off(repo: Path) -> None:
    config = repo / "sopc.yaml"
    config.write_text(CONFIG + "rules: {revision-not-recorded: off}\n", encoding="utf-8")
    git(repo, "commit", "-qam", "no SOP502")
    edit(repo, 'version: "1.2"', 'version: "1.3"')
    assert [f.code for f in findings_against(repo)] == ["SOP104"]


def test_an_unchanged_version_without_entry_is_still_sop104(project: Project) -> None:
    """SOP502 knows only versions that changed: a version with no entry at the base
    already is SOP104's, with or without --base."""
    root = committed(project({CS_PATH: BASE_SOP.replace(REVISION_12, "")}))
    assert [f.code for f in findings_against(root)] == ["SOP104"]


def test_a_recorded_version_is_silent_whatever_its_spelling(repo: Path) -> None:
    edit(repo, 'version: "1.2"', 'version: "1.3.0"')
    edit(repo, REVISION_12, '  - {version: "1.3", date: 2026-02-25, changes: 措辞}\n' + REVISION_12)
    assert [f.code for f in findings_against(repo)] == []


def test_sop503_and_sop504_in_both_languages(repo: Path) -> None:
    edit(repo, 'version: "1.2"', 'version: "1.1"')
    lower = only(check([repo], today=TODAY, base="HEAD"), "SOP503")
    assert said(lower) == (
        "version 1.1 is lower than 1.2 at the base revision",
        "版本号 1.1 低于基准版本（--base）中的 1.2：版本号只能升高",
    )
    edit(repo, 'version: "1.1"', 'version: "1.2"')
    edit(repo, "owner: cs-manager", "owner: ops-director")
    release(repo, "1.3", "更换负责人")
    small = only(check([repo], today=TODAY, base="HEAD"), "SOP504")
    assert said(small) == (
        "a major change under a minor version step (1.2 → 1.3): make it 2.0",
        "这类改动需要升级主版本号，而 1.2 → 1.3 只升级了次版本号：请改为 2.0",
    )


def test_sop501_names_each_kind_of_change_as_sopc_diff_does(tmp_path: Path) -> None:
    """The English of SOP501's list is `Change.what` (what `sopc diff --format json`
    shows), for every kind of change; the Chinese says the same in Chinese."""
    edited = (
        BASE_SOP.replace("purpose: 规范客户投诉处理。", "purpose: 规范客户投诉的受理。")
        .replace("time_limit: {一般: 1wd, 重大: 3wd}", "time_limit: {一般: 1wd, 重大: 5wd}")
        .replace(
            "  - id: receive\n    title: 接收并登记投诉\n    role: cs-agent\n"
            '    outputs: ["form:complaint-register"]\n    time_limit: 10m\n',
            "",
        )
        .replace(
            "    next: end\n", "    next: end\n  - {id: archive, title: 归档, role: cs-agent}\n"
        )
        .replace("steps: [receive]}", "steps: [reply]}")
    )
    old, new = (
        parse_sop_file(tmp_path / CS_PATH, CS_PATH, text).sop for text in (BASE_SOP, edited)
    )
    assert old is not None
    assert new is not None
    changes = compare(old, new)
    assert {change.kind for change in changes} >= set(Kind) - {Kind.STEP_ORDER}
    moved = compare(
        old, old.model_copy(update={"steps": [old.steps[1], old.steps[0], old.steps[2]]})
    )
    changes += [change for change in moved if change.kind is Kind.STEP_ORDER]
    for change in changes:
        assert ENGLISH.say(where_changed(change)) == change.what
    chinese = {CHINESE.say(where_changed(change)) for change in changes}
    assert {
        "purpose",
        "步骤 receive",
        "步骤顺序",
        "步骤 reply（回复客户处理结果）的 time_limit[重大]",
    } <= chinese
    assert {"流向 receive → needs-refund", "流向 archive → end"} <= chinese
