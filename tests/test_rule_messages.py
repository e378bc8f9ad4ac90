"""What a person reads: every rule on documents, references and writing fires on a
real file, in English exactly as before and in the Chinese a quality manager reads,
from the API and from the command line. Display names written for ids and SOP109 are
tested in tests/test_rules.py, change control (SOP501–SOP504, SOP502 with SOP104) on
real git repositories in tests/test_change_rules.py, with their Chinese too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from sopc.commands.check import CheckResult
from sopc.findings import Finding
from sopc.i18n import translator
from tests.conftest import (
    BASE_SOP,
    CONFIG,
    CS_PATH,
    FIN_PATH,
    FIN_SOP,
    TODAY,
    Project,
    locate,
    run_check,
    sopc,
)

ENGLISH, CHINESE = translator("en"), translator("zh-CN")
SUP_PATH = "sops/SUP-001-supplier-admission.sop.yaml"
SUP_SOP = FIN_SOP.replace("FIN-003", "SUP-001").replace("退款流程", "供应商准入与复评流程")
SUPERVISOR = "  complaint-supervisor: {name: 投诉主管, department: 客服部}\n"
CONFIG_SUPERVISOR = CONFIG.replace("forms:\n", SUPERVISOR + "forms:\n")
REVISED_13 = '  - {version: "1.3", date: 2026-11-10, changes: 回访时限改为 2 个工作日}\n'


def said(finding: Finding) -> tuple[str, str]:
    """The finding's message in English and in Chinese."""
    return ENGLISH.say(finding.message), CHINESE.say(finding.message)


def only(result: CheckResult, code: str) -> Finding:
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, [(f.code, ENGLISH.say(f.message)) for f in result.findings]
    return found[0]


@dataclass(frozen=True)
class Case:
    """One mistake in the base project: `edits` to CS-001 (old → new, in order), other
    files, a config; what the rule says at `needle` in both languages."""

    code: str
    edits: tuple[tuple[str, str], ...]
    english: str
    chinese: str
    needle: str | None = None
    files: dict[str, str | None] = field(default_factory=dict)
    config: str = CONFIG
    today: date = TODAY


