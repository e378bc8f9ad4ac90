"""What every stage reports: a `Finding` at a `Span` of a source file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from sopc.i18n import Message, translator


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used to sort and to decide the exit code."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Span(NamedTuple):
    """Where a value stands in its file: 1-based lines and columns, counted in
    characters (a CJK character is one column), end exclusive.

    A tuple, so that the loader can store plain `(line, column, end_line,
    end_column)` tuples for hundreds of thousands of values cheaply."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int = 1, column: int = 1) -> Span:
        return cls(line, column, line, column + 1)


FILE_START = Span.point(1, 1)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. `path` is relative to the project root (POSIX separators);
    `severity` is None until the project's rule configuration is applied. The
    message is data (`Message`) until a report says it in the reader's language."""

    path: str
    span: Span
    code: str
    message: Message
    sop: str | None = None
    severity: Severity | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Findings sort by place, then code, then their English wording: the same
        order whatever language they are shown in."""
        return (self.path, self.span.line, self.span.column, self.code, _ENGLISH.say(self.message))


_ENGLISH = translator("en")


_LINE_BREAKS = str.maketrans(
    {"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\x85"}
)


def one_line(text: str) -> str:
    """`text` with its line breaks shown as escapes: a message that quotes an SOP
    title stays one line, so it cannot fake a second finding or a CI command."""
    return text.translate(_LINE_BREAKS)
