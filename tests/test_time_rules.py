"""Deadline arithmetic and SOP305–SOP308, with numbers worked out by hand.

The calendar is Monday–Friday, 8 working hours a day unless a test says
otherwise. A run of W working minutes is priced at its worst start: from the
end of a start day to the end of the ⌈W/day⌉-th working day after it, the
most calendar days over every start day of the window. Without holidays:

    1wd: Fri → Mon                           3 days
    2wd: Fri → Tue                           4 days
    5wd: Fri → next Fri                      7 days
    6wd: Fri → Mon after next               10 days
    7wd: Fri → Tue after next               11 days
    9wd: Fri → Thu after next               13 days
"""

from __future__ import annotations

from datetime import date

import pytest

from sopc.i18n import translator
from sopc.results import CheckResult
from tests.conftest import CONFIG, CS_PATH, Project, locate, run_check

TODAY = date(2026, 11, 20)


def config(holidays: str = "[]", extra: str = "[]") -> str:
    return (
        CONFIG
        + "calendar: {workdays: [mon, tue, wed, thu, fri], hours_per_day: 8, "
        + f"holidays: {holidays}, extra_workdays: {extra}}}\n"
    )


def sop(steps: str, deadlines: str = "", cases: str = "", exceptions: str = "") -> str:
    text = (
        "id: CS-001\n"
        "title: 客户投诉处理流程\n"
        'version: "1.0"\n'
        "status: draft\n"
        "owner: cs-manager\n"
        "purpose: 规范客户投诉处理。\n"
        "scope: {start: 客户提交投诉, end: 投诉关闭}\n"
    )
    if cases:
        text += f"cases: {cases}\n"
    if deadlines:
        text += "deadlines:\n" + deadlines
    text += "steps:\n" + steps
    if exceptions:
        text += "exceptions:\n" + exceptions
    return text + 'revisions:\n  - {version: "1.0", date: 2026-01-01}\n'


def check_sop(
    project: Project, text: str, cfg: str | None = None, today: date = TODAY
) -> CheckResult:
    return run_check(project({CS_PATH: text}, config=cfg or config()), today=today)


def found(result: CheckResult, code: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.span.line, f.span.column) for f in result.findings if f.code == code]


def messages(result: CheckResult, code: str, language: str = "en") -> list[str]:
    say = translator(language).say
    return [say(f.message) for f in result.findings if f.code == code]


def one_step(limit: str, within: str) -> str:
    return sop(
        f"  - {{id: handle, title: 处理投诉, role: cs-agent, time_limit: {limit}}}\n",
        f"  - {{name: 处理时限, to: end, within: {within}}}\n",
    )


# -- the seeds' contradiction ----------------------------------------------------------

SEED_STEPS = """\
  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 立即}
  - {id: classify, title: 判定严重程度, role: cs-manager, time_limit: 1h}
  - {id: approve, title: 审批处理方案, role: cs-manager, time_limit: {一般: 2wd, 严重: 3wd, 重大: 5wd}}
  - {id: execute, title: 执行处理方案, role: cs-agent, time_limit: 1wd}
  - {id: survey, title: 回访客户, role: cs-manager, time_limit: 3wd}
"""
SEED_CASES = "{name: 严重程度, values: [一般, 严重, 重大]}"


def test_seed_contradiction_one_finding_per_severity(project: Project) -> None:
    # 1h, then one run of 6/7/9wd: 10/11/13 days at worst (see the table above)
    text = sop(SEED_STEPS, "  - {name: 闭环, from: receive, to: end, within: 7d}\n", SEED_CASES)
    result = check_sop(project, text)
    where = (CS_PATH, *locate(text, "7d}"))
    assert found(result, "SOP305") == [where, where, where]
    assert [f.code for f in result.findings] == ["SOP305"] * 3
    assert {f.severity for f in result.findings} == {"error"}
    path = "receive → classify → approve → execute → survey"
    by_case = {
        case: m
        for m in messages(result, "SOP305")
        for case in ("一般", "严重", "重大")
        if f"严重程度={case}" in m
    }
    assert set(by_case) == {"一般", "严重", "重大"}
    for message in by_case.values():
        assert message.startswith("deadline 闭环 (7d) exceeded for 严重程度=")
        assert path in message
    assert f"{path} = 6wd 1h (at worst 11 calendar days)" in by_case["一般"]
    assert f"{path} = 7wd 1h (at worst 12 calendar days)" in by_case["严重"]
    assert f"{path} = 9wd 1h (at worst 14 calendar days)" in by_case["重大"]
    assert messages(result, "SOP305", "zh-CN")[2] == (
        f"严重程度为“重大”时，时限“闭环”（7d）会被超出：{path} 合计 9个工作日 + 1小时"
        "（最坏情况下 14 个自然日）。请缩短这条路径上步骤的时限，或放宽该时限"
    )


