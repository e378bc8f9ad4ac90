"""The BPMN file's diagram: every node inside its lane, every flow drawn orthogonally
from edge to edge; and bpmn-js, the viewer of bpmn.io and Camunda Modeler, drawing
every element in Chromium (from tests/node/node_modules, offline)."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from tests.bpmn_clients import NODE_FOLDER, NS
from tests.bpmn_exports import FLOW_NODES, attr, bounds, on_border, within
from tests.browser import open_page, screenshot


def test_every_node_sits_in_its_lane_and_every_flow_is_drawn(exported: dict[str, Path]) -> None:
    for sop_id, path in exported.items():
        root = etree.parse(str(path)).getroot()
        plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
        process = root.find("bpmn:process", NS)
        assert plane is not None
        assert process is not None
        collaboration = root.find("bpmn:collaboration", NS)
        assert collaboration is not None
        assert plane.get("bpmnElement") == collaboration.get("id")
        participant = collaboration.find("bpmn:participant", NS)
        assert participant is not None
        pool = bounds(plane, attr(participant, "id"))
        shapes = {
            attr(e, "id"): bounds(plane, attr(e, "id"))
            for e in process.iter()
            if etree.QName(e).localname in FLOW_NODES
        }
        for lane in process.iter(f"{{{NS['bpmn']}}}lane"):
            band = bounds(plane, attr(lane, "id"))
            assert within(band, pool), sop_id
            for ref in lane.findall("bpmn:flowNodeRef", NS):
                assert within(shapes[str(ref.text)], band), f"{sop_id}: {ref.text} outside its lane"
        for sub in process.iter(f"{{{NS['bpmn']}}}subProcess"):
            for inner in sub:
                if (
                    etree.QName(inner).localname in FLOW_NODES
                    and inner.get("attachedToRef") is None
                ):
                    assert within(shapes[attr(inner, "id")], shapes[attr(sub, "id")]), sop_id
        for event in process.iter(f"{{{NS['bpmn']}}}boundaryEvent"):  # centred on an edge
            x, y, w, h = shapes[attr(event, "id")]
            hx, hy, hw, hh = shapes[attr(event, "attachedToRef")]
            assert hx <= x + w / 2 <= hx + hw, sop_id
            assert y + h / 2 in (hy, hy + hh), sop_id
        for flow in process.iter(f"{{{NS['bpmn']}}}sequenceFlow"):
            edges = plane.findall(f"bpmndi:BPMNEdge[@bpmnElement='{attr(flow, 'id')}']", NS)
            assert len(edges) == 1, f"{sop_id}: {flow.get('id')}"
            points = [
                (float(attr(p, "x")), float(attr(p, "y")))
                for p in edges[0].findall("di:waypoint", NS)
            ]
            assert len(points) >= 2
            for x, y in points:  # inside the pool
                assert pool[0] <= x <= pool[0] + pool[2], f"{sop_id}: {flow.get('id')}"
                assert pool[1] <= y <= pool[1] + pool[3], f"{sop_id}: {flow.get('id')}"
            for (x1, y1), (x2, y2) in pairwise(points):
                assert x1 == x2 or y1 == y2, f"{sop_id}: {flow.get('id')} not orthogonal"
            for point, end in ((points[0], "sourceRef"), (points[-1], "targetRef")):
                assert on_border(point, shapes[attr(flow, end)]), (
                    f"{sop_id}: {flow.get('id')} does not touch its {end}"
                )


def test_bpmn_js_draws_every_element(
    browser: object, exported: dict[str, Path], tmp_path: Path
) -> None:
    """bpmn-js (from tests/node/node_modules, offline) imports the file without a warning
    and draws every flow node, flow, lane and the pool."""
    if not (NODE_FOLDER / "node_modules" / "bpmn-js" / "dist").is_dir():
        pytest.fail("bpmn-js missing: `make test` installs it (tests/node/)")
    for sop_id in ("CS-001", "GEN-040"):
        data = exported[sop_id].read_bytes()
        open_page(browser, NODE_FOLDER / "viewer.html", 1800, 1000)  # type: ignore[arg-type]
        shown = browser.execute_async_script(  # type: ignore[attr-defined]
            "window.show(arguments[0]).then(arguments[1], e => arguments[1]({error: String(e)}))",
            data.decode("utf-8"),
        )
        assert "error" not in shown, shown
        assert shown["warnings"] == [], sop_id
        ids = set(
            etree.fromstring(data).xpath(
                "//bpmn:process/descendant::*/@id | //bpmn:participant/@id", namespaces=NS
            )
        )
        drawable = {
            i
            for i in ids
            if not i.endswith(("_message", "_timer")) and not i.startswith("LaneSet_")
        }
        assert drawable <= set(shown["drawn"]), sop_id
        picture = screenshot(browser, tmp_path / f"{sop_id}.png")  # type: ignore[arg-type]
        assert picture.stat().st_size > 20_000  # a drawing, not an empty page
    shutil.rmtree(tmp_path, ignore_errors=True)