CASES = [
    Case(
        "SOP101",
        (),
        "SOP id 'CS-001' is also used by sops/CS-001-copy.sop.yaml",
        "流程编号 'CS-001' 也被 sops/CS-001-copy.sop.yaml 使用：每个流程的编号必须唯一",
        files={"sops/CS-001-copy.sop.yaml": BASE_SOP},
        needle="CS-001",
    ),
    Case(
        "SOP102",
        (("id: CS-001", "id: COMPLAINT-1"),),
        "SOP id 'COMPLAINT-1' does not match id_pattern '^[A-Z]{2,5}-\\\\d{3}$'",
        "流程编号 'COMPLAINT-1' 不符合 sopc.yaml 中 id_pattern 规定的编号格式 '^[A-Z]{2,5}-\\\\d{3}$'",
        needle="COMPLAINT-1",
    ),
    Case(
        "SOP104",
        (('version: "1.2"\n', 'version: "1.3"\n'),),
        "revisions has no entry for the current version 1.3",
        "修订记录（revisions）中没有当前版本 1.3 的条目：请在最上方补一条",
        needle='- {version: "1.2"',
    ),
    Case(
        "SOP105",
        (("  approver: {name: 王强, date: 2026-02-25}", "  approver: {name: 王强}"),),
        "status 'effective' needs the approver's date (approval.approver with name and date)",
        "状态为 'effective' 时需要批准人的签署日期（在 approval.approver 中填写姓名和日期）",
        needle="{name: 王强}",
    ),
    Case(
        "SOP105",
        (("  approver: {name: 王强, date: 2026-02-25}\n", ""),),
        "status 'effective' needs an approver (approval.approver with name and date)",
        "状态为 'effective' 时需要批准人（在 approval.approver 中填写姓名和日期）",
        needle="author:",
    ),
    Case(
        "SOP105",
        (("effective_date: 2026-03-01\n", ""),),
        "status 'effective' needs an effective_date",
        "状态为 'effective' 时需要填写生效日期（effective_date）",
        needle="effective\n",
    ),
    Case(
        "SOP106",
        (("approver: {name: 王强, date: 2026-02-25}", "approver: {name: 王强, date: 2026-02-15}"),),
        "approver 2026-02-15 is before the reviewer date 2026-02-20"
        " (author ≤ reviewer ≤ approver ≤ effective)",
        "批准日期 2026-02-15 早于审核日期 2026-02-20（顺序应为：编制 ≤ 审核 ≤ 批准 ≤ 生效）",
        needle="2026-02-15",
    ),
    Case(
        "SOP106",
        (("effective_date: 2026-03-01", "effective_date: 2026-02-24"),),
        "effective date 2026-02-24 is before the approver date 2026-02-25"
        " (author ≤ reviewer ≤ approver ≤ effective)",
        "生效日期 2026-02-24 早于批准日期 2026-02-25（顺序应为：编制 ≤ 审核 ≤ 批准 ≤ 生效）",
        needle="2026-02-24",
    ),
    Case(
        "SOP106",
        (("date: 2025-08-01", "date: 2026-08-01"),),
        "revisions are not newest first: 2026-08-01 (1.1) is newer than 2026-02-25 (1.2) above it",
        "修订记录应从新到旧排列：2026-08-01（1.1 版）比排在它上面的 2026-02-25（1.2 版）更新",
        needle="2026-08-01",
    ),
    Case(
        "SOP106",
        (('version: "1.1", date', 'version: "1.3", date'),),
        "revisions are not newest first: version 1.3 is listed below 1.2",
        "修订记录应从新到旧排列：1.3 版排在了 1.2 版的下面",
        needle='"1.3"',
    ),
    Case(
        "SOP107",
        (),
        "periodic review was due on 2027-03-01 (1 days ago); review the SOP and update review",
        "定期复审已于 2027-03-01 到期（已过 1 天）：请复审本流程，并更新 review 中的复审日期",
        today=date(2027, 3, 2),
        needle="{interval: 6mo",
    ),
    Case(
        "SOP109",
        (
            ('version: "1.2"\n', 'version: "1.3"\n'),
            ("revisions:\n", f"revisions:\n{REVISED_13}"),
        ),
        "the approver signed on 2026-02-25, before version 1.3 was revised on 2026-11-10: "
        "the approval may be for an earlier version; have 1.3 approved and update "
        "approval.approver, or correct the dates",
        "批准日期 2026-02-25 早于 1.3 版的修订日期 2026-11-10，这次批准可能针对的是旧版本："
        "请将 1.3 版重新报批并更新 approval.approver，或更正日期",
        needle="2026-02-25}",
    ),
    Case(
        "SOP201",
        (("role: cs-agent", "role: cs-agnet"),),
        "unknown role 'cs-agnet' (did you mean 'cs-agent'?)",
        "未知岗位 'cs-agnet'（是否想写 'cs-agent'？）",
        needle="cs-agnet",
    ),
    Case(
        "SOP202",
        (("roles:\n  complaint-lead:", "roles:\n  ghost: {name: 幽灵}\n  complaint-lead:"),),
        "local role 'ghost' (幽灵) is not used by any step, exception or owner",
        "本流程定义的岗位 'ghost'（幽灵）没有任何步骤、异常处理或流程负责人用到：请把它分配给相应的步骤，或删除",
        needle="ghost",
    ),
    Case(
        "SOP203",
        (("next: reply}", "next: replay}"),),
        "no step 'replay' in CS-001 (did you mean 'reply'?)",
        "CS-001 中没有步骤 'replay'（是否想写 'reply'？）",
        needle="replay",
    ),
    Case(
        "SOP203",
        (("to: end, within: 10d", 'to: "sop:FIN-003", within: 10d'),),
        "a deadline ends at a step of this SOP or at end, not at a hand-off",
        "时限要求的终点（to）只能是本流程的步骤或 end，不能是转入其他流程的 sop: 引用",
        needle='"sop:FIN-003", within',
    ),
    Case(
        "SOP204",
        (('"form:complaint-register"', '"form:complaint-registr"'),),
        "unknown form 'complaint-registr' (did you mean 'complaint-register'?)",
        "未知表单 'complaint-registr'（是否想写 'complaint-register'？）",
        needle='"form:complaint-registr"',
    ),
    Case(
        "SOP205",
        (('    outputs: ["form:survey-record"]\n', ""),),
        "local form 'survey-record' (回访记录表) is not used by any step",
        "本流程定义的表单 'survey-record'（回访记录表）没有任何步骤用到：请在填写它的步骤中引用 form:survey-record，或删除",
        needle="survey-record",
    ),
    Case(
        "SOP206",
        (('references: ["sop:FIN-003"]', 'references: ["sop:FIN-030"]'),),
        "no SOP 'FIN-030' in the project (did you mean 'FIN-003'?)",
        "项目中没有编号为 'FIN-030' 的流程（是否想写 'FIN-003'？）",
        needle='"sop:FIN-030"',
    ),
    Case(
        "SOP207",
        (("  - id: reply", "  - id: receive"),),
        "step id 'receive' is already used by step 1 (接收并登记投诉)",
        "步骤编号 'receive' 已被第 1 步（接收并登记投诉）使用：请换一个编号",
        needle="receive\n    title: 回复",
    ),
    Case(
        "SOP208",
        (("  complaint-lead:", "  cs-agent: {name: 别名}\n  complaint-lead:"),),
        "local role 'cs-agent' reuses the organisation-wide role of sopc.yaml (客服专员)",
        "本流程定义的岗位 'cs-agent' 与 sopc.yaml 中全组织共用的岗位（客服专员）编号相同：请直接使用共用的岗位，或换一个编号",
        needle="cs-agent: {name: 别名}",
    ),
    Case(
        "SOP208",
        (
            (
                "forms:\n  survey-record:",
                "forms:\n  complaint-register: {name: 登记表}\n  survey-record:",
            ),
        ),
        "local form 'complaint-register' reuses the organisation-wide form of sopc.yaml (客户投诉登记表)",
        "本流程定义的表单 'complaint-register' 与 sopc.yaml 中全组织共用的表单（客户投诉登记表）编号相同：请直接使用共用的表单，或换一个编号",
        needle="complaint-register: {name: 登记表}",
    ),
    Case(
        "SOP209",
        (('outputs: ["form:complaint-register"]', "outputs: [《客户投诉登记表》]"),),
        "'《客户投诉登记表》' is the name of a defined form (did you mean 'form:complaint-register'?)"
        ": written as form:ID, the manual links it",
        "'《客户投诉登记表》' 是已定义表单的名称（是否想写 'form:complaint-register'？）"
        "：写成 form:编号 的形式，手册才会链接到该表单",
        needle="《客户投诉登记表》",
    ),
    Case(
        "SOP401",
        (("title: 回复客户处理结果", "title: 请尽快回复客户"),),
        "vague wording '尽快': say who does what, and by when",
        "表述含糊 '尽快'：请写明由谁做什么、在什么时限内完成",
        needle="尽快",
    ),
    Case(
        "SOP402",
        (('    outputs: ["form:complaint-register"]\n    time_limit: 10m\n', ""),),
        "step 'receive' has no time_limit, outputs (policy.step_requires)",
        "步骤 'receive' 缺少 time_limit、outputs（sopc.yaml 的 policy.step_requires 要求每个步骤都填写）",
        config=CONFIG + "policy: {step_requires: [role, time_limit, outputs]}\n",
        needle="id: receive",
    ),
    Case(
        "SOP403",
        (("purpose: 规范客户投诉处理。\n", ""),),
        "the SOP has no purpose: say why it exists and where it starts and ends",
        "本流程没有写目的（purpose）：请说明为什么需要这个流程，以及它从哪里开始、到哪里结束",
        needle="id: CS-001",
    ),
    Case(
        "SOP403",
        (("scope: {start: 客户提交投诉, end: 投诉关闭}\n", ""),),
        "the SOP has no scope: say why it exists and where it starts and ends",
        "本流程没有写适用范围（scope）：请说明为什么需要这个流程，以及它从哪里开始、到哪里结束",
        needle="id: CS-001",
    ),
    Case(
        "SOP403",
        (("purpose: 规范客户投诉处理。\nscope: {start: 客户提交投诉, end: 投诉关闭}\n", ""),),
        "the SOP has no purpose and no scope: say why it exists and where it starts and ends",
        "本流程没有写目的（purpose）和适用范围（scope）：请说明为什么需要这个流程，以及它从哪里开始、到哪里结束",
        needle="id: CS-001",
    ),
]


