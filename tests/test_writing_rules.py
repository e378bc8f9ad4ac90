"""Writing rules SOP401–SOP403: vague wording, steps complete by policy, purpose and scope."""

from __future__ import annotations

import pytest

from sopc.commands.check import CheckResult
from sopc.i18n import translator
from tests.conftest import CONFIG, CS_PATH, FIN_PATH, FIN_SOP, Project, locate, run_check

STEPS = """\
  - id: receive
    title: 接收并登记投诉
    role: cs-agent
    time_limit: 10m
    outputs: ["form:complaint-register"]
    standard: 投诉人、联系方式、问题描述齐全
    control: 紧急投诉 1 小时内上报客服主管
    notes: [信息需客观准确]
  - id: decide
    title: 判断是否退款
    role: cs-manager
    outputs: [退款判定]
    decision: 是否退款？
    branches: [{when: 是, next: "sop:FIN-003"}, {when: 否, next: reply}]
  - {id: reply, title: 回复客户处理结果, role: cs-agent, time_limit: 2h, outputs: [回复记录]}
"""

EXCEPTIONS = """\
exceptions:
  - id: rejects
    when: 客户拒绝解决方案
    action: 升级至运营总监协调
    role: cs-manager
"""

BASE = (
    "id: CS-001\n"
    "title: 客户投诉处理流程\n"
    'version: "1.0"\n'
    "status: draft\n"
    "owner: cs-manager\n"
    "purpose: 规范客户投诉处理。\n"
    "scope: {start: 客户提交投诉, end: 投诉关闭}\n"
    "steps:\n" + STEPS + EXCEPTIONS + 'revisions:\n  - {version: "1.0", date: 2026-01-01}\n'
)

STRICT_POLICY = CONFIG + "policy: {step_requires: [role, time_limit, outputs]}\n"

# the hand-off target, complete under the strict policy too
FIN_COMPLETE = FIN_SOP.replace(
    "{id: refund, title: 办理退款, role: cs-agent}",
    "{id: refund, title: 办理退款, role: cs-agent, time_limit: 1wd, outputs: [退款凭证]}",
)


def check_sop(project: Project, text: str, config: str = CONFIG) -> CheckResult:
    return run_check(project({CS_PATH: text, FIN_PATH: FIN_COMPLETE}, config=config))


def spans(result: CheckResult, code: str) -> list[tuple[str, int, int, int]]:
    return [
        (f.path, f.span.line, f.span.column, f.span.end_column)
        for f in result.findings
        if f.code == code
    ]


def found(result: CheckResult, code: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.span.line, f.span.column) for f in result.findings if f.code == code]


def messages(result: CheckResult, code: str) -> list[str]:
    english = translator("en")
    return [english.say(f.message) for f in result.findings if f.code == code]


def test_base_is_clean_under_the_strict_policy(project: Project) -> None:
    assert check_sop(project, BASE, STRICT_POLICY).findings == []
    assert check_sop(project, BASE).findings == []


# -- SOP401 vague-term -----------------------------------------------------------------


