"""Where a BPMN process's shapes go (diagram interchange).

The nodes go on the flowchart's lane grid (`sopc.render.grid`): the process
becomes a small chart (one node per flow node, its box the BPMN shape's size plus
room for its boundary events and labels), so lanes keep their order and never
cross, as in the flowchart. Then, here:

- boundary events sit on their task's edge, timers on top, an exception on the
  side its handling task lies; a task is wide enough for its events' names;
- each lane is a horizontal band around its shapes and labels, across the whole
  pool (a band that would come too close to the one above moves down, with the
  lanes below it);
- an event sub-process is a row inside its box;
- every flow is routed orthogonally around the shapes (`sopc.render.bpmn.routes`).

Coordinates are whole pixels, y downwards, as BPMN modelers write them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sopc.render.bpmn.elements import FlowNode, Kind, Process
from sopc.render.bpmn.routes import GAP, Box, Point, Way, route
from sopc.render.graphviz import MOST_NODES
from sopc.render.grid import place, ranks
from sopc.render.labels import text_width
from sopc.render.swimlane import Chart, Link, LinkKind, Node, NodeKind

__all__ = ["Diagram", "layout"]

EVENT, GATEWAY, TASK_WIDTH, TASK_HEIGHT = 36, 50, 120, 80
LABEL_WIDTH, LABEL_LINE = 96, 14  # an external label (events, gateways): 12 px text
EVENT_LABEL = 80  # a boundary event's label, beside it outside the task
EVENT_PITCH = EVENT + EVENT_LABEL + 12  # boundary events along one edge
ROOM = (48, 40)  # around each shape in Graphviz's layout, for flows to pass
LANE_NAME = (20.0, 22.0)  # an empty lane name's box in the flowchart's grid
POOL_HEADER = LANE_HEADER = 30  # the vertical name strips at the left
MARGIN = GAP + 4  # between a lane's edge and its shapes and labels: room for a bend
SUB_PAD = 20  # inside an event sub-process, around its row
_WAYS = {Kind.BOUNDARY: Way.DOWN, Kind.EXCLUSIVE: Way.GATEWAY}  # where a flow leaves
_EXTERNAL = (Kind.START, Kind.END, Kind.BOUNDARY, Kind.EXCLUSIVE)


@dataclass
class Diagram:
    pool: Box
    lanes: list[Box] = field(default_factory=list)  # in the process's lane order
    shapes: dict[str, Box] = field(default_factory=dict)  # flow node id → bounds
    labels: dict[str, Box] = field(default_factory=dict)  # an event's or gateway's name
    edges: dict[str, list[Point]] = field(default_factory=dict)  # flow id → waypoints


def label_size(name: str, width: int = LABEL_WIDTH) -> tuple[int, int]:
    """An external label's box: about 6 px a column (a CJK character is two)."""
    return width, LABEL_LINE * max(1, math.ceil(text_width(name) * 6 / (width - 4)))


def shape_size(node: FlowNode, events: int = 0) -> tuple[int, int]:
    """BPMN's usual sizes. A task grows with its name (about 16 columns a line at a
    modeler's 12 px; a long name makes it wider too) and with the boundary events on
    one of its sides, each needing room for its name."""
    if node.kind in (Kind.START, Kind.END, Kind.BOUNDARY):
        return EVENT, EVENT
    if node.kind in (Kind.EXCLUSIVE, Kind.PARALLEL):
        return GATEWAY, GATEWAY
    columns = text_width(node.name)
    width = TASK_WIDTH if columns <= 64 else TASK_WIDTH + 40
    lines = max(1, math.ceil(columns / (14 if width == TASK_WIDTH else 20)))
    return max(width, events * EVENT_PITCH), max(TASK_HEIGHT, 32 + 16 * lines)


