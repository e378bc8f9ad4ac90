"""The swimlane chart as DOT (where things go: grid.py, splines.py; each node's
attributes and escaping: dot_nodes.py; running Graphviz: dot.py; the SVG tidied
and read back: svg.py).

Two passes. Graphviz measures the nodes (their labels' text, set with Pango) in a
DOT of the nodes alone (`sizing_dot`, read back by `measured`); sopc places them
(sopc.render.grid); the DOT then written (`lay_out`) gives every node its size
and place and every link its spline, and Graphviz's `nop2` layout only draws.
The lane lines are edges between invisible points, one per lane boundary and three
across (the frame's sides, the line right of the lane names): svg.py merges them
into one path. Where the columns lie goes with the DOT as data (`Laid`).

A branch's answer sits at the decision's end of its edge, not in its middle: a
printed chart keeps its smallest text at 7 pt (sopc.render.paper), so every point
of its size counts. SOP text is escaped by dot_nodes.py (`html_text`, `quoted`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sopc.render.dot_nodes import (
    SMALL_PT,
    SMALLEST_PT,
    TEXT_PT,
    answer,
    answer_nodes,
    html_text,
    lane_width,
    node_attributes,
    quoted,
)
from sopc.render.grid import FIRST_COLUMN, RANKSEP, place, ranks
from sopc.render.labels import text_width
from sopc.render.splines import splines
from sopc.render.svg import FONT_FAMILY, FONT_NAME
from sopc.render.swimlane import Chart, LinkKind, NodeKind

__all__ = [
    "FONT_FAMILY",
    "MOST_NODES",
    "SMALLEST_PT",
    "Drawing",
    "Laid",
    "Measure",
    "lay_out",
    "least_width",
    "measured",
    "sizing_dot",
]

_EDGE: dict[LinkKind, str] = {
    LinkKind.FLOW: "",
    LinkKind.BACK: "dir=back",  # written head to tail: laid out as a forward edge, drawn back
    LinkKind.EXCEPTION: 'style=dashed color="#e65100" arrowhead=vee',
    LinkKind.ESCALATION: 'style=dashed color="#bf360c" arrowhead=vee',
}
# a point shows no label, yet `dot` lays out its default one (`\N`) with Pango: 5% of a chart
_POINT = 'shape=point label=""'
_END = f"{_POINT} style=invis width=0.028 height=0.028"  # where a lane line ends
_LINE = 'arrowhead=none color="#90a4ae" penwidth=1.3 tailclip=false headclip=false'
MOST_NODES = 450
"""A chart with more nodes is not drawn: no page or sheet shows such a chart
legibly. The site and the documents then show none; BPMN lays it out on a plain
grid."""


@dataclass(frozen=True)
class Drawing:
    """A chart to draw: in which direction, on which columns (computed unless given),
    titled or not (a chart shown alone needs its title, one in the manual has its
    heading and caption)."""

    chart: Chart
    direction: str
    columns: Mapping[str, int] | None = None
    titled: bool = False


Measure = Callable[[Mapping[str, str]], Mapping[str, bytes]]
"""Graphviz's plain output (`-Tplain`) of each DOT source, by name."""


@dataclass(frozen=True)
class Laid:
    """A chart laid out: its DOT, which Graphviz draws as it stands, and where each of
    its columns lies along the flow (points; the SVG's, up to a shift: what
    sopc.render.paper measures a cut by)."""

    dot: str
    columns: tuple[float, ...]


def lay_out(drawings: Mapping[str, Drawing], measure: Measure) -> dict[str, Laid]:
    """Each drawing laid out for Graphviz only to draw: its nodes measured first (one
    `-Tplain` of their labels, `measure` running Graphviz), then placed on the grid
    (sopc.render.grid). A node written alike in several drawings (a lane name, the
    start, a bar) is measured once: in the first, by name, that has it."""
    nodes = {name: node_attributes(d.chart, d.direction) for name, d in drawings.items()}
    wanted = {name: [*nodes[name], *answer_nodes(d.chart)] for name, d in drawings.items()}
    first: dict[tuple[str, str], str] = {}  # (direction, attributes) → drawing measuring it
    own: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(drawings):
        direction = drawings[name].direction
        own[name] = [
            (n, a) for n, a in wanted[name] if first.setdefault((direction, a), name) == name
        ]
    sizing = {name: sizing_dot(drawings[name].direction, o) for name, o in own.items() if o}
    size_of: dict[tuple[str, str], tuple[float, float]] = {}
    for name, plain in measure(sizing).items():
        found = measured(plain)
        size_of.update(((drawings[name].direction, a), found[n]) for n, a in own[name])
    return {
        name: _laid(d, {n: size_of[d.direction, a] for n, a in wanted[name]}, nodes[name])
        for name, d in drawings.items()
    }


def sizing_dot(direction: str, nodes: Sequence[tuple[str, str]]) -> str:
    """DOT of nodes alone (name, attributes), all at one point: what Graphviz makes
    of their labels is their size."""
    out = _head(direction, "")
    out += [f'  {name} [{attrs} pos="0,0"]' for name, attrs in nodes]
    out.append("}")
    return "\n".join(out) + "\n"


def measured(plain: bytes) -> dict[str, tuple[float, float]]:
    """Each node's width and height (inches) from Graphviz's plain output: lines
    `node NAME X Y WIDTH HEIGHT ...`; the names are generated, so splitting at spaces
    is safe."""
    sizes = {}
    for line in plain.decode("utf-8").splitlines():
        if line.startswith("node "):
            _, name, _x, _y, width, height = line.split(" ", 6)[:6]
            sizes[name] = (float(width), float(height))
    return sizes


