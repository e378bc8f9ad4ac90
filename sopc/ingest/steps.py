"""The step table: its header row, its rows as steps, and the flow written in them.

A table is a step table when one of its first rows names at least three different
columns (`sopc.ingest.vocabulary.COLUMNS`), one of them the step or the action. A
table right after it with the same columns continues it (Word splits long tables,
and authors repeat the header on every page); header rows inside it and empty rows
are passed over.

The title is the step column's text less its numbering (`1.投诉接收`, `步骤1：`,
`（一）`); where that column holds only the number (sopc's own Word files), the
action column's first line. The action column's other text becomes the step's
`standard` when the table has no standard column, its notes otherwise. A decision
(`是否…？是→…；否→…`) and a written flow (`→ A`, `→ A、B（并行）`) become branches
and `next` where every target names a step, `结束`, or another SOP; otherwise the
text is kept in the notes and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sopc.ingest.draft import Draft
from sopc.ingest.office import Table
from sopc.ingest.phrases import (
    decision,
    form_name,
    items,
    labelled,
    normalise_arrows,
    step_number,
    time_limit,
)
from sopc.ingest.vocabulary import Column, column_of
from sopc.ingest.words import DECISION, END, PARALLEL_ENDS, SUPPORT, is_empty
from sopc.results import Place

_SOP_ID = re.compile(r"\b([A-Za-z][A-Za-z0-9]{0,9}-\d{1,5})\b")


def header(table: Table) -> tuple[int, dict[int, Column]] | None:
    """The row that names the step table's columns, and which column is which."""
    for number, row in enumerate(table.rows[:6]):
        columns: dict[int, Column] = {}
        for index, cell in enumerate(row):
            column = column_of(cell.split("\n")[0]) if cell else None
            if column is not None and column not in columns.values():
                columns[index] = column
        kinds = set(columns.values())
        if len(columns) >= 3 and kinds & {Column.STEP, Column.NUMBER, Column.ACTION}:
            return number, columns
    return None


@dataclass
class _Row:
    place: Place
    step: dict[str, Any]
    at: str  # the step's path in the SOP: steps[3]
    where: dict[Column, Place] = field(default_factory=dict)  # each column's cell
    flow: list[str] = field(default_factory=list)  # written flow lines
    question: str | None = None


@dataclass(frozen=True)
class StepException:
    """An exception column's cell: the situation, at its step."""

    place: Place
    step: str
    text: str


def read_steps(
    draft: Draft, tables: list[tuple[Table, int, dict[int, Column]]]
) -> list[StepException]:
    """The steps of one step table (continued over `tables`), into `draft.steps`; the
    cells of its exception column, for the exceptions."""
    rows: list[_Row] = []
    situations: list[StepException] = []
    first_header = tables[0][0].rows[tables[0][1]]
    for table, head, columns in tables:
        for r, cells in enumerate(table.rows[head + 1 :], head + 2):
            if all(is_empty(c) for c in cells) or cells == first_header:
                continue
            place = table.place.cell(r)
            names = table.rows[head] if head >= 0 else first_header
            found = _row(draft, place, cells, columns, names, len(rows))
            if found is not None:
                rows.append(found)
                text = dict(zip(columns.values(), (cells[i] for i in columns), strict=True))
                if not is_empty(text.get(Column.EXCEPTION, "")):
                    situations.append(
                        StepException(place, found.step["id"], text[Column.EXCEPTION])
                    )
    titles = {row.step["title"]: row.step["id"] for row in rows}
    for row in rows:
        _flow(draft, row, titles)
    draft.steps = [row.step for row in rows]
    return situations


def _row(
    draft: Draft,
    place: Place,
    cells: tuple[str, ...],
    columns: dict[int, Column],
    head: tuple[str, ...],
    index: int,
) -> _Row | None:
    by = {column: cells[i] for i, column in columns.items() if i < len(cells)}
    where = {column: place.cell(place.row or 0, i + 1) for i, column in columns.items()}
    title, rest = "", [line for line in by.get(Column.ACTION, "").split("\n") if line]
    title_at = where.get(Column.ACTION, place)
    for column in (Column.STEP, Column.NUMBER):
        if column in by and not title:
            title, title_at = step_number(by[column])[1].split("\n")[0].strip(), where[column]
    if not title and rest:
        title, rest, title_at = step_number(rest[0])[1], rest[1:], where[Column.ACTION]
    if not title:
        draft.unknown(place, " | ".join(c for c in cells if c), "row_without_title")
        return None
    step: dict[str, Any] = {"id": draft.free_id(draft.ids.get("step", title) or f"s{index + 1}")}
    step["title"] = title
    at = f"steps[{index}]"
    row = _Row(place, step, at, where)
    draft.mapped(title_at, f"{at}.title", title)
    _who(draft, row, at, by)
    description = _action_lines(row, rest)
    if description:
        if Column.STANDARD in by or Column.DECISION in by:
            draft.keep(where[Column.ACTION], step, "\n".join(description), "description", at)
        else:
            step["standard"] = "\n".join(description)
            draft.mapped(where[Column.ACTION], f"{at}.standard", description[0])
    _limit(draft, row, at, by.get(Column.TIME, ""))
    for column, key in ((Column.INPUT, "inputs"), (Column.OUTPUT, "outputs")):
        cell = where.get(column, place)
        refs = [_ref(draft, item, cell) for item in items(by.get(column, "")) if not is_empty(item)]
        if refs:
            step[key] = refs
            draft.mapped(cell, f"{at}.{key}", by[column])
    for column, key in ((Column.STANDARD, "standard"), (Column.CONTROL, "control")):
        if not is_empty(by.get(column, "")):
            step[key] = by[column]
            draft.mapped(where[column], f"{at}.{key}", by[column])
    for column, key in ((Column.NOTES, "notes"), (Column.TOOLS, "tools")):
        listed = [item for item in items(by.get(column, "")) if not is_empty(item)]
        if listed:
            step.setdefault(key, []).extend(listed)
            draft.mapped(where[column], f"{at}.{key}", by[column])
    if Column.DECISION in by and not is_empty(by[Column.DECISION]):
        row.flow.append(by[Column.DECISION])
    for i, text in enumerate(cells):
        if i not in columns and not is_empty(text) and i < len(head) and head[i].strip():
            draft.keep(place.cell(place.row or 0, i + 1), step, f"{head[i]}：{text}", "column", at)
    return row


