"""The model: value types (durations, intervals, versions) and SOP005–SOP007 positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sopc.model.types import Unit, parse_duration, version_key
from tests.conftest import BASE_SOP, CS_PATH, Project, locate, run_check


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("10m", "10", Unit.MINUTE),
        ("10 min", "10", Unit.MINUTE),
        ("30分钟", "30", Unit.MINUTE),
        ("2h", "2", Unit.HOUR),
        ("1.5h", "1.5", Unit.HOUR),
        ("4小时", "4", Unit.HOUR),
        ("3d", "3", Unit.DAY),
        ("3天", "3", Unit.DAY),
        ("3 日", "3", Unit.DAY),
        ("4wh", "4", Unit.WORK_HOUR),
        ("4工作小时", "4", Unit.WORK_HOUR),
        ("2wd", "2", Unit.WORK_DAY),
        ("2 工作日", "2", Unit.WORK_DAY),
        ("3个工作日", "3", Unit.WORK_DAY),
        ("0.5wd", "0.5", Unit.WORK_DAY),
        ("２小时", "2", Unit.HOUR),  # full-width digit from a Chinese input method
        ("0", "0", Unit.MINUTE),
        ("immediate", "0", Unit.MINUTE),
        ("即时", "0", Unit.MINUTE),
        ("立即", "0", Unit.MINUTE),
        ("6mo", "6", Unit.MONTH),
        ("6个月", "6", Unit.MONTH),
        ("1y", "1", Unit.YEAR),
        ("3年", "3", Unit.YEAR),
    ],
)
def test_duration_grammar(text: str, amount: str, unit: Unit) -> None:
    duration = parse_duration(text)
    assert duration is not None
    assert (duration.amount, duration.unit, duration.text) == (Decimal(amount), unit, text)


@pytest.mark.parametrize("text", ["", "两天", "2 weeks", "-1h", "h", "1.h", "2hh", "1e3m", "wd2"])
def test_duration_grammar_rejects(text: str) -> None:
    assert parse_duration(text) is None


def test_version_key_is_numeric() -> None:
    assert version_key("1.10") > version_key("1.9")
    assert version_key("1.2") == version_key("1.2.0")


def sop_with(old: str, new: str) -> str:
    assert old in BASE_SOP, old
    return BASE_SOP.replace(old, new, 1)


# (code, old, new, needle, message words)
CASES = [
    ("SOP005", "    title: 接收并登记投诉\n", "", "id: receive", "missing required field 'title'"),
    ("SOP005", 'version: "1.2"\n', "", "id: CS-001", "'version'"),
    (
        "SOP005",
        "review: {interval: 6mo, last: 2026-09-01}",
        "review: {last: 2026-09-01}",
        "{last:",
        "interval",
    ),
    (
        "SOP006",
        "    time_limit: 10m",
        "    time_limt: 10m",
        "time_limt",
        "did you mean 'time_limit'",
    ),
    ("SOP006", "owner: cs-manager", "ower: cs-manager", "ower", "did you mean 'owner'"),
    (
        "SOP006",
        "  - id: rejects",
        "  - id: rejects\n    escalate: x",
        "escalate:",
        "did you mean 'escalate_to'",
    ),
    ("SOP007", "time_limit: 10m", "time_limit: 十分钟", "十分钟", "expected a duration"),
    ("SOP007", "time_limit: 10m", "time_limit: 2mo", "2mo", "months and years are for review"),
    ("SOP007", "{一般: 1wd, 重大: 3wd}", "{一般: 1wd, 重大: 3周}", "3周", "expected a duration"),
    (
        "SOP007",
        "effective_date: 2026-03-01",
        "effective_date: 2026-13-45",
        "2026-13-45",
        "not a real date",
    ),
    (
        "SOP007",
        "effective_date: 2026-03-01",
        "effective_date: 1st March",
        "1st March",
        "YYYY-MM-DD",
    ),
    ("SOP007", 'version: "1.2"', "version: v1.2", "v1.2", "MAJOR.MINOR"),
    ("SOP007", "status: effective", "status: efective", "efective", "did you mean 'effective'"),
    ("SOP007", "interval: 6mo", "interval: 6h", "6h", "expected an interval"),
    ("SOP007", "next: end", "next: [end]", "end]", "step id"),
    ("SOP007", "next: end", "next: 'two words'", "'two words'", "step id, end or sop:ID"),
    ("SOP007", "  - id: receive", "  - id: end", "end\n", "reserved"),
    ("SOP007", "    role: cs-agent", "    role: [cs-agent]", "[cs-agent]", "a list"),
    ("SOP007", "title: 客户投诉处理流程", "title: [a, b]", "[a, b]", "expected text, got a list"),
    (
        "SOP007",
        "title: 客户投诉处理流程",
        "title:  # 待定",
        "  # 待定",
        "expected text, got nothing",
    ),
    ("SOP007", "steps: [reply]", "steps: reply", "reply\n    action", "expected a list"),
    ("SOP007", "  complaint-lead:", "  投诉 专员:", "投诉 专员", "expected an id"),
]


@pytest.mark.parametrize(
    ("code", "old", "new", "needle", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_schema_errors_point_at_the_value(
    project: Project, code: str, old: str, new: str, needle: str, words: str
) -> None:
    text = sop_with(old, new)
    result = run_check(project({CS_PATH: text}))
    found = [f for f in result.findings if f.code == code]
    assert found, result.findings
    assert (found[0].span.line, found[0].span.column) == locate(text, needle)
    assert words in found[0].message
    assert found[0].sop == "CS-001"


def test_all_errors_of_all_files_in_one_run(project: Project) -> None:
    broken = sop_with("time_limit: 10m", "time_limit: x").replace("status: effective", "status: y")
    fin = "id: FIN-003\ntitle: t\nversion: '1.0'\nsteps: []\nbogus: 1\n"
    result = run_check(project({CS_PATH: broken, "sops/FIN-003-refund.sop.yaml": fin}))
    assert sorted((f.path.split("/")[-1][:6], f.code) for f in result.findings) == [
        ("CS-001", "SOP007"),
        ("CS-001", "SOP007"),
        ("FIN-00", "SOP006"),
        ("FIN-00", "SOP007"),
    ]


def test_empty_file_and_top_level_list(project: Project) -> None:
    root = project({"sops/X-001.sop.yaml": "", "sops/X-002.sop.yaml": "- a\n- b\n"})
    found = {(f.path, f.code, f.span.line, f.span.column) for f in run_check(root).findings}
    assert found == {
        ("sops/X-001.sop.yaml", "SOP005", 1, 1),
        ("sops/X-002.sop.yaml", "SOP007", 1, 1),
    }


def test_findings_per_file_are_capped_like_a_compilers(project: Project) -> None:
    from sopc.model.errors import MAX_PER_FILE

    flood = BASE_SOP + "".join(f"extra{i}: x\n" for i in range(MAX_PER_FILE + 50))
    findings = run_check(project({CS_PATH: flood})).findings
    assert len(findings) == MAX_PER_FILE + 1
    assert findings[-1].message == "... and 50 more problems in this file; fix the ones above first"
    assert findings[-1].span.line == flood.count("\n") - 49


@pytest.mark.parametrize(
    "scope", ["客户提交投诉至投诉关闭", {"start": "客户提交投诉", "end": "投诉关闭"}]
)
def test_scope_serialises_without_warnings(scope: object) -> None:
    """Both forms of `scope` dump as they were written; pydantic warned (on every
    build's stderr) when the discriminator did not know the Scope it had made."""
    import json
    import warnings

    import yaml

    from sopc.model.sop import SOP

    data = yaml.safe_load(BASE_SOP)
    data["scope"] = scope
    sop = SOP.model_validate(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dumped = json.loads(sop.model_dump_json())
    assert dumped["scope"] == (
        scope if isinstance(scope, str) else {**scope, "includes": [], "excludes": []}
    )
