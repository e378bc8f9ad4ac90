"""Deadlines and rework, no cascades, and the holiday note (issue 11, items 5, 6, 8).

SOP305 judges the first pass (the way that repeats no step), SOP309 and
`rework: include` one round of each rework loop; flow rules stay silent on an SOP
whose flow does not resolve; the `holidays: cn` note appears once, and only when
a deadline's worst case rests on working days. Real projects in temporary
folders, checked in-process and through the CLI.
"""

from __future__ import annotations

import random
import re
import time
from datetime import date
from pathlib import Path

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.results import CheckResult
from tests.conftest import CONFIG, CS_PATH, Project, locate, run_check, sopc

ZH_CONFIG = CONFIG + "language: zh-CN\n"
CN_CONFIG = CONFIG + "calendar: {holidays: cn}\n"
PAST_DATA = date(2026, 11, 20)  # chinesecalendar's data ends with 2026: next year is estimated

HEAD = """\
id: CS-001
title: 方案审批流程
version: "1.0"
status: draft
owner: cs-manager
purpose: 规范方案的起草、审核与发布。
scope: {start: 提交方案, end: 方案发布}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""


def sop(steps: str, deadlines: str = "", cases: str = "") -> str:
    text = HEAD + (f"cases: {cases}\n" if cases else "")
    return text + (f"deadlines:\n{deadlines}" if deadlines else "") + "steps:\n" + steps


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


def said(result: CheckResult, code: str, language: str = "en") -> list[str]:
    say = translator(language).say
    return [say(f.message) for f in result.findings if f.code == code]


# -- the acceptance case: a review that may send the plan back ---------------------------

REVIEW_LOOP = """\
  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 4wd}
  - id: review
    title: 审核方案
    role: cs-manager
    time_limit: 2wd
    decision: 方案是否通过？
    branches: [{when: 通过, next: publish}, {when: 退回, next: revise}]
  - {id: revise, title: 修改方案, role: cs-agent, time_limit: 3wd, next: review}
  - {id: publish, title: 发布方案, role: cs-agent, time_limit: 4wd}
