"""An SOP as a BPMN 2.0 process: the swimlane chart's model (`sopc.render.swimlane`)
in BPMN's elements, so the BPMN file shows the same flow as the flowchart.

| chart                      | BPMN                                                  |
|----------------------------|-------------------------------------------------------|
| lane (a role)              | `lane`, the role id in `sopc:role`                    |
| start, end                 | `startEvent`, `endEvent`                              |
| step                       | `userTask`; standard, control point, limit: its text  |
| decision                   | its step's `userTask`, then an `exclusiveGateway`     |
| split and join bars        | `parallelGateway`                                     |
| hand-off to another SOP    | `callActivity` of that SOP's process, then an end     |
| exception at some steps    | non-interrupting message `boundaryEvent` on each step |
| exception at any step      | an event `subProcess` with a non-interrupting start   |
| escalation                 | a `userTask` in the escalation role's lane            |
| calendar time limit        | non-interrupting timer `boundaryEvent` (ISO 8601)     |

Exceptions are message events because that is what an engine can trigger on a
user task (someone reports the situation; an escalation boundary event fires only
on a sub-process or call activity). Working-time limits (`wd`, `wh`) depend on a
company's calendar, which the file cannot carry: they stay in the text.

Ids are ASCII NCNames made from the SOP's own ids (`Task_receive`); an id with
other characters (Chinese ids are allowed) keeps its ASCII part and gains a hash
of the whole, so ids are stable across builds and edits and never collide.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from sopc.i18n import Translator, translator
from sopc.model.base import RoleDef
from sopc.model.duration import Unit
from sopc.model.sop import SOP, SopException, Step
from sopc.model.types import Duration
from sopc.render.bpmn.elements import FlowNode, Kind, Lane, Process, SequenceFlow
from sopc.render.swimlane import Chart, LinkKind, Node, NodeKind, build_chart

__all__ = ["iso_duration", "ncname", "process_id", "sop_process"]


_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]+")


def ncname(prefix: str, *parts: str) -> str:
    """`ncname("Task", "receive")` → `Task_receive`; a part with characters outside
    ASCII letters, digits, `_ . -` keeps the rest and gains 8 hex digits of its hash."""
    out = [prefix]
    for part in parts:
        kept = _NOT_NCNAME.sub("_", part).strip("_")
        if kept != part:
            digest = hashlib.sha256(part.encode("utf-8")).hexdigest()[:8]
            kept = f"{kept}_{digest}" if kept else digest
        out.append(kept)
    return "_".join(out)


def process_id(sop_id: str) -> str:
    """The process id of an SOP: what another SOP's call activity names."""
    return ncname("Process", sop_id)


_MINUTES = {Unit.MINUTE: 1, Unit.HOUR: 60, Unit.DAY: 24 * 60}


def iso_duration(limit: Duration) -> str | None:
    """A calendar duration in ISO 8601, in the largest unit that keeps it whole, so equal
    durations read alike (`2h` and `120m` are `PT2H`, `1.5h` is `PT90M`, `3d` is `P3D`,
    `1mo` is `P1M`). None where a timer cannot stand for it: working time (it needs
    the company's calendar), an immediate limit (it would fire as the step starts),
    and amounts no unit makes whole."""
    amount, unit = limit.amount, limit.unit
    if amount <= 0:
        return None
    if unit in (Unit.MONTH, Unit.YEAR):
        letter = "M" if unit is Unit.MONTH else "Y"
        return f"P{int(amount)}{letter}" if amount == amount.to_integral_value() else None
    if unit not in _MINUTES:
        return None
    minutes = amount * _MINUTES[unit]
    if minutes != minutes.to_integral_value():
        return None
    whole = int(minutes)
    if whole % _MINUTES[Unit.DAY] == 0:
        return f"P{whole // _MINUTES[Unit.DAY]}D"
    return f"PT{whole // 60}H" if whole % 60 == 0 else f"PT{whole}M"


def sop_process(sop: SOP, roles: Mapping[str, RoleDef], language: str) -> Process:
    """The SOP's flow as a BPMN process, its words in `language`."""
    chart = build_chart(sop, roles, language, lambda _step: "", lambda _sop: "")
    return _Builder(sop, chart, translator(language)).process


