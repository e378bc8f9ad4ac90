"""Pages of the manual from Jinja templates (autoescape on).

Template helpers build their HTML from escaped parts only, so SOP text can
never become markup. `build.templates` in `sopc.yaml` overrides the built-in
templates file by file (a ChoiceLoader: the project's folder first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sopc import __version__
from sopc.model.base import RoleDef
from sopc.model.sop import Signature, Step
from sopc.model.types import Duration, split_ref
from sopc.render.i18n import translator
from sopc.render.markdown import is_safe_link, render_markdown
from sopc.render.site import Manual, SopEntry, limit_text
from sopc.resources import resource_dir

Context = dict[str, Any]


class Pages:
    """Renders every page of a manual to HTML text, keyed by its path in the site.

    `for_print` renders for the PDF instead: every SOP in one document, so anchors
    carry the SOP id, `sop:` links point inside the document and links to the
    site's role and form pages become plain text."""

    def __init__(
        self, manual: Manual, override: Path | None = None, *, for_print: bool = False
    ) -> None:
        self.manual = manual
        self.for_print = for_print
        self.t = translator(manual.config.language)
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
        )
        self.env.globals.update(self._helpers())
        self.env.globals["documents"] = []
        self.env.tests["is_manual_pdf"] = lambda path: "/" not in path and path.endswith(".pdf")

    def render(self, flowcharts: dict[str, str], documents: Iterable[str] = ()) -> dict[str, str]:
        """Every page and the search index, path → text; `documents` (the PDF and Word
        files built beside the site) get download links."""
        manual = self.manual
        self.env.globals["documents"] = sorted(documents)
        pages = {
            "index.html": self._page("index.html.j2", "index", ""),
            "roles.html": self._page("roles.html.j2", "roles", "", roles=manual.role_index()),
            "forms.html": self._page("forms.html.j2", "forms", "", forms=manual.form_index()),
            "changes.html": self._page(
                "changes.html.j2", "changes", "", changes=manual.change_log()
            ),
        }
        for entry in manual.sops:
            svg = Markup(flowcharts.get(entry.sop.id, ""))
            pages[entry.page] = self._page("sop.html.j2", "sop", "../", entry=entry, flowchart=svg)
        kinds = {
            k: self.t(label)
            for k, label in (("sop", "sops"), ("step", "step"), ("role", "role"), ("form", "forms"))
        }
        pages["assets/search-index.js"] = (
            "window.SOPC_INDEX = "
            + json.dumps(manual.search_index(), ensure_ascii=False, separators=(",", ":"))
            + ";\nwindow.SOPC_KINDS = "
            + json.dumps(kinds, ensure_ascii=False)
            + ";\n"
        )
        return pages

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

    # -- helpers available in templates ------------------------------------------------

    def _helpers(self) -> dict[str, Callable[..., Any]]:
        t, manual, for_print = self.t, self.manual, self.for_print

        @jinja2.pass_context
        def a(context: Context, name: str) -> str:
            """An anchor inside an SOP: unique in the one-document PDF too."""
            return f"{context['entry'].sop.id}--{name}" if for_print else name

        def link(href: str, text: str) -> Markup:
            """A link to another page of the site; in print, where there is none, the text."""
            return escape(text) if for_print else _link(href, text)

        def sop_href(root: str, sop_id: str) -> str:
            return f"#sop-{sop_id}" if for_print else f"{root}sops/{sop_id}.html"

        def status(value: str) -> Markup:
            label = t("review_status" if value == "review" else value)
            return Markup('<span class="status status-{}">{}</span>').format(value, label)

        def limit(value: Duration | dict[str, Duration] | None) -> str:
            return limit_text(value) or t("none")

        @jinja2.pass_context
        def role_link(context: Context, entry: SopEntry, role_id: str | None) -> Markup | str:
            if not role_id:
                return t("none")
            anchor = manual.role_anchor(entry, role_id)
            return link(f"{context['root']}roles.html#{anchor}", entry.role_name(role_id))

        @jinja2.pass_context
        def form_link(context: Context, entry: SopEntry, form_id: str) -> Markup:
            anchor = manual.form_anchor(entry, form_id)
            return link(f"{context['root']}forms.html#{anchor}", entry.forms[form_id].name)

        def role_department(entry: SopEntry, role_id: str | None) -> str:
            role = entry.roles.get(role_id or "")
            return role.department or "" if role else ""

        @jinja2.pass_context
        def refs(context: Context, entry: SopEntry, items: Iterable[str]) -> Markup | str:
            parts = [_ref(context["root"], entry, text) for text in items]
            return Markup("<br>").join(parts) if parts else t("none")

        def _ref(root: str, entry: SopEntry, text: str) -> Markup:
            ref = split_ref(text)
            if ref is None:
                return escape(text)
            kind, ref_id = ref
            if kind == "form" and ref_id in entry.forms:
                anchor = manual.form_anchor(entry, ref_id)
                return link(f"{root}forms.html#{anchor}", entry.forms[ref_id].name)
            other = manual.by_id(ref_id) if kind == "sop" else None
            if other is not None:
                return _link(sop_href(root, other.sop.id), f"{other.sop.id} {other.sop.title}")
            return escape(text)

        @jinja2.pass_context
        def reference_link(context: Context, entry: SopEntry, text: str) -> Markup:
            if split_ref(text) is not None:
                return _ref(context["root"], entry, text)
            if text.lower().startswith(("http://", "https://")) and is_safe_link(text):
                return _link(text, text)
            return escape(text)

        def signature(value: Signature | None) -> str:
            if value is None:
                return t("none")
            return f"{value.name} ({value.date})" if value.date else value.name

        @jinja2.pass_context
        def md(context: Context, text: str | None) -> Markup:
            target = "{}.html" if context["page"] == "sop" else sop_href("", "{}")
            return Markup(render_markdown(text, target))

        def step_title(entry: SopEntry, step_id: str) -> str:
            return next((s.title for s in entry.sop.steps if s.id == step_id), step_id)

        @jinja2.pass_context
        def flow_text(context: Context, entry: SopEntry, step: Step) -> Markup:
            def target(to: str) -> Markup:
                ref = split_ref(to)
                if to == "end":
                    return escape(t("end"))
                if ref and ref[0] == "sop":
                    return Markup("{} ").format(t("handoff")) + _ref(context["root"], entry, to)
                return _link("#" + a(context, f"step-{to}"), step_title(entry, to))

            if step.branches:
                parts = [
                    Markup("{} → ").format(b.when or "") + target(b.next) for b in step.branches
                ]
                return Markup('<span class="flow">{}</span>').format(Markup("；").join(parts))
            if isinstance(step.next, list):
                joined = Markup("、").join(target(to) for to in step.next)
                return Markup('<span class="flow">→ {}（{}）</span>').format(joined, t("parallel"))
            if isinstance(step.next, str):
                return Markup('<span class="flow">→ {}</span>').format(target(step.next))
            return Markup("")

        def has_details(entry: SopEntry) -> bool:
            return any(s.notes or s.tools or s.id in entry.sections for s in entry.sop.steps)

        def sop_roles(entry: SopEntry) -> list[tuple[str, RoleDef]]:
            return entry.roles_in_order()

        return {
            "a": a,
            "form_link": form_link,
            "t": t,
            "status": status,
            "limit": limit,
            "role_link": role_link,
            "role_department": role_department,
            "refs": refs,
            "reference_link": reference_link,
            "signature": signature,
            "md": md,
            "step_title": step_title,
            "flow_text": flow_text,
            "has_details": has_details,
            "sop_roles": sop_roles,
        }


# a run of LONG_RUN characters with no break opportunity (no space, no CJK) before more
LONG_RUN = 60
_NO_BREAK = r"[^\s<>&\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
_RUN = re.compile(rf"(?:&#?\w+;|{_NO_BREAK}){{{LONG_RUN}}}(?={_NO_BREAK}|&)")
_TAG = re.compile(r"(<[^>]*>)")


def breakable(value: Any) -> Any:
    """Text with a zero-width space after every LONG_RUN unbreakable characters (outside
    tags and entities). WeasyPrint would leave a long word running off the page, and
    `overflow-wrap: anywhere` makes its line breaking quadratic in the word's length
    (a 20,000-character word: minutes)."""
    if isinstance(value, Markup):
        parts = _TAG.split(str(value))
        return Markup(
            "".join(p if p.startswith("<") else _RUN.sub("\\g<0>\u200b", p) for p in parts)
        )
    if isinstance(value, str):
        return _RUN.sub("\\g<0>\u200b", value)
    return value


def _link(href: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)
