"""Pages of the manual from Jinja templates (autoescape on).

Template helpers build their HTML from escaped parts only, so SOP text can
never become markup. `build.templates` in `sopc.yaml` overrides the built-in
templates file by file (a ChoiceLoader: the project's folder first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from sopc import __version__
from sopc.cache import Memo
from sopc.model.sop import Step
from sopc.model.types import split_ref
from sopc.render.charts import chart_key, inline_svg
from sopc.render.markdown import is_safe_link, render_markdown
from sopc.render.paper import LEGEND as PAPER_LEGEND
from sopc.render.phrases import Named, NamedKind, Phrases, Piece
from sopc.render.raci import (
    Duties,
    ManualMatrix,
    SopMatrix,
    duties_key,
    manual_matrix,
    ordered,
    sop_matrix,
)
from sopc.render.search import search_script
from sopc.render.site import FormEntry, FormUse, Manual, SopEntry
from sopc.render.templating import Compiled, breakable
from sopc.render.traces import Kept, Remember, Trace, Traces, key_of
from sopc.resources import resource_dir

Context = dict[str, Any]


class Rendered(NamedTuple):
    """A page of the site: its path, its text (None: unchanged since the last build,
    its file is still right) and its trace."""

    rel: str
    text: str | None
    trace: Trace
    whole: bool = False  # a page over the whole manual (they come after the SOPs' own)


# the screen legend's entries when a caller gives none: paper's, less its connectors
LEGEND = tuple(key for key in PAPER_LEGEND if key != "legend_connector")
# where a link to an SOP points in a part of the PDF manual: an address no reader can
# open (RFC 6761's .invalid), which binding turns into a link to the named destination
# after it, or removes where that SOP is not in the manual (sopc.render.binder)
PRINT_DEST = "https://sopc.invalid/dest/"
# the pages over the whole manual, made after the SOPs' own (`Rendered.whole`)
WHOLE_PAGES = (
    "index.html",
    "roles.html",
    "forms.html",
    "raci.html",
    "changes.html",
    "assets/search-index.js",
)


class Pages:
    """Renders every page of a manual to HTML text, keyed by its path in the site.

    `for_print` renders for the PDF instead: anchors carry the SOP id (unique in the
    bound manual), `sop:` links point at the SOP inside the PDF (`PRINT_DEST`, or an
    anchor of the same document with `one_document`) and links to the site's role and
    form pages become plain text."""

    def __init__(
        self,
        manual: Manual,
        override: Path | None = None,
        *,
        for_print: bool = False,
        one_document: bool = False,
        memo: Memo[Kept[Any]] | None = None,
        compiled: Compiled | None = None,
    ) -> None:
        self.manual = manual
        self.for_print = for_print
        self.memo = memo
        self.overridden = override is not None
        phrases = Phrases(manual)
        self.t = phrases.t
        folders = [str(override)] if override else []
        if for_print:
            folders += [str(override / "print")] if override else []
            folders.append(str(resource_dir("templates") / "print"))
        folders.append(str(resource_dir("templates") / "site"))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            finalize=breakable if for_print else None,
            bytecode_cache=None if for_print else compiled,
        )
        self.helpers = Helpers(phrases, for_print=for_print, one_document=one_document)
        self.env.globals.update(self.helpers.globals())
        self.env.globals["documents"] = []
        self.env.globals["manual_pdfs"] = []

    def render(
        self,
        flowcharts: Mapping[str, bytes],
        documents: Iterable[str] = (),
        legends: Mapping[str, Sequence[str]] | None = None,
        manuals: Sequence[tuple[str | None, str]] = (),
        *,
        chart_keys: Mapping[str, str] | None = None,
        base: str = "",
        previous: Mapping[str, Trace] | None = None,
        kept: Callable[[str], bool] = lambda _rel: False,
        between: Callable[[], None] = lambda: None,
        wait: Callable[[str], None] = lambda _sop_id: None,
    ) -> Iterator[Rendered]:
        """Every page (the SOPs' with their `flowcharts`, SVG documents) and the search
        index, each with its trace (`sopc.render.traces`), the SOPs' own pages first,
        then the pages over the whole manual (`whole`); `documents` (the PDF and Word
        files built beside the site) get download links, the PDF manuals (`manuals`:
        department or None for the whole, path) on the index page; `legends` are the
        legend entries (catalogue keys) each SOP's chart needs, all when not given. A
        page whose trace equals its `previous` one, and whose file the output folder
        still holds as written (`kept`), comes without text: it is unchanged.
        `chart_keys` say what each chart was drawn from (else its SVG's hash is). `base`
        is the key of the build's settings. `between` is called once the SOPs' pages
        were taken, before the manual's are made; `wait(id)` before an SOP's page,
        until its chart is in (charts may be drawn meanwhile)."""
        manual = self.manual
        self.env.globals["documents"] = sorted(documents)
        self.env.globals["manual_pdfs"] = list(manuals)
        settings = key_of(base, repr(sorted(documents)), repr(list(manuals)))
        traces = Traces(manual, settings, overridden=self.overridden)
        remember = self.helpers.remember = Remember(traces, self.memo)
        before = previous or {}

        def fresh(rel: str, trace: Trace) -> bool:
            return before.get(rel) == trace and kept(rel)

        for entry in manual.sops:
            wait(entry.sop.id)
            legend = (legends or {}).get(entry.sop.id, LEGEND)
            extra = (chart_key(entry.sop.id, flowcharts, chart_keys), repr(tuple(legend)))
            old = before.get(entry.page)
            if old is not None and fresh(entry.page, traces.of_sop(entry, extra, old.reads)):
                yield Rendered(entry.page, None, old)
                continue
            drawn = flowcharts.get(entry.sop.id, b"")
            svg = Markup(inline_svg(drawn) if drawn else "")
            with manual.reading() as reads:
                text = self._page(
                    "sop.html.j2", "sop", "../", entry=entry, flowchart=svg, legend=legend
                )
            yield Rendered(entry.page, text, traces.of_sop(entry, extra, reads))
        whole: dict[str, Callable[[], str]] = {
            "index.html": lambda: self._page("index.html.j2", "index", ""),
            "roles.html": lambda: self._page(
                "roles.html.j2", "roles", "", roles=manual.role_index()
            ),
            "forms.html": lambda: self._page(
                "forms.html.j2", "forms", "", forms=manual.form_index()
            ),
            "raci.html": lambda: self._matrix_page(remember),
            "changes.html": lambda: self._page(
                "changes.html.j2", "changes", "", changes=manual.change_log()
            ),
            "assets/search-index.js": lambda: search_script(manual, remember),
        }
        assert tuple(whole) == WHOLE_PAGES
        between()
        for rel, make in whole.items():
            trace = traces.of_manual(rel)
            yield Rendered(rel, None if fresh(rel, trace) else make(), trace, whole=True)

    def _matrix_page(self, remember: Remember) -> str:
        """The matrix page: with a memo, made again only when what it shows changed
        (each SOP's id, title and duties; the roles), not at every step title."""

        def make() -> str:
            return self._page("raci.html.j2", "raci", "", matrix=self.helpers.matrix())

        if self.memo is None:
            return make()
        sops = self.manual.sops
        facts = [remember(f"raci {e.sop.id}", (e,), partial(duties_key, e)) for e in sops]
        roles = [
            (r.key, r.definition, r.local_to and r.local_to.sop.id)
            for r in self.manual.role_index()
        ]
        return remember(f"raci.html {key_of(*facts, repr(roles))}", (), make)

    def render_print(self, template: str, **context: Any) -> str:
        """One print document (the manual, or a single SOP) for WeasyPrint."""
        return self._page(template, "print", "", **context)

    def _page(self, template: str, page: str, root: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            config=self.manual.config,
            manual=self.manual,
            lang=self.manual.config.language,
            version=__version__,
            page=page,
            root=root,
            **context,
        )


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
            text = self.phrases.duties(duties)
            cell = Markup('<td class="{}">{}</td>').format(classes, text)
            self._cells[duties] = cell if classes else Markup("<td></td>")
        return self._cells[duties]

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
        return Markup('<span class="status status-{}">{}</span>').format(value, label)

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
        return Markup('<span class="flow">{}</span>').format(text)

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
    return Markup('<a href="{}">{}</a>').format(href, text)
