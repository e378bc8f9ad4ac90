"""Binding: laid-out parts into one PDF, with pikepdf (qpdf).

The parts (`sopc.render.book`) come as PDFs of their own; binding copies their
pages in order and makes the whole read as one document:

- named destinations: every part's anchors (`sop-CS-001`, `CS-001--step-s3`)
  go into one name tree, pointing at the copied pages;
- links: a link to an SOP is laid out as `PRINT_DEST` + its anchor (the part
  cannot know the page); it becomes a link to the named destination, or goes
  away where that SOP is not in this PDF (a department's manual, an SOP's own
  PDF), its text staying;
- bookmarks: each part's outline, in order, its destinations on the copied pages;
- page numbers: `第 X 页 / 共 Y 页` stamped onto each page from stamp PDFs laid
  out by WeasyPrint from the same page model (print.css), as overlays;
- fonts: one subset per face for all parts (`sopc.render.fonts`);
- metadata: the first document's (the front matter's, or the SOP's).

The output is deterministic: same parts and stamps, same bytes (qpdf writes a
content-derived /ID). Source PDFs are read from files and stay open until the
result is written, so memory holds objects, not every page's content.
"""

from __future__ import annotations

import resource
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pikepdf

from sopc.render.fonts import subset
from sopc.render.pages import PRINT_DEST
from sopc.render.pdf import Face

CID_FONTS = ("/CIDFontType0", "/CIDFontType2")
STAMP = "/SopcStamp{}"  # the stamp's resource name: pages of a part share their resources


@dataclass(frozen=True)
class Source:
    """A laid-out PDF to bind (front matter or a part) and its fonts' faces."""

    path: Path
    faces: Mapping[str, Face] = field(default_factory=dict)


@dataclass(frozen=True)
class Binding:
    """One PDF to bind: its sources in order; per page of the result, the stamp to
    put on it (a stamp PDF and its page index) or None; the font files found for
    faces (by SHA-256), whose subsets the parts then share."""

    sources: tuple[Source, ...]
    stamps: tuple[tuple[Source, int] | None, ...]
    font_files: Mapping[str, Path] = field(default_factory=dict)


@dataclass
class _Outline:
    title: str
    destination: pikepdf.Array | None
    children: list[_Outline]


