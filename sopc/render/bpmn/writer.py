"""A BPMN process and its diagram as BPMN 2.0 XML (lxml): UTF-8, elements in the
order the OMG schema asks, the same bytes for the same SOP.

SOP text reaches the file only as element text and attribute values, which lxml
escapes; characters XML 1.0 cannot carry (control characters) are dropped first.
The role id of a task and a lane is the attribute `sopc:role`, in sopc's own
namespace, which the schema allows on every element and engines ignore until
they are told to map it (docs/bpmn.md).
"""

from __future__ import annotations

import re

from lxml import etree

from sopc.render.bpmn.elements import FlowNode, Kind, Process, SequenceFlow
from sopc.render.bpmn.layout import Diagram
from sopc.render.bpmn.routes import Box

__all__ = ["NAMESPACES", "bpmn_xml"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOPC = "urn:sopc:bpmn:1"
NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "sopc": SOPC}

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _el(parent: etree._Element, tag: str, ns: str = BPMN, **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            name = f"{{{SOPC}}}role" if key == "sopc_role" else key
            element.set(name, _text(value))
    return element


def _documentation(parent: etree._Element, text: str) -> None:
    if text:
        _el(parent, "documentation").text = _text(text)


def bpmn_xml(process: Process, diagram: Diagram, *, exporter_version: str) -> bytes:
    """The definitions: a collaboration with the SOP's pool, its messages, the process
    with its lanes and flow, and the diagram on the collaboration."""
    key = process.id.removeprefix("Process_")
    root = etree.Element(f"{{{BPMN}}}definitions", nsmap=NAMESPACES)
    for name, value in (
        ("id", f"Definitions_{key}"),
        ("targetNamespace", "urn:sopc:sop"),
        ("exporter", "sopc"),
        ("exporterVersion", exporter_version),
    ):
        root.set(name, value)
    collaboration = _el(root, "collaboration", id=f"Collaboration_{key}")
    participant = f"Participant_{key}"
    _el(collaboration, "participant", id=participant, name=process.title, processRef=process.id)
    for message_id, name in process.messages.items():
        _el(root, "message", id=message_id, name=name)
    _process(root, process)
    _diagram(root, process, diagram, f"Collaboration_{key}", participant)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _process(root: etree._Element, process: Process) -> None:
    element = _el(root, "process", id=process.id, name=process.name, isExecutable="false")
    _documentation(element, process.documentation)
    lane_set = _el(element, "laneSet", id=f"LaneSet_{process.id.removeprefix('Process_')}")
    for index, lane in enumerate(process.lanes):
        lane_element = _el(lane_set, "lane", id=lane.id, name=lane.name, sopc_role=lane.role)
        _documentation(lane_element, lane.department)
        for node in process.nodes:
            if node.lane == index and node.inside is None:
                _el(lane_element, "flowNodeRef").text = node.id
    containers: dict[str | None, etree._Element] = {None: element}
    into, out = process.incoming(), process.outgoing()
    for node in process.nodes:
        parent = containers[node.inside]
        created = _flow_node(parent, node, into.get(node.id, []), out.get(node.id, []))
        if node.kind is Kind.EVENT_SUBPROCESS:
            containers[node.id] = created
    for flow in process.flows:
        inside = process.node(flow.source).inside
        _el(
            containers[inside],
            "sequenceFlow",
            id=flow.id,
            name=flow.name,
            sourceRef=flow.source,
            targetRef=flow.target,
        )


def _flow_node(
    parent: etree._Element, node: FlowNode, into: list[SequenceFlow], out: list[SequenceFlow]
) -> etree._Element:
    attrs: dict[str, str | None] = {"id": node.id, "name": node.name or None}
    if node.kind is Kind.TASK:
        attrs["sopc_role"] = node.role
    elif node.kind is Kind.CALL:
        attrs["calledElement"] = node.called
    elif node.kind is Kind.BOUNDARY:
        attrs["cancelActivity"], attrs["attachedToRef"] = "false", node.attached_to
    elif node.kind is Kind.EVENT_SUBPROCESS:
        attrs["triggeredByEvent"] = "true"
    elif node.kind is Kind.START and node.inside is not None:
        attrs["isInterrupting"] = "false"
    element = _el(parent, node.kind.value, BPMN, **attrs)
    _documentation(element, node.documentation)
    for flow in into:
        _el(element, "incoming").text = flow.id
    for flow in out:
        _el(element, "outgoing").text = flow.id
    if node.message is not None:
        _el(element, "messageEventDefinition", id=f"{node.id}_message", messageRef=node.message)
    if node.timer is not None:
        timer = _el(element, "timerEventDefinition", id=f"{node.id}_timer")
        duration = _el(timer, "timeDuration")
        duration.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
        duration.text = node.timer
    return element


def _diagram(
    root: etree._Element, process: Process, diagram: Diagram, collaboration: str, participant: str
) -> None:
    element = _el(root, "BPMNDiagram", BPMNDI, id=f"BPMNDiagram_{collaboration}")
    plane = _el(
        element, "BPMNPlane", BPMNDI, id=f"BPMNPlane_{collaboration}", bpmnElement=collaboration
    )
    _shape(plane, participant, diagram.pool, None, isHorizontal="true")
    for lane, box in zip(process.lanes, diagram.lanes, strict=True):
        _shape(plane, lane.id, box, None, isHorizontal="true")
    for node in process.nodes:
        expanded = {"isExpanded": "true"} if node.kind is Kind.EVENT_SUBPROCESS else {}
        _shape(plane, node.id, diagram.shapes[node.id], diagram.labels.get(node.id), **expanded)
    for flow in process.flows:
        edge = _el(plane, "BPMNEdge", BPMNDI, id=f"{flow.id}_di", bpmnElement=flow.id)
        for x, y in diagram.edges[flow.id]:
            _el(edge, "waypoint", DI, x=str(x), y=str(y))


def _shape(plane: etree._Element, element: str, box: Box, label: Box | None, **attrs: str) -> None:
    shape = _el(plane, "BPMNShape", BPMNDI, id=f"{element}_di", bpmnElement=element, **attrs)
    _bounds(shape, box)
    if label is not None:
        _bounds(_el(shape, "BPMNLabel", BPMNDI), label)


def _bounds(parent: etree._Element, box: Box) -> None:
    _el(parent, "Bounds", DC, x=str(box.x), y=str(box.y), width=str(box.w), height=str(box.h))
