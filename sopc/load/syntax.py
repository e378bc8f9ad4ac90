"""libyaml's errors, said so that the person who wrote the file can fix it.

libyaml reports where its parser gave up, in parser words ("could not find
expected ':'"). The mistake is often elsewhere: a full-width colon typed with a
Chinese input method on the line above, a quote never closed, a list item one
space out of line. `LIBYAML` maps every error libyaml raises (the context and
problem pairs of its scanner.c, parser.c and reader.c) to an explainer that
reads the lines and tokens around it and names the cause, at its own line and
column, with the fix: the mistakes of one character here, those of layout in
`layout.py`. Only a file that does not parse comes here, so an explainer may
scan it again.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from sopc.findings import Span
from sopc.i18n import Message
from sopc.load import layout
from sopc.load.fault import Cause, Fault, Source, in_brackets, not_key_value, quote_from, tab
from sopc.load.slips import content_start, key_at, quoted, shown, slip_at, value_from, value_start
from sopc.load.text import TextProblem

Explainer = Callable[[Fault, Source], Cause]


def explain(exc: yaml.YAMLError, text: str, line_offset: int) -> TextProblem:
    """The SOP001 finding for a YAML error, at its cause; `text` as libyaml read it."""
    fault = Fault.of(exc, text)
    explainer = LIBYAML.get((fault.context, fault.problem))
    cause = explainer(fault, Source(text, fault)) if explainer else _unknown(fault, line_offset)
    line, column = cause.at[0] + 1 + line_offset, cause.at[1] + 1
    return TextProblem("SOP001", Span(line, column, line, column + cause.width), cause.message)


def _unknown(fault: Fault, line_offset: int) -> Cause:
    """An error of a libyaml newer than this table: its own words, and the line."""
    where: Message | None = None
    if fault.context and fault.since is not None and fault.since != fault.at:
        line = fault.since[0] + 1 + line_offset
        where = Message("yaml.syntax_since", context=fault.context, line=line)
    elif fault.context:
        where = Message("yaml.syntax_during", context=fault.context)
    return Cause(fault.at, Message("yaml.syntax", problem=fault.problem, where=where))


# -- the mistakes of one character ----------------------------------------------------


def _cannot_start(fault: Fault, source: Source) -> Cause:
    """`@`, a backtick, `%` or a tab where a value or key begins."""
    char = source.char(fault.at)
    if char == "\t":
        return tab(fault, source)
    return quote_from(source, fault.at, Message("yaml.why_start", char=char))


def _missing_colon(fault: Fault, source: Source) -> Cause:
    """A line at a key's column that is no `key: value` (libyaml says so a line late,
    or 1,024 characters into a line with no ':')."""
    begins = fault.since or fault.at
    if fault.at[0] == begins[0] and slip_at(source.line(begins[0]), begins[1]) is None:
        return Cause(begins, Message("yaml.key_too_long"))
    return not_key_value(source, begins)


def _dash_in_value(fault: Fault, source: Source) -> Cause:
    """`key: - item`: a list begun on its key's line."""
    line = source.line(fault.at[0])
    key = key_at(line)
    if key is None or value_start(line) != fault.at[1]:
        return quote_from(source, fault.at, Message("yaml.why_start", char="-"))
    fixed = line[key[0] : fault.at[1]] + quoted(value_from(line, fault.at[1]))
    return Cause(fault.at, Message("yaml.dash_value", key=key[1], fixed=shown(fixed)))


def _reserved_start(fault: Fault, source: Source) -> Cause:
    """A value that starts with a character YAML reserves (`?`, `-` in brackets)."""
    return quote_from(source, fault.at, Message("yaml.why_start", char=source.char(fault.at)))


def _anchor(fault: Fault, source: Source) -> Cause:
    """`&` or `*` then text: libyaml read an anchor or alias (its mark is the `&`)."""
    at = fault.since or fault.at
    return quote_from(source, at, Message("yaml.why_anchor", char=source.char(at)))


def _tag(fault: Fault, source: Source) -> Cause:
    """`!` then text: libyaml read a tag (its mark may stand before the `!`)."""
    at = fault.since or fault.at
    bang = source.line(at[0]).find("!", at[1])
    return quote_from(source, (at[0], bang) if bang >= 0 else at, Message("yaml.why_tag"))


def _block_header(fault: Fault, source: Source) -> Cause:
    """Text after `|` or `>` on its line (`title: |客户`)."""
    at = fault.since or fault.at
    return quote_from(source, at, Message("yaml.why_block", char=source.char(at)))


def _directive(fault: Fault, source: Source) -> Cause:
    return Cause(((fault.since or fault.at)[0], 0), Message("yaml.directive"))


def _unclosed_quote(fault: Fault, source: Source) -> Cause:
    opening = fault.since or fault.at
    quote = layout.QUOTES.get(source.char(opening), layout.QUOTES['"'])
    return Cause(opening, Message("yaml.quote_unclosed", quote=quote))


def _escape(fault: Fault, source: Source) -> Cause:
    """A backslash in double quotes that is no escape (`"C:\\data"`): single quotes."""
    line = source.line(fault.at[0])
    backslash = line.rfind("\\", 0, fault.at[1] + 1)
    opening = fault.since if fault.since and fault.since[0] == fault.at[0] else (fault.at[0], -1)
    text = line[opening[1] + 1 : _closing_quote(line, opening[1] + 1)]
    key = "" if in_brackets(line, opening[1]) else line[content_start(line) : max(opening[1], 0)]
    fixed = key + "'" + text.replace("'", "''") + "'"
    at = (fault.at[0], backslash if backslash >= 0 else fault.at[1])
    return Cause(at, Message("yaml.escape", fixed=shown(fixed)))


