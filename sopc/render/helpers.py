"""The functions the page templates call (Jinja globals): links, anchors, phrases,
matrix cells. Each builds its HTML from escaped parts only, so SOP text can never
become markup; a call from a template costs a few microseconds, so the ones a page
makes thousands of times (links, matrix cells) build their text directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from sopc.model.sop import Step
from sopc.model.types import split_ref
from sopc.render.markdown import is_safe_link, render_markdown
from sopc.render.phrases import Named, NamedKind, Phrases, Piece
from sopc.render.raci import Duties, ManualMatrix, SopMatrix, manual_matrix, ordered, sop_matrix
from sopc.render.site import FormEntry, FormUse, SopEntry
from sopc.render.traces import Remember

__all__ = ["PRINT_DEST", "Helpers", "form_sops", "form_uses"]

Context = dict[str, Any]


class Row(Protocol):
    """A row of a responsibility matrix: an SOP's step, or a role in the manual's."""

    def of(self, key: str, /) -> Duties: ...


# where a link to an SOP points in a part of the PDF manual: an address no reader can
# open (RFC 6761's .invalid), which binding turns into a link to the named destination
# after it, or removes where that SOP is not in the manual (sopc.render.binder)
PRINT_DEST = "https://sopc.invalid/dest/"


class Helpers:
    """The functions templates call, over one manual and its phrases. A helper that
    depends on the page (its `root`, or the SOP shown, for anchors) takes the
    template's context (`jinja2.pass_context`).

    `for_print`: anchors carry the SOP id and links to the site's role and form
    pages become plain text (see `Pages`)."""

    def __init__(self, phrases: Phrases, *, for_print: bool, one_document: bool = False) -> None:
        self.phrases, self.manual, self.t = phrases, phrases.manual, phrases.t
        self.for_print = for_print
        self.print_dest = "#" if one_document else PRINT_DEST
        self._matrix: ManualMatrix | None = None
        self._cells: dict[Duties, Markup] = {}  # at most 16 kinds of cell
        self.remember: Remember | None = None  # set by `Pages.render`

    def globals(self) -> dict[str, Callable[..., Any]]:
        """The Jinja globals, by the names the templates use."""
        return {
            "a": self.a,
            "form_link": self.form_link,
            "t": self.t,
            "status": self.status,
            "limit": self.phrases.limit,
            "duration": self.phrases.duration,
            "raci": self.raci,
            "raci_cell": self.raci_cell,
            "raci_cells": self.raci_cells,
            "forms_used": lambda entry: entry.forms_used(),
            "form_steps": self.form_steps,
            "role_link": self.role_link,
            "role_department": lambda entry, role_id: entry.role_department(role_id),
            "refs": self.refs,
            "reference_link": self.reference_link,
            "signature": self.phrases.signature,
            "review_note": self.phrases.review_note,
            "sop_departments": self.phrases.departments,
            "md": self.md,
            "step_title": lambda entry, step_id: entry.step_title(step_id),
            "step_links": self.step_links,
            "flow_text": self.flow_text,
            "has_details": lambda entry: any(entry.has_details(s) for s in entry.sop.steps),
            "sop_roles": lambda entry: entry.roles_in_order(),
            "sop_href": self.sop_href,
            "fragment": self.fragment,
            "form_sops": form_sops,
            "form_uses": form_uses,
        }

    def fragment(self, name: str, *entries: SopEntry, caller: Callable[[], str]) -> Markup:
        """`{% call fragment("name", entry) %}…{% endcall %}`: the block's HTML, made
        from `entries` alone (and the settings), kept between builds (`Remember`)."""
        if self.remember is None:
            return Markup(caller())
        return Markup(self.remember(name, entries, caller))

    def matrix(self) -> ManualMatrix:
        """The manual's responsibility matrix, computed once for all pages."""
        if self._matrix is None:
            self._matrix = manual_matrix(self.manual)
        return self._matrix

    def raci(self, entry: SopEntry) -> SopMatrix:
        """The SOP's own matrix (its page needs no other SOP's)."""
        if self._matrix is not None:
            return self._matrix.per_sop[entry.sop.id]
        return sop_matrix(entry)

    def raci_cell(self, duties: Duties) -> Markup:
        """A matrix cell: its letters, classed by duty (`raci-r raci-a`) for the styles."""
        if duties not in self._cells:
            classes = " ".join(f"raci-{duty.value.lower()}" for duty in ordered(duties))
            text = escape(self.phrases.duties(duties))
            cell = Markup(f'<td class="{escape(classes)}">{text}</td>')
            self._cells[duties] = cell if classes else Markup("<td></td>")
        return self._cells[duties]

    def raci_cells(self, row: Row, keys: Iterable[str]) -> Markup:
        """A matrix row's cells for `keys` (role ids, or SOP ids in the manual's), in one
        call from the template: a matrix has thousands of cells."""
        return Markup("".join([self.raci_cell(row.of(key)) for key in keys]))

    @jinja2.pass_context
    def form_steps(self, context: Context, entry: SopEntry, use: FormUse) -> Markup:
        """The steps that use a form (`Phrases.form_steps`), linked to their rows."""
        return self._phrase(context, entry, self.phrases.form_steps(entry, use))

    @jinja2.pass_context
    def a(self, context: Context, name: str) -> str:
        """An anchor inside an SOP: unique in the one-document PDF too."""
        return f"{context['entry'].sop.id}--{name}" if self.for_print else name

    def link(self, href: str, text: str) -> Markup:
        """A link to another page of the site; in print, where there is none, the text."""
        return escape(text) if self.for_print else _link(href, text)

    def sop_href(self, root: str, sop_id: str) -> str:
        return f"{self.print_dest}sop-{sop_id}" if self.for_print else f"{root}sops/{sop_id}.html"

    def status(self, value: str) -> Markup:
        label = self.phrases.status(value)
        return Markup(f'<span class="status status-{escape(value)}">{escape(label)}</span>')

    @jinja2.pass_context
    def role_link(self, context: Context, entry: SopEntry, role_id: str | None) -> Markup | str:
        if not role_id:
            return self.t("none")
        anchor = self.manual.role_anchor(entry, role_id)
        return self.link(f"{context['root']}roles.html#{anchor}", entry.role_name(role_id))

    @jinja2.pass_context
    def form_link(self, context: Context, entry: SopEntry, form_id: str) -> Markup:
        form = Named(NamedKind.FORM, form_id, entry.forms[form_id].name)
        return self._named(context, entry, form)

    @jinja2.pass_context
    def refs(self, context: Context, entry: SopEntry, items: Iterable[str]) -> Markup | str:
        parts = [self._piece(context, entry, self.phrases.reference(entry, i)) for i in items]
        return Markup("<br>").join(parts) if parts else self.t("none")

    @jinja2.pass_context
    def reference_link(self, context: Context, entry: SopEntry, text: str) -> Markup:
        web = text.lower().startswith(("http://", "https://"))
        if split_ref(text) is None and web and is_safe_link(text):
            return _link(text, text)
        return self._piece(context, entry, self.phrases.reference(entry, text))

    @jinja2.pass_context
    def md(self, context: Context, text: str | None) -> Markup:
        target = "{}.html" if context["page"] == "sop" else self.sop_href("", "{}")
        return Markup(render_markdown(text, target))

    @jinja2.pass_context
    def step_links(
        self, context: Context, entry: SopEntry, step_ids: list[str] | None, empty: str
    ) -> Markup:
        """Steps by their titles, linked to their rows; `empty` when there are none."""
        return self._phrase(context, entry, self.phrases.steps(entry, step_ids, empty))

    @jinja2.pass_context
    def flow_text(self, context: Context, entry: SopEntry, step: Step) -> Markup:
        """Where the flow goes after the step, in words (`Phrases.flow`), steps linked."""
        pieces = self.phrases.flow(entry, step)
        if not pieces:
            return Markup("")
        text = self._phrase(context, entry, pieces)
        return Markup(f'<span class="flow">{text}</span>')  # escaped by _phrase

    def _phrase(self, context: Context, entry: SopEntry, pieces: Iterable[Piece]) -> Markup:
        return Markup("").join(self._piece(context, entry, piece) for piece in pieces)

    def _piece(self, context: Context, entry: SopEntry, piece: Piece) -> Markup:
        return escape(piece) if isinstance(piece, str) else self._named(context, entry, piece)

    def _named(self, context: Context, entry: SopEntry, named: Named) -> Markup:
        root = context["root"]
        if named.kind is NamedKind.STEP:
            return _link("#" + self.a(context, f"step-{named.id}"), named.text)
        if named.kind is NamedKind.SOP:
            return _link(self.sop_href(root, named.id), named.text)
        anchor = self.manual.form_anchor(entry, named.id)
        return self.link(f"{root}forms.html#{anchor}", named.text)


def form_uses(form: FormEntry) -> list[tuple[SopEntry, list[tuple[Step, str]]]]:
    """A form's uses by SOP, in the order of `used_in`: (SOP, [(step, kind)])."""
    groups: list[tuple[SopEntry, list[tuple[Step, str]]]] = []
    for entry, step, kind in form.used_in:
        if not groups or groups[-1][0] is not entry:
            groups.append((entry, []))
        groups[-1][1].append((step, kind))
    return groups


def form_sops(form: FormEntry) -> list[SopEntry]:
    """The SOPs a form's section shows: the one it is local to, those that use it."""
    found = {form.local_to.sop.id: form.local_to} if form.local_to else {}
    for entry, _step, _kind in form.used_in:
        found.setdefault(entry.sop.id, entry)
    return list(found.values())


def _link(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')
