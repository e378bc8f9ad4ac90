"""`sopc diff` reports: text for the terminal, markdown for a pull-request
comment, json for scripts, html for a revision record page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from sopc.change.compare import Change, SopDiff
from sopc.change.policy import Level, Verdict
from sopc.diff.summary import show, summary
from sopc.i18n import Translator, translator
from sopc.results import DiffResult

FORMATS = ("text", "markdown", "json", "html")


def render(result: DiffResult, fmt: str, t: Translator) -> str:
    return {"text": _text, "markdown": _markdown, "json": _json, "html": _html}[fmt](result)


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


@dataclass(frozen=True)
class _Row:
    """One change as every format lists it: a mark, the place, the values shown."""

    change: Change
    old: str | None
    new: str | None

    @property
    def mark(self) -> str:
        return "+" if self.old is None else "-" if self.new is None else "~"

    @property
    def line(self) -> str:
        what = self.change.what
        if self.old is None:
            return what + (f": {self.new}" if self.new else "")
        if self.new is None:
            return what + (f": {self.old}" if self.old else "")
        return f"{what}: {self.old} → {self.new}"


def _rows(result: DiffResult, sop: SopDiff) -> list[_Row]:
    t = translator(result.config.language)
    return [_Row(c, show(c.old, t), show(c.new, t)) for c in sop.changes]


def _verdict_line(result: DiffResult, sop: SopDiff) -> str | None:
    verdict = result.verdicts.get(sop.sop_id)
    if verdict is None or sop.old is None or sop.new is None:
        return None
    if not sop.changes:
        return f"moved, procedure unchanged ({sop.new.version})"
    if verdict.needed is Level.NONE:
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
        lines += [f"  {row.mark} {row.line}" for row in _rows(result, sop)]
        if (line := _verdict_line(result, sop)) is not None:
            lines.append(f"  = {line}")
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed is not Level.NONE:
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
            for r in _rows(result, sop):
                out.append(
                    f"| {r.mark} | {_cell(r.change.what)} | {_cell(r.old)} | {_cell(r.new)} |"
                )
            out.append("")
        if (line := _verdict_line(result, sop)) is not None:
            out += [f"**{line}**", ""]
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed is not Level.NONE:
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
            "changes": [_json_change(row) for row in _rows(result, sop)],
            "needed": str(verdict.needed) if verdict else None,
            "bump": str(verdict.step) if verdict else None,
            "suggested_version": verdict.suggested if verdict else None,
            "revision": None,
        }
        if verdict is not None and verdict.needed is not Level.NONE:
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


def _json_change(row: _Row) -> dict[str, Any]:
    """`what` for people and scripts that match on it; the same place as data."""
    change, edge = row.change, row.change.edge
    return {
        "category": change.category,
        "what": change.what,
        "old": row.old,
        "new": row.new,
        "kind": change.kind.value,
        "step": change.step,
        "field": change.field,
        "key": list(change.key),
        "edge": None
        if edge is None
        else {
            "from": edge.source,
            "to": edge.target,
            "branch": edge.branch,
            "when": edge.when if edge.branch else None,
        },
    }


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
            for r in _rows(result, sop):
                parts.append(
                    f"<tr><th>{e(r.change.what)}</th><td>{e(r.old or '—')}</td>"
                    f"<td>{e(r.new or '—')}</td></tr>"
                )
            parts.append("</tbody></table>")
        if (line := _verdict_line(result, sop)) is not None:
            parts.append(f"<p><strong>{e(line)}</strong></p>")
            verdict = result.verdicts[sop.sop_id]
            if verdict.needed is not Level.NONE:
                entry = "revisions:\n" + revision_entry(result, sop, verdict)
                parts.append(f"<pre>{e(entry)}</pre>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