"""
DEADLINE_12WD = "  - {name: 审批, to: end, within: 12wd}\n"
ROUND = "draft → review → revise → review → publish"


def test_review_loop_first_pass_fits_and_one_round_is_an_sop309_info(project: Project) -> None:
    # the first pass: draft 4wd + review 2wd + publish 4wd = 10wd <= 12wd;
    # one round of revision: + revise 3wd + review 2wd = 15wd > 12wd
    text = sop(REVIEW_LOOP, DEADLINE_12WD)
    result = run_check(project({CS_PATH: text}))
    assert codes(result) == ["SOP309"]
    [finding] = result.findings
    assert finding.severity == "info"
    assert (finding.path, finding.span.line, finding.span.column) == (
        CS_PATH,
        *locate(text, "12wd}"),
    )
    assert result.exit_code(strict=True) == 0  # clean at error level, and at warning level
    assert said(result, "SOP309") == [
        f"one round of rework would exceed deadline 审批 (12wd): {ROUND} = 15wd "
        "(at worst 15wd of working time)"
    ]
    assert said(result, "SOP309", "zh-CN") == [
        f"每个返工循环各走一轮时，时限“审批”（12wd）会被超出：{ROUND} 合计 15个工作日"
        "（最坏情况下需要工作时间 15个工作日）。一次通过时不会超时；"
        "如果返工常见，请放宽该时限或缩短返工步骤的时限"
    ]


def test_review_loop_through_the_cli_in_both_languages(project: Project) -> None:
    text = sop(REVIEW_LOOP, DEADLINE_12WD)
    root = project({CS_PATH: text}, config=ZH_CONFIG)
    line, column = locate(text, "12wd}")
    chinese = sopc("check", str(root))
    assert chinese.returncode == 0, chinese.stdout + chinese.stderr
    assert f"{CS_PATH}:{line}:{column}: SOP309 [info] 每个返工循环各走一轮时，" in chinese.stdout
    assert f"：{ROUND} 合计 15个工作日（" in chinese.stdout
    assert "SOP305" not in chinese.stdout
    english = sopc("check", str(root), "--lang", "en")
    assert english.returncode == 0, english.stdout + english.stderr
    assert (
        f"{CS_PATH}:{line}:{column}: SOP309 [info] one round of rework would exceed deadline "
        f"审批 (12wd): {ROUND} = 15wd (at worst 15wd of working time)\n"
    ) in english.stdout


def test_rework_include_makes_the_round_an_sop305_error(project: Project) -> None:
    included = "  - {name: 审批, to: end, within: 12wd, rework: include}\n"
    result = run_check(project({CS_PATH: sop(REVIEW_LOOP, included)}))
    assert codes(result) == ["SOP305"]  # and no SOP309 for it
    assert result.exit_code() == 1
    assert said(result, "SOP305") == [
        f"deadline 审批 (12wd) exceeded with one round of rework: {ROUND} = 15wd "
        "(at worst 15wd of working time)"
    ]
    assert said(result, "SOP305", "zh-CN") == [
        f"返工一轮后，时限“审批”（12wd）会被超出：{ROUND} 合计 15个工作日"
        "（最坏情况下需要工作时间 15个工作日）。请缩短这条路径上步骤的时限，或放宽该时限"
    ]
    held = "  - {name: 审批, to: end, within: 15wd, rework: include}\n"
    assert run_check(project({CS_PATH: sop(REVIEW_LOOP, held)})).findings == []


def test_a_budget_that_holds_the_round_is_silent(project: Project) -> None:
    deadline = "  - {name: 审批, to: end, within: 15wd}\n"
    assert run_check(project({CS_PATH: sop(REVIEW_LOOP, deadline)})).findings == []


# -- what one round of each rework loop is ---------------------------------------------


def test_each_loop_on_the_way_goes_round_once(project: Project) -> None:
    # two reviews, each may send the draft back: the first pass is 2h + 1h + 1h + 1h = 5h;
    # round one walks draft → review1, round two draft → review1 → review2, then the pass
    steps = """\
  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 2h}
  - id: review1
    title: 初审方案
    role: cs-manager
    time_limit: 1h
    decision: 初审是否通过？
    branches: [{when: 通过, next: review2}, {when: 退回, next: draft}]
  - id: review2
    title: 复审方案
    role: cs-manager
    time_limit: 1h
    decision: 复审是否通过？
    branches: [{when: 通过, next: publish}, {when: 退回, next: draft}]
  - {id: publish, title: 发布方案, role: cs-agent, time_limit: 1h}
"""
    result = run_check(project({CS_PATH: sop(steps, "  - {name: 方案, to: end, within: 6h}\n")}))
    assert said(result, "SOP309") == [
        "one round of rework would exceed deadline 方案 (6h): draft → review1 → draft → "
        "review1 → review2 → draft → review1 → review2 → publish = 12h (at worst 12h)"
    ]
    assert codes(result) == ["SOP309"]


def test_a_loop_inside_another_is_walked_once_not_again_in_the_outer_round(
    project: Project,
) -> None:
    # the outer round (review sends back to draft) walks draft → check → review; the inner
    # loop (fix, back to check) goes round once, on the way on: draft and review twice,
    # fix once, publish: 2 + 2 + 4 + 1 = 9h
    steps = """\
  - {id: draft, title: 起草方案, role: cs-agent, time_limit: 1h}
  - id: check
    title: 检查资料
    role: cs-agent
    decision: 资料是否齐全？
    branches: [{when: 不齐, next: fix}, {when: 齐全, next: review}]
  - {id: fix, title: 补正资料, role: cs-agent, time_limit: 4h, next: check}
  - id: review
    title: 审核方案
    role: cs-manager
    time_limit: 1h
    decision: 方案是否通过？
    branches: [{when: 退回, next: draft}, {when: 通过, next: publish}]
  - {id: publish, title: 发布方案, role: cs-agent, time_limit: 1h}