def _closing_quote(line: str, index: int) -> int:
    """Where the double-quoted text that runs from `index` ends (past escapes)."""
    while index < len(line) and line[index] != '"':
        index += 2 if line[index] == "\\" else 1
    return min(index, len(line))


def _flow_colon(fault: Fault, source: Source) -> Cause:
    return Cause(fault.at, Message("yaml.flow_colon"))


def _control_character(fault: Fault, source: Source) -> Cause:
    code = f"U+{ord(source.char(fault.at) or ' '):04X}"
    return Cause(fault.at, Message("yaml.control_char", code=code))


_SCAN, _PARSE = "while scanning", "while parsing"
_TAG, _TAG_DIRECTIVE = f"{_PARSE} a tag", f"{_PARSE} a %TAG directive"
_BLOCK_COLLECTION = f"{_PARSE} a block collection"

LIBYAML: dict[tuple[str | None, str], Explainer] = {
    # scanner.c
    (f"{_SCAN} for the next token", "found character that cannot start any token"): _cannot_start,
    (f"{_SCAN} a simple key", "could not find expected ':'"): _missing_colon,
    (None, "block sequence entries are not allowed in this context"): _dash_in_value,
    (None, "mapping keys are not allowed in this context"): _reserved_start,
    (None, "mapping values are not allowed in this context"): layout.colon_in_value,
    (f"{_SCAN} a directive", "found unknown directive name"): _directive,
    (f"{_SCAN} a directive", "did not find expected comment or line break"): _directive,
    (f"{_SCAN} a directive", "could not find expected directive name"): _directive,
    (f"{_SCAN} a directive", "found unexpected non-alphabetical character"): _directive,
    (f"{_SCAN} a %YAML directive", "did not find expected digit or '.' character"): _directive,
    (f"{_SCAN} a %YAML directive", "found extremely long version number"): _directive,
    (f"{_SCAN} a %YAML directive", "did not find expected version number"): _directive,
    (f"{_SCAN} a %TAG directive", "did not find expected whitespace"): _directive,
    (f"{_SCAN} a %TAG directive", "did not find expected whitespace or line break"): _directive,
    (f"{_SCAN} a tag directive", "did not find expected '!'"): _directive,
    (f"{_PARSE} a tag directive", "did not find expected '!'"): _directive,
    (_TAG_DIRECTIVE, "did not find expected tag URI"): _directive,
    (_TAG_DIRECTIVE, "did not find URI escaped octet"): _directive,
    (_TAG_DIRECTIVE, "found an incorrect leading UTF-8 octet"): _directive,
    (_TAG_DIRECTIVE, "found an incorrect trailing UTF-8 octet"): _directive,
    (f"{_SCAN} an anchor", "did not find expected alphabetic or numeric character"): _anchor,
    (f"{_SCAN} an alias", "did not find expected alphabetic or numeric character"): _anchor,
    (f"{_SCAN} a tag", "did not find the expected '>'"): _tag,
    (f"{_SCAN} a tag", "did not find expected whitespace or line break"): _tag,
    (_TAG, "did not find expected tag URI"): _tag,
    (_TAG, "did not find URI escaped octet"): _tag,
    (_TAG, "found an incorrect leading UTF-8 octet"): _tag,
    (_TAG, "found an incorrect trailing UTF-8 octet"): _tag,
    (f"{_SCAN} a block scalar", "found an indentation indicator equal to 0"): _block_header,
    (f"{_SCAN} a block scalar", "did not find expected comment or line break"): _block_header,
    (f"{_SCAN} a block scalar", "found a tab character where an indentation space is expected"): (
        tab
    ),
    (f"{_SCAN} a quoted scalar", "found unexpected document indicator"): _unclosed_quote,
    (f"{_SCAN} a quoted scalar", "found unexpected end of stream"): _unclosed_quote,
    (f"{_PARSE} a quoted scalar", "found unknown escape character"): _escape,
    (f"{_PARSE} a quoted scalar", "did not find expected hexdecimal number"): _escape,
    (f"{_PARSE} a quoted scalar", "found invalid Unicode character escape code"): _escape,
    (f"{_SCAN} a plain scalar", "found unexpected ':'"): _flow_colon,
    (f"{_SCAN} a plain scalar", "found a tab character that violates indentation"): tab,
    # parser.c
    (None, "did not find expected <document start>"): layout.document_start,
    (f"{_PARSE} a node", "found undefined tag handle"): _tag,
    (f"{_PARSE} a block node", "did not find expected node content"): layout.node_content,
    (f"{_PARSE} a flow node", "did not find expected node content"): layout.node_content,
    (_BLOCK_COLLECTION, "did not find expected '-' indicator"): layout.block_collection,
    (f"{_PARSE} a block mapping", "did not find expected key"): layout.block_mapping,
    (f"{_PARSE} a flow sequence", "did not find expected ',' or ']'"): layout.flow_collection,
    (f"{_PARSE} a flow mapping", "did not find expected ',' or '}'"): layout.flow_collection,
    (None, "found duplicate %YAML directive"): _directive,
    (None, "found incompatible YAML document"): _directive,
    (None, "found duplicate %TAG directive"): _directive,
    # reader.c
    (None, "control characters are not allowed"): _control_character,
}
"""Every error libyaml can raise through `yaml.py` but its depth guard (which
`yaml.py` reports as its own limit): tests/test_yaml_error_table.py makes each
from a real file, and lists the ones our loader cannot meet, with why."""
