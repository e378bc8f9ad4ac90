"""Typing slips in a line of YAML, and the line as it should read.

The slips a Chinese input method makes easy: a full-width colon `：` or space `　`
where YAML needs `:` and an ordinary space, and, by a quick hand, no space after
`:` or `-`. `syntax.py` looks for them where an error points; the composer asks
about keys that only a slip explains (`{id: a, title：接收}` holds a key
`title：接收` with no value). A full-width colon inside a value
(`title: 处理：登记`) is text, and nothing here looks there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sopc.findings import Span
from sopc.i18n import Message
from sopc.load.text import TextProblem

FULLWIDTH_COLON = "\uff1a"
FULLWIDTH_SPACE = "\u3000"
SHOWN = 60
"""Characters of a corrected line a message quotes; longer ones end in '…'."""

_WORD = r"[^\s:：#'\"\[\]{},&*!|>%@`]+?"
_COLON_FULLWIDTH = re.compile(rf"({_WORD})[ \u3000]*：[ \u3000]*")
_COLON_THEN_FULLWIDTH_SPACE = re.compile(rf"({_WORD}):\u3000[ \u3000]*")
_COLON_NO_SPACE = re.compile(rf"({_WORD}):(?=[^\s:/])")
_DASH_NO_SPACE = re.compile(r"-(?=[^\s-])")


@dataclass(frozen=True, slots=True)
class Slip:
    """The column (0-based) of the slipped character and what to say about it."""

    column: int
    message: Message


def slip_at(line: str, start: int) -> Slip | None:
    """The slip in the key or item that starts at column `start` of `line`, if any."""
    rest = line[start:]
    if rest.startswith(FULLWIDTH_SPACE):
        return Slip(start, Message("yaml.fullwidth_indent"))
    if match := _COLON_FULLWIDTH.match(rest):
        column = start + rest.index(FULLWIDTH_COLON, len(match[1]))
        return Slip(column, Message("yaml.fullwidth_colon", fixed=_fixed(match, rest)))
    if match := _COLON_THEN_FULLWIDTH_SPACE.match(rest):
        column = start + len(match[1]) + 1
        return Slip(column, Message("yaml.fullwidth_space", fixed=_fixed(match, rest)))
    if match := _COLON_NO_SPACE.match(rest):
        column = start + len(match[1])
        return Slip(column, Message("yaml.colon_space", fixed=_fixed(match, rest)))
    if _DASH_NO_SPACE.match(rest):
        return Slip(start, Message("yaml.dash_space", fixed=shown(f"- {rest[1:]}")))
    return None


def _fixed(match: re.Match[str], rest: str) -> str:
    """The key, an English colon and a space, and the rest of the line."""
    return shown(f"{match[1]}: {rest[match.end() :]}".rstrip())


def key_slip(suspects: list[tuple[str, Span]], lines: list[str], offset: int) -> TextProblem | None:
    """The first composed key that is a slip, not a name: `　title` (indented with
    full-width spaces), `-id` (an item without its space), or a valueless
    `title：接收` / `id:a` in braces. A quoted key is meant as written."""
    for key, span in suspects:
        index, column = span[0] - 1 - offset, span[1] - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        if line[column : column + 1] in ("'", '"', ""):
            continue
        within_key = ":" in key or FULLWIDTH_COLON in key  # the fix quotes no more than the key
        slip = slip_at(line[: column + len(key)] if within_key else line, column)
        if slip is not None and slip.column < column + len(key):
            where = Span(span[0], slip.column + 1, span[0], slip.column + 2)
            return TextProblem("SOP001", where, slip.message)
    return None


def content_start(line: str) -> int:
    """Where a line's content begins: past its indentation and any `- ` markers."""
    index = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", index) or line[index:] == "-":
        index += 1
        while line[index : index + 1] == " ":
            index += 1
    return index


_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s#'"\[\]{},][^#]*?)[ \t]*:(?=[ \t]|$)""")


def key_at(line: str) -> tuple[int, str] | None:
    """The column and text of the key a `key: value` line starts with."""
    start = content_start(line)
    match = _KEY.match(line, start)
    return (start, match[1]) if match else None


def value_start(line: str) -> int:
    """Where the value of a `key: value` line (or of a `- item`) begins."""
    start = content_start(line)
    match = _KEY.match(line, start)
    if match is None:
        return start
    index = match.end() + 1
    while line[index : index + 1] in (" ", "\t"):
        index += 1
    return min(index, len(line))


def value_from(line: str, start: int) -> str:
    """The text from `start` to the end of the line, without a trailing comment."""
    text = line[start:]
    comment = text.find(" #")
    return (text[:comment] if comment >= 0 else text).rstrip()


def quoted(text: str) -> str:
    """`text` as a YAML value in quotes: double ones, or single ones where double
    quotes would need escapes (the text holds `"` or a backslash)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def shown(text: str) -> str:
    """`text` cut to what a one-line message can quote."""
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
