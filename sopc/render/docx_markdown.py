"""Markdown in an SOP (purpose, scope, step guidance) as Word paragraphs: emphasis
as bold/italic runs, lists as bullets or numbered paragraphs, tables as tables,
headings as bold lines (they stay out of Word's navigation pane); no markup leaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from docx.document import Document
from docx.shared import Mm
from docx.text.paragraph import Paragraph

Line = list[tuple[str, str]]  # runs of one line: (text, look); look "" plain, "b" bold, "m" muted
Cell = str | list[Line]  # a table cell: one plain line, or lines of runs

MONO_FONT = "Courier New"
INDENT_MM = 6.35  # the built-in list styles' indent step (360 twips)

# XML 1.0 refuses C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/U+FFFF
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text XML can hold: lxml refuses the forbidden characters outright, so hostile
    SOP text would otherwise stop the build; line ends become newlines (Word breaks)."""
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def lines(cell: Cell) -> list[Line]:
    return [[(cell, "")]] if isinstance(cell, str) else cell


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in "WF"


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


class MarkdownWriter:
    """The Markdown half of the SOP writer; `table` is the writer's own."""

    doc: Document
    table: Callable[..., None]  # (widths, rows, *, header): the writer's tables

    def markdown(self, text: str | None) -> None:
        """Markdown as Word paragraphs: emphasis as bold/italic runs, lists as bullets or
        numbered paragraphs, tables as tables, headings as bold lines; no markup leaks."""
        if not text:
            return
        tokens = _markdown().parse(clean(text))
        lists: list[list[int]] = []  # [ordered, items so far] per open list
        quote, first, index = 0, False, 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrs.get("start", 1)) if kind[0] == "o" else 1
                lists.append([int(kind[0] == "o"), start - 1])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                lists[-1][1] += 1
                first = True
            elif kind in ("blockquote_open", "blockquote_close"):
                quote += 1 if kind.endswith("open") else -1
            elif kind == "inline":
                heading = tokens[index - 1].type == "heading_open"
                paragraph = self._block(lists, first, quote)
                first = False
                self._inline(paragraph, token.children or [], bold=heading)
                paragraph.paragraph_format.keep_with_next = heading or None
            elif kind in ("fence", "code_block"):
                run = self._block(lists, False, quote).add_run(token.content.rstrip("\n"))
                run.font.name = MONO_FONT
            elif kind == "table_open":
                index = self._markdown_table(tokens, index)
            index += 1

    def _block(self, lists: list[list[int]], first: bool, quote: int) -> Paragraph:
        depth = len(lists)
        if depth and first and not lists[-1][0]:
            paragraph = self.doc.add_paragraph(
                style="List Bullet" if depth == 1 else "List Bullet 2"
            )
        else:
            paragraph = self.doc.add_paragraph()
            if depth:
                paragraph.paragraph_format.left_indent = Mm(INDENT_MM * depth)
            if depth and first:  # ordered: numbered by hand, so each list starts at its start
                paragraph.paragraph_format.first_line_indent = Mm(-INDENT_MM)
                paragraph.add_run(f"{lists[-1][1]}.\t")
        if quote:
            indent = paragraph.paragraph_format.left_indent or 0
            paragraph.paragraph_format.left_indent = Mm(8 * quote) + indent
        return paragraph

    def _inline(self, paragraph: Paragraph, children: list[Any], *, bold: bool = False) -> None:
        strong = emphasis = 0
        for index, child in enumerate(children):
            kind = child.type
            if kind in ("strong_open", "strong_close"):
                strong += 1 if kind.endswith("open") else -1
                continue
            if kind in ("em_open", "em_close"):
                emphasis += 1 if kind.endswith("open") else -1
                continue
            if kind == "softbreak":  # a line break in CJK prose joins without a space
                before = children[index - 1].content[-1:] if index else ""
                after = children[index + 1].content[:1] if index + 1 < len(children) else ""
                text = "" if _wide(before) or _wide(after) else " "
            elif kind == "hardbreak":
                text = "\n"
            elif kind == "image":  # its alt text, without the alt text's own markup
                text = "".join(c.content for c in child.children or [])
            elif kind in ("text", "code_inline", "html_inline"):
                text = child.content
            else:
                continue
            run = paragraph.add_run(clean(text))
            run.bold = True if strong or bold else None
            run.italic = True if emphasis else None
            if kind == "code_inline":
                run.font.name = MONO_FONT

    def _markdown_table(self, tokens: list[Any], index: int) -> int:
        rows: list[list[Cell]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                text = "".join(c.content for c in token.children or [] if c.type != "softbreak")
                rows[-1].append(text)
            index += 1
        if rows:
            count = max(len(row) for row in rows)
            rows = [row + [""] * (count - len(row)) for row in rows]
            self.table([1] * count, rows[1:], header=[str(cell) for cell in rows[0]])
        return index