def test_seed_budget_judged_per_case(project: Project) -> None:
    # 13 days: 一般 10d 1h and 严重 11d 1h fit, 重大 13d 1h does not
    text = sop(SEED_STEPS, "  - {name: 闭环, from: receive, to: end, within: 13d}\n", SEED_CASES)
    result = check_sop(project, text)
    assert found(result, "SOP305") == [(CS_PATH, *locate(text, "13d}"))]
    assert "严重程度=重大" in messages(result, "SOP305")[0]


def test_seed_budget_met_for_every_case(project: Project) -> None:
    text = sop(SEED_STEPS, "  - {name: 闭环, from: receive, to: end, within: 14d}\n", SEED_CASES)
    assert check_sop(project, text).findings == []


# -- worst spans of working time ---------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "days"),
    [("1wd", 3), ("2wd", 4), ("5wd", 7), ("9wd", 13), ("4wh", 3), ("9wh", 4), ("1工作日", 3)],
)
def test_working_run_is_priced_at_its_worst_start(project: Project, limit: str, days: int) -> None:
    assert check_sop(project, one_step(limit, f"{days}d")).findings == []  # sum == budget
    text = one_step(limit, f"{days - 1}d")
    result = check_sop(project, text)
    assert found(result, "SOP305") == [(CS_PATH, *locate(text, f"{days - 1}d}}"))]
    assert f"(at worst {days} calendar days)" in messages(result, "SOP305")[0]


def test_calendar_steps_count_as_they_are(project: Project) -> None:
    text = sop(
        "  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 30m}\n"
        "  - {id: classify, title: 判定严重程度, role: cs-manager, time_limit: 2小时}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent, time_limit: 1d}\n",
        "  - {name: 闭环, to: end, within: 27h}\n  - {name: 紧, to: end, within: 1d}\n",
    )
    result = check_sop(project, text)
    assert found(result, "SOP305") == [(CS_PATH, *locate(text, "1d}"))]
    assert (
        "deadline 紧 (1d) exceeded: receive → classify → reply = 1d 2h 30m (at worst"
        in messages(result, "SOP305")[0]
    )


def test_a_calendar_step_breaks_a_working_run(project: Project) -> None:
    # 1wd + 1wd in one run: 4 days; with 1m between them: 3d + 1m + 3d
    steps = (
        "  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 1wd}\n"
        "  - {id: review, title: 复核方案, role: cs-manager, time_limit: 1wd}\n"
    )
    deadline = "  - {name: 方案, to: end, within: 5d}\n"
    assert check_sop(project, sop(steps, deadline)).findings == []
    broken = steps.replace(
        "  - {id: review",
        "  - {id: log, title: 登记方案, role: cs-agent, time_limit: 1m}\n  - {id: review",
    )
    result = check_sop(project, sop(broken, deadline))
    [message] = messages(result, "SOP305")
    assert "draft → log → review = 2wd 1m (at worst 7 calendar days)" in message


def test_immediate_step_does_not_break_a_run(project: Project) -> None:
    steps = (
        "  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 1wd}\n"
        "  - {id: log, title: 登记方案, role: cs-agent, time_limit: 立即}\n"
        "  - {id: review, title: 复核方案, role: cs-manager, time_limit: 1wd}\n"
    )
    assert check_sop(project, sop(steps, "  - {name: 方案, to: end, within: 4d}\n")).findings == []


# -- from and to -------------------------------------------------------------------------

