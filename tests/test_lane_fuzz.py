"""Random charts keep their lanes: every node of every generated SOP sits inside its
own lane, in both directions, and the lane lines are straight (real `dot`)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from benchmarks.generate import generate
from sopc.render.dot import render_many
from sopc.render.graphviz import chart_dot
from sopc.render.paper import DIRECTIONS
from tests.test_chart_direction import charts_of
from tests.test_flowchart import lane_lines, points, svg_nodes

SEEDS = (3, 11)  # 2 × 20 generated SOPs: 10–30 steps, 12 roles, loops, parallel splits


@pytest.mark.parametrize("seed", SEEDS)
def test_every_node_stays_in_its_lane(tmp_path: Path, seed: int) -> None:
    drawn = charts_of(generate(20, tmp_path, seed=seed))
    sources = {f"{i} {d}": chart_dot(c, d) for i, c in drawn.items() for d in DIRECTIONS}
    svgs = {name: ET.fromstring(svg) for name, svg in render_many(sources).items()}
    violations = []
    for name, svg in svgs.items():
        sop_id, direction = name.split()
        across = 1 if direction == "LR" else 0  # lanes are rows (LR) or columns (TB)
        lines = lane_lines(svg, across)
        chart = drawn[sop_id]
        assert len(lines) == len(chart.lanes) + 1, name
        assert len({span for _, span in lines}) == 1, name  # all of one length
        edges = sorted(at for at, _ in lines)  # lane 0 first: at the top (LR), the left (TB)
        nodes = svg_nodes(svg)
        for node in chart.nodes:
            at = [p[across] for p in points(nodes[node.name])]
            if not edges[node.lane] < min(at) <= max(at) < edges[node.lane + 1]:
                violations.append((name, node.name, node.lane))
    assert violations == []
