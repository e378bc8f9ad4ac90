"""Each node of a swimlane chart as DOT attributes (the chart's DOT as a whole:
graphviz.py): its shape and colours by kind, its label's lines, the lane names'
boxes and the branch answers measured for their room.

Escaping. SOP text reaches DOT only in HTML-like labels, XML-escaped and with
backslashes doubled (`dot` still expands `\\N`, `\\G`, `\\E` in them), or in
quoted strings with quotes and backslashes escaped; node names are generated.

Compactness. A printed chart keeps its smallest text at 7 pt (sopc.render.paper),
so every point of its size counts: nodes wrap wide and low where lanes are rows
(LR), narrow where they are columns (TB); font sizes sit close together.
"""

from __future__ import annotations

import re

from sopc.render.labels import clean, text_width, wrap
from sopc.render.svg import WORD_JOINER
from sopc.render.swimlane import Chart, Node, NodeKind

__all__ = [
    "SMALLEST_PT",
    "SMALL_PT",
    "TEXT_PT",
    "WRAP",
    "answer",
    "answer_nodes",
    "html_text",
    "lane_width",
    "node_attributes",
    "quoted",
]

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


def node_attributes(chart: Chart, direction: str) -> list[tuple[str, str]]:
    """Every lane name's and node's name and DOT attributes, in drawing order."""
    bar = "width=0.07 height=0.55" if direction == "LR" else "width=0.55 height=0.07"
    widest = max(text_width(name) for name, _ in chart.lanes)
    found = []
    for i, (name, department) in enumerate(chart.lanes):
        label = f"<B>{html_text(name)}</B>"
        if department:
            label += f'<BR/><FONT POINT-SIZE="{SMALL_PT}">{html_text(department)}</FONT>'
        # one width for the column of names (LR); each its own where they head columns
        width = lane_width(widest if direction == "LR" else text_width(name))
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


def answer_nodes(chart: Chart) -> list[tuple[str, str]]:
    """Each branch's answer as a node to measure (`a{link index}`): its room."""
    return [
        (
            f"a{index}",
            f"shape=plaintext margin=0 width=0.01 height=0.01 fontsize={SMALL_PT}"
            f" label=<{answer(link.label)}>",
        )
        for index, link in enumerate(chart.links)
        if link.label
    ]


def lane_width(columns: int) -> float:
    """A lane name's box width (inches) for a name of `columns` columns."""
    return columns * 0.075 + 0.16


def answer(text: str) -> str:
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
