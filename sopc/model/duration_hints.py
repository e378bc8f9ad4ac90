"""Near misses of the duration grammar: the text the author most likely meant.

A hint ("did you mean '2个工作日'?") is offered only when one of a few named
repairs, applied in turn, makes a text the grammar accepts:

- look-alike and sound-alike characters of an input method: 曰 for 日, 夭 for
  天, 各 for 个, 已内 for 以内, 分种 for 分钟, 工作天 for 工作日, 钟头 for 小时,
  `30分` for `30分钟`;
- a doubled 内 (`3天内内`);
- English unit words, which sopc spells short (`4 hr` → `4h`, `2 hours` →
  `2h`, `30mins` → `30min`, `2 working days` → `2wd`);
- weeks, which are not a unit, as days (`1周` → `7天`, `2 weeks` → `14d`);
- a range by its upper end (`2-3个工作日` → `3个工作日`);
- hours and minutes as one amount (`1小时30分钟` → `90分钟`);
- words around the duration (`需在2小时内完成` → `2小时内`), when the words
  left out hold no number.

None of them makes the time shorter than the author wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from sopc.model.duration import NUMBER, QUANTITY, SPACE, Unit, decode_quantity, number_value

Accepts = Callable[[str], bool]

_LONGEST = 60
"""Longer texts are sentences, not near misses: no hint."""

_NUMERAL = "0-9０-９零〇一二两三四五六七八九十半"
_AMOUNT = f"[0-9０-９]+(?:[.．][0-9０-９]+)?|[{_NUMERAL}点]+"

_LOOKALIKES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(wrong), right)
    for wrong, right in (
        ("曰", "日"),
        ("夭", "天"),
        ("各(?=工作|小时|月|半)", "个"),
        ("[已己]内", "以内"),
        ("分[种中]", "分钟"),
        ("[功]作(?=日|小时)", "工作"),
        ("工做", "工作"),
        ("工作天", "工作日"),
        ("钟头", "小时"),
        (f"(?<=[{_NUMERAL}])分(?!钟)", "分钟"),
        (f"(?<=[{_NUMERAL}个])时", "小时"),
    )
]

_DOUBLED = re.compile("(以内|之内|内)(?:以内|之内|内)+")

_ENGLISH_UNITS = {
    "minutes": "min", "minute": "min", "mins": "min",
    "hours": "h", "hour": "h", "hrs": "h", "hr": "h",
    "calendar days": "d", "calendar day": "d", "days": "d", "day": "d",
    "working days": "wd", "working day": "wd", "work days": "wd", "work day": "wd",
    "workdays": "wd", "workday": "wd", "business days": "wd", "business day": "wd",
    "working hours": "wh", "working hour": "wh", "work hours": "wh", "business hours": "wh",
    "months": "mo", "month": "mo", "years": "y", "year": "y", "yrs": "y", "yr": "y",
}  # fmt: skip
_ENGLISH = re.compile(
    r"(\d+(?:\.\d+)?)\s*("
    + "|".join(sorted(map(re.escape, _ENGLISH_UNITS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_IMMEDIATELY = re.compile(r"\bimmediately\b", re.IGNORECASE)
_WEEKS = re.compile(f"({NUMBER}|半)[{SPACE}]*个?(?:周|星期|礼拜)")
_ENGLISH_WEEKS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:weeks?|wks?)\b", re.IGNORECASE)
_RANGE = re.compile(f"(?:{_AMOUNT})[{SPACE}]*[-~～〜—–至到][{SPACE}]*(?=[{_NUMERAL}])")
_RUN = re.compile(f"{QUANTITY}(?:[{SPACE}]*{QUANTITY})+")
_CALENDAR_MINUTES = {Unit.MINUTE: 1, Unit.HOUR: 60, Unit.DAY: 24 * 60}
_WORD_EDGE = re.compile("[0-9A-Za-z.+-]")
_HAS_NUMBER = re.compile(f"[{_NUMERAL}]")


def nearest(text: str, accepts: Accepts) -> str | None:
    """The text the author most likely meant, or None when no repair gives one."""
    if len(text) > _LONGEST:
        return None
    candidate = text
    for repair in (_lookalikes, _doubled, _english, _weeks, _range, _compound):
        candidate = repair(candidate)
        if candidate != text and accepts(candidate):
            return candidate.strip()
    return _inside(candidate, accepts)


def _lookalikes(text: str) -> str:
    for wrong, right in _LOOKALIKES:
        text = wrong.sub(right, text)
    return text


def _doubled(text: str) -> str:
    return _DOUBLED.sub(r"\1", text)


def _english(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ENGLISH.sub(lambda m: m[1] + _ENGLISH_UNITS[m[2].lower()], text)
    return _IMMEDIATELY.sub("immediate", text)


def _weeks(text: str) -> str:
    text = _WEEKS.sub(lambda m: _shown(number_value(m[1]) * 7) + "天", text)
    return _ENGLISH_WEEKS.sub(lambda m: _shown(Decimal(m[1]) * 7) + "d", text)


def _range(text: str) -> str:
    return _RANGE.sub("", text)


def _compound(text: str) -> str:
    """`1小时30分钟` → `90分钟`: calendar quantities in a row as one, in the smallest
    unit written (working time is left alone: its hours per day are the project's)."""
    run = _RUN.search(text)
    if run is None:
        return text
    parts = [decode_quantity(q) for q in re.findall(QUANTITY, run[0])]
    if not all(unit in _CALENDAR_MINUTES for _, unit, _ in parts):
        return text
    minutes = sum((amount * _CALENDAR_MINUTES[unit] for amount, unit, _ in parts), Decimal(0))
    _, unit, spelling = min(parts, key=lambda part: _CALENDAR_MINUTES[part[1]])
    total = _shown(minutes / _CALENDAR_MINUTES[unit]) + spelling
    return text[: run.start()] + total + text[run.end() :]


def _inside(text: str, accepts: Accepts) -> str | None:
    """The longest accepted part of `text` whose surroundings hold no number and do
    not cut a word or a number in two."""
    for length in range(len(text) - 1, 0, -1):
        for start in range(len(text) - length + 1):
            end = start + length
            part, rest = text[start:end], text[:start] + text[end:]
            if _HAS_NUMBER.search(rest) or _cuts(text, start, end):
                continue
            if accepts(part):
                return part.strip()
    return None


def _cuts(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(_WORD_EDGE.fullmatch(before) or _WORD_EDGE.fullmatch(after))


def _shown(amount: Decimal) -> str:
    """`14`, `10.5`: an amount as an author writes it."""
    text = format(amount.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
