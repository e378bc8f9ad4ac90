"""Worst-case time along the flow, per deadline and per case (spec §2, Durations).

A deadline holds when the longest way from its `from` (counted from the moment
that step can start) to its `to` (counted to that step's completion, or to
`end`) fits within its budget, for every case value. Parallel branches and
decisions both take their longest branch; a hand-off leaves the path.

Loops are counted in one of two ways (docs/time.md, Rework):

- the first pass (SOP305 by default): the flow from `from` without the edges
  that send work back (`FirstPass`), so the way repeats no step;
- one round of each rework loop (SOP309, or SOP305 with `rework: include`): a
  way that passes the step a loop comes back to first walks that loop's first
  pass once (review → revise → review), then goes on. Rounds hold no rounds of
  their own, so the work is bounded by (loops + 1) × steps, whatever the graph.

Two sums, so that mixing units never under-estimates (docs/time.md):

- against a working-time budget (wh, wd): working time plus, for calendar
  steps, the most working time their stretch can hold;
- against a calendar budget (m, h, d): calendar time plus, for each run of
  consecutive working-time steps, the worst calendar span of that run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from sopc.flow.calendar import DAY, WorkCalendar
from sopc.flow.graph import END, START, FirstPass, FlowGraph, Loop
from sopc.model.sop import Deadline, Step
from sopc.model.types import Duration, Unit

_CALENDAR_MINUTES = {Unit.MINUTE: 1, Unit.HOUR: 60, Unit.DAY: DAY}


@dataclass(frozen=True, slots=True)
class Cost:
    """A step's time: calendar minutes or working minutes (one of them is zero)."""

    calendar: int = 0
    working: int = 0


def cost_of(duration: Duration, calendar: WorkCalendar) -> Cost:
    return _cost(duration.amount, duration.unit, calendar.minutes_per_day)


@lru_cache(maxsize=4096)
def _cost(amount: Decimal, unit: Unit, minutes_per_day: int) -> Cost:
    """Memoised: the same few amounts recur in every deadline, case and SOP (a quarter
    of a million times in a check of 1,000 SOPs)."""
    if unit in _CALENDAR_MINUTES:
        return Cost(calendar=_minutes(amount * _CALENDAR_MINUTES[unit]))
    per_unit = 60 if unit is Unit.WORK_HOUR else minutes_per_day
    return Cost(working=_minutes(amount * per_unit))


def _minutes(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding="ROUND_CEILING"))


def step_duration(step: Step, case: str | None) -> Duration | None:
    """The step's limit for `case` (the largest one where the case is not given)."""
    limit = step.time_limit
    if isinstance(limit, dict):
        if case is not None and case in limit:
            return limit[case]
        return max(limit.values(), key=lambda d: (d.unit.working, d.amount), default=None)
    return limit


@dataclass(frozen=True)
class Verdict:
    """The worst path of one deadline for one case, and what it costs."""

    deadline: Deadline
    case: str | None
    limit: Duration
    path: tuple[int, ...]
    calendar: int  # raw sums along the path
    working: int
    worst: int  # in the budget's kind: calendar or working minutes
    budget: int

    @property
    def exceeded(self) -> bool:
        return self.worst > self.budget

    @property
    def depends_on_workdays(self) -> bool:
        """Whether the worst case rests on which days are working days: a calendar
        budget over working time (a working budget only counts hours)."""
        return not self.limit.unit.working and self.working > 0


@dataclass
class StepCosts:
    """Each step's cost for each case value, worked out once for all of an SOP's
    deadlines (a check asks for them once per deadline, case and way of counting)."""

    graph: FlowGraph
    calendar: WorkCalendar
    _by_case: dict[str | None, dict[int, Cost]] = field(default_factory=dict, repr=False)

    def of(self, case: str | None) -> dict[int, Cost]:
        if case not in self._by_case:
            steps, calendar = self.graph.sop.steps, self.calendar
            self._by_case[case] = {
                i: _step_cost(steps[i], case, calendar) for i in self.graph.steps
            }
        return self._by_case[case]


