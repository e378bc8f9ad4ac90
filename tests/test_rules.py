"""Each rule SOP101–SOP209: fires with its code at the value's line and column, or stays
silent; display names written for ids get the id (in both languages); SOP109."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import (
    BASE_SOP,
    CONFIG,
    CS_PATH,
    FIN_PATH,
    FIN_SOP,
    Project,
    locate,
    run_check,
)
from tests.test_rule_messages import (
    CHINESE,
    CONFIG_SUPERVISOR,
    ENGLISH,
    REVISED_13,
    SUP_PATH,
    SUP_SOP,
    only,
    said,
)


def at(root_findings: list, code: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.span.line, f.span.column) for f in root_findings if f.code == code]


def test_base_project_is_clean(project: Project) -> None:
    result = run_check(project())
    assert result.findings == []
    assert result.exit_code() == 0
    assert (result.files, result.sops) == (2, 2)


# (code, old text, new text, needle marking where the finding must be, occurrence)
EDITS = [
    ("SOP102", "id: CS-001", "id: COMPLAINT-1", "COMPLAINT-1", 1),
    ("SOP104", 'version: "1.2"\n', 'version: "1.3"\n', '- {version: "1.2"', 1),
    (
        "SOP105",
        "  approver: {name: 王强, date: 2026-02-25}",
        "  approver: {name: 王强}",
        "{name: 王强}",
        1,
    ),
    ("SOP105", "effective_date: 2026-03-01\n", "", "effective\n", 1),
    (
        "SOP106",
        "approver: {name: 王强, date: 2026-02-25}",
        "approver: {name: 王强, date: 2026-02-15}",
        "2026-02-15",
        1,
    ),
    ("SOP106", "date: 2025-08-01", "date: 2026-08-01", "2026-08-01", 1),
    ("SOP106", 'version: "1.1", date', 'version: "1.3", date', '"1.3"', 1),
    ("SOP201", "role: cs-agent", "role: cs-agnet", "cs-agnet", 1),
    ("SOP201", "escalate_to: ops-director", "escalate_to: ceo", "ceo", 1),
    ("SOP201", "owner: cs-manager", "owner: nobody", "nobody", 1),
    (
        "SOP202",
        "roles:\n  complaint-lead:",
        "roles:\n  ghost: {name: 幽灵}\n  complaint-lead:",
        "ghost",
        1,
    ),
    ("SOP203", "next: reply}", "next: aprove}", "aprove", 1),
    ("SOP203", "steps: [reply]", "steps: [replay]", "replay", 1),
    ("SOP203", "steps: [receive]", "steps: [recieve]", "recieve", 1),
    ("SOP203", "from: receive", "from: recv", "recv", 1),
    (
        "SOP204",
        '"form:complaint-register"',
        '"form:complaint-registr"',
        '"form:complaint-registr"',
        1,
    ),
    ("SOP205", '    outputs: ["form:survey-record"]\n', "", "survey-record", 1),
    ("SOP206", 'references: ["sop:FIN-003"]', 'references: ["sop:FIN-030"]', '"sop:FIN-030"', 1),
    ("SOP207", "  - id: reply", "  - id: receive", "receive\n    title: 回复", 1),
    (
        "SOP208",
        "  complaint-lead:",
        "  cs-agent: {name: 别名}\n  complaint-lead:",
        "cs-agent: {name: 别名}",
        1,
    ),
]


@pytest.mark.parametrize(("code", "old", "new", "needle", "nth"), EDITS, ids=[e[0] for e in EDITS])
def test_rule_fires_at_the_value(
    project: Project, code: str, old: str, new: str, needle: str, nth: int
) -> None:
    assert old in BASE_SOP
    text = BASE_SOP.replace(old, new, 1)
    result = run_check(project({CS_PATH: text}))
    assert (CS_PATH, *locate(text, needle, nth)) in at(result.findings, code), result.findings
    assert {f.sop for f in result.findings if f.code == code} == {
        "CS-001" if "COMPLAINT" not in new else "COMPLAINT-1"
    }


def test_sop101_names_both_files(project: Project) -> None:
    result = run_check(project({"sops/CS-001-copy.sop.yaml": BASE_SOP}))
    found = [f for f in result.findings if f.code == "SOP101"]
    assert [(f.path, f.span.line, f.span.column) for f in found] == [
        (CS_PATH, 1, 5),
        ("sops/CS-001-copy.sop.yaml", 1, 5),
    ]
    assert "sops/CS-001-copy.sop.yaml" in ENGLISH.say(found[0].message)
    assert CS_PATH in ENGLISH.say(found[1].message)


def test_sop103_filename_mismatch(project: Project) -> None:
    root = project({CS_PATH: None, "sops/complaints.sop.yaml": BASE_SOP})
    result = run_check(root)
    assert at(result.findings, "SOP103") == [("sops/complaints.sop.yaml", 1, 5)]
    assert "complaints.sop.yaml" in ENGLISH.say(result.findings[0].message)


def test_sop103_wants_a_separator_after_the_id(project: Project) -> None:
    result = run_check(project({CS_PATH: None, "sops/CS-0010.sop.yaml": BASE_SOP}))
    assert at(result.findings, "SOP103") == [("sops/CS-0010.sop.yaml", 1, 5)]


def test_sop107_review_overdue_depends_on_today(project: Project) -> None:
    root = project()
    assert at(run_check(root, today=date(2027, 2, 28)).findings, "SOP107") == []
    late = run_check(root, today=date(2027, 3, 2)).findings
    assert at(late, "SOP107") == [(CS_PATH, *locate(BASE_SOP, "{interval: 6mo"))]
    assert "2027-03-01" in ENGLISH.say(late[0].message)


def test_sop107_silent_for_drafts(project: Project) -> None:
    text = BASE_SOP.replace("status: effective", "status: draft")
    assert at(run_check(project({CS_PATH: text}), today=date(2030, 1, 1)).findings, "SOP107") == []


def test_sop108_retired_reference_and_handoff(project: Project) -> None:
    root = project({FIN_PATH: FIN_SOP.replace("status: draft", "status: retired")})
    found = at(run_check(root).findings, "SOP108")
    assert found == [
        (CS_PATH, *locate(BASE_SOP, '"sop:FIN-003"', 1)),
        (CS_PATH, *locate(BASE_SOP, '"sop:FIN-003"', 2)),
    ]


def test_sop105_draft_needs_no_approval(project: Project) -> None:
    text = BASE_SOP.replace("status: effective", "status: draft")
    start, end = text.index("approval:"), text.index("purpose:")
    text = text[:start] + text[end:]
    assert "approval" not in text
    assert run_check(project({CS_PATH: text})).findings == []


def test_sop206_does_not_fire_for_a_broken_but_present_sop(project: Project) -> None:
    root = project({FIN_PATH: FIN_SOP.replace("title: 退款流程\n", "")})
    result = run_check(root)
    assert at(result.findings, "SOP206") == []
    assert at(result.findings, "SOP005") == [(FIN_PATH, 1, 1)]


def test_markdown_section_naming_no_step(project: Project) -> None:
    front = FIN_SOP.replace("FIN-003", "FIN-004").replace("退款流程", "退款复核")
    text = f"---\n{front}---\n\n# 退款\n\n## 办理退款 {{#refund}}\n\n说明\n\n## 其他 {{#refnd}}\n"
    result = run_check(project({"sops/FIN-004-check.sop.md": text}))
    assert at(result.findings, "SOP203") == [
        ("sops/FIN-004-check.sop.md", *locate(text, "{#refnd}"))
    ]
    assert "did you mean 'refund'" in ENGLISH.say(result.findings[0].message)


def test_check_files_reports_those_with_the_project_loaded(project: Project) -> None:
    text = BASE_SOP.replace("role: cs-agent", "role: cs-agnet")
    root = project({CS_PATH: text, FIN_PATH: FIN_SOP.replace("role: cs-agent", "role: x")})
    only_fin = run_check(root, FIN_PATH)
    assert {f.path for f in only_fin.findings} == {FIN_PATH}
    only_cs = run_check(root, CS_PATH)
    assert {f.code for f in only_cs.findings} == {"SOP201"}  # sop:FIN-003 still resolves
    assert only_cs.files == 1


def test_severity_configuration(project: Project) -> None:
    text = BASE_SOP.replace("role: cs-agent", "role: cs-agnet").replace(
        'version: "1.2"\n', 'version: "1.3"\n'
    )
    config = CONFIG + "rules:\n  unknown-role: warning\n  SOP104: off\n"
    result = run_check(project({CS_PATH: text}, config=config))
    assert [(f.code, f.severity) for f in result.findings] == [("SOP201", "warning")]
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1


# -- display names written where an id belongs (issue 11, item 4) ------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("owner: cs-manager", "owner: 投诉主管", "投诉主管"),
        ("role: complaint-lead", "role: 投诉主管", "投诉主管"),
        ("escalate_to: ops-director", "escalate_to: 投诉主管", "投诉主管"),
    ],
)
def test_a_role_written_by_its_name(project: Project, old: str, new: str, needle: str) -> None:
    text = BASE_SOP.replace(old, new, 1)
    result = run_check(project({CS_PATH: text}, config=CONFIG_SUPERVISOR))
    finding = only(result, "SOP201")
    assert said(finding) == (
        f"unknown role {needle!r} (did you mean 'complaint-supervisor' (投诉主管)?)",
        f"未知岗位 {needle!r}（是否想写 'complaint-supervisor'（投诉主管）？）",
    )
    assert (finding.span.line, finding.span.column) == locate(text, needle)


@pytest.mark.parametrize(
    ("written", "hint_en", "hint_zh"),
    [
        # a name a little off: the closest name, after no id came close
        (
            "投诉主官",
            " (did you mean 'complaint-supervisor' (投诉主管)?)",
            "（是否想写 'complaint-supervisor'（投诉主管）？）",
        ),
        # full-width letters are the id
        ("ＣＳ-agent", " (did you mean 'cs-agent'?)", "（是否想写 'cs-agent'？）"),
        # nothing near: no hint at all
        ("财务总监", "", ""),
    ],
)
def test_role_hints_by_closeness(
    project: Project, written: str, hint_en: str, hint_zh: str
) -> None:
    text = BASE_SOP.replace("role: complaint-lead", f"role: {written}", 1)
    finding = only(run_check(project({CS_PATH: text}, config=CONFIG_SUPERVISOR)), "SOP201")
    assert said(finding) == (f"unknown role {written!r}{hint_en}", f"未知岗位 {written!r}{hint_zh}")


def test_a_form_reference_written_by_its_name(project: Project) -> None:
    text = BASE_SOP.replace('"form:complaint-register"', '"form:客户投诉登记表"')
    finding = only(run_check(project({CS_PATH: text})), "SOP204")
    assert said(finding) == (
        "unknown form '客户投诉登记表' (did you mean 'form:complaint-register' (客户投诉登记表)?)",
        "未知表单 '客户投诉登记表'（是否想写 'form:complaint-register'（客户投诉登记表）？）",
    )


@pytest.mark.parametrize(
    "written", ["《客户投诉登记表》", "客户投诉登记表", "《 客户投诉登记表 》"]
)
def test_a_form_named_in_plain_text_is_a_gentle_hint(project: Project, written: str) -> None:
    text = BASE_SOP.replace('"form:complaint-register"', f'"{written}"')
    result = run_check(project({CS_PATH: text}))
    finding = only(result, "SOP209")
    assert finding.severity == "info"
    assert result.exit_code(strict=True) == 0  # a hint never fails a build
    assert "(did you mean 'form:complaint-register'?)" in ENGLISH.say(finding.message)
    assert "（是否想写 'form:complaint-register'？）" in CHINESE.say(finding.message)
    assert (finding.span.line, finding.span.column) == locate(text, f'"{written}"')


def test_plain_text_that_is_no_form_name_is_fine(project: Project) -> None:
    text = BASE_SOP.replace('"form:complaint-register"', "客户投诉登记表复印件")
    assert run_check(project({CS_PATH: text})).findings == []


def test_a_local_form_named_in_plain_text_is_one_finding(project: Project) -> None:
    """SOP205 would only repeat what SOP209 says of the same text."""
    text = BASE_SOP.replace('outputs: ["form:survey-record"]', "outputs: [回访记录表]")
    result = run_check(project({CS_PATH: text}))
    assert [f.code for f in result.findings] == ["SOP209"]
    assert CHINESE.say(result.findings[0].message) == (
        "'回访记录表' 是已定义表单的名称（是否想写 'form:survey-record'？）"
        "：写成 form:编号 的形式，手册才会链接到该表单"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('{when: 是, next: "sop:FIN-003"}', '{when: 是, next: "sop:供应商准入与复评流程"}'),
        ('references: ["sop:FIN-003"]', 'references: ["sop:供应商准入与复评流程"]'),
    ],
)
def test_an_sop_named_by_its_title(project: Project, old: str, new: str) -> None:
    text = BASE_SOP.replace(old, new, 1)
    finding = only(run_check(project({CS_PATH: text, SUP_PATH: SUP_SOP})), "SOP206")
    assert said(finding) == (
        "no SOP '供应商准入与复评流程' in the project (did you mean 'sop:SUP-001' (供应商准入与复评流程)?)",
        "项目中没有编号为 '供应商准入与复评流程' 的流程（是否想写 'sop:SUP-001'（供应商准入与复评流程）？）",
    )


def test_a_step_named_by_its_title(project: Project) -> None:
    text = BASE_SOP.replace("next: reply}", "next: 回复客户处理结果}")
    finding = only(run_check(project({CS_PATH: text})), "SOP203")
    assert said(finding) == (
        "no step '回复客户处理结果' in CS-001 (did you mean 'reply' (回复客户处理结果)?)",
        "CS-001 中没有步骤 '回复客户处理结果'（是否想写 'reply'（回复客户处理结果）？）",
    )


# -- SOP109: approval belongs to the version (issue 11, item 7) ---------------------------


def revised(approver_date: str, status: str = "effective") -> str:
    """CS-001 at version 1.3, revised on 2026-11-10, approved on `approver_date`."""
    text = BASE_SOP.replace('version: "1.2"\n', 'version: "1.3"\n')
    text = text.replace("revisions:\n", f"revisions:\n{REVISED_13}")
    text = text.replace("date: 2026-02-25}\npurpose", f"date: {approver_date}}}\npurpose")
    text = text.replace("effective_date: 2026-03-01", "effective_date: 2026-11-16")
    return text.replace("status: effective", f"status: {status}")


@pytest.mark.parametrize(
    ("approver_date", "status", "codes"),
    [
        ("2026-02-25", "effective", ["SOP109"]),
        ("2026-02-25", "approved", ["SOP109"]),
        ("2026-02-25", "review", []),  # not signed yet: nothing belongs to a version
        ("2026-11-10", "effective", []),  # approved on the day of the revision
        ("2026-11-12", "effective", []),
        ("2026-02-15", "effective", ["SOP106"]),  # before the reviewer too: one wrong date
    ],
)
def test_approval_outdated(
    project: Project, approver_date: str, status: str, codes: list[str]
) -> None:
    text = revised(approver_date, status)
    assert f"approver: {{name: 王强, date: {approver_date}}}" in text
    result = run_check(project({CS_PATH: text}))
    assert [f.code for f in result.findings] == codes
    for finding in result.findings:
        assert (finding.span.line, finding.span.column) == locate(text, approver_date)


def test_approval_outdated_warns_and_can_be_made_an_error(project: Project) -> None:
    """The dates cannot prove the version unapproved (some date an entry on its
    effective day), so a warning by default; an organisation can make it an error."""
    warned = run_check(project({CS_PATH: revised("2026-02-25")}))
    finding = only(warned, "SOP109")
    assert finding.severity == "warning"
    assert (warned.exit_code(), warned.exit_code(strict=True)) == (0, 1)
    assert CHINESE.say(finding.message) == (
        "批准日期 2026-02-25 早于 1.3 版的修订日期 2026-11-10，这次批准可能针对的是旧版本："
        "请将 1.3 版重新报批并更新 approval.approver，或更正日期"
    )
    config = CONFIG + "rules: {approval-outdated: error}\n"
    strict = run_check(project({CS_PATH: revised("2026-02-25")}, config=config))
    assert only(strict, "SOP109").severity == "error"
    assert strict.exit_code() == 1
