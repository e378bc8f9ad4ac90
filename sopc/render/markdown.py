"""Markdown in SOPs (purpose, step guidance) → safe HTML.

Raw HTML is off (sopc's own `<!-- sopc: ignore … -->` comments are taken out, not
shown) and links are filtered: http(s), mailto, relative paths and
anchors pass; `sop:ID` becomes a link to that SOP (its page in the site, its
first page in the PDF); `javascript:`,
`data:` and every other scheme are dropped (the text stays).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sopc.rules.suppress import MARKDOWN_COMMENT

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "sop"})


def is_safe_link(url: str) -> bool:
    """http(s), mailto, `sop:`, anchors and relative paths; no other scheme.

    Browsers drop tabs, newlines and control characters from URLs
    (`java\tscript:` is `javascript:`), so the scheme is read the same way."""
    scheme = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url))
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


@lru_cache(maxsize=4)
def _parser(sop_href: str) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_link  # type: ignore[method-assign]  # markdown-it's hook
    md.normalizeLink = lambda url: _rewrite(url, sop_href)  # type: ignore[method-assign]
    return md


def _rewrite(url: str, sop_href: str) -> str:
    from markdown_it.common.normalize_url import normalizeLink

    if url.lower().startswith("sop:"):
        return sop_href.format(url[4:].strip())
    return str(normalizeLink(url))


def render_markdown(text: str | None, sop_href: str = "{}.html") -> str:
    """HTML for a Markdown text; `sop_href` formats an SOP id into the link to it
    from here (`sops/{}.html` from the site's top, `#sop-{}` inside the PDF)."""
    if not text:
        return ""
    return str(_parser(sop_href).render(MARKDOWN_COMMENT.sub("", text)))
