"""Durations as authors write them (spec §2, Durations; docs/durations.md).

The grammar is a handful of tables (`SPELLINGS`, `COUNTED`, `HALF_AFTER`,
`ZERO_WORDS`, `DAY_WORDS`, `WITHIN`, `AT_MOST`, Chinese numerals). Both the
parser (`parse_duration`, `parse_interval`) and the JSON Schema's `pattern`
(`step_pattern`, `interval_pattern`, `retention_pattern`) are built from them,
so an editor accepts exactly what `sopc check` accepts. The regular
expressions stay within what ECMA-262 and Python share (no lookbehind, no
named groups in the schema, no flags): full width and letter case are spelled
out as character classes instead.

A step's time and a deadline's budget is an amount of one unit. What an
author writes in words is priced never in the SOP's favour, as the longest it
can take:

- `当日`/`当天` (done within the working day it starts) is 1 working day: a
  step that starts as the day begins may use all of its hours;
- `次日` (done by the end of the next working day) is 2 working days: the
  rest of today, which can be a whole working day, and the next one.

A leading event clause ending in 后 (`接收后30分钟内`) names the moment the
step can start, which is where a time limit counts from anyway, and a
trailing 内/以内/之内 or a leading 不超过/≤ says "at most", which every time
limit means: they change nothing but the text, which the manual shows as
written (`Duration.text`). An event clause that is itself a time
(`三天后1小时内`) is not one: the step would not start at the event.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache, wraps
from typing import TypeVar


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


@dataclass(frozen=True, slots=True)
class Duration:
    """An amount of time and the author's text for it: `2wd`, `30分钟`, `接收后1小时内`."""

    amount: Decimal
    unit: Unit
    text: str

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[object, ...]:
        # made by its constructor when unpickled, not by the slots' Python __setstate__:
        # a kept session holds some 27 of them an SOP (`sopc.snapshot`)
        return (Duration, (self.amount, self.unit, self.text))


# -- the grammar's tables ---------------------------------------------------------

SPELLINGS: dict[str, Unit] = {
    "m": Unit.MINUTE, "min": Unit.MINUTE, "分钟": Unit.MINUTE,
    "h": Unit.HOUR, "小时": Unit.HOUR,
    "d": Unit.DAY, "天": Unit.DAY, "日": Unit.DAY,
    "wh": Unit.WORK_HOUR, "工作小时": Unit.WORK_HOUR,
    "wd": Unit.WORK_DAY, "工作日": Unit.WORK_DAY,
    "mo": Unit.MONTH, "月": Unit.MONTH,
    "y": Unit.YEAR, "年": Unit.YEAR,
}  # fmt: skip
"""How each unit is written. Latin letters in any case and width (`2H`, `２ｈ`);
a Latin unit takes Arabic digits, a Chinese one Arabic or Chinese numerals."""

COUNTED = frozenset({"小时", "工作小时", "工作日", "月"})
"""Chinese units counted with the measure word 个: 两个小时, 三个工作日, 一个半小时."""

HALF_AFTER = frozenset({"天", "日", "年"})
"""Chinese units that take a half after them: 一天半, 两年半."""

ZERO_WORDS = ("0", "immediate", "即时", "立即")
DAY_WORDS: dict[str, tuple[Decimal, Unit]] = {
    "当日": (Decimal(1), Unit.WORK_DAY),
    "当天": (Decimal(1), Unit.WORK_DAY),
    "次日": (Decimal(2), Unit.WORK_DAY),
}
WITHIN = ("以内", "之内", "内")
AT_MOST = ("不超过", "≤")
AFTER = "后"
HALF = "半"
MEASURE = "个"
CHINESE_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
ALONE = "两"
"""A two that stands alone (两小时, 两个工作日), never beside 十 (二十, 十二)."""
TEN, POINT = "十", "点"
EVENT_LENGTH = 40
"""At most this many characters before 后: an event, not a paragraph."""

