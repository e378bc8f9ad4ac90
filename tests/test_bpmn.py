"""BPMN export, read by the real readers: the OMG XML Schemas and bpmn-moddle (the model
under bpmn-js and Camunda Modeler), on every example SOP and a generated 40-step SOP
(tests/bpmn_exports.py); the diagram and bpmn-js: tests/test_bpmn_diagram.py."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from sopc.model.duration import Unit
from sopc.model.types import Duration
from sopc.render.bpmn.process import iso_duration, ncname
from tests.bpmn_clients import NS, moddle, schema_errors
from tests.bpmn_exports import FLOW_NODES, NCNAME, attr, one
from tests.conftest import CONFIG, FIN_SOP, sopc, write


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
        assert {attr(e, "id") for e in top} == set(home), sop_id
        for element in top:  # a task's role is its lane's role
            if etree.QName(element).localname == "userTask":
                role = element.get(f"{{{NS['sopc']}}}role")
                assert role == home[attr(element, "id")].get(f"{{{NS['sopc']}}}role"), sop_id
        roles = {lane.get(f"{{{NS['sopc']}}}role") for lane in lanes}
        assert len(roles) == len(lanes), f"{sop_id}: a role with two lanes"


def test_gateways_stand_where_decisions_and_parallel_splits_are(
    exported: dict[str, Path], generated: Path
) -> None:
    root = etree.parse(str(exported["GEN-040"])).getroot()
    process = root.find("bpmn:process", NS)
    assert process is not None
    exclusive = process.findall("bpmn:exclusiveGateway", NS)
    assert {attr(g, "name") for g in exclusive} == {"是否通过？", "是否退款？", "是否需要复核？"}
    flows = {attr(f, "id"): f for f in process.iter(f"{{{NS['bpmn']}}}sequenceFlow")}
    out_of = {
        attr(g, "id"): sorted(
            f.get("name") or "" for f in flows.values() if f.get("sourceRef") == g.get("id")
        )
        for g in exclusive
    }
    assert out_of == {
        "Gateway_s8": ["否", "是"],
        "Gateway_s16": ["不需要", "需要"],
        "Gateway_s24": ["否", "是"],
    }
    parallel = {attr(g, "id") for g in process.findall("bpmn:parallelGateway", NS)}
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
    boundary = {attr(b, "id"): b for b in process.findall("bpmn:boundaryEvent", NS)}
    flows = list(process.iter(f"{{{NS['bpmn']}}}sequenceFlow"))
    for event in boundary.values():
        assert event.get("cancelActivity") == "false"  # never interrupts the step
        leaving = [f for f in flows if f.get("sourceRef") == event.get("id")]
        assert len(leaving) == 1, event.get("id")  # a boundary event is a flow's source
        if event.find("bpmn:timerEventDefinition", NS) is not None:  # to an end of its own
            end = root.find(f".//bpmn:endEvent[@id='{leaving[0].get('targetRef')}']", NS)
            assert end is not None
            assert end.get("name") == "超时"
    timers = {
        attr(b, "attachedToRef"): b.findtext(
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
        attr(b, "attachedToRef"): b.find("bpmn:messageEventDefinition", NS)
        for b in boundary.values()
        if b.find("bpmn:messageEventDefinition", NS) is not None
    }
    assert set(messages) == {"Task_s3", "Task_s9", "Task_s20"}
    names = {attr(m, "id"): m.get("name") for m in root.findall("bpmn:message", NS)}
    assert names == {
        "Message_broken": "样品损坏",
        "Message_outage": "系统停机",
        "Message_3": "客户撤回申请",
    }
    # an exception of any step: an event sub-process whose start does not interrupt
    sub = one(process, "bpmn:subProcess[@triggeredByEvent='true']")
    assert sub.get("id") == "SubProcess_outage"
    assert one(sub, "bpmn:startEvent").get("isInterrupting") == "false"
    # the escalation: a task in the escalation role's lane, then an end
    lane = root.find(".//bpmn:lane[bpmn:flowNodeRef='Escalate_broken']", NS)
    assert lane is not None
    assert lane.get(f"{{{NS['sopc']}}}role") == "qa-lead"


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
    process = one(root, "bpmn:process")
    assert process.get("name") == hostile.replace("\x07", "")  # control characters dropped
    assert one(process, "bpmn:userTask").get("name") == "<!-- ]]> [31m -->"
    assert one(process, "bpmn:laneSet/bpmn:lane").get("name") == '<script>]]>"坏"'
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
        ("120", Unit.MINUTE, "PT2H"),  # equal durations read alike
        ("24", Unit.HOUR, "P1D"),
        ("0", Unit.MINUTE, None),  # immediate: a timer would fire as the step starts
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
