"""A libyaml error as the explainers read it: what libyaml said and where (`Fault`),
the text around it (`Source`), and the mistake to report (`Cause`).

Shared by `syntax.py` (the table and the mistakes of one character) and
`layout.py` (the mistakes of indentation, quotes and brackets).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Any

import yaml

from sopc.i18n import Message
from sopc.load.slips import (
    FULLWIDTH_SPACE,
    content_start,
    quoted,
    shown,
    slip_at,
    value_from,
)
from sopc.load.text import split_lines

Pos = tuple[int, int]
"""A 0-based (line, column) in characters, as libyaml's marks count them."""


@dataclass(frozen=True, slots=True)
class Fault:
    """What libyaml said: its context and problem, where it gave up (`at`) and where
    the construct it was reading began (`since`, its context mark)."""

    context: str | None
    problem: str
    at: Pos
    since: Pos | None

    @classmethod
    def of(cls, exc: yaml.YAMLError, text: str) -> Fault:
        if isinstance(exc, yaml.reader.ReaderError):  # it tells a byte offset: find the character
            found = _REFUSED.search(text)
            before = split_lines(text[: found.start() if found else 0])
            return cls(None, str(exc.reason), (len(before) - 1, len(before[-1])), None)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        since = getattr(exc, "context_mark", None)
        return cls(
            getattr(exc, "context", None),
            getattr(exc, "problem", None) or str(exc).splitlines()[0],
            (mark.line, mark.column) if mark is not None else (0, 0),
            (since.line, since.column) if since is not None else None,
        )


_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What libyaml's reader refuses (reader.c): control characters, U+FFFE and U+FFFF."""


@dataclass(frozen=True, slots=True)
class Cause:
    """The mistake: where it is, how many characters it covers, what to do."""

    at: Pos
    message: Message
    width: int = 1


class Source:
    """The text's lines, and the last tokens libyaml scans before the fault."""

    def __init__(self, text: str, fault: Fault) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.fault = fault
        self._tokens: list[Any] | None = None

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def char(self, at: Pos) -> str:
        return self.line(at[0])[at[1] : at[1] + 1]

    def above(self, index: int, stop: int = 0) -> int | None:
        """The nearest line above `index` (down to `stop`) with more than a comment."""
        for above in range(index - 1, stop - 1, -1):
            if has_content(self.line(above)):
                return above
        return None

    def tokens(self) -> list[Any]:
        """The last tokens that start before the fault: scanned again, the first time an
        explainer asks, and a few kept (no explainer reads further back)."""
        if self._tokens is None:
            kept: deque[Any] = deque(maxlen=8)
            scanner = yaml.CSafeLoader(self.text)
            try:
                while (token := scanner.get_token()) is not None and token_at(
                    token
                ) < self.fault.at:
                    kept.append(token)
            except yaml.YAMLError:
                pass  # the scanner's own error is the fault, or lies past it
            finally:
                scanner.dispose()
            self._tokens = list(kept)
        return self._tokens


def token_at(token: Any) -> Pos:
    return (token.start_mark.line, token.start_mark.column)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def quote_from(source: Source, at: Pos, why: Message, point: Pos | None = None) -> Cause:
    """Put the value that starts at `at` in quotes (in brackets: the item); the
    finding stands at `point` (the character YAML misread), else at `at`."""
    line = source.line(at[0])
    if in_brackets(line, at[1]):
        ends = [end for end in (line.find(c, at[1]) for c in ",]}") if end >= 0]
        fixed = quoted(line[at[1] : min(ends, default=len(line))].strip())
    else:
        fixed = line[content_start(line) : at[1]] + quoted(value_from(line, at[1]))
    return Cause(point or at, Message("yaml.quote_value", why=why, fixed=shown(fixed)))


def in_brackets(line: str, column: int) -> bool:
    """Whether `column` stands inside a `[...]` or `{...}` opened on its line: a fix
    there quotes the item, not the rest of the line."""
    before = line[:column]
    return before.count("[") + before.count("{") > before.count("]") + before.count("}")


def not_key_value(source: Source, at: Pos) -> Cause:
    """The line that starts at `at` should be `key: value`: its slip, or how it should read."""
    line = source.line(at[0])
    slip = slip_at(line, at[1])
    if slip is not None:
        return Cause((at[0], slip.column), slip.message)
    return Cause(at, Message("yaml.not_key_value"), max(len(value_from(line, at[1])), 1))


def tab(fault: Fault, source: Source) -> Cause:
    """A tab where YAML wants spaces: at the fault, or the first on its line."""
    line = source.line(fault.at[0])
    column = fault.at[1] if source.char(fault.at) == "\t" else line.find("\t")
    return Cause((fault.at[0], column if column >= 0 else fault.at[1]), Message("yaml.tab"))


def indent_slip(source: Source, index: int) -> Cause | None:
    """A tab or a full-width space among what indents line `index`: YAML takes the
    line to begin there, so whatever it says about the line's place is beside the point."""
    line = source.line(index)
    indent = line[: len(line) - len(line.lstrip(" \t" + FULLWIDTH_SPACE))]
    for char, key in (("\t", "yaml.tab"), (FULLWIDTH_SPACE, "yaml.fullwidth_indent")):
        if char in indent:
            return Cause((index, indent.index(char)), Message(key))
    return None


def has_content(line: str) -> bool:
    """A line with more than blanks or a comment: the lines a cause can stand on."""
    text = line.strip()
    return bool(text) and not text.startswith("#")
