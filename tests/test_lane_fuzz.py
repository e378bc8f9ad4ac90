"""Random charts keep their lanes: every node of every generated SOP sits inside its
own lane, in both directions, the lane lines are straight, and no link runs through
a node (sopc's layout, drawn by real Graphviz)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from benchmarks.generate import generate
from sopc.render.dot import render_many
from tests.test_chart_direction import charts_of, laid_out
from tests.test_flowchart import S, lane_lines, points, svg_nodes

SEEDS = (3, 11)  # 2 × 20 generated SOPs: 10–30 steps, 12 roles, loops, parallel splits
INSET = 1.5  # points: a link may touch a box's outline, not cross its inside


@pytest.fixture(scope="module", params=SEEDS)
def drawn(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    charts = charts_of(generate(20, tmp_path_factory.mktemp("fuzz"), seed=request.param))
    svgs = {name: ET.fromstring(svg) for name, svg in render_many(laid_out(charts)).items()}
    return {"charts": charts, "svgs": svgs}


def test_every_node_stays_in_its_lane(drawn: dict) -> None:
    violations = []
    for name, svg in drawn["svgs"].items():
        sop_id, direction = name.split()
        across = 1 if direction == "LR" else 0  # lanes are rows (LR) or columns (TB)
        lines = lane_lines(svg, across)
        chart = drawn["charts"][sop_id]
        assert len(lines) == len(chart.lanes) + 1, name
        assert len({span for _, span in lines}) == 1, name  # all of one length
        edges = sorted(at for at, _ in lines)  # lane 0 first: at the top (LR), the left (TB)
        nodes = svg_nodes(svg)
        for node in chart.nodes:
            at = [p[across] for p in points(nodes[node.name])]
            if not edges[node.lane] < min(at) <= max(at) < edges[node.lane + 1]:
                violations.append((name, node.name, node.lane))
    assert violations == []


def test_no_link_runs_through_a_node(drawn: dict) -> None:
    """Every link's curve, sampled, stays out of every box but its own two ends'."""
    crossed = []
    for name, svg in drawn["svgs"].items():
        boxes = {}
        for node, group in svg_nodes(svg).items():
            if not node.startswith("f"):  # the fences are points on the lane lines
                xs, ys = zip(*points(group), strict=True)
                boxes[node] = (min(xs) + INSET, min(ys) + INSET, max(xs) - INSET, max(ys) - INSET)
        for group in svg.iter(S + "g"):
            if group.get("class") != "edge":
                continue
            tail, head = group.findtext(S + "title", "").split("->")
            for path in group.iter(S + "path"):
                for x, y in samples(path.get("d", "")):
                    for node, (x0, y0, x1, y1) in boxes.items():
                        if node not in (tail, head) and x0 < x < x1 and y0 < y < y1:
                            crossed.append((name, tail, head, node))
    assert sorted(set(crossed)) == []


def samples(d: str) -> list[tuple[float, float]]:
    """Points along an SVG path of cubic Béziers (`M x,y C x,y x,y x,y ...`)."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
    pts = list(zip(numbers[::2], numbers[1::2], strict=True))
    found = []
    for i in range(0, len(pts) - 3, 3):
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = pts[i : i + 4]
        for k in range(11):
            t = k / 10
            u = 1 - t
            found.append(
                (
                    u**3 * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t**3 * dx,
                    u**3 * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t**3 * dy,
                )
            )
    return found
