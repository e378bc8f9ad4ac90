"""The swimlane chart as Mermaid (`flowchart LR`, a subgraph per role), for previews
in GitHub and GitLab, which render Mermaid in Markdown but not DOT.

It is drawn from the same chart model as the DOT, so both show the same nodes
and edges. Mermaid lays subgraphs out itself, so lanes are boxes, not aligned
bands. Node ids are generated (`n_s0`, never `end`, a Mermaid keyword), and
every label is quoted with the characters Mermaid or HTML would read
(`" # & < > | \\ % ``) written as `#code;` entities.
"""

from __future__ import annotations

from collections.abc import Mapping

from sopc.model.base import RoleDef
from sopc.model.sop import SOP
from sopc.render.labels import clean, wrap
from sopc.render.swimlane import LinkKind, Node, NodeKind, build_chart

__all__ = ["flowchart_mermaid", "mermaid_text"]

_ENTITIES = {
    "#": "#35;",
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "\\": "#92;",
    "`": "#96;",
    "%": "#37;",  # `%%` starts a comment
}
_SHAPES: dict[NodeKind, str] = {
    NodeKind.START: '(["{}"])',
    NodeKind.END: '(["{}"])',
    NodeKind.STEP: '["{}"]',
    NodeKind.DECISION: '{{"{}"}}',
    NodeKind.HANDOFF: '>"{}"]',
    NodeKind.EXCEPTION: '("{}")',
    NodeKind.ESCALATION: '["{}"]',
    NodeKind.ANY: '(["{}"])',
    NodeKind.CONNECTOR: '(("{}"))',  # only in charts split over pages, never drawn here
    NodeKind.SPLIT: '[" "]',
    NodeKind.JOIN: '[" "]',
}
_ARROWS: dict[LinkKind, str] = {
    LinkKind.FLOW: "-->",
    LinkKind.BACK: "-->",
    LinkKind.EXCEPTION: "-.->",
    LinkKind.ESCALATION: "-.->",
}
# the classDef of each class, and the kinds of node in it (control points by their flag)
_CLASSES = {
    "control": "stroke:#c62828,stroke-width:2px",
    "decision": "fill:#fff8e1,stroke:#8d6e00",
    "exception": "fill:#fff3e0,stroke:#e65100,stroke-dasharray:4 3",
    "escalation": "fill:#fbe9e7,stroke:#bf360c,stroke-dasharray:4 3",
    "handoff": "fill:#e3f2fd,stroke:#1565c0",
    "bar": "fill:#263238,stroke:#263238",
}
_MEMBERS: dict[str, tuple[NodeKind, ...]] = {
    "decision": (NodeKind.DECISION,),
    "exception": (NodeKind.EXCEPTION, NodeKind.ANY),
    "escalation": (NodeKind.ESCALATION,),
    "handoff": (NodeKind.HANDOFF,),
    "bar": (NodeKind.SPLIT, NodeKind.JOIN),
}


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: one line, special characters as entities."""
    return "".join(_ENTITIES.get(c, c) for c in " ".join(clean(text).split("\n")))


def _label(node: Node, separator: str) -> str:
    lines = [mermaid_text(line) for line in wrap(node.title, 24)] if node.title else []
    if node.control:
        lines[0] = "⚑ " + lines[0]
    if node.question:  # a decision: its step's title, then the question
        lines += [mermaid_text(line) for line in wrap(node.question, 24)]
    if node.limits:
        lines.append(mermaid_text(separator.join(node.limits)))
    return "<br/>".join(lines)


def flowchart_mermaid(sop: SOP, roles: Mapping[str, RoleDef], *, language: str = "zh-CN") -> str:
    """The SOP's swimlane chart as a Mermaid `flowchart LR` with a subgraph per role."""
    chart = build_chart(sop, roles, language, lambda step_id: "", lambda sop_id: "")
    out = ["flowchart LR", f"  %% {mermaid_text(chart.title)}"]
    for i, (name, department) in enumerate(chart.lanes):
        title = mermaid_text(name)
        if department:
            title += mermaid_text(chart.separator) + mermaid_text(department)
        out.append(f'  subgraph lane{i}["{title}"]')
        out += [
            f"    n_{node.name}{_SHAPES[node.kind].format(_label(node, chart.separator))}"
            for node in chart.lane_nodes(i)
        ]
        out.append("  end")
    for link in chart.links:
        arrow = _ARROWS[link.kind]
        label = f'|"{mermaid_text(link.label)}"|' if link.label else ""
        out.append(f"  n_{link.tail} {arrow}{label} n_{link.head}")
    for name, style in _CLASSES.items():
        if members := [n.name for n in chart.nodes if _in_class(n, name)]:
            out.append(f"  classDef {name} {style}")
            out.append(f"  class {','.join('n_' + m for m in members)} {name}")
    return "\n".join(out) + "\n"


def _in_class(node: Node, name: str) -> bool:
    return node.control if name == "control" else node.kind in _MEMBERS[name]
