"""SOP305–SOP308: time limits meet the SOP's own deadlines; cases and exceptions are complete."""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding, Severity
from sopc.flow.calendar import DAY, WorkCalendar
from sopc.flow.deadlines import Verdict, evaluate, steps_between
from sopc.load.tree import TreePath
from sopc.model.types import Duration
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

E, W = Severity.ERROR, Severity.WARNING


@rule("SOP305", "deadline-exceeded", E)
def deadline_exceeded(ctx: SopContext) -> Iterator[Finding]:
    """The worst-case path exceeds a deadline.

    For every deadline and every case value, sopc takes the longest path
    from `from` to `to` — parallel branches and decisions take their longest
    branch, each loop is walked once, a hand-off leaves the flow — and adds
    the step time limits. Working time (wh, wd) and calendar time (m, h, d)
    are converted with the project calendar, never in the SOP's favour: a
    working day started on a Friday ends on Monday. The message names the
    case, the path and the sum against the budget (docs/time.md).

    Bad (the approval alone takes up to 5 working days for 重大):

        deadlines: [{name: 闭环, from: receive, to: end, within: 7d}]
        steps:
          - {id: approve, title: 审批方案, time_limit: {一般: 2wd, 严重: 3wd, 重大: 5wd}}
          - {id: execute, title: 执行方案, time_limit: 1wd}
          - {id: survey, title: 回访客户, time_limit: 3wd}

    Good: shorter limits, or a budget the procedure can keep (`within: 15d`).
    """
    cases = _case_values(ctx)
    for i, deadline in enumerate(ctx.sop.deadlines):
        for verdict in evaluate(ctx.graph, deadline, ctx.work_calendar, cases):
            if verdict.exceeded:
                yield ctx.finding("SOP305", ("deadlines", i, "within"), _explain(ctx, verdict))


def _case_values(ctx: SopContext) -> list[str | None]:
    return list(ctx.sop.cases.values) if ctx.sop.cases else [None]


def _explain(ctx: SopContext, verdict: Verdict) -> str:
    calendar = ctx.work_calendar
    name = verdict.deadline.name
    case = f" for {ctx.sop.cases.name}={verdict.case}" if ctx.sop.cases and verdict.case else ""
    path = " → ".join(ctx.sop.steps[i].id for i in verdict.path)
    total = _sum_text(verdict.working, verdict.calendar, calendar)
    if verdict.limit.unit.working:
        worst = f"at worst {_working_text(verdict.worst, calendar)} of working time"
    else:
        worst = f"at worst {_calendar_text(verdict.worst)}"
    return f"deadline {name} ({verdict.limit}) exceeded{case}: {path} = {total} ({worst})"


def _sum_text(working: int, calendar_minutes: int, calendar: WorkCalendar) -> str:
    parts = []
    if working:
        parts.append(_working_text(working, calendar))
    if calendar_minutes or not parts:
        parts.append(_plain(calendar_minutes, DAY, "d", 60, "h"))
    return " ".join(parts)


def _working_text(minutes: int, calendar: WorkCalendar) -> str:
    return _plain(minutes, calendar.minutes_per_day, "wd", 60, "h")


def _calendar_text(minutes: int) -> str:
    if minutes >= DAY:
        days = -(-minutes // DAY)
        return f"{days} calendar day{'s' if days != 1 else ''}"
    return _plain(minutes, DAY, "d", 60, "h")


def _plain(minutes: int, big: int, big_unit: str, small: int, small_unit: str) -> str:
    """`9wd 5h`, `2d 3h 10m`: whole big units, then hours, then minutes."""
    text = []
    whole, rest = divmod(minutes, big)
    if whole:
        text.append(f"{whole}{big_unit}")
    hours, rest = divmod(rest, small)
    if hours:
        text.append(f"{hours}{small_unit}")
    if rest:
        text.append(f"{rest}m")
    return " ".join(text) or "0"


@rule("SOP306", "missing-time-limit", W)
def missing_time_limit(ctx: SopContext) -> Iterator[Finding]:
    """A step on a deadline's path has no time limit.

    A deadline can only be checked if the steps it spans are limited; a step
    without `time_limit` counts as taking no time, which flatters the
    deadline. Decisions without a limit take no time by definition and are
    not reported.

    Bad:

        deadlines: [{name: 首次响应, to: classify, within: 4h}]
        steps:
          - {id: receive, title: 接收投诉}          # no time_limit
          - {id: classify, title: 判定严重程度, time_limit: 30m}

    Good: `time_limit: 10m` on `receive`.
    """
    reported: set[int] = set()
    for deadline in ctx.sop.deadlines:
        for i in sorted(steps_between(ctx.graph, deadline) - reported):
            step = ctx.sop.steps[i]
            if step.time_limit is None and step.decision is None:
                reported.add(i)
                message = (
                    f"step {step.id!r} is on the path of deadline {deadline.name} "
                    "but has no time_limit"
                )
                yield ctx.finding("SOP306", ("steps", i, "id"), message)


@rule("SOP307", "case-coverage", E)
def case_coverage(ctx: SopContext) -> Iterator[Finding]:
    """A per-case duration misses a case value or names one that does not exist.

    With `cases: {name: 严重程度, values: [一般, 严重, 重大]}`, a per-case
    `time_limit` or deadline `within` gives one duration for each value —
    all of them, and only them. Without `cases`, a per-case map has nothing
    to refer to.

    Bad:

        time_limit: {一般: 1wd, 重大: 3wd}            # 严重 is missing

    Good:

        time_limit: {一般: 1wd, 严重: 2wd, 重大: 3wd}
    """
    maps: list[tuple[TreePath, dict[str, Duration]]] = []
    for i, step in enumerate(ctx.sop.steps):
        if isinstance(step.time_limit, dict):
            maps.append((("steps", i, "time_limit"), step.time_limit))
    for i, deadline in enumerate(ctx.sop.deadlines):
        if isinstance(deadline.within, dict):
            maps.append((("deadlines", i, "within"), deadline.within))
    cases = ctx.sop.cases
    for where, durations in maps:
        if cases is None:
            yield ctx.finding(
                "SOP307", where, "a per-case duration, but the SOP defines no `cases`"
            )
            continue
        missing = [v for v in cases.values if v not in durations]
        if missing:
            message = f"no duration for {cases.name} {', '.join(missing)}"
            yield ctx.finding("SOP307", where, message)
        for value in durations:
            if value not in cases.values:
                known = ", ".join(cases.values)
                message = f"{value!r} is not a value of {cases.name} ({known})"
                yield ctx.finding("SOP307", (*where, value), message, key=True)


@rule("SOP308", "exception-incomplete", E)
def exception_incomplete(ctx: SopContext) -> Iterator[Finding]:
    """An exception without an `action` or without a handling `role`.

    An exception (异常情况) is only a plan when it says what is done and who
    does it; "客户拒绝方案" alone tells nobody anything.

    Bad:

        exceptions:
          - {id: rejects, when: 客户拒绝解决方案, escalate_to: ops-director}

    Good:

        exceptions:
          - id: rejects
            when: 客户拒绝解决方案
            action: 升级至运营总监协调
            role: cs-manager
            escalate_to: ops-director
    """
    for i, exc in enumerate(ctx.sop.exceptions):
        missing = [name for name in ("action", "role") if getattr(exc, name) is None]
        if missing:
            label = exc.id or exc.when
            message = f"exception {label!r} has no {' and no '.join(missing)}"
            yield ctx.finding("SOP308", ("exceptions", i), message)
