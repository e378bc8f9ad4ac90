"""Flowcharts for the manual: DOT for every SOP, drawn by few Graphviz processes,
kept in a content-hash cache (`.sopc-cache/`) so unchanged SOPs are not drawn again.

The cache key is the DOT source and the Graphviz version: a change to an SOP,
to its roles, to sopc's drawing or to Graphviz draws anew; nothing else does.
"""

from __future__ import annotations

import hashlib
import subprocess
from functools import lru_cache
from pathlib import Path

from sopc.cache import store
from sopc.render.site import Manual


def chart_files(
    manual: Manual, cache: Path | None, jobs: int | None, fmt: str = "svg"
) -> dict[str, bytes]:
    """SOP id → its flowchart as an SVG (site, PDF) or PNG (Word) file."""
    from sopc.render.flowchart import flowchart_dot
    from sopc.render.graphviz import render_many

    config = manual.config
    sources = {
        entry.sop.id: flowchart_dot(
            entry.sop,
            entry.roles,
            direction=config.build.flow_direction,
            language=config.language,
        )
        for entry in manual.sops
    }
    keys = {sop_id: _key(source) for sop_id, source in sources.items()}
    drawn: dict[str, bytes] = {}
    if cache is not None:
        for sop_id, key in keys.items():
            path = cache / "flowcharts" / f"{key}.{fmt}"
            if path.is_file():
                drawn[sop_id] = path.read_bytes()
    missing = {sop_id: source for sop_id, source in sources.items() if sop_id not in drawn}
    if missing:
        fresh = render_many(missing, fmt, jobs)
        drawn.update(fresh)
        if cache is not None:
            for sop_id, data in fresh.items():
                store(cache / "flowcharts" / f"{keys[sop_id]}.{fmt}", data)
    return drawn


def inline_svg(svg: bytes) -> str:
    """An SVG document as markup to put inside HTML: from `<svg` on (no XML prolog,
    doctype or comments; render_many already made its ids valid names)."""
    text = svg.decode("utf-8")
    return text[text.index("<svg") :]


def _key(source: str) -> str:
    return hashlib.sha256(f"{graphviz_version()}\0{source}".encode()).hexdigest()


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    """`dot -V`, part of every cache key: a new Graphviz draws anew."""
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "unknown"
    return (done.stderr or done.stdout).strip()
