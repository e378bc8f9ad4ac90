"""The bound that spares a deadline its walk (`deadlines._most`) is never below the
worst way the walk finds: a deadline it calls met is met.

Generated SOPs (parallel splits, decisions, rework loops, cases, both kinds of
time), each deadline's budget replaced by a tight one of either kind, walked with
and without rework, under a calendar with long holidays.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from benchmarks.generate import generate
from sopc.flow.calendar import WorkCalendar
from sopc.flow.deadlines import StepCosts, _most, _Walk, cost_of
from sopc.flow.graph import END, FlowGraph
from sopc.model.config import Calendar
from sopc.model.duration import parse_duration
from sopc.project import open_project
from sopc.sources import load_sop_file

TODAY = date(2026, 12, 4)


def _calendar() -> WorkCalendar:
    holidays = [date(2026, 10, d) for d in range(1, 9)] + [date(2026, 2, d) for d in range(15, 24)]
    config = Calendar.model_validate({"holidays": holidays})
    return WorkCalendar.of(config, TODAY)


def test_bound_is_never_below_the_worst_way(tmp_path: Path) -> None:
    root = generate(60, tmp_path / "g", seed=5)
    project = open_project([root])
    calendar = _calendar()
    rng = random.Random(11)
    compared = held = 0
    for path in sorted((root / "sops").glob("*.sop.yaml")):
        sop = load_sop_file(path, project.rel(path)).sop
        assert sop is not None
        graph = FlowGraph.of(sop)
        costs = StepCosts(graph, calendar)
        cases: list[str | None] = [*sop.cases.values] if sop.cases else [None]
        for case in cases:
            by_step = costs.of(case)
            for source in graph.steps:
                first_pass = graph.first_pass(source)
                for target in [*graph.steps, END]:
                    for rework in (False, True):
                        for unit in ("wh", "d"):
                            budget = parse_duration(f"{rng.choice([1, 3, 8, 20, 60])}{unit}")
                            assert budget is not None
                            working = budget.unit.working
                            walk = _Walk(first_pass, by_step, calendar, working)
                            found = walk.longest(target, rework)
                            if found is None:
                                continue
                            most = _most(
                                first_pass.visits(target, rework), by_step, calendar, working
                            )
                            compared += 1
                            if most is None:
                                continue
                            assert found[1] <= most, (path.name, source, target, rework, unit)
                            spent = cost_of(budget, calendar)
                            held += most <= (spent.working if working else spent.calendar)
    assert compared > 10_000
    assert held > 100  # the bound does spare walks
