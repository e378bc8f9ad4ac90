"""The SVG Graphviz draws of a chart (sopc.render.graphviz): tidied for browsers and
WeasyPrint, and read back for the paper plan (its size).

Tidying. Text falls back along FONT_FAMILY (viewers without Noto still show CJK);
the word joiners that kept entity-like text literal come out again; the comments
(node and edge names) go; and the lane lines become one path: `dot` draws them as a
segment per column and lane, hundreds of elements that browsers and WeasyPrint
would handle one by one. SOP text cannot match any of this: in the SVG it is
escaped, inside `<text>` or an attribute.
"""

from __future__ import annotations

import re

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
FONT_NAME = "Noto Sans CJK SC"  # the first of FONT_FAMILY: what `dot` measures and draws with
WORD_JOINER = "\u2060"

_PAGE_ID = re.compile(rb'<g id="page\d+,\d+_graph0" class="graph"')
_FONT_ATTR = f'font-family="{FONT_NAME}"'.encode()
_FONT_LIST = ('font-family="' + FONT_FAMILY.replace('"', "&quot;") + '"').encode()


_COMMENT = re.compile(rb"\n<!-- [^\n]*? -->(?=\n)")
_SEGMENT = re.compile(
    rb'<g id="edge\d+" class="edge">\n<title>f\d+_\d+&#45;&gt;f\d+_\d+</title>\n'
    rb'<path fill="none" stroke="#90a4ae" stroke-width="1.3" d="([^"]*)"/>\n</g>\n'
)
_LANES = (
    b'<g id="lanes" class="lanes">\n'
    b'<path fill="none" stroke="#90a4ae" stroke-width="1.3" d="%s"/>\n</g>\n'
)


def finish(data: bytes) -> bytes:
    """The SVG tidied (see above); deterministic."""
    # a process that rendered a graph before names the next one's group "page0,1_graph0"
    data = _PAGE_ID.sub(b'<g id="graph0" class="graph"', data, count=1)
    data = data.replace(_FONT_ATTR, _FONT_LIST)
    for joiner in (WORD_JOINER.encode(), b"&#8288;", b"&#x2060;"):
        data = data.replace(b"&amp;" + joiner, b"&amp;")
    start = data.find(b"<svg")
    body = _COMMENT.sub(b"", data[start:])  # names of nodes and edges, nothing for a reader
    first = _SEGMENT.search(body)
    if first is not None:  # where the first was: edges are drawn before nodes
        merged = _LANES % b" ".join(m.group(1) for m in _SEGMENT.finditer(body))
        body = body[: first.start()] + merged + _SEGMENT.sub(b"", body[first.start() :])
    return data[:start] + body


_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"', re.DOTALL)


def svg_size(svg: bytes) -> tuple[float, float]:
    """A drawing's natural width and height in points, as `dot` wrote them."""
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError("not an SVG drawn by dot: it has no size in points")
    return float(size.group(1)), float(size.group(2))
