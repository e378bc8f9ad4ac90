"""Durations as authors write them: the grammar, its near misses, its JSON Schema
pattern, the messages in both languages, the arithmetic of 当日/次日 along a
deadline, and the manual showing each time as it was written."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from sopc.commands.schema import render_schemas
from sopc.i18n import Message, translator
from sopc.model.duration import (
    QUANTITY,
    SPELLINGS,
    Unit,
    decode_quantity,
    interval_pattern,
    parse_duration,
    retention_pattern,
    step_pattern,
)
from sopc.model.types import Interval, Retention, StepDuration
from tests.conftest import BASE_SOP, CS_PATH, Project, locate, run_check, sopc

W, H, M, D, WH = Unit.WORK_DAY, Unit.HOUR, Unit.MINUTE, Unit.DAY, Unit.WORK_HOUR

ACCEPTED: list[tuple[str, str, Unit]] = [
    # the spec's units, as before
    ("30m", "30", M),
    ("10 min", "10", M),
    ("2H", "2", H),
    ("1.5h", "1.5", H),
    ("4wh", "4", WH),
    ("2wd", "2", W),
    ("3 日", "3", D),
    ("２小时", "2", H),
    ("２ｗｄ", "2", W),
    ("１．５天", "1.5", D),
    ("3\u3000个工作日", "3", W),
    # Chinese numerals
    ("三个工作日", "3", W),
    ("半小时", "0.5", H),
    ("半个小时", "0.5", H),
    ("两小时", "2", H),
    ("两个小时", "2", H),
    ("十五分钟", "15", M),
    ("二十四小时", "24", H),
    ("三十五分钟", "35", M),
    ("十天", "10", D),
    ("一个半小时", "1.5", H),
    ("1个半小时", "1.5", H),
    ("零点五天", "0.5", D),
    ("一点五小时", "1.5", H),
    ("一天半", "1.5", D),
    ("半天", "0.5", D),
    ("半个工作日", "0.5", W),
    ("四工作小时", "4", WH),
    # "at most", and the event the step starts at
    ("1小时内", "1", H),
    ("30分钟以内", "30", M),
    ("2个工作日之内", "2", W),
    ("两个工作日以内", "2", W),
    ("不超过2小时", "2", H),
    ("≤3个工作日", "3", W),
    ("接收后30分钟内", "30", M),
    ("分类后1小时内", "1", H),
    ("收到投诉后2小时内", "2", H),
    ("最后审核后2小时内", "2", H),
    ("OA审批后1个工作日内", "1", W),
    # the day words and zero
    ("当日", "1", W),
    ("当天", "1", W),
    ("次日", "2", W),
    ("受理后当日内", "1", W),
    ("0", "0", M),
    ("立即", "0", M),
    ("即时", "0", M),
    ("Immediate", "0", M),
    ("收到后立即", "0", M),
]

# rejected, and no repair makes them a time: no hint
REJECTED = [
    "",
    "尽快",
    "-1h",
    "h",
    "1.h",
    "2hh",
    "1e3m",
    "wd2",
    "两十天",
    "十",
    "三天后1小时内",  # the event is itself a time: the step would not start at it
    "2小时后1小时内",
    "3个天",
    "一h",
    "3以内",
    "T+1",
    "1wd4wh",
    "3天内，最长不超过5天",
    "abc0def",
]

NEAR_MISSES = [
    ("2个工作曰", "2个工作日"),
    ("3天内内", "3天内"),
    ("4 hr", "4h"),
    ("2 hours", "2h"),
    ("30mins", "30min"),
    ("3 days", "3d"),
    ("2 working days", "2wd"),
    ("1 business day", "1wd"),
    ("immediately", "immediate"),
    ("2各工作日", "2个工作日"),
    ("3天已内", "3天以内"),
    ("30分种", "30分钟"),
    ("30分", "30分钟"),
    ("3个工作天", "3个工作日"),
    ("两个钟头", "两个小时"),
    ("3夭", "3天"),
    ("1周", "7天"),
    ("两周", "14天"),
    ("一个星期内", "7天内"),
    ("2 weeks", "14d"),
    ("2-3个工作日", "3个工作日"),
    ("1~2天", "2天"),
    ("1小时30分钟", "90分钟"),
    ("2h30m", "150m"),
    ("1天12小时", "36小时"),
    ("需在2小时内完成", "2小时内"),
    ("24小时（节假日顺延）", "24小时"),
    ("后2小时", "2小时"),
]

INTERVALS = [("90d", "90", D), ("6mo", "6", Unit.MONTH), ("6个月", "6", Unit.MONTH)]
INTERVALS += [("半年", "0.5", Unit.YEAR), ("两年半", "2.5", Unit.YEAR), ("三年", "3", Unit.YEAR)]
INTERVALS += [("一个半月", "1.5", Unit.MONTH), ("１ｙ", "1", Unit.YEAR)]
INTERVAL_REJECTED = ["6h", "2wd", "3年内", "次日", "立即", "0", "接收后1年", "6 months"]

STEP = TypeAdapter(StepDuration)
INTERVAL = TypeAdapter(Interval)
RETENTION = TypeAdapter(Retention)


def error_of(adapter: TypeAdapter[Any], text: str) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(text)
    (error,) = caught.value.errors(include_url=False)
    return dict(error)


@pytest.mark.parametrize(("text", "amount", "unit"), ACCEPTED)
def test_step_times_as_authors_write_them(text: str, amount: str, unit: Unit) -> None:
    duration = STEP.validate_python(text)
    assert (duration.amount, duration.unit, duration.text) == (Decimal(amount), unit, text)
    assert str(duration) == text


@pytest.mark.parametrize("text", REJECTED)
def test_rejected_without_a_hint(text: str) -> None:
    error = error_of(STEP, text)
    assert error["type"] == "value.expected_duration"
    assert error["ctx"]["hint"] is None


@pytest.mark.parametrize(("text", "meant"), NEAR_MISSES)
def test_a_near_miss_suggests_what_was_meant(text: str, meant: str) -> None:
    error = error_of(STEP, text)
    assert error["type"] == "value.expected_duration"
    assert error["ctx"]["hint"] == Message("did_you_mean", word=meant)
    STEP.validate_python(meant)  # the suggestion itself is accepted


def minutes(text: str) -> Decimal:
    """The times written in `text`, added up in minutes (1wd taken as 8wh: only to compare)."""
    per_unit = {M: 1, H: 60, D: 1440, WH: 60, W: 480}
    found = [decode_quantity(q) for q in re.findall(QUANTITY, text)]
    return sum((amount * per_unit[unit] for amount, unit, _ in found), Decimal(0))


@pytest.mark.parametrize(("text", "meant"), NEAR_MISSES)
def test_no_suggestion_is_shorter_than_what_was_written(text: str, meant: str) -> None:
    assert minutes(meant) >= minutes(text)


@pytest.mark.parametrize("text", ["2个月", "6mo", "半年内", "接收后1年"])
def test_months_and_years_are_not_step_times(text: str) -> None:
    assert error_of(STEP, text)["type"] == "value.months_in_step"


@pytest.mark.parametrize(("text", "amount", "unit"), INTERVALS)
def test_intervals_take_chinese_numerals(text: str, amount: str, unit: Unit) -> None:
    interval = INTERVAL.validate_python(text)
    assert (interval.amount, interval.unit) == (Decimal(amount), unit)


@pytest.mark.parametrize("text", INTERVAL_REJECTED)
def test_intervals_keep_their_grammar(text: str) -> None:
    assert error_of(INTERVAL, text)["type"] == "value.expected_interval"


def test_interval_near_misses() -> None:
    assert error_of(INTERVAL, "6 months")["ctx"]["hint"] == Message("did_you_mean", word="6mo")
    assert error_of(INTERVAL, "3年内")["ctx"]["hint"] == Message("did_you_mean", word="3年")
    assert error_of(RETENTION, "永久保存")["ctx"]["hint"] == Message("did_you_mean", word="永久")
    assert RETENTION.validate_python(" 永久 ") == "永久"


# -- the JSON Schema ------------------------------------------------------------------


def corpus() -> list[str]:
    """Every text of the tables above and a few thousand made from their parts:
    good and bad numbers, every spelling and some that are not, words around."""
    numbers = [
        "2",
        "１．５",
        "0.5",
        "十五",
        "两",
        "半",
        "零点五",
        "一个半",
        "1个半",
        "两十",
        "1.",
        "-1",
    ]
    units = [*SPELLINGS, "个工作日", "个天", "周", "hr", "hours", "曰", "个月"]
    around = [("", ""), ("", "内"), ("接收后", "以内"), ("≤", ""), ("三天后", "内"), ("", "内内")]
    made = [f"{a}{n}{u}{b}" for n in numbers for u in units for a, b in around]
    tables = [t for t, _, _ in ACCEPTED + INTERVALS] + REJECTED + INTERVAL_REJECTED
    return tables + [t for t, _ in NEAR_MISSES] + made + [" 2h ", "2h\n", "永久", "permanent"]


def schema_patterns() -> dict[str, str]:
    """The patterns the generated schemas give each kind of time."""
    sop = json.loads(render_schemas()["sop.schema.json"])
    defs = sop["$defs"]

    def pattern(schema: dict[str, Any]) -> str:
        found = set(re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', json.dumps(schema)))
        (only,) = found
        return str(json.loads(f'"{only}"'))

    return {
        "time_limit": pattern(defs["Step"]["properties"]["time_limit"]),
        "within": pattern(defs["Deadline"]["properties"]["within"]),
        "exception": pattern(defs["SopException"]["properties"]["within"]),
        "interval": pattern(defs["Review"]["properties"]["interval"]),
        "retention": pattern(defs["FormDef"]["properties"]["retention"]),
    }


def test_the_schema_carries_the_grammar_of_the_parser() -> None:
    assert schema_patterns() == {
        "time_limit": step_pattern(),
        "within": step_pattern(),
        "exception": step_pattern(),
        "interval": interval_pattern(),
        "retention": retention_pattern(),
    }


@pytest.mark.parametrize(
    ("adapter", "pattern"),
    [(STEP, step_pattern()), (INTERVAL, interval_pattern()), (RETENTION, retention_pattern())],
    ids=["step", "interval", "retention"],
)
def test_schema_pattern_and_parser_agree(adapter: TypeAdapter[Any], pattern: str) -> None:
    texts = corpus()
    assert len(texts) > 1000
    compiled = re.compile(pattern)
    disagree = []
    for text in texts:
        try:
            adapter.validate_python(text)
            parsed = True
        except ValidationError:
            parsed = False
        if parsed != bool(compiled.search(text)):  # `search`, as JSON Schema validators do
            disagree.append(text)
    assert disagree == []
    assert sum(bool(compiled.search(t)) for t in texts) > 50  # both sides occur


def test_an_editor_validates_an_sop_as_sopc_does() -> None:
    """The whole generated schema, through a JSON Schema validator, on SOP files."""
    schema = json.loads(render_schemas()["sop.schema.json"])
    validator = jsonschema.Draft7Validator(schema)
    base = yaml.load(BASE_SOP, Loader=yaml.BaseLoader)  # every scalar text, as editors see it
    assert list(validator.iter_errors(base)) == []
    for text in ["接收后30分钟内", "三个工作日", "2个工作曰", "3天内内", "当日", "2个月"]:
        sop = json.loads(json.dumps(base))
        sop["steps"][0]["time_limit"] = text
        sop["deadlines"][0]["within"] = text
        sop["steps"][2]["time_limit"] = {"一般": text, "重大": "3wd"}
        errors = list(validator.iter_errors(sop))
        assert (errors == []) == (parse_duration(text) is not None and text != "2个月"), errors


def test_the_pattern_is_ecma_262() -> None:
    """No construct of Python's `re` that ECMA-262 lacks: lookbehind, named groups in
    Python's spelling, possessive or atomic groups, inline flags, \\A \\Z."""
    for pattern in (step_pattern(), interval_pattern(), retention_pattern()):
        assert not re.search(r"\(\?(<|P|>|[aiLmsux])", pattern), pattern
        assert not re.search(r"[*+?}]\+", pattern), pattern
        assert not re.search(r"\\[AZ]", pattern), pattern
        escapes = set(re.findall(r"\\(u[0-9a-f]{4}|.)", pattern))
        assert escapes <= {"t", "n", "r", "u00a0", "u3000"}, escapes