def run_case(project: Project, case: Case) -> tuple[str, CheckResult]:
    text = BASE_SOP
    for old, new in case.edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text, run_check(
        project({CS_PATH: text, **case.files}, config=case.config), today=case.today
    )


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_in_both_languages(project: Project, case: Case) -> None:
    text, result = run_case(project, case)
    finding = next(f for f in result.findings if f.code == case.code and f.path == CS_PATH)
    assert said(finding) == (case.english, case.chinese)
    if case.needle is not None:
        assert (finding.span.line, finding.span.column) == locate(text, case.needle)


def test_sop103_names_the_file(project: Project) -> None:
    moved = run_check(project({CS_PATH: None, "sops/complaints.sop.yaml": BASE_SOP}))
    assert said(only(moved, "SOP103")) == (
        "file name 'complaints.sop.yaml' does not start with the SOP id 'CS-001'",
        "文件名 'complaints.sop.yaml' 没有以流程编号 'CS-001' 开头：请将文件改名，以编号开头",
    )


def test_sop108_names_the_retired_sop(project: Project) -> None:
    retired = run_check(project({FIN_PATH: FIN_SOP.replace("status: draft", "status: retired")}))
    found = [f for f in retired.findings if f.code == "SOP108"]
    assert len(found) == 2  # the hand-off and the reference
    assert {said(f) for f in found} == {
        (
            "sop:FIN-003 (退款流程) is retired",
            "sop:FIN-003（退款流程）已废止：请改为引用替代它的流程",
        )
    }