"""
    result = run_check(project({CS_PATH: sop(steps, "  - {name: 方案, to: end, within: 4h}\n")}))
    assert said(result, "SOP309") == [
        "one round of rework would exceed deadline 方案 (4h): draft → check → review → "
        "draft → check → fix → check → review → publish = 9h (at worst 9h)"
    ]
    [message] = said(result, "SOP309")
    assert message.count("fix") == 1
    assert codes(result) == ["SOP309"]


def test_a_loop_through_no_decision_is_not_rework(project: Project) -> None:
    # `notify` runs beside `archive` and leads back to `log`: a loop nobody decides on
    steps = """\
  - {id: log, title: 登记方案, role: cs-agent, time_limit: 1h, next: [notify, archive]}
  - {id: notify, title: 通知质量部, role: cs-agent, time_limit: 5h, next: log}
  - {id: archive, title: 归档方案, role: cs-agent, time_limit: 1h}
"""
    result = run_check(project({CS_PATH: sop(steps, "  - {name: 方案, to: end, within: 2h}\n")}))
    assert result.findings == []


def test_a_deadline_from_a_step_inside_the_loop(project: Project) -> None:
    # from `revise`: the first pass is revise → review → publish (3 + 2 + 4 = 9wd);
    # the work comes back to revise once: + 3 + 2 = 14wd
    deadline = "  - {name: 修改至发布, from: revise, to: end, within: 12wd}\n"
    result = run_check(project({CS_PATH: sop(REVIEW_LOOP, deadline)}))
    assert said(result, "SOP309") == [
        "one round of rework would exceed deadline 修改至发布 (12wd): revise → review → "
        "revise → review → publish = 14wd (at worst 14wd of working time)"
    ]
    assert codes(result) == ["SOP309"]


def test_rework_is_judged_per_case(project: Project) -> None:
    steps = REVIEW_LOOP.replace("time_limit: 3wd", "time_limit: {一般: 1wd, 重大: 3wd}")
    deadline = "  - {name: 审批, to: end, within: {一般: 13wd, 重大: 12wd}}\n"
    cases = "{name: 严重程度, values: [一般, 重大]}"
    result = run_check(project({CS_PATH: sop(steps, deadline, cases)}))
    # 一般: 10wd, with a round 13wd: fits; 重大: 10wd, with a round 15wd: at risk
    assert said(result, "SOP309") == [
        f"one round of rework would exceed deadline 审批 (12wd) for 严重程度=重大: {ROUND} = "
        "15wd (at worst 15wd of working time)"
    ]
    assert said(result, "SOP309", "zh-CN") == [
        f"严重程度为“重大”时，每个返工循环各走一轮时，时限“审批”（12wd）会被超出：{ROUND} 合计 "
        "15个工作日（最坏情况下需要工作时间 15个工作日）。一次通过时不会超时；"
        "如果返工常见，请放宽该时限或缩短返工步骤的时限"
    ]


# -- bounded on any graph --------------------------------------------------------------


def generated_sop(steps: int, seed: int) -> tuple[str, int]:
    """`steps` steps, every second one a decision that sends the work back to an
    earlier step (half of them to the first), parallel splits, mixed units; returns
    the SOP and its number of decisions."""
    rng = random.Random(seed)
    limits = ["30m", "2h", "4wh", "1wd", "2wd", "1d", "3h"]
    lines = []
    decisions = 0
    for i in range(steps):
        lines += [
            f"  - id: s{i}",
            f"    title: 处理事项{i}",
            "    role: cs-agent",
            f"    time_limit: {rng.choice(limits)}",
        ]
        if i % 2 == 1 and i < steps - 1:
            back = 0 if rng.random() < 0.5 else rng.randrange(i)
            decisions += 1
            lines += [
                "    decision: 是否通过？",
                f"    branches: [{{when: 通过, next: s{i + 1}}}, {{when: 退回, next: s{back}}}]",
            ]
        elif i % 7 == 0 and i + 2 < steps:
            lines.append(f"    next: [s{i + 1}, s{i + 2}]")
    deadlines = (
        "  - {name: 闭环, to: end, within: 5d}\n"
        "  - {name: 工作日闭环, to: end, within: 20wd}\n"
        f"  - {{name: 中段, from: s10, to: s{steps - 50}, "
        "within: {一般: 30d, 重要: 20d, 紧急: 10d}, rework: include}\n"
    )
    cases = "{name: 级别, values: [一般, 重要, 紧急]}"
    return sop("\n".join(lines) + "\n", deadlines, cases), decisions


def test_a_200_step_sop_with_a_hundred_loops_is_checked_in_bounded_time(
    project: Project,
) -> None:
    text, decisions = generated_sop(200, seed=1)
    assert decisions == 99
    root = project({CS_PATH: text})
    started = time.perf_counter()
    result = run_check(root)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed  # about a second; exponential would never finish
    # three cases, three deadlines: the first pass breaks 闭环 and 工作日闭环, the round 中段
    assert codes(result) == ["SOP305"] * 9
    rounds = [m for m in said(result, "SOP305") if "with one round of rework" in m]
    assert len(rounds) == 3
    for message in said(result, "SOP305"):
        path = message.split(": ", 1)[1].split(" = ")[0].split(" → ")
        # each loop once: at most the steps plus one round of each of the 99 loops
        assert len(path) <= 200 + 99 * 200
        if message in rounds:
            assert len(path) > len(set(path))  # the rounds are in it
        else:
            assert len(path) == len(set(path))  # the first pass repeats no step


def test_every_step_deciding_between_every_other_terminates(project: Project) -> None:
    # 30 decisions, each with a branch to every step and to the end: 900 edges, 435 back
    count = 30
    steps = "".join(
        f"  - id: d{i}\n    title: 判断事项{i}\n    role: cs-manager\n    time_limit: 1h\n"
        "    decision: 下一步做什么？\n    branches:\n"
        + "".join(f"      - {{when: 转{j}, next: d{j}}}\n" for j in range(count) if j != i)
        + "      - {when: 完成, next: end}\n"
        for i in range(count)
    )
    root = project({CS_PATH: sop(steps, "  - {name: 全程, to: end, within: 40h}\n")})
    started = time.perf_counter()
    result = run_check(root)
    assert time.perf_counter() - started < 20
    # the first pass is d0 → d1 → … → d29: 30h; rounds make it far longer
    [message] = said(result, "SOP309")
    assert message.startswith("one round of rework would exceed deadline 全程 (40h): d0 → d1 → ")
    assert codes(result) == ["SOP309"]


# -- no cascades -------------------------------------------------------------------------

PLAIN = """\
  - {id: receive, title: 接收方案, role: cs-agent, time_limit: 1h}
  - {id: review, title: 审核方案, role: cs-manager, time_limit: 2h}
  - {id: publish, title: 发布方案, role: cs-agent, time_limit: 1h}
