"""The SOP's cross-functional (swimlane) flowchart as a model (spec §5).

The SOP is first laid out as a small model, `Chart`: lanes (one per role, in
order of first appearance), nodes (start and end, steps and decisions,
parallel split and join bars, hand-offs, exceptions and escalations) and
links (flow, back edges of loops, dashed exception and escalation edges).
The DOT writer (`sopc.render.graphviz`) and the Mermaid writer
(`sopc.render.mermaid`) both draw this model, so the two always show the same
flow; neither is imported here. Its words come from the catalogue (`chart_*`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from sopc.flow.graph import END, START, EdgeKind, FlowGraph, is_handoff
from sopc.i18n import Translator, translator
from sopc.model.base import RoleDef
from sopc.model.duration import AT_MOST, WITHIN
from sopc.model.sop import SOP, Step
from sopc.model.types import Duration
from sopc.render.units import duration_words

__all__ = ["Chart", "Link", "LinkKind", "Node", "NodeKind", "build_chart", "limit_groups"]


class NodeKind(StrEnum):
    START = "start"
    END = "end"
    STEP = "step"
    DECISION = "decision"  # a step with branches
    SPLIT = "split"  # the bar after a parallel step
    JOIN = "join"  # the bar before a step that waits for parallel branches
    HANDOFF = "handoff"  # the flow leaves for another SOP
    EXCEPTION = "exception"
    ESCALATION = "escalation"
    ANY = "any"  # where an exception of "any step" arises
    CONNECTOR = "connector"  # off-page connector of a chart split over pages: a circled letter


class LinkKind(StrEnum):
    FLOW = "flow"
    BACK = "back"  # closes a loop
    EXCEPTION = "exception"  # dashed, into an exception
    ESCALATION = "escalation"  # dashed, from an exception to its escalation


@dataclass
class Node:
    name: str  # generated id: safe in DOT and Mermaid
    kind: NodeKind
    lane: int
    title: str = ""
    question: str = ""  # a decision's question, shown under its step title
    limits: tuple[str, ...] = ()  # the time limit, a part per group of cases sharing one
    href: str | None = None
    anchor: str | None = None  # the SVG element id
    tooltip: str = ""
    control: bool = False
    index: int | None = None  # a step's or an exception's place in the SOP; a join's step
    sop: str | None = None  # a hand-off's SOP id


@dataclass(frozen=True)
class Link:
    tail: str
    head: str
    kind: LinkKind = LinkKind.FLOW
    label: str | None = None


@dataclass
class Chart:
    title: str
    separator: str  # between the parts of one line: time limits, a lane's role and department
    lanes: list[tuple[str, str]] = field(default_factory=list)  # (name, department)
    roles: list[str | None] = field(default_factory=list)  # each lane's role id
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def lane_nodes(self, lane: int) -> list[Node]:
        return [n for n in self.nodes if n.lane == lane]


def limit_groups(
    limit: Duration | Mapping[str, Duration] | None,
    order: list[str],
    case_sep: str = "/",
    words: Callable[[Duration], str] = str,
) -> tuple[str, ...]:
    """`("≤ 一般 1 个工作日", "严重 2 个工作日")`: the time limit as the chart shows it,
    `words` making each duration's text. Cases with the same limit share a part
    (`一般/严重 1wd`), one limit for all cases is just that limit, and `≤` leads
    unless the limit is immediate or already says "at most" (`不超过`, `…内`)."""
    if limit is None:
        return ()
    if isinstance(limit, Duration):
        return (_at_most(limit, words(limit)),)
    keys = [k for k in order if k in limit] + [k for k in limit if k not in order]
    groups: list[tuple[list[str], str]] = []
    for key in keys:
        text = words(limit[key])
        if groups and groups[-1][1] == text:
            groups[-1][0].append(key)
        else:
            groups.append(([key], text))
    if len({text for _, text in groups}) == 1:
        return (_at_most(limit[keys[0]], groups[0][1]),)
    parts = [f"{case_sep.join(names)} {text}" for names, text in groups]
    return (f"≤ {parts[0]}", *parts[1:])


def _at_most(limit: Duration, text: str) -> str:
    said = text.strip()
    if limit.amount == 0 or said.startswith(AT_MOST) or said.endswith(WITHIN):
        return text
    return f"≤ {text}"


def build_chart(
    sop: SOP,
    roles: Mapping[str, RoleDef],
    language: str,
    step_href: Callable[[str], str],
    sop_href: Callable[[str], str],
) -> Chart:
    """Lay the SOP out as lanes, nodes and links, independent of the output syntax."""
    t = translator(language)
    graph = FlowGraph.of(sop)
    title = t("chart_title", id=sop.id, title=sop.title, version=sop.version)
    chart = Chart(title, t("sep"))
    lane_of: dict[str | None, int] = {}

    def lane(role: str | None) -> int:
        if role not in lane_of:
            lane_of[role] = len(chart.lanes)
            chart.roles.append(role)
            definition = roles.get(role) if role else None
            name = definition.name if definition else (role or t("chart_unassigned"))
            chart.lanes.append((name, definition.department or "" if definition else ""))
        return lane_of[role]

    for step in sop.steps:
        lane(step.role)
    for exc in sop.exceptions:
        lane(exc.role)
        if exc.escalate_to:
            lane(exc.escalate_to)

    names: dict[int, str] = {START: "start", END: "end"}
    order = list(sop.cases.values) if sop.cases else []
    for i, step in enumerate(sop.steps):
        names[i] = f"s{i}"
        step_node = _step_node(step, f"s{i}", lane(step.role), order, t, step_href)
        step_node.index = i
        chart.nodes.append(step_node)
    first_lane = lane(sop.steps[0].role)
    chart.nodes.insert(0, Node("start", NodeKind.START, first_lane, t("chart_start")))

    into_end = [e.source for e in graph.edges if e.target == END]
    if into_end:
        last = max(into_end)
        end_lane = first_lane if last < 0 else lane(sop.steps[last].role)
        chart.nodes.append(Node("end", NodeKind.END, end_lane, t("chart_end")))
    for k, (node, sop_id) in enumerate(sorted(graph.handoffs.items(), reverse=True)):
        names[node] = f"h{k}"
        source = min(e.source for e in graph.edges if e.target == node)
        chart.nodes.append(
            Node(
                f"h{k}",
                NodeKind.HANDOFF,
                first_lane if source < 0 else lane(sop.steps[source].role),
                t("chart_handoff", sop=sop_id),
                href=sop_href(sop_id),
                tooltip=t("chart_handoff", sop=sop_id),
                sop=sop_id,
            )
        )
    _flow_links(chart, graph, names)
    _exceptions(chart, sop, lane, names, t)
    return chart


def _step_node(
    step: Step,
    name: str,
    lane: int,
    order: list[str],
    t: Translator,
    step_href: Callable[[str], str],
) -> Node:
    tips = [step.title]
    if step.decision:
        tips.append(step.decision)
    if step.standard:
        tips.append(t("chart_standard", text=step.standard))
    if step.control:
        tips.append(t("chart_control", text=step.control))
    return Node(
        name,
        NodeKind.DECISION if step.branches else NodeKind.STEP,
        lane,
        step.title,
        question=(step.decision or "") if step.branches else "",
        limits=limit_groups(
            step.time_limit, order, t("chart_case_sep"), lambda d: duration_words(d, t)
        ),
        href=step_href(step.id),
        anchor=f"flow-{step.id}",
        tooltip="\n".join(tip.strip() for tip in tips),
        control=bool(step.control),
    )


def _flow_links(chart: Chart, graph: FlowGraph, names: dict[int, str]) -> None:
    """Flow edges, with a split bar after each parallel step and a join bar before
    each step that waits for several parallel branches; loops as back edges."""
    back = graph.back_edges()
    lane_of = {n.name: n.lane for n in chart.nodes}
    joins = _joins(graph, back)
    bars: dict[int, str] = {}
    for k, target in enumerate(sorted(joins, reverse=True)):
        bars[target] = f"j{k}"
        index = target if target >= 0 else None
        chart.nodes.append(Node(f"j{k}", NodeKind.JOIN, lane_of[names[target]], index=index))
    splits: set[int] = set()
    for edge in graph.edges:
        tail, head = names[edge.source], names[edge.target]
        kind = LinkKind.BACK if (edge.source, edge.target) in back else LinkKind.FLOW
        if edge.kind is EdgeKind.PARALLEL and kind is LinkKind.FLOW:
            if edge.source not in splits:
                splits.add(edge.source)
                split = Node(f"p{edge.source}", NodeKind.SPLIT, lane_of[tail], index=edge.source)
                chart.nodes.append(split)
                chart.links.append(Link(tail, f"p{edge.source}"))
            tail = f"p{edge.source}"
        if kind is LinkKind.FLOW and edge.source in joins.get(edge.target, ()):
            head = bars[edge.target]
        chart.links.append(Link(tail, head, kind, edge.label))
    for target, bar in bars.items():
        chart.links.append(Link(bar, names[target]))


def _joins(graph: FlowGraph, back: set[tuple[int, int]]) -> dict[int, set[int]]:
    """Steps (or the end) that wait for parallel branches → the predecessors, one per
    branch at least two branches, whose edges meet at the join bar.

    For each split, a node reached from two or more of its branches is shared;
    a shared node is a join when edges come into it from at least two branches'
    own (unshared) parts.
    """
    successors: dict[int, list[int]] = {}
    predecessors: dict[int, list[int]] = {}
    for e in graph.edges:
        if (e.source, e.target) not in back:
            successors.setdefault(e.source, []).append(e.target)
            predecessors.setdefault(e.target, []).append(e.source)
    joins: dict[int, set[int]] = {}
    for split in graph.steps:
        targets = [e.target for e in graph.out_edges(split) if e.kind is EdgeKind.PARALLEL]
        if len(set(targets)) < 2:
            continue
        reached = [_reach(t, successors) for t in dict.fromkeys(targets)]
        shared = {n for n in set().union(*reached) if sum(n in r for r in reached) > 1}
        for node in sorted(shared):
            if is_handoff(node):  # the flow leaves, nothing waits
                continue
            via = {
                p: [i for i, r in enumerate(reached) if p in r]
                for p in predecessors.get(node, [])
                if p not in shared
            }
            branches = {m[0] for m in via.values() if len(m) == 1}
            if len(branches) > 1:
                joins.setdefault(node, set()).update(p for p, m in via.items() if len(m) == 1)
    return joins


def _reach(start: int, successors: dict[int, list[int]]) -> set[int]:
    seen: set[int] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(successors.get(node, []))
    return seen


def _exceptions(
    chart: Chart,
    sop: SOP,
    lane: Callable[[str | None], int],
    names: dict[int, str],
    t: Translator,
) -> None:
    """An exception is a node in its handler's lane, reached by dashed edges from the
    steps where it can arise (or from one "any step" point), escalating by a dashed
    edge into the escalation role's lane."""
    index = {step.id: i for i, step in reversed(list(enumerate(sop.steps)))}
    anywhere = [exc for exc in sop.exceptions if exc.steps is None]
    if anywhere:
        any_lane = lane(anywhere[0].role)
        chart.nodes.append(Node("any", NodeKind.ANY, any_lane, t("chart_any_step")))
    for k, exc in enumerate(sop.exceptions):
        tips = [t("chart_exception", text=exc.when)]
        if exc.action:
            tips.append(t("chart_action", text=exc.action))
        limits = limit_groups(exc.within, [], words=lambda d: duration_words(d, t))
        tooltip = "\n".join(tips)
        chart.nodes.append(
            Node(
                f"x{k}",
                NodeKind.EXCEPTION,
                lane(exc.role),
                exc.when,
                limits=limits,
                tooltip=tooltip,
                index=k,
            )
        )
        sources = (
            ["any"] if exc.steps is None else [names[index[s]] for s in exc.steps if s in index]
        )
        chart.links.extend(Link(s, f"x{k}", LinkKind.EXCEPTION) for s in dict.fromkeys(sources))
        if exc.escalate_to:
            target = lane(exc.escalate_to)
            title = t("chart_escalate", role=chart.lanes[target][0])
            escalation = Node(f"e{k}", NodeKind.ESCALATION, target, title, index=k)
            escalation.tooltip = exc.when
            chart.nodes.append(escalation)
            chart.links.append(Link(f"x{k}", f"e{k}", LinkKind.ESCALATION))