def test_a_markdown_heading_that_names_no_step(project: Project) -> None:
    front = FIN_SOP.replace("FIN-003", "FIN-004").replace("退款流程", "退款复核")
    text = f"---\n{front}---\n\n# 退款\n\n## 办理退款 {{#refund}}\n\n## 其他 {{#refnd}}\n"
    result = run_check(project({"sops/FIN-004-check.sop.md": text}))
    assert said(only(result, "SOP203")) == (
        "heading {#refnd} names no step of FIN-004 (did you mean 'refund'?)",
        "标题 {#refnd} 在 FIN-004 中没有对应的步骤（是否想写 'refund'？）",
    )


@pytest.mark.parametrize(
    ("rules", "english", "chinese"),
    [
        (
            "{vauge-term: off}",
            "unknown rule 'vauge-term' (did you mean 'vague-term'?)",
            "未知规则 'vauge-term'（是否想写 'vague-term'？）",
        ),
        ("{SOP001: off}", "SOP001 parse-error cannot be turned off", "SOP001 parse-error 不能关闭"),
    ],
)
def test_the_rules_settings_of_sopc_yaml(
    project: Project, rules: str, english: str, chinese: str
) -> None:
    result = run_check(project(config=CONFIG + f"rules: {rules}\n"))
    finding = only(result, "SOP008")
    assert said(finding) == (english, chinese)
    assert (finding.path, finding.span.line) == ("sopc.yaml", CONFIG.count("\n") + 1)


# -- the command line, as a person runs it -----------------------------------------------


def test_check_speaks_the_projects_language(project: Project) -> None:
    text = BASE_SOP.replace("role: cs-agent", "role: cs-agnet").replace(
        "owner: cs-manager", "owner: 投诉主管"
    )
    root = project({CS_PATH: text}, config="language: zh-CN\n" + CONFIG_SUPERVISOR)
    run = sopc("check", str(root), "--today", "2026-11-20")
    assert run.returncode == 1
    assert "SOP201 [error] 未知岗位 'cs-agnet'（是否想写 'cs-agent'？）" in run.stdout
    assert "未知岗位 '投诉主管'（是否想写 'complaint-supervisor'（投诉主管）？）" in run.stdout
    english = sopc("check", str(root), "--today", "2026-11-20", "--lang", "en")
    assert "SOP201 [error] unknown role 'cs-agnet' (did you mean 'cs-agent'?)" in english.stdout
