"""Suppression comments and configured severities: what is silenced, where, and exit codes."""

from __future__ import annotations

import pytest

from sopc.commands.check import CheckResult
from tests.conftest import CONFIG, CS_PATH, Project, locate, run_check

MD_PATH = "sops/CS-001-complaints.sop.md"

BASE = """\
id: CS-001
title: 客户投诉处理流程
version: "1.0"
status: draft
owner: cs-manager
purpose: 规范客户投诉处理。
scope: {start: 客户提交投诉, end: 投诉关闭}
steps:
  - {id: receive, title: 接收并登记投诉, role: cs-agent}
  - {id: reply, title: 回复客户处理结果, role: cs-agent}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""

REPLY = "  - {id: reply, title: 回复客户处理结果, role: cs-agent}"
# one line with two findings: SOP401 at 尽快, SOP201 at nobody
BAD_REPLY = "  - {id: reply, title: 尽快回复客户, role: nobody}"


def check_sop(project: Project, text: str, config: str = CONFIG, rel: str = CS_PATH) -> CheckResult:
    files: dict[str, str | None] = {rel: text}
    if rel != CS_PATH:
        files[CS_PATH] = None
    return run_check(project(files, config=config))


def found(result: CheckResult, code: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.span.line, f.span.column) for f in result.findings if f.code == code]


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


def test_base_is_clean(project: Project) -> None:
    assert check_sop(project, BASE).findings == []


def test_unsuppressed_line_reports_both_findings(project: Project) -> None:
    text = BASE.replace(REPLY, BAD_REPLY)
    result = check_sop(project, text)
    assert found(result, "SOP401") == [(CS_PATH, *locate(text, "尽快"))]
    assert found(result, "SOP201") == [(CS_PATH, *locate(text, "nobody"))]


def test_ignore_silences_only_that_code_on_that_line(project: Project) -> None:
    text = BASE.replace(REPLY, BAD_REPLY + "  # sopc: ignore SOP401").replace(
        "title: 接收并登记投诉", "title: 尽快接收并登记投诉"
    )
    result = check_sop(project, text)
    # the other line's SOP401 stays; so does the other code on the same line
    assert found(result, "SOP401") == [(CS_PATH, *locate(text, "尽快"))]
    assert locate(text, "尽快")[0] != locate(text, "nobody")[0]
    assert found(result, "SOP201") == [(CS_PATH, *locate(text, "nobody"))]


def test_ignore_on_another_line_does_not_silence(project: Project) -> None:
    text = BASE.replace(REPLY, "  # sopc: ignore SOP401\n" + BAD_REPLY)
    assert sorted(codes(check_sop(project, text))) == ["SOP201", "SOP401"]


@pytest.mark.parametrize(
    "comment",
    [
        "# sopc: ignore SOP401, SOP201",
        "# sopc: ignore SOP401,SOP201",
        "# sopc: ignore vague-term, unknown-role",
        "# sopc: ignore SOP401, unknown-role",
        "#sopc: ignore sop401, sop201",
    ],
)
def test_ignore_a_list_of_codes_or_rule_names(project: Project, comment: str) -> None:
    text = BASE.replace(REPLY, f"{BAD_REPLY}  {comment}")
    assert check_sop(project, text).findings == []


def test_ignore_by_rule_name_silences_only_that_rule(project: Project) -> None:
    text = BASE.replace(REPLY, f"{BAD_REPLY}  # sopc: ignore vague-term")
    assert codes(check_sop(project, text)) == ["SOP201"]


def test_ignore_file_anywhere_in_the_file(project: Project) -> None:
    text = BASE.replace('version: "1.0"\n', 'version: "1.1"\n')
    result = check_sop(project, text)
    assert found(result, "SOP104") == [(CS_PATH, *locate(text, '- {version: "1.0"'))]
    silenced = text + "# sopc: ignore-file SOP104\n"
    assert check_sop(project, silenced).findings == []
    # it silences that code only
    both = silenced.replace(REPLY, BAD_REPLY)
    assert sorted(codes(check_sop(project, both))) == ["SOP201", "SOP401"]


def test_ignore_file_by_rule_name_at_the_top(project: Project) -> None:
    text = "# sopc: ignore-file vague-term\n" + BASE.replace(REPLY, BAD_REPLY).replace(
        "title: 接收并登记投诉", "title: 尽快接收并登记投诉"
    )
    assert codes(check_sop(project, text)) == ["SOP201"]


def test_suppression_in_one_file_does_not_reach_another(project: Project) -> None:
    other = BASE.replace("CS-001", "CS-002").replace(REPLY, BAD_REPLY)
    text = BASE + "# sopc: ignore-file SOP401, SOP201\n"
    root = project({CS_PATH: text, "sops/CS-002-other.sop.yaml": other})
    result = run_check(root)
    assert sorted((f.path, f.code) for f in result.findings) == [
        ("sops/CS-002-other.sop.yaml", "SOP201"),
        ("sops/CS-002-other.sop.yaml", "SOP401"),
    ]


# -- Markdown ----------------------------------------------------------------------------

MD = "---\n" + BASE + "---\n\n# 客户投诉处理\n\n## 回复客户 {#replay}\n\n电话回复后记录。\n"


def test_markdown_body_finding_without_suppression(project: Project) -> None:
    result = check_sop(project, MD, rel=MD_PATH)
    assert found(result, "SOP203") == [(MD_PATH, *locate(MD, "{#replay}"))]


def test_markdown_html_comment_on_a_body_line(project: Project) -> None:
    text = MD.replace("## 回复客户 {#replay}", "## 回复客户 <!-- sopc: ignore SOP203 --> {#replay}")
    assert check_sop(project, text, rel=MD_PATH).findings == []
    # on another body line it silences nothing
    elsewhere = MD.replace("电话回复后记录。", "电话回复后记录。<!-- sopc: ignore SOP203 -->")
    assert codes(check_sop(project, elsewhere, rel=MD_PATH)) == ["SOP203"]


def test_markdown_yaml_comment_inside_the_front_matter(project: Project) -> None:
    text = MD.replace(REPLY, BAD_REPLY)
    result = check_sop(project, text, rel=MD_PATH)
    assert found(result, "SOP401") == [(MD_PATH, *locate(text, "尽快"))]
    silenced = text.replace(BAD_REPLY, BAD_REPLY + "  # sopc: ignore SOP401")
    assert codes(check_sop(project, silenced, rel=MD_PATH)) == ["SOP201", "SOP203"]


def test_markdown_ignore_file_as_html_comment(project: Project) -> None:
    text = MD.replace(REPLY, BAD_REPLY) + "\n<!-- sopc: ignore-file SOP203, vague-term -->\n"
    assert codes(check_sop(project, text, rel=MD_PATH)) == ["SOP201"]


# -- SOP001 cannot be silenced -------------------------------------------------------------

BROKEN = BASE.replace(
    "  - {id: reply, title: 回复客户处理结果, role: cs-agent}", "  - {id: reply, title: [回复客户"
)


@pytest.mark.parametrize(
    "comment",
    [
        "# sopc: ignore-file SOP001\n",
        "# sopc: ignore-file parse-error\n",
        "# sopc: ignore-file SOP001, SOP005\n",
    ],
)
def test_sop001_cannot_be_silenced_for_the_file(project: Project, comment: str) -> None:
    plain = check_sop(project, BROKEN)
    assert codes(plain) == ["SOP001"]
    result = check_sop(project, comment + BROKEN)
    assert codes(result) == ["SOP001"]
    assert result.exit_code() == 1


def test_sop001_cannot_be_silenced_on_its_line(project: Project) -> None:
    plain = check_sop(project, BROKEN)
    [finding] = plain.findings
    lines = BROKEN.split("\n")
    lines[finding.span.line - 1] += "  # sopc: ignore SOP001"
    assert codes(check_sop(project, "\n".join(lines))) == ["SOP001"]


def test_sop001_in_markdown_cannot_be_silenced(project: Project) -> None:
    text = "<!-- sopc: ignore-file SOP001 -->\n---\n" + BASE + "---\n"
    result = check_sop(project, text, rel=MD_PATH)
    assert codes(result) == ["SOP001"]


# -- severities in sopc.yaml, and --strict -------------------------------------------------

WARNINGS_ONLY = BASE.replace("purpose: 规范客户投诉处理。\n", "").replace(
    "title: 接收并登记投诉", "title: 尽快接收并登记投诉"
)  # SOP401 and SOP403, both warnings by default


def severities(result: CheckResult) -> dict[str, str]:
    return {f.code: str(f.severity) for f in result.findings}


def test_default_severities_and_strict_exit_code(project: Project) -> None:
    result = check_sop(project, WARNINGS_ONLY)
    assert severities(result) == {"SOP401": "warning", "SOP403": "warning"}
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1


@pytest.mark.parametrize(
    ("rules", "expected", "exit_code", "strict_exit_code"),
    [
        ("{SOP401: error}", {"SOP401": "error", "SOP403": "warning"}, 1, 1),
        ("{vague-term: error}", {"SOP401": "error", "SOP403": "warning"}, 1, 1),
        ("{SOP401: info, missing-purpose: info}", {"SOP401": "info", "SOP403": "info"}, 0, 0),
        ("{vague-term: off, SOP403: info}", {"SOP403": "info"}, 0, 0),
        ("{SOP401: off, missing-purpose: off}", {}, 0, 0),
        (
            "{missing-purpose: error, SOP401: warning}",
            {"SOP401": "warning", "SOP403": "error"},
            1,
            1,
        ),
        ("{SOP403: info}", {"SOP401": "warning", "SOP403": "info"}, 0, 1),
    ],
)
def test_severities_set_in_sopc_yaml(
    project: Project, rules: str, expected: dict[str, str], exit_code: int, strict_exit_code: int
) -> None:
    result = check_sop(project, WARNINGS_ONLY, CONFIG + f"rules: {rules}\n")
    assert severities(result) == expected
    assert result.exit_code() == exit_code
    assert result.exit_code(strict=True) == strict_exit_code


def test_error_can_be_lowered_to_a_warning(project: Project) -> None:
    text = BASE.replace(REPLY, "  - {id: reply, title: 回复客户处理结果, role: nobody}")
    assert check_sop(project, text).exit_code() == 1
    result = check_sop(project, text, CONFIG + "rules: {unknown-role: warning}\n")
    assert severities(result) == {"SOP201": "warning"}
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1


def test_suppression_and_severity_together(project: Project) -> None:
    text = BASE.replace(REPLY, f"{BAD_REPLY}  # sopc: ignore SOP201")
    result = check_sop(project, text, CONFIG + "rules: {SOP401: error}\n")
    assert severities(result) == {"SOP401": "error"}
    assert result.exit_code() == 1


def test_unknown_rule_in_sopc_yaml_is_a_configuration_error(project: Project) -> None:
    result = check_sop(project, BASE, CONFIG + "rules: {SOP999: off}\n")
    assert result.exit_code() == 2
    assert "SOP008" in codes(result)
