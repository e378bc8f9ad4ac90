"""The mistakes of layout: a key or list item out of line, a quote or bracket
left open, a value that goes on after its closing quote.

libyaml notices them where the structure stops making sense, often lines later;
each explainer here goes back to the line that breaks it, using the marks
libyaml gives (where the mapping, list or quote began) and the tokens before
the error.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from sopc.i18n import Message
from sopc.load.fault import (
    Cause,
    Fault,
    Pos,
    Source,
    has_content,
    indent_of,
    indent_slip,
    not_key_value,
    quote_from,
    token_at,
)
from sopc.load.slips import content_start, key_at, shown, slip_at, value_from, value_start

QUOTES = {'"': Message("yaml.double_quote"), "'": Message("yaml.single_quote")}
CLOSE = {"[": "]", "{": "}"}
OPEN = {"]": "[", "}": "{"}
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""What an SOP's field names and ids look like; anything else is taken for text."""


def colon_in_value(fault: Fault, source: Source) -> Cause:
    """`: ` where no key may start: inside a value, or in text that runs on from a
    line above (a key indented too far, or a line whose own colon was a slip)."""
    tokens = source.tokens()
    scalars = [i for i, token in enumerate(tokens) if isinstance(token, yaml.ScalarToken)]
    if not scalars:
        return quote_from(source, fault.at, Message("yaml.why_colon"))
    index = scalars[-1]
    begins = token_at(tokens[index])
    if begins[0] == fault.at[0]:
        return quote_from(source, begins, Message("yaml.why_colon"), fault.at)
    before = tokens[index - 1] if index else None
    if isinstance(before, yaml.ValueToken) and before.start_mark.line == begins[0] and index > 1:
        return _continued(fault, source, tokens[index - 2], begins[0])
    return not_key_value(source, begins)


def _continued(fault: Fault, source: Source, key: Any, parent_line: int) -> Cause:
    """The value of `key` runs on into the line of the fault: that line is indented
    too far (a key, a list item), or is text that needs quotes."""
    cause = indent_slip(source, parent_line) or indent_slip(source, fault.at[0])
    if cause is not None:
        return cause
    line, parent, shown_line = source.line(fault.at[0]), str(key.value), parent_line + 1
    begins, indent = content_start(line), indent_of(line)
    if begins > indent:  # a list item
        item = _item_above(source, (fault.at[0], indent_of(line)), 0)
        column = (key.start_mark.column if item is None else item[1]) + 1
        message = Message("yaml.indented_item", parent=parent, line=shown_line, column=column)
        return Cause((fault.at[0], indent), message)
    word = line[begins : fault.at[1]].strip()
    if _FIELD.fullmatch(word):
        column = key.start_mark.column + 1
        message = Message(
            "yaml.indented_key", key=word, parent=parent, line=shown_line, column=column
        )
        return Cause((fault.at[0], begins), message, len(word))
    return Cause(fault.at, Message("yaml.quote_continued", parent=parent, line=shown_line))


def _item_above(source: Source, at: Pos, stop: int) -> Pos | None:
    """The `- item` line above `at` (down to line `stop`) whose '-' is nearest its
    column, the shallower of two as near: the list an item out of line belongs to."""
    items: list[tuple[int, int, int]] = []  # (distance, column, -line): nearest first
    for above in range(at[0] - 1, stop - 1, -1):
        column = indent_of(source.line(above))
        if _is_item(source.line(above), column):
            items.append((abs(column - at[1]), column, -above))
    if not items:
        return None
    _, column, negated = min(items)
    return (-negated, column)


def _nearest_at(source: Source, index: int, column: int, stop: int) -> Pos:
    """The nearest line above `index` (down to `stop`) whose content starts at
    `column`: the sibling a message names (`stop` itself when there is none)."""
    for above in range(index - 1, stop, -1):
        line = source.line(above)
        if has_content(line) and indent_of(line) == column:
            return (above, column)
    return (stop, column)


def _is_item(line: str, column: int) -> bool:
    return line[column : column + 1] == "-" and line[column + 1 : column + 2] in (" ", "")


def _label(line: str, column: int) -> str:
    """How a message names the line that starts at `column`: its key, or its text."""
    key = key_at(line)
    if key is not None and key[0] == column:
        return key[1]
    return shown(value_from(line, column))[:20]


