"""SOP301–SOP304: the flow reaches every step, and every step reaches the end."""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding, Severity
from sopc.flow.graph import START
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

E = Severity.ERROR


@rule("SOP301", "unreachable-step", E)
def unreachable_step(ctx: SopContext) -> Iterator[Finding]:
    """No path from the start reaches the step.

    The flow starts at the first step and follows `next`, decision branches
    and the order of the list. A step that nothing leads to is never done:
    a `next` jumped over it, or a branch that should lead there is missing.

    Bad:

        - {id: receive, title: 接收投诉, next: reply}
        - {id: classify, title: 判定严重程度}     # jumped over
        - {id: reply, title: 回复客户}

    Good: `receive` flows to `classify` (drop `next`), or remove `classify`.
    """
    graph = ctx.graph
    reached = graph.reachable([START])
    for i in graph.steps:
        if i not in reached:
            step = ctx.sop.steps[i]
            message = f"no path from the start reaches step {step.id!r} ({step.title})"
            yield ctx.finding("SOP301", ("steps", i, "id"), message)


@rule("SOP302", "dead-end", E)
def dead_end(ctx: SopContext) -> Iterator[Finding]:
    """From the step no path reaches the end (or a hand-off).

    Every step must be able to finish the procedure: reach `end` or hand off
    to another SOP. A step whose every path runs into a loop with no way out
    (SOP303) never finishes. Steps whose only target is unknown are left to
    SOP203.

    Bad:

        - {id: review, title: 复核方案, next: revise}
        - {id: revise, title: 修改方案, next: review}   # a loop with no exit
        - {id: notify, title: 通知客户}

    Good: a decision in the loop with a branch that leaves it.
    """
    graph = ctx.graph
    reached = graph.reachable([START])
    stuck = reached - graph.finishing()
    in_loops = {node for cycle in graph.cycles(stuck) for node in cycle}
    for i in graph.steps:
        if i in stuck and i not in in_loops and i not in graph.unknown_targets:
            step = ctx.sop.steps[i]
            loops = sorted(in_loops & graph.reachable([i]))
            where = (
                f"; every path runs into the loop at {ctx.sop.steps[loops[0]].id!r}"
                if loops
                else ""
            )
            message = f"no path from step {step.id!r} reaches the end or a hand-off{where}"
            yield ctx.finding("SOP302", ("steps", i, "id"), message)


@rule("SOP303", "endless-loop", E)
def endless_loop(ctx: SopContext) -> Iterator[Finding]:
    """A cycle of steps with no way out.

    Rework loops are fine — as long as some step in the loop can leave it
    (a decision branch, a `next` out). A loop nothing leaves runs for ever.
    Reported once per loop, at its first step, naming the loop.

    Bad:

        - {id: check, title: 检查资料, next: fix}
        - {id: fix, title: 补正资料, next: check}

    Good:

        - id: check
          title: 检查资料
          decision: 资料是否齐全？
          branches: [{when: 是, next: approve}, {when: 否, next: fix}]
        - {id: fix, title: 补正资料, next: check}
    """
    graph = ctx.graph
    stuck = graph.reachable([START]) - graph.finishing()
    for cycle in graph.cycles(stuck):
        steps = [ctx.sop.steps[i] for i in graph.cycle_order(cycle)]
        loop = " → ".join(s.id for s in steps) + f" → {steps[0].id}"
        message = f"the loop {loop} has no way out to the end or a hand-off"
        yield ctx.finding("SOP303", ("steps", cycle[0], "id"), message)


@rule("SOP304", "bad-decision", E)
def bad_decision(ctx: SopContext) -> Iterator[Finding]:
    """A decision is malformed.

    A decision step asks a question (`decision`) and routes by the answer
    (`branches`, each with a `when` label and a `next`). It needs both, at
    least two branches, a label on each and no label twice; `next` on a
    decision is contradictory (the branches route it).

    Bad:

        - id: approve
          title: 审批方案
          decision: 是否批准？
          branches:
            - {when: 批准, next: execute}

    Good: add `{when: 退回, next: revise}`.
    """
    for i, step in enumerate(ctx.sop.steps):
        here = ("steps", i)
        if step.branches is not None and step.decision is None:
            yield ctx.finding(
                "SOP304", (*here, "branches"), "branches without a `decision` question"
            )
            continue
        if step.decision is not None and step.branches is None:
            yield ctx.finding("SOP304", (*here, "decision"), "a decision needs `branches`")
            continue
        if step.branches is None:
            continue
        if len(step.branches) < 2:
            message = (
                f"a decision needs at least two branches, {step.id!r} has {len(step.branches)}"
            )
            yield ctx.finding("SOP304", (*here, "branches"), message)
        if step.next is not None:
            message = "`next` on a decision: its branches say where the flow goes"
            yield ctx.finding("SOP304", (*here, "next"), message)
        seen: dict[str, int] = {}
        for j, branch in enumerate(step.branches):
            if branch.when is None:
                yield ctx.finding(
                    "SOP304", (*here, "branches", j), "a branch without a `when` label"
                )
            elif branch.when in seen:
                message = f"branch label {branch.when!r} repeats branch {seen[branch.when] + 1}"
                yield ctx.finding("SOP304", (*here, "branches", j, "when"), message)
            else:
                seen[branch.when] = j
