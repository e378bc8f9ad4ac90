"""The step table's rows as steps (`sopc.ingest.table` finds the table and its columns,
`sopc.ingest.flow` reads where each step goes).

A table right after the step table continues it when it has the same columns, with
the same header or none (Word splits long tables, and authors repeat the header on
every page); header rows inside it and empty rows are passed over.

The title is the step column's text less its numbering (`1.投诉接收`, `步骤1：`,
`（一）`); where that column holds only the number (sopc's own Word files), the
action column's first line. The action column's other text becomes the step's
`standard` when the table has no standard column, its notes otherwise. A column of
no known name is kept: its cells go into the notes, after the column's header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sopc.i18n import translator
from sopc.ingest.draft import Draft
from sopc.ingest.flow import Written, read_flow, take_flow, titles_of
from sopc.ingest.office import Table
from sopc.ingest.phrases import form_name, items, labelled, step_number, time_limit
from sopc.ingest.vocabulary import Column
from sopc.ingest.words import SUPPORT, is_empty
from sopc.results import Place

StepTable = list[tuple[Table, int, dict[int, Column]]]
"""The tables of one step table, each with its last header row (-1: none) and columns."""


@dataclass(frozen=True)
class StepException:
    """An exception column's cell: the situation, at its step."""

    place: Place
    step: str
    text: str


def read_steps(draft: Draft, tables: StepTable) -> list[StepException]:
    """The steps of one step table, into `draft.steps`; the cells of its exception
    column, for the exceptions."""
    rows: list[Written] = []
    situations: list[StepException] = []
    first_header = tables[0][0].rows[tables[0][1]]
    for table, head, columns in tables:
        names = table.rows[head] if head >= 0 else first_header
        for r, cells in enumerate(table.rows[head + 1 :], head + 2):
            if all(is_empty(c) for c in cells) or cells == first_header:
                continue
            found = _row(draft, table.place.cell(r), cells, columns, names, len(rows))
            if found is None:
                continue
            rows.append(found)
            where = next((i for i, c in columns.items() if c is Column.EXCEPTION), None)
            if where is not None and not is_empty(cells[where]):
                situations.append(StepException(found.where[Column.EXCEPTION],
                                                found.step["id"], cells[where]))  # fmt: skip
    titles = titles_of(rows)
    for row in rows:
        read_flow(draft, row, titles)
    draft.steps = [row.step for row in rows]
    return situations


def _row(
    draft: Draft,
    place: Place,
    cells: tuple[str, ...],
    columns: dict[int, Column],
    head: tuple[str, ...],
    index: int,
) -> Written | None:
    by = {column: _joined(cells, head, i, columns) for i, column in columns.items()}
    where = {column: place.cell(place.row or 0, i + 1) for i, column in columns.items()}
    title, title_at, rest = _title(by, where, place)
    if not title:
        draft.unknown(place, " | ".join(c for c in cells if c), "row_without_title")
        return None
    step: dict[str, Any] = {"id": draft.step_id(title, index)}
    step["title"] = title
    row = Written(place, step, f"steps[{index}]", where)
    draft.mapped(title_at, f"{row.at}.title", title)
    _who(draft, row, by)
    written = by.get(Column.DECISION, "")
    if not is_empty(written) and (left := take_flow(row, written.split("\n"))):
        draft.keep(where[Column.DECISION], step, "\n".join(left), "decision", row.at)
    if description := take_flow(row, rest):
        if Column.STANDARD in by:
            draft.keep(where[Column.ACTION], step, "\n".join(description), "description", row.at)
        else:
            step["standard"] = "\n".join(description)
            draft.mapped(where[Column.ACTION], f"{row.at}.standard", description[0])
    _limit(draft, row, by.get(Column.TIME, ""))
    _fields(draft, row, by)
    _others(draft, row, cells, columns, head)
    return row


def _spanned(head: tuple[str, ...], index: int, columns: dict[int, Column]) -> list[int]:
    """The columns a header cell covers: its own, and those after it that repeat its
    text (a merged header cell, or the same name twice) and are no column of their own."""
    covered = [index]
    while (
        covered[-1] + 1 < len(head)
        and head[covered[-1] + 1] == head[index]
        and covered[-1] + 1 not in columns
    ):
        covered.append(covered[-1] + 1)
    return covered


def _joined(
    cells: tuple[str, ...], head: tuple[str, ...], index: int, columns: dict[int, Column]
) -> str:
    """A column's text over every cell its header covers: `部门 | 岗位` under one
    `责任部门/岗位` header is `客服部/投诉主管`; other columns join by lines."""
    texts = [cells[i] for i in _spanned(head, index, columns) if i < len(cells)]
    texts = [t for n, t in enumerate(texts) if t and t not in texts[:n]]  # merged: once
    return ("/" if columns[index] is Column.ROLE else "\n").join(texts)