def layout(process: Process) -> Diagram:
    """The diagram of `process`: pool, lanes, a shape per flow node, a route per flow."""
    sides = _sides(process)
    inner = _sub_processes(process, sides)
    top = [n for n in process.nodes if n.inside is None and _laid_out(n)]
    sizes, rooms = _sizes(top, sides, inner)
    centres = _dot_centres(process, top, rooms)
    left = min(x - sizes[i][0] / 2 for i, (x, _) in centres.items())
    dx = POOL_HEADER + LANE_HEADER + MARGIN + GAP - left
    diagram = Diagram(Box(0, 0, 0, 0))
    shapes, labels = diagram.shapes, diagram.labels
    for node_id, (x, y) in centres.items():
        w, h = sizes[node_id]
        shapes[node_id] = Box(round(x + dx - w / 2), round(y - h / 2), w, h)
    overdue = {n.beside: n for n in process.nodes if n.beside is not None}
    _place_events(sides, shapes, labels, top, overdue)
    _place_names(shapes, labels, top)
    bands = _bands(process, shapes, labels)
    for sub, (_, placed) in inner.items():
        corner = shapes[sub]
        shapes.update({i: box.moved(corner.x, corner.y) for i, box in placed.items()})
    within = [n for n in process.nodes if n.inside is not None]
    _place_events(sides, shapes, labels, within, overdue)
    _place_names(shapes, labels, within)
    width = max(box.right for box in [*shapes.values(), *labels.values()]) + MARGIN
    diagram.pool = Box(0, 0, width, bands[-1].bottom)
    diagram.lanes = [Box(POOL_HEADER, b.y, width - POOL_HEADER, b.h) for b in bands]
    obstacles = [shapes[n.id] for n in top] + [shapes[n.id] for n in overdue.values()]
    inside = Box(POOL_HEADER + LANE_HEADER, 0, width - POOL_HEADER - LANE_HEADER, diagram.pool.h)
    upward = {e.id for (_, side), events in sides.items() if side == "top" for e in events}
    for flow in process.flows:
        source = process.node(flow.source)
        s, t = shapes[flow.source], shapes[flow.target]
        if process.node(flow.target).beside:  # a timer's end, right above it
            diagram.edges[flow.id] = [(s.cx, s.y), (t.cx, t.bottom)]
            continue
        if source.inside is not None:  # a row inside an event sub-process
            diagram.edges[flow.id] = [(s.right, s.cy), (t.x, t.cy)]
            continue
        way = _WAYS.get(source.kind, Way.SIDE)
        if way is Way.DOWN and flow.source in upward:
            way = Way.UP
        diagram.edges[flow.id] = route(s, t, way, back=flow.back, obstacles=obstacles, pool=inside)
    return diagram