# -- messages and findings ------------------------------------------------------------


def test_a_near_miss_is_sop007_at_the_value_with_did_you_mean(project: Project) -> None:
    text = BASE_SOP.replace("time_limit: 10m", "time_limit: 2个工作曰").replace(
        "within: 1h", "within: 4 hr"
    )
    findings = [f for f in run_check(project({CS_PATH: text})).findings if f.code == "SOP007"]
    assert [(f.span.line, f.span.column) for f in findings] == [
        locate(text, "2个工作曰"),
        locate(text, "4 hr"),
    ]
    english, chinese = translator("en"), translator("zh-CN")
    assert [english.say(f.message) for f in findings] == [
        "expected a duration such as 30m, 2h, 1d, 4wh, 2wd, 3工作日 or immediate, "
        "got '2个工作曰' (did you mean '2个工作日'?)",
        "expected a duration such as 30m, 2h, 1d, 4wh, 2wd, 3工作日 or immediate, "
        "got '4 hr' (did you mean '4h'?)",
    ]
    assert [chinese.say(f.message) for f in findings] == [
        "时限应写成数量加单位，如 30分钟、2小时、1天、3个工作日、1小时内、当日 或 立即，"
        "现在是 '2个工作曰'（是否想写 '2个工作日'？）",
        "时限应写成数量加单位，如 30分钟、2小时、1天、3个工作日、1小时内、当日 或 立即，"
        "现在是 '4 hr'（是否想写 '4h'？）",
    ]


