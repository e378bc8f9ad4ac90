"""A document's blocks sorted into the SOP's parts, then read in the order their ids
need: the control block and the title, roles and forms (so that steps find them by
name), the step table, and what names steps (details, exceptions, deadlines,
risks), references and revisions. Headings say which part a paragraph or table
belongs to (`sopc.ingest.vocabulary.SECTIONS`); a table of a known kind is that
part wherever it stands. Whatever fits no part is reported as not understood."""

from __future__ import annotations

from dataclasses import dataclass, field

from sopc.ingest import parts
from sopc.ingest.control import read_line, read_pairs, title_line
from sopc.ingest.draft import Draft
from sopc.ingest.office import Block, Paragraph, Table
from sopc.ingest.steps import header, read_steps
from sopc.ingest.vocabulary import Column, Section, section_of, table_kind
from sopc.results import Place

_PROSE = (Section.PURPOSE, Section.SCOPE)
_HEADING_LENGTH = 24
"""A paragraph this short that names a section is its heading, styled or not."""


@dataclass
class Sorted:
    """A document's blocks by the part of the SOP each belongs to."""

    paragraphs: dict[Section | None, list[Paragraph]] = field(default_factory=dict)
    tables: dict[str, list[tuple[Table, dict[int, str]]]] = field(default_factory=dict)
    steps: list[list[tuple[Table, int, dict[int, Column]]]] = field(default_factory=list)
    control: list[Table] = field(default_factory=list)
    other: list[Table] = field(default_factory=list)
    details: list[Block] = field(default_factory=list)  # step details, tables among them
    prose: dict[Section, list[Block]] = field(default_factory=dict)  # tables in the text


def sort_blocks(blocks: tuple[Block, ...] | list[Block], draft: Draft) -> Sorted:
    found, section, previous = Sorted(), None, None
    for block in blocks:
        if isinstance(block, Paragraph):
            heading = (
                section_of(block.text)
                if block.level or len(block.text) <= _HEADING_LENGTH
                else None
            )
            if heading is not None and not block.bullet:
                section, previous = heading, None
            elif block.level == 1 and "title" not in draft.data and section is None:
                title_line(draft, block.place, block.text)
            elif section is Section.DETAILS:
                found.details.append(block)
            elif section in _PROSE:
                found.prose.setdefault(section, []).append(block)
            else:
                found.paragraphs.setdefault(section, []).append(block)
            continue
        if section is Section.DETAILS and block.rows and not table_kind(block.rows[0]):
            found.details.append(block)
            continue
        if section in _PROSE and block.rows and not table_kind(block.rows[0]) and not header(block):
            found.prose.setdefault(section, []).append(block)
            continue
        previous = _sort_table(found, block, section, previous)
    return found


def _sort_table(
    found: Sorted, table: Table, section: Section | None, previous: Table | None
) -> Table | None:
    """File `table`; the step table it may continue, or None."""
    if not table.rows:
        return None
    kind = table_kind(table.rows[0])
    if kind is not None:
        found.tables.setdefault(kind[0], []).append((table, kind[1]))
        return None
    head = header(table)
    width = len(table.rows[0])
    if previous is not None and found.steps and width == len(previous.rows[0]):
        last = found.steps[-1]
        columns = last[0][2]
        found.steps[-1].append((table, head[0] if head else -1, columns))
        return table
    if head is not None:
        found.steps.append([(table, head[0], head[1])])
        return table
    if section in (None, Section.CONTROL):
        found.control.append(table)
    else:
        found.other.append(table)
    return None


def _control_row(draft: Draft, place: Place, row: tuple[str, ...]) -> None:
    """A row of the control block, or above a step table: label and value pairs, or the
    title in a row of its own (a merged cell across the sheet)."""
    if read_pairs(draft, place, row) or not any(row):
        return
    texts = {cell for cell in row if cell}
    if len(texts) == 1 and "title" not in draft.data:
        title_line(draft, place, texts.pop())
    else:
        draft.unknown(place, " | ".join(c for c in row if c))


def read_sorted(draft: Draft, found: Sorted) -> None:
    """Every part, in the order their ids need (see the module's docstring)."""
    above = [(t, t.rows[:head]) for tables in found.steps for t, head, _ in tables[:1] if head > 0]
    for table, rows in [(t, t.rows) for t in found.control] + above:
        for r, row in enumerate(rows, 1):
            _control_row(draft, table.place.cell(r), row)
    for paragraph in found.paragraphs.pop(None, []) + found.paragraphs.pop(Section.CONTROL, []):
        if read_line(draft, paragraph.place, paragraph.text):
            continue
        if "title" not in draft.data:
            title_line(draft, paragraph.place, paragraph.text)
        elif parts.is_title_line(draft, paragraph.text):
            draft.note("derived", paragraph.place, "", paragraph.text)
        else:
            draft.unknown(paragraph.place, paragraph.text)
    for table, columns in found.tables.pop("roles", []):
        parts.roles_table(draft, table, columns)
    parts.duties(draft, found.paragraphs.pop(Section.DUTIES, []))
    for table, columns in found.tables.pop("forms", []):
        parts.forms_table(draft, table, columns)
    parts.form_lines(draft, found.paragraphs.pop(Section.FORMS, []))
    situations = []
    for index, tables in enumerate(found.steps):
        if index == 0:
            situations = read_steps(draft, tables)
        else:
            for table, _, _ in tables:
                draft.unknown(
                    table.place, table.rows[0][0] if table.rows else "", "second_step_table"
                )
    parts.situations(draft, situations)
    parts.details(draft, found.details)
    parts.purpose(draft, found.prose.get(Section.PURPOSE, []) + found.prose.get(Section.SCOPE, []))
    parts.exception_lines(draft, found.paragraphs.pop(Section.EXCEPTIONS, []))
    parts.references(draft, found.paragraphs.pop(Section.REFERENCES, []))
    for kind in ("exceptions", "deadlines", "kpis", "risks", "revisions"):
        for table, columns in found.tables.pop(kind, []):
            parts.TABLES[kind](draft, table, columns)
    for kind, derived in found.tables.items():  # raci: made from the steps, not read
        for matrix, _ in derived:
            draft.note("derived", matrix.place, kind)
    for section in (Section.FLOWCHART, Section.RACI):
        for paragraph in found.paragraphs.pop(section, []):
            draft.note("derived", paragraph.place, section.value, paragraph.text)
    for paragraphs in found.paragraphs.values():
        for paragraph in paragraphs:
            draft.unknown(paragraph.place, paragraph.text)
    for table in found.other:
        draft.unknown(table.place, table.rows[0][0] if table.rows else "", "table_kind")