def test_sop401_chinese_term_found_inside_the_text(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: 请尽快回复客户")
    result = check_sop(project, text)
    line, column = locate(text, "尽快")
    assert spans(result, "SOP401") == [(CS_PATH, line, column, column + 2)]
    assert column > locate(text, "请尽快")[1]  # the term, not the start of the value
    [finding] = result.findings
    assert finding.severity == "warning"
    assert (
        translator("en").say(finding.message)
        == "vague wording '尽快': say who does what, and by when"
    )


def test_sop401_chinese_term_at_the_start_of_the_sop_title(project: Project) -> None:
    text = BASE.replace("title: 客户投诉处理流程", "title: 尽快回复客户")
    result = check_sop(project, text)
    assert found(result, "SOP401") == [(CS_PATH, *locate(text, "尽快"))]


@pytest.mark.parametrize(
    ("title", "term"),
    [
        ("Reply promptly", "promptly"),
        ("Reply PROMPTLY", "PROMPTLY"),
        ("Reply asap to the customer", "asap"),
        ("Reply to the customer as soon as possible", "as soon as possible"),
        ("Escalate as needed", "as needed"),
        ("Notify the relevant department", "relevant department"),
        ("Take appropriate action", "appropriate"),
        ("Send a timely reply", "timely"),
        ("Reply (promptly).", "promptly"),
    ],
)
def test_sop401_english_terms_on_word_boundaries_any_case(
    project: Project, title: str, term: str
) -> None:
    text = BASE.replace("title: 回复客户处理结果", f"title: {title}")
    result = check_sop(project, text)
    line, column = locate(text, term)
    assert spans(result, "SOP401") == [(CS_PATH, line, column, column + len(term))]
    assert messages(result, "SOP401") == [f"vague wording {term!r}: say who does what, and by when"]


@pytest.mark.parametrize(
    "title",
    [
        "Reply promptlyx",
        "Chase untimely replies",
        "Check inappropriate content",
        "Compare timelyness",
        "Reply to ASAPs queue",
        "Use the asap_queue tool",
    ],
)
def test_sop401_english_terms_inside_longer_words_are_silent(project: Project, title: str) -> None:
    text = BASE.replace("title: 回复客户处理结果", f"title: {title}")
    assert check_sop(project, text).findings == []


def test_sop401_english_term_next_to_chinese_text(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: 请ASAP回复客户")
    result = check_sop(project, text)
    assert found(result, "SOP401") == [(CS_PATH, *locate(text, "ASAP"))]


def test_sop401_repeated_term_reported_at_each_occurrence(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: 及时核实并及时回复客户")
    result = check_sop(project, text)
    assert found(result, "SOP401") == [
        (CS_PATH, *locate(text, "及时", 1)),
        (CS_PATH, *locate(text, "及时", 2)),
    ]


def test_sop401_column_is_the_matched_word_not_an_earlier_substring(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: Chase untimely replies in a timely way")
    result = check_sop(project, text)
    line, column = locate(text, " timely way")
    assert found(result, "SOP401") == [(CS_PATH, line, column + 1)]
    line, column = found(result, "SOP401")[0][1:]
    assert text.split("\n")[line - 1][column - 1 :].startswith("timely way")


# (field label, old text, new text, needle at the term)
CHECKED_FIELDS = [
    ("sop-title", "title: 客户投诉处理流程", "title: 客户投诉视情况处理流程", "视情况"),
    ("step-title", "title: 接收并登记投诉", "title: 及时接收并登记投诉", "及时"),
    (
        "standard",
        "standard: 投诉人、联系方式、问题描述齐全",
        "standard: 必要时补充问题描述",
        "必要时",
    ),
    (
        "control",
        "control: 紧急投诉 1 小时内上报客服主管",
        "control: 紧急投诉上报有关人员",
        "有关人员",
    ),
    ("exception-action", "action: 升级至运营总监协调", "action: 通知相关部门协调", "相关部门"),
]


@pytest.mark.parametrize(
    ("old", "new", "needle"), [c[1:] for c in CHECKED_FIELDS], ids=[c[0] for c in CHECKED_FIELDS]
)
def test_sop401_fields_checked(project: Project, old: str, new: str, needle: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    result = check_sop(project, text)
    line, column = locate(text, needle)
    assert spans(result, "SOP401") == [(CS_PATH, line, column, column + len(needle))]
    assert [f.code for f in result.findings] == ["SOP401"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("notes: [信息需客观准确]", "notes: [尽快核实信息]"),
        ("purpose: 规范客户投诉处理。", "purpose: 尽快处理客户投诉。"),
        ("when: 客户拒绝解决方案", "when: 客户要求尽快解决"),
    ],
    ids=["notes", "purpose", "exception-when"],
)
def test_sop401_fields_not_checked(project: Project, old: str, new: str) -> None:
    assert old in BASE
    assert check_sop(project, BASE.replace(old, new, 1)).findings == []


def test_sop401_policy_adds_and_removes_terms(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: 看情况及时回复客户")
    default = check_sop(project, text)
    assert found(default, "SOP401") == [(CS_PATH, *locate(text, "及时"))]
    config = CONFIG + "policy: {vague_terms: {add: [看情况], remove: [及时]}}\n"
    tuned = check_sop(project, text, config)
    assert found(tuned, "SOP401") == [(CS_PATH, *locate(text, "看情况"))]
    assert messages(tuned, "SOP401") == ["vague wording '看情况': say who does what, and by when"]


def test_sop401_policy_removes_english_terms_in_any_case(project: Project) -> None:
    text = BASE.replace("title: 回复客户处理结果", "title: Reply promptly")
    config = CONFIG + "policy: {vague_terms: {remove: [PROMPTLY]}}\n"
    assert check_sop(project, text, config).findings == []


def test_sop401_turned_off_when_every_term_is_removed(project: Project) -> None:
    from sopc.rules.writing import VAGUE_TERMS

    text = BASE.replace("title: 回复客户处理结果", "title: 尽快回复客户")
    config = CONFIG + "policy: {vague_terms: {remove: [" + ", ".join(VAGUE_TERMS) + "]}}\n"
    assert check_sop(project, text, config).findings == []


# -- SOP402 step-incomplete ---------------------------------------------------------------


def test_sop402_step_lacks_fields_the_policy_requires(project: Project) -> None:
    text = BASE.replace(
        "  - {id: reply, title: 回复客户处理结果, role: cs-agent, time_limit: 2h, outputs: [回复记录]}",
        "  - {id: reply, title: 回复客户处理结果, role: cs-agent}",
    )
    result = check_sop(project, text, STRICT_POLICY)
    assert found(result, "SOP402") == [(CS_PATH, *locate(text, "{id: reply"))]
    assert messages(result, "SOP402") == [
        "step 'reply' has no time_limit, outputs (policy.step_requires)"
    ]
    assert [f.severity for f in result.findings] == ["warning"]


def test_sop402_block_step_reported_at_its_mapping(project: Project) -> None:
    text = BASE.replace("    role: cs-agent\n    time_limit: 10m\n", "")
    result = check_sop(project, text, STRICT_POLICY)
    assert found(result, "SOP402") == [(CS_PATH, *locate(text, "id: receive"))]
    assert messages(result, "SOP402") == [
        "step 'receive' has no role, time_limit (policy.step_requires)"
    ]


def test_sop402_decision_needs_no_time_limit(project: Project) -> None:
    # `decide` has role and outputs but no time_limit: fine under the strict policy
    assert "time_limit" not in BASE.split("id: decide")[1].split("- {id: reply")[0]
    assert check_sop(project, BASE, STRICT_POLICY).findings == []


def test_sop402_default_policy_only_requires_role(project: Project) -> None:
    bare = BASE.replace(
        "  - {id: reply, title: 回复客户处理结果, role: cs-agent, time_limit: 2h, outputs: [回复记录]}",
        "  - {id: reply, title: 回复客户处理结果, role: cs-agent}",
    )
    assert check_sop(project, bare).findings == []
    no_role = bare.replace(
        "{id: reply, title: 回复客户处理结果, role: cs-agent}",
        "{id: reply, title: 回复客户处理结果}",
    )
    result = check_sop(project, no_role)
    assert found(result, "SOP402") == [(CS_PATH, *locate(no_role, "{id: reply"))]
    assert messages(result, "SOP402") == ["step 'reply' has no role (policy.step_requires)"]


# -- SOP403 missing-purpose ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("removed", "missing"),
    [
        ("purpose: 规范客户投诉处理。\n", "no purpose"),
        ("scope: {start: 客户提交投诉, end: 投诉关闭}\n", "no scope"),
        (
            "purpose: 规范客户投诉处理。\nscope: {start: 客户提交投诉, end: 投诉关闭}\n",
            "no purpose and no scope",
        ),
    ],
    ids=["purpose", "scope", "both"],
)
def test_sop403_missing_purpose_or_scope(project: Project, removed: str, missing: str) -> None:
    text = BASE.replace(removed, "")
    result = check_sop(project, text)
    assert found(result, "SOP403") == [(CS_PATH, 1, 1)]
    assert messages(result, "SOP403") == [
        f"the SOP has {missing}: say why it exists and where it starts and ends"
    ]
    assert [f.severity for f in result.findings] == ["warning"]


def test_sop403_in_markdown_points_into_the_front_matter(project: Project) -> None:
    front = BASE.replace("purpose: 规范客户投诉处理。\n", "")
    root = project(
        {
            CS_PATH: None,
            "sops/CS-001-complaints.sop.md": "---\n" + front + "---\n\n# 说明\n\n正文。\n",
        }
    )
    result = run_check(root)
    assert found(result, "SOP403") == [("sops/CS-001-complaints.sop.md", 2, 1)]


def test_sop403_silent_with_purpose_and_scope(project: Project) -> None:
    assert found(check_sop(project, BASE), "SOP403") == []