def _sizes(
    top: list[FlowNode],
    sides: dict[tuple[str, str], list[FlowNode]],
    inner: dict[str, tuple[tuple[int, int], dict[str, Box]]],
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Each top-level node's shape size, and its room in Graphviz's layout: the shape,
    space for flows, and above and below it its boundary events' names or its own."""
    sizes: dict[str, tuple[int, int]] = {}
    rooms: dict[str, tuple[int, int]] = {}
    for node in top:
        events = {side: sides.get((node.id, side), []) for side in ("top", "bottom")}
        if node.id in inner:
            width, height = inner[node.id][0]
        else:
            width, height = shape_size(node, max(map(len, events.values())))
        sizes[node.id] = (width, height)
        named = [e for side in events.values() for e in side]
        hanging = max((_hanging(e) for e in named), default=0)
        below = label_size(node.name)[1] + 4 if node.kind in _EXTERNAL and node.name else 0
        rooms[node.id] = (width + ROOM[0], height + ROOM[1] + 2 * max(hanging, below))
    return sizes, rooms


def _hanging(event: FlowNode) -> int:
    """How far a boundary event and its name reach out of its task's edge; a timer's,
    with its end event above it."""
    if event.timer is not None:
        return EVENT // 2 + GAP + EVENT + 4
    return max(EVENT // 2, label_size(event.name, EVENT_LABEL)[1] + 4)


def _laid_out(node: FlowNode) -> bool:
    """Whether Graphviz places the node: not a boundary event or a timer's end, which
    sit on and beside their task."""
    return node.kind is not Kind.BOUNDARY and node.beside is None


def _sides(process: Process) -> dict[tuple[str, str], list[FlowNode]]:
    """The boundary events of each side of each task: timers on top, an exception on
    the side of its handling task (below when that is in a lane below or the same)."""
    lanes = {n.id: n.lane for n in process.nodes}
    out = process.outgoing()
    sides: dict[tuple[str, str], list[FlowNode]] = {}
    for node in process.nodes:
        if node.kind is Kind.BOUNDARY and node.attached_to:
            side = "top"
            if node.timer is None:
                target = next((f.target for f in out.get(node.id, [])), None)
                above = target is not None and lanes[target] < lanes[node.attached_to]
                side = "top" if above else "bottom"
            sides.setdefault((node.attached_to, side), []).append(node)
    return sides


def _sub_processes(
    process: Process, sides: dict[tuple[str, str], list[FlowNode]]
) -> dict[str, tuple[tuple[int, int], dict[str, Box]]]:
    """Each event sub-process's size and its nodes' boxes from its corner: a row, start
    to end, in the order of the flows, with room above for timers' names."""
    out: dict[str, tuple[tuple[int, int], dict[str, Box]]] = {}
    for sub in (n for n in process.nodes if n.kind is Kind.EVENT_SUBPROCESS):
        row = [n for n in process.nodes if n.inside == sub.id and _laid_out(n)]
        timers = [e for n in row for e in sides.get((n.id, "top"), [])]
        above = max((_hanging(e) for e in timers), default=0)
        tallest = max(shape_size(n)[1] for n in row)
        below = max(
            (label_size(n.name)[1] for n in row if n.kind in _EXTERNAL and n.name), default=0
        )
        placed: dict[str, Box] = {}
        x = SUB_PAD + (LABEL_WIDTH - EVENT) // 2  # room for the start event's label
        for node in row:
            w, h = shape_size(node)
            placed[node.id] = Box(x, SUB_PAD + LABEL_LINE + above + (tallest - h) // 2, w, h)
            x += w + 2 * GAP
        height = SUB_PAD * 2 + LABEL_LINE + above + tallest + below
        out[sub.id] = ((x - 2 * GAP + SUB_PAD, height), placed)
    return out


def _dot_centres(
    process: Process, top: list[FlowNode], rooms: dict[str, tuple[int, int]]
) -> dict[str, tuple[float, float]]:
    """Graphviz's centre of every top-level node, y downwards."""
    names = {node.id: f"n{i}" for i, node in enumerate(top)}
    host = {n.id: n.attached_to for n in process.nodes if n.attached_to}
    lanes = len(process.lanes)
    chart = Chart("", "", [(" ", "")] * lanes, roles=[None] * lanes)
    chart.nodes = [Node(names[n.id], NodeKind.STEP, n.lane) for n in top]
    for flow in process.flows:
        source = host.get(flow.source, flow.source)
        if source in names and flow.target in names:
            kind = LinkKind.BACK if flow.back else LinkKind.FLOW
            chart.links.append(Link(names[source], names[flow.target], kind))
    columns = ranks(chart)
    lanes_of = {node.name: node.lane for node in chart.nodes}
    last = max(columns.values()) + 1
    for node in top:  # event sub-processes stand after the flow
        if node.kind is Kind.EVENT_SUBPROCESS:
            columns[names[node.id]] = last
    if len(top) > MOST_NODES:  # too many for `dot` in reasonable time
        by_name = {names[n.id]: n.id for n in top}
        cells = {by_name[name]: (column, lanes_of[name]) for name, column in columns.items()}
        return _grid_centres(cells, rooms)
    sizes = {names[i]: (float(w), float(h)) for i, (w, h) in rooms.items()}
    sizes.update((f"lane{i}", LANE_NAME) for i in range(lanes))
    grid = place(chart, "LR", sizes, columns)
    return {
        node_id: (grid.centre(name)[0], -grid.centre(name)[1]) for node_id, name in names.items()
    }


def _grid_centres(
    cells: dict[str, tuple[int, int]], rooms: dict[str, tuple[int, int]]
) -> dict[str, tuple[float, float]]:
    """Centres on a plain grid, y downwards: a column per rank as wide as its widest
    shape, a lane as high as its fullest column, the shapes of one cell one under the
    other. For a process too large for `dot` (MOST_NODES): a diagram still, plainer."""
    widest: dict[int, int] = {}
    stacked: dict[tuple[int, int], list[str]] = {}
    for node_id, (column, lane) in sorted(cells.items(), key=lambda item: item[1]):
        widest[column] = max(widest.get(column, 0), rooms[node_id][0])
        stacked.setdefault((column, lane), []).append(node_id)
    pitch = max(h for _, h in rooms.values()) + 2 * GAP
    xs, x = {}, 0.0
    for column in sorted(widest):
        xs[column], x = x + widest[column] / 2, x + widest[column] + 2 * GAP
    rows = {
        lane: max(len(ids) for (_, at), ids in stacked.items() if at == lane) for _, lane in stacked
    }
    tops, y = {}, 0.0
    for lane in sorted(rows):
        tops[lane], y = y, y + rows[lane] * pitch
    return {
        node_id: (xs[column], tops[lane] + (index + 0.5) * pitch)
        for (column, lane), ids in stacked.items()
        for index, node_id in enumerate(ids)
    }


def _place_events(
    sides: dict[tuple[str, str], list[FlowNode]],
    shapes: dict[str, Box],
    labels: dict[str, Box],
    hosts: list[FlowNode],
    overdue: dict[str, FlowNode],
) -> None:
    """The boundary events of `hosts` on their edges, spread evenly, each name beside
    its event outside the task; a timer's end event above the timer."""
    for host_node in hosts:
        host = shapes[host_node.id]
        for side in ("top", "bottom"):
            events = sides.get((host_node.id, side), [])
            y = host.y if side == "top" else host.bottom
            pitch = host.w / max(1, len(events))
            for k, event in enumerate(events):
                x = host.x + round(pitch * k + min(pitch / 2, EVENT))
                box = shapes[event.id] = Box(x - EVENT // 2, y - EVENT // 2, EVENT, EVENT)
                w, h = label_size(event.name, EVENT_LABEL)
                label_y = y - 4 - h if side == "top" else y + 4
                labels[event.id] = Box(box.right + 2, label_y, w, h)
                if (late := overdue.get(event.id)) is not None:
                    end = Box(box.x, box.y - GAP - EVENT, EVENT, EVENT)
                    shapes[late.id] = end
                    w, h = label_size(late.name, EVENT_LABEL)
                    labels[late.id] = Box(end.right + 2, end.cy - h // 2, w, h)


def _place_names(shapes: dict[str, Box], labels: dict[str, Box], nodes: list[FlowNode]) -> None:
    """The names of events and gateways, under them (where modelers put them)."""
    for node in nodes:
        if node.kind in _EXTERNAL and _laid_out(node) and node.name:
            box, (w, h) = shapes[node.id], label_size(node.name)
            labels[node.id] = Box(box.cx - w // 2, box.bottom + 4, w, h)


def _bands(process: Process, shapes: dict[str, Box], labels: dict[str, Box]) -> list[Box]:
    """The lanes' bands, top to bottom, around their shapes and labels; a lane that comes
    too close to the one above moves down with every lane below it. The pool starts at 0."""
    members: dict[int, list[str]] = {}
    for node in process.nodes:
        if node.id in shapes:
            members.setdefault(node.lane, []).append(node.id)

    def extent(lane: int) -> tuple[int, int] | None:
        boxes = [b for i in members.get(lane, []) for b in (shapes[i], labels.get(i)) if b]
        return (min(b.y for b in boxes), max(b.bottom for b in boxes)) if boxes else None

    def move(lane: int, dy: int) -> None:  # this lane and those below
        for k, ids in members.items():
            if k >= lane:
                for i in ids:
                    shapes[i] = shapes[i].moved(0, dy)
                    if i in labels:
                        labels[i] = labels[i].moved(0, dy)

    first = extent(0)
    if first is not None:
        move(0, MARGIN - first[0])
    bands: list[Box] = []
    y = 0
    for lane in range(len(process.lanes)):
        span = extent(lane)
        if span is None:  # no shape of its own (a role only inside a sub-process)
            bands.append(Box(0, y, 0, 2 * MARGIN + TASK_HEIGHT // 2))
            y = bands[-1].bottom
            continue
        if span[0] - MARGIN < y:
            move(lane, y + MARGIN - span[0])
            span = extent(lane)
            assert span is not None
        nxt = next((e for k in range(lane + 1, len(process.lanes)) if (e := extent(k))), None)
        end = span[1] + MARGIN
        if nxt is not None and nxt[0] - MARGIN > end:  # share the gap with the next lane
            end = (span[1] + nxt[0]) // 2
        bands.append(Box(0, y, 0, end - y))
        y = end
    return bands
