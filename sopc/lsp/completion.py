"""Completion: what may be written where the cursor is, each with its display name.

Read from the text before the cursor, not from the tree: while the author types the
file is often not valid YAML (`role: cs-` on a line of its own is, `next: [rec` is
not), and the key being filled in is what decides. A value on a list item's own
line (`  - cs-`) belongs to the key of the nearest line above it indented less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from sopc.findings import Span
from sopc.i18n import Translator
from sopc.lsp.locate import END, Kind
from sopc.lsp.names import Names
from sopc.lsp.positions import Lines
from sopc.model.base import Status
from sopc.model.config import RuleLevel
from sopc.render.phrases import status_key

KEYS: dict[str, Kind] = {
    "owner": Kind.ROLE,
    "role": Kind.ROLE,
    "support": Kind.ROLE,
    "escalate_to": Kind.ROLE,
    "next": Kind.STEP,
    "from": Kind.STEP,
    "to": Kind.STEP,
    "steps": Kind.STEP,  # an exception's or a risk's (indented); the SOP's own are mappings
    "status": Kind.STATUS,
}
"""The keys whose values name something, and what."""

ENDS = frozenset({"next", "to"})  # keys that may also say `end` (`next[]`: a list, may not)
LEVEL_WORDS = {"error": "rules.severity_error", "warning": "rules.severity_warning",
               "info": "rules.severity_info", "off": "lsp.level_off"}  # fmt: skip

_REF = re.compile(r"\b(sop|form):([\w.\-]*)$")
_KEYED = re.compile(r"(\w+)\s*:\s*(?:\[(?:[^\]]*,)?\s*)?[\"']?([\w.\-]*)$")
_ITEM = re.compile(r"^(\s*)-\s+[\"']?([\w.\-]*)$")
_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([\w-]+)\s*:\s*(?:#.*)?$")
_RULE_LEVEL = re.compile(r"^(\s+)[\w-]+\s*:\s*([a-z]*)$")


@dataclass(frozen=True)
class Item:
    label: str
    detail: str
    kind: Kind
    span: Span  # what the item replaces: the part of the word already typed


def complete(
    names: Names, rel: str, lines: Lines, line: int, column: int, t: Translator
) -> list[Item]:
    """What may be written at (`line`, `column`) of file `rel`."""
    prefix = lines.line(line)[: column - 1]
    found = _context(lines, line, prefix, rel == names.config_rel)
    if found is None:
        return []
    kind, key, typed = found
    span = Span(line, column - len(typed), line, column)
    return [Item(label, detail, kind, span) for label, detail in _choices(names, rel, kind, key, t)]


def _context(lines: Lines, line: int, prefix: str, config: bool) -> tuple[Kind, str, str] | None:
    """What is being written: its kind, the key it is the value of, the part typed."""
    if ref := _REF.search(prefix):
        return (Kind.SOP if ref[1] == "sop" else Kind.FORM), ref[1], ref[2]
    if config:
        level = _RULE_LEVEL.match(prefix)
        if level and _parent_key(lines, line, len(level[1])) == "rules":
            return Kind.LEVEL, "rules", level[2]
        return None
    if keyed := _KEYED.search(prefix):
        key = keyed[1]
        if key not in KEYS or (key == "steps" and keyed.start() == 0):  # the SOP's own steps
            return None
        if key == "next" and _in_review(lines, line, prefix[: keyed.start()], keyed.start()):
            return None  # `review.next` is a date
        listed = "[" in prefix[keyed.end(1) :]
        return KEYS[key], f"{key}[]" if listed else key, keyed[2]
    if item := _ITEM.match(prefix):
        key = _parent_key(lines, line, len(item[1]))
        if key in KEYS and key != "status" and (key != "steps" or _indent_of(lines, line, key)):
            return KEYS[key], key, item[2]
    return None


def _in_review(lines: Lines, line: int, before: str, column: int) -> bool:
    """Whether a `next:` at `column` of `line` is `review`'s (flow or block style)."""
    if re.search(r"\breview\s*:\s*\{[^}]*$", before):
        return True
    return not before.strip() and _parent_key(lines, line, column) == "review"


def _parent_key(lines: Lines, line: int, indent: int) -> str | None:
    """The key of the nearest line above `line` that is indented less than `indent`, or
    as much when it is a key a list hangs from (`support:` / `- cs-agent`)."""
    for number in range(line - 1, 0, -1):
        text = lines.line(number)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        own = len(text) - len(text.lstrip())
        if own < indent or (own == indent and not text.lstrip().startswith("-")):
            found = _KEY_LINE.match(text)
            return found[2] if found else None
    return None


def _indent_of(lines: Lines, line: int, key: str) -> bool:
    """Whether the `key:` line above `line` is indented (an exception's `steps:`)."""
    for number in range(line - 1, 0, -1):
        found = _KEY_LINE.match(lines.line(number))
        if found and found[2] == key:
            return bool(found[1])
    return False


def _choices(names: Names, rel: str, kind: Kind, key: str, t: Translator) -> list[tuple[str, str]]:
    if kind is Kind.ROLE:
        roles = names.roles(rel)
        return [(i, _joined(r.name, r.facts.get("department"))) for i, r in sorted(roles.items())]
    if kind is Kind.FORM:
        return [(i, f.name) for i, f in sorted(names.forms(rel).items())]
    if kind is Kind.SOP:
        return [(i, s.name) for i, s in sorted(names.sops().items())]
    if kind is Kind.STEP:
        steps = [(i, s.name) for i, s in names.steps(rel).items()]
        return steps + ([(END, t("lsp.end"))] if key in ENDS else [])
    if kind is Kind.STATUS:
        return [(status, t(status_key(status))) for status in get_args(Status)]
    return [(level, t(LEVEL_WORDS[level])) for level in get_args(RuleLevel)]


def _joined(name: str, department: str | None) -> str:
    return f"{name} · {department}" if department else name