"""
TIGHT = "  - {name: 发布, to: end, within: 1h}\n"  # would be SOP305


def test_a_duplicate_step_id_gives_sop207_only(project: Project) -> None:
    # the second `review` would be unreachable, the first loop on itself, the deadline broken
    text = sop(PLAIN.replace("id: publish", "id: review"), TIGHT)
    result = run_check(project({CS_PATH: text}))
    assert codes(result) == ["SOP207"]
    assert [(f.span.line, f.span.column) for f in result.findings] == [locate(text, "review", 2)]


def test_an_unknown_next_gives_sop203_only(project: Project) -> None:
    # `review` would be unreachable (SOP301) and the deadline measured along half a flow
    text = sop(PLAIN.replace("time_limit: 1h}", "time_limit: 1h, next: publsh}", 1), TIGHT)
    result = run_check(project({CS_PATH: text}))
    assert codes(result) == ["SOP203"]
    assert [(f.span.line, f.span.column) for f in result.findings] == [locate(text, "publsh")]


def test_an_unknown_branch_target_gives_sop203_only(project: Project) -> None:
    text = sop(REVIEW_LOOP.replace("next: revise}", "next: revice}"), DEADLINE_12WD)
    result = run_check(project({CS_PATH: text}))
    assert codes(result) == ["SOP203"]  # `revise` is not reported unreachable


def test_a_malformed_decision_is_reported_beside_an_unknown_target(project: Project) -> None:
    # SOP304 reads the decision itself, not the flow: it is no consequence of SOP203
    text = sop(
        REVIEW_LOOP.replace("next: revise}", "next: revice}").replace(
            "    decision: 方案是否通过？\n", "    decision: 方案是否通过？\n    next: publish\n"
        )
    )
    result = run_check(project({CS_PATH: text}))
    assert sorted(codes(result)) == ["SOP203", "SOP304"]


def test_the_same_flow_without_the_mistake_reports_its_deadline(project: Project) -> None:
    text = sop(PLAIN, TIGHT)
    assert codes(run_check(project({CS_PATH: text}))) == ["SOP305"]


# -- the holidays: cn note ---------------------------------------------------------------

WORKING_STEPS = """\
  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 2h}
  - {id: handle, title: 处理投诉, role: cs-agent, time_limit: 2wd}