FOUR_STEPS = """\
  - {id: a-step, title: 接收投诉, role: cs-agent, time_limit: 1h}
  - {id: b-step, title: 判定严重程度, role: cs-manager, time_limit: 2h}
  - {id: c-step, title: 制定方案, role: cs-manager, time_limit: 4h}
  - {id: d-step, title: 回复客户, role: cs-agent, time_limit: 8h}
"""


def test_from_counts_its_own_step_and_to_counts_to_the_completion(project: Project) -> None:
    deadlines = (
        "  - {name: 中段达标, from: b-step, to: c-step, within: 6h}\n"
        "  - {name: 中段超时, from: b-step, to: c-step, within: 5h}\n"
        "  - {name: 开头达标, to: b-step, within: 3h}\n"
        "  - {name: 开头超时, to: b-step, within: 2h}\n"
        "  - {name: 收尾达标, from: c-step, to: end, within: 12h}\n"
        "  - {name: 收尾超时, from: c-step, to: end, within: 11h}\n"
    )
    text = sop(FOUR_STEPS, deadlines)
    result = check_sop(project, text)
    assert found(result, "SOP305") == [
        (CS_PATH, *locate(text, "5h}")),
        (CS_PATH, *locate(text, "2h}")),
        (CS_PATH, *locate(text, "11h}")),
    ]
    assert messages(result, "SOP305") == [
        "deadline 中段超时 (5h) exceeded: b-step → c-step = 6h (at worst 6h)",
        "deadline 开头超时 (2h) exceeded: a-step → b-step = 3h (at worst 3h)",
        "deadline 收尾超时 (11h) exceeded: c-step → d-step = 12h (at worst 12h)",
    ]


# -- the shape of the flow ---------------------------------------------------------------


def test_parallel_branches_the_longer_one_decides(project: Project) -> None:
    steps = (
        "  - {id: receive, title: 接收退货, role: cs-agent, time_limit: 1h, next: [inspect, refund]}\n"
        "  - {id: inspect, title: 检验退货, role: cs-agent, time_limit: 2h, next: close}\n"
        "  - {id: refund, title: 办理退款, role: cs-manager, time_limit: 5h}\n"
        "  - {id: close, title: 关闭工单, role: cs-agent, time_limit: 1h}\n"
    )
    assert check_sop(project, sop(steps, "  - {name: 退货, to: end, within: 7h}\n")).findings == []
    result = check_sop(project, sop(steps, "  - {name: 退货, to: end, within: 6h}\n"))
    assert messages(result, "SOP305") == [
        "deadline 退货 (6h) exceeded: receive → refund → close = 7h (at worst 7h)"
    ]


def test_decision_the_longer_branch_decides(project: Project) -> None:
    steps = (
        "  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 1h}\n"
        "  - id: decide\n"
        "    title: 判断是否上门\n"
        "    role: cs-manager\n"
        "    decision: 是否需要上门？\n"
        "    branches: [{when: 否, next: call}, {when: 是, next: visit}]\n"
        "  - {id: call, title: 电话回复, role: cs-agent, time_limit: 2h, next: end}\n"
        "  - {id: visit, title: 上门处理, role: cs-agent, time_limit: 5h}\n"
    )
    assert check_sop(project, sop(steps, "  - {name: 处理, to: end, within: 6h}\n")).findings == []
    result = check_sop(project, sop(steps, "  - {name: 处理, to: end, within: 5h}\n"))
    assert messages(result, "SOP305") == [
        "deadline 处理 (5h) exceeded: receive → decide → visit = 6h (at worst 6h)"
    ]


REWORK = """\
  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 2h}
  - id: review
    title: 复核方案
    role: cs-manager
    decision: 方案是否通过？
    branches: [{when: 通过, next: publish}, {when: 退回, next: draft}]
  - {id: publish, title: 发布方案, role: cs-agent, time_limit: 1h}
"""


