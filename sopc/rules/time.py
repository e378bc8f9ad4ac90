"""SOP305–SOP309: time limits meet the SOP's own deadlines; cases and exceptions are
complete.

The deadline rules (SOP305, SOP306, SOP309) follow the flow, so like the flow
rules they are skipped for an SOP whose flow does not resolve (sopc/rules/flow.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding, Severity
from sopc.flow.calendar import DAY, WorkCalendar
from sopc.flow.deadlines import Verdict, steps_between
from sopc.i18n import Message
from sopc.load.tree import TreePath
from sopc.model.types import Duration
from sopc.rules.context import SopContext
from sopc.rules.flow import on_resolved_flow
from sopc.rules.registry import rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@rule("SOP305", "deadline-exceeded", E)
@on_resolved_flow
def deadline_exceeded(ctx: SopContext) -> Iterator[Finding]:
    """The worst-case path exceeds a deadline.

    For every deadline and every case value, sopc takes the longest path
    from `from` to `to` that repeats no step — parallel branches and
    decisions take their longest branch, work sent back round a loop is not
    counted (that is SOP309's), a hand-off leaves the flow — and adds the
    step time limits. A deadline with `rework: include` counts one round of
    each rework loop too. Working time (wh, wd) and calendar time (m, h, d)
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
    for i, deadline in enumerate(ctx.sop.deadlines):
        rework = deadline.rework == "include"
        key = "time.deadline_exceeded_rework" if rework else "time.deadline_exceeded"
        for verdict in ctx.verdicts(i, rework=rework):
            if verdict.exceeded:
                yield ctx.finding("SOP305", ("deadlines", i, "within"), _explain(ctx, key, verdict))


@rule("SOP309", "deadline-at-risk", INFO)
@on_resolved_flow
def deadline_at_risk(ctx: SopContext) -> Iterator[Finding]:
    """One round of rework would exceed a deadline that the first pass meets.

    SOP305 judges the first pass: the way the work goes when nothing is sent
    back. When a decision sends the work back (review → revise → review),
    the deadline has to hold that round too. A rework loop is a way back to
    a step already passed that goes through a decision; one round walks it
    once, from the step the work comes back to through the step that sends
    it back, then the flow goes on. For each deadline and case value that
    the first pass meets, sopc takes the worst path with one round of each
    rework loop on it and reports that path and its sum when it no longer
    fits. A deadline with `rework: include` counts the round for SOP305
    instead, and is not reported here (docs/time.md).

    Bad (the first pass takes 10wd; with one round of revision, 15wd):

        deadlines: [{name: 审批, to: end, within: 12wd}]
        steps:
          - {id: draft, title: 起草方案, time_limit: 4wd}
          - id: review
            title: 审核方案
            time_limit: 2wd
            decision: 是否通过？
            branches: [{when: 通过, next: publish}, {when: 退回, next: revise}]
          - {id: revise, title: 修改方案, time_limit: 3wd, next: review}
          - {id: publish, title: 发布方案, time_limit: 4wd}

    Good: a budget that holds a round of revision (`within: 15wd`); or
    `rework: include` when the deadline must hold it (a breach is then an
    SOP305 error).
    """
    for i, deadline in enumerate(ctx.sop.deadlines):
        if deadline.rework == "include":
            continue
        # a case's first pass is met where it has no verdict (it holds by a bound) or
        # one not exceeded; a case the deadline has no budget for has neither verdict
        exceeded = {v.case for v in ctx.verdicts(i, rework=False) if v.exceeded}
        for verdict in ctx.verdicts(i, rework=True):
            if verdict.exceeded and verdict.case not in exceeded:
                message = _explain(ctx, "time.deadline_at_risk", verdict)
                yield ctx.finding("SOP309", ("deadlines", i, "within"), message)


def _explain(ctx: SopContext, key: str, verdict: Verdict) -> Message:
    """The deadline, the case, the path and its sum against the budget: `key` says
    which of SOP305's and SOP309's sentences."""
    calendar = ctx.work_calendar
    cases = ctx.sop.cases
    case = (
        Message("time.for_case", cases=cases.name, value=verdict.case)
        if cases and verdict.case
        else None
    )
    if verdict.limit.unit.working:
        worst = Message("time.worst_working", amount=_working_text(verdict.worst, calendar))
    else:
        worst = _calendar_worst(verdict.worst)
    return Message(
        key,
        name=verdict.deadline.name,
        limit=str(verdict.limit),
        case=case,
        path=" → ".join(ctx.sop.steps[i].id for i in verdict.path),
        total=_sum_text(verdict.working, verdict.calendar, calendar),
        worst=worst,
    )


def _sum_text(working: int, calendar_minutes: int, calendar: WorkCalendar) -> Message:
    """The sum as the author wrote it: working time, then calendar time."""
    if not working:
        return _plain(calendar_minutes, DAY, "time.days")
    if not calendar_minutes:
        return _working_text(working, calendar)
    return Message(
        "time.sum",
        working=_working_text(working, calendar),
        calendar=_plain(calendar_minutes, DAY, "time.days"),
    )


def _working_text(minutes: int, calendar: WorkCalendar) -> Message:
    return _plain(minutes, calendar.minutes_per_day, "time.working_days")


def _calendar_worst(minutes: int) -> Message:
    if minutes >= DAY:
        days = -(-minutes // DAY)
        return Message("time.worst_day" if days == 1 else "time.worst_days", days=days)
    return Message("time.worst_calendar", amount=_plain(minutes, DAY, "time.days"))


def _plain(minutes: int, big: int, big_key: str) -> Message:
    """`9wd 5h`, `2d 3h 10m`: whole big units (`big_key`), then hours, then minutes."""
    whole, rest = divmod(minutes, big)
    hours, rest = divmod(rest, 60)
    parts = [
        Message(key, n=n)
        for key, n in ((big_key, whole), ("time.hours", hours), ("time.minutes", rest))
        if n
    ]
    if not parts:
        return Message("time.zero")
    text = parts[-1]
    for part in reversed(parts[:-1]):
        text = Message("time.amount", head=part, tail=text)
    return text


@rule("SOP306", "missing-time-limit", W)
@on_resolved_flow
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
                message = Message("time.missing_time_limit", step=step.id, name=deadline.name)
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
            yield ctx.finding("SOP307", where, Message("time.cases_undefined"))
            continue
        missing = [v for v in cases.values if v not in durations]
        if missing:
            message = Message("time.case_missing", cases=cases.name, missing=tuple(missing))
            yield ctx.finding("SOP307", where, message)
        for value in durations:
            if value not in cases.values:
                message = Message(
                    "time.case_unknown", value=value, cases=cases.name, known=tuple(cases.values)
                )
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
        label = exc.id or exc.when
        if exc.action is None and exc.role is None:
            message = Message("time.exception_no_action_or_role", exception=label)
        elif exc.action is None:
            message = Message("time.exception_no_action", exception=label)
        elif exc.role is None:
            message = Message("time.exception_no_role", exception=label)
        else:
            continue
        yield ctx.finding("SOP308", ("exceptions", i), message)
