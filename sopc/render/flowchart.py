"""The SOP's swimlane flowchart as DOT: the chart model (`sopc.render.swimlane`)
drawn by the DOT writer (`sopc.render.graphviz`).

Only this module knows both, so neither imports the other and the Mermaid
writer, which draws the same model, never loads the DOT one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sopc.model.base import RoleDef
from sopc.model.sop import SOP
from sopc.render.dot import render_many
from sopc.render.graphviz import Drawing, lay_out
from sopc.render.swimlane import build_chart

__all__ = ["flowchart_dot"]


def flowchart_dot(
    sop: SOP,
    roles: Mapping[str, RoleDef],
    *,
    direction: str = "LR",
    language: str = "zh-CN",
    titled: bool = False,
    step_href: Callable[[str], str] = lambda step_id: f"#step-{step_id}",
    sop_href: Callable[[str], str] = lambda sop_id: f"{sop_id}.html",
) -> str:
    """The DOT source of the SOP's swimlane chart, lanes left to right (`LR`) or top
    to bottom (`TB`); `titled` puts the SOP's id, title and version on top. Graphviz
    measures the nodes first, so it must be there."""
    if direction not in ("LR", "TB"):
        raise ValueError(f"flow direction must be LR or TB, got {direction!r}")
    chart = build_chart(sop, roles, language, step_href, sop_href)
    drawing = Drawing(chart, direction, titled=titled)
    laid = lay_out({"chart": drawing}, lambda dots: render_many(dots, "plain", jobs=1))
    return laid["chart"].dot
