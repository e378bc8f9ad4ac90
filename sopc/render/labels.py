"""Text for chart labels: control characters out, a length cap, and balanced line
wrapping that counts a CJK character as two columns (Graphviz and Mermaid)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)%")
_NO_LINE_END = set("（《「『【(")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


LABEL_LIMIT = 1000  # characters of one text in a chart; `dot` refuses strings over 16 KiB


def clean(text: str) -> str:
    """Text without control characters (XML refuses them), lines joined by newlines,
    cut at LABEL_LIMIT: a chart is no place for a page of text, and even escaped
    (each `&` five characters, each backslash four) it stays within dot's limit."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text if len(text) <= LABEL_LIMIT else text[:LABEL_LIMIT] + "…"


def text_width(text: str) -> int:
    """Columns the text takes: two for a wide (CJK) character, one for others."""
    return sum(map(_columns, text))


@lru_cache(maxsize=8192)  # a chart's text has a few hundred distinct characters
def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def wrap(text: str, width: int) -> list[str]:
    """Break text into balanced lines of at most about `width` columns (a CJK character
    is two): Latin words stay whole, CJK breaks between characters but not before
    closing or after opening punctuation."""
    lines: list[str] = []
    for paragraph in (p.strip() for p in clean(text).split("\n")):
        if not paragraph:
            continue
        tokens = _TOKEN.findall(paragraph)
        sizes = [text_width(token) for token in tokens]
        total = sum(sizes)
        count = -(-total // width)  # as few lines as the width allows, then as even as can be
        for target in range(-(-total // count), width + 1):
            fitted = _fill(tokens, sizes, target)
            if len(fitted) <= count:
                break
        lines += fitted
    return lines or [""]


# spaces, a Latin word (cut every 16 characters), or one other (CJK) character
_TOKEN = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{1,16}|.")


def _fill(tokens: list[str], sizes: list[int], target: int) -> list[str]:
    """The tokens in lines of about `target` columns (`sizes`: each token's)."""
    lines: list[str] = []
    line, used = "", 0
    for token, size in zip(tokens, sizes, strict=True):
        full = line.strip() and not token.isspace() and used + size > target
        if full and token[0] not in _NO_LINE_START and line.rstrip()[-1] not in _NO_LINE_END:
            lines.append(line.strip())
            line, used = "", 0
        line += token
        used += size
    return [*lines, line.strip()]