def test_rework_loop_is_not_sop305s_but_sop309s(project: Project) -> None:
    # the first pass: draft 2h + publish 1h = 3h; one round back to draft: 5h
    assert check_sop(project, sop(REWORK, "  - {name: 方案, to: end, within: 5h}\n")).findings == []
    text = sop(REWORK, "  - {name: 方案, to: end, within: 4h}\n")
    result = check_sop(project, text)
    assert [(f.code, f.severity) for f in result.findings] == [("SOP309", "info")]
    assert found(result, "SOP309") == [(CS_PATH, *locate(text, "4h}"))]
    assert messages(result, "SOP309") == [
        "one round of rework would exceed deadline 方案 (4h): "
        "draft → review → draft → review → publish = 5h (at worst 5h)"
    ]
    assert result.exit_code(strict=True) == 0
    # a first pass that does not fit is SOP305's, and SOP309 says nothing more
    result = check_sop(project, sop(REWORK, "  - {name: 方案, to: end, within: 2h}\n"))
    assert [f.code for f in result.findings] == ["SOP305"]
    assert messages(result, "SOP305") == [
        "deadline 方案 (2h) exceeded: draft → review → publish = 3h (at worst 3h)"
    ]


def test_rework_include_counts_one_round_for_sop305(project: Project) -> None:
    deadline = "  - {name: 方案, to: end, within: 4h, rework: include}\n"
    result = check_sop(project, sop(REWORK, deadline))
    assert [f.code for f in result.findings] == ["SOP305"]
    [message] = messages(result, "SOP305")
    assert message == (
        "deadline 方案 (4h) exceeded with one round of rework: "
        "draft → review → draft → review → publish = 5h (at worst 5h)"
    )
    assert message.count("draft") == 2  # once round the loop, never twice
    included = "  - {name: 方案, to: end, within: 5h, rework: include}\n"
    assert check_sop(project, sop(REWORK, included)).findings == []


def test_rework_step_off_the_main_path_is_counted_once(project: Project) -> None:
    steps = (
        "  - {id: receive, title: 接收资料, role: cs-agent, time_limit: 1h}\n"
        "  - id: check\n"
        "    title: 检查资料\n"
        "    role: cs-manager\n"
        "    decision: 资料是否齐全？\n"
        "    branches: [{when: 齐全, next: approve}, {when: 不齐, next: fix}]\n"
        "  - {id: fix, title: 补正资料, role: cs-agent, time_limit: 5h, next: check}\n"
        "  - {id: approve, title: 审批, role: cs-manager, time_limit: 1h}\n"
    )
    # the first pass: receive 1h + approve 1h = 2h; with fix 5h once round the loop: 7h
    result = check_sop(project, sop(steps, "  - {name: 审批, to: end, within: 4h}\n"))
    assert messages(result, "SOP309") == [
        "one round of rework would exceed deadline 审批 (4h): "
        "receive → check → fix → check → approve = 7h (at worst 7h)"
    ]
    assert [f.code for f in result.findings] == ["SOP309"]


def test_handoff_path_does_not_count_toward_end(project: Project) -> None:
    steps = (
        "  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 1h}\n"
        "  - id: decide\n"
        "    title: 判断是否退款\n"
        "    role: cs-manager\n"
        "    decision: 是否退款？\n"
        "    branches: [{when: 是, next: prepare}, {when: 否, next: reply}]\n"
        '  - {id: prepare, title: 准备退款资料, role: cs-agent, time_limit: 10h, next: "sop:FIN-003"}\n'
        "  - {id: reply, title: 回复客户, role: cs-agent, time_limit: 2h}\n"
    )
    assert check_sop(project, sop(steps, "  - {name: 闭环, to: end, within: 3h}\n")).findings == []
    result = check_sop(project, sop(steps, "  - {name: 闭环, to: end, within: 2h}\n"))
    assert messages(result, "SOP305") == [
        "deadline 闭环 (2h) exceeded: receive → decide → reply = 3h (at worst 3h)"
    ]


def test_per_case_maps_on_steps_and_on_within(project: Project) -> None:
    steps = (
        "  - {id: handle, title: 处理投诉, role: cs-agent, time_limit: {一般: 2h, 重大: 6h}}\n"
        "  - {id: reply, title: 回复客户, role: cs-agent, time_limit: 1h}\n"
    )
    cases = "{name: 严重程度, values: [一般, 重大]}"
    met = sop(steps, "  - {name: 闭环, to: end, within: {一般: 3h, 重大: 7h}}\n", cases)
    assert check_sop(project, met).findings == []
    text = sop(steps, "  - {name: 闭环, to: end, within: {一般: 3h, 重大: 6h}}\n", cases)
    result = check_sop(project, text)
    assert found(result, "SOP305") == [(CS_PATH, *locate(text, "{一般: 3h"))]
    assert messages(result, "SOP305") == [
        "deadline 闭环 (6h) exceeded for 严重程度=重大: handle → reply = 7h (at worst 7h)"
    ]


