"""What an SOP's Word file says, section by section, in the order of its HTML page
(templates/site/sop.html.j2): the same labels, the same columns, references shown
by name. `sopc.render.docx` sets the document up and packs it; this module only
writes content, and every piece of SOP text goes through `clean` and python-docx's
own text API (which escapes it), so no SOP text can become markup or a corrupt file.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from sopc.i18n import Translator
from sopc.model.base import RoleDef
from sopc.render.docx_markdown import Cell, Line, MarkdownWriter, clean, lines
from sopc.render.phrases import Phrases, plain
from sopc.render.raci import sop_matrix
from sopc.render.site import Manual, SopEntry

TABLE_STYLE = "Table Grid"
TABLE_TEXT = "SOP Table Text"  # a small paragraph style for table cells (made by docx.py)
HEADER_FILL = "E3E9EE"  # the HTML page's table-heading grey
MUTED = RGBColor(0x54, 0x6E, 0x7A)


class Writer(MarkdownWriter):
    """Writes the SOP's sections into `doc`, in the words of `phrases`."""

    def __init__(self, doc: Document, entry: SopEntry, phrases: Phrases, width_mm: float) -> None:
        self.doc, self.entry, self.phrases = doc, entry, phrases
        self.manual: Manual = phrases.manual
        self.t: Translator = phrases.t
        self.sop, self.width_mm = entry.sop, width_mm
        self.table_text: str = doc.styles[TABLE_TEXT].style_id

    # -- building blocks ---------------------------------------------------------------

    def heading(self, text: str, level: int) -> Paragraph:
        """A built-in Heading style, so Word's navigation pane lists the section."""
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        paragraph.add_run(clean(text))
        return paragraph

    def line(self, paragraph: Paragraph, line: Line) -> Paragraph:
        for text, look in line:
            if not text:
                continue
            run = paragraph.add_run(clean(text))
            if look == "b":
                run.bold = True
            elif look == "m":
                run.font.color.rgb = MUTED
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.line(self.doc.add_paragraph(style="List Bullet"), [(item, "")])

    def table(
        self,
        widths: Sequence[float],
        rows: Sequence[Sequence[Cell]],
        *,
        header: Sequence[str] | None = None,
        label_columns: tuple[int, ...] = (0,),
    ) -> None:
        """A grid across the text width, columns in proportion to `widths`: the header row
        repeats on every page (`w:tblHeader`) and is shaded like the HTML's `th`, as are
        the label columns of a table without one."""
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.style = self.doc.styles[TABLE_STYLE]
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(self.width_mm * width / sum(widths))
        if header is not None:
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell, text in zip(row.cells, header, strict=True):
                self._fill(cell, [[(text, "b")]], shaded=True)
        for values in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, values, strict=False)):
                self._fill(cell, value, shaded=header is None and index in label_columns)
        self.doc.add_paragraph()  # Word glues consecutive tables together without a gap

    def grid(
        self, key: str | None, widths: Sequence[float], keys: str, rows: Sequence[Sequence[Cell]]
    ) -> None:
        """A section's table under its heading (`key`), headed by the labels of `keys`;
        nothing at all when there are no rows."""
        if rows:
            if key:
                self.heading(self.t(key), 2)
            self.table(widths, rows, header=[self.t(k) for k in keys.split()])

    def _fill(self, cell: _Cell, value: Cell, *, shaded: bool = False) -> None:
        for index, line in enumerate(lines(value) or [[("", "")]]):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph._p.style = self.table_text  # by id: python-docx's by-name lookup scans
            self.line(paragraph, [(t, "b" if shaded else look) for t, look in line])
        if shaded:
            shade = OxmlElement("w:shd")
            for key, value in (("val", "clear"), ("color", "auto"), ("fill", HEADER_FILL)):
                shade.set(qn(f"w:{key}"), value)
            cell._tc.get_or_add_tcPr().append(shade)

    # -- what the HTML page's helpers show ---------------------------------------------

    def none(self, text: str | None) -> str:
        return text if text else self.t("none")

    def role(self, role_id: str | None) -> str:
        return self.entry.role_name(role_id) if role_id else self.t("none")

    def ref(self, text: str) -> str:
        """`form:ID` as the form's name, `sop:ID` as "ID title"; anything else as written."""
        return plain([self.phrases.reference(self.entry, text)])

    def refs(self, items: Sequence[str]) -> Cell:
        return [[(self.ref(item), "")] for item in items] or self.t("none")

    def steps_named(self, step_ids: Sequence[str] | None, empty: str) -> str:
        """The steps' titles as a list; `empty` when there are none."""
        return plain(self.phrases.steps(self.entry, step_ids, empty))

    def sop_roles(self) -> list[tuple[str, RoleDef]]:
        return self.entry.roles_in_order()

    # -- the sections, in the HTML page's order ----------------------------------------

    def title(self) -> None:
        heading = self.heading(f"{self.sop.id} {self.sop.title}", 1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        t, sep = self.t, self.t("sep")
        status = self.phrases.status(self.sop.status)
        line = [(f"{self.sop.id}{sep}{t('version')} {self.sop.version}{sep}{status}", "m")]
        self.line(self.doc.add_paragraph(), line).alignment = WD_ALIGN_PARAGRAPH.CENTER

    def control(self) -> None:
        sop, entry, t, say = self.sop, self.entry, self.t, self.phrases
        approval = sop.approval

        def signed(kind: str) -> str:
            return say.signature(getattr(approval, kind) if approval else None)

        review: Cell = t("none")
        if entry.next_review:  # "overdue" in bold, as on the page
            due = [(str(entry.next_review), ""), (f" {t('overdue')}" if entry.overdue else "", "b")]
            review = [[*due, (say.review_note(sop), "")]]
        status = say.status(sop.status)
        departments = say.departments(entry)
        effective = str(sop.effective_date or t("none"))
        rows: list[list[Cell]] = [
            [t("id"), sop.id, t("version"), sop.version],
            [t("status"), status, t("effective_date"), effective],
            [t("owner"), self.role(sop.owner), t("departments"), departments],
            [t("author"), signed("author"), t("reviewer"), signed("reviewer")],
            [t("approver"), signed("approver"), t("next_review"), review],
        ]
        if sop.cases:
            values = t("choice_sep").join(sop.cases.values)
            rows.append([t("case"), f"{sop.cases.name}{t('colon')}{values}", "", ""])
        self.heading(t("document_control"), 2)
        self.table([27, 55.5, 27, 55.5], rows, label_columns=(0, 2))
        if sop.cases:  # the case value spans the last three columns, as in the HTML
            table = self.doc.tables[-1]
            merged = table.cell(len(rows) - 1, 1).merge(table.cell(len(rows) - 1, 3))
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)

    def purpose(self) -> None:
        sop, t = self.sop, self.t
        if not (sop.purpose or sop.scope):
            return
        self.heading(t("purpose") + (t("sep") + t("scope") if sop.scope else ""), 2)
        self.markdown(sop.purpose)
        if isinstance(sop.scope, str):
            self.markdown(sop.scope)
        elif sop.scope is not None:
            ends = ((t("scope_start"), sop.scope.start), (t("scope_end"), sop.scope.end))
            for label, value in ends:
                if value:
                    term = [(label + t("term_colon"), "b"), (value, "")]
                    self.line(self.doc.add_paragraph(), term)
            lists = ((t("includes"), sop.scope.includes), (t("excludes"), sop.scope.excludes))
            for label, items in lists:
                if items:
                    self.line(self.doc.add_paragraph(), [(label, "b")])
                    self.bullets(items)

    def rest(self) -> None:
        """Everything after the flowchart, in the HTML page's order."""
        self.roles()
        self.raci()
        self.steps()
        self.details()
        sop, none, t, entry, say = self.sop, self.none, self.t, self.entry, self.phrases
        exceptions = [
            [e.when, self.steps_named(e.steps, t("all_steps")), none(e.action), self.role(e.role),
             self.role(e.escalate_to), say.limit(e.within)]
            for e in sop.exceptions
        ]  # fmt: skip
        self.grid("exceptions", [30, 25, 50, 20, 20, 20],
                  "when where action handled_by escalate_to within", exceptions)  # fmt: skip
        if sop.deadlines or sop.kpis:
            self.heading(t("deadlines_kpis"), 2)
        deadlines = [
            [d.name, entry.step_title(d.from_) if d.from_ else t("start"),
             t("end") if d.to == "end" else entry.step_title(d.to), self.phrases.limit(d.within)]
            for d in sop.deadlines
        ]  # fmt: skip
        self.grid(None, [40, 40, 40, 45], "deadline from to within", deadlines)
        kpis = [[k.name, none(k.target), none(k.measure)] for k in sop.kpis]
        self.grid(None, [45, 30, 90], "kpi target measure", kpis)
        self.forms()
        risks = [
            [r.risk, none(r.mitigation), self.steps_named(r.steps, t("none"))] for r in sop.risks
        ]
        self.grid("risks", [55, 65, 45], "risk mitigation where", risks)
        if sop.references:
            self.heading(t("references"), 2)
            self.bullets([self.ref(text) for text in sop.references])
        revisions = [
            [r.version, str(r.date), none(r.author), none(r.changes)] for r in sop.revisions
        ]
        self.grid("revisions", [20, 28, 27, 90], "version date author changes_made", revisions)

    def roles(self) -> None:
        none = self.t("none")
        rows = [
            [self.role(role_id), role.department or none,
             [[(f"• {duty}", "")] for duty in role.duties] or none]
            for role_id, role in self.sop_roles()
        ]  # fmt: skip
        self.grid("roles_duties", [35, 30, 100], "role department duties", rows)

    def forms(self) -> None:
        """Every form the SOP uses, the manual's marked, with where its steps use it."""
        t, say, rows = self.t, self.phrases, list[list[Cell]]()
        shared = f" {t('paren', text=t('shared_form'))}"
        for use in self.entry.forms_used():
            name: Line = [(use.form.name, ""), (shared if use.shared else "", "m")]
            steps = plain(say.form_steps(self.entry, use))
            rows.append([[name], say.duration(use.form.retention), steps])
        self.grid("forms", [50, 25, 90], "form retention used_in", rows)

    def raci(self) -> None:
        """The responsibility matrix: its key, then steps × roles, letters centred."""
        matrix = sop_matrix(self.entry)
        if not matrix.roles:
            return
        self.heading(self.t("raci"), 2)
        self.line(self.doc.add_paragraph(), [(self.t("raci_key"), "m")])
        header = [self.t("raci_corner"), *(self.role(r) for r in matrix.roles)]
        rows: list[list[Cell]] = [
            [self.t("numbered", n=row.number, title=row.step.title),
             *(self.phrases.duties(row.of(r)) for r in matrix.roles)]
            for row in matrix.rows
        ]  # fmt: skip
        role_width = min(20.0, 120 / len(matrix.roles))
        self.table([45, *[role_width] * len(matrix.roles)], rows, header=header)
        for row in self.doc.tables[-1].rows:
            for cell in row.cells[1:]:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def steps(self) -> None:
        t, entry, rows = self.t, self.entry, list[list[Cell]]()
        for number, step in enumerate(self.sop.steps, 1):
            action: list[Line] = [[(step.title, "b")]]
            if step.decision:
                action.append([(f"{t('decision')}{t('colon')}{step.decision}", "m")])
            if flow := plain(self.phrases.flow(entry, step)):
                action.append([(flow, "")])
            who: list[Line] = [[(self.role(step.role), "")]]
            if department := entry.role_department(step.role):
                who.append([(department, "m")])
            if step.support:
                helpers = t("list_sep").join(self.role(r) for r in step.support)
                who.append([(f"{t('support')}{t('colon')}{helpers}", "m")])
            rows.append([str(number), action, who, self.phrases.limit(step.time_limit),
                         self.refs(step.inputs), self.refs(step.outputs),
                         self.none(step.standard), self.none(step.control)])  # fmt: skip
        keys = "step action role_department time_limit inputs outputs standard control"
        self.grid("steps", [11, 29, 20, 20, 20, 20, 26, 19], keys, rows)

    def details(self) -> None:
        t, entry = self.t, self.entry
        numbered = list(enumerate(self.sop.steps, 1))
        shown = [(n, s) for n, s in numbered if entry.has_details(s)]
        if shown:
            self.heading(t("step_details"), 2)
        for number, step in shown:
            self.heading(t("numbered", n=number, title=step.title), 3)
            if step.id in entry.sections:
                self.markdown(entry.sections[step.id].markdown)
            if step.notes:
                self.line(self.doc.add_paragraph(), [(t("notes"), "b")])
                self.bullets(step.notes)
            if step.tools:
                tools = [(t("tools") + t("colon"), "b"), (t("list_sep").join(step.tools), "")]
                self.line(self.doc.add_paragraph(), tools)