"""
CALENDAR_STEPS = """\
  - {id: receive, title: 接收投诉, role: cs-agent, time_limit: 2h}
  - {id: handle, title: 处理投诉, role: cs-agent, time_limit: 3d}
"""
NOTE_EN = (
    "holidays: cn covers 2004–2026; for 2027 the worst cases use the holiday weeks of 2025, 2026"
)
NOTE_ZH = (
    "holidays: cn 的法定节假日数据覆盖 2004–2026 年；2027 年的最坏情况暂按 2025、2026 年的假期估算。"
    "国务院公布新一年的放假安排后，请更新 sopc 所用的 chinesecalendar 组件"
)


def notes(result: CheckResult, language: str = "en") -> list[str]:
    return [translator(language).say(note) for note in result.notes]


def cn_check(project: Project, steps: str, deadline: str) -> CheckResult:
    root = project({CS_PATH: sop(steps, deadline)}, config=CN_CONFIG)
    return run_check(root, today=PAST_DATA)


def test_the_note_when_a_calendar_deadline_spans_working_days(project: Project) -> None:
    result = cn_check(project, WORKING_STEPS, "  - {name: 闭环, to: end, within: 30d}\n")
    assert result.findings == []
    assert notes(result) == [NOTE_EN]
    assert notes(result, "zh-CN") == [NOTE_ZH]


def test_no_note_when_no_worst_case_rests_on_working_days(project: Project) -> None:
    calendar_only = cn_check(project, CALENDAR_STEPS, "  - {name: 闭环, to: end, within: 30d}\n")
    working_budget = cn_check(project, WORKING_STEPS, "  - {name: 闭环, to: end, within: 10wd}\n")
    no_deadline = cn_check(project, WORKING_STEPS, "")
    for result in (calendar_only, working_budget, no_deadline):
        assert result.findings == []
        assert result.notes == []


def test_no_note_when_the_worst_path_is_in_calendar_time(project: Project) -> None:
    # the working-time branch is the shorter one: the worst case does not rest on it
    steps = """\
  - id: decide
    title: 判断是否上门
    role: cs-manager
    decision: 是否需要上门？
    branches: [{when: 否, next: call}, {when: 是, next: visit}]
  - {id: call, title: 电话回复, role: cs-agent, time_limit: 4wh, next: end}
  - {id: visit, title: 上门处理, role: cs-agent, time_limit: 20d}
"""
    result = cn_check(project, steps, "  - {name: 处理, to: end, within: 30d}\n")
    assert result.findings == []
    assert result.notes == []


def cn_project(project: Project, count: int) -> Path:
    """`count` SOPs, each with a calendar deadline over working days."""
    text = sop(WORKING_STEPS, "  - {name: 闭环, to: end, within: 30d}\n")
    files: dict[str, str | None] = {CS_PATH: text}
    for i in range(1, count):
        files[f"sops/CS-{i + 100}.sop.yaml"] = text.replace("id: CS-001", f"id: CS-{i + 100}")
    return project(files, config=CN_CONFIG)


def test_the_note_is_said_once_per_run_in_one_process_and_in_several(project: Project) -> None:
    root = cn_project(project, 6)
    serial = check([root], today=PAST_DATA, jobs=1)
    assert serial.findings == []
    assert notes(serial) == [NOTE_EN]
    for jobs in (2, 3):
        sharded = check([root], today=PAST_DATA, jobs=jobs)
        assert sharded.notes == serial.notes
        assert sharded.findings == []


def test_the_cli_prints_the_note_once_in_the_projects_language(project: Project) -> None:
    root = cn_project(project, 3)
    (root / "sopc.yaml").write_text(CN_CONFIG + "language: zh-CN\n", encoding="utf-8")
    run = sopc("check", str(root), "--today", PAST_DATA.isoformat())
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.findall("holidays: cn", run.stderr) == ["holidays: cn"]
    assert NOTE_ZH in run.stderr
