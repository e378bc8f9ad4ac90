"""The SOP's cross-functional (swimlane) flowchart (spec §5).

The SOP is first laid out as a small model, `Chart`: lanes (one per role, in
order of first appearance), nodes (start and end, steps and decisions,
parallel split and join bars, hand-offs, exceptions and escalations) and
links (flow, back edges of loops, dashed exception and escalation edges).
The DOT writer (`sopc.render.graphviz`) and the Mermaid writer both draw this
model, so the two always show the same flow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sopc.flow.graph import END, START, EdgeKind, FlowGraph
from sopc.model.base import RoleDef
from sopc.model.sop import SOP, Step
from sopc.model.types import Duration
from sopc.render.graphviz import FONT_FAMILY, FONT_NAME, chart_dot

__all__ = [
    "FONT_FAMILY",
    "FONT_NAME",
    "Chart",
    "Link",
    "Node",
    "build_chart",
    "compact_limit",
    "flowchart_dot",
]

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "start": "开始", "end": "结束", "exception": "异常", "escalate": "升级至{}",
        "any_step": "任一步骤", "unassigned": "未指定", "handoff": "转至",
        "control": "关键控制点", "standard": "标准", "action": "处理", "version": "版本",
        "legend": "⚑ 关键控制点 · ≤ 时限 · 橙色虚线：异常与升级 · 黑条：并行分支与汇合",
    },
    "en": {
        "start": "Start", "end": "End", "exception": "Exception", "escalate": "Escalate to {}",
        "any_step": "Any step", "unassigned": "Unassigned", "handoff": "To",
        "control": "Control point", "standard": "Standard", "action": "Action",
        "version": "version",
        "legend": "⚑ control point · ≤ time limit · orange dashed: exception and escalation"
        " · black bar: parallel split and join",
    },
}  # fmt: skip


def words(language: str) -> dict[str, str]:
    """The chart's UI words; any language other than zh-CN gets English."""
    return WORDS.get(language, WORDS["en"])


# -- the chart model ------------------------------------------------------------------


@dataclass
class Node:
    name: str  # generated id: safe in DOT and Mermaid
    kind: str  # start end step decision split join handoff exception escalation any
    lane: int
    title: str = ""
    detail: str = ""  # the time limit line
    href: str | None = None
    anchor: str | None = None  # the SVG element id
    tooltip: str = ""
    control: bool = False


@dataclass(frozen=True)
class Link:
    tail: str
    head: str
    kind: str = "flow"  # flow back exception escalation
    label: str | None = None


@dataclass
class Chart:
    title: str
    legend: str
    lanes: list[tuple[str, str]] = field(default_factory=list)  # (name, department)
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def lane_nodes(self, lane: int) -> list[Node]:
        return [n for n in self.nodes if n.lane == lane]


def compact_limit(limit: Duration | Mapping[str, Duration] | None, order: list[str]) -> str:
    """`一般 1wd · 严重 2wd · 重大 3wd`; cases with the same limit share it (`一般/严重 1wd`)."""
    if limit is None:
        return ""
    if isinstance(limit, Duration):
        return str(limit)
    keys = [k for k in order if k in limit] + [k for k in limit if k not in order]
    groups: list[tuple[list[str], str]] = []
    for key in keys:
        text = str(limit[key])
        if groups and groups[-1][1] == text:
            groups[-1][0].append(key)
        else:
            groups.append(([key], text))
    if len({text for _, text in groups}) == 1:
        return groups[0][1]
    return " · ".join(f"{'/'.join(names)} {text}" for names, text in groups)