# -- mixed units, working and calendar budgets ---------------------------------------------

MIXED = """\
  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 2h}
  - {id: inspect, title: 检验产品, role: cs-agent, time_limit: 1wd}
  - {id: ship, title: 寄回产品, role: cs-agent, time_limit: 1d}
  - {id: confirm, title: 确认结果, role: cs-manager, time_limit: 1wd}
"""


def test_mixed_units_against_a_calendar_budget(project: Project) -> None:
    # 2h + 3d (1wd at worst) + 1d + 3d = 7d 2h
    assert check_sop(project, sop(MIXED, "  - {name: 闭环, to: end, within: 8d}\n")).findings == []
    result = check_sop(project, sop(MIXED, "  - {name: 闭环, to: end, within: 7d}\n"))
    assert messages(result, "SOP305") == [
        "deadline 闭环 (7d) exceeded: receive → inspect → ship → confirm = 2wd 1d 2h (at worst 8 calendar days)"
    ]
    assert messages(result, "SOP305", "zh-CN") == [
        "时限“闭环”（7d）会被超出：receive → inspect → ship → confirm 合计 2个工作日 + 1天2小时"
        "（最坏情况下 8 个自然日）。请缩短这条路径上步骤的时限，或放宽该时限"
    ]


def test_mixed_units_against_a_working_budget(project: Project) -> None:
    # 2h + 1wd + min(1d, 1 × 8h) + 1wd = 3wd 2h of working time
    assert check_sop(project, sop(MIXED, "  - {name: 闭环, to: end, within: 4wd}\n")).findings == []
    result = check_sop(project, sop(MIXED, "  - {name: 闭环, to: end, within: 3wd}\n"))
    assert messages(result, "SOP305") == [
        "deadline 闭环 (3wd) exceeded: receive → inspect → ship → confirm = 2wd 1d 2h (at worst 3wd 2h of working time)"
    ]
    assert messages(result, "SOP305", "zh-CN") == [
        "时限“闭环”（3wd）会被超出：receive → inspect → ship → confirm 合计 2个工作日 + 1天2小时"
        "（最坏情况下需要工作时间 3个工作日2小时）。请缩短这条路径上步骤的时限，或放宽该时限"
    ]


def test_working_and_calendar_deadline_on_the_same_steps(project: Project) -> None:
    # working: 1wd + 1h + 1wd = 2wd 1h <= 3wd; calendar: 3d + 1h + 3d = 6d 1h > 5d
    steps = (
        "  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 1wd}\n"
        "  - {id: log, title: 登记方案, role: cs-agent, time_limit: 1h}\n"
        "  - {id: review, title: 复核方案, role: cs-manager, time_limit: 1wd}\n"
    )
    deadlines = "  - {name: 工作日时限, to: end, within: 3wd}\n  - {name: 自然日时限, to: end, within: 5d}\n"
    text = sop(steps, deadlines)
    result = check_sop(project, text)
    assert found(result, "SOP305") == [(CS_PATH, *locate(text, "5d}"))]
    assert messages(result, "SOP305") == [
        "deadline 自然日时限 (5d) exceeded: draft → log → review = 2wd 1h (at worst 7 calendar days)"
    ]


def test_calendar_time_in_a_working_budget_holds_at_most_a_working_day_per_day(
    project: Project,
) -> None:
    # 3d holds at most 3 × 8h = 3wd; 4h holds 4h: 3wd 4h in all
    steps = (
        "  - {id: wait, title: 等待客户寄回, role: cs-agent, time_limit: 3d}\n"
        "  - {id: check, title: 检验产品, role: cs-agent, time_limit: 4h}\n"
    )
    assert (
        check_sop(project, sop(steps, "  - {name: 检验, to: end, within: 28wh}\n")).findings == []
    )
    result = check_sop(project, sop(steps, "  - {name: 检验, to: end, within: 27wh}\n"))
    assert "(at worst 3wd 4h of working time)" in messages(result, "SOP305")[0]


