"""Working time: which days are working days, and how long working time can take.

The model (docs/time.md has worked examples): a working day holds
`hours_per_day` working hours; weekends (days outside `workdays`) and
`holidays` hold none, except `extra_workdays` (调休). A step limited in
working time can start at any moment, so the *worst* calendar time it takes
is the one that starts just as a working day's hours run out before the
longest stretch of days off: 1wd started on a Friday ends on Monday (3
calendar days); started before the National Day week it ends eight days
later. sopc takes that worst start for every working-time segment so a
deadline is never judged met when some week of the year would break it.

With `holidays: cn` the data may stop before next year: the calendar then says
so in `shortfall`, a note that the time rules pass on only when a deadline's
worst case actually rests on working days (`Verdict.depends_on_workdays`).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sopc.i18n import Message
from sopc.model.config import Calendar

DAY = 24 * 60
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class WorkCalendar:
    """Working days over a window of whole years (every start day in it is tried),
    with the worst-case spans they imply."""

    hours_per_day: float
    workdays: frozenset[int]  # 0 = Monday
    holidays: frozenset[date]
    extra_workdays: frozenset[date]
    first: date
    last: date
    shortfall: Message | None = None  # why the holiday data may not hold for every year

    @classmethod
    def of(cls, config: Calendar, today: date) -> WorkCalendar:
        """The project calendar; `holidays: cn` takes mainland China's official days."""
        workdays = frozenset(_WEEKDAYS.index(d) for d in config.workdays)
        shortfall = None
        if config.holidays == "cn":
            holidays, extra, years, shortfall = _china(today)
        else:
            holidays, extra = frozenset(config.holidays), frozenset()
            years = {today.year} | {d.year for d in holidays}
        extra |= frozenset(config.extra_workdays)
        years |= {d.year for d in config.extra_workdays}
        first, last = date(min(years), 1, 1), date(max(years), 12, 31)
        return cls(config.hours_per_day, workdays, holidays, extra, first, last, shortfall)

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() in self.workdays and day not in self.holidays

    @property
    def minutes_per_day(self) -> int:
        return round(self.hours_per_day * 60)

    def worst_span(self, working_minutes: int) -> int:
        """The most calendar minutes `working_minutes` of work can take, over every start day.

        Work that starts as a day's working hours run out needs the next
        ⌈W / day⌉ working days and ends with the last of them: the span is
        the days from that start to the end of that last working day.
        """
        if working_minutes <= 0:
            return 0
        return _worst_days(self, math.ceil(working_minutes / self.minutes_per_day)) * DAY

    def spans_grow_to(self, working_minutes: int) -> bool:
        """Whether `worst_span` never shrinks as work grows up to `working_minutes`: so
        when every start day of the window has that many working days after it in the
        data (the data runs 400 days past the window, about 270 working days)."""
        days = math.ceil(working_minutes / self.minutes_per_day)
        return days <= _working_days_after_window(self)

    def working_equivalent(self, calendar_minutes: int) -> int:
        """The most working minutes a calendar stretch can hold: a full working day per
        calendar day it touches, never more than the stretch itself."""
        if calendar_minutes <= 0:
            return 0
        return min(calendar_minutes, math.ceil(calendar_minutes / DAY) * self.minutes_per_day)

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=4096)
def _worst_days(calendar: WorkCalendar, days: int) -> int:
    ordinals = _working_ordinals(calendar)
    worst = 0
    for day in range(calendar.first.toordinal(), calendar.last.toordinal() + 1):
        first = bisect.bisect_right(ordinals, day)
        if first + days - 1 < len(ordinals):
            worst = max(worst, ordinals[first + days - 1] - day)
    return worst or days * 7


@lru_cache(maxsize=16)
def _working_days_after_window(calendar: WorkCalendar) -> int:
    ordinals = _working_ordinals(calendar)
    return len(ordinals) - bisect.bisect_right(ordinals, calendar.last.toordinal())


@lru_cache(maxsize=16)
def _working_ordinals(calendar: WorkCalendar) -> list[int]:
    span = (calendar.last - calendar.first).days + 400  # room for spans starting in December
    days = (calendar.first + timedelta(days=i) for i in range(span))
    return [d.toordinal() for d in days if calendar.is_workday(d)]


def _china(today: date) -> tuple[frozenset[date], frozenset[date], set[int], Message | None]:
    """Mainland China's statutory holidays and adjusted working days (chinesecalendar),
    over last year, this year and next; years past the data take the weeks of the
    latest years it has."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - a dependency of sopc
        return frozenset(), frozenset(), {today.year}, Message("calendar.cn_not_installed")
    holidays = frozenset(constants.holidays)
    extra = frozenset(constants.workdays)
    known = {d.year for d in holidays}
    wanted = {today.year - 1, today.year, today.year + 1}
    years = wanted & known or {max(known)}
    missing = sorted(wanted - known)
    if not missing:
        return holidays, extra, years, None
    shortfall = Message(
        "calendar.cn_past_data",
        first=min(known),
        last=max(known),
        missing=tuple(missing),
        years=tuple(sorted(years)),
    )
    return holidays, extra, years, shortfall
