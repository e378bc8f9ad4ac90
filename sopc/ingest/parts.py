"""The SOP's parts other than the step table and the control block: roles and duties,
forms, step details, purpose and scope, exceptions, deadlines, KPIs, risks,
references and revisions, from their tables and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sopc.i18n import translator
from sopc.ingest.control import iso_date, version
from sopc.ingest.draft import Draft
from sopc.ingest.flow import target
from sopc.ingest.office import Paragraph, Table
from sopc.ingest.phrases import (
    canonical,
    form_name,
    items,
    situation,
    time_limit,
)
from sopc.ingest.steps import StepException
from sopc.ingest.vocabulary import LANGUAGES
from sopc.ingest.words import ALL_STEPS, SHARED_FORM, START, is_empty
from sopc.model.duration import is_permanent, parse_interval
from sopc.model.types import version_key
from sopc.results import Place


def _rows(
    draft: Draft, table: Table, columns: dict[int, str]
) -> list[tuple[Place, dict[str, str]]]:
    """Each row's values by field; a cell of a column no field reads is reported."""
    out = []
    for r, cells in enumerate(table.rows[1:], 2):
        values = {f: cells[i].strip() for i, f in columns.items() if i < len(cells)}
        values = {f: v for f, v in values.items() if not is_empty(v)}
        for i, cell in enumerate(cells):
            repeated = i > 0 and cell == cells[i - 1]  # a merged cell's other columns
            if i not in columns and not is_empty(cell) and not repeated:
                draft.unknown(table.place.cell(r, i + 1), cell, "column")
        if values:
            out.append((table.place.cell(r), values))
    return out


def _titles(draft: Draft) -> dict[str, str]:
    return {step["title"]: step["id"] for step in draft.steps}


def _steps_named(draft: Draft, text: str, place: Place) -> list[str] | None:
    """Step ids of `A、B`; None for every step; unknown titles reported."""
    if text in ALL_STEPS:
        return None
    found = []
    for name in items(text):
        step = target(draft, name, _titles(draft))
        if step is None or step == "end" or step.startswith("sop:"):
            draft.unknown(place, name, "step_name")
        else:
            found.append(step)
    return found


def _role(draft: Draft, name: str, place: Place) -> str:
    return draft.role_named(name) or draft.role(name, None, place)


def roles_table(draft: Draft, table: Table, columns: dict[int, str]) -> None:
    for place, row in _rows(draft, table, columns):
        name = row.get("name")
        if not name:
            continue
        role_id = draft.role(name, row.get("department"), place)
        duties = [d.lstrip("•·-* ").strip() for d in row.get("duties", "").split("\n")]
        if role_id in draft.roles and (listed := [d for d in duties if d]):
            draft.roles[role_id]["duties"] = listed
        draft.mapped(place, f"roles.{role_id}", name)


_CAPTION = re.compile(r"^\s*(?:表|图|注|附|例|备注|说明)\s*[0-9一二三四五六七八九十.]*\s*$")
"""`表1：…`, `注：…`: a caption or a note, not a role and its duties."""


def duties(draft: Draft, paragraphs: list[Paragraph]) -> None:
    """`客服岗：接收并记录投诉` lines of a 职责 section."""
    for paragraph in paragraphs:
        match = re.match(r"^([^:：]{1,16})[:：]\s*(.+)$", paragraph.text)
        if match is None or _CAPTION.match(match[1]):
            draft.unknown(paragraph.place, paragraph.text)
            continue
        role_id = draft.role(match[1].strip(), None, paragraph.place)
        if role_id in draft.roles:
            draft.roles[role_id].setdefault("duties", []).extend(items(match[2]))
        draft.mapped(paragraph.place, f"roles.{role_id}.duties", paragraph.text)


def _form_name(text: str) -> str:
    for shared in SHARED_FORM:
        text = text.removesuffix(shared).strip()
    return form_name(text) or text.strip("《》")


def forms_table(draft: Draft, table: Table, columns: dict[int, str]) -> None:
    for place, row in _rows(draft, table, columns):
        if not row.get("name"):
            continue
        ref = draft.form(_form_name(row["name"]), place)
        form_id = ref.removeprefix("form:")
        retention = row.get("retention", "")
        if form_id in draft.forms and retention:
            if is_permanent(retention):
                draft.forms[form_id]["retention"] = "permanent"
            elif (found := parse_interval(retention)) is not None:
                draft.forms[form_id]["retention"] = canonical(found)
            else:
                draft.unknown(place, retention, "retention")
        draft.mapped(place, f"forms.{form_id}", row["name"])


def form_lines(draft: Draft, paragraphs: list[Paragraph]) -> None:
    for paragraph in paragraphs:
        names = [n for n in (form_name(i) for i in items(paragraph.text)) if n]
        if not names:
            draft.unknown(paragraph.place, paragraph.text)
        for name in names:
            draft.form(name, paragraph.place)


def _exception(draft: Draft, place: Place, values: dict[str, str]) -> None:
    exceptions = draft.data.setdefault("exceptions", [])
    when = values["when"]
    ident = draft.mapped_id("exception", when, f"e{len(exceptions) + 1}")
    entry: dict[str, Any] = {"id": ident, "when": when}
    if "steps" in values and (named := _steps_named(draft, values["steps"], place)) is not None:
        entry["steps"] = named
    if "action" in values:
        entry["action"] = values["action"]
    for key in ("role", "escalate_to"):
        if key in values:
            entry[key] = _role(draft, values[key], place)
    if "within" in values:
        limit = time_limit(values["within"])
        if limit is not None and limit.value is not None:
            entry["within"] = limit.value
        else:
            draft.unknown(place, values["within"], "time_limit")
    exceptions.append(entry)
    draft.mapped(place, f"exceptions[{len(exceptions) - 1}]", when)


