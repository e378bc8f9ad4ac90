"""The swimlane chart as DOT: its syntax and the lane grid (label text: labels.py;
running `dot`: dot.py; the SVG tidied and read back: svg.py).

The grid. `dot` has no swimlanes, and clusters make poor ones: it reorders
clusters freely (flat edges between them do not hold, with or without
`newrank`), so lane order and alignment cannot be forced. Instead the columns
(ranks) are computed here and every column gets invisible fence nodes between
the lanes, chained in lane order by flat edges, which `dot` keeps in order
inside a rank; heavy edges join each fence to the next column's, keeping the
lane boundaries straight, and are drawn as the lane lines. So every lane spans
the whole chart, the lanes stay in order of first appearance and their names
sit in a column at the left (at the top for TB). Two details make `dot` keep
that order: a node with no neighbour on one side gets an invisible edge to the
fence there (the median step of `dot` moves such nodes past flat edges), and
invisible guard chains just outside the frame keep long edges and their
labels from taking a short cut around it.

Compactness. A printed chart keeps its smallest text at 7 pt (sopc.render.paper),
so every point of its size counts: a link within one lane is heavy (`dot` keeps it
straight and the lane low); a branch's answer sits at the decision's end of its edge,
not in its middle (a middle label doubles `dot`'s ranks, and every lane grows by the
virtual nodes between them); nodes wrap wide and low where lanes are rows (LR),
narrow where they are columns (TB); font sizes sit close together.

Escaping. SOP text reaches DOT only in HTML-like labels, XML-escaped and with
backslashes doubled (`dot` still expands `\\N`, `\\G`, `\\E` in them), or in
quoted strings with quotes and backslashes escaped; node names are generated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sopc.render.labels import clean, text_width, wrap
from sopc.render.svg import FONT_FAMILY, FONT_NAME, WORD_JOINER
from sopc.render.swimlane import Chart, LinkKind, Node, NodeKind

__all__ = [
    "FIRST_COLUMN",
    "FONT_FAMILY",
    "MOST_NODES",
    "SMALLEST_PT",
    "chart_dot",
    "html_text",
    "least_width",
    "quoted",
    "ranks",
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
_FENCE = f'{_POINT} width=0.028 height=0.028 penwidth=0 color="#90a4ae" fillcolor="#90a4ae"'
_GUARD = f"{_POINT} style=invis width=0.01"
_LINE = 'arrowhead=none color="#90a4ae" penwidth=1.3 tailclip=false headclip=false'
_LABEL_DISTANCE, _LABEL_ANGLE = 1.2, 50  # where a branch's answer sits, beside the diamond
_SAME_LANE = 6  # weight of a link within one lane: `dot` keeps it straight, the lane low
_RANKSEP = 0.22  # inches between columns: room for a branch's answer
FIRST_COLUMN = 3  # the DOT column of rank 0: frame, lane names and their line come first
MOST_NODES = 450
"""A chart with more nodes is not laid out by `dot`: the lane grid takes it ~2.5 s on
400 steps and minutes on 2,000 (it grows with about the cube), and no page or sheet
shows such a chart legibly. The site and the documents then show none; BPMN lays it
out on a plain grid."""


def ranks(chart: Chart) -> dict[str, int]:
    """Each node's column: the longest path to it from a node without predecessors,
    counting from 0; edges that close a loop do not count."""
    links = [link for link in chart.links if link.kind is not LinkKind.BACK]
    incoming: dict[str, int] = {n.name: 0 for n in chart.nodes}
    outgoing: dict[str, list[str]] = {}
    for link in links:
        incoming[link.head] += 1
        outgoing.setdefault(link.tail, []).append(link.head)
    rank = {n.name: 0 for n in chart.nodes}
    ready = [n.name for n in chart.nodes if incoming[n.name] == 0]
    while ready:
        name = ready.pop(0)
        for head in outgoing.get(name, []):
            rank[head] = max(rank[head], rank[name] + 1)
            incoming[head] -= 1
            if incoming[head] == 0:
                ready.append(head)
    return rank


def chart_dot(
    chart: Chart,
    direction: str,
    *,
    titled: bool = False,
    columns: Mapping[str, int] | None = None,
    sizes: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """Write the chart as DOT on a grid: columns (ranks, computed here unless given)
    and in every column invisible fence nodes between the lanes, chained in lane order
    by flat edges (which `dot` keeps in order) and along each lane boundary by heavy
    edges (which keep the boundaries straight); the boundaries are drawn as the lane
    lines. `titled` puts the chart's title on top: a chart shown alone needs it, one in
    the manual has its heading and caption. `sizes` fixes nodes' width and height
    (inches): a layout for another notation's shapes (BPMN)."""
    font = quoted(FONT_NAME)
    bar = "width=0.07 height=0.55" if direction == "LR" else "width=0.55 height=0.07"
    title = f" labelloc=t labeljust=l label=<<B>{html_text(chart.title)}</B>>" if titled else ""
    out = [
        "digraph sop {",
        f"  graph [rankdir={direction} newrank=true nodesep=0.08 ranksep={_RANKSEP} splines=spline"
        f" fontname={font} fontsize=14 pad=0.08 outputorder=edgesfirst{title}]",
        f'  node [fontname={font} fontsize={TEXT_PT} color="#455a64" penwidth=1.2'
        ' margin="0.08,0.04"]',
        f'  edge [fontname={font} fontsize={SMALL_PT} color="#546e7a" fontcolor="#37474f"'
        " arrowsize=0.7]",
    ]
    lanes = len(chart.lanes)
    given = columns if columns is not None else ranks(chart)
    column = {name: given[name] + FIRST_COLUMN for name in (n.name for n in chart.nodes)}
    last = max(column.values()) + 1
    cells: dict[tuple[int, int], list[str]] = {}
    for node in chart.nodes:
        cells.setdefault((column[node.name], node.lane), []).append(node.name)
    widest = max(text_width(name) for name, _ in chart.lanes)
    for i, (name, department) in enumerate(chart.lanes):
        label = f"<B>{html_text(name)}</B>"
        if department:
            label += f'<BR/><FONT POINT-SIZE="{SMALL_PT}">{html_text(department)}</FONT>'
        # one width for the column of names (LR); each its own where they head columns
        width = _lane_width(widest if direction == "LR" else text_width(name))
        out.append(
            f'  lane{i} [label=<{label}> shape=box style=filled fillcolor="#e3e9ee"'
            f' color="#e3e9ee" width={width:.2f} height=0.3 margin="0.05,0.03"]'
        )
        cells[(1, i)] = [f"lane{i}"]
        out.append(f"  f{i}_0 -> lane{i} -> f{i}_2 [style=invis weight=0]")
    drawn = [(k.head, k.tail) if k.kind is LinkKind.BACK else (k.tail, k.head) for k in chart.links]
    has_out = {tail for tail, head in drawn if tail != head}
    has_in = {head for tail, head in drawn if tail != head}
    for node in chart.nodes:
        attrs = _node_attrs(node, bar, chart.separator, WRAP[direction])
        if sizes and node.name in sizes:
            width, height = sizes[node.name]
            attrs += f" width={width:.3f} height={height:.3f} fixedsize=true"
        out.append(f"  {node.name} [{attrs}]")
        # `dot` keeps flat edges' order only for nodes with neighbours on both sides
        # (its median step skips the others), so sources and sinks get invisible ones
        col = column[node.name]
        if node.name not in has_in:
            out.append(f"  f{node.lane}_{col - 1} -> {node.name} [style=invis weight=0]")
        if node.name not in has_out:
            out.append(f"  {node.name} -> f{node.lane}_{col + 1} [style=invis weight=0]")
    for r in range(last + 1):
        # guards just outside the frame: leaving it then costs two more crossings,
        # which keeps long edges and their labels inside
        order = [f"gt{r}"]
        out.append(f"  gt{r} [{_GUARD}] gb{r} [{_GUARD}]")
        for k in range(lanes + 1):
            # the first lane's fences are drawn (column_positions reads them), the
            # others not: an SVG element each, for a dot under a line
            out.append(f"  f{k}_{r} [{_FENCE}{'' if k == 0 else ' style=invis'}]")
            order.append(f"f{k}_{r}")
            order += cells.get((r, k), []) if k < lanes else []
        order.append(f"gb{r}")
        out.append(f"  {{rank=same {' '.join(order)}}}")
        if r in (0, 2, last):  # the frame's sides and the line right of the lane names
            fences = " -> ".join(f"f{k}_{r}" for k in range(lanes + 1))
            out.append(f"  gt{r} -> f0_{r} [style=invis] {fences} [{_LINE}]")
            out.append(f"  f{lanes}_{r} -> gb{r} [style=invis]")
        else:
            out.append(f"  {' -> '.join(order)} [style=invis]")
        if r < last:
            out.append(f"  gt{r} -> gt{r + 1} [style=invis weight=100]")
            out.append(f"  gb{r} -> gb{r + 1} [style=invis weight=100]")
            out += [f"  f{k}_{r} -> f{k}_{r + 1} [{_LINE} weight=100]" for k in range(lanes + 1)]
    lane_of = {node.name: node.lane for node in chart.nodes}
    for link in chart.links:
        attrs = _EDGE[link.kind]
        back = link.kind is LinkKind.BACK
        if link.label:
            attrs += " " + _branch_label(link.label, back, lane_of[link.head] <= lane_of[link.tail])
        if lane_of[link.tail] == lane_of[link.head]:
            attrs += f" weight={_SAME_LANE}"
        tail, head = (link.head, link.tail) if back else (link.tail, link.head)
        out.append(f"  {tail} -> {head}" + (f" [{attrs.strip()}]" if attrs else ""))
    out.append("}")
    return "\n".join(out) + "\n"


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
    return 72 * (sum(widest.values()) + gaps * _RANKSEP)


def _lane_width(columns: int) -> float:
    """A lane name's box width (inches) for a name of `columns` columns."""
    return columns * 0.075 + 0.16


def _branch_label(text: str, back: bool, toward_first_lane: bool) -> str:
    """A branch's answer beside the decision's end of its edge: as a label at the
    edge's middle it would double `dot`'s ranks and make every lane taller. Turned
    away from the diamond, which would cover it: to the side of the lanes the edge
    heads away from (the rotation turns the other way at an edge's head)."""
    label = "<BR/>".join(html_text(line) for line in wrap(text, 14))
    angle = _LABEL_ANGLE if toward_first_lane != back else -_LABEL_ANGLE
    end = "head" if back else "tail"
    return f"{end}label=<{label}> labeldistance={_LABEL_DISTANCE} labelangle={angle}"


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
