"""The swimlane chart as DOT: its syntax (where things go: grid.py; label text:
labels.py; running Graphviz: dot.py; the SVG tidied and read back: svg.py).

Two passes. Graphviz measures the nodes (their labels' text, set with Pango) in a
DOT of the nodes alone (`sizing_dot`, read back by `measured`); sopc places them
(sopc.render.grid); the DOT then written (`chart_dot`) gives every node its size
and place and every link its spline, and Graphviz's `nop2` layout only draws.
The lane lines are edges between invisible points, one per lane boundary and three
across (the frame's sides, the line right of the lane names): svg.py merges them
into one path. Where the columns lie goes with the DOT as data (`Laid`).

Compactness. A printed chart keeps its smallest text at 7 pt (sopc.render.paper),
so every point of its size counts: a branch's answer sits at the decision's end of
its edge, not in its middle; nodes wrap wide and low where lanes are rows (LR),
narrow where they are columns (TB); font sizes sit close together.

Escaping. SOP text reaches DOT only in HTML-like labels, XML-escaped and with
backslashes doubled (`dot` still expands `\\N`, `\\G`, `\\E` in them), or in
quoted strings with quotes and backslashes escaped; node names are generated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sopc.render.grid import FIRST_COLUMN, RANKSEP, place, ranks
from sopc.render.labels import clean, text_width, wrap
from sopc.render.splines import splines
from sopc.render.svg import FONT_FAMILY, FONT_NAME, WORD_JOINER
from sopc.render.swimlane import Chart, LinkKind, Node, NodeKind

__all__ = [
    "FONT_FAMILY",
    "MOST_NODES",
    "SMALLEST_PT",
    "Drawing",
    "Laid",
    "Measure",
    "chart_dot",
    "html_text",
    "lay_out",
    "least_width",
    "measured",
    "quoted",
    "sizing_dot",
]

# -- DOT -----------------------------------------------------------------------------

_ENTITY_LIKE = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")


def _defuse(text: str) -> str:
    """Graphviz writes an `&` that starts something entity-like (`&amp;`) into SVG
    unescaped, so the text would change meaning: a zero-width word joiner after
    such an `&` stops that, and the SVG post-processing takes it out again."""
    text = clean(text)
    return _ENTITY_LIKE.sub("&" + WORD_JOINER, text) if "&" in text else text


def html_text(text: str) -> str:
    """Text for an HTML-like label: XML-escaped, and backslashes doubled because
    Graphviz still expands `\\N`, `\\G`, `\\E` inside HTML labels."""
    escaped = _defuse(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("'", "&#39;").replace("\\", "\\\\")
    return escaped.replace("\n", "<BR/>")


def quoted(text: str, *, expanded: bool = False) -> str:
    """A DOT quoted string. `expanded` attributes (tooltips) pass backslashes through
    escape processing twice, so each literal backslash needs four."""
    body = _defuse(text).replace("\\", "\\\\\\\\" if expanded else "\\\\")
    return '"' + body.replace('"', '\\"').replace("\n", "\\n") + '"'


# Font sizes (pt at natural size). Paper pages hold the printed size of the smallest,
# SMALLEST_PT × scale, at or above their floor, so the sizes sit close together: a
# wide spread would shrink the big text for the sake of the small.
TEXT_PT = 10  # step titles, lane names, start and end
SMALL_PT = 9  # time limits, questions, departments, branch labels, escalations, connectors
SMALLEST_PT = min(TEXT_PT, SMALL_PT)
# columns (a CJK character is two) a node's title wraps at: nodes are wide and low
# when lanes are rows (LR), narrow and high when lanes are columns (TB)
WRAP = {"LR": 20, "TB": 12}

_BAR = 'shape=box style=filled fillcolor="#263238" color="#263238" label="" fixedsize=true'
_STYLE: dict[NodeKind, str] = {
    NodeKind.START: 'shape=box style="rounded,filled" fillcolor="#e8f5e9" color="#2e7d32"'
    " height=0.3",
    NodeKind.END: 'shape=box style="rounded,filled" fillcolor="#37474f" color="#37474f"'
    " fontcolor=white height=0.3",
    NodeKind.STEP: 'shape=box style="rounded,filled" fillcolor=white',
    NodeKind.DECISION: 'shape=diamond style=filled fillcolor="#fff8e1" color="#8d6e00"'
    ' margin="0.02,0.02"',
    NodeKind.HANDOFF: 'shape=cds style=filled fillcolor="#e3f2fd" color="#1565c0"'
    ' fontcolor="#0d47a1"',
    NodeKind.EXCEPTION: 'shape=box style="rounded,filled,dashed" fillcolor="#fff3e0"'
    ' color="#e65100"',
    NodeKind.ESCALATION: 'shape=box style="filled,dashed" fillcolor="#fbe9e7" color="#bf360c"'
    f" fontsize={SMALL_PT}",
    NodeKind.ANY: 'shape=box style="rounded,dashed" color="#e65100" fontcolor="#e65100"'
    f" fontsize={SMALL_PT} height=0.3",
    NodeKind.CONNECTOR: 'shape=circle style=filled fillcolor="#eceff1" color="#37474f"'
    f" fixedsize=true width=0.3 margin=0 fontsize={SMALL_PT}",
    NodeKind.SPLIT: _BAR,
    NodeKind.JOIN: _BAR,
}
_BARS = (NodeKind.SPLIT, NodeKind.JOIN)
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
    nodes = {name: _nodes(d.chart, d.direction) for name, d in drawings.items()}
    wanted = {name: [*nodes[name], *_answers(d.chart)] for name, d in drawings.items()}
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


def _answers(chart: Chart) -> list[tuple[str, str]]:
    """Each branch's answer as a node to measure (`a{link index}`): its room."""
    return [
        (
            f"a{index}",
            f"shape=plaintext margin=0 width=0.01 height=0.01 fontsize={SMALL_PT}"
            f" label=<{_answer(link.label)}>",
        )
        for index, link in enumerate(chart.links)
        if link.label
    ]


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