def test_months_in_a_step_in_both_languages(project: Project) -> None:
    text = BASE_SOP.replace("time_limit: 10m", "time_limit: 2个月")
    (finding,) = [f for f in run_check(project({CS_PATH: text})).findings if f.code == "SOP007"]
    assert translator("en").say(finding.message) == (
        "2个月: months and years are for review and retention intervals, not step times; "
        "use d, wd or h"
    )
    assert translator("zh-CN").say(finding.message) == (
        "'2个月'：月和年只用于评审周期和保存期限，不能作为步骤时限；"
        "请改用 天（d）、工作日（wd）或 小时（h）"
    )


# -- arithmetic along a deadline -------------------------------------------------------


def linear_sop(limits: list[str], within: str) -> str:
    steps = "".join(
        f"  - {{id: s{i}, title: 办理第{i}项, role: cs-agent, time_limit: {limit}}}\n"
        for i, limit in enumerate(limits)
    )
    return (
        "id: CS-001\ntitle: 客户投诉处理流程\nversion: '1.0'\nstatus: draft\n"
        "owner: cs-manager\npurpose: 规范。\nscope: 投诉\n"
        f"deadlines:\n  - {{name: 闭环, to: end, within: {within}}}\n"
        f"steps:\n{steps}revisions:\n  - {{version: '1.0', date: 2026-01-01}}\n"
    )