# -- the calendar: weekends, holidays, adjusted working days --------------------------------

NATIONAL_DAY = (
    "[2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04, 2026-10-05, 2026-10-06, 2026-10-07]"
)


def test_holiday_block_lengthens_the_worst_span(project: Project) -> None:
    # 1wd started as Wed 2026-09-30 ends: Thu 10-01 … Wed 10-07 are off, so Thu 10-08: 8 days
    cfg = config(holidays=NATIONAL_DAY)
    assert check_sop(project, one_step("1wd", "8d"), cfg).findings == []
    result = check_sop(project, one_step("1wd", "7d"), cfg)
    assert "(at worst 8 calendar days)" in messages(result, "SOP305")[0]
    # 5wd from Wed 09-30: 10-08, 10-09, 10-12, 10-13, 10-14: 14 days
    assert check_sop(project, one_step("5wd", "14d"), cfg).findings == []
    assert (
        "(at worst 14 calendar days)"
        in messages(check_sop(project, one_step("5wd", "13d"), cfg), "SOP305")[0]
    )


def test_adjusted_working_saturday_shortens_the_worst_case(project: Project) -> None:
    # Off Thu 10-01, Fri 10-02, Mon 10-05, Tue 10-06: from Wed 09-30 the next working day is Wed 10-07
    holidays = "[2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06]"
    result = check_sop(project, one_step("1wd", "5d"), config(holidays=holidays))
    assert "(at worst 7 calendar days)" in messages(result, "SOP305")[0]
    # working Sat 10-03: Wed 09-30 → Sat 10-03 (3 days), Sat 10-03 → Wed 10-07 (4 days)
    cfg = config(holidays=holidays, extra="[2026-10-03]")
    assert check_sop(project, one_step("1wd", "4d"), cfg).findings == []
    result = check_sop(project, one_step("1wd", "3d"), cfg)
    assert "(at worst 4 calendar days)" in messages(result, "SOP305")[0]


def test_holidays_at_the_end_of_the_year_lengthen_the_worst_span(project: Project) -> None:
    # Off Mon 12-28 … Thu 12-31: 1wd started as Fri 2026-12-25 ends Fri 2027-01-01: 7 days
    cfg = config(holidays="[2026-12-28, 2026-12-29, 2026-12-30, 2026-12-31]")
    result = check_sop(project, one_step("1wd", "5d"), cfg)
    assert "(at worst 7 calendar days)" in messages(result, "SOP305")[0]


def test_holidays_cn_works_and_notes_years_past_its_data(project: Project) -> None:
    cfg = config(holidays="cn")
    text = sop(SEED_STEPS, "  - {name: 闭环, from: receive, to: end, within: 30d}\n", SEED_CASES)
    result = check_sop(project, text, cfg, today=date(2026, 11, 20))
    assert result.findings == []
    [note] = result.notes
    assert translator("en").say(note) == (
        "holidays: cn covers 2004–2026; for 2027 the worst cases use the holiday weeks of "
        "2025, 2026"
    )
    assert translator("zh-CN").say(note) == (
        "holidays: cn 的法定节假日数据覆盖 2004–2026 年；2027 年的最坏情况暂按 2025、2026 年的"
        "假期估算。国务院公布新一年的放假安排后，请更新 sopc 所用的 chinesecalendar 组件"
    )
    covered = check_sop(project, text, cfg, today=date(2025, 6, 1))
    assert covered.findings == []
    assert covered.notes == []
    # the week of the Spring Festival and the National Day make 1wd longer than a weekend
    assert (
        "calendar days"
        in messages(
            check_sop(project, one_step("1wd", "3d"), cfg, today=date(2025, 6, 1)), "SOP305"
        )[0]
    )


def test_holidays_cn_uses_the_years_around_today(project: Project) -> None:
    # 2024–2026: the longest 1wd is Sat 2026-02-14 (a working day) → Tue 2026-02-24, 10 days
    result = check_sop(
        project, one_step("1wd", "10d"), config(holidays="cn"), today=date(2025, 6, 1)
    )
    assert result.findings == []


# -- SOP306 missing-time-limit ----------------------------------------------------------


