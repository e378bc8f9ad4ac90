"""BPMN export, read by the real readers: the OMG XML Schemas, bpmn-moddle (the model
under bpmn-js and Camunda Modeler), and bpmn-js drawing it in Chromium.

Every example SOP and a generated 40-step SOP (decisions, a loop, a parallel split
and join, hand-offs, exceptions at some steps and at any step, calendar, working and
per-case time limits, a Chinese role id) go through `sopc build --format bpmn`.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from sopc.model.duration import Unit
from sopc.model.types import Duration
from sopc.render.bpmn.process import iso_duration, ncname
from tests.bpmn_clients import NODE_FOLDER, NS, moddle, schema_errors
from tests.browser import open_page, screenshot
from tests.conftest import CONFIG, FIN_SOP, sopc, write

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
FLOW_NODES = (
    "startEvent",
    "endEvent",
    "userTask",
    "exclusiveGateway",
    "parallelGateway",
    "callActivity",
    "boundaryEvent",
    "subProcess",
)

GENERATED_CONFIG = CONFIG.replace(
    "forms:",
    "  质检员: {name: 质检员, department: 品控部}\n"
    "  qa-lead: {name: 品控主管, department: 品控部}\n"
    "  finance: {name: 财务专员, department: 财务部}\nforms:",
)


def forty_steps() -> str:
    """An SOP of 40 steps over six roles, with every shape the export knows."""
    roles = ["cs-agent", "cs-manager", "质检员", "qa-lead", "finance", "ops-director"]
    limits = {
        1: "10m",
        2: "2h",
        3: "1wd",
        5: "{一般: 1d, 重大: 2d}",
        6: "1.5h",
        7: "接收后30分钟内",
    }
    lines = [
        "id: GEN-040",
        "title: 生成的四十步流程",
        'version: "1.0"',
        "status: draft",
        "owner: cs-manager",
        "purpose: 覆盖 BPMN 导出的每一种形状。",
        "scope: 从受理到归档",
        "cases: {name: 严重程度, values: [一般, 重大]}",
        "steps:",
    ]
    for i in range(1, 41):
        lines += [f"  - id: s{i}", f"    title: 第{i}步处理并记录结果", f"    role: {roles[i % 6]}"]
        if i in limits:
            lines.append(f"    time_limit: {limits[i]}")
        if i == 8:  # a decision with a loop back
            lines += ["    decision: 是否通过？", "    branches:"]
            lines += ["      - {when: 是, next: s9}", "      - {when: 否, next: s5}"]
        elif i == 12:  # a parallel split, joined at s15
            lines.append("    next: [s13, s14]")
        elif i == 13:
            lines.append("    next: s15")
        elif i == 16:  # a decision that skips ahead
            lines += ["    decision: 是否需要复核？", "    branches:"]
            lines += ["      - {when: 需要, next: s17}", "      - {when: 不需要, next: s19}"]
        elif i == 24:  # a decision that hands off to another SOP
            lines += ["    decision: 是否退款？", "    branches:"]
            lines += ['      - {when: 是, next: "sop:FIN-003"}', "      - {when: 否, next: s25}"]
    lines += [
        "exceptions:",
        "  - {id: broken, when: 样品损坏, steps: [s3, s9], action: 重新取样, role: 质检员,"
        " escalate_to: qa-lead, within: 2h}",
        "  - {id: outage, when: 系统停机, action: 切换到纸质记录, role: ops-director}",
        "  - {when: 客户撤回申请, steps: [s20], action: 关闭申请并通知相关人员, role: cs-agent}",
        "revisions:",
        '  - {version: "1.0", date: 2026-01-01}',
    ]
    return "\n".join(lines) + "\n"


def _build(root: Path, out: Path, formats: str = "bpmn") -> None:
    run = sopc("build", str(root), "--format", formats, "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the 40-step SOP and the SOP it hands off to, built to HTML and BPMN."""
    root = tmp_path_factory.mktemp("generated")
    write(root, "sopc.yaml", GENERATED_CONFIG)
    write(root, "sops/GEN-040-generated.sop.yaml", forty_steps())
    write(root, "sops/FIN-003-refund.sop.yaml", FIN_SOP)
    _build(root, root / "site", "html,bpmn")
    return root


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> dict[str, Path]:
    """Every example SOP's BPMN file and the generated SOP's, by SOP id."""
    out = tmp_path_factory.mktemp("examples") / "site"
    _build(EXAMPLES, out)
    files = {p.stem: p for p in sorted((out / "bpmn").glob("*.bpmn"))}
    files["GEN-040"] = generated / "site" / "bpmn" / "GEN-040.bpmn"
    return files


