"""YAML text → a positioned tree, safely.

libyaml's `CSafeLoader` parses; we compose from its events ourselves instead
of letting PyYAML construct objects, so that:

- every value keeps its span (PyYAML's constructed objects forget it);
- a repeated key is a finding (PyYAML silently keeps the last one);
- scalars stay text (no YAML 1.1 guessing of `no`, `1.10`, `0012`);
- no tag is ever constructed: anything but the core ones is refused;
- depth, node count after alias expansion and recursion are bounded while
  reading, so a billion-laughs or a 100,000-deep file stops in milliseconds
  (the C composer would recurse without a limit);
- a syntax error is reported where the author made it, not where libyaml gave
  up (`syntax.py`), and a key only a typing slip explains (`　title`,
  `{title：接收}`) is one too (`slips.py`): that work is done for such files alone.

A large check lets go of each tree once its SOP is made, and parses a file again
only for a finding's place: its first pass can leave out the spans of values and
keys (`positions=False`, a sixth of the time). A problem is still reported where it
is; one whose message needs a place seen earlier (a repeated key's first line) has
the file parsed again with every position.
"""

from __future__ import annotations

from typing import Any, cast

import yaml

from sopc.findings import Span
from sopc.i18n import Message
from sopc.load.slips import key_slip, quoted, shown
from sopc.load.syntax import explain
from sopc.load.text import TextProblem, split_lines
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

    def __init__(self, code: str, span: tuple[int, int, int, int], message: Message) -> None:
        super().__init__(message.key)
        self.problem = TextProblem(code, Span(*span), message)


class _Again(Exception):
    """Raised without positions where a problem needs them: the file is parsed again."""


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("anchor", "drop_value", "key", "key_span", "node", "size", "want_key")

    def __init__(self, node: PMap | PSeq, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None
        self.key_span: Span | None = None
        self.want_key = type(node) is PMap  # a sequence's items are never keys
        self.drop_value = False


def parse_yaml(
    text: str, line_offset: int = 0, *, positions: bool = True
) -> tuple[Value, list[TextProblem]]:
    """Compose `text` into a positioned tree; problems carry SOP001–SOP004 codes.

    `line_offset` shifts every line (YAML front matter inside Markdown). On a
    fatal problem the tree is None. This is the loader's hot loop: one pass
    over libyaml's events with plain tuples for spans; a key that looks like a
    typing slip is only noted, and judged against the text afterwards. Without
    `positions`, only mappings and sequences have a span (not their keys, values
    and items); the values and problems are the same.
    """
    problems: list[TextProblem] = []
    suspects: list[tuple[str, Span]] = []
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.translate(_YAML11_BREAKS)
    parser = _Parser(text)
    try:
        root = _compose(parser, line_offset, problems, suspects, positions)
    except _Again:
        return parse_yaml(text, line_offset)
    except _Stop as stop:
        problems.append(stop.problem)
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text, line_offset))
        return None, problems
    finally:
        parser.dispose()
    slip = key_slip(suspects, split_lines(text), line_offset) if suspects else None
    if slip is not None:
        return None, [*problems, slip]
    return root, problems


