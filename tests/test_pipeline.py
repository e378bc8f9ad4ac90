"""The sharded pipeline is an optimisation, never a change of meaning: any
number of worker processes gives the findings one process gives, a worker
that dies does not hang the run, and small projects are checked in-process."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from sopc.commands.check import check
from sopc.i18n import translator
from sopc.pipeline import Reuse
from sopc.results import CheckResult
from tests.conftest import CS_PATH
from tests.conftest import Project as ProjectMaker

TODAY = date(2026, 11, 20)
REPO = Path(__file__).resolve().parents[1]

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the sharded pipeline needs the fork start method",
)


def sop_files(root: Path) -> list[Path]:
    return sorted((root / "sops").glob("*.sop.yaml"))


def sop_id(path: Path) -> str:
    match = re.search(r"^id: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match
    return match.group(1)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def first_role_line(path: Path) -> str:
    match = re.search(r"^    role: \S+$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match
    return match.group(0)


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def broken_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """60 generated SOPs, some broken in different ways; returns what is expected where."""
    root = generate(60, tmp_path / "generated")
    files = sop_files(root)
    assert len(files) == 60
    expect: dict[str, str] = {}

    # an unknown role
    edit(files[3], first_role_line(files[3]), "    role: ghost-role")
    expect[rel(files[3], root)] = "SOP201"

    # a deadline exceeded: s0 alone takes 10m
    edit(files[4], "{name: 首次响应, to: s1, within: 30d}", "{name: 首次响应, to: s1, within: 5m}")
    expect[rel(files[4], root)] = "SOP305"

    # a duplicate id across two files (neighbours: different shards for 2 and 3 jobs)
    edit(files[6], f"id: {sop_id(files[6])}\n", f"id: {sop_id(files[5])}\n")
    expect[rel(files[5], root)] = expect[rel(files[6], root)] = "SOP101"

    # a reference to a missing SOP
    edit(files[7], "references: [", 'references: ["sop:ZZ-99999", ')
    expect[rel(files[7], root)] = "SOP206"

    # a parse error
    edit(files[8], "kpis:\n", "kpis: [未闭合\n")
    expect[rel(files[8], root)] = "SOP001"

    # a GB18030 file
    files[9].write_bytes(files[9].read_text(encoding="utf-8").encode("gb18030"))
    expect[rel(files[9], root)] = "SOP003"

    # a suppression comment silences one unknown role; another in the file is reported
    role = first_role_line(files[10])
    edit(files[10], role, "    role: ghost-silenced  # sopc: ignore SOP201")
    second = re.findall(r"^    role: \S+$", files[10].read_text(encoding="utf-8"), re.MULTILINE)[1]
    edit(files[10], second + "\n", "    role: ghost-reported\n")
    expect[rel(files[10], root)] = "SOP201"

    # a retired SOP that others hand off to or refer to (status travels between shards)
    edit(files[11], "status: effective\n", "status: retired\n")

    # a review overdue (depends on `today`)
    edit(
        files[12],
        "review: {interval: 1y, last: 2026-03-01}",
        "review: {interval: 6mo, last: 2025-01-01}",
    )
    expect[rel(files[12], root)] = "SOP107"

    # a key written twice: its message names the first one's line (workers parse
    # without positions first, and again with them for this)
    edit(files[13], "purpose: ", "purpose: 重复的目的\npurpose: ")
    expect[rel(files[13], root)] = "SOP002"

    # a schema error: its place comes from a tree parsed again with positions
    edit(files[14], 'version: "1.2"\n', "version: [1, 2]\n")
    expect[rel(files[14], root)] = "SOP007"
    return root, expect


def same(a: CheckResult, b: CheckResult) -> None:
    assert b.findings == a.findings
    assert (b.files, b.sops) == (a.files, a.sops)
    assert b.notes == a.notes
    assert b.skipped == a.skipped


@needs_fork
def test_sharded_findings_equal_serial_findings(tmp_path: Path) -> None:
    root, expect = broken_project(tmp_path)
    serial = check([root], today=TODAY, jobs=1)
    found = {(f.path, f.code) for f in serial.findings}
    for path, code in expect.items():
        assert (path, code) in found, (path, code)
    said = [translator("en").say(f.message) for f in serial.findings]
    assert not any("ghost-silenced" in message for message in said)
    assert any("ghost-reported" in message for message in said)
    assert any(f.code == "SOP108" for f in serial.findings)
    assert serial.files == 60
    assert serial.sops == 56  # not the parse error, GB18030, the key twice, the schema error
    for jobs in (2, 3):
        same(serial, check([root], today=TODAY, jobs=jobs))
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_note_of_every_worker_is_said_once(tmp_path: Path) -> None:
    """With `holidays: cn` past its data, every SOP's calendar deadline over working
    days rests on estimated holidays: each worker notes it, the run says it once."""
    root, _ = broken_project(tmp_path)
    config = root / "sopc.yaml"
    text = config.read_text(encoding="utf-8")
    calendar = re.search(r"^  holidays: .*\n  extra_workdays: .*\n", text, re.MULTILINE)
    assert calendar
    config.write_text(text.replace(calendar.group(0), "  holidays: cn\n"), encoding="utf-8")
    serial = check([root], today=TODAY, jobs=1)
    assert [note.key for note in serial.notes] == ["calendar.cn_past_data"]
    for jobs in (2, 3):
        same(serial, check([root], today=TODAY, jobs=jobs))


@needs_fork
def test_sharded_findings_equal_serial_findings_for_named_files(tmp_path: Path) -> None:
    root, expect = broken_project(tmp_path)
    named = [root / path for path in sorted(expect)[:4]]
    serial = check(named, today=TODAY, jobs=1)
    assert {f.path for f in serial.findings} == {rel(p, root) for p in named}
    for jobs in (2, 3):
        same(serial, check(named, today=TODAY, jobs=jobs))


@needs_fork
def test_sharded_duplicate_id_message_lists_files_as_serial(tmp_path: Path) -> None:
    root = generate(12, tmp_path / "generated")
    files = sop_files(root)
    for other in files[1:3]:  # three files share the first one's id
        edit(other, f"id: {sop_id(other)}\n", f"id: {sop_id(files[0])}\n")
    serial = check([root], today=TODAY, jobs=1)
    assert sum(f.code == "SOP101" for f in serial.findings) == 3
    sharded = check([root], today=TODAY, jobs=2)
    assert [f.message for f in sharded.findings if f.code == "SOP101"] == [
        f.message for f in serial.findings if f.code == "SOP101"
    ]


@needs_fork
def test_sharded_retired_reference_with_a_duplicate_id_as_serial(tmp_path: Path) -> None:
    root = generate(12, tmp_path / "generated")
    files = sop_files(root)
    # files[1] (effective) and files[2] (retired) share an id that files[0] refers to
    shared = sop_id(files[1])
    edit(files[2], f"id: {sop_id(files[2])}\n", f"id: {shared}\n")
    edit(files[2], "status: effective\n", "status: retired\n")
    edit(files[0], "references: [", f'references: ["sop:{shared}", ')
    serial = check([root], today=TODAY, jobs=1)
    sharded = check([root], today=TODAY, jobs=2)
    assert [(f.path, f.code, f.message) for f in sharded.findings if f.code == "SOP108"] == [
        (f.path, f.code, f.message) for f in serial.findings if f.code == "SOP108"
    ]


CHILD_SCRIPT = """
import json, multiprocessing, resource, sys
from datetime import date
from pathlib import Path
from sopc.commands.check import check

