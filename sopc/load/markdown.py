"""Markdown SOPs: YAML front matter plus a body whose `{#step-id}` sections
attach detailed guidance to steps.

markdown-it-py finds the front matter (`front_matter_plugin`) and the headings,
so what counts as a heading is exactly what the rendered page will show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sopc.findings import Span
from sopc.i18n import Message
from sopc.load.text import TextProblem, lines_with_ends

_HEADING_ID = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")


@dataclass(frozen=True, slots=True)
class Section:
    """A body section that belongs to one step: its heading and Markdown."""

    step_id: str
    title: str
    level: int
    span: Span
    markdown: str


@dataclass(slots=True)
class MarkdownBody:
    """What follows the front matter; `line` is its first line in the file."""

    markdown: str
    line: int
    sections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class SplitMarkdown:
    front_matter: str | None
    front_matter_line: int
    body: MarkdownBody | None
    problems: list[TextProblem]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin)


def split_markdown(text: str) -> SplitMarkdown:
    """Split a `*.sop.md` text into front matter (YAML) and body sections."""
    tokens = _parser().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        first = text.split("\n", 1)[0].rstrip()
        message = Message(
            "markdown.unclosed_front_matter" if first == "---" else "markdown.no_front_matter"
        )
        return SplitMarkdown(None, 0, None, [TextProblem("SOP001", Span.point(1, 1), message)])
    front = tokens[0]
    end_line = front.map[1]  # 0-based index of the line after the closing ---
    lines = lines_with_ends(text)  # as markdown-it counts them: not at U+2028
    body = MarkdownBody("".join(lines[end_line:]), end_line + 1)
    body.sections = _sections(tokens[1:], lines)
    return SplitMarkdown(front.content, 1, body, [])


def _sections(tokens: list[Any], lines: list[str]) -> list[Section]:
    """Headings with `{#id}`; a section runs to the next heading of its level or higher."""
    headings: list[tuple[int, int, str]] = []  # (level, 0-based line, inline text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map and index + 1 < len(tokens):
            headings.append((int(token.tag[1]), token.map[0], tokens[index + 1].content))
    sections = []
    for position, (level, line, content) in enumerate(headings):
        match = _HEADING_ID.search(content)
        if not match:
            continue
        end = len(lines)
        for other_level, other_line, _ in headings[position + 1 :]:
            if other_level <= level:
                end = other_line
                break
        written = match.group(0).strip()
        column = max(lines[line].find(written), 0) + 1  # 1-based, in the heading's line
        span = Span(line + 1, column, line + 1, column + len(written))
        sections.append(
            Section(
                step_id=match.group(1),
                title=content[: match.start()].strip(),
                level=level,
                span=span,
                markdown="".join(lines[line + 1 : end]).strip("\n"),
            )
        )
    return sections