def _title(
    by: dict[Column, str], where: dict[Column, Place], place: Place
) -> tuple[str, Place, list[str]]:
    """The step's title, its cell, and the action column's lines the title is not."""
    rest = [line for line in by.get(Column.ACTION, "").split("\n") if line]
    for column in (Column.STEP, Column.NUMBER):
        if column in by and (title := step_number(by[column])[1].split("\n")[0].strip()):
            return title, where[column], rest
    if rest:
        return step_number(rest[0])[1], where[Column.ACTION], rest[1:]
    return "", place, rest


def _fields(draft: Draft, row: Written, by: dict[Column, str]) -> None:
    """Inputs, outputs, standard, control point, notes and tools, each from its column."""
    step, at, where = row.step, row.at, row.where
    for column, key in ((Column.INPUT, "inputs"), (Column.OUTPUT, "outputs")):
        cell = where.get(column, row.place)
        refs = [_ref(draft, item, cell) for item in items(by.get(column, "")) if not is_empty(item)]
        if refs:
            step[key] = refs
            draft.mapped(cell, f"{at}.{key}", by[column])
    for column, key in ((Column.STANDARD, "standard"), (Column.CONTROL, "control")):
        if not is_empty(by.get(column, "")):
            step[key] = by[column]
            draft.mapped(where[column], f"{at}.{key}", by[column])
    listed = {  # a note is a sentence: its commas stay; tools are a list
        "notes": [line for line in by.get(Column.NOTES, "").split("\n") if not is_empty(line)],
        "tools": [item for item in items(by.get(Column.TOOLS, "")) if not is_empty(item)],
    }
    for column, key in ((Column.NOTES, "notes"), (Column.TOOLS, "tools")):
        if listed[key]:
            step.setdefault(key, []).extend(listed[key])
            draft.mapped(where[column], f"{at}.{key}", by[column])


def _others(
    draft: Draft, row: Written, cells: tuple[str, ...], columns: dict[int, Column],
    head: tuple[str, ...],
) -> None:  # fmt: skip
    """Cells of columns sopc does not know: into the notes, after their header."""
    colon = translator(draft.known.language)("term_colon")
    covered = {i for c in columns for i in _spanned(head, c, columns)}
    for i, text in enumerate(cells):
        if i in covered or is_empty(text):
            continue
        name = head[i].strip() if i < len(head) else ""
        note = f"{name}{colon}{text}" if name else text
        draft.keep(row.place.cell(row.place.row or 0, i + 1), row.step, note, "column", row.at)


def _who(draft: Draft, row: Written, by: dict[Column, str]) -> None:
    """The role column: `客服部/客服专员`, or sopc's lines (the role, its department,
    `协助: …`); a department column of its own; the support column."""
    lines = [line for line in by.get(Column.ROLE, "").split("\n") if not is_empty(line)]
    department = by.get(Column.DEPARTMENT, "").strip() or None
    names: list[str] = []
    support = [s for s in items(by.get(Column.SUPPORT, "")) if not is_empty(s)]
    for line in lines:
        label, rest = labelled(line)
        if label in SUPPORT:
            support += items(rest)
        elif not names:
            parts = [p.strip() for p in re.split(r"[/／]", line) if p.strip()]
            if len(parts) == 2 and draft.role_named(parts[0]) is None:
                department, parts = department or parts[0], [parts[1]]
            names += items("、".join(parts))
        elif department is None and draft.is_department(line.strip()):
            department = line.strip()
        else:
            support += items(line)
    if not names:
        return
    cell = row.where.get(Column.ROLE, row.place)
    row.step["role"] = draft.role(names[0], department, cell)
    draft.mapped(cell, f"{row.at}.role", by.get(Column.ROLE, ""))
    if helpers := [draft.role(name, None, cell) for name in names[1:] + support]:
        row.step["support"] = helpers


def _limit(draft: Draft, row: Written, text: str) -> None:
    if is_empty(text):
        return
    cell = row.where.get(Column.TIME, row.place)
    found = time_limit(text)
    if found is None:
        draft.keep(cell, row.step, text, "time_limit", row.at)
    elif found.value is not None:
        row.step["time_limit"] = found.value
        draft.note("mapped", cell, f"{row.at}.time_limit", f"{text} → {found.value}",
                   "repaired" if found.repaired else None)  # fmt: skip
    else:
        labels = draft.cases([label for label, _ in found.cases], cell)
        row.step["time_limit"] = dict(zip(labels, (v for _, v in found.cases), strict=True))
        draft.mapped(cell, f"{row.at}.time_limit", text)


def _ref(draft: Draft, item: str, place: Place) -> str:
    """A form's name as `form:ID`. A file sopc wrote says which names are forms (its id
    map); in any other, a name in 《》 ending in 表, 单 … is one too."""
    if draft.is_form(item) or draft.ids.get("form", item):
        return draft.form(item, place)
    name = form_name(item)
    if name is not None and draft.ids.sop is None:
        return draft.form(name, place)
    return item