def _laid(
    drawing: Drawing, sizes: Mapping[str, tuple[float, float]], nodes: Sequence[tuple[str, str]]
) -> Laid:
    """The chart as DOT for Graphviz to draw, every node, lane line and link where
    sopc.render.grid places it: `sizes` are the nodes', lane names' (`lane{i}`) and
    branch answers' (`a{link index}`) widths and heights in inches (`measured`),
    `nodes` the nodes' attributes (`node_attributes`)."""
    chart, direction, titled = drawing.chart, drawing.direction, drawing.titled
    title = f" labelloc=t labeljust=l label=<<B>{html_text(chart.title)}</B>>" if titled else ""
    out = _head(direction, title)
    points = {name: (w * 72, h * 72) for name, (w, h) in sizes.items()}
    grid = place(chart, direction, points, drawing.columns)
    paths = splines(grid, chart, points)
    for name, attrs in nodes:
        width, height = sizes[name]
        x, y = grid.centre(name)
        out.append(
            f"  {name} [{attrs} width={width:.4f} height={height:.4f} fixedsize=true"
            f" pos={_at(x, y)}]"
        )
    lanes, last = len(chart.lanes), grid.last
    # each lane boundary one line, and the frame's sides and the line right of the
    # lane names: a line per column and boundary took Graphviz three times the chart
    lines = [((k, 0), (k, last)) for k in range(lanes + 1)]
    lines += [((0, r), (lanes, r)) for r in (0, 2, last)]
    # (invisible points at the lines' ends: a drawn point a column, for reading the
    # columns back from the SVG, took Graphviz a third of its time on the chart)
    for k, r in sorted({end for line in lines for end in line}):
        out.append(f"  f{k}_{r} [{_END} pos={_at(*grid.fence(k, r))}]")
    for a, b in lines:
        segment = _line(grid.fence(*a), grid.fence(*b))
        out.append(f"  f{a[0]}_{a[1]} -> f{b[0]}_{b[1]} [{_LINE} pos={segment}]")
    for index, link in enumerate(chart.links):
        attrs = _EDGE[link.kind]
        back = link.kind is LinkKind.BACK
        path = paths.get(index)
        if link.label:
            end = "head" if back else "tail"  # the decision's end
            attrs += f" {end}label=<{answer(link.label)}>"
            if path is not None and path[2] is not None:
                attrs += f" {end}_lp={_at(*path[2])}"
        if path is not None:
            attrs += f" pos={_spline(path[0], path[1], back)}"
        tail, head = (link.head, link.tail) if back else (link.tail, link.head)
        out.append(f"  {tail} -> {head}" + (f" [{attrs.strip()}]" if attrs else ""))
    out.append("}")
    return Laid("\n".join(out) + "\n", tuple(grid.middles))


def _head(direction: str, title: str) -> list[str]:
    font = quoted(FONT_NAME)
    return [
        "digraph sop {",
        # `rankdir` only says which way the chart was laid out: `nop2` draws, no more
        f"  graph [layout=nop2 rankdir={direction} splines=spline fontname={font} fontsize=14"
        " pad=0.08"
        f" outputorder=edgesfirst{title}]",
        f'  node [fontname={font} fontsize={TEXT_PT} color="#455a64" penwidth=1.2'
        ' margin="0.08,0.04"]',
        f'  edge [fontname={font} fontsize={SMALL_PT} color="#546e7a" fontcolor="#37474f"'
        " arrowsize=0.7]",
    ]


def _at(x: float, y: float) -> str:
    return f'"{x:.2f},{y:.2f}"'


def _line(a: tuple[float, float], b: tuple[float, float]) -> str:
    """A straight segment as the one Bézier piece Graphviz reads."""
    (x1, y1), (x2, y2) = a, b
    thirds = [(x1 + (x2 - x1) * t / 3, y1 + (y2 - y1) * t / 3) for t in range(4)]
    return '"' + " ".join(f"{x:.2f},{y:.2f}" for x, y in thirds) + '"'


def _spline(points: list[tuple[float, float]], tip: tuple[float, float], back: bool) -> str:
    """A link's spline with its arrowhead's tip: at the start for a link drawn back,
    else at the end."""
    text = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    return f'"{"s" if back else "e"},{tip[0]:.2f},{tip[1]:.2f} {text}"'


# a node's least width (inches) where `dot` may widen it to fit its label: its default
_LEAST_WIDTH = 0.75
_FIXED_WIDTH = {NodeKind.SPLIT: 0.07, NodeKind.JOIN: 0.07, NodeKind.CONNECTOR: 0.3}  # LR


def least_width(chart: Chart, direction: str) -> float:
    """A width in points that `dot`'s drawing of the chart cannot be narrower than,
    known without drawing it: where columns run across (LR), every column is at least
    as wide as its widest node's least width (a box grows to fit its label, never
    below `width`, 0.75 in unless fixed) and `dot` keeps `ranksep` between columns.
    Where lanes run across (TB) no such bound is kept here: 0. Lets a build skip
    drawing a direction that cannot win (sopc.render.paper.settled)."""
    if direction != "LR":
        return 0.0
    column = {name: rank + FIRST_COLUMN for name, rank in ranks(chart).items()}
    widest = {1: lane_width(max(text_width(name) for name, _ in chart.lanes))}  # names
    for node in chart.nodes:
        least = _FIXED_WIDTH.get(node.kind, _LEAST_WIDTH)
        widest[column[node.name]] = max(widest.get(column[node.name], 0.0), least)
    gaps = max(column.values()) + 1  # columns 0 to last, which is one past the nodes'
    return 72 * (sum(widest.values()) + gaps * RANKSEP / 72)
