"""Pages of the manual from Jinja templates (autoescape on).

The functions templates call are `sopc.render.helpers`: they build their HTML from
escaped parts only, so SOP text can never become markup. `build.templates` in
`sopc.yaml` overrides the built-in templates file by file (a ChoiceLoader: the
project's folder first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from sopc import __version__
from sopc.cache import Memo
from sopc.render.charts import chart_key, inline_svg
from sopc.render.helpers import Helpers
from sopc.render.paper import LEGEND as PAPER_LEGEND
from sopc.render.phrases import Phrases
from sopc.render.raci import duties_key
from sopc.render.search import search_script
from sopc.render.site import Manual, SopEntry
from sopc.render.templating import Compiled, breakable
from sopc.render.traces import Kept, Remember, Trace, Traces, key_of
from sopc.resources import resource_dir


class Rendered(NamedTuple):
    """A page of the site: its path, its text (None: unchanged since the last build,
    its file is still right) and its trace."""

    rel: str
    text: str | None
    trace: Trace
    whole: bool = False  # a page over the whole manual (they come after the SOPs' own)


# the screen legend's entries when a caller gives none: paper's, less its connectors
LEGEND = tuple(key for key in PAPER_LEGEND if key != "legend_connector")
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
        ready: Callable[[str], bool] = lambda _sop_id: True,
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
        were taken, before the manual's (those left) are made; `wait(id)` before an
        SOP's page, until its chart is in (charts may be drawn meanwhile), and while
        `ready(id)` says it is not, the manual's pages are made, which need none."""
        manual = self.manual
        self.env.globals["documents"] = sorted(documents)
        self.env.globals["manual_pdfs"] = list(manuals)
        settings = key_of(base, repr(sorted(documents)), repr(list(manuals)))
        traces = Traces(manual, settings, overridden=self.overridden)
        remember = self.helpers.remember = Remember(traces, self.memo)
        before = previous or {}

        def fresh(rel: str, trace: Trace) -> bool:
            return before.get(rel) == trace and kept(rel)

        def sop_page(entry: SopEntry) -> Rendered:
            legend = (legends or {}).get(entry.sop.id, LEGEND)
            extra = (chart_key(entry.sop.id, flowcharts, chart_keys), repr(tuple(legend)))
            old = before.get(entry.page)
            if old is not None and fresh(entry.page, traces.of_sop(entry, extra, old.reads)):
                return Rendered(entry.page, None, old)
            drawn = flowcharts.get(entry.sop.id, b"")
            svg = Markup(inline_svg(drawn) if drawn else "")
            with manual.reading() as reads:
                text = self._page(
                    "sop.html.j2", "sop", "../", entry=entry, flowchart=svg, legend=legend
                )
            return Rendered(entry.page, text, traces.of_sop(entry, extra, reads))

        def whole_page(rel: str, make: Callable[[], str]) -> Rendered:
            trace = traces.of_manual(rel)
            return Rendered(rel, None if fresh(rel, trace) else make(), trace, whole=True)

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
        left = list(whole.items())
        for entry in manual.sops:
            while left and not ready(entry.sop.id):  # the manual's pages need no chart
                yield whole_page(*left.pop(0))
            wait(entry.sop.id)
            yield sop_page(entry)
        between()
        for rel, make in left:
            yield whole_page(rel, make)

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