def test_sop306_step_on_a_deadline_path_without_time_limit(project: Project) -> None:
    steps = (
        "  - {id: prepare, title: 准备材料, role: cs-agent}\n"
        "  - {id: receive, title: 接收投诉, role: cs-agent}\n"
        "  - id: decide\n"
        "    title: 判断是否退款\n"
        "    role: cs-manager\n"
        "    decision: 是否退款？\n"
        "    branches: [{when: 是, next: refund}, {when: 否, next: reply}]\n"
        '  - {id: refund, title: 转交退款, role: cs-agent, next: "sop:FIN-003"}\n'
        "  - {id: reply, title: 回复客户, role: cs-agent, time_limit: 1h}\n"
    )
    text = sop(steps, "  - {name: 闭环, from: receive, to: end, within: 1d}\n")
    result = check_sop(project, text)
    # `prepare` lies before `from`, `refund` leaves through a hand-off, `decide` takes no time
    assert found(result, "SOP306") == [(CS_PATH, *locate(text, "receive, title"))]
    assert messages(result, "SOP306") == [
        "step 'receive' is on the path of deadline 闭环 but has no time_limit"
    ]
    assert messages(result, "SOP306", "zh-CN") == [
        "步骤 'receive' 在时限“闭环”的路径上，却没有 time_limit（步骤时限）："
        "它会按不耗时计算，让时限显得比实际宽松，请补上时限"
    ]
    assert [f.severity for f in result.findings] == ["warning"]
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1


def test_sop306_silent_for_steps_before_from_and_after_to(project: Project) -> None:
    steps = FOUR_STEPS.replace(", time_limit: 1h}", "}").replace(", time_limit: 8h}", "}")
    assert "time_limit" not in steps.split("\n")[0]
    assert "time_limit" not in steps.split("\n")[3]
    text = sop(steps, "  - {name: 中段, from: b-step, to: c-step, within: 1d}\n")
    assert check_sop(project, text).findings == []
    # a deadline over the whole flow does reach them
    whole = sop(steps, "  - {name: 全程, to: end, within: 1d}\n")
    assert found(check_sop(project, whole), "SOP306") == [
        (CS_PATH, *locate(whole, "a-step")),
        (CS_PATH, *locate(whole, "d-step")),
    ]


# -- SOP307 case-coverage -------------------------------------------------------------------

THREE_CASES = "{name: 严重程度, values: [一般, 严重, 重大]}"


def case_sop(limit: str, within: str = "1d", cases: str = THREE_CASES) -> str:
    return sop(
        f"  - {{id: handle, title: 处理投诉, role: cs-agent, time_limit: {limit}}}\n",
        f"  - {{name: 闭环, to: end, within: {within}}}\n",
        cases,
    )


def test_sop307_silent_when_every_case_has_a_duration(project: Project) -> None:
    text = case_sop("{一般: 1h, 严重: 2h, 重大: 3h}", "{一般: 1h, 严重: 2h, 重大: 3h}")
    assert check_sop(project, text).findings == []


def test_sop307_time_limit_misses_a_case_value(project: Project) -> None:
    text = case_sop("{一般: 1h, 重大: 3h}")
    result = check_sop(project, text)
    assert found(result, "SOP307") == [(CS_PATH, *locate(text, "{一般: 1h"))]
    assert messages(result, "SOP307") == ["no duration for 严重程度 严重"]
    assert messages(result, "SOP307", "zh-CN") == ["没有给出严重程度为“严重”时的时长，请补上"]


def test_sop307_time_limit_invents_a_case_value(project: Project) -> None:
    text = case_sop("{一般: 1h, 严重: 2h, 重大: 3h, 特急: 30m}")
    result = check_sop(project, text)
    assert found(result, "SOP307") == [(CS_PATH, *locate(text, "特急"))]
    assert messages(result, "SOP307") == ["'特急' is not a value of 严重程度 (一般, 严重, 重大)"]
    assert messages(result, "SOP307", "zh-CN") == [
        "'特急' 不是严重程度的取值（可选：一般、严重、重大）"
    ]