def bind(binding: Binding, target: Path) -> None:
    """Write the bound PDF to `target` (atomically: a temporary file, then renamed)."""
    stamp_files = {stamp[0].path for stamp in binding.stamps if stamp is not None}
    files = _files_open_at_most(len(binding.sources) + len(stamp_files) + 64)
    with ExitStack() as stack:
        out = pikepdf.new()
        dests: dict[str, pikepdf.Array] = {}
        outline: list[_Outline] = []
        fonts = _SharedFonts(out, binding)
        for number, source in enumerate(binding.sources):
            pdf = stack.enter_context(_open(source.path, in_memory=number >= files))
            stubbed = fonts.stub(pdf, source)
            first = len(out.pages)
            with warnings.catch_warnings():  # named destinations are carried below, all of
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # them, not only
                out.pages.extend(pdf.pages)  # those this part's own links name
            moved = {page.obj.objgen: out.pages[first + i].obj for i, page in enumerate(pdf.pages)}
            for name, dest in _dests(pdf):
                dests.setdefault(name, _moved(dest, moved))
            outline += _outline(pdf, moved)
            fonts.share(stubbed)
            if source is binding.sources[0] and "/Info" in pdf.trailer:
                out.trailer.Info = out.copy_foreign(pdf.trailer.Info)
        _link(out, dests)
        if dests:
            tree = pikepdf.NameTree.new(out)
            for name in sorted(dests):
                tree[name] = dests[name]
            out.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        if outline:
            with out.open_outline() as root:
                root.root.extend(_items(outline))
        _stamp(out, binding.stamps, stack, fonts)
        temporary = target.with_name(target.name + ".tmp")
        out.save(
            temporary,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        temporary.replace(target)


def _files_open_at_most(wanted: int) -> int:
    """How many sources may stay open as files: qpdf reads their pages from the file
    until the result is written. The soft limit on open files is raised towards the
    hard one (1,024 is common; a 2,000-SOP manual has 2,000 parts); sources beyond
    it are read into memory."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return max(soft - 64, 0) if soft != resource.RLIM_INFINITY else wanted


def _open(path: Path, *, in_memory: bool) -> pikepdf.Pdf:
    if in_memory:
        import io

        return pikepdf.open(io.BytesIO(path.read_bytes()))
    return pikepdf.open(path)


def _dests(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Array]]:
    """A PDF's named destinations (WeasyPrint writes one per element id)."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, value in pikepdf.NameTree(names.Dests).items():
        dest = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
        if isinstance(dest, pikepdf.Array):
            yield str(name), dest


def _moved(dest: pikepdf.Array, moved: Mapping[tuple[int, int], pikepdf.Object]) -> pikepdf.Array:
    """An explicit destination `[page /XYZ left top zoom]` on the copied page."""
    page = dest[0]
    target = moved.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
    return pikepdf.Array([target, *list(dest)[1:]])  # target None: the page is not here


def _outline(pdf: pikepdf.Pdf, moved: Mapping[tuple[int, int], pikepdf.Object]) -> list[_Outline]:
    """A part's bookmarks, their destinations on the copied pages."""
    with pdf.open_outline() as outline:
        return [_read(item, moved) for item in outline.root]


def _read(item: pikepdf.OutlineItem, moved: Mapping[tuple[int, int], pikepdf.Object]) -> _Outline:
    dest = item.destination
    target = _moved(dest, moved) if isinstance(dest, pikepdf.Array) else None
    return _Outline(item.title, target, [_read(child, moved) for child in item.children])


def _items(outline: Sequence[_Outline]) -> list[pikepdf.OutlineItem]:
    """Bookmarks read from the parts, as items of the bound PDF's outline."""
    items = []
    for entry in outline:
        item = pikepdf.OutlineItem(entry.title, entry.destination)
        item.children.extend(_items(entry.children))
        items.append(item)
    return items


def _link(out: pikepdf.Pdf, dests: Mapping[str, pikepdf.Array]) -> None:
    """Links to SOPs become links to their named destinations; links to SOPs that
    are not in this PDF go (their text stays)."""
    for page in out.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        kept = []
        for annot in annots:
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
            dest = annot.get("/Dest")
            if uri.startswith(PRINT_DEST):
                name = unquote(uri.removeprefix(PRINT_DEST))  # WeasyPrint %-encodes CJK
                if name not in dests:
                    continue
                del annot["/A"]
                annot.Dest = pikepdf.String(name)
            elif isinstance(dest, pikepdf.String) and str(dest) not in dests:
                continue
            kept.append(annot)
        page.obj.Annots = pikepdf.Array(kept)


def _stamp(
    out: pikepdf.Pdf,
    stamps: Sequence[tuple[Source, int] | None],
    stack: ExitStack,
    fonts: _SharedFonts,
) -> None:
    """Put each page's stamp on it; each stamp PDF opened once (a stamp PDF holds
    250 pages' numbers: few are open)."""
    opened: dict[Path, tuple[pikepdf.Pdf, list[tuple[pikepdf.Dictionary, str, _Key]]]] = {}
    for number, (page, stamp) in enumerate(zip(out.pages, stamps, strict=True), 1):
        if stamp is None:
            continue
        source, index = stamp
        if source.path not in opened:
            pdf = stack.enter_context(pikepdf.open(source.path))
            opened[source.path] = (pdf, fonts.stub(pdf, source))
        pdf, stubbed = opened[source.path]
        _overlay(out, page, pdf.pages[index], pikepdf.Name(STAMP.format(number)))
    for _pdf, stubbed in opened.values():
        fonts.share(stubbed)


def _overlay(out: pikepdf.Pdf, page: pikepdf.Page, stamp: pikepdf.Page, name: pikepdf.Name) -> None:
    """Draw `stamp` over `page`, as pikepdf's `add_overlay` does but under a fixed
    resource name (its own names are random: the same input would not give the same
    bytes) and without rewriting the page's own content."""
    form = out.copy_foreign(stamp.as_form_xobject())
    name = page.add_resource(form, pikepdf.Name.XObject, name)
    placed = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placed)


_Key = tuple[str, int, str]  # a face (SHA-256, index in its file) and /FontFile2 or 3


