"""Shared fixtures: real projects written into temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sopc.commands.check import CheckResult, check
from tests.browser import browser  # noqa: F401  (the fixture, for every test module)

TODAY = date(2026, 11, 20)
# the BPMN tests' exported corpus (fixtures `generated` and `exported`), once per process
pytest_plugins = ["tests.bpmn_exports", "tests.import_runs"]

CONFIG = """\
name: 测试手册
id_pattern: '^[A-Z]{2,5}-\\d{3}$'
roles:
  cs-agent: {name: 客服专员, department: 客服部}
  cs-manager: {name: 客服主管, department: 客服部}
  ops-director: {name: 运营总监, department: 运营部}
forms:
  complaint-register: {name: 客户投诉登记表, retention: 3y}
"""

BASE_SOP = """\
id: CS-001
title: 客户投诉处理流程
version: "1.2"
status: effective
effective_date: 2026-03-01
review: {interval: 6mo, last: 2026-09-01}
owner: cs-manager
approval:
  author: {name: 张伟, date: 2026-02-10}
  reviewer: {name: 李娜, date: 2026-02-20}
  approver: {name: 王强, date: 2026-02-25}
purpose: 规范客户投诉处理。
scope: {start: 客户提交投诉, end: 投诉关闭}
cases: {name: 严重程度, values: [一般, 重大]}
deadlines:
  - {name: 闭环, from: receive, to: end, within: 10d}
roles:
  complaint-lead: {name: 投诉专员, department: 客服部}
forms:
  survey-record: {name: 回访记录表}
steps:
  - id: receive
    title: 接收并登记投诉
    role: cs-agent
    outputs: ["form:complaint-register"]
    time_limit: 10m
  - id: needs-refund
    title: 判断是否退款
    role: cs-manager
    decision: 是否退款？
    branches:
      - {when: 是, next: "sop:FIN-003"}
      - {when: 否, next: reply}
  - id: reply
    title: 回复客户处理结果
    role: complaint-lead
    time_limit: {一般: 1wd, 重大: 3wd}
    outputs: ["form:survey-record"]
    next: end
exceptions:
  - id: rejects
    when: 客户拒绝方案
    steps: [reply]
    action: 升级至运营总监协调
    role: cs-manager
    escalate_to: ops-director
    within: 1h
risks:
  - {risk: 投诉升级为舆情, mitigation: 重大投诉抄送负责人, steps: [receive]}
references: ["sop:FIN-003"]
revisions:
  - {version: "1.2", date: 2026-02-25, author: 张伟, changes: 增加退款判断}
  - {version: "1.1", date: 2025-08-01, author: 张伟, changes: 调整时限}
"""

FIN_SOP = """\
id: FIN-003
title: 退款流程
version: "1.0"
status: draft
owner: cs-manager
purpose: 规范退款。
scope: 客户退款申请
steps:
  - {id: refund, title: 办理退款, role: cs-agent}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""

CS_PATH = "sops/CS-001-complaints.sop.yaml"
FIN_PATH = "sops/FIN-003-refund.sop.yaml"


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return path


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column in characters) of the n-th occurrence of `needle`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


Project = Callable[..., Path]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Write a project: the base config and SOPs, with files replaced or added."""

    def make(files: dict[str, str | None] | None = None, config: str = CONFIG) -> Path:
        root = tmp_path / "proj"
        contents: dict[str, str | None] = {
            "sopc.yaml": config,
            CS_PATH: BASE_SOP,
            FIN_PATH: FIN_SOP,
        }
        contents.update(files or {})
        for rel, text in contents.items():
            if text is not None:
                write(root, rel, text)
        return root

    return make


def sopc(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m sopc ARGS` in a fresh process, as users and CI run it (no colour or
    message language inherited from the caller)."""
    inherited = ("FORCE_COLOR", "NO_COLOR", "SOPC_LANG")
    environment = {k: v for k, v in os.environ.items() if k not in inherited}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "sopc", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
    )


def run_check(root: Path, *paths: str, today: date = TODAY) -> CheckResult:
    targets = [root / p for p in paths] or [root]
    return check(targets, today=today)