STEP_UNITS = frozenset(u for u in Unit if u not in (Unit.MONTH, Unit.YEAR))
INTERVAL_UNITS = frozenset({Unit.DAY, Unit.MONTH, Unit.YEAR})
PERMANENT = ("permanent", "永久")


# -- the grammar as regular expressions ----------------------------------------------

SPACE = " \\t\\n\\r\\u00a0\\u3000"
"""Spaces as a character class body: ASCII, no-break and the full-width space of
Chinese input methods."""
_WS = f"[{SPACE}]*"
_ARABIC = "[0-9０-９]+(?:[.．][0-9０-９]+)?"
_DIGITS = "".join(CHINESE_DIGITS)
_ONES = "".join(c for c, v in CHINESE_DIGITS.items() if v and c != ALONE)
_DECIMALS = "".join(c for c in CHINESE_DIGITS if c != ALONE)
_CHINESE = f"(?:[{_ONES}]?{TEN}[{_ONES}]?|[{_DIGITS}])(?:{POINT}[{_DECIMALS}]+)?"
NUMBER = f"(?:{_ARABIC}|{_CHINESE})"


def _spelled(word: str) -> str:
    """`word` in any letter case and width: `h` → `[hHｈＨ]`; Chinese as it is."""
    out = []
    for char in word:
        if char.isascii() and char.isalnum():
            forms = dict.fromkeys((char.lower(), char.upper()))
            out.append("[" + "".join(f + chr(ord(f) + 0xFEE0) for f in forms) + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _one_of(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_spelled(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _quantity(units: Iterable[Unit]) -> str:
    """A number and one of `units`: `2h`, `3 个工作日`, `一个半小时`, `半天`, `两年半`."""
    spellings = [s for s, u in SPELLINGS.items() if u in set(units)]
    latin = [s for s in spellings if s.isascii()]
    counted = [s for s in spellings if s in COUNTED]
    plain = [s for s in spellings if not s.isascii() and s not in COUNTED]
    halves = [s for s in plain if s in HALF_AFTER]
    forms = []
    if latin:
        forms.append(f"{_ARABIC}{_WS}{_one_of(latin)}")
    if counted:
        forms.append(f"(?:{NUMBER}{_WS}(?:{MEASURE}{HALF}?)?|{HALF}{MEASURE}?){_one_of(counted)}")
    if plain:
        forms.append(f"(?:{NUMBER}{_WS}|{HALF}){_one_of(plain)}")
    if halves:
        forms.append(f"{NUMBER}{_WS}{_one_of(halves)}{HALF}")
    return "(?:" + "|".join(forms) + ")"


QUANTITY = _quantity(Unit)
"""Any quantity of any unit, without groups (near misses look for them)."""


def _group(name: str, body: str, named: bool) -> str:
    return f"(?P<{name}>{body})" if named else f"(?:{body})"


def _step_grammar(units: Iterable[Unit], named: bool) -> str:
    """`[event 后] (zero | [at most] (quantity | day word) [within])`, spaces around."""
    day = _one_of(DAY_WORDS)
    not_a_time = f"(?!{QUANTITY}|{day})[^{SPACE}]"
    event = f"{not_a_time}{{1,{EVENT_LENGTH}}}?{AFTER}"
    amount = (
        f"(?:{_one_of(AT_MOST)}{_WS})?"
        f"(?:{_group('quantity', _quantity(units), named)}|{_group('day', day, named)})"
        f"{_WS}{_one_of(WITHIN)}?"
    )
    zero = _group("zero", _one_of(ZERO_WORDS), named)
    return f"{_WS}{_group('event', event, named)}?(?:{zero}|{amount}){_WS}"


def _interval_grammar(named: bool) -> str:
    return f"{_WS}{_group('quantity', _quantity(INTERVAL_UNITS), named)}{_WS}"


def step_pattern() -> str:
    """The JSON Schema pattern of a step time (`time_limit`, a deadline's `within`)."""
    return f"^{_step_grammar(STEP_UNITS, named=False)}$"


def interval_pattern() -> str:
    """The JSON Schema pattern of a review interval (d, mo, y)."""
    return f"^{_interval_grammar(named=False)}$"


def retention_pattern() -> str:
    """The JSON Schema pattern of a retention: an interval, or permanent / 永久."""
    return f"^(?:{_WS}{_one_of(PERMANENT)}{_WS}|{_interval_grammar(named=False)})$"


_STEP = re.compile(_step_grammar(Unit, named=True))
_INTERVAL = re.compile(_interval_grammar(named=True))
_PERMANENT = re.compile(f"{_WS}{_one_of(PERMANENT)}{_WS}")
_LONGEST_FIRST = sorted(SPELLINGS, key=len, reverse=True)


# -- from text to value ---------------------------------------------------------------


_Parsed = TypeVar("_Parsed")
_REMEMBERED = 64
"""Times up to this long are remembered: a project spells its times a few dozen ways
(`2h`, `1个工作日`), a large check asks 26 times an SOP, and its SOPs then share one
immutable value. A longer text is a sentence or a hostile scalar, not kept."""


def _remembered(most: int) -> Callable[[Callable[[str], _Parsed]], Callable[[str], _Parsed]]:
    """The parser, remembering the `most` latest texts of up to _REMEMBERED characters."""

    def remember(parse: Callable[[str], _Parsed]) -> Callable[[str], _Parsed]:
        known = lru_cache(maxsize=most)(parse)

        @wraps(parse)
        def parse_text(text: str) -> _Parsed:
            return known(text) if len(text) <= _REMEMBERED else parse(text)

        return parse_text

    return remember


@_remembered(4096)
def parse_duration(text: str) -> Duration | None:
    """A step time in any unit (months and years too: the caller says they are not
    step times), or None when `text` is not one."""
    match = _STEP.fullmatch(text)
    if match is None:
        return None
    if match["zero"]:
        return Duration(Decimal(0), Unit.MINUTE, text)
    if match["day"]:
        amount, unit = DAY_WORDS[match["day"]]
        return Duration(amount, unit, text)
    amount, unit, _ = decode_quantity(match["quantity"])
    return Duration(amount, unit, text)


@_remembered(256)
def parse_interval(text: str) -> Duration | None:
    """A review or retention interval (`90d`, `6个月`, `半年`), or None."""
    match = _INTERVAL.fullmatch(text)
    if match is None:
        return None
    amount, unit, _ = decode_quantity(match["quantity"])
    return Duration(amount, unit, text)


def is_permanent(text: str) -> bool:
    return _PERMANENT.fullmatch(text) is not None


def decode_quantity(quantity: str) -> tuple[Decimal, Unit, str]:
    """(amount, unit, spelling) of a text that `QUANTITY` matches: `一个半小时` →
    (1.5, HOUR, "小时"); `２ｈ` → (2, HOUR, "h")."""
    text = unicodedata.normalize("NFKC", quantity).strip().lower()
    half = Decimal(0)
    if text.endswith(HALF) and text[:-1].endswith(tuple(HALF_AFTER)):
        text, half = text[:-1], Decimal("0.5")
    spelling = next(s for s in _LONGEST_FIRST if text.endswith(s))
    number = text[: -len(spelling)].strip()
    if number.endswith(MEASURE + HALF):
        number, half = number[:-2], Decimal("0.5")
    number = number.removesuffix(MEASURE).strip()
    return number_value(number) + half, SPELLINGS[spelling], spelling


def number_value(number: str) -> Decimal:
    """`2`, `1.5`, `十五`, `二十四`, `零点五`, `两`, `半` as a number."""
    if number == HALF:
        return Decimal("0.5")
    if number[:1].isdigit():
        return Decimal(unicodedata.normalize("NFKC", number))
    whole, _, fraction = number.partition(POINT)
    tens, ten, ones = whole.partition(TEN)
    if ten:
        value = CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)
    else:
        value = CHINESE_DIGITS[whole]
    digits = "".join(str(CHINESE_DIGITS[c]) for c in fraction)
    return Decimal(f"{value}.{digits}") if digits else Decimal(value)
