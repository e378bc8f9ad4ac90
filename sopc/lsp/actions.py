"""Code actions on findings: ignore a code on its line, add the missing revisions entry,
take a did-you-mean.

Each is an `Edit` of the file's text computed from the finding's data (its code, its
span, the values of its message), never from the message's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sopc.findings import Finding, Span
from sopc.i18n import Message, Translator
from sopc.load.tree import PMap, PSeq, Value
from sopc.lsp.locate import walk
from sopc.lsp.positions import Lines
from sopc.project import is_sop_file
from sopc.rules.suppress import UNSILENCEABLE, code_lists

SUGGESTIONS = frozenset({"did_you_mean", "ref.did_you_mean_named"})
"""Message keys of a did-you-mean hint; their `word` is what to write instead."""
_HEADING_ID = re.compile(r"\{#[^\s{}]+\}\s*$")  # a heading that names its step (load/markdown.py)


@dataclass(frozen=True)
class Edit:
    span: Span  # what is replaced (empty: an insertion), in sopc's lines and columns
    text: str


@dataclass(frozen=True)
class Action:
    title: str
    finding: Finding
    edit: Edit
    preferred: bool = False


def actions(finding: Finding, text: str, tree: Value, today: date, t: Translator) -> list[Action]:
    """What can be done about `finding` in a file of `text` (parsed as `tree`)."""
    lines = Lines(text)
    found = [
        Action(t("lsp.replace", word=word), finding, Edit(_wrong(finding, lines), word), True)
        for word in _suggested(finding.message)
    ]
    if finding.code == "SOP104" and (edit := add_revision(finding, text, tree, today)):
        version = finding.message.args.get("version")
        found.append(Action(t("lsp.add_revision", version=version), finding, edit, True))
    if finding.code not in UNSILENCEABLE and is_sop_file(finding.path):  # not sopc.yaml
        ignore = ignore_on_line(finding, lines, tree)
        if ignore is not None:
            found.append(Action(t("lsp.ignore_line", code=finding.code), finding, ignore))
    return found


def _wrong(finding: Finding, lines: Lines) -> Span:
    """The part of the finding's span that the suggestion replaces: the value its message
    quotes (`calll` of `{#calll}`), where the span holds it once; else the whole span."""
    span = finding.span
    if span.line != span.end_line:
        return span
    shown = lines.line(span.line)[span.column - 1 : span.end_column - 1]
    for value in finding.message.args.values():
        if isinstance(value, str) and value and shown.count(value) == 1 and value != shown:
            start = span.column + shown.index(value)
            return Span(span.line, start, span.line, start + len(value))
    return span


def _suggested(message: Message) -> Iterator[str]:
    for value in message.args.values():
        if isinstance(value, Message):
            word = value.args.get("word")
            if value.key in SUGGESTIONS and isinstance(word, str):
                yield word
            else:
                yield from _suggested(value)


def ignore_on_line(finding: Finding, lines: Lines, tree: Value = None) -> Edit | None:
    """`# sopc: ignore CODE` at the end of the finding's line, or the code added to the
    line's ignore comment; `<!-- … -->` in a Markdown body (before a heading's `{#id}`,
    which must stay last). None where a comment cannot go: the line's end is inside a
    value that goes on (a plain or quoted scalar over several lines, a block scalar's
    text)."""
    number = finding.span.line
    line = lines.line(number)
    listed = [end for whole_file, _start, end in code_lists(line) if not whole_file]
    if listed:
        return Edit(Span(number, listed[0] + 1, number, listed[0] + 1), f",{finding.code}")
    end = Span(number, len(line) + 1, number, len(line) + 1)
    if finding.path.endswith(".md") and number > _front_matter_end(lines):
        heading_id = _HEADING_ID.search(line)  # the id must stay last on its heading
        column = heading_id.start() + 1 if heading_id else len(line) + 1
        comment = (
            f"<!-- sopc: ignore {finding.code} --> "
            if heading_id
            else f" <!-- sopc: ignore {finding.code} -->"
        )
        return Edit(Span(number, column, number, column), comment)
    if _inside_value(tree, lines, number):
        return None
    return Edit(end, f"  # sopc: ignore {finding.code}")


def _inside_value(tree: Value, lines: Lines, number: int) -> bool:
    """Whether the end of line `number` falls inside a text value of `tree`."""
    for _path, _word, span, key in walk(tree):
        if key or span.end_line == span.line:
            continue
        goes_on = span.end_line > number or (span.end_line == number and span.end_column > 1)
        block = lines.line(span.line)[span.column - 1 : span.column] in ("|", ">")
        if span.line < number and goes_on:
            return True  # a continuation line, of any kind of scalar
        if span.line == number and span.end_line > number and not block:
            return True  # the first line of a plain or quoted scalar that goes on
    return False


def _front_matter_end(lines: Lines) -> int:
    """The line of a Markdown file's closing `---` (0 when there is none)."""
    if lines.line(1).strip() != "---":
        return 0
    for number in range(2, len(lines.lines) + 1):
        if lines.line(number).strip() == "---":
            return number
    return 0


def add_revision(finding: Finding, text: str, tree: Value, today: date) -> Edit | None:
    """A `revisions` entry for the version the finding names, dated today, first in
    the list (newest first, as SOP106 wants); the list is made when there is none."""
    version = finding.message.args.get("version")
    if not isinstance(tree, PMap) or not isinstance(version, str):
        return None
    entry = f'{{version: "{version}", date: {today.isoformat()}}}'
    lines = Lines(text)
    listed = tree.get("revisions")
    if isinstance(listed, PSeq) and listed and listed.item_spans:
        first = listed.item_spans[0]
        line = lines.line(first[0])
        dash = line.rfind("-", 0, first[1] - 1)
        if dash >= 0 and not line[:dash].strip():  # a block list: a line of its own
            return Edit(Span(first[0], 1, first[0], 1), f"{line[: dash + 1]} {entry}\n")
        return Edit(Span(first[0], first[1], first[0], first[1]), f"{entry}, ")
    if "revisions" in tree:  # `revisions: []` or nothing
        empty = listed is None
        return Edit(Span(*tree.value_spans["revisions"]), f"{' ' if empty else ''}[{entry}]")
    last = tree.span[2] if tree.span[3] == 1 else tree.span[2] + 1
    if last > len(lines.lines):  # the file ends without a line end
        final = lines.line(len(lines.lines))
        at = Span(len(lines.lines), len(final) + 1, len(lines.lines), len(final) + 1)
        return Edit(at, f"\nrevisions:\n  - {entry}")
    return Edit(Span(last, 1, last, 1), f"revisions:\n  - {entry}\n")