def exceptions_table(draft: Draft, table: Table, columns: dict[int, str]) -> None:
    for place, row in _rows(draft, table, columns):
        if "when" in row:
            _exception(draft, place, row)


def _situation(draft: Draft, place: Place, text: str, step: str | None) -> bool:
    found = situation(text)
    if found is None:
        return False
    values = {"when": found.when, "action": found.action}
    handler = next((name for name in draft.role_names() if f"由{name}" in found.action), None)
    if handler is not None:
        values["role"] = handler
    if found.escalate_to and draft.role_named(found.escalate_to):  # a role, not any words
        values["escalate_to"] = found.escalate_to
    _exception(draft, place, values)
    if step is not None:
        draft.data["exceptions"][-1]["steps"] = [step]
    return True


def exception_lines(draft: Draft, paragraphs: list[Paragraph]) -> None:
    """`若…，需…；升级至…` paragraphs of an 异常处理 section."""
    for paragraph in paragraphs:
        if not _situation(draft, paragraph.place, paragraph.text, None):
            draft.unknown(paragraph.place, paragraph.text, "situation")


def situations(draft: Draft, cells: list[StepException]) -> None:
    """An exception column: each cell an exception at its step, or kept as a note."""
    for cell in cells:
        if not _situation(draft, cell.place, cell.text, cell.step):
            step = next(s for s in draft.steps if s["id"] == cell.step)
            draft.keep(
                cell.place, step, cell.text, "situation", f"steps[{draft.steps.index(step)}]"
            )


def references(draft: Draft, paragraphs: list[Paragraph]) -> None:
    refs = draft.data.setdefault("references", [])
    for paragraph in paragraphs:
        first = paragraph.text.split(" ", 1)[0]
        refs.append(f"sop:{first}" if draft.known.is_sop_id(first) else paragraph.text)
        draft.mapped(paragraph.place, f"references[{len(refs) - 1}]", paragraph.text)


def _deadlines(draft: Draft, table: Table, columns: dict[int, str]) -> None:
    for place, row in _rows(draft, table, columns):
        limit = time_limit(row.get("within", ""))
        if "name" not in row or limit is None:
            draft.unknown(place, " | ".join(row.values()), "deadline")
            continue
        entry: dict[str, Any] = {"name": row["name"]}
        titles = _titles(draft)
        start = row.get("from", "")
        if start and start not in START:
            entry["from"] = target(draft, start, titles)
        entry["to"] = target(draft, row.get("to", ""), titles)
        if limit.value is not None:
            entry["within"] = limit.value
        else:
            labels = draft.cases([label for label, _ in limit.cases], place)
            entry["within"] = dict(zip(labels, (v for _, v in limit.cases), strict=True))
        if None in entry.values():
            draft.unknown(place, " | ".join(row.values()), "deadline")
            continue
        draft.data.setdefault("deadlines", []).append(entry)
        draft.mapped(place, "deadlines", row["name"])


def _listed(key: str, fields: tuple[str, ...]) -> Callable[[Draft, Table, dict[int, str]], None]:
    def read(draft: Draft, table: Table, columns: dict[int, str]) -> None:
        for place, row in _rows(draft, table, columns):
            if fields[0] not in row:
                continue
            entry: dict[str, Any] = {f: row[f] for f in fields if f in row}
            if key == "risks" and "steps" in row:
                entry["steps"] = _steps_named(draft, row["steps"], place) or []
            draft.data.setdefault(key, []).append(entry)
            draft.mapped(place, key, row[fields[0]])

    return read


def _revisions(draft: Draft, table: Table, columns: dict[int, str]) -> None:
    """Revision records, newest first as the format has them (tables often list them
    oldest first, as they were written): a reordering is said."""
    found: list[tuple[Place, dict[str, str]]] = []
    for place, row in _rows(draft, table, columns):
        number, when = version(row.get("version", "")), iso_date(row.get("date", ""))
        if number is None or when is None:
            draft.unknown(place, " | ".join(row.values()), "revision")
            continue
        entry = {"version": number, "date": when}
        found.append((place, entry | {k: row[k] for k in ("author", "changes") if k in row}))
    ordered = sorted(
        found, key=lambda f: (version_key(f[1]["version"]), f[1]["date"]), reverse=True
    )
    why = "reordered" if ordered != found else None
    for place, entry in ordered:
        draft.data.setdefault("revisions", []).append(entry)
        draft.note("mapped", place, "revisions", entry["version"], why)


TABLES: dict[str, Callable[[Draft, Table, dict[int, str]], None]] = {
    "exceptions": exceptions_table,
    "deadlines": _deadlines,
    "kpis": _listed("kpis", ("name", "target", "measure")),
    "risks": _listed("risks", ("risk", "mitigation")),
    "revisions": _revisions,
}


def is_title_line(draft: Draft, text: str) -> bool:
    """sopc's line under the title (`CS-001 · 版本 2.1 · 生效`): made from the control block."""
    sop_id = draft.data.get("id")
    return (
        bool(sop_id)
        and text.startswith(str(sop_id))
        and any(translator(language)("version") in text for language in LANGUAGES)
    )
