"""The CI formats as CI systems read them: SARIF against the OASIS schema, GitHub
workflow commands, GitLab Code Quality; positions agree with `json` and `text`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from sopc.report.github import escape_data, escape_property
from sopc.rules import REGISTRY
from tests.conftest import (
    BASE_SOP,
    CONFIG,
    CS_PATH,
    FIN_PATH,
    FIN_SOP,
    Project,
    locate,
    sopc,
    write,
)

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = REPO.parent / "shared" / "vendor" / "sarif-schema-2.1.0.json"
TODAY = "2026-11-20"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning|notice) file=([^,]*),line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]*::.*$"
)
PLAIN_LINE = re.compile(r"^(\S[^:]*):(\d+):(\d+): (SOP\d{3}) \[(error|warning|info)\] (.*)$")

# A project with errors and warnings (and an info, by configuration), CJK
# messages, and findings in a Markdown SOP.
FORMATS_CONFIG = CONFIG + "rules:\n  SOP202: info\n"
CS_BROKEN = (
    BASE_SOP.replace("role: cs-agent", "role: cs-agnet")
    .replace("title: 回复客户处理结果", "title: 尽快回复客户处理结果")
    .replace(
        "  complaint-lead: {name: 投诉专员, department: 客服部}\n",
        "  complaint-lead: {name: 投诉专员, department: 客服部}\n  idle-clerk: {name: 闲置专员}\n",
    )
)
HR_PATH = "sops/HR-001-onboarding.sop.md"
HR_MD = """\
---
id: HR-001
title: 新员工入职流程
version: "1.0"
status: draft
owner: hr-lead
purpose: 让新员工在报到当天拿到账号和工位。
scope: {start: 候选人接受录用, end: 入职资料归档}
steps:
  - {id: check-in, title: 及时办理入职手续, role: cs-agent}
revisions:
  - {version: "1.0", date: 2026-01-01}
---

# 新员工入职

## 办理入职 {#check-in}

