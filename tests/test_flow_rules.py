"""Flow rules SOP301–SOP304: each fires at the value the spec implies, or stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopc.i18n import translator
from sopc.results import CheckResult
from tests.conftest import CS_PATH, Project, locate, run_check

HEAD = """\
id: CS-001
title: 客户投诉处理流程
version: "1.0"
status: draft
owner: cs-manager
purpose: 规范客户投诉处理。
scope: {start: 客户提交投诉, end: 投诉关闭}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""


def sop(steps: str) -> str:
    return HEAD + "steps:\n" + steps


def at(result: CheckResult, code: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.span.line, f.span.column) for f in result.findings if f.code == code]


def messages(result: CheckResult, code: str, language: str = "en") -> list[str]:
    say = translator(language).say
    return [say(f.message) for f in result.findings if f.code == code]


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


def check_sop(project: Project, text: str) -> CheckResult:
    return run_check(project({CS_PATH: text}))


# -- a clean flow ----------------------------------------------------------------------


def test_header_with_a_plain_sequence_is_clean(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent}\n"
    )
    assert check_sop(project, text).findings == []


def test_every_example_sop_checks_clean() -> None:
    result = run_check(Path("/work/main/examples"))
    assert result.findings == []
    assert result.sops == 7
    assert result.exit_code(strict=True) == 0


def test_parallel_split_that_joins_later_is_silent(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent, next: [inspect, refund]}\n"
        "  - {id: inspect, title: 检验退货, role: cs-agent, next: close}\n"
        "  - {id: refund, title: 办理退款, role: cs-manager}\n"
        "  - {id: close, title: 关闭工单, role: cs-agent}\n"
    )
    assert check_sop(project, text).findings == []


def test_handoff_to_another_sop_is_silent(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        '  - {id: transfer, title: 转交退款流程, role: cs-agent, next: "sop:FIN-003"}\n'
    )
    assert check_sop(project, text).findings == []


def test_decision_that_hands_off_on_one_branch_is_silent(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - id: needs-refund\n"
        "    title: 判断是否退款\n"
        "    role: cs-manager\n"
        "    decision: 是否退款？\n"
        "    branches:\n"
        '      - {when: 是, next: "sop:FIN-003"}\n'
        "      - {when: 否, next: end}\n"
    )
    assert check_sop(project, text).findings == []


# -- SOP301 unreachable-step -------------------------------------------------------------


def test_sop301_next_jumps_over_a_step(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent, next: reply}\n"
        "  - {id: classify, title: 判定严重程度, role: cs-manager}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP301") == [(CS_PATH, *locate(text, "classify"))]
    assert codes(result) == ["SOP301"]
    [message] = messages(result, "SOP301")
    assert "classify" in message
    assert "判定严重程度" in message
    assert "start" in message
    assert result.findings[0].severity == "error"
    assert messages(result, "SOP301", "zh-CN") == [
        "从流程开始没有任何路径能到达步骤 'classify'（判定严重程度），这一步永远不会被执行："
        "请检查前面的 next 是否跳过了它，或补上通向它的分支"
    ]


def test_sop301_step_reachable_only_from_an_unreachable_step(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent, next: end}\n"
        "  - {id: classify, title: 判定严重程度, role: cs-manager, next: escalate}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent, next: end}\n"
        "  - {id: escalate, title: 上报主管, role: cs-manager}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP301") == [
        (CS_PATH, *locate(text, "classify")),
        (CS_PATH, *locate(text, "reply,")),
        (CS_PATH, *locate(text, "escalate, title")),
    ]
    assert set(codes(result)) == {"SOP301"}


def test_sop301_silent_when_a_decision_branch_leads_to_the_step(project: Project) -> None:
    text = sop(
        "  - id: classify\n"
        "    title: 判定严重程度\n"
        "    role: cs-manager\n"
        "    decision: 是否重大投诉？\n"
        "    branches:\n"
        "      - {when: 是, next: escalate}\n"
        "      - {when: 否, next: end}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent, next: end}\n"
        "  - {id: escalate, title: 上报主管, role: cs-manager, next: reply}\n"
    )
    assert check_sop(project, text).findings == []


