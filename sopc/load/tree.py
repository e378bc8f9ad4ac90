"""Positioned YAML values: plain dicts, lists and strings that know where they stand.

Scalars are kept as the text the author wrote (YAML 1.2 as authors see it:
`1.10`, `no` and `0012` are text); only null is special. The schema decides
what a text means (a date, a number, a boolean).
"""

from __future__ import annotations

from typing import Any, TypeAlias

from sopc.findings import FILE_START, Span

RawSpan: TypeAlias = tuple[int, int, int, int]


class PMap(dict[str, Any]):
    """A mapping with the span of itself, of each key and of each value.

    Spans are stored as plain `(line, column, end_line, end_column)` tuples
    (a `Span` compares equal to one); `span_of` hands out `Span`s."""

    __slots__ = ("key_spans", "span", "value_spans")

    def __init__(self, span: RawSpan) -> None:  # empty already: dict.__init__ adds nothing
        self.span = span
        self.key_spans: dict[str, RawSpan] = {}
        self.value_spans: dict[str, RawSpan] = {}

    def __reduce__(self) -> Any:  # keep spans across pickling (worker processes)
        return (_rebuild_map, (self.span, dict(self), self.key_spans, self.value_spans))


class PSeq(list[Any]):
    """A sequence with the span of itself and of each item."""

    __slots__ = ("item_spans", "span")

    def __init__(self, span: RawSpan) -> None:  # empty already
        self.span = span
        self.item_spans: list[RawSpan] = []

    def __reduce__(self) -> Any:
        return (_rebuild_seq, (self.span, list(self), self.item_spans))


def _rebuild_map(
    span: RawSpan, items: dict[str, Any], keys: dict[str, RawSpan], values: dict[str, RawSpan]
) -> PMap:
    node = PMap(span)
    node.update(items)
    node.key_spans, node.value_spans = keys, values
    return node


def _rebuild_seq(span: RawSpan, items: list[Any], spans: list[RawSpan]) -> PSeq:
    node = PSeq(span)
    node.extend(items)
    node.item_spans = spans
    return node


Value: TypeAlias = PMap | PSeq | str | None
TreePath: TypeAlias = tuple[str | int, ...]


def span_of(root: Value, path: TreePath, *, key: bool = False) -> Span:
    """The span of the value at `path`, or of the key naming it when `key`.

    Path parts that do not name a child (pydantic's union tags, `[key]`, a
    missing field) are passed over, so a missing field lands on the enclosing
    mapping and a bad mapping key on that key.
    """
    node: Any = root
    span: RawSpan = root.span if isinstance(root, PMap | PSeq) else FILE_START
    key_span = span
    for part in path:
        if isinstance(node, PMap) and isinstance(part, str) and part in node:
            key_span, span = node.key_spans[part], node.value_spans[part]
            node = node[part]
        elif isinstance(node, PSeq) and isinstance(part, int) and 0 <= part < len(node):
            key_span = span = node.item_spans[part]
            node = node[part]
    return Span(*(key_span if key else span))


def get_path(root: Value, path: TreePath) -> Any:
    """The value at `path`, or None where the path does not lead."""
    node: Any = root
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node