class _Builder:
    def __init__(self, sop: SOP, chart: Chart, t: Translator) -> None:
        self.sop, self.chart, self.t = sop, chart, t
        self.used: set[str] = set()
        self.entry: dict[str, str] = {}  # chart node → the BPMN node its flows come into
        self.exit: dict[str, str] = {}  # chart node → the BPMN node its flows leave
        self.inside: dict[int, str] = {}  # exception → its event sub-process
        self.order: dict[str, int] = {}  # chart node → its place among the chart's nodes
        purpose = sop.purpose.strip() if sop.purpose else ""
        self.process = Process(process_id(sop.id), sop.title, chart.title, purpose)
        for role, (name, department) in zip(chart.roles, chart.lanes, strict=True):
            lane_id = self._id("Lane", role or "unassigned")
            self.process.lanes.append(Lane(lane_id, name, role, department))
        for node in chart.nodes:
            self._node(node)
        self._flows()
        self._drop_empty_lanes()

    def _drop_empty_lanes(self) -> None:
        """A role that acts only inside an event sub-process has no lane of its own
        (its task there still says the role): a lane holds the pool's nodes."""
        process = self.process
        used = sorted({n.lane for n in process.nodes if n.inside is None})
        new = {old: k for k, old in enumerate(used)}
        process.lanes = [process.lanes[i] for i in used]
        old = {n.id: n.lane for n in process.nodes}
        for node in process.nodes:  # inside a sub-process: its own lane, else the box's
            fallback = old[node.inside] if node.inside is not None else node.lane
            node.lane = new.get(node.lane, new[fallback])

    def _id(self, prefix: str, *parts: str) -> str:
        """A new NCName; a repeat (a step id used twice, which SOP207 reports) counts on."""
        base = candidate = ncname(prefix, *parts)
        n = 2
        while candidate in self.used:
            candidate, n = f"{base}_{n}", n + 1
        self.used.add(candidate)
        return candidate

    def _add(self, node: FlowNode) -> FlowNode:
        self.process.nodes.append(node)
        return node

    def _flow(self, source: str, target: str) -> None:
        self.process.flows.append(SequenceFlow(self._id("Flow", source, target), source, target))

    def _role(self, lane: int) -> str | None:
        return self.chart.roles[lane]

    def _node(self, node: Node) -> None:
        kind = node.kind
        if kind in (NodeKind.START, NodeKind.END):
            bpmn, prefix = (
                (Kind.START, "StartEvent") if kind is NodeKind.START else (Kind.END, "EndEvent")
            )
            added = self._add(FlowNode(self._id(prefix), bpmn, node.title, node.lane))
            self.entry[node.name] = self.exit[node.name] = added.id
        elif kind in (NodeKind.STEP, NodeKind.DECISION):
            assert node.index is not None
            self._step(node, self.sop.steps[node.index])
        elif kind in (NodeKind.SPLIT, NodeKind.JOIN):
            step = self.sop.steps[node.index].id if node.index is not None else "end"
            prefix = "Fork" if kind is NodeKind.SPLIT else "Join"
            bar = self._add(FlowNode(self._id(prefix, step), Kind.PARALLEL, "", node.lane))
            self.entry[node.name] = self.exit[node.name] = bar.id
        elif kind is NodeKind.HANDOFF:
            assert node.sop is not None
            call = FlowNode(self._id("Call", node.sop), Kind.CALL, node.title, node.lane)
            call.called = process_id(node.sop)
            self._add(call)
            end = self._add(FlowNode(self._id("EndEvent", node.sop), Kind.END, "", node.lane))
            self._flow(call.id, end.id)
            self.entry[node.name] = self.exit[node.name] = call.id
        elif kind is NodeKind.EXCEPTION:
            assert node.index is not None
            self._exception(node, self.sop.exceptions[node.index], node.index)
        elif kind is NodeKind.ESCALATION:
            assert node.index is not None
            key = self._exception_key(node.index)
            task = FlowNode(self._id("Escalate", key), Kind.TASK, node.title, node.lane)
            task.role, task.documentation = self._role(node.lane), node.tooltip
            task.inside = self.inside.get(node.index)
            self._add(task)
            self.entry[node.name] = self.exit[node.name] = task.id
        # NodeKind.ANY has no element: an exception of any step is an event sub-process

    def _step(self, node: Node, step: Step) -> None:
        t = self.t
        lines: list[str] = []
        if step.standard:
            lines.append(t("chart_standard", text=step.standard.strip()))
        if step.control:
            lines.append(t("chart_control", text=step.control.strip()))
        timer = None
        if node.limits:
            timer = _one_timer(step.time_limit)
            said = self.chart.separator.join(node.limits)
            lines.append(t("bpmn_limit" if timer else "bpmn_limit_untimed", text=said))
        task = FlowNode(
            self._id("Task", step.id), Kind.TASK, step.title, node.lane, "\n".join(lines)
        )
        task.role = step.role
        self._add(task)
        self.entry[node.name] = self.exit[node.name] = task.id
        if timer:
            self._timer(task, timer, node.limits)
        if node.kind is NodeKind.DECISION:
            gateway = FlowNode(
                self._id("Gateway", step.id), Kind.EXCLUSIVE, node.question, node.lane
            )
            self._add(gateway)
            self._flow(task.id, gateway.id)
            self.exit[node.name] = gateway.id

    def _timer(self, task: FlowNode, duration: str, limits: tuple[str, ...]) -> None:
        """A non-interrupting timer on the task, flowing to an end event of its own
        (a boundary event is the source of a flow): the SOP says how long the step may
        take, not what then happens, which is where IT attaches a reminder."""
        t, key = self.t, task.id.removeprefix("Task_")
        name = t("bpmn_timer", text=self.chart.separator.join(limits))
        timer = FlowNode(self._id("Timer", key), Kind.BOUNDARY, name, task.lane, inside=task.inside)
        timer.attached_to, timer.timer = task.id, duration
        self._add(timer)
        late = FlowNode(self._id("Overdue", key), Kind.END, t("bpmn_overdue"), task.lane)
        late.inside, late.beside = task.inside, timer.id
        self._add(late)
        self._flow(timer.id, late.id)

    def _exception_key(self, index: int) -> str:
        return self.sop.exceptions[index].id or str(index + 1)

    def _exception(self, node: Node, exc: SopException, index: int) -> None:
        """The handling task, reached from a message boundary event on every step where
        the exception can arise (none known: the task stands alone), or from the start
        of an event sub-process when it can arise at any step (no `steps`)."""
        t, key = self.t, self._exception_key(index)
        message = self._id("Message", key)
        self.process.messages[message] = exc.when
        task = FlowNode(
            self._id("Exception", key),
            Kind.TASK,
            exc.action or t("chart_exception", text=exc.when),
            node.lane,
            node.tooltip,
            role=exc.role,
        )
        steps = {
            link.tail
            for link in self.chart.links
            if link.head == node.name and link.kind is LinkKind.EXCEPTION
        }
        sources = [self.entry[s] for s in sorted(steps, key=self._order) if s in self.entry]
        if exc.steps is not None:  # at the steps named (none known: the task stands alone)
            for source in sources:
                boundary = FlowNode(
                    self._id("Boundary", key, source.removeprefix("Task_")),
                    Kind.BOUNDARY,
                    exc.when,
                    self.process.node(source).lane,
                )
                boundary.attached_to, boundary.message = source, message
                self._add(boundary)
                self._flow(boundary.id, task.id)
        else:
            sub = self._add(
                FlowNode(self._id("SubProcess", key), Kind.EVENT_SUBPROCESS, exc.when, node.lane)
            )
            start = FlowNode(self._id("StartEvent", key), Kind.START, exc.when, node.lane)
            start.message, start.inside, task.inside = message, sub.id, sub.id
            self.inside[index] = sub.id
            self._add(start)
            self._flow(start.id, task.id)
        self._add(task)
        if exc.within is not None and (timer := iso_duration(exc.within)):
            self._timer(task, timer, node.limits)
        self.entry[node.name] = self.exit[node.name] = task.id

    def _order(self, name: str) -> int:
        if not self.order:
            self.order = {n.name: i for i, n in enumerate(self.chart.nodes)}
        return self.order[name]

    def _flows(self) -> None:
        """The chart's links as sequence flows (one where a parallel step names a target
        twice); each chain of an exception ends in an end event of its own."""
        flows = self.process.flows
        seen: set[tuple[str, str, str | None]] = set()
        for link in self.chart.links:
            if link.kind is LinkKind.EXCEPTION or link.tail not in self.exit:
                continue  # boundary events and the start of sub-processes carry these
            source, target = self.exit[link.tail], self.entry[link.head]
            if (source, target, link.label) in seen:
                continue
            seen.add((source, target, link.label))
            back = link.kind is LinkKind.BACK
            flows.append(
                SequenceFlow(self._id("Flow", source, target), source, target, link.label, back)
            )
        leaving = {flow.source for flow in flows}
        for node in list(self.process.nodes):
            if node.kind is Kind.TASK and node.id not in leaving:
                end = FlowNode(
                    self._id("EndEvent", node.id), Kind.END, "", node.lane, inside=node.inside
                )
                self._add(end)
                self._flow(node.id, end.id)


def _one_timer(limit: Duration | Mapping[str, Duration] | None) -> str | None:
    """The timer of a time limit: one calendar duration, or one that every case shares."""
    if limit is None:
        return None
    if isinstance(limit, Duration):
        return iso_duration(limit)
    timers = {iso_duration(value) for value in limit.values()}
    return timers.pop() if len(timers) == 1 else None
