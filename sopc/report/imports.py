"""The report of `sopc import`, as text or JSON: per SOP found, where it went, what
became of each piece of the file with its place (paragraph n; table n, row r,
column c; the sheet of a workbook), then the check's findings on the result.

In text, the pieces that were mapped are counted, and one line a source row says
which fields it filled; what was kept, not understood or assumed is listed one by
one, since that is what the author has to look at.
"""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import groupby
from typing import Any

from sopc.i18n import Message, Translator
from sopc.load.text import split_lines
from sopc.report.json import finding_json
from sopc.report.text import finding_lines, painter
from sopc.results import ImportedSop, ImportItem, ImportResult, Place, counted

_LISTED = ("kept", "unknown", "assumed")


def place_words(place: Place, t: Translator) -> str:
    sheet = t.say(Message("import.at_sheet", sheet=place.sheet)) if place.sheet else ""
    if place.part is not None:
        where = Message(f"import.at_{place.part}", paragraph=place.paragraph)
    elif place.paragraph is not None:
        where = Message("import.at_paragraph", paragraph=place.paragraph)
    elif place.column is not None:
        where = Message("import.at_cell", table=place.table, row=place.row, column=place.column)
    elif place.row is not None:
        where = Message("import.at_row", table=place.table, row=place.row)
    else:
        where = Message("import.at_table", table=place.table)
    return sheet + t.say(where)


def render_import(result: ImportResult, format: str, t: Translator) -> str:
    """The report in `format` (`text` or `json`), in `t`'s language."""
    return render_import_json(result, t) if format == "json" else render_import_text(result, t)


def render_import_text(result: ImportResult, t: Translator) -> str:
    out: list[str] = []
    paint = painter(False)
    for sop in result.sops:
        out.append(t.say(_headline(sop, result.dry_run)))
        count = {s: sum(1 for i in sop.items if i.status == s) for s in (*_LISTED, "mapped")}
        out.append(t.say(Message("import.counts", **count)))
        mapped = sorted((i for i in sop.items if i.status == "mapped"), key=_order)
        for place, items in groupby(mapped, key=lambda i: _row_of(i.place)):
            fields = list(dict.fromkeys(i.field for i in items))
            steps = {f.split(".", 1)[0] for f in fields if f.startswith("steps[")}
            shown = [
                f.split(".", 1)[1] if f.startswith("steps[") and "." in f else f for f in fields
            ]
            step = f" {steps.pop()}" if len(steps) == 1 else ""
            out.append(f"    {place_words(place, t)}{step}: {', '.join(shown)}")
        for item in sop.items:
            if item.status in _LISTED or (item.reason is not None and item.status == "mapped"):
                out.append(_item_line(item, t))  # a nearest reading is said, too
        if sop.findings:
            out.append(
                t.say(Message("import.findings", findings=counted(len(sop.findings), "finding")))
            )
            lines = split_lines(sop.text)
            for finding in sop.findings:
                out += [
                    "    " + line
                    for line in finding_lines(finding, t.say(finding.message), lines, paint)
                ]
        else:
            out.append(t.say(Message("import.clean")))
    for _, reason in result.refused:
        out.append(t.say(Message("import.refused", reason=reason)))
    files = len({s.source for s in result.sops} | {p for p, _ in result.refused})
    out.append(t.say(Message(
        "import.summary", sops=counted(len(result.sops), "sop"), files=counted(files, "file"),
        refused=len(result.refused), seconds=result.elapsed,
    )))  # fmt: skip
    return "\n".join(out) + "\n"


def _headline(sop: ImportedSop, dry_run: bool) -> Message:
    if sop.taken is not None:
        return Message("import.sop_taken", source=str(sop.source), id=sop.sop_id, path=sop.taken)
    key = "import.sop_dry" if dry_run else "import.sop_exists" if sop.exists else "import.sop"
    return Message(key, source=str(sop.source), path=str(sop.path), id=sop.sop_id)


def _order(item: ImportItem) -> tuple[str, int, int, int]:
    """Paragraphs in their order, then tables, row by row (as the file reads)."""
    place = item.place
    if place.part is not None:
        return (place.sheet or "", -1, place.paragraph or 0, 0)
    if place.paragraph is not None:
        return (place.sheet or "", 0, place.paragraph, 0)
    return (place.sheet or "", place.table or 0, place.row or 0, place.column or 0)


def _row_of(place: Place) -> Place:
    return replace(place, column=None)


def _item_line(item: ImportItem, t: Translator) -> str:
    status = t(f"import.status.{item.status}")
    why = f" ({t.say(item.reason)})" if item.reason else ""
    field = f" {item.field}" if item.field else ""
    return f"    {status}{field} ← {place_words(item.place, t)}: {item.text}{why}"


def render_import_json(result: ImportResult, t: Translator) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "dry_run": result.dry_run,
        "sops": [
            {
                "source": str(sop.source),
                "id": sop.sop_id,
                "path": str(sop.path),
                "written": sop.written,
                "exists": sop.exists,
                "taken_by": sop.taken,
                "items": [_item_json(item, t) for item in sop.items],
                "findings": [finding_json(f, t) for f in sop.findings],
            }
            for sop in result.sops
        ],
        "refused": [{"path": str(p), "message": t.say(m)} for p, m in result.refused],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _item_json(item: ImportItem, t: Translator) -> dict[str, Any]:
    place = {k: v for k, v in vars_of(item.place).items() if v is not None}
    return {
        "status": item.status,
        "place": place,
        "field": item.field,
        "text": item.text,
        "reason": t.say(item.reason) if item.reason else None,
    }


def vars_of(place: Place) -> dict[str, Any]:
    names = ("part", "sheet", "paragraph", "table", "row", "column")
    return {name: getattr(place, name) for name in names}
