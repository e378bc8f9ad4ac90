"""Worst-case time along the flow, per deadline and per case (spec §2, Durations).

A deadline holds when the longest path from its `from` (counted from the
moment that step can start) to its `to` (counted to that step's completion,
or to `end`) fits within its budget, for every case value. Parallel branches
and decisions both take their longest branch; each loop is walked once more
at most (one round of rework per loop: draft → review → draft → review →
publish); a hand-off leaves the path.

Two sums, so that mixing units never under-estimates (docs/time.md):

- against a working-time budget (wh, wd): working time plus, for calendar
  steps, the most working time their stretch can hold;
- against a calendar budget (m, h, d): calendar time plus, for each run of
  consecutive working-time steps, the worst calendar span of that run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sopc.flow.calendar import DAY, WorkCalendar
from sopc.flow.graph import END, START, FlowGraph
from sopc.model.sop import Deadline, Step
from sopc.model.types import Duration, Unit

_CALENDAR_MINUTES = {Unit.MINUTE: 1, Unit.HOUR: 60, Unit.DAY: DAY}


@dataclass(frozen=True, slots=True)
class Cost:
    """A step's time: calendar minutes or working minutes (one of them is zero)."""

    calendar: int = 0
    working: int = 0


def cost_of(duration: Duration, calendar: WorkCalendar) -> Cost:
    if duration.unit in _CALENDAR_MINUTES:
        return Cost(calendar=_minutes(duration.amount * _CALENDAR_MINUTES[duration.unit]))
    per_unit = 60 if duration.unit is Unit.WORK_HOUR else calendar.minutes_per_day
    return Cost(working=_minutes(duration.amount * per_unit))


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


def evaluate(
    graph: FlowGraph, deadline: Deadline, calendar: WorkCalendar, cases: list[str | None]
) -> Iterator[Verdict]:
    """One verdict per case value, for deadlines whose ends are steps of the flow."""
    source = _node(graph, deadline.from_) if deadline.from_ else graph.successors(START)[0]
    target = END if deadline.to == "end" else _node(graph, deadline.to)
    if source is None or target is None:
        return
    order = _topological(graph)
    for case in cases:
        limit = deadline.within
        if isinstance(limit, dict):
            if case not in limit:
                continue
            limit = limit[case]
        costs = {i: _step_cost(graph.sop.steps[i], case, calendar) for i in graph.steps}
        budget_cost = cost_of(limit, calendar)
        working_budget = limit.unit.working
        found = _longest(graph, order, source, target, costs, calendar, working_budget)
        if found is None:
            continue
        path, worst = found
        yield Verdict(
            deadline,
            case,
            limit,
            path,
            sum(costs[i].calendar for i in path),
            sum(costs[i].working for i in path),
            worst,
            budget_cost.working if working_budget else budget_cost.calendar,
        )


def steps_between(graph: FlowGraph, deadline: Deadline) -> set[int]:
    """Every step on some path the deadline measures (for SOP306)."""
    source = _node(graph, deadline.from_) if deadline.from_ else graph.successors(START)[0]
    target = END if deadline.to == "end" else _node(graph, deadline.to)
    if source is None or target is None:
        return set()
    between = graph.reachable([source]) & graph.reaching(target)
    return {n for n in between if n >= 0}


def _node(graph: FlowGraph, step_id: str) -> int | None:
    return next((i for i, s in enumerate(graph.sop.steps) if s.id == step_id), None)


def _step_cost(step: Step, case: str | None, calendar: WorkCalendar) -> Cost:
    duration = step_duration(step, case)
    return cost_of(duration, calendar) if duration is not None else Cost()


def _topological(graph: FlowGraph) -> list[int]:
    """Nodes in an order where every forward (non-back) edge goes later."""
    back = graph.back_edges()
    indegree: dict[int, int] = {}
    nodes = {START, END, *graph.steps, *graph.handoffs}
    for edge in graph.edges:
        if (edge.source, edge.target) not in back:
            indegree[edge.target] = indegree.get(edge.target, 0) + 1
    ready = sorted((n for n in nodes if indegree.get(n, 0) == 0), reverse=True)
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for edge in graph.out_edges(node):
            if (edge.source, edge.target) in back:
                continue
            indegree[edge.target] -= 1
            if indegree[edge.target] == 0:
                ready.append(edge.target)
    return order


# A state on the way: (closed, open, path). `closed` is what is settled in the
# budget's kind; `open` is the working time of the run still going on (calendar
# budgets only: its worst span is taken when the run ends).
_State = tuple[int, int, tuple[int, ...]]


def _longest(
    graph: FlowGraph,
    order: list[int],
    source: int,
    target: int,
    costs: dict[int, Cost],
    calendar: WorkCalendar,
    working_budget: bool,
) -> tuple[tuple[int, ...], int] | None:
    """The worst path from `source` to `target`, walking each loop at most once.

    Layer k holds the ways that have gone back along k loop-closing edges
    (each edge once); within a layer the flow only moves forward, so every
    layer is one sweep in topological order.
    """
    back = graph.back_edges()
    finals: list[_State] = []
    layer: dict[tuple[int, frozenset[tuple[int, int]]], list[_State]] = {
        (source, frozenset()): [(0, 0, ())]
    }
    while layer:
        following: dict[tuple[int, frozenset[tuple[int, int]]], list[_State]] = {}
        for node in order:
            for (at, used), states in [item for item in layer.items() if item[0][0] == node]:
                if node >= 0:
                    states = _prune(
                        [_through(s, node, costs[node], calendar, working_budget) for s in states]
                    )
                if node == target:
                    finals.extend(states)
                for edge in graph.out_edges(node):
                    step = (edge.source, edge.target)
                    if step not in back:
                        layer.setdefault((edge.target, used), []).extend(states)
                    elif step not in used:
                        following.setdefault((edge.target, used | {step}), []).extend(states)
                del layer[(at, used)]
        layer = following
    if not finals:
        return None
    scored = [(closed + calendar.worst_span(open_), path) for closed, open_, path in finals]
    worst, path = max(scored, key=lambda item: (item[0], -len(item[1])))
    return path, worst


def _through(
    state: _State, node: int, cost: Cost, calendar: WorkCalendar, working_budget: bool
) -> _State:
    closed, open_, path = state
    path = (*path, node)
    if working_budget:
        return closed + cost.working + calendar.working_equivalent(cost.calendar), 0, path
    if cost.working:
        return closed, open_ + cost.working, path
    if cost.calendar:
        return closed + calendar.worst_span(open_) + cost.calendar, 0, path
    return closed, open_, path


def _prune(states: list[_State]) -> list[_State]:
    """Drop states another one beats on both counts (worst_span only grows)."""
    kept: list[_State] = []
    for state in sorted(states, key=lambda s: (-s[0], -s[1], len(s[2]))):
        if not any(k[0] >= state[0] and k[1] >= state[1] for k in kept):
            kept.append(state)
    return kept