def chart_dot(
    chart: Chart,
    direction: str,
    sizes: Mapping[str, tuple[float, float]],
    *,
    titled: bool = False,
    columns: Mapping[str, int] | None = None,
) -> str:
    """The chart as DOT for Graphviz to draw, every node, lane line and link where
    sopc.render.grid places it: `sizes` are the nodes', lane names' (`lane{i}`) and
    branch answers' (`a{link index}`) widths and heights in inches (`measured`),
    `columns` the nodes' ranks unless computed."""
    drawing = Drawing(chart, direction, columns, titled)
    return _laid(drawing, sizes, _nodes(chart, direction)).dot


def _laid(
    drawing: Drawing, sizes: Mapping[str, tuple[float, float]], nodes: Sequence[tuple[str, str]]
) -> Laid:
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
            attrs += f" {end}label=<{_answer(link.label)}>"
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


def _nodes(chart: Chart, direction: str) -> list[tuple[str, str]]:
    """Every lane name's and node's name and DOT attributes, in drawing order."""
    bar = "width=0.07 height=0.55" if direction == "LR" else "width=0.55 height=0.07"
    widest = max(text_width(name) for name, _ in chart.lanes)
    found = []
    for i, (name, department) in enumerate(chart.lanes):
        label = f"<B>{html_text(name)}</B>"
        if department:
            label += f'<BR/><FONT POINT-SIZE="{SMALL_PT}">{html_text(department)}</FONT>'
        # one width for the column of names (LR); each its own where they head columns
        width = _lane_width(widest if direction == "LR" else text_width(name))
        found.append(
            (
                f"lane{i}",
                f'label=<{label}> shape=box style=filled fillcolor="#e3e9ee"'
                f' color="#e3e9ee" width={width:.2f} height=0.3 margin="0.05,0.03"',
            )
        )
    for node in chart.nodes:
        found.append((node.name, _node_attrs(node, bar, chart.separator, WRAP[direction])))
    return found


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
    widest = {1: _lane_width(max(text_width(name) for name, _ in chart.lanes))}  # names
    for node in chart.nodes:
        least = _FIXED_WIDTH.get(node.kind, _LEAST_WIDTH)
        widest[column[node.name]] = max(widest.get(column[node.name], 0.0), least)
    gaps = max(column.values()) + 1  # columns 0 to last, which is one past the nodes'
    return 72 * (sum(widest.values()) + gaps * RANKSEP / 72)


def _lane_width(columns: int) -> float:
    """A lane name's box width (inches) for a name of `columns` columns."""
    return columns * 0.075 + 0.16


def _answer(text: str) -> str:
    """A branch's answer as label text (where it goes: sopc.render.splines)."""
    return "<BR/>".join(html_text(line) for line in wrap(text, 14))


def _node_attrs(node: Node, bar: str, separator: str, wrap_at: int) -> str:
    style = _STYLE[node.kind]
    if node.kind in _BARS:
        return f"{style} {bar}"
    if node.kind is NodeKind.CONNECTOR:
        return f"{style} label=<<B>{html_text(node.title)}</B>>"
    width = min(12, wrap_at) if node.kind in (NodeKind.ANY, NodeKind.ESCALATION) else wrap_at
    text = node.title + node.question
    if node.kind is NodeKind.DECISION:  # a diamond looks best about twice as wide as high
        width = max(12, min(wrap_at + 4, round((12 * text_width(text)) ** 0.5)))
    label = "<BR/>".join(html_text(line) for line in wrap(node.title, width))
    if node.control:
        label = f'<FONT COLOR="#c62828">⚑</FONT> {label}'
        style += ' color="#c62828" penwidth=1.8'
    if node.question:
        question = "<BR/>".join(html_text(line) for line in wrap(node.question, width))
        label += f'<BR/><FONT POINT-SIZE="{SMALL_PT}" COLOR="#6d4c00">{question}</FONT>'
    if node.limits:
        small = "<BR/>".join(
            html_text(line) for line in _pack(node.limits, separator, max(width, 14))
        )
        label += f'<BR/><FONT POINT-SIZE="{SMALL_PT}" COLOR="#546e7a">{small}</FONT>'
    attrs = f"{style} label=<{label}>"
    if node.href:
        attrs += f" URL={quoted(node.href)} target=_top"
    if node.anchor:
        attrs += f" id={quoted(node.anchor)}"
    if node.tooltip:
        attrs += f" tooltip={quoted(node.tooltip, expanded=True)}"
    return attrs


def _pack(limits: tuple[str, ...], separator: str, width: int) -> list[str]:
    """The time limit, broken into lines only between its parts (cases)."""
    lines: list[str] = []
    for piece in limits:
        if lines and text_width(lines[-1] + separator + piece) <= width:
            lines[-1] += separator + piece
        else:
            lines.append(piece)
    return lines
