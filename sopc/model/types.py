"""Value types of the SOP format: durations, intervals, versions, dates, ids.

Each validator takes the author's text and either returns a typed value or
raises one error (`problem`) whose type is the key of its message in the
`values` catalogue and whose context holds the message's values, so the finding
(SOP007) reads like advice, in the reader's language, rather than a type dump.
The duration grammar is model/duration.py's; near misses get a hint from
model/duration_hints.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import Discriminator, PlainSerializer, PlainValidator, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError

from sopc.i18n import Message, translator
from sopc.i18n.message import Arg
from sopc.model.duration import (
    INTERVAL_UNITS,
    STEP_UNITS,
    Duration,
    Unit,
    interval_pattern,
    is_permanent,
    parse_duration,
    parse_interval,
    retention_pattern,
    step_pattern,
)

__all__ = [
    "INTERVAL_UNITS",
    "STEP_UNITS",
    "Duration",
    "Unit",
    "describe",
    "parse_duration",
    "parse_interval",
    "problem",
    "version_key",
]

_ENGLISH = translator("en")


def problem(key: str, **values: Arg) -> PydanticCustomError:
    """A validation error that is a `Message`: its type is the message's key, its
    context the message's values (model/errors.py makes the finding's message from
    them); pydantic's own text is the English one, for whoever prints the error."""
    message = Message(key, **values)
    return PydanticCustomError(key, _ENGLISH.say(message), dict(message.args))


def describe(value: Any) -> Arg:
    """How a value is named in a message: text quoted and cut, containers by kind."""
    if value is None:
        return Message("value.nothing")
    if isinstance(value, dict):
        return Message("value.a_mapping")
    if isinstance(value, list):
        return Message("value.a_list")
    text = str(value)
    return Message("value.text", text=text if len(text) <= 40 else text[:37] + "...")


# -- ids ---------------------------------------------------------------------

ID_PATTERN = re.compile(r"[^\W_][\w.-]*")
"""An id: letters (CJK too), digits, `-`, `_`, `.`, starting with a letter or digit."""
RESERVED_IDS = frozenset({"end"})


def _check_id(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise problem("value.expected_id", got=describe(value))
    return value


def _check_step_id(value: Any) -> str:
    _check_id(value)
    if value in RESERVED_IDS:
        raise problem("value.reserved_end")
    return str(value)


Id = Annotated[
    str,
    PlainValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": r"^[^\W_][\w.-]*$"}),
]
StepId = Annotated[
    str,
    PlainValidator(_check_step_id),
    WithJsonSchema({"type": "string", "pattern": r"^[^\W_][\w.-]*$", "not": {"const": "end"}}),
]


def _check_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem("value.expected_text", field=None, got=describe(value))
    return value


Text = Annotated[str, PlainValidator(_check_text), WithJsonSchema({"type": "string"})]
"""Non-empty text. The loader hands every scalar over as text, so a number or
`yes` written by an author is text here, exactly as they read it."""


# -- dates and versions --------------------------------------------------------

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _check_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise problem("value.expected_date", got=describe(value))
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise problem("value.unreal_date", got=value, why=_date_fault(year, month)) from None


def _date_fault(year: int, month: int) -> Message:
    """Which part of a well-formed date does not exist (year 0000, month 13, 30 Feb)."""
    if year == 0:
        return Message("value.year_range", year=year)
    if not 1 <= month <= 12:
        return Message("value.month_range")
    return Message("value.day_range")


IsoDate = Annotated[
    date,
    PlainValidator(_check_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-01"]}),
]

_VERSION = re.compile(r"\d+\.\d+(\.\d+)?")
_VERSION_DRESS = re.compile(r"^(?:[vV]|版本|第)\s*|\s*版$")


def _check_version(value: Any) -> str:
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        raise problem("value.expected_version", got=describe(value), hint=_version_hint(value))
    return value


def _version_hint(value: Any) -> Message | None:
    """`V1.2`, `1.2版`, `2` → '1.2', '1.2', '2.0': a version dressed as in a Word header."""
    if not isinstance(value, str):
        return None
    bare = _VERSION_DRESS.sub("", unicodedata.normalize("NFKC", value).strip())
    bare = f"{bare}.0" if bare.isdigit() else bare
    return Message("did_you_mean", word=bare) if _VERSION.fullmatch(bare) else None


Version = Annotated[
    str,
    PlainValidator(_check_version),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d+\.\d+(\.\d+)?$", "examples": ["1.0", "1.2.1"]}
    ),
]


def version_key(version: str) -> tuple[int, int, int]:
    """`"1.10"` → (1, 10, 0): versions compare numerically, part by part."""
    parts = [int(p) for p in version.split(".")] + [0, 0]
    return parts[0], parts[1], parts[2]


# -- durations (the grammar is model/duration.py's) ---------------------------------------


def _accepts_step(text: str) -> bool:
    duration = parse_duration(text)
    return duration is not None and duration.unit in STEP_UNITS


def _accepts_interval(text: str) -> bool:
    return parse_interval(text) is not None


def _accepts_retention(text: str) -> bool:
    return is_permanent(text) or _accepts_interval(text)


def _hint(value: Any, accepts: Callable[[str], bool]) -> Message | None:
    # the repairs' patterns compile in ~12 ms, which only a misspelled duration pays
    from sopc.model.duration_hints import nearest

    near = nearest(value, accepts) if isinstance(value, str) else None
    return Message("did_you_mean", word=near) if near else None


def _check_step_duration(value: Any) -> Duration:
    duration = parse_duration(value) if isinstance(value, str) else None
    if duration is None:
        raise problem(
            "value.expected_duration", got=describe(value), hint=_hint(value, _accepts_step)
        )
    if duration.unit not in STEP_UNITS:
        raise problem("value.months_in_step", got=value)
    return duration


def _check_interval(value: Any) -> Duration:
    duration = parse_interval(value) if isinstance(value, str) else None
    if duration is None:
        raise problem(
            "value.expected_interval", got=describe(value), hint=_hint(value, _accepts_interval)
        )
    return duration


def _check_retention(value: Any) -> Duration | str:
    if isinstance(value, str) and is_permanent(value):
        return value.strip()
    duration = parse_interval(value) if isinstance(value, str) else None
    if duration is None:
        raise problem(
            "value.expected_interval", got=describe(value), hint=_hint(value, _accepts_retention)
        )
    return duration


_duration_schema = {
    "type": "string",
    "pattern": step_pattern(),
    "patternErrorMessage": "A number and a unit, such as 30m, 2h, 1d, 4wh, 2wd, 三个工作日, "
    "1小时内, 接收后30分钟内, 当日, 次日 or immediate.",
    "description": "A number and a unit: m/min/分钟, h/小时, d/天/日, wh/工作小时, "
    "wd/工作日/个工作日; Chinese numerals too (三个工作日, 半小时, 一个半小时); "
    "内/以内/之内 after it and an event clause before it (接收后30分钟内); "
    "当日/当天 (1 working day), 次日 (2 working days); or 0, immediate, 即时, 立即.",
    "examples": ["30m", "2h", "1wd", "3个工作日", "1小时内", "接收后30分钟内", "immediate"],
}
_to_text = PlainSerializer(str, return_type=str)

StepDuration = Annotated[
    Duration, PlainValidator(_check_step_duration), _to_text, WithJsonSchema(_duration_schema)
]
Interval = Annotated[
    Duration,
    PlainValidator(_check_interval),
    _to_text,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": interval_pattern(),
            "patternErrorMessage": "A number and d/天, mo/个月 or y/年, such as 90d, 6mo, 1y, "
            "6个月, 半年.",
            "examples": ["6mo", "1y", "90d", "6个月"],
        }
    ),
]
Retention = Annotated[
    Duration | str,
    PlainValidator(_check_retention),
    _to_text,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": retention_pattern(),
            "patternErrorMessage": "A number and d/天, mo/个月 or y/年 (3y, 6个月), "
            "or permanent / 永久.",
            "examples": ["3y", "6mo", "永久", "permanent"],
        }
    ),
]


