"""BPMN 2.0 export: an SOP as a process (`process`), laid out by Graphviz (`layout`),
written as XML (`writer`). docs/bpmn.md is the users' side of it."""

from __future__ import annotations

from collections.abc import Mapping

from sopc import __version__
from sopc.model.base import RoleDef
from sopc.model.sop import SOP

__all__ = ["sop_bpmn"]


def sop_bpmn(sop: SOP, roles: Mapping[str, RoleDef], language: str) -> bytes:
    """The SOP as a BPMN 2.0 file, its names in `language`."""
    from sopc.render.bpmn.layout import layout
    from sopc.render.bpmn.process import sop_process
    from sopc.render.bpmn.writer import bpmn_xml

    process = sop_process(sop, roles, language)
    return bpmn_xml(process, layout(process), exporter_version=__version__)