def build_chart(
    sop: SOP,
    roles: Mapping[str, RoleDef],
    language: str,
    step_href: Callable[[str], str],
    sop_href: Callable[[str], str],
) -> Chart:
    """Lay the SOP out as lanes, nodes and links, independent of the output syntax."""
    w = words(language)
    graph = FlowGraph.of(sop)
    chart = Chart(f"{sop.id} {sop.title}  {w['version']} {sop.version}", w["legend"])
    lane_of: dict[str | None, int] = {}

    def lane(role: str | None) -> int:
        if role not in lane_of:
            lane_of[role] = len(chart.lanes)
            definition = roles.get(role) if role else None
            name = definition.name if definition else (role or w["unassigned"])
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
        chart.nodes.append(_step_node(step, f"s{i}", lane(step.role), order, w, step_href))
    first_lane = lane(sop.steps[0].role)
    chart.nodes.insert(0, Node("start", "start", first_lane, w["start"]))

    into_end = [e.source for e in graph.edges if e.target == END]
    if into_end:
        last = max(into_end)
        chart.nodes.append(
            Node("end", "end", first_lane if last < 0 else lane(sop.steps[last].role), w["end"])
        )
    for k, (node, sop_id) in enumerate(sorted(graph.handoffs.items(), reverse=True)):
        names[node] = f"h{k}"
        source = min(e.source for e in graph.edges if e.target == node)
        chart.nodes.append(
            Node(
                f"h{k}",
                "handoff",
                first_lane if source < 0 else lane(sop.steps[source].role),
                f"{w['handoff']} {sop_id}",
                href=sop_href(sop_id),
                tooltip=f"{w['handoff']} {sop_id}",
            )
        )
    _flow_links(chart, graph, names)
    _exceptions(chart, sop, lane, names, w)
    return chart


def _step_node(
    step: Step,
    name: str,
    lane: int,
    order: list[str],
    w: dict[str, str],
    step_href: Callable[[str], str],
) -> Node:
    tips = [step.title]
    if step.decision:
        tips.append(step.decision)
    if step.standard:
        tips.append(f"{w['standard']}: {step.standard}")
    if step.control:
        tips.append(f"⚑ {w['control']}: {step.control}")
    return Node(
        name,
        "decision" if step.branches else "step",
        lane,
        step.decision or step.title if step.branches else step.title,
        compact_limit(step.time_limit, order),
        href=step_href(step.id),
        anchor=f"flow-{step.id}",
        tooltip="\n".join(t.strip() for t in tips),
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
        chart.nodes.append(Node(f"j{k}", "join", lane_of[names[target]]))
    splits: set[int] = set()
    for edge in graph.edges:
        tail, head = names[edge.source], names[edge.target]
        kind = "back" if (edge.source, edge.target) in back else "flow"
        if edge.kind is EdgeKind.PARALLEL and kind == "flow":
            if edge.source not in splits:
                splits.add(edge.source)
                chart.nodes.append(Node(f"p{edge.source}", "split", lane_of[tail]))
                chart.links.append(Link(tail, f"p{edge.source}"))
            tail = f"p{edge.source}"
        if kind == "flow" and edge.source in joins.get(edge.target, ()):
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
            if node <= -3:  # a hand-off: the flow leaves, nothing waits
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
    w: dict[str, str],
) -> None:
    """An exception is a node in its handler's lane, reached by dashed edges from the
    steps where it can arise (or from one "any step" point), escalating by a dashed
    edge into the escalation role's lane."""
    index = {step.id: i for i, step in reversed(list(enumerate(sop.steps)))}
    anywhere = [exc for exc in sop.exceptions if exc.steps is None]
    if anywhere:
        chart.nodes.append(Node("any", "any", lane(anywhere[0].role), w["any_step"]))
    for k, exc in enumerate(sop.exceptions):
        tips = [f"{w['exception']}: {exc.when}"]
        if exc.action:
            tips.append(f"{w['action']}: {exc.action}")
        detail = str(exc.within) if exc.within else ""
        chart.nodes.append(
            Node(f"x{k}", "exception", lane(exc.role), exc.when, detail, tooltip="\n".join(tips))
        )
        sources = (
            ["any"] if exc.steps is None else [names[index[s]] for s in exc.steps if s in index]
        )
        chart.links.extend(Link(s, f"x{k}", "exception") for s in dict.fromkeys(sources))
        if exc.escalate_to:
            target = lane(exc.escalate_to)
            role = chart.lanes[target][0]
            chart.nodes.append(
                Node(f"e{k}", "escalation", target, w["escalate"].format(role), tooltip=exc.when)
            )
            chart.links.append(Link(f"x{k}", f"e{k}", "escalation"))


def flowchart_dot(
    sop: SOP,
    roles: Mapping[str, RoleDef],
    *,
    direction: str = "LR",
    language: str = "zh-CN",
    step_href: Callable[[str], str] = lambda step_id: f"#step-{step_id}",
    sop_href: Callable[[str], str] = lambda sop_id: f"{sop_id}.html",
) -> str:
    """The DOT source of the SOP's swimlane chart."""
    if direction not in ("LR", "TB"):
        raise ValueError(f"flow direction must be LR or TB, got {direction!r}")
    return chart_dot(build_chart(sop, roles, language, step_href, sop_href), direction)