def _compose(
    parser: Any,
    offset: int,
    problems: list[TextProblem],
    suspects: list[tuple[str, Span]],
    positions: bool,
) -> Value:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Value, int]] = {}
    open_anchors: set[str] = set()
    nodes = 0
    documents = 0
    root: Value = None
    get_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    allowed, nulls, null_tag = _ALLOWED_TAGS, _NULLS, _NULL_TAG

    line = 1 + offset  # libyaml counts lines from 0
    while True:  # the branches go by how often their events come; each makes its span
        event = get_event()
        kind = type(event)
        if kind is scalar_event:  # keys and values
            if positions:  # inline: a call for each of a file's hundreds of scalars shows
                start, end = event.start_mark, event.end_mark
                span: Any = (start.line + line, start.column + 1, end.line + line, end.column + 1)
            else:
                span = None
            tag = event.tag
            if tag is not None and tag not in allowed:
                raise _Stop("SOP004", span or _span(event, line), _tag_refused(event))
            nodes += 1
            if nodes > MAX_NODES:
                raise _Stop("SOP004", span or _span(event, line), _TOO_MANY)
            frame = stack[-1] if stack else None
            if frame is not None and frame.want_key:  # a key (typing.cast: a call each)
                name: str = event.value
                frame.want_key, frame.key, frame.key_span = False, name, span
                frame.drop_value = name in frame.node
                if frame.drop_value:
                    if not positions:  # the message names the first key's line
                        raise _Again
                    problems.append(_duplicate(cast(PMap, frame.node), name, span))
                if name[:1] in _SLIPPED_STARTS:
                    where: Any = span or _span(event, line)
                    suspects.append((name, where))
                if event.anchor is not None:
                    anchors[event.anchor] = (name, 1)
                continue
            value: Value = event.value
            if tag == null_tag or (value in nulls and event.implicit[0]):
                value = None
            size = 1
            anchor = event.anchor
        elif kind is map_end or kind is seq_end:
            end = event.end_mark
            frame = stack.pop()
            node = frame.node
            first = node.span
            span = node.span = (first[0], first[1], end.line + line, end.column + 1)
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
            value, size, anchor = node, frame.size, frame.anchor
        elif kind is map_start or kind is seq_start:
            start, end = event.start_mark, event.end_mark
            span = (start.line + line, start.column + 1, end.line + line, end.column + 1)
            if event.tag not in allowed:
                raise _Stop("SOP004", span, _tag_refused(event))
            nodes += 1
            if nodes > MAX_NODES:
                raise _Stop("SOP004", span, _TOO_MANY)
            if len(stack) >= MAX_DEPTH:
                raise _Stop("SOP004", span, _TOO_DEEP)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append(_Frame(PMap(span) if kind is map_start else PSeq(span), event.anchor))
            continue
        elif kind is alias_event:
            span = _span(event, line)
            if event.anchor in open_anchors:
                raise _Stop("SOP004", span, Message("yaml.alias_self", anchor=event.anchor))
            if event.anchor not in anchors:
                text = quoted(f"*{event.anchor}")
                raise _Stop(
                    "SOP001", span, Message("yaml.alias_unknown", anchor=event.anchor, fixed=text)
                )
            value, size = anchors[event.anchor]
            nodes += size
            if nodes > MAX_NODES:
                raise _Stop("SOP004", span, _TOO_MANY)
            anchor = None
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop("SOP001", _span(event, line), Message("yaml.second_document"))
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:
            continue
        # attach the completed value to its parent, or make it the document
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            root = value
            continue
        frame = stack[-1]
        frame.size += size
        parent = frame.node
        if isinstance(parent, PSeq):  # narrows for mypy, unlike a call of typing.cast
            parent.append(value)
            if positions:
                parent.item_spans.append(span)
        elif frame.want_key:  # a mapping or sequence used as a key
            problems.append(TextProblem("SOP007", Span(*span), Message("yaml.key_not_text")))
            frame.want_key, frame.key, frame.drop_value = False, None, True
        else:
            frame.want_key = True
            key, key_span = frame.key, frame.key_span
            if frame.drop_value or key is None:
                continue
            if value is None and (":" in key or "\uff1a" in key):
                if key_span is None:  # the key's place has passed
                    raise _Again
                suspects.append((key, key_span))
            parent[key] = value
            if key_span is not None:
                parent.key_spans[key] = key_span
                parent.value_spans[key] = span


_YAML11_BREAKS = {0x2028: " ", 0x2029: " ", 0x85: " "}
"""libyaml breaks lines at these (YAML 1.1); YAML 1.2 and editors do not. A space
for each keeps every column where the author sees it."""
_TOO_MANY = Message("yaml.too_many", limit=f"{MAX_NODES:,}")
_NULL_TAG = _CORE + "null"
_TOO_DEEP = Message("yaml.too_deep", limit=MAX_DEPTH)
_SLIPPED_STARTS = ("\u3000", "-")
"""A key that starts so is a line indented with full-width spaces, or an item
whose '-' has no space after it (`slips.key_slip` decides)."""
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
"""libyaml ≥ 0.2.6 stops at 1,000 flow levels itself, while scanning ahead for a
simple key, before the composer sees the 64th: the same finding, found earlier."""
_LIBYAML_NEST_LIMIT = "Maximum nesting level reached"
"""The same guard as libyaml's parser words it since 2024 (`yaml_set_max_nest_level`)."""


def _span(event: Any, line: int) -> tuple[int, int, int, int]:
    """An event's span; `line` is the first line's number (libyaml counts from 0)."""
    start, end = event.start_mark, event.end_mark
    return (start.line + line, start.column + 1, end.line + line, end.column + 1)


def _duplicate(node: PMap, key: str, span: Span) -> TextProblem:
    """A key the mapping already has: its value is dropped, the first one kept."""
    message = Message("yaml.duplicate_key", key=key, line=node.key_spans[key][0])
    return TextProblem("SOP002", Span(*span), message)


def _tag_refused(event: Any) -> Message:
    """A tag other than the core ones; one of the author's own (`!urgent 处理`) is
    more likely text that needs quotes than an attempt to construct something."""
    tag = event.tag.replace(_CORE, "!!")
    value = getattr(event, "value", None)
    if tag.startswith("!!") or not tag.startswith("!") or not isinstance(value, str):
        return Message("yaml.tag_refused", tag=tag)
    fixed = quoted(f"{tag} {value}".rstrip())
    return Message("yaml.tag_text", tag=tag, fixed=shown(fixed))


def _syntax_problem(exc: yaml.YAMLError, text: str, line_offset: int) -> TextProblem:
    """libyaml's depth guard is the composer's own finding; any other error is
    explained at its cause (`syntax.explain`)."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", ""))
    if mark is not None and problem.startswith((_LIBYAML_TOO_DEEP, _LIBYAML_NEST_LIMIT)):
        span = Span.point(mark.line + 1 + line_offset, mark.column + 1)
        return TextProblem("SOP004", span, _TOO_DEEP)
    return explain(exc, text, line_offset)