@pytest.mark.parametrize(
    ("limits", "within", "exceeded"),
    [
        (["当日", "次日"], "3wd", False),  # 1wd + 2wd
        (["当日", "次日"], "23wh", True),
        (["当天", "当日内"], "次日", False),  # 1wd + 1wd against 2wd
        (["次日", "1小时内"], "次日", True),
        (["接收后30分钟内", "分类后1小时内"], "一个半小时", False),  # the clauses add nothing
        (["接收后30分钟内", "分类后1小时内"], "89分钟", True),
        (["三个工作日"], "3wd", False),
        (["半个工作日", "4工作小时"], "1wd", False),
        (["半个工作日", "四工作小时", "1分钟"], "1wd", True),
    ],
)
def test_day_words_and_phrases_along_a_deadline(
    project: Project, limits: list[str], within: str, exceeded: bool
) -> None:
    result = run_check(project({CS_PATH: linear_sop(limits, within)}))
    assert not [f for f in result.findings if f.code in ("SOP005", "SOP006", "SOP007")]
    assert any(f.code == "SOP305" for f in result.findings) == exceeded


# -- the manual -------------------------------------------------------------------------


def test_the_manual_shows_each_time_as_written(project: Project) -> None:
    written = {
        "time_limit: 10m": "time_limit: 接收后30分钟内",
        "{一般: 1wd, 重大: 3wd}": "{一般: 三个工作日, 重大: 次日}",
        "within: 10d": "within: 十五天",
        "within: 1h": "within: 半小时",
    }
    text = BASE_SOP
    for old, new in written.items():
        text = text.replace(old, new)
    root = project({CS_PATH: text})
    run = sopc("build", "--format", "html", str(root))
    assert run.returncode == 0, run.stderr
    page = html.unescape((root / "site" / "sops" / "CS-001.html").read_text(encoding="utf-8"))
    for shown in ["<td>接收后30分钟内</td>", "<td>十五天</td>", "<td>半小时</td>"]:
        assert shown in page
    assert "三个工作日" in page
    assert "次日" in page
    assert "<td>30m</td>" not in page
    assert "<td>15d</td>" not in page