# -- SOP302 dead-end ---------------------------------------------------------------------


def test_sop302_every_path_runs_into_a_closed_loop(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - {id: review, title: 复核方案, role: cs-manager, next: revise}\n"
        "  - {id: revise, title: 修改方案, role: cs-agent, next: review}\n"
        "  - {id: notify, title: 通知客户, role: cs-agent}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP302") == [(CS_PATH, *locate(text, "receive"))]
    [message] = messages(result, "SOP302")
    assert "'receive'" in message
    assert "end" in message
    assert "'review'" in message
    # the loop itself is SOP303's, once; `notify` is unreachable (SOP301)
    assert at(result, "SOP303") == [(CS_PATH, *locate(text, "review,"))]
    assert at(result, "SOP301") == [(CS_PATH, *locate(text, "notify"))]
    assert messages(result, "SOP302") == [
        "no path from step 'receive' reaches the end or a hand-off; "
        "every path runs into the loop at 'review'"
    ]
    assert messages(result, "SOP302", "zh-CN") == [
        "从步骤 'receive' 出发走不到结束，也无法转入其他流程（每条路径都会陷入 'review' 处的循环）："
        "请检查它之后的 next 和分支"
    ]
    assert messages(result, "SOP303", "zh-CN") == [
        "循环 review → revise → review 没有出口，永远走不到结束或转入其他流程："
        "请在循环中设一个决策，用一个分支离开循环"
    ]


def test_sop302_silent_for_a_step_whose_only_target_is_unknown(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent, next: replay}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP203") == [(CS_PATH, *locate(text, "replay"))]
    assert at(result, "SOP302") == []
    assert at(result, "SOP303") == []