def evaluate(
    costs: StepCosts,
    deadline: Deadline,
    cases: list[str | None],
    *,
    rework: bool = False,
) -> Iterator[Verdict]:
    """A verdict per case value, for deadlines whose ends are steps of the flow: the
    first pass, or with `rework` one round of each rework loop. A case whose deadline
    holds by a bound on every way (`_most`) has none: the way is walked only where the
    deadline may be exceeded (most deadlines hold by far; the walk was half of a
    check's rules)."""
    graph, calendar = costs.graph, costs.calendar
    ends = _ends(graph, deadline)
    if ends is None:
        return
    source, target = ends
    first_pass = graph.first_pass(source)
    for case in cases:
        limit = deadline.within
        if isinstance(limit, dict):
            if case not in limit:
                continue
            limit = limit[case]
        by_step = costs.of(case)
        budget_cost = cost_of(limit, calendar)
        working_budget = limit.unit.working
        budget = budget_cost.working if working_budget else budget_cost.calendar
        most = _most(first_pass.visits(target, rework), by_step, calendar, working_budget)
        if most is not None and most <= budget:
            continue  # met whichever way the work goes
        walk = _Walk(first_pass, by_step, calendar, working_budget)
        found = walk.longest(target, rework)
        if found is None:
            continue
        path, worst = found
        yield Verdict(
            deadline,
            case,
            limit,
            path,
            sum(by_step[i].calendar for i in path),
            sum(by_step[i].working for i in path),
            worst,
            budget,
        )


def _most(
    visits: tuple[tuple[int, int], ...],
    costs: dict[int, Cost],
    calendar: WorkCalendar,
    working_budget: bool,
) -> int | None:
    """More than any way can cost, in the budget's kind, without walking one: every
    step the way may pass, as often as it may pass it. Against a calendar budget each
    run of working time on a way has at least one working step and at most all the
    working time, so it spans no more than the worst span of all of it (spans grow with
    work: `spans_grow_to`). None where that does not hold, or where the holiday data
    falls short and a way could rest on working days: its verdict is then needed for
    the calendar's note."""
    if working_budget:
        equivalent = calendar.working_equivalent
        return sum(
            times * (costs[n].working + equivalent(costs[n].calendar)) for n, times in visits
        )
    settled = working = runs = 0
    for n, times in visits:
        cost = costs[n]
        settled += times * cost.calendar
        if cost.working:
            working += times * cost.working
            runs += times
    if not working:
        return settled
    if calendar.shortfall is not None or not calendar.spans_grow_to(working):
        return None
    return settled + runs * calendar.worst_span(working)


def has_rounds(graph: FlowGraph, deadline: Deadline) -> bool:
    """Whether a rework loop lies on the deadline's way: without one, counting a round
    of each loop gives the first pass's verdicts, and they need not be worked out again."""
    ends = _ends(graph, deadline)
    if ends is None:
        return False
    first_pass = graph.first_pass(ends[0])
    leading = first_pass.leading_to(ends[1])
    return any(node in leading for node in first_pass.loops)


def steps_between(graph: FlowGraph, deadline: Deadline) -> set[int]:
    """Every step on some path the deadline measures (for SOP306)."""
    ends = _ends(graph, deadline)
    if ends is None:
        return set()
    between = graph.reachable([ends[0]]) & graph.reaching(ends[1])
    return {n for n in between if n >= 0}


def _ends(graph: FlowGraph, deadline: Deadline) -> tuple[int, int] | None:
    """The nodes the deadline runs from and to, or None when one is not in the flow."""
    source = _node(graph, deadline.from_) if deadline.from_ else graph.successors(START)[0]
    target = END if deadline.to == "end" else _node(graph, deadline.to)
    return None if source is None or target is None else (source, target)


def _node(graph: FlowGraph, step_id: str) -> int | None:
    return next((i for i, s in enumerate(graph.sop.steps) if s.id == step_id), None)


def _step_cost(step: Step, case: str | None, calendar: WorkCalendar) -> Cost:
    duration = step_duration(step, case)
    return cost_of(duration, calendar) if duration is not None else Cost()


# A way so far, newest step first: (step, length, the way before it), or None at the
# start. Shared tails make extending a way cost nothing, however long it is.
_Trail = tuple[int, int, "_Trail"] | None