def after_closing(fault: Fault, source: Source) -> Cause | None:
    """A value that starts with a quote or a bracket and goes on after the closing
    one; or a quote that closes only on the line of the fault, lines after it opened."""
    tokens = source.tokens()
    last = tokens[-1] if tokens else None
    if last is None or last.end_mark.line != fault.at[0]:
        return None
    if isinstance(last, yaml.ScalarToken) and last.style in QUOTES:
        begins = token_at(last)
        if begins[0] != fault.at[0]:
            message = Message(
                "yaml.quote_closed_late", quote=QUOTES[last.style], line=fault.at[0] + 1
            )
            return Cause(begins, message)
        return quote_from(source, begins, Message("yaml.why_after_quote"), fault.at)
    if isinstance(last, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
        line = source.line(fault.at[0])
        value = value_start(line)
        opening = line[value : value + 1]
        if opening in CLOSE:
            why = Message("yaml.why_after_bracket", open=opening, close=CLOSE[opening])
            return quote_from(source, (fault.at[0], value), why, fault.at)
    return None


def block_mapping(fault: Fault, source: Source) -> Cause:
    """Something other than a key where a mapping's next key should be."""
    at, char = fault.at, source.char(fault.at)
    if char in OPEN:
        return Cause(at, Message("yaml.extra_closing", char=char, open=OPEN[char]))
    cause = after_closing(fault, source) or indent_slip(source, at[0])
    if cause is not None:
        return cause
    line, mapping = source.line(at[0]), fault.since or at
    if _is_item(line, at[1]):
        item = _item_above(source, at, mapping[0])
        if item is not None and item[1] != at[1]:
            return _item_misaligned(at, item)
        return Cause(at, Message("yaml.item_among_keys", line=mapping[0] + 1))
    if at[1] != mapping[1]:
        return _misaligned(source, at, mapping)
    return not_key_value(source, at)


def _misaligned(source: Source, at: Pos, mapping: Pos) -> Cause:
    """A key whose indentation lines up with nothing: name the keys it falls between
    (the mapping's, and a deeper one above), or the mapping's alone."""
    for index in range(at[0] - 1, mapping[0], -1):
        above = source.line(index)
        if has_content(above) and indent_of(above) > at[1]:
            key = _label(source.line(at[0]), at[1])
            outer = _nearest_at(source, index, mapping[1], mapping[0])
            message = Message(
                "yaml.key_between",
                key=key,
                column=at[1] + 1,
                outer=_label(source.line(outer[0]), mapping[1]),
                outer_column=mapping[1] + 1,
                inner=_label(above, indent_of(above)),
                inner_column=indent_of(above) + 1,
            )
            return Cause(at, message, len(key))
    return _key_misaligned(source, at, _nearest_at(source, at[0], mapping[1], mapping[0]))


def _key_misaligned(source: Source, at: Pos, sibling: Pos) -> Cause:
    """The key at `at` should line up with the one at `sibling`."""
    key = _label(source.line(at[0]), at[1])
    message = Message(
        "yaml.key_misaligned",
        key=key,
        sibling=_label(source.line(sibling[0]), sibling[1]),
        line=sibling[0] + 1,
        column=sibling[1] + 1,
    )
    return Cause(at, message, len(key))


def _item_misaligned(at: Pos, item: Pos) -> Cause:
    """The list item at `at` should start where the one at `item` does."""
    message = Message(
        "yaml.item_misaligned", column=at[1] + 1, line=item[0] + 1, expected=item[1] + 1
    )
    return Cause(at, message)


def block_collection(fault: Fault, source: Source) -> Cause:
    """Something other than a `- ` item where a list's next item should be."""
    at, items = fault.at, fault.since or fault.at
    cause = after_closing(fault, source) or indent_slip(source, at[0])
    if cause is not None:
        return cause
    line = source.line(at[0])
    if _is_item(line, at[1]):
        return _item_misaligned(at, items)
    slip = slip_at(line, at[1]) if source.char(at) == "-" else None
    if slip is not None:
        return Cause((at[0], slip.column), slip.message)
    above = source.above(at[0], items[0])
    if above is not None and content_start(source.line(above)) > at[1] > items[1]:
        return _key_misaligned(source, at, (above, content_start(source.line(above))))
    return Cause(at, Message("yaml.list_interrupted", line=items[0] + 1))


def flow_collection(fault: Fault, source: Source) -> Cause:
    """A `[...]` or `{...}` never closed (the fault is on a later line that does not
    continue it), or two of its items without a ',' between them."""
    cause = after_closing(fault, source)
    if cause is not None:
        return cause
    opening = fault.since or fault.at
    char = source.char(opening)
    close = CLOSE.get(char, "]")
    line = source.line(fault.at[0])
    dedented = indent_of(line) <= indent_of(source.line(opening[0]))
    if fault.at[0] > opening[0] and (dedented or close not in line[fault.at[1] :]):
        return Cause(opening, Message("yaml.bracket_unclosed", open=char, close=close))
    return Cause(fault.at, Message("yaml.flow_comma", open=char, close=close))


def node_content(fault: Fault, source: Source) -> Cause:
    """No value where one must be: a stray ',' or closing bracket, or a reserved start."""
    char = source.char(fault.at)
    if char == ",":
        return Cause(fault.at, Message("yaml.extra_comma"))
    if char in OPEN:
        return Cause(fault.at, Message("yaml.extra_closing", char=char, open=OPEN[char]))
    return quote_from(source, fault.at, Message("yaml.why_start", char=char))


def document_start(fault: Fault, source: Source) -> Cause:
    """More after the end of the document: a `...` line, or text after a closed value."""
    for index in range(fault.at[0] - 1, -1, -1):
        if _DOCUMENT_END.match(source.line(index)):
            return Cause((index, 0), Message("yaml.document_end"), 3)
    return after_closing(fault, source) or Cause(fault.at, Message("yaml.after_document"))


_DOCUMENT_END = re.compile(r"\.\.\.(\s|$)")
