"""A document's blocks sorted into the SOP's parts, then read in the order their ids
need: the control block and the title, roles and forms (so that steps find them by
name), the step table, and what names steps (details, exceptions, deadlines,
risks), references and revisions. Headings say which part a paragraph or table
belongs to (`sopc.ingest.vocabulary.SECTIONS`); a table of a known kind is that
part wherever it stands. Whatever fits no part is reported as not understood."""

from __future__ import annotations

from dataclasses import dataclass, field

from sopc.ingest import parts, prose
from sopc.ingest.control import read_line, read_pairs, title_line
from sopc.ingest.draft import Draft
from sopc.ingest.office import Block, Paragraph, Table
from sopc.ingest.steps import read_steps
from sopc.ingest.table import header, is_control
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
    banners: list[tuple[Table, tuple[tuple[str, ...], ...]]] = field(default_factory=list)
    other: list[Table] = field(default_factory=list)
    details: list[Block] = field(default_factory=list)  # step details, tables among them
    prose: dict[Section, list[Block]] = field(default_factory=dict)  # tables in the text


def sort_blocks(blocks: tuple[Block, ...] | list[Block], draft: Draft) -> Sorted:
    found, at = Sorted(), _Where()
    for block in blocks:
        if isinstance(block, Table) and not any(any(row) for row in block.rows):
            continue  # a table of empty cells says nothing
        if isinstance(block, Paragraph):
            _sort_paragraph(found, block, at, draft)
        elif at.section is Section.DETAILS and not table_kind(block.rows[0]):
            found.details.append(block)
        elif at.section in _PROSE and not table_kind(block.rows[0]) and not header(block):
            found.prose.setdefault(at.section, []).append(block)
        else:
            at.previous = _sort_table(found, block, at.section, at.previous)
    return found


@dataclass
class _Where:
    """Where the walk through a document is: its section (opened by a heading of this
    level; 0 for a plain paragraph), and the step table the next table may continue."""

    section: Section | None = None
    level: int = 0
    previous: Table | None = None


def _sort_paragraph(found: Sorted, block: Paragraph, at: _Where, draft: Draft) -> None:
    """A heading opens its section; a styled heading of no known section, at the
    level of the current one or above, closes it (what follows is reported)."""
    at.previous = None  # text between two tables: the second one is a table of its own
    short = block.level or len(block.text) <= _HEADING_LENGTH
    heading = section_of(block.text) if short and not block.bullet else None
    if heading is not None:
        at.section, at.level = heading, block.level
    elif block.level == 1 and "title" not in draft.data and at.section is None:
        title_line(draft, block.place, block.text)
    elif block.level and at.section is not None and (not at.level or block.level <= at.level):
        at.section, at.level = Section.OTHER, block.level
        found.paragraphs.setdefault(Section.OTHER, []).append(block)
    elif at.section is Section.DETAILS:
        found.details.append(block)
    elif at.section in _PROSE:
        found.prose.setdefault(at.section, []).append(block)
    else:
        found.paragraphs.setdefault(at.section, []).append(block)


def _sort_table(
    found: Sorted, table: Table, section: Section | None, previous: Table | None
) -> Table | None:
    """File `table`; the step table it may continue, or None."""
    kind = table_kind(table.rows[0])
    if kind is not None:
        found.tables.setdefault(kind[0], []).append((table, kind[1]))
        return None
    head = header(table)
    if head is None and is_control(table):
        found.control.append(table)
        return None
    if previous is not None and found.steps and len(table.rows[0]) == len(previous.rows[0]):
        first, at, columns = found.steps[-1][0]
        if head is None or table.rows[head.last] == first.rows[at]:
            found.steps[-1].append((table, head.last if head else -1, columns))
            return table
    if head is not None:
        found.steps.append([(table, head.last, head.columns)])
        found.banners.append((table, table.rows[: head.first]))
        return table
    if section in (None, Section.CONTROL):
        found.control.append(table)
    else:
        found.other.append(table)
    return None


def _control_row(draft: Draft, place: Place, row: tuple[str, ...], banner: bool) -> None:
    """A row of the control block, or above a step table: label and value pairs, or,
    above a step table (`banner`), the title in a row of its own (a merged cell
    across the sheet)."""
    if read_pairs(draft, place, row) or not any(row):
        return
    texts = {cell for cell in row if cell}
    if banner and len(texts) == 1 and "title" not in draft.data:
        title_line(draft, place, texts.pop())
    else:
        draft.unknown(place, " | ".join(c for c in row if c))


def read_sorted(draft: Draft, found: Sorted) -> None:
    """Every part, in the order their ids need (see the module's docstring)."""
    _read_control(draft, found)
    _read_roles_and_forms(draft, found)
    situations = read_steps(draft, found.steps[0]) if found.steps else []
    for tables in found.steps[1:]:
        for table, _, _ in tables:
            draft.unknown(table.place, table.rows[0][0], "second_step_table")
    parts.situations(draft, situations)
    prose.details(draft, found.details)
    prose.purpose(draft, found.prose.get(Section.PURPOSE, []))
    prose.scope(draft, found.prose.get(Section.SCOPE, []))
    parts.exception_lines(draft, found.paragraphs.pop(Section.EXCEPTIONS, []))
    parts.references(draft, found.paragraphs.pop(Section.REFERENCES, []))
    for kind in ("exceptions", "deadlines", "kpis", "risks", "revisions"):
        for table, columns in found.tables.pop(kind, []):
            parts.TABLES[kind](draft, table, columns)
    _account_for_the_rest(draft, found)


def _read_control(draft: Draft, found: Sorted) -> None:
    """The control block's tables and rows, then the paragraphs before any section."""
    banners = [(t, rows, True) for t, rows in found.banners]
    for table, rows, banner in [(t, t.rows, False) for t in found.control] + banners:
        for r, row in enumerate(rows, 1):
            _control_row(draft, table.place.cell(r), row, banner)
    for paragraph in found.paragraphs.pop(None, []) + found.paragraphs.pop(Section.CONTROL, []):
        if read_line(draft, paragraph.place, paragraph.text):
            continue
        if "title" not in draft.data:
            title_line(draft, paragraph.place, paragraph.text)
        elif parts.is_title_line(draft, paragraph.text):
            draft.note("derived", paragraph.place, "", paragraph.text)
        else:
            draft.unknown(paragraph.place, paragraph.text)


def _read_roles_and_forms(draft: Draft, found: Sorted) -> None:
    """Before the steps, which find their roles and forms by name."""
    for table, columns in found.tables.pop("roles", []):
        parts.roles_table(draft, table, columns)
    parts.duties(draft, found.paragraphs.pop(Section.DUTIES, []))
    for table, columns in found.tables.pop("forms", []):
        parts.forms_table(draft, table, columns)
    parts.form_lines(draft, found.paragraphs.pop(Section.FORMS, []))


def _account_for_the_rest(draft: Draft, found: Sorted) -> None:
    """What sopc makes itself (the RACI matrix, the flowchart) is derived; anything
    else left is not understood. Nothing goes unsaid."""
    for kind, derived in found.tables.items():
        for matrix, _ in derived:
            draft.note("derived", matrix.place, kind)
    for section in (Section.FLOWCHART, Section.RACI):
        for paragraph in found.paragraphs.pop(section, []):
            draft.note("derived", paragraph.place, section.value, paragraph.text)
    for paragraphs in found.paragraphs.values():
        for paragraph in paragraphs:
            draft.unknown(paragraph.place, paragraph.text)
    for table in found.other:
        draft.unknown(table.place, " | ".join(c for c in table.rows[0] if c), "table_kind")