# A state on the way: (closed, open, trail). `closed` is what is settled in the
# budget's kind; `open` is the working time of the run still going on (calendar
# budgets only: its worst span is taken when the run ends).
_State = tuple[int, int, _Trail]


@dataclass(frozen=True)
class _Walk:
    """The longest ways through one first pass for one case and one kind of budget."""

    first_pass: FirstPass
    costs: dict[int, Cost]
    calendar: WorkCalendar
    working_budget: bool

    def longest(self, target: int, rework: bool) -> tuple[tuple[int, ...], int] | None:
        """The worst way from the source to `target`, and what it costs: one sweep of
        the first pass in its order; with `rework`, each node that loops come back to
        walks their rounds (one sweep of each loop's steps) before its own turn."""
        first_pass, through = self.first_pass, self._through
        leading = first_pass.leading_to(target)
        loops = first_pass.loops if rework else {}
        arriving: dict[int, list[_State]] = {first_pass.source: [(0, 0, None)]}
        finals: list[_State] = []
        for node in first_pass.order:
            states = arriving.pop(node, None)
            if states is None or node not in leading:
                continue
            if len(states) > 1:
                states = _prune(states)
            if node in loops:
                for loop in loops[node]:
                    states = self._round(states, loop)
            if node >= 0:  # not START, END or a hand-off: a step, that takes time
                states = through(states, node)
            if node == target:
                finals = states
                break
            for following in first_pass.forward[node]:
                # a new list each time: lists are shared between the nodes that follow
                have = arriving.get(following)
                arriving[following] = states if have is None else have + states
        if not finals:
            return None
        scored = [
            (closed + self.calendar.worst_span(open_), trail) for closed, open_, trail in finals
        ]
        worst, trail = max(scored, key=lambda item: (item[0], -_length(item[1])))
        return _steps(trail), worst

    def _round(self, states: list[_State], loop: Loop) -> list[_State]:
        """`states` after one round of `loop`: its first pass from the step the work comes
        back to, to the step that sends it back."""
        arriving = {loop.first: states}
        for node in loop.steps:
            here = _prune(arriving.pop(node, []))
            if node >= 0:
                here = self._through(here, node)
            if node == loop.last:
                return here
            for following in self.first_pass.forward[node]:
                if following in loop.inside:
                    arriving.setdefault(following, []).extend(here)
        return states  # pragma: no cover - `last` lies on every loop's first pass

    def _through(self, states: list[_State], node: int) -> list[_State]:
        """`states` once step `node` is done (pruned where ways meet, not here). The hot
        loop of a check: what the step adds is worked out once for all the states."""
        cost = self.costs[node]
        if self.working_budget:
            more = cost.working + self.calendar.working_equivalent(cost.calendar)
            return [(c + more, 0, (node, 1 if t is None else t[1] + 1, t)) for c, _, t in states]
        if cost.working:  # the run of working time goes on
            more = cost.working
            return [(c, o + more, (node, 1 if t is None else t[1] + 1, t)) for c, o, t in states]
        if cost.calendar:  # a run of working time ends: its worst span is settled
            span, more = self.calendar.worst_span, cost.calendar
            return [
                (c + span(o) + more, 0, (node, 1 if t is None else t[1] + 1, t))
                for c, o, t in states
            ]
        return [(c, o, (node, 1 if t is None else t[1] + 1, t)) for c, o, t in states]


def _length(trail: _Trail) -> int:
    return 0 if trail is None else trail[1]


def _steps(trail: _Trail) -> tuple[int, ...]:
    steps: list[int] = []
    while trail is not None:
        steps.append(trail[0])
        trail = trail[2]
    return tuple(reversed(steps))


def _prune(states: list[_State]) -> list[_State]:
    """Drop states another one beats on both counts (worst_span only grows): sorted by
    `closed`, a state is kept when its `open` beats every state kept before it."""
    if len(states) < 2:
        return states
    kept: list[_State] = []
    for state in sorted(states, key=lambda s: (-s[0], -s[1], _length(s[2]))):
        if not kept or state[1] > kept[-1][1]:  # the last kept has the most `open`
            kept.append(state)
    return kept