def test_sop307_per_case_map_without_cases(project: Project) -> None:
    text = sop(
        "  - {id: handle, title: 处理投诉, role: cs-agent, time_limit: {一般: 1h, 重大: 3h}}\n",
        "  - {name: 闭环, to: end, within: 1d}\n",
    )
    result = check_sop(project, text)
    assert found(result, "SOP307") == [(CS_PATH, *locate(text, "{一般: 1h"))]
    assert messages(result, "SOP307") == ["a per-case duration, but the SOP defines no `cases`"]
    assert messages(result, "SOP307", "zh-CN") == [
        "这里按情形分别写了时长，但本 SOP 没有定义 cases（情形）：请在 SOP 中加上 cases，或只写一个时长"
    ]


def test_sop307_within_misses_a_case_value(project: Project) -> None:
    text = case_sop("1h", "{一般: 1d, 严重: 2d}")
    result = check_sop(project, text)
    assert found(result, "SOP307") == [(CS_PATH, *locate(text, "{一般: 1d"))]
    assert messages(result, "SOP307") == ["no duration for 严重程度 重大"]


def test_sop307_every_missing_value_is_named(project: Project) -> None:
    result = check_sop(project, case_sop("1h", "{一般: 1d}"))
    assert messages(result, "SOP307") == ["no duration for 严重程度 严重, 重大"]


# -- SOP308 exception-incomplete ------------------------------------------------------------

EXCEPTION = """\
  - id: rejects
    when: 客户拒绝解决方案
    action: 升级至运营总监协调
    role: cs-manager
    escalate_to: ops-director
"""
ONE_STEP = "  - {id: reply, title: 回复客户, role: cs-agent}\n"


def test_sop308_silent_with_action_and_role(project: Project) -> None:
    assert check_sop(project, sop(ONE_STEP, exceptions=EXCEPTION)).findings == []


@pytest.mark.parametrize(
    ("removed", "missing", "chinese"),
    [
        (
            "    action: 升级至运营总监协调\n",
            "no action",
            "没有写 action（处理措施）：请写明发生时怎么做",
        ),
        ("    role: cs-manager\n", "no role", "没有写 role（负责岗位）：请写明由谁处理"),
        (
            "    action: 升级至运营总监协调\n    role: cs-manager\n",
            "no action and no role",
            "没有写 action（处理措施）和 role（负责岗位）：请写明怎么做、由谁处理",
        ),
    ],
    ids=["no-action", "no-role", "neither"],
)
def test_sop308_exception_incomplete(
    project: Project, removed: str, missing: str, chinese: str
) -> None:
    text = sop(ONE_STEP, exceptions=EXCEPTION.replace(removed, ""))
    result = check_sop(project, text)
    assert found(result, "SOP308") == [(CS_PATH, *locate(text, "id: rejects"))]
    assert messages(result, "SOP308") == [f"exception 'rejects' has {missing}"]
    assert messages(result, "SOP308", "zh-CN") == [f"异常情况 'rejects' {chinese}"]
    assert [f.code for f in result.findings] == ["SOP308"]


def test_sop308_flow_mapping_exception_without_role_is_reported_at_its_brace(
    project: Project,
) -> None:
    text = sop(ONE_STEP, exceptions="  - {when: 客户拒绝解决方案, action: 升级处理}\n")
    result = check_sop(project, text)
    assert found(result, "SOP308") == [(CS_PATH, *locate(text, "{when: 客户拒绝"))]
    assert messages(result, "SOP308") == ["exception '客户拒绝解决方案' has no role"]


def test_a_kept_file_says_its_notes_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sopc serve` keeps an unchanged file's findings (pipeline.Reuse): the notes its
    rules said are said again, though the rules do not run."""
    from sopc import pipeline
    from sopc.commands.check import check

    text = sop(SEED_STEPS, "  - {name: 闭环, from: receive, to: end, within: 30d}\n", SEED_CASES)
    root = project({CS_PATH: text}, config=config(holidays="cn"))
    reuse = pipeline.Reuse()
    first = check([root], today=date(2026, 11, 20), keep_files=True, reuse=reuse)
    assert len(first.notes) == 1

    def not_again(_ctx: object) -> list[object]:
        raise AssertionError("an unchanged file was checked again")

    monkeypatch.setattr(pipeline, "run_rules", not_again)
    again = check([root], today=date(2026, 11, 20), keep_files=True, reuse=reuse)
    assert again.notes == first.notes
    assert again.findings == first.findings