def _who(draft: Draft, row: _Row, at: str, by: dict[Column, str]) -> None:
    """The role column: `客服部/客服专员`, or sopc's lines (role, department, 协助: …)."""
    lines = [line for line in by.get(Column.ROLE, "").split("\n") if not is_empty(line)]
    support: list[str] = []
    names: list[str] = []
    department: str | None = None
    for line in lines:
        label, rest = labelled(line)
        if label.strip() in SUPPORT:
            support += items(rest)
        elif not names:
            parts = [p.strip() for p in re.split(r"[/／]", line) if p.strip()]
            if len(parts) == 2 and draft.role_named(parts[0]) is None:
                department, parts = parts[0], [parts[1]]
            names += items("、".join(parts))
        elif department is None:
            department = line.strip()
    support += [s for s in items(by.get(Column.SUPPORT, "")) if not is_empty(s)]
    if not names:
        return
    cell = row.where.get(Column.ROLE, row.place)
    row.step["role"] = draft.role(names[0], department, cell)
    draft.mapped(cell, f"{at}.role", by.get(Column.ROLE, ""))
    helpers = [draft.role(name, None, cell) for name in names[1:] + support]
    if helpers:
        row.step["support"] = helpers


def _action_lines(row: _Row, lines: list[str]) -> list[str]:
    """The action's own text; decision and flow lines go to `row` for `_flow`."""
    if (found := decision("\n".join(lines))) is not None:
        row.question, row.flow = found.question, [f"{a} → {t}" for a, t in found.answers]
        return []
    out = []
    for line in lines:
        head, rest = labelled(line)
        if head in DECISION and rest.strip():
            row.question = rest.strip()
        elif "→" in normalise_arrows(line):
            row.flow.append(line)
        else:
            out.append(line)
    return out


def _limit(draft: Draft, row: _Row, at: str, text: str) -> None:
    if is_empty(text):
        return
    cell = row.where.get(Column.TIME, row.place)
    found = time_limit(text)
    if found is None:
        draft.keep(cell, row.step, text, "time_limit", at)
    elif found.value is not None:
        row.step["time_limit"] = found.value
        draft.note("mapped", cell, f"{at}.time_limit", f"{text} → {found.value}",
                   "repaired" if found.repaired else None)  # fmt: skip
    else:
        labels = draft.cases([label for label, _ in found.cases], cell)
        row.step["time_limit"] = dict(zip(labels, (v for _, v in found.cases), strict=True))
        draft.mapped(cell, f"{at}.time_limit", text)


def _ref(draft: Draft, item: str, place: Place) -> str:
    """A form's name as `form:ID`. A file sopc wrote says which names are forms (its id
    map); in any other, a name in 《》 ending in 表, 单 … is one too."""
    if draft.is_form(item) or draft.ids.get("form", item):
        return draft.form(item, place)
    name = form_name(item)
    if name is not None and draft.ids.sop is None:
        return draft.form(name, place)
    return item


def target(draft: Draft, text: str, titles: dict[str, str]) -> str | None:
    """The step id, `end` or `sop:ID` a flow's text names, or None."""
    text = text.strip().strip("。.")
    if text in titles:
        return titles[text]
    if text in END:
        return "end"
    found = _SOP_ID.search(text)
    if found and draft.known.is_sop_id(found[1]) and ("转" in text or text.startswith(found[1])):
        return f"sop:{found[1]}"
    near = [i for title, i in titles.items() if title in text or (len(text) >= 2 and text in title)]
    return near[0] if len(set(near)) == 1 else None


def _flow(draft: Draft, row: _Row, titles: dict[str, str]) -> None:
    if not row.flow:
        return
    at, step, text = row.at, row.step, "\n".join(row.flow)
    if row.question is not None:
        branches = []
        for line in row.flow:
            for part in re.split(r"[；;]", normalise_arrows(line)):
                when, arrow, to = part.partition("→")
                resolved = target(draft, to, titles) if arrow else None
                if resolved is None:
                    draft.keep(row.place, step, f"{row.question}\n{text}", "decision", at)
                    return
                branches.append({"when": when.strip(), "next": resolved})
        step["decision"], step["branches"] = row.question, branches
        draft.mapped(row.place, f"{at}.branches", text)
        return
    line = normalise_arrows(row.flow[0]).split("→", 1)[1].strip()
    parallel = line.endswith(PARALLEL_ENDS)
    for end in PARALLEL_ENDS:
        line = line.removesuffix(end).strip()
    whole = target(draft, line, titles)
    if whole is not None and not parallel:
        step["next"] = whole
    else:
        parts = [target(draft, p, titles) for p in re.split(r"[、,，]", line)]
        if None in parts or not parts:
            draft.keep(row.place, step, text, "flow", at)
            return
        step["next"] = [p for p in parts if p]
    draft.mapped(row.place, f"{at}.next", text)
