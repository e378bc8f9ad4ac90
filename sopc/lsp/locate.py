"""What stands at a place of a source file: a role, a step, a form, an SOP, a duration,
a rule code or a status, used or defined there.

Read from the positioned tree (`load/tree.py`), not from the model, so that an SOP
that does not validate while the author types still answers: the tree's paths say
what a value is (`steps.2.role` names a role). `form:ID` and `sop:ID` are read in the
line's text, where they stand in YAML values and in a Markdown body's links alike;
so are rule codes, which stand in comments (`# sopc: ignore SOP201`) the tree drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sopc.findings import Span
from sopc.load.tree import PMap, PSeq, TreePath, Value
from sopc.rules.registry import rule_for
from sopc.rules.suppress import code_lists


class Kind(StrEnum):
    ROLE = "role"
    STEP = "step"
    FORM = "form"
    SOP = "sop"
    DURATION = "duration"
    RULE = "rule"
    STATUS = "status"
    LEVEL = "level"  # a rule's level in sopc.yaml `rules:`


@dataclass(frozen=True)
class Spot:
    """One thing at a place: its kind, its id (or text), where it stands, and whether
    the place defines it (a key under `roles:`, a step's `id`) or uses it."""

    kind: Kind
    word: str
    span: Span
    defines: bool = False
    path: TreePath = ()


N, K = int, str  # a pattern's wildcards: any list index, any mapping key
Pattern = tuple[str | type, ...]

USES: dict[Kind, tuple[Pattern, ...]] = {
    Kind.ROLE: (
        ("owner",),
        ("steps", N, "role"),
        ("steps", N, "support", N),
        ("exceptions", N, "role"),
        ("exceptions", N, "escalate_to"),
    ),
    Kind.STEP: (
        ("steps", N, "next"),
        ("steps", N, "next", N),
        ("steps", N, "branches", N, "next"),
        ("exceptions", N, "steps", N),
        ("deadlines", N, "from"),
        ("deadlines", N, "to"),
        ("risks", N, "steps", N),
    ),
    Kind.DURATION: (
        ("steps", N, "time_limit"),
        ("steps", N, "time_limit", K),
        ("deadlines", N, "within"),
        ("exceptions", N, "within"),
        ("review", "interval"),
        ("forms", K, "retention"),
    ),
    Kind.STATUS: (("status",),),
    Kind.LEVEL: (("rules", K),),
}
"""Where each kind of thing is named, by tree path (an SOP's, or sopc.yaml's)."""

DEFINITIONS: dict[Kind, Pattern] = {
    Kind.ROLE: ("roles", K),
    Kind.FORM: ("forms", K),
    Kind.RULE: ("rules", K),
}
"""Mapping keys that define a thing (in an SOP or in sopc.yaml)."""

STEP_ID: Pattern = ("steps", N, "id")
SOP_ID: Pattern = ("id",)
END = "end"  # a step target that is no step

_TOKEN = re.compile(r"\b(sop|form):([\w\-]+(?:\.[\w\-]+)*)")  # ids; CJK punctuation ends one
_CODE = re.compile(r"\bSOP[0-9]{3}\b")
_NAME = re.compile(r"[\w-]+")


def matches(path: TreePath, pattern: Pattern) -> bool:
    if len(path) != len(pattern):
        return False
    for part, want in zip(path, pattern, strict=True):
        if isinstance(want, type):
            if not isinstance(part, want):
                return False
        elif part != want:
            return False
    return True


def kind_of(path: TreePath, *, key: bool = False) -> tuple[Kind, bool] | None:
    """The kind of thing the value (or key) at `path` names, and whether it defines it."""
    if key:
        found = next((k for k, pattern in DEFINITIONS.items() if matches(path, pattern)), None)
        return (found, True) if found else None
    if matches(path, STEP_ID):
        return Kind.STEP, True
    if matches(path, SOP_ID):
        return Kind.SOP, True
    for kind, patterns in USES.items():
        if any(matches(path, pattern) for pattern in patterns):
            return kind, False
    return None


def spot_at(tree: Value, line_text: str, line: int, column: int) -> Spot | None:
    """What stands at (`line`, `column`) (1-based, in characters); `line_text` is that
    line, for the references and rule codes the tree does not show."""
    for match in _TOKEN.finditer(line_text):
        if match.start() < column <= match.end() + 1:
            kind = Kind.SOP if match[1] == "sop" else Kind.FORM
            return Spot(kind, match[2], Span(line, match.start(2) + 1, line, match.end(2) + 1))
    for start, end, word in _rule_words(line_text):
        found = rule_for(word)
        if found is not None and start < column <= end + 1:
            return Spot(Kind.RULE, found.code, Span(line, start + 1, line, end + 1))
    leaf = _leaf_at(tree, line, column)
    if leaf is None:
        return None
    path, word, span, key = leaf
    named = kind_of(path, key=key)
    if named is None or (named[0] is Kind.STEP and word == END):
        return None
    if named[0] is Kind.RULE:
        rule = rule_for(word)
        return Spot(Kind.RULE, rule.code, span, True, path) if rule else None
    return Spot(named[0], word, span, named[1], path)


def _rule_words(line_text: str) -> list[tuple[int, int, str]]:
    """Rule codes anywhere on the line, rule names in an ignore comment's list: (start,
    end, word), 0-based."""
    found = [(m.start(), m.end(), m[0]) for m in _CODE.finditer(line_text)]
    for _whole_file, start, end in code_lists(line_text):
        for name in _NAME.finditer(line_text, start, end):
            if not _CODE.fullmatch(name[0]):
                found.append((name.start(), name.end(), name[0]))
    return found


def _inside(span: tuple[int, int, int, int], line: int, column: int) -> bool:
    return (span[0], span[1]) <= (line, column) <= (span[2], span[3])


def _leaf_at(tree: Value, line: int, column: int) -> tuple[TreePath, str, Span, bool] | None:
    """The innermost text value or key at the place: its path, text, span, and whether
    it is a key."""
    node: Value = tree
    path: TreePath = ()
    span = node.span if isinstance(node, PMap | PSeq) else None
    while isinstance(node, PMap | PSeq):
        step = _child_at(node, line, column)
        if step is None:
            return None
        part, child, child_span, key = step
        if key:
            return (*path, part), str(part), Span(*child_span), True
        node, path, span = child, (*path, part), child_span
    if isinstance(node, str) and span is not None:
        return path, node, Span(*span), False
    return None


def _child_at(
    node: PMap | PSeq, line: int, column: int
) -> tuple[str | int, Value, tuple[int, int, int, int], bool] | None:
    """The key or child of `node` at the place: (its key or index, the child, its span,
    whether the key itself is at the place)."""
    if isinstance(node, PMap):
        for key, value in node.items():
            if _inside(node.key_spans[key], line, column):
                return key, None, node.key_spans[key], True
            if _inside(node.value_spans[key], line, column):
                return key, value, node.value_spans[key], False
        return None
    for index, item in enumerate(node):
        if _inside(node.item_spans[index], line, column):
            return index, item, node.item_spans[index], False
    return None


def walk(tree: Value, path: TreePath = ()) -> list[tuple[TreePath, str, Span, bool]]:
    """Every text value and key of `tree` with its path and span (keys: True)."""
    found: list[tuple[TreePath, str, Span, bool]] = []
    if isinstance(tree, PMap):
        for key, value in tree.items():
            found.append(((*path, key), key, Span(*tree.key_spans[key]), True))
            if isinstance(value, str):
                found.append(((*path, key), value, Span(*tree.value_spans[key]), False))
            else:
                found += walk(value, (*path, key))
    elif isinstance(tree, PSeq):
        for index, item in enumerate(tree):
            if isinstance(item, str):
                found.append(((*path, index), item, Span(*tree.item_spans[index]), False))
            else:
                found += walk(item, (*path, index))
    return found


def spots(tree: Value) -> list[Spot]:
    """Every role, step, form, SOP, duration and status a file names or defines."""
    found = []
    for path, word, span, key in walk(tree):
        if not key and (ref := _TOKEN.fullmatch(word.strip())):
            found.append(Spot(Kind.SOP if ref[1] == "sop" else Kind.FORM, ref[2], span, path=path))
            continue
        kind = kind_of(path, key=key)
        if kind is not None and not (kind[0] is Kind.STEP and word == END):
            found.append(Spot(kind[0], word, span, kind[1], path))
    return found