class _SharedFonts:
    """One subset per face for all the PDFs bound (`sopc.render.fonts`). Each source
    is read once beforehand for the glyphs its fonts use (their /W arrays). When a
    source is copied, its own subsets are first replaced by an empty stream there
    (qpdf would copy each part's 300 KB of fonts into memory, only to drop them),
    and the copies then point at the shared subset."""

    def __init__(self, out: pikepdf.Pdf, binding: Binding) -> None:
        self.out, self.files = out, binding.font_files
        self.streams: dict[_Key, pikepdf.Stream] = {}
        if len(binding.sources) < 2 or not self.files:
            return
        glyphs: dict[_Key, set[int]] = {}
        stamps = {stamp[0].path: stamp[0] for stamp in binding.stamps if stamp is not None}
        for source in [*binding.sources, *stamps.values()]:
            with pikepdf.open(source.path) as pdf:
                for cid, _key, group in self._fonts(pdf, source):
                    glyphs.setdefault(group, set()).update(_glyphs(cid.get("/W")))
        for (sha, index, key), used in sorted(glyphs.items()):
            data = subset(self.files[sha], index, used, notdef=True)
            if data is not None:
                stream = pikepdf.Stream(out, data)
                if key == "/FontFile2":
                    stream.Length1 = len(data)
                self.streams[(sha, index, key)] = stream

    def stub(self, pdf: pikepdf.Pdf, source: Source) -> list[tuple[pikepdf.Dictionary, str, _Key]]:
        """Empty the subsets of `pdf` (not yet copied) that a shared one replaces."""
        stubbed = []
        for cid, key, group in self._fonts(pdf, source):
            stream = self.streams.get(group)
            descriptor = cid.FontDescriptor
            if stream is None or not isinstance(descriptor, pikepdf.Dictionary):
                continue
            if "/Subtype" in descriptor[key] and "/Subtype" not in stream:
                stream.Subtype = descriptor[key].Subtype  # FontFile3: /OpenType
            descriptor[key] = pikepdf.Stream(pdf, b"")
            stubbed.append((descriptor, key, group))
        return stubbed

    def share(self, stubbed: list[tuple[pikepdf.Dictionary, str, _Key]]) -> None:
        """Point the copies of the stubbed descriptors at the shared subsets."""
        for descriptor, key, group in stubbed:
            copied = self.out.copy_foreign(descriptor)
            copied[key] = self.streams[group]

    def _fonts(
        self, pdf: pikepdf.Pdf, source: Source
    ) -> Iterator[tuple[pikepdf.Dictionary, str, _Key]]:
        for cid in _cid_fonts(pdf):
            descriptor = cid.get("/FontDescriptor")
            if not isinstance(descriptor, pikepdf.Dictionary):
                continue
            face = source.faces.get(str(descriptor.get("/FontName", "/"))[1:])
            key = next((k for k in ("/FontFile3", "/FontFile2") if k in descriptor), None)
            if face is not None and key is not None and face.sha256 in self.files:
                yield cid, key, (face.sha256, face.index, key)


def _cid_fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """The CID fonts the pages use, found through their resources (and those of the
    forms they draw: the charts), not by reading every object of the file."""
    seen: set[tuple[int, int]] = set()
    resources = [page.obj.get("/Resources") for page in pdf.pages]
    while resources:
        found = resources.pop()
        if not isinstance(found, pikepdf.Dictionary) or found.objgen in seen:
            continue
        if found.objgen != (0, 0):
            seen.add(found.objgen)
        for font in dict(found.get("/Font", {})).values():
            for cid in font.get("/DescendantFonts", []):
                if not isinstance(cid, pikepdf.Dictionary) or cid.objgen in seen:
                    continue
                if cid.get("/Subtype") in CID_FONTS:
                    seen.add(cid.objgen)
                    yield cid
        for form in dict(found.get("/XObject", {})).values():
            if form.get("/Subtype") == "/Form" and form.objgen not in seen:
                seen.add(form.objgen)
                resources.append(form.get("/Resources"))


def _glyphs(widths: Any) -> Iterator[int]:
    """The glyph ids of a /W array: `c [w1 w2 …]` and `c_first c_last w` entries."""
    items = list(widths) if isinstance(widths, pikepdf.Array) else []
    i = 0
    while i < len(items):
        if i + 1 < len(items) and isinstance(items[i + 1], pikepdf.Array):
            start = int(items[i])
            yield from range(start, start + len(items[i + 1]))
            i += 2
        elif i + 2 < len(items):
            yield from range(int(items[i]), int(items[i + 1]) + 1)
            i += 3
        else:
            break
