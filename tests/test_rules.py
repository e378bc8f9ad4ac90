"""Each rule SOP101–SOP208: fires with its code at the value's line and column, or stays silent."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import BASE_SOP, CS_PATH, FIN_PATH, FIN_SOP, Project, locate, run_check


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
    assert "sops/CS-001-copy.sop.yaml" in found[0].message
    assert CS_PATH in found[1].message


def test_sop103_filename_mismatch(project: Project) -> None:
    root = project({CS_PATH: None, "sops/complaints.sop.yaml": BASE_SOP})
    result = run_check(root)
    assert at(result.findings, "SOP103") == [("sops/complaints.sop.yaml", 1, 5)]
    assert "complaints.sop.yaml" in result.findings[0].message


def test_sop103_wants_a_separator_after_the_id(project: Project) -> None:
    result = run_check(project({CS_PATH: None, "sops/CS-0010.sop.yaml": BASE_SOP}))
    assert at(result.findings, "SOP103") == [("sops/CS-0010.sop.yaml", 1, 5)]


def test_sop107_review_overdue_depends_on_today(project: Project) -> None:
    root = project()
    assert at(run_check(root, today=date(2027, 2, 28)).findings, "SOP107") == []
    late = run_check(root, today=date(2027, 3, 2)).findings
    assert at(late, "SOP107") == [(CS_PATH, *locate(BASE_SOP, "{interval: 6mo"))]
    assert "2027-03-01" in late[0].message


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
    assert "did you mean 'refund'" in result.findings[0].message


def test_check_files_reports_those_with_the_project_loaded(project: Project) -> None:
    text = BASE_SOP.replace("role: cs-agent", "role: cs-agnet")
    root = project({CS_PATH: text, FIN_PATH: FIN_SOP.replace("role: cs-agent", "role: x")})
    only_fin = run_check(root, FIN_PATH)
    assert {f.path for f in only_fin.findings} == {FIN_PATH}
    only_cs = run_check(root, CS_PATH)
    assert {f.code for f in only_cs.findings} == {"SOP201"}  # sop:FIN-003 still resolves
    assert only_cs.files == 1


def test_severity_configuration(project: Project) -> None:
    from tests.conftest import CONFIG

    text = BASE_SOP.replace("role: cs-agent", "role: cs-agnet").replace(
        'version: "1.2"\n', 'version: "1.3"\n'
    )
    config = CONFIG + "rules:\n  unknown-role: warning\n  SOP104: off\n"
    result = run_check(project({CS_PATH: text}, config=config))
    assert [(f.code, f.severity) for f in result.findings] == [("SOP201", "warning")]
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1
