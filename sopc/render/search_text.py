"""What the search index makes of text (docs/search.md): folding, the keys a text is
found by (CJK bigrams, other words), clean one-line texts, the words of Markdown,
and the encoding of postings. `assets/search.js` repeats `fold` and `decode`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# Han, kana, Hangul syllables, CJK compatibility and the supplementary ideographs:
# indexed by bigrams. The browser builds its regular expression from this text.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
_RUN = re.compile(r"[^\W_]+")  # letters and digits: JavaScript's [\p{L}\p{N}]+
_PIECE = re.compile(f"([{CJK}]+)|([^{CJK}]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# postings: delta-coded record numbers, base 32, high digits first; a digit below 32
# ends a number, one of 32 and up is followed by more
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"


def fold(text: str) -> str:
    """Text as search compares it: NFKC (full-width → half-width, ﬁ → fi, ㈱ → (株)),
    then upper- and lower-cased; search.js folds the query so (`casefold` has cases a
    browser cannot repeat). No fold makes or removes a tab or a line break."""
    return unicodedata.normalize("NFKC", text).upper().lower()


def keys(folded: str) -> set[str]:
    """The index keys of a folded text: its CJK bigrams (a lone CJK character by
    itself) and its other words."""
    found: set[str] = set()
    for run in _RUN.findall(folded):
        for cjk, word in _PIECE.findall(run):
            if word:
                found.add(word)
            elif len(cjk) == 1:
                found.add(cjk)
            else:
                found.update(cjk[i : i + 2] for i in range(len(cjk) - 1))
    return found


def clean(text: str) -> str:
    """One line of text: control characters dropped, whitespace runs (tabs and line
    breaks, the index's separators, among them) made one space."""
    return " ".join(_CONTROL.sub("", text).split())


def markdown_text(source: str | None) -> str:
    """The words of a Markdown text (a purpose, a step's guidance), without markup:
    link text stays, addresses go."""
    if not source:
        return ""
    words: list[str] = []
    for token in _markdown().parse(source):
        if token.type in ("code_block", "fence"):
            words.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        words.append(" ")
    return clean("".join(words))


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def encode(numbers: Iterable[int]) -> str:
    """Ascending record numbers as the differences between them, in `DIGITS`."""
    out: list[str] = []
    previous = -1
    for number in numbers:
        delta, previous = number - previous, number
        code = DIGITS[delta & 31]
        delta >>= 5
        while delta:
            code = DIGITS[32 + (delta & 31)] + code
            delta >>= 5
        out.append(code)
    return "".join(out)


def decode(text: str) -> list[int]:
    """The inverse of `encode` (search.js has its own)."""
    numbers, value, previous = [], 0, -1
    for char in text:
        digit = DIGITS.index(char)
        value = value * 32 + digit % 32
        if digit < 32:
            previous += value
            numbers.append(previous)
            value = 0
    return numbers
