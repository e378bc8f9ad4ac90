"""The elements of a BPMN process as sopc builds them (`sopc.render.bpmn.process`),
lays them out (`layout`) and writes them (`writer`): flow nodes, sequence flows,
lanes, the process."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["FlowNode", "Kind", "Lane", "Process", "SequenceFlow"]


class Kind(StrEnum):
    """A flow node's BPMN element name."""

    START = "startEvent"
    END = "endEvent"
    TASK = "userTask"
    EXCLUSIVE = "exclusiveGateway"
    PARALLEL = "parallelGateway"
    CALL = "callActivity"
    BOUNDARY = "boundaryEvent"
    EVENT_SUBPROCESS = "subProcess"


@dataclass
class FlowNode:
    id: str
    kind: Kind
    name: str
    lane: int
    documentation: str = ""
    role: str | None = None  # the role id, for engines to map to their groups
    called: str | None = None  # a call activity's process id
    attached_to: str | None = None  # a boundary event's task
    timer: str | None = None  # a timer's ISO 8601 duration
    message: str | None = None  # the message a boundary or start event waits for
    inside: str | None = None  # the event sub-process it belongs to
    beside: str | None = None  # an end event drawn beside this boundary event, not laid out


@dataclass(frozen=True)
class SequenceFlow:
    id: str
    source: str
    target: str
    name: str | None = None
    back: bool = False  # closes a loop: laid out against the flow


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    role: str | None
    department: str


@dataclass
class Process:
    id: str
    name: str
    title: str  # id, title and version: the participant's name
    documentation: str
    lanes: list[Lane] = field(default_factory=list)
    nodes: list[FlowNode] = field(default_factory=list)
    flows: list[SequenceFlow] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)  # id → name
    _index: dict[str, FlowNode] = field(default_factory=dict, repr=False)

    def node(self, node_id: str) -> FlowNode:
        if len(self._index) != len(self.nodes):  # nodes were added
            self._index = {n.id: n for n in self.nodes}
        return self._index[node_id]

    def outgoing(self) -> dict[str, list[SequenceFlow]]:
        """Each node's flows out, in the flows' order."""
        out: dict[str, list[SequenceFlow]] = {}
        for flow in self.flows:
            out.setdefault(flow.source, []).append(flow)
        return out

    def incoming(self) -> dict[str, list[SequenceFlow]]:
        """Each node's flows in, in the flows' order."""
        into: dict[str, list[SequenceFlow]] = {}
        for flow in self.flows:
            into.setdefault(flow.target, []).append(flow)
        return into
