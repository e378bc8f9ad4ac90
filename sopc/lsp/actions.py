"""Code actions on findings: ignore a code on its line, add the missing revisions entry,
take a did-you-mean.

Each is an `Edit` of the file's text computed from the finding's data (its code, its
span, the values of its message), never from the message's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sopc.findings import Finding, Span
from sopc.i18n import Message, Translator
from sopc.load.tree import PMap, PSeq, Value
from sopc.lsp.positions import Lines
from sopc.rules.suppress import UNSILENCEABLE

SUGGESTIONS = frozenset({"did_you_mean", "ref.did_you_mean_named"})
"""Message keys of a did-you-mean hint; their `word` is what to write instead."""
_IGNORE_MARK = "sopc: ignore "


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
    if finding.code not in UNSILENCEABLE:
        title = t("lsp.ignore_line", code=finding.code)
        found.append(Action(title, finding, ignore_on_line(finding, lines)))
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


def ignore_on_line(finding: Finding, lines: Lines) -> Edit:
    """`# sopc: ignore CODE` at the end of the finding's line, or the code added to the
    line's ignore comment; `<!-- … -->` in a Markdown body."""
    number = finding.span.line
    line = lines.line(number)
    end = Span(number, len(line) + 1, number, len(line) + 1)
    at = line.find(_IGNORE_MARK)
    if at >= 0:
        codes = at + len(_IGNORE_MARK)
        while codes < len(line) and (line[codes].isalnum() or line[codes] in "-_, "):
            codes += 1
        listed = line[at + len(_IGNORE_MARK) : codes].rstrip()
        column = at + len(_IGNORE_MARK) + len(listed) + 1
        return Edit(Span(number, column, number, column), f",{finding.code}")
    if finding.path.endswith(".md") and number > _front_matter_end(lines):
        return Edit(end, f" <!-- sopc: ignore {finding.code} -->")
    return Edit(end, f"  # sopc: ignore {finding.code}")


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
    entry = f'{{version: "{version}", date: {today.isoformat()}, changes: ""}}'
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
    return Edit(Span(last, 1, last, 1), f"revisions:\n  - {entry}\n")
