"""SOP301–SOP304: the flow reaches every step, and every step reaches the end.

No cascades: the rules that follow the flow (SOP301–SOP303 here, SOP305,
SOP306 and SOP309 in `time`) are skipped for an SOP whose flow does not
resolve: one whose steps repeat an id (SOP207) or whose `next` or branch names
no step (SOP203). There their findings would only be consequences of that one
mistake (a step nothing reaches because its id is taken, a deadline measured
along a flow with a hole in it) and would send the author after the wrong
thing; once SOP207 and SOP203 are fixed, they speak again. Skipping the SOP
rather than checking the part that resolves keeps the rule simple to state and
to trust. SOP304 reads each decision on its own, never the flow, so it runs
whatever the rest of the flow looks like.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from sopc.findings import Finding, Severity
from sopc.flow.graph import START
from sopc.i18n import Message
from sopc.rules.context import SopContext
from sopc.rules.registry import Check, rule

E = Severity.ERROR


def on_resolved_flow(check: Check) -> Check:
    """`check`, run only on an SOP whose flow resolves (see the module docstring)."""

    @functools.wraps(check)
    def guarded(ctx: SopContext) -> Iterable[Finding]:
        return check(ctx) if ctx.graph.resolved else ()

    return guarded


@rule("SOP301", "unreachable-step", E)
@on_resolved_flow
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
            message = Message("flow.unreachable", step=step.id, title=step.title)
            yield ctx.finding("SOP301", ("steps", i, "id"), message)


@rule("SOP302", "dead-end", E)
@on_resolved_flow
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
        if i in stuck and i not in in_loops:
            loops = sorted(in_loops & graph.reachable([i]))
            loop = Message("flow.dead_end_loop", step=ctx.sop.steps[loops[0]].id) if loops else None
            message = Message("flow.dead_end", step=ctx.sop.steps[i].id, loop=loop)
            yield ctx.finding("SOP302", ("steps", i, "id"), message)


@rule("SOP303", "endless-loop", E)
@on_resolved_flow
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
        message = Message("flow.endless_loop", loop=loop)
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
            message = Message("flow.branches_without_decision")
            yield ctx.finding("SOP304", (*here, "branches"), message)
            continue
        if step.decision is not None and step.branches is None:
            message = Message("flow.decision_without_branches")
            yield ctx.finding("SOP304", (*here, "decision"), message)
            continue
        if step.branches is None:
            continue
        if len(step.branches) < 2:
            message = Message("flow.too_few_branches", step=step.id, count=len(step.branches))
            yield ctx.finding("SOP304", (*here, "branches"), message)
        if step.next is not None:
            yield ctx.finding("SOP304", (*here, "next"), Message("flow.next_on_decision"))
        seen: dict[str, int] = {}
        for j, branch in enumerate(step.branches):
            if branch.when is None:
                message = Message("flow.branch_without_when")
                yield ctx.finding("SOP304", (*here, "branches", j), message)
            elif branch.when in seen:
                message = Message(
                    "flow.repeated_branch_label", when=branch.when, branch=seen[branch.when] + 1
                )
                yield ctx.finding("SOP304", (*here, "branches", j, "when"), message)
            else:
                seen[branch.when] = j
