"""`sopc diff`: SOPs compared across real git revisions, the version each change
needs, the reports, and the guarantees (no option injection, work tree untouched)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CONFIG, CS_PATH, FIN_PATH, FIN_SOP, Project
from tests.conftest import sopc as run_sopc

TODAY = "2026-12-01"
CS_TITLE = "客户投诉处理流程"
REPLY = "step reply (回复客户处理结果)"


def replace(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced, failing loudly when `old` is not there."""
    assert old in text, f"{old!r} not in the text"
    return text.replace(old, new)


def git_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which the user's and the system's git configuration do
    not matter and git never looks for a repository above `tmp_path`."""
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "GIT_AUTHOR_NAME": "测试者",
        "GIT_AUTHOR_EMAIL": "tester@example.com",
        "GIT_COMMITTER_NAME": "测试者",
        "GIT_COMMITTER_EMAIL": "tester@example.com",
    }


class Repo:
    """A project in a real git repository, and `sopc diff` run in it."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=测试者", "-c", "user.email=tester@example.com", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, **self.env},
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        self.write(rel, replace(self.read(rel), old, new))

    def sopc(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_sopc(*args, cwd=cwd or self.root, env=self.env)

    def diff(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """`sopc diff ARGS --today TODAY`, which must succeed."""
        run = self.sopc("diff", *args, "--today", TODAY, cwd=cwd)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
        return run

    def json(self, *args: str, cwd: Path | None = None) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.diff(*args, "--format", "json", cwd=cwd).stdout)
        return data


def init(root: Path, tmp_path: Path) -> Repo:
    repo = Repo(root, git_env(tmp_path))
    repo.git("-c", "init.defaultBranch=main", "init", "-q")
    return repo


@pytest.fixture
def repo(project: Project, tmp_path: Path) -> Repo:
    """The conftest project, committed once (CS-001 at 1.2, FIN-003 at 1.0)."""
    repo = init(project(), tmp_path)
    repo.commit("基线")
    return repo


def make_repo(project: Project, tmp_path: Path, config: str) -> Repo:
    repo = init(project(config=config), tmp_path)
    repo.commit("基线")
    return repo


def sop(data: dict[str, Any], sop_id: str) -> dict[str, Any]:
    found = [item for item in data["sops"] if item["id"] == sop_id]
    assert len(found) == 1, data["sops"]
    return found[0]


def changes(data: dict[str, Any], sop_id: str) -> list[tuple[str, str | None, str | None]]:
    return [(c["what"], c["old"], c["new"]) for c in sop(data, sop_id)["changes"]]


def field_change(step: str | None, name: str, key: list[str] | None = None) -> dict[str, Any]:
    """The structured keys of a JSON change to a field (beside `what`)."""
    return {"kind": "field", "step": step, "field": name, "key": key or [], "edge": None}


def ids(data: dict[str, Any]) -> list[str]:
    return [item["id"] for item in data["sops"]]


def yaml_block(markdown: str) -> Any:
    blocks = re.findall(r"^```yaml\n(.*?)^```$", markdown, flags=re.S | re.M)
    assert len(blocks) == 1, markdown
    return yaml.safe_load(blocks[0])


# --- 1. moved files -----------------------------------------------------------------

MOVED = "sops/客服/CS-001-投诉处理.sop.yaml"


def test_a_moved_file_is_the_same_unchanged_procedure(repo: Repo) -> None:
    (repo.root / MOVED).parent.mkdir(parents=True)
    repo.git("mv", CS_PATH, MOVED)
    for args in ((), ("HEAD",)):
        data = repo.json(*args)
        assert ids(data) == ["CS-001"]
        item = sop(data, "CS-001")
        assert item["old_path"] == CS_PATH
        assert item["new_path"] == MOVED
        assert item["changes"] == []
        assert item["needed"] == "none"
        assert item["old_version"] == item["new_version"] == "1.2"
        assert item["suggested_version"] == "1.2"
        assert item["revision"] is None
        assert (data["summary"]["added"], data["summary"]["removed"]) == (0, 0)
    text = repo.diff().stdout
    assert f"{CS_PATH} → {MOVED}" in text
    assert "moved, procedure unchanged (1.2)" in text
    assert "revisions entry" not in text
    assert "removed" not in text.replace("0 removed", "")
    # the same once committed, between two revisions
    repo.commit("移动文件")
    data = repo.json("HEAD~1", "HEAD")
    assert ids(data) == ["CS-001"]
    assert sop(data, "CS-001")["changes"] == []
    assert sop(data, "CS-001")["needed"] == "none"
    assert (sop(data, "CS-001")["old_path"], sop(data, "CS-001")["new_path"]) == (CS_PATH, MOVED)


def test_a_moved_and_changed_file_is_matched_by_id(repo: Repo) -> None:
    (repo.root / MOVED).parent.mkdir(parents=True)
    repo.git("mv", CS_PATH, MOVED)
    repo.edit(MOVED, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉处理，当日响应。")
    repo.commit("移动并修改")
    answers = [repo.json(*args) for args in (("HEAD~1", "HEAD"), ("HEAD~1",), ("HEAD~1..HEAD",))]
    assert len(answers) == 3
    for data in answers:
        assert data["summary"] == {"changed": 1, "added": 0, "removed": 0}
        item = sop(data, "CS-001")
        assert item["kind"] == "changed"
        assert (item["old_path"], item["new_path"]) == (CS_PATH, MOVED)
        assert changes(data, "CS-001") == [
            ("purpose", "规范客户投诉处理。", "规范客户投诉处理，当日响应。")
        ]
        assert item["needed"] == "minor"
        assert item["suggested_version"] == "1.3"


# --- 2. steps and flow -----------------------------------------------------------------

STEP_RECEIVE = """\
  - id: receive
    title: 接收并登记投诉
    role: cs-agent
"""
STEP_INTAKE = """\
  - id: intake
    title: 受理投诉
    role: cs-agent
"""


def _replace_first_step(repo: Repo) -> None:
    text = repo.read(CS_PATH)
    text = replace(text, STEP_RECEIVE, STEP_INTAKE)
    text = replace(text, "from: receive", "from: intake")
    text = replace(text, "steps: [receive]", "steps: [intake]")
    repo.write(CS_PATH, text)


def test_steps_removed_and_added_are_matched_by_id(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison itself (no report): steps and edges, with the right titles."""
    from sopc.change.compare import Edge, Kind
    from sopc.change.policy import Level
    from sopc.commands.diff import diff

    _replace_first_step(repo)
    for name, value in repo.env.items():
        monkeypatch.setenv(name, value)
    result = diff([], cwd=repo.root, today=date(2026, 12, 1))
    (entry,) = result.sops
    got = [(c.category, c.what, c.old, c.new) for c in entry.changes]
    assert ("flow", "step receive", "接收并登记投诉", None) in got
    assert ("flow", "step intake", None, "受理投诉") in got
    assert ("flow", "flow receive → needs-refund", "", None) in got
    assert ("flow", "flow intake → needs-refund", None, "") in got
    structure = [(c.kind, c.step, c.title, c.edge) for c in entry.changes]
    assert (Kind.STEP_REMOVED, "receive", "接收并登记投诉", None) in structure
    assert (Kind.STEP_ADDED, "intake", "受理投诉", None) in structure
    assert (Kind.FLOW_REMOVED, None, None, Edge("receive", "needs-refund")) in structure
    assert (Kind.FLOW_ADDED, None, None, Edge("intake", "needs-refund")) in structure
    assert result.verdicts["CS-001"].needed is Level.MAJOR


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_steps_removed_and_added_are_reported(repo: Repo, fmt: str) -> None:
    _replace_first_step(repo)
    out = repo.diff("--format", fmt).stdout
    if fmt == "json":
        data = json.loads(out)
        got = changes(data, "CS-001")
        assert ("step receive", "接收并登记投诉", None) in got
        assert ("step intake", None, "受理投诉") in got
        assert ("flow receive → needs-refund", "", None) in got
        assert ("flow intake → needs-refund", None, "") in got
        item = sop(data, "CS-001")
        assert item["needed"] == "major"
        assert item["suggested_version"] == "2.0"
        summary = item["revision"]["changes"]
        assert "删除步骤「接收并登记投诉」" in summary
        assert "新增步骤「受理投诉」" in summary
    else:
        assert "接收并登记投诉" in out
        assert "受理投诉" in out
        assert "receive → needs-refund" in out
        assert "intake → needs-refund" in out
    if fmt == "text":
        assert "- step receive: 接收并登记投诉" in out
        assert "+ step intake: 受理投诉" in out
        assert "- flow receive → needs-refund" in out
        assert "+ flow intake → needs-refund" in out


def test_a_step_appended_changes_the_flow_edges(repo: Repo) -> None:
    text = repo.read(CS_PATH)
    text = replace(
        text,
        '    outputs: ["form:survey-record"]\n    next: end\n',
        '    outputs: ["form:survey-record"]\n    next: survey\n'
        "  - {id: survey, title: 回访客户满意度, role: cs-manager, time_limit: 2wd}\n",
    )
    repo.write(CS_PATH, text)
    data = repo.json()
    got = changes(data, "CS-001")
    assert ("step survey", None, "回访客户满意度") in got
    assert ("flow reply → end", "", None) in got
    assert ("flow reply → survey", None, "") in got
    assert ("flow survey → end", None, "") in got
    assert not any(what.startswith("step receive") for what, _, _ in got)


def test_reordered_steps_and_changed_branches(repo: Repo) -> None:
    repo.edit(CS_PATH, "- {when: 否, next: reply}", "- {when: 不退款, next: reply}")
    data = repo.json()
    got = changes(data, "CS-001")
    assert ("flow needs-refund → reply [否]", "", None) in got
    assert ("flow needs-refund → reply [不退款]", None, "") in got
    edges = {c["kind"]: c["edge"] for c in sop(data, "CS-001")["changes"] if c["edge"] is not None}
    assert edges == {
        "flow removed": {"from": "needs-refund", "to": "reply", "branch": True, "when": "否"},
        "flow added": {"from": "needs-refund", "to": "reply", "branch": True, "when": "不退款"},
    }
    assert sop(data, "CS-001")["needed"] == "major"
    # a reorder: reply moved before the decision
    repo.git("checkout", "-q", "--", ".")
    text = repo.read(CS_PATH)
    decision = text[text.index("  - id: needs-refund") : text.index("  - id: reply")]
    reply = text[text.index("  - id: reply") : text.index("exceptions:")]
    text = replace(
        text, decision + reply, reply.replace("next: end", "next: needs-refund") + decision
    )
    text = replace(text, "next: reply}", "next: end}")
    repo.write(CS_PATH, text)
    data = repo.json()
    got = changes(data, "CS-001")
    assert (
        "step order",
        "receive → needs-refund → reply",
        "receive → reply → needs-refund",
    ) in got
    assert sop(data, "CS-001")["needed"] == "major"
    assert "调整步骤顺序" in sop(data, "CS-001")["revision"]["changes"]


def test_a_step_title_change_is_a_change_not_a_new_step(repo: Repo) -> None:
    repo.edit(CS_PATH, "title: 接收并登记投诉", "title: 接收并登记客户投诉")
    data = repo.json()
    assert changes(data, "CS-001") == [
        ("step receive (接收并登记客户投诉): title", "接收并登记投诉", "接收并登记客户投诉")
    ]
    assert sop(data, "CS-001")["needed"] == "minor"


# --- 3. per-case time limits -----------------------------------------------------------


def test_a_per_case_time_limit_change_names_the_case(repo: Repo) -> None:
    repo.edit(CS_PATH, "time_limit: {一般: 1wd, 重大: 3wd}", "time_limit: {一般: 2wd, 重大: 5wd}")
    repo.commit("时限")
    repo.edit(CS_PATH, "time_limit: {一般: 2wd, 重大: 5wd}", "time_limit: {一般: 2wd, 重大: 4wd}")
    data = repo.json()
    assert sop(data, "CS-001")["changes"] == [
        {
            "category": "time",
            "what": f"{REPLY}: time_limit[重大]",
            "old": "5wd",
            "new": "4wd",
            **field_change("reply", "time_limit", ["重大"]),
        }
    ]
    assert sop(data, "CS-001")["needed"] == "major"
    text = repo.diff().stdout
    assert f"{REPLY}: time_limit[重大]: 5wd → 4wd" in text
    assert "一般" not in text
    # against the first commit both cases changed, each on its own
    got = changes(repo.json("HEAD~1"), "CS-001")
    assert got == [
        (f"{REPLY}: time_limit[一般]", "1wd", "2wd"),
        (f"{REPLY}: time_limit[重大]", "3wd", "4wd"),
    ]


def test_a_single_time_limit_becoming_per_case(repo: Repo) -> None:
    repo.edit(CS_PATH, "time_limit: 10m", "time_limit: {一般: 10m, 重大: 5m}")
    got = changes(repo.json(), "CS-001")
    assert len(got) == 1
    what, old, new = got[0]
    assert what == "step receive (接收并登记投诉): time_limit"
    assert old == "10m"
    assert new is not None
    assert "5m" in new
    assert "重大" in new


# --- 4. owner change and the revisions entry -------------------------------------------


def test_an_owner_change_is_major_with_a_revisions_entry(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    data = repo.json()
    item = sop(data, "CS-001")
    assert item["changes"] == [
        {
            "category": "roles",
            "what": "owner",
            "old": "cs-manager",
            "new": "complaint-lead",
            **field_change(None, "owner"),
        }
    ]
    assert item["needed"] == "major"
    assert item["bump"] == "none"
    assert item["suggested_version"] == "2.0"
    assert item["revision"]["version"] == "2.0"
    assert item["revision"]["date"] == TODAY
    assert "cs-manager → complaint-lead" in item["revision"]["changes"]

    text = repo.diff().stdout
    assert "owner: cs-manager → complaint-lead" in text
    assert "major change: version 1.2 → 1.2 is not enough; make it 2.0" in text
    assert 'version: "2.0"' in text
    assert f"date: {TODAY}" in text

    markdown = repo.diff("--format", "markdown").stdout
    entry = yaml_block(markdown)
    assert entry["revisions"][0]["version"] == "2.0"
    assert entry["revisions"][0]["date"] == date.fromisoformat(TODAY)
    assert "cs-manager → complaint-lead" in entry["revisions"][0]["changes"]

    html = repo.diff("--format", "html").stdout
    assert "version: &#34;2.0&#34;" in html or 'version: "2.0"' in html
    assert f"date: {TODAY}" in html


def test_the_revisions_entry_from_text_output_pastes_into_the_sop(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    text = repo.diff().stdout
    lines = text.splitlines()
    start = lines.index("  revisions entry:") + 1
    entry = [line[2:] for line in lines[start:] if line.startswith("    ")]
    pasted = yaml.safe_load("revisions:\n" + "\n".join(entry))
    assert pasted["revisions"][0]["version"] == "2.0"
    assert str(pasted["revisions"][0]["date"]) == TODAY
    # pasted at the top of the list with the version raised, nothing more is asked
    sop_text = repo.read(CS_PATH)
    sop_text = replace(sop_text, 'version: "1.2"\nstatus', 'version: "2.0"\nstatus')
    sop_text = replace(sop_text, "revisions:\n", "revisions:\n" + "\n".join(entry) + "\n")
    repo.write(CS_PATH, sop_text)
    item = sop(repo.json(), "CS-001")
    assert item["bump"] == "major"
    assert item["suggested_version"] == "2.0"
    assert "is enough" in repo.diff().stdout


def test_a_version_raised_too_little_is_flagged(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    repo.edit(CS_PATH, 'version: "1.2"\nstatus', 'version: "1.3"\nstatus')
    item = sop(repo.json(), "CS-001")
    assert (item["old_version"], item["new_version"]) == ("1.2", "1.3")
    assert item["bump"] == "minor"
    assert item["needed"] == "major"
    assert item["suggested_version"] == "2.0"
    assert "version 1.2 → 1.3 is not enough; make it 2.0" in repo.diff().stdout


def test_a_lowered_version_is_not_enough(repo: Repo) -> None:
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", "purpose: 规范投诉处理。")
    repo.edit(CS_PATH, 'version: "1.2"\nstatus', 'version: "1.1"\nstatus')
    item = sop(repo.json(), "CS-001")
    assert item["bump"] == "down"
    assert item["suggested_version"] == "1.3"
    assert "version 1.2 → 1.1 is not enough; make it 1.3" in repo.diff().stdout


def test_document_control_changes_need_no_new_version(repo: Repo) -> None:
    repo.edit(CS_PATH, "status: effective", "status: retired")
    repo.edit(
        CS_PATH,
        "approver: {name: 王强, date: 2026-02-25}",
        "approver: {name: 赵敏, date: 2026-02-25}",
    )
    item = sop(repo.json(), "CS-001")
    assert item["needed"] == "none"
    assert item["revision"] is None
    assert {c["category"] for c in item["changes"]} == {"document"}
    assert ("status", "effective", "retired") in changes(repo.json(), "CS-001")
    assert "no new version needed" in repo.diff().stdout


# --- 5. policy -------------------------------------------------------------------------


def test_policy_major_changes_flow_only_makes_an_owner_change_minor(
    project: Project, tmp_path: Path
) -> None:
    repo = make_repo(project, tmp_path, CONFIG + "policy: {major_changes: [flow]}\n")
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    item = sop(repo.json(), "CS-001")
    assert item["needed"] == "minor"
    assert item["suggested_version"] == "1.3"


def test_policy_decides_the_level(project: Project, tmp_path: Path) -> None:
    config = CONFIG + "policy: {major_changes: [flow], patch_changes: [exceptions]}\n"
    repo = make_repo(project, tmp_path, config)
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    item = sop(repo.json(), "CS-001")
    assert item["needed"] == "minor"
    assert item["suggested_version"] == "1.3"
    assert item["revision"]["version"] == "1.3"
    # a patch category needs a patch
    repo.git("checkout", "-q", "--", ".")
    repo.edit(CS_PATH, "within: 1h", "within: 2h")
    item = sop(repo.json(), "CS-001")
    assert item["changes"][0]["category"] == "exceptions"
    assert item["needed"] == "patch"
    assert item["suggested_version"] == "1.2.1"
    # flow is still major
    repo.git("checkout", "-q", "--", ".")
    repo.edit(CS_PATH, "- {when: 否, next: reply}", "- {when: 不退款, next: reply}")
    assert sop(repo.json(), "CS-001")["suggested_version"] == "2.0"


def test_a_text_only_change_is_minor_by_default(repo: Repo) -> None:
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉处理，提升满意度。")
    data = repo.json()
    item = sop(data, "CS-001")
    assert item["changes"] == [
        {
            "category": "text",
            "what": "purpose",
            "old": "规范客户投诉处理。",
            "new": "规范客户投诉处理，提升满意度。",
            **field_change(None, "purpose"),
        }
    ]
    assert item["needed"] == "minor"
    assert item["suggested_version"] == "1.3"
    assert item["revision"]["version"] == "1.3"


# --- 6. revisions ----------------------------------------------------------------------


def test_revisions_select_what_is_compared(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    second = repo.commit("更换负责人")
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", "purpose: 规范投诉处理。")
    owner = ("owner", "cs-manager", "complaint-lead")
    owner_back = ("owner", "complaint-lead", "cs-manager")
    purpose = ("purpose", "规范客户投诉处理。", "规范投诉处理。")

    data = repo.json()  # the work tree against HEAD
    assert (data["base"], data["head"]) == ("HEAD", "working tree")
    assert changes(data, "CS-001") == [purpose]

    for base in (first, "HEAD~1", "main~1"):  # the work tree against one revision
        data = repo.json(base)
        assert (data["base"], data["head"]) == (base, "working tree")
        assert sorted(changes(data, "CS-001")) == sorted([owner, purpose])

    assert changes(repo.json(second), "CS-001") == [purpose]

    for args in ((first, second), (f"{first}..{second}",), ("HEAD~1", "HEAD"), ("HEAD~1..",)):
        data = repo.json(*args)
        assert changes(data, "CS-001") == [owner], args
        assert data["head"] != "working tree"
    assert repo.json(first, second)["base"] == first
    assert repo.json(first, second)["head"] == second

    assert changes(repo.json(second, first), "CS-001") == [owner_back]
    assert changes(repo.json("HEAD..HEAD~1"), "CS-001") == [owner_back]

    same = repo.json("HEAD", "HEAD")
    assert same["sops"] == []
    assert same["summary"] == {"changed": 0, "added": 0, "removed": 0}
    assert "No SOP changed (HEAD → HEAD)" in repo.diff("HEAD", "HEAD").stdout

    repo.git("tag", "v1", first)
    assert changes(repo.json("v1", "main"), "CS-001") == [owner]


def test_run_from_a_subfolder_finds_the_project(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    data = repo.json(cwd=repo.root / "sops")
    assert ids(data) == ["CS-001"]
    assert sop(data, "CS-001")["new_path"] == CS_PATH


def test_a_project_below_the_repository_top(project: Project, tmp_path: Path) -> None:
    root = project()
    top = tmp_path / "top"
    top.mkdir()
    manual = top / "manual"
    root.rename(manual)
    repo = init(top, tmp_path)
    repo.write("README.md", "说明\n")
    repo.write("other/SOP-999.sop.yaml", FIN_SOP.replace("FIN-003", "OPS-999"))
    repo.commit("基线")
    repo.edit(f"manual/{CS_PATH}", "owner: cs-manager", "owner: complaint-lead")
    repo.edit("other/SOP-999.sop.yaml", "title: 退款流程", "title: 别的流程")
    data = repo.json(cwd=manual)
    assert ids(data) == ["CS-001"]
    assert sop(data, "CS-001")["new_path"] == CS_PATH  # relative to the project root
    assert sop(data, "CS-001")["old_path"] == CS_PATH
    assert changes(data, "CS-001") == [("owner", "cs-manager", "complaint-lead")]
    data = repo.json("HEAD", "manual", cwd=top)
    assert ids(data) == ["CS-001"]


# --- 7. bad revisions and option injection ---------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("nope",), ("HEAD", "nope"), ("nope..HEAD",), ("HEAD..nope",), ("HEAD~99",)],
)
def test_an_unknown_revision_is_a_usage_error(repo: Repo, args: tuple[str, ...]) -> None:
    run = repo.sopc("diff", *args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""
    assert "unknown revision" in run.stderr
    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr


def test_three_revisions_are_a_usage_error(repo: Repo) -> None:
    run = repo.sopc("diff", "HEAD", "HEAD", "HEAD")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "at most two revisions" in run.stderr


@pytest.mark.parametrize(
    "template",
    [
        "--output={x}",
        "--output={x}..HEAD",
        "HEAD..--output={x}",
        "-o{x}",
    ],
)
def test_an_option_like_revision_is_refused(repo: Repo, tmp_path: Path, template: str) -> None:
    target = tmp_path / "x"
    for args in (("--", template.format(x=target)), ("HEAD", "--", template.format(x=target))):
        run = repo.sopc("diff", *args)
        assert run.returncode == 2, run.stdout + run.stderr
        assert run.stdout == ""
        assert "Traceback" not in run.stderr
        assert "internal error" not in run.stderr
        assert not target.exists()
    assert repo.git("status", "--porcelain") == ""


def test_an_unknown_option_is_refused_and_writes_nothing(repo: Repo, tmp_path: Path) -> None:
    target = tmp_path / "x"
    run = repo.sopc("diff", f"--output={target}")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "No such option" in run.stderr
    assert not target.exists()


def test_a_bad_today_is_a_usage_error(repo: Repo) -> None:
    run = repo.sopc("diff", "--today", "2026-13-45")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "YYYY-MM-DD" in run.stderr


# --- 8. outside a repository -----------------------------------------------------------


def test_outside_a_git_repository(project: Project, tmp_path: Path) -> None:
    root = project()
    env = git_env(tmp_path)
    probe = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert probe.returncode != 0  # the temporary folder is not inside a repository
    for args in ((), ("HEAD",), ("HEAD", "HEAD~1")):
        run = run_sopc("diff", *args, cwd=root, env=env)
        assert run.returncode == 2, run.stdout + run.stderr
        assert run.stdout == ""
        assert "not in a git repository" in run.stderr
        assert "Traceback" not in run.stderr
    run = run_sopc("diff", str(root), cwd=tmp_path, env=env)
    assert run.returncode == 2
    assert "not in a git repository" in run.stderr


def test_a_repository_without_commits(project: Project, tmp_path: Path) -> None:
    repo = init(project(), tmp_path)
    run = repo.sopc("diff")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "HEAD" in run.stderr
    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr


# --- 9. SOPs added and removed ---------------------------------------------------------


def test_sops_added_and_removed(repo: Repo) -> None:
    (repo.root / FIN_PATH).unlink()
    new_sop = replace(FIN_SOP, "id: FIN-003", "id: QA-001")
    new_sop = replace(new_sop, "title: 退款流程", "title: 质量抽检流程")
    repo.write("sops/QA-001-inspection.sop.yaml", new_sop)
    data = repo.json()
    assert ids(data) == ["FIN-003", "QA-001"]
    assert data["summary"] == {"changed": 0, "added": 1, "removed": 1}
    removed, added = sop(data, "FIN-003"), sop(data, "QA-001")
    assert removed["kind"] == "removed"
    assert (removed["old_path"], removed["new_path"]) == (FIN_PATH, None)
    assert (removed["old_version"], removed["new_version"]) == ("1.0", None)
    assert added["kind"] == "added"
    assert added["title"] == "质量抽检流程"
    assert (added["old_path"], added["new_path"]) == (None, "sops/QA-001-inspection.sop.yaml")
    assert (added["old_version"], added["new_version"]) == (None, "1.0")
    text = repo.diff().stdout
    assert f"FIN-003 退款流程 [removed] {FIN_PATH}" in text
    assert "QA-001 质量抽检流程 [added] sops/QA-001-inspection.sop.yaml" in text
    assert "SOPs: 0 changed, 1 added, 1 removed (HEAD → working tree)" in text
    # committed, and seen the other way round
    repo.commit("增删")
    back = repo.json("HEAD", "HEAD~1")
    assert sop(back, "FIN-003")["kind"] == "added"
    assert sop(back, "QA-001")["kind"] == "removed"


def test_files_outside_the_sources_are_not_sops(project: Project, tmp_path: Path) -> None:
    repo = make_repo(project, tmp_path, CONFIG + "sources: [sops]\n")
    repo.write("drafts/QA-002.sop.yaml", replace(FIN_SOP, "id: FIN-003", "id: QA-002"))
    repo.write(".hidden/QA-003.sop.yaml", replace(FIN_SOP, "id: FIN-003", "id: QA-003"))
    repo.write("sops/notes.yaml", "id: QA-004\n")
    repo.commit("其他文件")
    assert repo.json("HEAD~1", "HEAD")["sops"] == []
    assert repo.json()["sops"] == []


# --- 10. json --------------------------------------------------------------------------


def test_json_has_the_documented_shape(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    repo.edit(FIN_PATH, "purpose: 规范退款。", "purpose: 规范退款流程。")
    repo.write("sops/QA-001.sop.yaml", replace(FIN_SOP, "id: FIN-003", "id: QA-001"))
    data = repo.json()
    assert set(data) >= {"version", "base", "head", "sops", "summary"}
    assert data["version"] == 1
    assert data["base"] == "HEAD"
    assert data["head"] == "working tree"
    assert data["summary"] == {"changed": 2, "added": 1, "removed": 0}
    keys = {
        "id",
        "kind",
        "old_path",
        "new_path",
        "old_version",
        "new_version",
        "changes",
        "needed",
        "bump",
        "suggested_version",
        "revision",
    }
    assert ids(data) == ["CS-001", "FIN-003", "QA-001"]
    for item in data["sops"]:
        assert set(item) >= keys, item
        assert item["kind"] in ("added", "removed", "changed")
        for change in item["changes"]:
            assert set(change) >= {"category", "what", "old", "new"}
            assert change["category"] in (
                "flow",
                "roles",
                "time",
                "exceptions",
                "forms",
                "text",
                "document",
            )
    cs = sop(data, "CS-001")
    assert cs["kind"] == "changed"
    assert cs["needed"] == "major"
    assert cs["bump"] == "none"
    assert cs["suggested_version"] == "2.0"
    assert set(cs["revision"]) >= {"version", "date", "changes"}
    assert cs["revision"]["version"] == "2.0"
    assert cs["revision"]["date"] == TODAY
    fin = sop(data, "FIN-003")
    assert fin["needed"] == "minor"
    assert fin["suggested_version"] == "1.1"
    assert fin["revision"]["version"] == "1.1"
    qa = sop(data, "QA-001")
    assert qa["kind"] == "added"
    assert qa["changes"] == []


def test_json_is_deterministic(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    first = repo.diff("--format", "json").stdout
    assert repo.diff("--format", "json").stdout == first


# --- 11. markdown and html -------------------------------------------------------------


def _realistic_change(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    repo.edit(CS_PATH, "time_limit: {一般: 1wd, 重大: 3wd}", "time_limit: {一般: 1wd, 重大: 2wd}")
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", "purpose: 规范客户投诉处理 | 当日响应。")
    repo.edit(FIN_PATH, "purpose: 规范退款。", "purpose: 规范退款流程。")


def test_markdown_reads_as_a_pull_request_comment(repo: Repo) -> None:
    _realistic_change(repo)
    markdown = repo.diff("--format", "markdown").stdout
    lines = markdown.splitlines()
    assert lines[0].startswith("#")
    assert "2 changed, 0 added, 0 removed" in lines[0]
    headings = [line for line in lines if line.startswith("#### ")]
    assert len(headings) == 2
    assert headings[0].startswith(f"#### CS-001 {CS_TITLE}")
    assert headings[1].startswith("#### FIN-003 退款流程")
    assert "| | change | before | after |" in lines
    assert "|---|---|---|---|" in lines
    assert "| ~ | owner | cs-manager | complaint-lead |" in lines
    assert f"| ~ | {REPLY}: time_limit[重大] | 3wd | 2wd |" in lines
    # a pipe in the SOP text does not break the table
    assert r"规范客户投诉处理 \| 当日响应。" in markdown
    blocks = re.findall(r"^```yaml\n(.*?)^```$", markdown, flags=re.S | re.M)
    assert len(blocks) == 2
    entries = [yaml.safe_load(block)["revisions"][0] for block in blocks]
    assert [e["version"] for e in entries] == ["2.0", "1.1"]
    assert all(e["date"] == date.fromisoformat(TODAY) for e in entries)
    assert "3wd → 2wd" in entries[0]["changes"]
    assert "make it 2.0" in markdown


def test_the_revisions_entry_survives_quotes_and_newlines(repo: Repo) -> None:
    purpose = '|\n  规范 "客户" 投诉\\处理: 见 `附件`\n  第二行 ```\n'
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", f"purpose: {purpose}")
    item = sop(repo.json(), "CS-001")
    new = item["changes"][0]["new"]
    assert new == '规范 "客户" 投诉\\处理: 见 `附件`\n第二行 ```\n'
    markdown = repo.diff("--format", "markdown").stdout
    entry = yaml_block(markdown)["revisions"][0]
    assert entry["version"] == "1.3"
    assert entry["changes"] == item["revision"]["changes"]
    assert new in entry["changes"]


def test_markdown_when_nothing_changed(repo: Repo) -> None:
    markdown = repo.diff("--format", "markdown").stdout
    assert "No SOP changed" in markdown
    assert "```" not in markdown


def test_html_is_a_standalone_page_with_the_text_escaped(repo: Repo) -> None:
    repo.edit(CS_PATH, "title: 接收并登记投诉", "title: 接收<script>alert(1)</script>投诉")
    repo.edit(CS_PATH, f"title: {CS_TITLE}", f"title: {CS_TITLE}<script>alert(2)</script>")
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", 'purpose: "<img src=x onerror=alert(3)>"')
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    page = repo.diff("--format", "html").stdout
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>" in page
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "<table" in page
    assert "cs-manager" in page
    assert "complaint-lead" in page
    assert "2.0" in page
    assert f"date: {TODAY}" in page
    # offline: nothing fetched from elsewhere
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # escaping is for HTML only: the text report shows the title as written
    assert "接收<script>alert(1)</script>投诉" in repo.diff("--format", "text").stdout


# --- 12. the work tree is never touched ------------------------------------------------


def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_work_tree_and_the_repository_are_never_touched(repo: Repo, tmp_path: Path) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    repo.commit("负责人")
    repo.edit(CS_PATH, "purpose: 规范客户投诉处理。", "purpose: 规范投诉处理。")  # unstaged
    repo.edit(FIN_PATH, "purpose: 规范退款。", "purpose: 规范退款流程。")
    repo.git("add", FIN_PATH)  # staged
    repo.write("sops/QA-001.sop.yaml", replace(FIN_SOP, "id: FIN-003", "id: QA-001"))  # new
    status = repo.git("status", "--porcelain")
    assert status.count("\n") == 3
    before = _state(repo.root)
    outside = _state(tmp_path)
    runs = [
        (),
        ("HEAD",),
        ("HEAD~1",),
        ("HEAD~1", "HEAD"),
        ("HEAD~1..HEAD",),
        ("HEAD", CS_PATH),
        ("sops",),
    ]
    for args in runs:
        for fmt in ("text", "markdown", "json", "html"):
            repo.diff(*args, "--format", fmt)
    for args in (("nope",), ("--", "--output=x"), ("HEAD", "HEAD", "HEAD")):
        assert repo.sopc("diff", *args).returncode == 2
    assert _state(repo.root) == before
    assert _state(tmp_path) == outside  # no cache, no output folder, nothing anywhere
    assert repo.git("status", "--porcelain") == status


# --- 13. limiting to paths -------------------------------------------------------------


def test_paths_limit_the_report(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    repo.edit(FIN_PATH, "purpose: 规范退款。", "purpose: 规范退款流程。")
    assert ids(repo.json()) == ["CS-001", "FIN-003"]
    assert ids(repo.json("HEAD", CS_PATH)) == ["CS-001"]
    assert ids(repo.json(CS_PATH)) == ["CS-001"]
    assert ids(repo.json(FIN_PATH)) == ["FIN-003"]
    assert ids(repo.json("HEAD", CS_PATH, FIN_PATH)) == ["CS-001", "FIN-003"]
    assert ids(repo.json("HEAD", "sops")) == ["CS-001", "FIN-003"]
    assert ids(repo.json("HEAD", CS_PATH.split("/")[-1], cwd=repo.root / "sops")) == ["CS-001"]
    text = repo.diff("HEAD", CS_PATH).stdout
    assert "FIN-003" not in text
    assert "SOPs: 1 changed, 0 added, 0 removed" in text
    # between two revisions too
    repo.commit("两处修改")
    assert ids(repo.json("HEAD~1", "HEAD", FIN_PATH)) == ["FIN-003"]
    # a revision after a path is refused
    run = repo.sopc("diff", CS_PATH, "HEAD")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "revisions come before paths" in run.stderr


def test_a_path_to_a_deleted_file_reports_the_removal(repo: Repo) -> None:
    (repo.root / FIN_PATH).unlink()
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    data = repo.json("HEAD", FIN_PATH)
    assert ids(data) == ["FIN-003"]
    assert sop(data, "FIN-003")["kind"] == "removed"


def test_a_path_to_a_moved_file_reports_the_move(repo: Repo) -> None:
    (repo.root / MOVED).parent.mkdir(parents=True)
    repo.git("mv", CS_PATH, MOVED)
    repo.edit(FIN_PATH, "purpose: 规范退款。", "purpose: 规范退款流程。")
    data = repo.json("HEAD", MOVED)
    assert ids(data) == ["CS-001"]
    assert sop(data, "CS-001")["old_path"] == CS_PATH


# --- other languages -------------------------------------------------------------------


def test_english_summary_in_the_revisions_entry(project: Project, tmp_path: Path) -> None:
    repo = make_repo(project, tmp_path, CONFIG + "language: en\n")
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")
    item = sop(repo.json(), "CS-001")
    summary = item["revision"]["changes"]
    assert "cs-manager → complaint-lead" in summary
    assert not re.search(r"[\u4e00-\u9fff]", summary.replace("complaint-lead", "")), summary


@pytest.mark.parametrize(
    ("language", "joined", "summary"),
    [
        (
            "zh-CN",
            "form:complaint-register、回执",
            "「接收并登记投诉」输出 form:complaint-register → ",
        ),
        (
            "en",
            "form:complaint-register, 回执",
            "接收并登记投诉: outputs: form:complaint-register → ",
        ),
    ],
)
def test_listed_values_are_joined_in_the_manuals_language(
    project: Project, tmp_path: Path, language: str, joined: str, summary: str
) -> None:
    """A change carries the list itself; each report joins it as its language does."""
    repo = make_repo(project, tmp_path, CONFIG + f"language: {language}\n")
    repo.edit(
        CS_PATH,
        'outputs: ["form:complaint-register"]',
        'outputs: ["form:complaint-register", "回执"]',
    )
    item = sop(repo.json(), "CS-001")
    assert [(c["field"], c["old"], c["new"]) for c in item["changes"]] == [
        ("outputs", "form:complaint-register", joined)
    ]
    assert item["revision"]["changes"] == summary + joined
    assert f"→ {joined}" in repo.diff().stdout
