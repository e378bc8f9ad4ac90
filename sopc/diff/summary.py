"""An SOP's changes in a sentence, in the manual's language: the `changes` text of
the revisions entry `sopc diff` suggests, and of each row of `build --history`;
and a changed value as the reports show it (a revisions entry in words).

Every word and punctuation mark of these is a `diff_*` or `diff.*` label of the
catalogue (`sopc.i18n`).
"""

from __future__ import annotations

import json
from typing import Any

from sopc.change.compare import Change, Kind, Plain, SopDiff
from sopc.i18n import Translator, translator

MAX_PHRASES = 6
FORMAT = 3
"""The shape of the sentence: raise it when the code that words it changes, or the
comparison it words (`sopc.change.compare`: 3 compares named lists whose names
repeat as a whole), so that `build --history` does not serve sentences cached in
the old wording."""

# lists are named by the label of one item: 时限要求（首次响应）, 风险（…）
_LABEL_KEYS = {"deadlines": "deadline", "kpis": "kpi", "risks": "risk"}


def summary(sop: SopDiff, language: str) -> str:
    """The change in a sentence for the revision record (the SOP's language)."""
    t = translator(language)
    phrases = []
    for change in sop.content_changes:
        match change.kind:
            case Kind.FLOW_ADDED | Kind.FLOW_REMOVED:
                continue  # follows from the steps' own changes
            case Kind.STEP_ADDED:
                phrases.append(t("diff_step_added", title=change.title))
            case Kind.STEP_REMOVED:
                phrases.append(t("diff_step_removed", title=change.title))
            case Kind.STEP_ORDER:
                phrases.append(t("diff_order"))
            case Kind.FIELD:
                key = (
                    "diff_added"
                    if change.old is None
                    else "diff_removed"
                    if change.new is None
                    else "diff_changed"
                )
                what = _readable(change, language)
                old, new = show(change.old, t), show(change.new, t)
                phrases.append(t(key, what=what, old=old, new=new))
    if len(phrases) > MAX_PHRASES:
        rest = len(phrases) - MAX_PHRASES
        phrases = [*phrases[:MAX_PHRASES], t("diff_more", n=rest)]
    return t("diff_join").join(phrases)


def _readable(change: Change, language: str) -> str:
    """A field change's place as the manual names it: 「审批」时限（重大）, 流程负责人."""
    t = translator(language)
    field = str(change.field)
    keys = t("diff_key_sep").join(change.key)  # outer first: 岗位（cs-agent，name）
    where = f"{t('diff_key_open')}{keys}{t('diff_key_close')}" if keys else ""
    if change.step is None:
        return t(_LABEL_KEYS.get(field, field)) + where
    label = t(field).lower() if t("diff_field_case") == "lower" else t(field)
    return f"{t('diff_step_open')}{change.title}{t('diff_step_close')}{label}{where}"


def shown(change: Change, value: Plain | None, t: Translator) -> str | None:
    """One side of a change as a reviewer reads it: a revisions entry in words
    (`1.3（2026-11-20）调整时限`), any other value as `show` shows it."""
    if change.field != "revisions" or change.step is not None or value is None:
        return show(value, t)
    entries = value if isinstance(value, list) else [value]
    records = [entry for entry in entries if isinstance(entry, dict)]
    if len(records) < len(entries):
        return show(value, t)
    return t("diff_join").join(_entry(record, t) for record in records)


def _entry(entry: dict[str, Any], t: Translator) -> str:
    """A revisions entry in words: its version, date and author, then what changed."""
    details = [str(entry[name]) for name in ("date", "author") if entry.get(name)]
    details_said = t("diff.revision_details_sep").join(details)
    said = t("diff.revision_entry", version=entry.get("version"), details=details_said)
    changes = entry.get("changes")
    return t("diff.revision_changes", entry=said, changes=changes) if changes else said


def show(value: Plain | None, t: Translator) -> str | None:
    """A changed value as a reviewer reads it: text as written, a list joined as the
    manual joins lists, `一般 1wd · 重大 3wd` for a map of texts, JSON otherwise."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return t("list_sep").join(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return t("sep").join(f"{k} {v}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False, sort_keys=False)
