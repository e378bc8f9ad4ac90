"""SOP401–SOP403: wording a reader can act on, and steps that say who, how long, what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.load.tree import TreePath
from sopc.model.config import Config
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

W = Severity.WARNING

VAGUE_TERMS: tuple[str, ...] = (
    "尽快",
    "及时",
    "适当",
    "相关部门",
    "有关人员",
    "视情况",
    "必要时",
    "as soon as possible",
    "ASAP",
    "promptly",
    "timely",
    "appropriate",
    "as needed",
    "relevant department",
)


@rule("SOP401", "vague-term", W)
def vague_term(ctx: SopContext) -> Iterator[Finding]:
    """Vague wording in a title, standard, control point or exception action.

    "尽快处理" and "通知相关部门" cannot be executed or audited: say who and
    how long. Checked: the SOP's title, step titles, standards and control
    points, exception actions. Chinese terms match anywhere in the text,
    English ones as whole words, case-insensitive. The built-in list is 尽快
    及时 适当 相关部门 有关人员 视情况 必要时, as soon as possible, ASAP,
    promptly, timely, appropriate, as needed, relevant department;
    `policy.vague_terms` in `sopc.yaml` adds (`add`) and removes (`remove`)
    terms.

    Bad:

        title: 尽快回复客户
        standard: 通知相关部门

    Good:

        title: 回复客户
        time_limit: 2h
        standard: 书面通知品控部和物流部
    """
    pattern = _pattern(ctx.config)
    if pattern is None:
        return
    for where, text in _wording(ctx):
        for occurrence, match in enumerate(pattern.finditer(text)):
            message = Message("writing.vague_term", term=match.group(0))
            yield ctx.finding("SOP401", where, message, word=(pattern, occurrence))


def _wording(ctx: SopContext) -> Iterator[tuple[TreePath, str]]:
    yield ("title",), ctx.sop.title
    for i, step in enumerate(ctx.sop.steps):
        yield ("steps", i, "title"), step.title
        for name in ("standard", "control"):
            value = getattr(step, name)
            if value:
                yield ("steps", i, name), value
    for i, exc in enumerate(ctx.sop.exceptions):
        if exc.action:
            yield ("exceptions", i, "action"), exc.action


def _pattern(config: Config) -> re.Pattern[str] | None:
    policy = config.policy.vague_terms
    return _compile(tuple(policy.add), tuple(policy.remove))


@lru_cache(maxsize=16)
def _compile(add: tuple[str, ...], remove: tuple[str, ...]) -> re.Pattern[str] | None:
    removed = {t.lower() for t in remove}
    terms = [t for t in (*VAGUE_TERMS, *add) if t.lower() not in removed]
    if not terms:
        return None
    # English terms are whole words in ASCII terms: `\b` would see CJK as letters
    # and miss 请ASAP回复.
    alternatives = [
        rf"(?<![A-Za-z0-9_]){re.escape(t)}(?![A-Za-z0-9_])" if t.isascii() else re.escape(t)
        for t in sorted(set(terms), key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


@rule("SOP402", "step-incomplete", W)
def step_incomplete(ctx: SopContext) -> Iterator[Finding]:
    """A step lacks a field that `policy.step_requires` asks for.

    A step is executable when it says who (`role`), how long (`time_limit`)
    and what it produces (`outputs`) — which fields every step must have is
    the organisation's policy: `policy.step_requires` in `sopc.yaml`
    (default: `[role]`). A decision never needs a `time_limit`.

    Bad (with `step_requires: [role, time_limit, outputs]`):

        - {id: classify, title: 判定严重程度, role: cs-manager}

    Good:

        - {id: classify, title: 判定严重程度, role: cs-manager,
           time_limit: 30m, outputs: [投诉分级结论]}
    """
    required = ctx.config.policy.step_requires
    for i, step in enumerate(ctx.sop.steps):
        missing = [
            name
            for name in required
            if not getattr(step, name) and not (name == "time_limit" and step.decision)
        ]
        if missing:
            message = Message("writing.step_incomplete", step=step.id, fields=tuple(missing))
            yield ctx.finding("SOP402", ("steps", i), message)


@rule("SOP403", "missing-purpose", W)
def missing_purpose(ctx: SopContext) -> Iterator[Finding]:
    """The SOP has no `purpose` or no `scope`.

    Readers first need to know why the procedure exists and where it starts
    and ends (目的, 适用范围); reviewers judge every step against them.

    Bad: an SOP that starts straight with `steps:`.

    Good:

        purpose: 规范客户投诉处理，4 小时内首次响应，10 天内闭环。
        scope: {start: 客户提交投诉, end: 投诉关闭并归档}
    """
    missing = _MISSING.get((ctx.sop.purpose is None, ctx.sop.scope is None))
    if missing is not None:
        message = Message("writing.missing_purpose", missing=Message(missing))
        yield ctx.finding("SOP403", (), message)


_MISSING = {
    (True, True): "writing.purpose_and_scope",
    (True, False): "writing.purpose",
    (False, True): "writing.scope",
}
"""What SOP403 says is missing: (no purpose, no scope) → its words."""
