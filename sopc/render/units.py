"""Durations in words, in the manual's language: `3y` reads `3年` / `3 years`, `2h`
`2 小时` / `2 hours`, `immediate` `立即` / `immediately`.

Only what the author wrote as a code becomes words: a number and a Latin unit (`2h`,
`1.5wd`, `３０ｍ`), `0`, `immediate`, `permanent`. What the author wrote in Chinese words
(`接收后30分钟内`, `三个工作日`, `半小时`) is shown as written (issue 11), and so is
the rest of a text around a code (`≤ 2h` reads `≤ 2 小时`). The words come from the
`units` area of the catalogue, one label per unit and plural form (`unit_h_one`,
`unit_h_other`): English counts `1 hour`, `2 hours`, `1.5 hours`; Chinese has one form.

Every writer (site, PDF, Word, the flowcharts) calls `duration_words`, so a time limit
reads the same everywhere.
"""

from __future__ import annotations

import re

from sopc.i18n import Translator
from sopc.model.duration import SPELLINGS, Duration, Unit, is_permanent

_LATIN_UNITS = sorted((s for s in SPELLINGS if s.isascii()), key=len, reverse=True)
_WITHIN = "以内|之内|内"
# a number and a Latin unit at the end of the text, before an optional 内 (the grammar
# puts the amount last: `[event 后] [≤] amount [内]`); matched on `_fold`ed text
_CODE = re.compile(
    rf"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>{'|'.join(_LATIN_UNITS)})"
    rf"(?P<rest>\s*(?:{_WITHIN})?\s*)$",
    re.IGNORECASE,
)
_ZERO = re.compile(r"(?P<zero>0|immediate)(?P<rest>\s*)$", re.IGNORECASE)
# full-width ASCII (what Chinese input methods type: ２ｈ) to ASCII, one character for one
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _fold(text: str) -> str:
    """`text` with full-width ASCII as ASCII: the same length, so positions carry over."""
    return text.translate(_FOLD)


def duration_words(value: Duration | str, t: Translator) -> str:
    """A duration as the manual shows it: a code in words, the author's words as written.
    `value` is a step time, a deadline, an interval, or a retention (`permanent`)."""
    if isinstance(value, str):
        return t("unit_permanent") if is_permanent(value) else value
    text = value.text.strip()
    folded = _fold(text)
    if value.amount == 0:  # 0, immediate, 0h; 即时, 立即, 接收后立即 are the author's words
        zero = _ZERO.search(folded) or _CODE.search(folded)
        if zero is None:
            return text
        return text[: zero.start()] + t("unit_immediate") + text[zero.start("rest") :]
    code = _CODE.search(folded)
    if code is None:
        return text
    unit = SPELLINGS[code["unit"].lower()]
    words = amount_words(code["number"], unit, t)
    return text[: code.start()] + words + text[code.start("rest") :]


def amount_words(number: str, unit: Unit, t: Translator) -> str:
    """`number` (ASCII digits, as written: `1`, `1.5`) of `unit` in words: `1 hour`,
    `1.5 hours`, `2 小时`. English `one` is exactly `1` (`1.0 hours`, as CLDR counts)."""
    form = "one" if number == "1" else "other"
    return t(f"unit_{unit.value}_{form}", n=number)


def cycle_words(interval: Duration, t: Translator) -> str:
    """A review cycle: `每 6 个月`, `every 6 months`; one unit is `每年`, `every year`."""
    code = _CODE.fullmatch(_fold(interval.text.strip()))
    if code is not None and code["number"] == "1" and not code["rest"].strip():
        return t(f"cycle_one_{SPELLINGS[code['unit'].lower()].value}")
    return t("review_cycle", interval=duration_words(interval, t))