def _attr(element: etree._Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, f"{element.tag} without {name}"
    return value


def _bounds(plane: etree._Element, element_id: str) -> tuple[float, float, float, float]:
    found = plane.findall(f"bpmndi:BPMNShape[@bpmnElement='{element_id}']/dc:Bounds", NS)
    assert len(found) == 1, f"{element_id}: {len(found)} shapes"
    b = found[0]
    return tuple(float(_attr(b, k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _on_border(point: tuple[float, float], box: tuple[float, ...]) -> bool:
    (px, py), (x, y, w, h) = point, box
    return (px in (x, x + w) and y <= py <= y + h) or (py in (y, y + h) and x <= px <= x + w)


def _within(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def test_the_schema_and_bpmn_moddle_accept_every_export(exported: dict[str, Path]) -> None:
    assert set(exported) >= {"CS-001", "IT-001", "HR-001", "PUR-001", "SUP-001", "GEN-040"}
    for sop_id, path in exported.items():
        assert schema_errors(path.read_bytes()) == [], sop_id
    for read in moddle(list(exported.values())):
        assert "error" not in read, read
        assert read["warnings"] == [], read["path"]
        assert read["found"]["bpmn:Process"] == 1
        assert read["found"]["bpmndi:BPMNPlane"] == 1


def test_lanes_are_roles_and_hold_every_node(exported: dict[str, Path]) -> None:
    for sop_id, path in exported.items():
        root = etree.parse(str(path)).getroot()
        process = root.find("bpmn:process", NS)
        assert process is not None
        lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
        home: dict[str, etree._Element] = {}
        for lane in lanes:
            for ref in lane.findall("bpmn:flowNodeRef", NS):
                assert ref.text not in home, f"{sop_id}: {ref.text} in two lanes"
                home[str(ref.text)] = lane
        top = [e for e in process if etree.QName(e).localname in FLOW_NODES]
        assert {_attr(e, "id") for e in top} == set(home), sop_id
        for element in top:  # a task's role is its lane's role
            if etree.QName(element).localname == "userTask":
                role = element.get(f"{{{NS['sopc']}}}role")
                assert role == home[_attr(element, "id")].get(f"{{{NS['sopc']}}}role"), sop_id
        roles = {lane.get(f"{{{NS['sopc']}}}role") for lane in lanes}
        assert len(roles) == len(lanes), f"{sop_id}: a role with two lanes"


def test_gateways_stand_where_decisions_and_parallel_splits_are(
    exported: dict[str, Path], generated: Path
) -> None:
    root = etree.parse(str(exported["GEN-040"])).getroot()
    process = root.find("bpmn:process", NS)
    assert process is not None
    exclusive = process.findall("bpmn:exclusiveGateway", NS)
    assert {_attr(g, "name") for g in exclusive} == {"是否通过？", "是否退款？", "是否需要复核？"}
    flows = {_attr(f, "id"): f for f in process.iter(f"{{{NS['bpmn']}}}sequenceFlow")}
    out_of = {
        _attr(g, "id"): sorted(
            f.get("name") or "" for f in flows.values() if f.get("sourceRef") == g.get("id")
        )
        for g in exclusive
    }
    assert out_of == {
        "Gateway_s8": ["否", "是"],
        "Gateway_s16": ["不需要", "需要"],
        "Gateway_s24": ["否", "是"],
    }
    parallel = {_attr(g, "id") for g in process.findall("bpmn:parallelGateway", NS)}
    assert parallel == {"Fork_s12", "Join_s15"}
    call = process.find("bpmn:callActivity", NS)
    assert call is not None
    assert call.get("calledElement") == "Process_FIN-003"
    fin = etree.parse(str(generated / "site" / "bpmn" / "FIN-003.bpmn")).getroot()
    assert fin.find("bpmn:process", NS).get("id") == "Process_FIN-003"  # type: ignore[union-attr]


def test_exceptions_and_time_limits_become_events(exported: dict[str, Path]) -> None:
    root = etree.parse(str(exported["GEN-040"])).getroot()
    process = root.find("bpmn:process", NS)
    assert process is not None
    boundary = {_attr(b, "id"): b for b in process.findall("bpmn:boundaryEvent", NS)}
    for event in boundary.values():
        assert event.get("cancelActivity") == "false"  # never interrupts the step
    timers = {
        _attr(b, "attachedToRef"): b.findtext(
            "bpmn:timerEventDefinition/bpmn:timeDuration", None, NS
        )
        for b in boundary.values()
        if b.find("bpmn:timerEventDefinition", NS) is not None
    }
    # calendar time only: 1wd (s3) and the per-case limit of s5 stay in the text
    assert timers == {
        "Task_s1": "PT10M",
        "Task_s2": "PT2H",
        "Task_s6": "PT90M",
        "Task_s7": "PT30M",
        "Exception_broken": "PT2H",
    }
    s3 = process.find("bpmn:userTask[@id='Task_s3']/bpmn:documentation", NS)
    assert s3 is not None
    assert "1 个工作日" in str(s3.text)
    assert "未设定时器" in str(s3.text)
    messages = {
        _attr(b, "attachedToRef"): b.find("bpmn:messageEventDefinition", NS)
        for b in boundary.values()
        if b.find("bpmn:messageEventDefinition", NS) is not None
    }
    assert set(messages) == {"Task_s3", "Task_s9", "Task_s20"}
    names = {_attr(m, "id"): m.get("name") for m in root.findall("bpmn:message", NS)}
    assert names == {
        "Message_broken": "样品损坏",
        "Message_outage": "系统停机",
        "Message_3": "客户撤回申请",
    }
    # an exception of any step: an event sub-process whose start does not interrupt
    sub = process.find("bpmn:subProcess[@triggeredByEvent='true']", NS)
    assert sub is not None
    assert sub.get("id") == "SubProcess_outage"
    start = sub.find("bpmn:startEvent", NS)
    assert start is not None
    assert start.get("isInterrupting") == "false"
    # the escalation: a task in the escalation role's lane, then an end
    lane = root.find(".//bpmn:lane[bpmn:flowNodeRef='Escalate_broken']", NS)
    assert lane is not None
    assert lane.get(f"{{{NS['sopc']}}}role") == "qa-lead"


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
        pool = _bounds(plane, _attr(participant, "id"))
        shapes = {
            _attr(e, "id"): _bounds(plane, _attr(e, "id"))
            for e in process.iter()
            if etree.QName(e).localname in FLOW_NODES
        }
        for lane in process.iter(f"{{{NS['bpmn']}}}lane"):
            band = _bounds(plane, _attr(lane, "id"))
            assert _within(band, pool), sop_id
            for ref in lane.findall("bpmn:flowNodeRef", NS):
                assert _within(shapes[str(ref.text)], band), (
                    f"{sop_id}: {ref.text} outside its lane"
                )
        for sub in process.iter(f"{{{NS['bpmn']}}}subProcess"):
            for inner in sub:
                if (
                    etree.QName(inner).localname in FLOW_NODES
                    and inner.get("attachedToRef") is None
                ):
                    assert _within(shapes[_attr(inner, "id")], shapes[_attr(sub, "id")]), sop_id
        for event in process.iter(f"{{{NS['bpmn']}}}boundaryEvent"):  # centred on an edge
            x, y, w, h = shapes[_attr(event, "id")]
            hx, hy, hw, hh = shapes[_attr(event, "attachedToRef")]
            assert hx <= x + w / 2 <= hx + hw, sop_id
            assert y + h / 2 in (hy, hy + hh), sop_id
        for flow in process.iter(f"{{{NS['bpmn']}}}sequenceFlow"):
            edges = plane.findall(f"bpmndi:BPMNEdge[@bpmnElement='{_attr(flow, 'id')}']", NS)
            assert len(edges) == 1, f"{sop_id}: {flow.get('id')}"
            points = [
                (float(_attr(p, "x")), float(_attr(p, "y")))
                for p in edges[0].findall("di:waypoint", NS)
            ]
            assert len(points) >= 2
            for (x1, y1), (x2, y2) in pairwise(points):
                assert x1 == x2 or y1 == y2, f"{sop_id}: {flow.get('id')} not orthogonal"
            for point, end in ((points[0], "sourceRef"), (points[-1], "targetRef")):
                assert _on_border(point, shapes[_attr(flow, end)]), (
                    f"{sop_id}: {flow.get('id')} does not touch its {end}"
                )


def test_ids_are_ascii_ncnames_and_stable(exported: dict[str, Path], tmp_path: Path) -> None:
    for sop_id, path in exported.items():
        ids = etree.parse(str(path)).xpath("//@id")
        assert ids, sop_id
        assert all(NCNAME.match(i) for i in ids), sop_id
        assert len(ids) == len(set(ids)), sop_id
    data = exported["GEN-040"].read_bytes()
    assert b"Lane_" + ncname("", "质检员").encode()[1:] in data  # a Chinese role id, hashed
    out = tmp_path / "again.bpmn"
    again = sopc(
        "graph",
        "GEN-040",
        "--format",
        "bpmn",
        "--output",
        str(out),
        cwd=exported["GEN-040"].parents[2],
    )
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == data  # same input, same bytes, build or graph


def test_the_sop_page_links_its_bpmn_file(generated: Path) -> None:
    page = (generated / "site" / "sops" / "GEN-040.html").read_text(encoding="utf-8")
    assert 'href="../bpmn/GEN-040.bpmn" download>BPMN</a>' in page


def test_hostile_text_stays_literal(tmp_path: Path) -> None:
    hostile = 'He said "<b>x</b>" ]]> & &amp; \x07bell'
    config = CONFIG.replace(
        "cs-agent: {name: 客服专员", 'cs-agent: {name: "<script>]]>\\x01\\"坏\\""'
    )
    sop = FIN_SOP.replace(
        "title: 退款流程", 'title: "' + hostile.replace('"', '\\"').replace("\x07", "\\x07") + '"'
    )
    sop = sop.replace(
        "{id: refund, title: 办理退款", '{id: refund, title: "<!-- ]]> \\x1b[31m -->"'
    )
    write(tmp_path, "sopc.yaml", config)
    write(tmp_path, "sops/FIN-003-refund.sop.yaml", sop)
    out = tmp_path / "x.bpmn"
    run = sopc("graph", "FIN-003", "--format", "bpmn", "--output", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = out.read_bytes()
    assert schema_errors(data) == []
    root = etree.fromstring(data)
    process = root.find("bpmn:process", NS)
    assert process is not None
    assert process.get("name") == hostile.replace("\x07", "")  # control characters dropped
    task = process.find("bpmn:userTask", NS)
    assert task is not None
    assert task.get("name") == "<!-- ]]> [31m -->"
    lane = process.find("bpmn:laneSet/bpmn:lane", NS)
    assert lane is not None
    assert lane.get("name") == '<script>]]>"坏"'
    assert b"<script>" not in data
    assert b"<b>" not in data


@pytest.mark.parametrize(
    ("amount", "unit", "iso"),
    [
        ("30", Unit.MINUTE, "PT30M"),
        ("1.5", Unit.HOUR, "PT90M"),
        ("0.5", Unit.DAY, "PT12H"),
        ("2", Unit.DAY, "P2D"),
        ("3", Unit.MONTH, "P3M"),
        ("1", Unit.YEAR, "P1Y"),
        ("0", Unit.MINUTE, "PT0S"),
        ("1.5", Unit.MONTH, None),  # no whole number of any unit
        ("0.25", Unit.MINUTE, None),
        ("2", Unit.WORK_DAY, None),  # working time: the engine's calendar
        ("4", Unit.WORK_HOUR, None),
    ],
)
def test_calendar_time_limits_in_iso_8601(amount: str, unit: Unit, iso: str | None) -> None:
    assert iso_duration(Duration(Decimal(amount), unit, amount + unit.value)) == iso


def test_ncnames_keep_ascii_ids_and_hash_the_rest() -> None:
    assert ncname("Task", "receive") == "Task_receive"
    assert ncname("Process", "CS-001") == "Process_CS-001"
    chinese = ncname("Lane", "质检员")
    assert NCNAME.match(chinese)
    assert chinese != ncname("Lane", "质检")
    assert ncname("Task", "a b") != ncname("Task", "a_b") == "Task_a_b"


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
