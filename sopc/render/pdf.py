"""The PDF manual: print templates (templates/print) laid out by WeasyPrint.

One document holds the cover, the contents and every SOP, so page numbers, the
contents' page references, bookmarks and links inside the manual are exact.
WeasyPrint may fetch nothing but the `data:` images sopc put there itself: a
Markdown image pointing at a file or a server stays a broken image.
"""

from __future__ import annotations

import base64
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sopc.i18n import Slot, parts
from sopc.model.config import Config
from sopc.render.pages import Pages
from sopc.render.paper import PaperChart
from sopc.render.site import Manual, SopEntry


@dataclass(frozen=True)
class PrintedChart:
    """A flowchart as the PDF prints it (see `sopc.render.paper`): each part a vector
    image of exactly its planned size, on landscape pages or inline in portrait; the
    legend's catalogue keys."""

    landscape: bool
    images: tuple[Markup, ...]
    legend: tuple[str, ...]

    @classmethod
    def of(cls, plan: PaperChart) -> PrintedChart:
        images = tuple(
            Markup('<img src="data:image/svg+xml;base64,{}" alt="" style="{}">').format(
                base64.b64encode(part.svg).decode("ascii"),
                "width: {}; height: {}".format(*(_pt(side * plan.scale) for side in part.size)),
            )
            for part in plan.parts
        )
        return cls(plan.medium.landscape, images, plan.legend)


def _pt(length: float) -> str:
    """A length in points, rounded up: a chart never prints below its planned scale."""
    return f"{math.ceil(length * 100) / 100:.2f}pt"


def manual_name(config: Config) -> str:
    """The manual's file name: `name` of sopc.yaml, safe as one path part."""
    name = unicodedata.normalize("NFC", config.name)
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", name)
    name = re.sub(r"\s+", "-", name).strip(".- ")
    return f"{name[:100] or 'manual'}.pdf"


def manual_html(manual: Manual, charts: Mapping[str, PaperChart], override: Path | None) -> str:
    """The whole manual as one print document, SOPs in the contents' order."""
    entries = [entry for _department, group in manual.departments() for entry in group]
    return _render(manual, entries, charts, override, cover=True, title=manual.config.name)


def sop_html(
    manual: Manual, entry: SopEntry, charts: Mapping[str, PaperChart], override: Path | None
) -> str:
    """One SOP as its own print document: its pages numbered 1 to N (a controlled copy)."""
    title = f"{entry.sop.id} {entry.sop.title}"
    return _render(manual, [entry], charts, override, cover=False, title=title)


def _render(
    manual: Manual,
    entries: list[SopEntry],
    charts: Mapping[str, PaperChart],
    override: Path | None,
    *,
    cover: bool,
    title: str,
) -> str:
    pages = Pages(manual, override, for_print=True)
    pages.env.globals["css_content"] = css_content
    ids = {entry.sop.id for entry in entries}
    departments = [
        (name, [e for e in group if e.sop.id in ids]) for name, group in manual.departments()
    ]
    return pages.render_print(
        "manual.html.j2",
        sops=entries,
        departments=[(name, group) for name, group in departments if group],
        charts={e.sop.id: PrintedChart.of(charts[e.sop.id]) for e in entries if e.sop.id in charts},
        cover=cover,
        title=title,
    )


def css_content(label: str, **values: str) -> Markup:
    """A translated label with `{placeholders}` as a CSS `content` list: literal text
    becomes CSS strings, placeholders the given CSS (`counter(page)`, `string(x)`)."""
    content = [
        values[piece.name] if isinstance(piece, Slot) else _css_string(piece)
        for piece in parts(label)
    ]
    return Markup(" ".join(content) or '""')


def _css_string(text: str) -> str:
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\<>&' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def write_pdf(html: str) -> bytes:
    """Lay out and write one print document. Same HTML → same bytes: the dates come
    from the document's metadata (the build date), never from the clock."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return _bytes(document.write_pdf(uncompressed_pdf=False))


def _bytes(data: Any) -> bytes:
    assert isinstance(data, bytes)
    return data