核对证件并签署劳动合同。
"""


def report(root: Path, format: str, *args: str, cwd: Path | None = None) -> str:
    run = sopc("check", "--today", TODAY, "--format", format, *args, cwd=cwd or root)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert run.stderr == ""
    return run.stdout


def findings_project(project: Project) -> Path:
    return project({CS_PATH: CS_BROKEN, HR_PATH: HR_MD}, config=FORMATS_CONFIG)


def json_findings(root: Path, *args: str) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(report(root, "json", *args))["findings"]
    return findings


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))  # must exist: no skip
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def valid_sarif(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return document


def region(result: dict[str, Any]) -> dict[str, Any]:
    [location] = result["locations"]
    reg: dict[str, Any] = location["physicalLocation"]["region"]
    return reg


def uri(result: dict[str, Any]) -> str:
    [location] = result["locations"]
    return str(location["physicalLocation"]["artifactLocation"]["uri"])


def command(line: str) -> re.Match[str]:
    match = WORKFLOW_COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    return match


def git_repo(folder: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "SOPs")


# --- SARIF ------------------------------------------------------------------


def test_sarif_schema_file_is_the_oasis_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/")
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")


def test_sarif_validates_against_the_oasis_schema(project: Project) -> None:
    root = findings_project(project)
    document = valid_sarif(report(root, "sarif"))
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "sopc"
    results = run["results"]
    levels = {r["level"] for r in results}
    assert levels == {"error", "warning", "note"}
    assert any(uri(r) == HR_PATH for r in results)  # the Markdown SOP
    assert any("尽快" in r["message"]["text"] for r in results)  # CJK message


def test_sarif_driver_rules_are_the_registry(project: Project) -> None:
    run = valid_sarif(report(project(), "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(REGISTRY)
    for rule in rules:
        registered = REGISTRY[rule["id"]]
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
        assert rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert rule["defaultConfiguration"]["level"] == LEVELS[str(registered.severity)]


def test_sarif_follows_the_readers_language(project: Project) -> None:
    """Codes, names and rule ids stay; messages and rule documentation are Chinese."""
    root = findings_project(project)
    english = valid_sarif(report(root, "sarif", "--lang", "en"))["runs"][0]
    chinese = valid_sarif(report(root, "sarif", "--lang", "zh-CN"))["runs"][0]
    pairs = list(zip(english["results"], chinese["results"], strict=True))
    assert [(e["ruleId"], region(e)) for e, _ in pairs] == [
        (c["ruleId"], region(c)) for _, c in pairs
    ]
    assert all(e["partialFingerprints"] == c["partialFingerprints"] for e, c in pairs)
    unknown = next(c for e, c in pairs if e["ruleId"] == "SOP201")
    assert unknown["message"]["text"].startswith("未知岗位 'cs-agnet'")
    rules = {r["id"]: r for r in chinese["tool"]["driver"]["rules"]}
    assert rules["SOP201"]["name"] == "unknown-role"
    assert rules["SOP201"]["shortDescription"]["text"] == REGISTRY["SOP201"].summary_in("zh-CN")
    assert "错误示例" in rules["SOP201"]["help"]["markdown"]


def test_sarif_results_match_the_json_findings(project: Project) -> None:
    root = findings_project(project)
    run = valid_sarif(report(root, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = json_findings(root)
    results = run["results"]
    assert len(findings) >= 5
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    assert len(results) == len(findings)
    for finding, result in zip(findings, results, strict=True):
        assert result["ruleId"] == finding["code"]
        assert rules[result["ruleIndex"]]["id"] == finding["code"]
        assert result["level"] == LEVELS[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        assert uri(result) == finding["path"]
        assert region(result) == {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["end_line"],
            "endColumn": finding["end_column"],
        }


def test_sarif_columns_are_code_points_under_cjk(project: Project) -> None:
    root = findings_project(project)
    results = valid_sarif(report(root, "sarif"))["runs"][0]["results"]
    vague = next(r for r in results if uri(r) == CS_PATH and "尽快" in r["message"]["text"])
    line, column = locate(CS_BROKEN, "尽快")
    assert region(vague) == {
        "startLine": line,
        "startColumn": column,
        "endLine": line,
        "endColumn": column + 2,
    }
    in_md = next(r for r in results if uri(r) == HR_PATH and "及时" in r["message"]["text"])
    line, column = locate(HR_MD, "及时")
    assert (region(in_md)["startLine"], region(in_md)["startColumn"]) == (line, column)


def fingerprints_by_finding(document: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {
        (uri(r), r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["sopcFinding/v1"]
        for r in document["runs"][0]["results"]
    }


def test_sarif_fingerprints_are_unique_and_stable(project: Project) -> None:
    root = findings_project(project)
    first = valid_sarif(report(root, "sarif"))
    results = first["runs"][0]["results"]
    prints = [r["partialFingerprints"]["sopcFinding/v1"] for r in results]
    assert all(isinstance(p, str) and p for p in prints)
    assert len(set(prints)) == len(prints)
    assert len(fingerprints_by_finding(first)) == len(results)
    again = valid_sarif(report(root, "sarif"))
    assert again["runs"][0]["results"] == results


def test_sarif_fingerprints_survive_lines_inserted_above(project: Project) -> None:
    root = findings_project(project)
    before = valid_sarif(report(root, "sarif"))
    write(root, CS_PATH, "# 新增的一行注释\n" + CS_BROKEN)
    after = valid_sarif(report(root, "sarif"))
    assert fingerprints_by_finding(after) == fingerprints_by_finding(before)
    old = {
        (uri(r), r["partialFingerprints"]["sopcFinding/v1"]): r
        for r in before["runs"][0]["results"]
    }
    moved = 0
    for result in after["runs"][0]["results"]:
        earlier = old[(uri(result), result["partialFingerprints"]["sopcFinding/v1"])]
        shift = 1 if uri(result) == CS_PATH else 0
        moved += shift
        assert region(result)["startLine"] == region(earlier)["startLine"] + shift
        assert region(result)["endLine"] == region(earlier)["endLine"] + shift
        assert region(result)["startColumn"] == region(earlier)["startColumn"]
    assert moved >= 3


def test_sarif_of_a_clean_project_is_valid_and_empty(project: Project) -> None:
    run = sopc("check", "--today", TODAY, "--format", "sarif", str(project()))
    assert run.returncode == 0, run.stderr
    document = valid_sarif(run.stdout)
    assert document["runs"][0]["results"] == []
    assert len(document["runs"][0]["tool"]["driver"]["rules"]) == len(REGISTRY)


RFC3986_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


def test_sarif_uri_is_a_valid_uri_reference_for_any_file_name(project: Project) -> None:
    # File names with spaces, Chinese and % are ordinary for the first users.
    name = "sops/CS-001 客户投诉 100%.sop.yaml"
    root = project({CS_PATH: None, name: CS_BROKEN}, config=FORMATS_CONFIG)
    results = valid_sarif(report(root, "sarif"))["runs"][0]["results"]
    uris = {uri(r) for r in results if "cs-agnet" in r["message"]["text"]}
    assert len(uris) == 1
    [found] = uris
    assert RFC3986_PATH.match(found), found  # SARIF §3.4.3: a valid RFC 3986 URI reference
    assert unquote(found) == name


# --- github -----------------------------------------------------------------


def test_github_escape_functions() -> None:
    text = "100% 完成, 原因: 超时\r\n第二行"
    assert escape_data(text) == "100%25 完成, 原因: 超时%0D%0A第二行"
    assert escape_property(text) == "100%25 完成%2C 原因%3A 超时%0D%0A第二行"
    # % first, so that an escape is not escaped twice
    assert escape_data("%0A") == "%250A"
    assert escape_property("a,b:c%d") == "a%2Cb%3Ac%25d"


def test_github_lines_are_workflow_commands_worst_first(project: Project) -> None:
    root = findings_project(project)
    lines = report(root, "github").splitlines()
    findings = json_findings(root)
    assert len(lines) == len(findings) + 1
    for line in lines[:-1]:
        assert WORKFLOW_COMMAND.match(line), line
    commands = [command(line).group(1) for line in lines[:-1]]
    rank = {"error": 0, "warning": 1, "notice": 2}
    assert [rank[c] for c in commands] == sorted(rank[c] for c in commands)
    assert set(commands) == {"error", "warning", "notice"}
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = sum(f["severity"] == "warning" for f in findings)
    infos = sum(f["severity"] == "info" for f in findings)
    assert lines[-1] == (
        f"sopc: {len(findings)} findings ({errors} errors, {warnings} warnings, "
        f"{infos} notice{'' if infos == 1 else 's'})"
    )
    first = lines[0]
    line, column = locate(CS_BROKEN, "cs-agnet")
    assert first == (
        f"::error file={CS_PATH},line={line},col={column},endLine={line},endColumn={column + 8},"
        "title=SOP201 unknown-role::unknown role 'cs-agnet' (did you mean 'cs-agent'?)"
    )


def test_github_escapes_what_reaches_the_annotation(project: Project) -> None:
    cs = BASE_SOP.replace("role: cs-agent", 'role: "a,b:c%d"')
    # a duplicate step id: the message quotes the first step's title as written
    fin = FIN_SOP.replace(
        "  - {id: refund, title: 办理退款, role: cs-agent}\n",
        '  - {id: refund, title: "退款 100%, 原因: 超时\\n二次审核", role: cs-agent}\n'
        "  - {id: refund, title: 复核退款, role: cs-agent}\n",
    )
    odd_name = "sops/FIN-003 退款,a:b%c.sop.yaml"
    root = project({FIN_PATH: None, odd_name: fin, CS_PATH: cs})
    lines = report(root, "github").splitlines()
    for line in lines[:-1]:
        assert WORKFLOW_COMMAND.match(line), line
    invalid_id = next(line for line in lines if "SOP007" in line)
    assert invalid_id.endswith(
        "::expected an id: letters, digits, '-', '_' or '.', starting with a letter or digit, got 'a,b:c%25d'"
    )
    duplicate = next(line for line in lines if "SOP207" in line)
    assert f"file={escape_property(odd_name)}," in duplicate
    assert "file=sops/FIN-003 退款%2Ca%3Ab%25c.sop.yaml," in duplicate
    assert duplicate.endswith("(退款 100%25, 原因: 超时%0A二次审核)")


def twelve_unknown_roles() -> str:
    steps = "".join(
        f"  - {{id: s{i}, title: 办理第{i}项, role: ghost-{i:02d}}}\n" for i in range(12)
    )
    return FIN_SOP.replace("  - {id: refund, title: 办理退款, role: cs-agent}\n", steps)


def test_github_caps_ten_annotations_per_level(project: Project) -> None:
    root = project({FIN_PATH: twelve_unknown_roles(), CS_PATH: CS_BROKEN}, config=FORMATS_CONFIG)
    lines = report(root, "github").splitlines()
    findings = json_findings(root)
    assert sum(f["severity"] == "error" for f in findings) == 13
    assert len(lines) == len(findings) + 1
    assert sum(line.startswith("::error ") for line in lines) == 10
    plain = [line for line in lines[:-1] if not line.startswith("::")]
    assert len(plain) == 3
    for line in plain:
        match = PLAIN_LINE.match(line)
        assert match, line
        assert match.group(5) == "error"
    # all errors, annotated or not, come before the warnings and notices
    last_error = max(
        i for i, line in enumerate(lines) if "[error]" in line or line.startswith("::error")
    )
    first_other = min(
        i for i, line in enumerate(lines) if line.startswith(("::warning", "::notice"))
    )
    assert last_error < first_other
    for line in lines[:-1]:
        assert WORKFLOW_COMMAND.match(line) or PLAIN_LINE.match(line), line
    assert "3 beyond GitHub's annotation caps" in lines[-1]
    assert lines[-1].startswith(f"sopc: {len(findings)} findings (13 errors, ")


def test_github_closing_line_follows_the_language(project: Project) -> None:
    config = FORMATS_CONFIG + "language: zh-CN\n"
    root = project({FIN_PATH: twelve_unknown_roles(), CS_PATH: CS_BROKEN}, config=config)
    lines = report(root, "github").splitlines()
    severities = [f["severity"] for f in json_findings(root)]
    assert severities.count("error") == 13
    assert lines[-1] == (
        f"sopc: 共 {len(severities)} 条检查结果（13 个错误、{severities.count('warning')} 个警告、"
        f"{severities.count('info')} 个提示）；另有 3 条超出了 GitHub 的注释数量上限"
        "（GitHub Actions 每个作业步骤最多显示 10 个错误、10 个警告和 10 个提示），"
        "已作为普通文本列在上方"
    )
    english = report(root, "github", "--lang", "en").splitlines()[-1]
    assert english.startswith(f"sopc: {len(severities)} findings (13 errors, ")
    assert english.endswith(
        "; 3 beyond GitHub's annotation caps (10 errors, 10 warnings and 10 notices per step) "
        "are listed above as plain lines"
    )


def test_text_names_the_files_it_skipped_in_the_language(project: Project) -> None:
    root = project(config=CONFIG + "language: zh-CN\n")
    write(root, "README.md", "# 手册\n")
    write(root, "notes.txt", "备忘\n")
    lines = report(root, "text", "README.md", "notes.txt", FIN_PATH).splitlines()
    assert lines[-1] == "已跳过（不是 SOP 文件）：README.md、notes.txt"
    assert lines[-2].startswith("全部通过：共检查 1 个文件（1 个流程），用时 ")
    english = report(root, "text", "--lang", "en", "README.md", "notes.txt", FIN_PATH)
    assert english.splitlines()[-1] == "skipped (not SOP files): README.md, notes.txt"


def test_github_plain_lines_past_the_caps_stay_one_line(project: Project) -> None:
    steps = "".join(
        f"  - {{id: s{i}, title: 办理第{i}项, role: ghost-{i:02d}}}\n" for i in range(11)
    )
    steps = (
        '  - {id: first, title: "登记\\n::warning file=README.md,line=1::注入", role: cs-agent}\n'
        + steps
        + "  - {id: first, title: 复核, role: cs-agent}\n"
    )
    fin = FIN_SOP.replace("  - {id: refund, title: 办理退款, role: cs-agent}\n", steps)
    root = project({FIN_PATH: fin})
    findings = json_findings(root)
    errors = sorted((f["line"], f["code"]) for f in findings if f["severity"] == "error")
    assert len(errors) > 10
    assert any(code == "SOP207" for _, code in errors[10:])  # the quoting message is past the cap
    lines = report(root, "github").splitlines()
    assert not any(line.startswith("::warning") for line in lines)
    assert len(lines) == len(findings) + 1


# --- repository-relative paths ------------------------------------------------


@pytest.mark.parametrize("format", ["github", "gitlab", "sarif"])
def test_paths_are_repository_relative(tmp_path: Path, format: str) -> None:
    repo = tmp_path / "repo"
    root = repo / "docs" / "sops-project"
    write(root, "sopc.yaml", CONFIG)
    write(root, CS_PATH, CS_BROKEN)
    write(root, FIN_PATH, FIN_SOP)
    write(root, HR_PATH, HR_MD)
    write(repo, "README.md", "# 仓库\n")
    git_repo(repo)
    outputs = (
        report(root, format),  # from the project's root
        report(root, format, "docs/sops-project", cwd=repo),  # from the repository's root
        report(root, format, cwd=root / "sops"),  # from inside the project
    )
    assert outputs[0] == outputs[1] == outputs[2]  # wherever it runs, the same report
    for output in outputs:
        if format == "github":
            paths = [command(line).group(2) for line in output.splitlines()[:-1]]
        elif format == "gitlab":
            paths = [issue["location"]["path"] for issue in json.loads(output)]
        else:
            paths = [uri(r) for r in valid_sarif(output)["runs"][0]["results"]]
        assert paths
        assert all(p.startswith("docs/sops-project/sops/") for p in paths), paths
        assert f"docs/sops-project/{CS_PATH}" in paths
        assert f"docs/sops-project/{HR_PATH}" in paths
        for p in paths:
            assert (repo / p).is_file()


def test_paths_without_a_repository_are_project_relative(project: Project) -> None:
    root = findings_project(project)
    issues = json.loads(report(root, "gitlab"))
    assert {i["location"]["path"] for i in issues} == {CS_PATH, HR_PATH}


# --- gitlab -----------------------------------------------------------------


def test_gitlab_code_quality_report(project: Project) -> None:
    root = findings_project(project)
    issues = json.loads(report(root, "gitlab"))
    findings = json_findings(root)
    assert isinstance(issues, list)
    assert len(issues) == len(findings)
    for issue, finding in zip(issues, findings, strict=True):
        assert isinstance(issue["description"], str)
        assert finding["message"] in issue["description"]
        assert isinstance(issue["check_name"], str)
        assert issue["check_name"].startswith(finding["code"])
        assert isinstance(issue["fingerprint"], str)
        assert issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"]["path"] == finding["path"]
        assert issue["location"]["lines"]["begin"] == finding["line"]
    severity = {f["severity"]: i["severity"] for f, i in zip(findings, issues, strict=True)}
    assert severity == {"error": "major", "warning": "minor", "info": "info"}
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)


IDENTICAL_LINES = BASE_SOP.replace("role: cs-agent", "role: cs-agnet").replace(
    "  - id: reply\n",
    "  - id: log\n    title: 记录处理过程\n    role: cs-agnet\n    time_limit: 10m\n  - id: reply\n",
)


def test_gitlab_fingerprints_differ_for_identical_findings_on_identical_lines(
    project: Project,
) -> None:
    root = project({CS_PATH: IDENTICAL_LINES})
    issues = json.loads(report(root, "gitlab"))
    twins = [i for i in issues if "cs-agnet" in i["description"]]
    assert len(twins) == 2
    assert twins[0]["description"] == twins[1]["description"]
    assert twins[0]["location"]["lines"]["begin"] != twins[1]["location"]["lines"]["begin"]
    lines = IDENTICAL_LINES.split("\n")
    assert {lines[t["location"]["lines"]["begin"] - 1] for t in twins} == {"    role: cs-agnet"}
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)


def test_gitlab_fingerprints_survive_lines_moving(project: Project) -> None:
    root = project({CS_PATH: IDENTICAL_LINES, HR_PATH: HR_MD})
    before = json.loads(report(root, "gitlab"))
    write(root, CS_PATH, "# 第一行注释\n# 第二行注释\n" + IDENTICAL_LINES)
    after = json.loads(report(root, "gitlab"))
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    for old, new in zip(before, after, strict=True):
        shift = 2 if new["location"]["path"] == CS_PATH else 0
        assert new["location"]["lines"]["begin"] == old["location"]["lines"]["begin"] + shift
        assert new["description"] == old["description"]
    assert any(i["location"]["path"] == CS_PATH for i in after)


# --- text and json ------------------------------------------------------------


def test_text_and_json_agree_on_positions(project: Project) -> None:
    root = findings_project(project)
    findings = json_findings(root)
    text = report(root, "text")
    heads = [m.groups() for m in map(PLAIN_LINE.match, text.splitlines()) if m]
    assert heads == [
        (f["path"], str(f["line"]), str(f["column"]), f["code"], f["severity"], f["message"])
        for f in findings
    ]
    sources = {CS_PATH: CS_BROKEN, HR_PATH: HR_MD}
    for f in findings:
        line = sources[f["path"]].split("\n")[f["line"] - 1]
        assert f"{f['line']} | {line}" in text.splitlines()
