"""The PDF manual's print documents: templates/print, laid out by WeasyPrint.

The manual is laid out in parts (`sopc.render.book`): the front matter (cover and
contents) and each SOP are documents of their own, and their pages are bound into
the manual with the page numbers stamped on (`stamps_html`). WeasyPrint may fetch
nothing but the `data:` images sopc put there itself: a Markdown image pointing at
a file or a server stays a broken image.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sopc.i18n import Slot, parts
from sopc.memory import no_cyclic_gc
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


@dataclass(frozen=True)
class Stamp:
    """The page number of one page: `page_of` with `page` and `pages` filled in."""

    page: int
    pages: int
    landscape: bool


def _pt(length: float) -> str:
    """A length in points, rounded up: a chart never prints below its planned scale."""
    return f"{math.ceil(length * 100) / 100:.2f}pt"


def safe_name(text: str, fallback: str) -> str:
    """`text` as one path part: no separators, controls or characters Windows refuses."""
    name = unicodedata.normalize("NFC", text)
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", name)
    name = re.sub(r"\s+", "-", name).strip(".- ")
    return name[:100] or fallback


def manual_name(config: Config, department: str | None = None) -> str:
    """The manual's file name (`name` of sopc.yaml); a department's manual adds the
    department's name (`手册-客服部.pdf`)."""
    name = safe_name(config.name, "manual")
    if department is None:
        return f"{name}.pdf"
    suffix = safe_name(department, hashlib.sha256(department.encode()).hexdigest()[:8])
    return f"{name}-{suffix}.pdf"


class PrintDocuments:
    """The print documents of one manual: one `Pages` (templates, phrases) for all."""

    def __init__(
        self, manual: Manual, charts: Mapping[str, PaperChart], override: Path | None
    ) -> None:
        self.manual, self.charts, self.override = manual, charts, override
        self.pages = Pages(manual, override, for_print=True)
        self.pages.env.globals["css_content"] = css_content

    def part(self, entry: SopEntry) -> str:
        """One SOP as a part of the manual, and as its own PDF: its pages unnumbered."""
        title = f"{entry.sop.id} {entry.sop.title}"
        return self._render(self.pages, [entry], cover=False, title=title)

    def front(
        self, entries: Sequence[SopEntry], starts: Mapping[str, int], department: str | None
    ) -> str:
        """A manual's cover and contents (a department's, if named), `starts` the first
        page of each SOP."""
        title = self.manual.config.name
        if department is not None:
            title += self.pages.t("sep") + department
        return self._render(
            self.pages,
            entries,
            cover=True,
            title=title,
            starts=starts,
            sops=[],
            department=department,
        )

    def stamps(self, stamps: Sequence[Stamp]) -> str:
        """Pages holding only their page numbers, to stamp onto bound pages."""
        return self.pages.render_print(
            "stamps.html.j2", stamps=stamps, title=self.manual.config.name
        )

    def one_document(self) -> str:
        """The whole manual as one numbered WeasyPrint document, as sopc laid it out
        before parts: what a benchmark gives bare WeasyPrint to compare."""
        pages = Pages(self.manual, self.override, for_print=True, one_document=True)
        pages.env.globals["css_content"] = css_content
        entries = [e for _department, group in self.manual.departments() for e in group]
        title = self.manual.config.name
        return self._render(pages, entries, cover=True, title=title, numbered=True)

    def _render(
        self,
        pages: Pages,
        entries: Sequence[SopEntry],
        *,
        cover: bool,
        title: str,
        starts: Mapping[str, int] | None = None,
        sops: Sequence[SopEntry] | None = None,
        numbered: bool = False,
        department: str | None = None,
    ) -> str:
        if department is not None:  # a department's manual: its SOPs under its name
            departments = [(department, list(entries))]
        else:
            ids = {entry.sop.id for entry in entries}
            departments = [
                (name, [e for e in group if e.sop.id in ids])
                for name, group in self.manual.departments()
            ]
        shown = list(entries) if sops is None else list(sops)
        return pages.render_print(
            "manual.html.j2",
            sops=shown,
            departments=[(name, group) for name, group in departments if group],
            charts={
                e.sop.id: PrintedChart.of(self.charts[e.sop.id])
                for e in shown
                if e.sop.id in self.charts
            },
            cover=cover,
            department=department,
            title=title,
            count=len(entries),
            starts=starts or {},
            numbered=numbered,
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


@dataclass(frozen=True)
class Face:
    """The font file a PDF font of a part was subset from (by content, not by path):
    binding gives every part's fonts of one face one shared subset."""

    sha256: str
    size: int
    index: int  # the face inside a collection (.ttc)


def lay_out(html: str) -> tuple[bytes, dict[str, Face]]:
    """Lay out and write one print document, with the face of each of its fonts (by
    PDF font name). Same HTML → same bytes: the dates come from the document's
    metadata (the build date), never from the clock. WeasyPrint makes millions of
    objects a document, boxes in cycles with their parents, and drops them all at
    its end: the cyclic collector, scanning them again and again meanwhile, took a
    fifth of a part's time. It runs once, after the document."""
    with no_cyclic_gc(collect=True):
        return _lay_out(html)


def _lay_out(html: str) -> tuple[bytes, dict[str, Face]]:
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    data = document.write_pdf(uncompressed_pdf=False)
    assert isinstance(data, bytes)
    return data, _faces(document)


_SHA: dict[tuple[int, int, bytes], str] = {}  # a face's hash, by its size and ends


def _faces(document: Any) -> dict[str, Face]:
    """The faces of WeasyPrint's fonts, by PDF font name. Only plain outline fonts:
    WeasyPrint embeds an instance of a variable font and a stripped copy of a colour
    font, not the file, so those keep their own subsets. A name seen with two faces
    is left out. Within a worker, a face's SHA-256 is remembered by its size and its
    first and last 64 KB. This reads WeasyPrint's own objects: if a release renames
    them, no face is known and binding keeps each part's fonts."""
    try:
        from weasyprint.text.fonts import get_hb_object_data

        fonts = list(document.fonts.values())
    except (AttributeError, ImportError):
        return {}
    faces: dict[str, Face | None] = {}
    for font in fonts:
        try:
            if font.bitmap or font.png or font.svg or font.colr or font.variations:
                continue
            if "fvar" in font.tables:
                continue
            name = font.name.decode("ascii").lstrip("/")
            blob = get_hb_object_data(font.hb_face)
            probe = (len(blob), font.index, blob[:65536] + blob[-65536:])
            if probe not in _SHA:
                _SHA[probe] = hashlib.sha256(blob).hexdigest()
            face = Face(_SHA[probe], len(blob), font.index)
        except (AttributeError, TypeError, UnicodeDecodeError):
            continue
        faces[name] = face if faces.get(name, face) == face else None
    return {name: face for name, face in faces.items() if face is not None}