def _by_cases(value: Any) -> str:
    return "cases" if isinstance(value, dict) else "one"


TimeLimit = Annotated[
    Annotated[dict[str, StepDuration], Tag("cases")] | Annotated[StepDuration, Tag("one")],
    Discriminator(_by_cases),
]
"""One duration, or one per value of the SOP's `cases`."""


# -- flow targets and references ---------------------------------------------------

SOP_REF = "sop:"
FORM_REF = "form:"


def _check_target(value: Any) -> str:
    if isinstance(value, str) and _is_target(value):
        return value
    raise problem("value.expected_target", got=describe(value), hint=_target_hint(value))


def _target_hint(value: Any) -> Message | None:
    """`sop：FIN-003`, `sop: FIN-003` → 'sop:FIN-003' (a full-width colon or a space
    from the input method)."""
    if not isinstance(value, str):
        return None
    fixed = re.sub(r"^sop\s*:\s*", SOP_REF, unicodedata.normalize("NFKC", value).strip())
    return Message("did_you_mean", word=fixed) if fixed != value and _is_target(fixed) else None


def _is_target(text: str) -> bool:
    ref = text[len(SOP_REF) :] if text.startswith(SOP_REF) else text
    return ID_PATTERN.fullmatch(ref) is not None


def _check_parallel_target(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value) or value in RESERVED_IDS:
        raise problem("value.expected_parallel_target", got=describe(value))
    return value


_target_schema = {"type": "string", "examples": ["approve", "end", "sop:FIN-003"]}
Target = Annotated[str, PlainValidator(_check_target), WithJsonSchema(_target_schema)]
ParallelTarget = Annotated[
    str, PlainValidator(_check_parallel_target), WithJsonSchema({"type": "string"})
]


def _by_kind(value: Any) -> str:
    return "parallel" if isinstance(value, list) else "one"


Next = Annotated[
    Annotated[list[ParallelTarget], Tag("parallel")] | Annotated[Target, Tag("one")],
    Discriminator(_by_kind),
]
"""A step id, `end`, `sop:ID` (hand-off), or a list of step ids run in parallel."""


def split_ref(text: str) -> tuple[str, str] | None:
    """`"form:complaint-register"` → ("form", "complaint-register"); plain text → None."""
    for prefix in (SOP_REF, FORM_REF):
        if text.startswith(prefix):
            return prefix[:-1], text[len(prefix) :].strip()
    return None


def add_interval(start: date, interval: Duration) -> date:
    """`start` plus a d/mo/y interval; a month end stays in range (Aug 31 + 6mo = Feb 28)."""
    from datetime import timedelta

    if interval.unit is Unit.DAY:
        return start + timedelta(days=float(interval.amount))
    months = int(interval.amount * (12 if interval.unit is Unit.YEAR else 1))
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in range(start.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(start.day, 28))