jobs = None if sys.argv[2] == "none" else int(sys.argv[2])
result = check([Path(sys.argv[1])], today=date(2026, 11, 20), jobs=jobs)
print(json.dumps({
    "active_children": len(multiprocessing.active_children()),
    "children_maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "findings": len(result.findings),
    "sops": result.sops,
}))
"""


def run_child(root: Path, jobs: str) -> dict[str, int]:
    run = subprocess.run(
        [sys.executable, "-c", CHILD_SCRIPT, str(root), jobs],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    outcome: dict[str, int] = json.loads(run.stdout)
    return outcome


def test_small_project_is_checked_in_process(tmp_path: Path) -> None:
    root, _ = broken_project(tmp_path)
    result = check([root], today=TODAY)  # jobs=None: the pipeline decides
    assert multiprocessing.active_children() == []
    assert result.findings == check([root], today=TODAY, jobs=1).findings
    # In a fresh interpreter: no child process was ever waited for.
    alone = run_child(root, "none")
    assert alone["active_children"] == 0
    assert alone["children_maxrss"] == 0
    assert (alone["findings"], alone["sops"]) == (len(result.findings), result.sops)


def test_a_build_lets_go_of_the_trees_a_language_server_keeps(tmp_path: Path) -> None:
    """A one-off check that keeps its files (the build's) lets go of each positioned
    tree once its model is made (0.1 MiB an SOP), and parses it again for a finding:
    the findings are those of `sopc check`, at the same places. A check kept between
    edits (`reuse`: the language server's, `sopc serve`'s) keeps the trees."""
    root, _ = broken_project(tmp_path)
    markdown = root / "sops" / "md-001.sop.md"
    markdown.write_text(
        "---\nid: MD-001\ntitle: 前言流程\nowner: ghost-role\n---\n\n# 说明\n", encoding="utf-8"
    )
    built = check([root], today=TODAY, keep_files=True)
    alone = check([root], today=TODAY, jobs=1)
    assert built.findings == alone.findings
    assert any(f.path.endswith("md-001.sop.md") and f.span.line > 1 for f in built.findings)
    assert len(built.sources) == 61
    assert any(f.sop is not None for f in built.sources)  # the models stay
    parsed_again = {f.rel for f in built.sources if f.tree is not None}
    assert parsed_again  # for their findings
    assert parsed_again <= {f.path for f in built.findings}
    assert len(parsed_again) < len(built.sources) / 2
    kept = check([root], today=TODAY, keep_files=True, reuse=Reuse())
    assert all(f.tree is not None for f in kept.sources if f.sop is not None)
    kept = check([root], today=TODAY, keep_files=True, reuse=Reuse())
    assert all(f.tree is not None for f in kept.sources if f.sop is not None)


@needs_fork
def test_children_are_seen_when_sharded(tmp_path: Path) -> None:
    """The control for the test above: the same measure sees the workers of jobs=2."""
    root, _ = broken_project(tmp_path)
    sharded = run_child(root, "2")
    assert sharded["active_children"] == 0  # joined
    assert sharded["children_maxrss"] > 0


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


CRASH_SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from sopc.commands.check import check

try:
    check([Path(sys.argv[1])], today=date(2026, 11, 20), jobs=2)
except Exception as exc:
    print(f"failed: {type(exc).__name__}: {exc}")
    sys.exit(3)
print("finished")
"""


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_a_killed_worker_does_not_hang_the_run(tmp_path: Path) -> None:
    """A worker killed from outside (the OOM killer, say) fails the run; it must not hang."""
    root = generate(1500, tmp_path / "large")  # loading a shard takes a while
    parent = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(root)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = children_of(parent.pid)
            time.sleep(0.01)
        assert len(workers) == 2, "the workers did not start"
        victim, survivor = sorted(workers)
        os.kill(victim, signal.SIGKILL)
        started = time.monotonic()
        stdout, stderr = parent.communicate(timeout=60)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.communicate()
    assert time.monotonic() - started < 30
    assert parent.returncode == 3, stdout + stderr
    assert stdout.startswith("failed: ")
    for _ in range(100):  # the surviving worker does not outlive the run
        if not alive(survivor):
            break
        time.sleep(0.05)
    assert not alive(survivor)


REFERRER = """\
id: REF-001
title: 引用方
version: "1.0"
status: draft
owner: cs-manager
steps:
  - id: start
    title: 开始
    role: cs-agent
    next: "sop:{target}"
references: ["sop:{target}"]
"""


def test_kept_findings_follow_what_other_sops_say(project: ProjectMaker) -> None:
    """A serve session (pipeline.Reuse) keeps an unchanged file's findings only while
    what its rules looked up of other SOPs is the same: after each edit of another
    SOP, its findings are those a fresh check gives."""
    from sopc.pipeline import Reuse

    root = project({"sops/ref.sop.yaml": REFERRER.format(target="CS-001")})
    cs = root / CS_PATH
    edits = [
        ("CS-001 retired", "status: effective", "status: retired"),  # SOP108
        ("its title changed", "title: 客户投诉处理流程", "title: 新的投诉流程"),  # in SOP108
        ("its id changed", "id: CS-001", "id: CS-009"),  # SOP206, with a hint
        ("back", "id: CS-009", "id: CS-001"),
    ]
    reuse = Reuse()
    check([root], today=TODAY, keep_files=True, reuse=reuse)
    for what, old, new in edits:
        text = cs.read_text(encoding="utf-8")
        assert old in text, what
        cs.write_text(text.replace(old, new, 1), encoding="utf-8")
        kept = check([root], today=TODAY, keep_files=True, reuse=reuse)
        fresh = check([root], today=TODAY, keep_files=True)
        assert kept.findings == fresh.findings, what
        assert kept.notes == fresh.notes, what
    assert reuse.looked[root / "sops/ref.sop.yaml"]  # it did look CS-001 up
