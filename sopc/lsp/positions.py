"""Positions as sopc counts them and as LSP does.

sopc counts 1-based lines and columns in characters (code points: `客` is one column,
so is `𠀀`); LSP counts 0-based lines and columns in the code units of the encoding
server and client agreed on: UTF-16 unless the client offers another (LSP 3.17
`positionEncodings`), where a character outside the Basic Multilingual Plane (CJK
Extension B and later, emoji) takes two units; in UTF-8 a CJK character takes three.
A column past the end of its line (a span that ends after the last character, or a
missing field at a mapping's end) is clamped to the line's end, as clients expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sopc.findings import Span


@dataclass(frozen=True)
class Point:
    """An LSP position: 0-based line, a column in the agreed encoding's units."""

    line: int
    character: int


@dataclass(frozen=True)
class Extent:
    """An LSP range."""

    start: Point
    end: Point


UTF16, UTF8, UTF32 = "utf-16", "utf-8", "utf-32"
_LINE_END = re.compile(r"\r\n|\r|\n")


def units(char: str, encoding: str = UTF16) -> int:
    """How many code units of `encoding` one character takes."""
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    if encoding == UTF32:
        return 1
    return 2 if ord(char) > 0xFFFF else 1


class Lines:
    """A document's lines, to convert positions in both directions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.lines = _LINE_END.split(text)  # LSP's line ends, and sopc's
        self.encoding = encoding

    def width(self, text: str) -> int:
        """How many code units `text` takes."""
        if self.encoding == UTF16:
            return utf16_length(text)
        return sum(units(char, self.encoding) for char in text)

    def line(self, number: int) -> str:
        """Line `number` (1-based) without its line end; "" past the end."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def point(self, line: int, column: int) -> Point:
        """sopc's (line, column) as an LSP position."""
        last = len(self.lines)
        if line > last:
            return Point(max(last - 1, 0), self.width(self.line(last)))
        text = self.line(line)
        return Point(max(line - 1, 0), self.width(text[: max(column - 1, 0)]))

    def extent(self, span: Span) -> Extent:
        start = self.point(span.line, span.column)
        return Extent(start, self.point(span.end_line, span.end_column))

    def place(self, point: Point) -> tuple[int, int]:
        """An LSP position as sopc's (line, column); a column inside a character's
        units (half a surrogate pair) falls after that character."""
        text = self.line(point.line + 1)
        counted = 0
        for index, char in enumerate(text):
            if counted >= point.character:
                return point.line + 1, index + 1
            counted += units(char, self.encoding)
        return point.line + 1, len(text) + 1


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
