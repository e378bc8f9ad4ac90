"""The model: value types (durations, intervals, versions) and SOP005–SOP007 positions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, get_args

import pytest

from sopc.i18n import Message, translator
from sopc.model.base import Status
from sopc.model.config import ChangeCategory, Format, RuleLevel, StepField, Weekday
from sopc.model.types import Unit, parse_duration, version_key
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, Project, locate, run_check

ENGLISH = translator("en")


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
        ("两天", "2", Unit.DAY),  # Chinese numerals: more in tests/test_durations.py
    ],
)
def test_duration_grammar(text: str, amount: str, unit: Unit) -> None:
    duration = parse_duration(text)
    assert duration is not None
    assert (duration.amount, duration.unit, duration.text) == (Decimal(amount), unit, text)


@pytest.mark.parametrize("text", ["", "两十天", "2 weeks", "-1h", "h", "1.h", "2hh", "1e3m", "wd2"])
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
    ("SOP007", "time_limit: 10m", "time_limit: 尽快", "尽快", "expected a duration"),
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
    assert isinstance(found[0].message, Message)
    assert words in ENGLISH.say(found[0].message)
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
    assert ENGLISH.say(findings[-1].message) == (
        "... and 50 more problems in this file; fix the ones above first"
    )
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


# -- the messages, as data, in both languages ----------------------------------------

ZH = translator("zh-CN")


def choice_messages(kind: Any, bad: str, hint: str) -> tuple[str, str]:
    """The English and Chinese message for `bad` where a `Literal` `kind` is expected."""
    choices = get_args(kind)
    english_hint = f" (did you mean {hint!r}?)" if hint else ""
    chinese_hint = f"（是否想写 {hint!r}？）" if hint else ""
    return (
        f"expected one of {', '.join(choices)}; got {bad!r}{english_hint}",
        f"应为以下之一：{'、'.join(choices)}；现在是 {bad!r}{chinese_hint}",
    )


# (sopc.yaml added, needle, the Literal, the bad value, the suggestion)
CONFIG_CHOICES = [
    ("calendar: {workdays: [mon, fr]}\n", "fr]", Weekday, "fr", "fri"),
    ("calendar: {holidays: cnn}\n", "cnn", Literal["cn"], "cnn", "cn"),
    ("policy: {step_requires: [rol]}\n", "rol]", StepField, "rol", "role"),
    ("policy: {major_changes: [flw]}\n", "flw", ChangeCategory, "flw", "flow"),
    ("rules: {SOP104: loud}\n", "loud", RuleLevel, "loud", ""),
    ("build: {formats: [htm]}\n", "htm]", Format, "htm", "html"),
    ("build: {flow_direction: XY}\n", "XY", Literal["LR", "TB"], "XY", ""),
    ("language: zh\n", "zh\n", Literal["zh-CN", "en"], "zh", ""),
]


@pytest.mark.parametrize(
    ("extra", "needle", "kind", "bad", "hint"), CONFIG_CHOICES, ids=[c[3] for c in CONFIG_CHOICES]
)
def test_choices_come_from_the_models_literal(
    project: Project, extra: str, needle: str, kind: Any, bad: str, hint: str
) -> None:
    """The choices of a `Literal` are read from the model along the error's location
    (list items, mapping values, tagged unions), not from pydantic's English."""
    config = CONFIG + extra
    (finding,) = run_check(project(config=config)).findings
    assert (finding.code, finding.path) == ("SOP008", "sopc.yaml")
    assert (finding.span.line, finding.span.column) == locate(config, needle)
    assert (ENGLISH.say(finding.message), ZH.say(finding.message)) == choice_messages(
        kind, bad, hint
    )


@pytest.mark.parametrize(
    ("old", "new", "kind", "bad", "hint"),
    [
        ("status: effective", "status: efective", Status, "efective", "effective"),
        (
            "within: 10d}",
            "within: 10d, rework: inc}",
            Literal["exclude", "include"],
            "inc",
            "include",
        ),
    ],
)
def test_choices_in_an_sop(
    project: Project, old: str, new: str, kind: Any, bad: str, hint: str
) -> None:
    findings = run_check(project({CS_PATH: sop_with(old, new)})).findings
    (finding,) = [f for f in findings if f.code == "SOP007"]
    assert (ENGLISH.say(finding.message), ZH.say(finding.message)) == choice_messages(
        kind, bad, hint
    )


