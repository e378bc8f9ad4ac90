"""`sopc diff` reports: text for the terminal, markdown for a pull-request
comment, json for scripts, html for a revision record page."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import escape

from sopc.commands.diff import DiffResult, Verdict
from sopc.diff.compare import Change, SopDiff
from sopc.render.i18n import translator

FORMATS = ("text", "markdown", "json", "html")
MAX_PHRASES = 6

_PHRASES = {
    "zh-CN": {
        "step-": "删除步骤「{title}」", "step+": "新增步骤「{title}」", "order": "调整步骤顺序",
        "changed": "{what} {old} → {new}", "added": "新增{what}：{new}",
        "removed": "删除{what}：{old}", "more": "等 {n} 项", "join": "；",
    },
    "en": {
        "step-": "removed step {title}", "step+": "added step {title}", "order": "reordered steps",
        "changed": "{what}: {old} → {new}", "added": "added {what}: {new}",
        "removed": "removed {what}: {old}", "more": "and {n} more", "join": "; ",
    },
}  # fmt: skip


def render(result: DiffResult, fmt: str) -> str:
    return {"text": _text, "markdown": _markdown, "json": _json, "html": _html}[fmt](result)


_STEP_FIELD = re.compile(r"^step \S+ \((?P<title>.*)\): (?P<field>\w+)(?:\[(?P<key>.*)\])?$")
_FIELD = re.compile(r"^(?P<field>\w+)(?:\[(?P<key>.*)\])?$")
_LABEL_KEYS = {"deadlines": "deadline", "kpis": "kpi", "risks": "risk"}


def _readable(what: str, language: str) -> str:
    """`step approve (审批): time_limit[重大]` as the manual says it: 「审批」时限（重大）."""
    t = translator(language)
    zh = language == "zh-CN"
    if match := _STEP_FIELD.match(what):
        label = t(match["field"]).lower() if not zh else t(match["field"])
        title = f"「{match['title']}」" if zh else f"{match['title']}: "
        key = match["key"]
        return f"{title}{label}" + (f"（{key}）" if zh and key else f" ({key})" if key else "")
    if match := _FIELD.match(what):
        label = t(_LABEL_KEYS.get(match["field"], match["field"]))
        key = match["key"]
        return label + (f"（{key}）" if zh and key else f" ({key})" if key else "")
    return what


def summary(sop: SopDiff, language: str) -> str:
    """The change in a sentence for the revision record (the SOP's language)."""
    words = _PHRASES.get(language, _PHRASES["en"])
    phrases = []
    for change in sop.content_changes:
        if change.what.startswith("flow "):
            continue  # follows from the steps' own changes
        if change.step is not None:
            key = "step+" if change.old is None else "step-"
            phrases.append(words[key].format(title=change.step))
        elif change.what == "step order":
            phrases.append(words["order"])
        else:
            key = "added" if change.old is None else "removed" if change.new is None else "changed"
            what = _readable(change.what, language)
            phrases.append(words[key].format(what=what, old=change.old, new=change.new))
    if len(phrases) > MAX_PHRASES:
        rest = len(phrases) - MAX_PHRASES
        phrases = [*phrases[:MAX_PHRASES], words["more"].format(n=rest)]
    return words["join"].join(phrases)


def revision_entry(result: DiffResult, sop: SopDiff, verdict: Verdict) -> str:
    """A `revisions` item to paste at the top of the list (newest first)."""
    changes = json.dumps(summary(sop, result.config.language), ensure_ascii=False)
    return (
        f'  - version: "{verdict.suggested}"\n'
        f"    date: {result.today.isoformat()}\n"
        f"    changes: {changes}\n"
    )


def _headline(result: DiffResult) -> str:
    return (
        f"{result.count('changed')} changed, {result.count('added')} added, "
        f"{result.count('removed')} removed ({result.base} → {result.head})"
    )


def _mark(change: Change) -> str:
    return "+" if change.old is None else "-" if change.new is None else "~"


def _change_line(change: Change) -> str:
    if change.old is None:
        return f"{change.what}" + (f": {change.new}" if change.new else "")
    if change.new is None:
        return f"{change.what}" + (f": {change.old}" if change.old else "")
    return f"{change.what}: {change.old} → {change.new}"


def _verdict_line(result: DiffResult, sop: SopDiff) -> str | None:
    verdict = result.verdicts.get(sop.sop_id)
    if verdict is None or sop.old is None or sop.new is None:
        return None
    if not sop.changes:
        return f"moved, procedure unchanged ({sop.new.version})"
    if verdict.needed == "none":
        return f"document control only: no new version needed ({sop.new.version})"
    if verdict.enough:
        return f"{verdict.needed} change: version {sop.old.version} → {sop.new.version} is enough"
    return (
        f"{verdict.needed} change: version {sop.old.version} → {sop.new.version} is not "
        f"enough; make it {verdict.suggested}"
    )


def _text(result: DiffResult) -> str:
    lines: list[str] = []
    for sop in result.sops:
        where = sop.new_path or sop.old_path
        if sop.old_path and sop.new_path and sop.old_path != sop.new_path:
            where = f"{sop.old_path} → {sop.new_path}"
        lines.append(f"{sop.sop_id} {sop.title} [{sop.kind}] {where}")
        lines += [f"  {_mark(c)} {_change_line(c)}" for c in sop.changes]
        if (line := _verdict_line(result, sop)) is not None:
            lines.append(f"  = {line}")
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed != "none":
                lines.append("  revisions entry:")
                lines += ["  " + row for row in revision_entry(result, sop, verdict).splitlines()]
        lines.append("")
    lines.append(
        f"SOPs: {_headline(result)}"
        if result.sops
        else f"No SOP changed ({result.base} → {result.head})"
    )
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    value = "—" if text is None or text == "" else text
    return value.replace("|", "\\|").replace("\n", " ")


def _markdown(result: DiffResult) -> str:
    out = [f"### SOP changes: {_headline(result)}", ""]
    if not result.sops:
        return "\n".join([*out, "No SOP changed.", ""])
    for sop in result.sops:
        out.append(f"#### {sop.sop_id} {_cell(sop.title)} — {sop.kind}")
        if sop.old_path and sop.new_path and sop.old_path != sop.new_path:
            out.append(f"Moved: `{sop.old_path}` → `{sop.new_path}`")
        out.append("")
        if sop.changes:
            out += ["| | change | before | after |", "|---|---|---|---|"]
            for c in sop.changes:
                out.append(f"| {_mark(c)} | {_cell(c.what)} | {_cell(c.old)} | {_cell(c.new)} |")
            out.append("")
        if (line := _verdict_line(result, sop)) is not None:
            out += [f"**{line}**", ""]
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed != "none":
                entry = revision_entry(result, sop, verdict)
                out += ["```yaml", "revisions:", entry.rstrip("\n"), "```", ""]
    return "\n".join(out)


def _json(result: DiffResult) -> str:
    sops: list[dict[str, Any]] = []
    for sop in result.sops:
        verdict = result.verdicts.get(sop.sop_id)
        item: dict[str, Any] = {
            "id": sop.sop_id,
            "title": sop.title,
            "kind": sop.kind,
            "old_path": sop.old_path,
            "new_path": sop.new_path,
            "old_version": sop.old.version if sop.old else None,
            "new_version": sop.new.version if sop.new else None,
            "changes": [
                {"category": c.category, "what": c.what, "old": c.old, "new": c.new}
                for c in sop.changes
            ],
            "needed": verdict.needed if verdict else None,
            "bump": verdict.step if verdict else None,
            "suggested_version": verdict.suggested if verdict else None,
            "revision": None,
        }
        if verdict is not None and verdict.needed != "none":
            item["revision"] = {
                "version": verdict.suggested,
                "date": result.today.isoformat(),
                "changes": summary(sop, result.config.language),
            }
        sops.append(item)
    data = {
        "version": 1,
        "base": result.base,
        "head": result.head,
        "sops": sops,
        "summary": {k: result.count(k) for k in ("changed", "added", "removed")},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _html(result: DiffResult) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(result.config.language)}"><head><meta charset="utf-8">',
        f"<title>{e(result.config.name)} · {e(_headline(result))}</title>",
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;max-width:60em;margin:2em auto;"
        "line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid "
        "#d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}thead th{background:"
        "#f6f8fa}.k-added{color:#1a7f37}.k-removed{color:#b42318}</style></head><body>",
        f"<h1>{e(result.config.name)}</h1><p>{e(_headline(result))}</p>",
    ]
    for sop in result.sops:
        parts.append(
            f'<section><h2>{e(sop.sop_id)} {e(sop.title)} <small class="k-{e(sop.kind)}">'
            f"{e(sop.kind)}</small></h2>"
        )
        if sop.changes:
            parts.append("<table><thead><tr><th>change</th><th>before</th><th>after</th></tr>")
            parts.append("</thead><tbody>")
            for c in sop.changes:
                parts.append(
                    f"<tr><th>{e(c.what)}</th><td>{e(c.old or '—')}</td>"
                    f"<td>{e(c.new or '—')}</td></tr>"
                )
            parts.append("</tbody></table>")
        if (line := _verdict_line(result, sop)) is not None:
            parts.append(f"<p><strong>{e(line)}</strong></p>")
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed != "none":
                entry = "revisions:\n" + revision_entry(result, sop, verdict)
                parts.append(f"<pre>{e(entry)}</pre>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
