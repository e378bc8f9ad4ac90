"""Value types of the SOP format: durations, intervals, versions, dates, ids.

Each validator takes the author's text and either returns a typed value or
raises one `PydanticCustomError` whose message says what is expected, so the
finding (SOP007) reads like advice rather than a type dump.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Discriminator, PlainSerializer, PlainValidator, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError


def _invalid(kind: str, message: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message + ", got {got}", {"got": describe(value)})


def describe(value: Any) -> str:
    """How a value is named in a message: text quoted and cut, containers by kind."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


# -- ids ---------------------------------------------------------------------

_ID = re.compile(r"[^\W_][\w.-]*")
RESERVED_IDS = frozenset({"end"})


def _check_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise _invalid(
            "sop_id",
            "expected an id: letters, digits, '-', '_' or '.', starting with a letter or digit",
            value,
        )
    return value


def _check_step_id(value: Any) -> str:
    _check_id(value)
    if value in RESERVED_IDS:
        raise PydanticCustomError("sop_id", "'end' is reserved for the end of the flow")
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
        raise _invalid("sop_text", "expected text", value)
    return value


Text = Annotated[str, PlainValidator(_check_text), WithJsonSchema({"type": "string"})]
"""Non-empty text. The loader hands every scalar over as text, so a number or
`yes` written by an author is text here, exactly as they read it."""


# -- dates and versions --------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _check_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _invalid("sop_date", "expected a date as YYYY-MM-DD", value)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise PydanticCustomError(
            "sop_date", "{got} is not a real date ({why})", {"got": value, "why": str(exc)}
        ) from None


IsoDate = Annotated[
    date,
    PlainValidator(_check_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-01"]}),
]

_VERSION = re.compile(r"\d+\.\d+(\.\d+)?")


def _check_version(value: Any) -> str:
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        raise _invalid("sop_version", 'expected a version MAJOR.MINOR[.PATCH] such as "1.2"', value)
    return value


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


# -- durations -------------------------------------------------------------------


class Unit(StrEnum):
    MINUTE = "m"
    HOUR = "h"
    DAY = "d"
    WORK_HOUR = "wh"
    WORK_DAY = "wd"
    MONTH = "mo"
    YEAR = "y"

    @property
    def working(self) -> bool:
        return self in (Unit.WORK_HOUR, Unit.WORK_DAY)


_UNITS: dict[str, Unit] = {
    "m": Unit.MINUTE, "min": Unit.MINUTE, "分钟": Unit.MINUTE,
    "h": Unit.HOUR, "小时": Unit.HOUR,
    "d": Unit.DAY, "天": Unit.DAY, "日": Unit.DAY,
    "wh": Unit.WORK_HOUR, "工作小时": Unit.WORK_HOUR,
    "wd": Unit.WORK_DAY, "工作日": Unit.WORK_DAY, "个工作日": Unit.WORK_DAY,
    "mo": Unit.MONTH, "月": Unit.MONTH, "个月": Unit.MONTH,
    "y": Unit.YEAR, "年": Unit.YEAR,
}  # fmt: skip
_ZERO = {"0", "immediate", "即时", "立即"}
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(\D+)")
_STEP_UNITS = frozenset(u for u in Unit if u not in (Unit.MONTH, Unit.YEAR))
_INTERVAL_UNITS = frozenset({Unit.DAY, Unit.MONTH, Unit.YEAR})


@dataclass(frozen=True, slots=True)
class Duration:
    """An amount of time as the author wrote it: `2wd`, `30分钟`, `立即`."""

    amount: Decimal
    unit: Unit
    text: str

    def __str__(self) -> str:
        return self.text


def parse_duration(text: str) -> Duration | None:
    """Parse the unit grammar of spec §2; full-width digits and spaces are fine."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal.lower() in _ZERO:
        return Duration(Decimal(0), Unit.MINUTE, text)
    match = _AMOUNT.fullmatch(normal)
    if not match:
        return None
    unit = _UNITS.get(match.group(2).strip().lower()) or _UNITS.get(match.group(2).strip())
    if unit is None:
        return None
    try:
        return Duration(Decimal(match.group(1)), unit, text)
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        return None


_STEP_HINT = "expected a duration such as 30m, 2h, 1d, 4wh, 2wd, 3工作日 or immediate"
_INTERVAL_HINT = "expected an interval such as 90d, 6mo, 1y, 6个月 or 3年"


def _check_step_duration(value: Any) -> Duration:
    duration = parse_duration(value) if isinstance(value, str) else None
    if duration is None:
        raise _invalid("sop_duration", _STEP_HINT, value)
    if duration.unit not in _STEP_UNITS:
        raise PydanticCustomError(
            "sop_duration",
            "{got}: months and years are for review and retention intervals, "
            "not step times; use d, wd or h",
            {"got": value},
        )
    return duration


def _check_interval(value: Any) -> Duration:
    duration = parse_duration(value) if isinstance(value, str) else None
    if duration is None or duration.unit not in _INTERVAL_UNITS:
        raise _invalid("sop_interval", _INTERVAL_HINT, value)
    return duration


_duration_schema = {
    "type": "string",
    "description": "A number and a unit: m/min/分钟, h/小时, d/天/日, wh/工作小时, "
    "wd/工作日/个工作日; or 0, immediate, 即时, 立即.",
    "examples": ["30m", "2h", "1wd", "3工作日", "immediate"],
}
_to_text = PlainSerializer(str, return_type=str)

StepDuration = Annotated[
    Duration, PlainValidator(_check_step_duration), _to_text, WithJsonSchema(_duration_schema)
]
Interval = Annotated[
    Duration,
    PlainValidator(_check_interval),
    _to_text,
    WithJsonSchema({"type": "string", "examples": ["6mo", "1y", "90d", "6个月"]}),
]

_PERMANENT = {"permanent", "永久"}


def _check_retention(value: Any) -> Duration | str:
    if isinstance(value, str) and value.strip().lower() in _PERMANENT:
        return value.strip()
    return _check_interval(value)


Retention = Annotated[
    Duration | str,
    PlainValidator(_check_retention),
    _to_text,
    WithJsonSchema({"type": "string", "examples": ["3y", "6mo", "永久", "permanent"]}),
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
    if isinstance(value, str):
        if value.startswith(SOP_REF) and _ID.fullmatch(value[len(SOP_REF) :]):
            return value
        if _ID.fullmatch(value):
            return value
    raise _invalid("sop_target", "expected a step id, end or sop:ID", value)


def _check_parallel_target(value: Any) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value) or value in RESERVED_IDS:
        raise _invalid("sop_target", "expected a step id (the branches of a parallel split)", value)
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