# (sopc.yaml added, English, Chinese)
CONFIG_MESSAGES = [
    (
        "calendar: {hours_per_day: 30}\n",
        "hours_per_day: Input should be less than or equal to 24",
        "hours_per_day：不能大于 24",
    ),
    (
        "calendar: {hours_per_day: 0}\n",
        "hours_per_day: Input should be greater than 0",
        "hours_per_day：应大于 0",
    ),
    (
        "calendar: {hours_per_day: abc}\n",
        "hours_per_day: expected a number, got 'abc'",
        "hours_per_day：应为数字，现在是 'abc'",
    ),
    (
        "calendar: {workdays: []}\n",
        "workdays: List should have at least 1 item after validation, not 0",
        "workdays：至少要有 1 项，现在是 0 项",
    ),
    (
        "build: {pdf_per_sop: maybe}\n",
        "pdf_per_sop: expected true or false, got 'maybe'",
        "pdf_per_sop：应为 true（是）或 false（否），现在是 'maybe'",
    ),
    (
        "build: {formats: html}\n",
        "formats: expected a list (for example [a, b]), got 'html'",
        "formats：应为列表（例如 [a, b]），现在是 'html'",
    ),
    (
        "rules: [a]\n",
        "rules: expected a mapping of keys to values, got a list",
        "rules：应为一组“名称: 内容”（每行一项），现在是一个列表",
    ),
    (
        "policy: strict\n",
        "policy: expected a mapping of fields, got 'strict'",
        "policy：应为一组字段（每行“字段: 值”），现在是 'strict'",
    ),
    (
        "calendar: {holidays: [2026-13-01]}\n",
        "2026-13-01 is not a real date (month must be in 1..12)",
        "2026-13-01 不是真实存在的日期（月份应在 1 到 12 之间）",
    ),
    (
        "calendar: {holidays: [2026-02-30]}\n",
        "2026-02-30 is not a real date (day is out of range for month)",
        "2026-02-30 不是真实存在的日期（这个月没有这一天）",
    ),
    (
        "calendar: {holidays: [0000-01-01]}\n",
        "0000-01-01 is not a real date (year 0 is out of range)",
        "0000-01-01 不是真实存在的日期（没有 0 年）",
    ),
    (
        "sourcs: [sops]\n",
        "unknown field 'sourcs' (did you mean 'sources'?)",
        "未知字段 'sourcs'（是否想写 'sources'？）",
    ),
]


@pytest.mark.parametrize(("extra", "english", "chinese"), CONFIG_MESSAGES)
def test_config_messages_in_both_languages(
    project: Project, extra: str, english: str, chinese: str
) -> None:
    (finding,) = run_check(project(config=CONFIG + extra)).findings
    assert isinstance(finding.message, Message)
    assert (ENGLISH.say(finding.message), ZH.say(finding.message)) == (english, chinese)


# (old, new, English, Chinese)
SOP_MESSAGES = [
    ("    title: 接收并登记投诉\n", "", "missing required field 'title'", "缺少必填字段 'title'"),
    (
        "review: {interval: 6mo, last: 2026-09-01}",
        "review: {last: 2026-09-01}",
        "review needs `interval` (with `last`) or `next`",
        "review（定期评审）需要填写 `interval`（评审周期，同时写上 `last` 上次评审日期）"
        "或 `next`（下次评审日期）",
    ),
    (
        "title: 客户投诉处理流程",
        "title: [a, b]",
        "expected text, got a list",
        "应填写文字，现在是一个列表",
    ),
    (
        "title: 客户投诉处理流程",
        "title:  # 待定",
        "expected text, got nothing",
        "应填写文字，现在是空白",
    ),
    (
        'version: "1.2"',
        "version: V1.2",
        "expected a version MAJOR.MINOR[.PATCH] such as \"1.2\", got 'V1.2' (did you mean '1.2'?)",
        "版本号应写成“主版本.次版本”，如 \"1.2\" 或 \"1.2.1\"，现在是 'V1.2'（是否想写 '1.2'？）",
    ),
    (
        'version: "1.2"',
        "version: 2",
        "expected a version MAJOR.MINOR[.PATCH] such as \"1.2\", got '2' (did you mean '2.0'?)",
        "版本号应写成“主版本.次版本”，如 \"1.2\" 或 \"1.2.1\"，现在是 '2'（是否想写 '2.0'？）",
    ),
    (
        '{when: 是, next: "sop:FIN-003"}',
        '{when: 是, next: "sop：FIN-003"}',
        "expected a step id, end or sop:ID, got 'sop：FIN-003' (did you mean 'sop:FIN-003'?)",
        "应为步骤编号、end（结束）或 sop:流程编号，现在是 'sop：FIN-003'"
        "（是否想写 'sop:FIN-003'？）",
    ),
    (
        "  complaint-lead:",
        "  投诉 专员:",
        "expected an id: letters, digits, '-', '_' or '.', starting with a letter or digit, "
        "got '投诉 专员'",
        "编号只能由字母、数字、“-”、“_”或“.”组成，并以字母或数字开头，现在是 '投诉 专员'",
    ),
    (
        "  - id: receive",
        "  - id: end",
        "'end' is reserved for the end of the flow",
        "'end' 表示流程结束，不能用作步骤编号",
    ),
    (
        "interval: 6mo",
        "interval: 6 months",
        "expected an interval such as 90d, 6mo, 1y, 6个月 or 3年, got '6 months' "
        "(did you mean '6mo'?)",
        "周期应写成数量加单位，如 90天、6个月、1年 或 半年，现在是 '6 months'（是否想写 '6mo'？）",
    ),
]


@pytest.mark.parametrize(("old", "new", "english", "chinese"), SOP_MESSAGES)
def test_sop_messages_in_both_languages(
    project: Project, old: str, new: str, english: str, chinese: str
) -> None:
    findings = run_check(project({CS_PATH: sop_with(old, new)})).findings
    schema = [f for f in findings if f.code in ("SOP005", "SOP006", "SOP007")]
    assert [(ENGLISH.say(f.message), ZH.say(f.message)) for f in schema] == [(english, chinese)]
