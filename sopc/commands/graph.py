"""`sopc graph SOP`: one SOP's flowchart as SVG, PNG, DOT or Mermaid, or its process as
BPMN 2.0 XML (docs/bpmn.md).

The chart is the site's, titled: in the direction the SOP or sopc.yaml forces, else
in the one that suits the screen (the larger text at the site's content width).
Mermaid lays itself out, left to right."""

from __future__ import annotations

from pathlib import Path

from sopc.commands.check import check
from sopc.errors import UsageError
from sopc.i18n import Message
from sopc.model.errors import suggestion
from sopc.sources import SopFile

FORMATS = ("svg", "png", "dot", "mermaid", "bpmn")


def draw(sop: str, fmt: str) -> bytes:
    """The chart of `sop` (an id, or a path to its file) in `fmt`."""
    if fmt not in FORMATS:
        raise UsageError(Message("graph.unknown_format", format=fmt, formats=tuple(FORMATS)))
    from sopc.render.charts import screen_dot
    from sopc.render.dot import render
    from sopc.render.mermaid import flowchart_mermaid

    as_path = Path(sop)
    checked = check([as_path] if as_path.exists() else [], keep_files=True)
    if checked.config_failed:
        raise UsageError(Message("usage.config_invalid"))
    source = _find(checked.sources, sop, checked.project.root)
    assert source.sop is not None
    config = checked.project.config
    roles = {**config.roles, **source.sop.roles}
    if fmt == "bpmn":
        from sopc.render.bpmn import sop_bpmn

        return sop_bpmn(source.sop, roles, config.language)
    if fmt == "mermaid":
        return flowchart_mermaid(source.sop, roles, language=config.language).encode("utf-8")
    dot = screen_dot(source.sop, roles, config)
    return dot.encode("utf-8") if fmt == "dot" else render(dot, fmt)


def _find(sources: list[SopFile], key: str, root: Path) -> SopFile:
    path = Path(key).absolute()
    for source in sources:
        if source.raw_id == key or source.path.absolute() == path:
            if source.sop is None:
                raise UsageError(Message("graph.invalid_sop", path=source.rel))
            return source
    known = sorted(s.raw_id for s in sources if s.raw_id)
    hint = suggestion(key, known)
    raise UsageError(Message("graph.unknown_sop", key=key, root=str(root), hint=hint))
