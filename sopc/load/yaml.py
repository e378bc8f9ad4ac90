"""YAML text → a positioned tree, safely.

libyaml's `CSafeLoader` parses; we compose from its events ourselves instead
of letting PyYAML construct objects, so that:

- every value keeps its span (PyYAML's constructed objects forget it);
- a repeated key is a finding (PyYAML silently keeps the last one);
- scalars stay text (no YAML 1.1 guessing of `no`, `1.10`, `0012`);
- no tag is ever constructed: anything but the core ones is refused;
- depth, node count after alias expansion and recursion are bounded while
  reading, so a billion-laughs or a 100,000-deep file stops in milliseconds
  (the C composer would recurse without a limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sopc.findings import FILE_START, Span
from sopc.load.text import TextProblem
from sopc.load.tree import PMap, PSeq, Value

try:
    from yaml import CSafeLoader as _Parser
except ImportError as exc:  # pragma: no cover - a broken install, not bad input
    raise ImportError("sopc needs PyYAML built with libyaml (yaml.CSafeLoader)") from exc

MAX_DEPTH = 64
"""Nesting levels; an SOP needs about six."""
MAX_NODES = 100_000
"""Values after alias expansion; a large SOP has a few thousand."""

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!"} | {_CORE + t for t in ("str", "map", "seq", "null", "bool", "int")}
_ALLOWED_TAGS |= {_CORE + "float"}
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Stop(Exception):
    """Raised to abandon a file after a finding that makes the rest meaningless."""


@dataclass(slots=True)
class _Frame:
    node: PMap | PSeq
    anchor: str | None
    size: int = 1
    key: str | None = None
    key_span: Span | None = None
    want_key: bool = True
    drop_value: bool = False


@dataclass(slots=True)
class _Composer:
    line_offset: int
    problems: list[TextProblem] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    anchors: dict[str, tuple[Value, int]] = field(default_factory=dict)
    open_anchors: set[str] = field(default_factory=set)
    nodes: int = 0
    root: Value = None
    documents: int = 0

    def span(self, event: Any) -> Span:
        start, end = event.start_mark, event.end_mark
        return Span(
            start.line + 1 + self.line_offset,
            start.column + 1,
            end.line + 1 + self.line_offset,
            end.column + 1,
        )

    def stop(self, code: str, span: Span, message: str) -> _Stop:
        self.problems.append(TextProblem(code, span, message))
        return _Stop()

    def check_tag(self, event: Any) -> None:
        if event.tag not in _ALLOWED_TAGS:
            tag = event.tag.replace(_CORE, "!!")
            raise self.stop(
                "SOP004",
                self.span(event),
                f"tag {tag!r} is not allowed: SOP files hold plain data, nothing is constructed",
            )

    def count(self, n: int, span: Span) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.stop(
                "SOP004",
                span,
                f"more than {MAX_NODES:,} values once aliases are expanded "
                "(an alias bomb?); not read",
            )

    def handle(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.check_tag(event)
            span = self.span(event)
            self.count(1, span)
            if self.stack and self.stack[-1].want_key and isinstance(self.stack[-1].node, PMap):
                self.add_key(event.value, span)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (event.value, 1)
                return
            plain_null = event.implicit[0] and event.value in _NULLS
            value = None if plain_null or event.tag == _CORE + "null" else event.value
            self.finish(value, span, 1, event.anchor)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.check_tag(event)
            span = self.span(event)
            self.count(1, span)
            if len(self.stack) >= MAX_DEPTH:
                raise self.stop("SOP004", span, f"nested deeper than {MAX_DEPTH} levels; not read")
            node: PMap | PSeq = PMap(span) if kind is yaml.MappingStartEvent else PSeq(span)
            if event.anchor is not None:
                self.open_anchors.add(event.anchor)
            self.stack.append(_Frame(node, event.anchor))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            start, end = frame.node.span, self.span(event)
            frame.node.span = Span(start.line, start.column, end.end_line, end.end_column)
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
            self.finish(frame.node, frame.node.span, frame.size, frame.anchor)
        elif kind is yaml.AliasEvent:
            span = self.span(event)
            if event.anchor in self.open_anchors:
                raise self.stop("SOP004", span, f"alias *{event.anchor} refers to itself")
            if event.anchor not in self.anchors:
                raise self.stop("SOP001", span, f"alias *{event.anchor} names no anchor")
            value, size = self.anchors[event.anchor]
            self.count(size, span)
            self.finish(value, span, size, None)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.stop(
                    "SOP001",
                    self.span(event),
                    "a second YAML document: one SOP per file, drop this '---'",
                )

    def add_key(self, key: str, span: Span) -> None:
        frame = self.stack[-1]
        node = frame.node
        assert isinstance(node, PMap)
        frame.want_key = False
        frame.key, frame.key_span = key, span
        frame.drop_value = key in node
        if frame.drop_value:
            first = node.key_spans[key]
            self.problems.append(
                TextProblem(
                    "SOP002",
                    span,
                    f"duplicate key {key!r}: already set at line {first.line}; "
                    "YAML would silently keep only the last one",
                )
            )

    def finish(self, value: Value, span: Span, size: int, anchor: str | None) -> None:
        """Attach a completed value to its parent (or make it the document)."""
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        node = frame.node
        if isinstance(node, PSeq):
            node.append(value)
            node.item_spans.append(span)
        elif frame.want_key:  # a mapping or sequence used as a key
            self.problems.append(TextProblem("SOP007", span, "a key must be plain text"))
            frame.want_key, frame.key, frame.drop_value = False, None, True
        else:
            frame.want_key = True
            if frame.drop_value or frame.key is None or frame.key_span is None:
                return
            node[frame.key] = value
            node.key_spans[frame.key] = frame.key_span
            node.value_spans[frame.key] = span


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Value, list[TextProblem]]:
    """Compose `text` into a positioned tree; problems carry SOP001–SOP004 codes.

    `line_offset` shifts every line (YAML front matter inside Markdown). On a
    fatal problem the tree is None.
    """
    composer = _Composer(line_offset)
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                break
            composer.handle(event)
    except _Stop:
        return None, composer.problems
    except yaml.YAMLError as exc:
        composer.problems.append(_syntax_problem(exc, text, line_offset))
        return None, composer.problems
    finally:
        parser.dispose()
    return composer.root, composer.problems


def _syntax_problem(exc: yaml.YAMLError, text: str, line_offset: int) -> TextProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    span = FILE_START
    at_tab = False
    if mark is not None:
        span = Span.point(mark.line + 1 + line_offset, mark.column + 1)
        lines = text.split("\n")
        if mark.line < len(lines):
            at_tab = lines[mark.line][mark.column : mark.column + 1] == "\t"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}"
    if context:
        message += f" ({context}"
        cmark = getattr(exc, "context_mark", None)
        if cmark is not None and cmark is not mark:
            message += f" started at line {cmark.line + 1 + line_offset}"
        message += ")"
    if at_tab or "tab" in problem:
        message += "; YAML indents with spaces, not tabs"
    return TextProblem("SOP001", span, message)
