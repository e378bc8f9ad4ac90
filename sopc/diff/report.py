"""`sopc diff` reports: text for the terminal, markdown for a pull-request
comment, json for scripts, html for a revision record page.

Two languages meet in a report. Its own words (headline, verdicts, headers,
places) are the reader's: `t`, the message language, which is the project's
`language` unless `--lang` or `SOPC_LANG` says otherwise. What it quotes from
the SOPs (values, and the `changes` text of the suggested revisions entry, which
is pasted into the SOP) is in the manual's `language`, as the manual prints it.
JSON is for scripts: its keys, `what` and `head` never depend on the reader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from sopc.change.compare import Change, SopDiff
from sopc.change.policy import Verdict
from sopc.diff import wording
from sopc.diff.summary import shown, summary
from sopc.i18n import Translator, translator
from sopc.results import DiffResult

FORMATS = ("text", "markdown", "json", "html")
_REVISIONS = "revisions:\n"  # the YAML key the entry goes under: a name, in no language


def render(result: DiffResult, fmt: str, t: Translator) -> str:
    """The report in `fmt`, its words in `t`'s language."""
    writers = {"text": _text, "markdown": _markdown, "json": _json, "html": _html}
    return writers[fmt](result, t)


def revision_entry(result: DiffResult, sop: SopDiff, verdict: Verdict) -> str:
    """A `revisions` item to paste at the top of the list (newest first), its
    `changes` in the manual's language."""
    changes = json.dumps(summary(sop, result.config.language), ensure_ascii=False)
    return (
        f'  - version: "{verdict.suggested}"\n'
        f"    date: {result.today.isoformat()}\n"
        f"    changes: {changes}\n"
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


def _rows(result: DiffResult, sop: SopDiff) -> list[_Row]:
    values = translator(result.config.language)  # the SOP's text, as its manual shows it
    return [_Row(c, shown(c, c.old, values), shown(c, c.new, values)) for c in sop.changes]


@dataclass(frozen=True)
class _Close:
    """How an SOP's section ends: the verdict, then the entry to paste or the word
    that the record is complete."""

    verdict: str | None
    entry: str | None
    record: str | None


def _close(result: DiffResult, sop: SopDiff, t: Translator) -> _Close:
    verdict = result.verdicts.get(sop.sop_id)
    entry = None
    if verdict is not None and wording.wants_entry(sop, verdict):
        entry = revision_entry(result, sop, verdict)
    return _Close(
        wording.verdict_line(sop, verdict, t), entry, wording.record_line(sop, verdict, t)
    )


def _text(result: DiffResult, t: Translator) -> str:
    lines: list[str] = []
    for sop in result.sops:
        where = sop.new_path or sop.old_path
        if sop.relocated:
            where = f"{sop.old_path} → {sop.new_path}"
        kind = wording.kind(sop, t)
        lines.append(t("diff.text_sop", id=sop.sop_id, title=sop.title, kind=kind, where=where))
        lines += [
            f"  {r.mark} {wording.row_line(r.change, r.old, r.new, t)}" for r in _rows(result, sop)
        ]
        close = _close(result, sop, t)
        if close.verdict is not None:
            lines.append(f"  = {close.verdict}")
        if close.entry is not None:
            lines.append(f"  {t('diff.entry_heading')}")
            lines += ["  " + row for row in close.entry.splitlines()]
        if close.record is not None:
            lines.append(f"  = {close.record}")
        lines.append("")
    if result.sops:
        lines.append(t("diff.text_total", headline=wording.headline(result, t)))
    else:
        lines.append(wording.nothing(result, t))
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    value = "—" if text is None or text == "" else text
    return value.replace("|", "\\|").replace("\n", " ")


def _markdown(result: DiffResult, t: Translator) -> str:
    out = [f"### {t('diff.markdown_title', headline=wording.headline(result, t))}", ""]
    if not result.sops:
        return "\n".join([*out, t("diff.markdown_nothing"), ""])
    for sop in result.sops:
        kind = wording.kind(sop, t)
        out.append(
            f"#### {t('diff.markdown_sop', id=sop.sop_id, title=_cell(sop.title), kind=kind)}"
        )
        if sop.relocated:
            out.append(t("diff.moved_file", old=f"`{sop.old_path}`", new=f"`{sop.new_path}`"))
        out.append("")
        if sop.changes:
            out += [f"| | {' | '.join(_headers(t))} |", "|---|---|---|---|"]
            for r in _rows(result, sop):
                what = wording.place(r.change, t)
                out.append(f"| {r.mark} | {_cell(what)} | {_cell(r.old)} | {_cell(r.new)} |")
            out.append("")
        close = _close(result, sop, t)
        if close.verdict is not None:
            out += [f"**{close.verdict}**", ""]
        if close.entry is not None:
            out += ["```yaml", _REVISIONS + close.entry.rstrip("\n"), "```", ""]
        if close.record is not None:
            out += [close.record, ""]
    return "\n".join(out)


def _headers(t: Translator) -> list[str]:
    return [t("diff.column_change"), t("diff.column_before"), t("diff.column_after")]


def _json(result: DiffResult, t: Translator) -> str:
    """The same in every language but `revision.changes`, which is the manual's."""
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
        if verdict is not None and wording.wants_entry(sop, verdict):
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


def _html(result: DiffResult, t: Translator) -> str:
    e = escape
    headline = wording.headline(result, t)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(result.config.language)}"><head><meta charset="utf-8">',
        f"<title>{e(result.config.name)}{e(t('sep'))}{e(headline)}</title>",
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;max-width:60em;margin:2em auto;"
        "line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid "
        "#d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}thead th{background:"
        "#f6f8fa}.k-added{color:#1a7f37}.k-removed{color:#b42318}</style></head><body>",
        f"<h1>{e(result.config.name)}</h1><p>{e(headline)}</p>",
    ]
    for sop in result.sops:
        css = "moved" if sop.moved else sop.kind
        parts.append(
            f'<section><h2>{e(sop.sop_id)} {e(sop.title)} <small class="k-{e(css)}">'
            f"{e(wording.kind(sop, t))}</small></h2>"
        )
        if sop.relocated:
            parts.append(f"<p>{e(t('diff.moved_file', old=sop.old_path, new=sop.new_path))}</p>")
        if sop.changes:
            header = "".join(f"<th>{e(name)}</th>" for name in _headers(t))
            parts += [f"<table><thead><tr>{header}</tr>", "</thead><tbody>"]
            for r in _rows(result, sop):
                parts.append(
                    f"<tr><th>{e(wording.place(r.change, t))}</th><td>{e(r.old or '—')}</td>"
                    f"<td>{e(r.new or '—')}</td></tr>"
                )
            parts.append("</tbody></table>")
        close = _close(result, sop, t)
        if close.verdict is not None:
            parts.append(f"<p><strong>{e(close.verdict)}</strong></p>")
        if close.entry is not None:
            parts.append(f"<pre>{e(_REVISIONS + close.entry)}</pre>")
        if close.record is not None:
            parts.append(f"<p>{e(close.record)}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