def test_sop302_does_not_cascade_to_steps_before_an_unknown_target(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - {id: classify, title: 判定严重程度, role: cs-manager, next: replay}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP203") == [(CS_PATH, *locate(text, "replay"))]
    assert at(result, "SOP302") == []


def test_sop302_silent_when_the_flow_ends_in_a_handoff(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        '  - {id: refund, title: 转交退款, role: cs-agent, next: "sop:FIN-003"}\n'
        "  - {id: later, title: 后续跟进, role: cs-agent}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP302") == []
    assert at(result, "SOP301") == [(CS_PATH, *locate(text, "later"))]


# -- SOP303 endless-loop -----------------------------------------------------------------


def test_sop303_two_step_loop_without_exit(project: Project) -> None:
    text = sop(
        "  - {id: check, title: 检查资料, role: cs-agent, next: fix}\n"
        "  - {id: fix, title: 补正资料, role: cs-agent, next: check}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP303") == [(CS_PATH, *locate(text, "check"))]
    assert codes(result) == ["SOP303"]
    [message] = messages(result, "SOP303")
    assert message == "the loop check → fix → check has no way out to the end or a hand-off"


def test_sop303_self_loop(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - {id: wait, title: 等待客户补充资料, role: cs-agent, next: wait}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP303") == [(CS_PATH, *locate(text, "wait"))]
    assert "wait → wait" in messages(result, "SOP303")[0]
    # `receive` only leads into the loop: a dead end
    assert at(result, "SOP302") == [(CS_PATH, *locate(text, "receive"))]


def test_sop303_message_follows_the_flow_of_the_loop(project: Project) -> None:
    text = sop(
        "  - {id: check, title: 检查资料, role: cs-agent, next: fix}\n"
        "  - {id: recheck, title: 复核资料, role: cs-manager, next: check}\n"
        "  - {id: fix, title: 补正资料, role: cs-agent, next: recheck}\n"
    )
    result = check_sop(project, text)
    assert at(result, "SOP303") == [(CS_PATH, *locate(text, "check"))]
    assert "check → fix → recheck → check" in messages(result, "SOP303")[0]


def test_sop303_rework_loop_with_a_decision_exit_is_silent(project: Project) -> None:
    text = sop(
        "  - id: check\n"
        "    title: 检查资料\n"
        "    role: cs-agent\n"
        "    decision: 资料是否齐全？\n"
        "    branches: [{when: 是, next: approve}, {when: 否, next: fix}]\n"
        "  - {id: fix, title: 补正资料, role: cs-agent, next: check}\n"
        "  - {id: approve, title: 审批, role: cs-manager}\n"
    )
    assert check_sop(project, text).findings == []


# -- SOP304 bad-decision -----------------------------------------------------------------

DECISION = """\
  - {id: receive, title: 接收投诉, role: cs-agent}
  - id: approve
    title: 审批方案
    role: cs-manager
    decision: 是否批准？
    branches:
      - {when: 批准, next: execute}
      - {when: 退回, next: receive}
  - {id: execute, title: 执行方案, role: cs-agent}
"""


def test_sop304_well_formed_decision_is_silent(project: Project) -> None:
    assert check_sop(project, sop(DECISION)).findings == []


# (old text in DECISION, new text, needle where the finding must be, message fragment,
# the message in Chinese)
BAD_DECISIONS = [
    (
        "      - {when: 退回, next: receive}\n",
        "",
        "- {when: 批准",
        "at least two branches, 'approve' has 1",
        "决策至少需要两个分支，'approve' 只有 1 个",
    ),
    (
        "{when: 退回, next: receive}",
        "{next: receive}",
        "{next: receive}",
        "without a `when` label",
        "分支缺少 when（选择这个分支的答案，例如“是”）",
    ),
    (
        "{when: 退回, next: receive}",
        "{when: 批准, next: receive}",
        "批准, next: receive",
        "'批准' repeats branch 1",
        "分支答案 '批准' 与第 1 个分支重复",
    ),
    (
        "    branches:\n      - {when: 批准, next: execute}\n      - {when: 退回, next: receive}\n",
        "",
        "是否批准？",
        "needs `branches`",
        "决策步骤需要 branches（分支）：请写明每个答案（when）接下来走向哪一步（next）",
    ),
    (
        "    decision: 是否批准？\n",
        "",
        "- {when: 批准",
        "without a `decision`",
        "写了 branches（分支）却没有 decision（要判断的问题）：请补上 decision，例如“是否批准？”",
    ),
    (
        "    decision: 是否批准？\n",
        "    decision: 是否批准？\n    next: execute\n",
        "execute\n    branches",
        "`next` on a decision",
        "决策步骤不要写 next：流程走向由它的 branches（分支）决定",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "fragment", "chinese"),
    BAD_DECISIONS,
    ids=[
        "one-branch",
        "branch-without-when",
        "repeated-label",
        "decision-without-branches",
        "branches-without-decision",
        "next-on-decision",
    ],
)
def test_sop304_bad_decision(
    project: Project, old: str, new: str, needle: str, fragment: str, chinese: str
) -> None:
    assert old in DECISION
    text = sop(DECISION.replace(old, new, 1))
    result = check_sop(project, text)
    assert at(result, "SOP304") == [(CS_PATH, *locate(text, needle))], result.findings
    [message] = messages(result, "SOP304")
    assert fragment in message
    assert messages(result, "SOP304", "zh-CN") == [chinese]
    assert [f.severity for f in result.findings if f.code == "SOP304"] == ["error"]


def test_sop304_three_branches_with_distinct_labels_are_silent(project: Project) -> None:
    text = sop(
        DECISION.replace(
            "      - {when: 退回, next: receive}\n",
            "      - {when: 退回, next: receive}\n      - {when: 否决, next: end}\n",
        )
    )
    assert check_sop(project, text).findings == []
