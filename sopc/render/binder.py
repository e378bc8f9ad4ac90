"""Binding: laid-out parts into one PDF, one part at a time.

The parts (`sopc.render.book`) come as PDFs of their own; binding copies their
pages in order (`sopc.render.pdfwrite`: each object goes into the file as it is
copied, so memory holds one part, never the manual) and makes the whole read as
one document:

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
- metadata and language: the first document's (the front matter's, or the SOP's).

Every source is read twice: first for the glyphs its fonts use and the anchors
it holds (a link is kept only if its anchor is somewhere in the PDF, perhaps in
a later part), then to copy it. The output is deterministic: same parts and
stamps, same bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pikepdf

from sopc.render.fonts import subset
from sopc.render.helpers import PRINT_DEST
from sopc.render.pdfwrite import (
    Bookmark,
    Copier,
    Writer,
    array,
    bookmarks,
    destination,
    dictionary,
    inherited,
    named_destinations,
    ref,
    scalar,
    stream_body,
    write_names,
    write_outline,
)
from sopc.render.shelf import Binding, Source

CID_FONTS = ("/CIDFontType0", "/CIDFontType2")
STAMP = "/SopcStamp{}"  # the stamp's resource name: pages of a part share their resources
PAGE_KEYS_WRITTEN = ("/Parent", "/Resources", "/Contents", "/Annots")  # by binding itself


@dataclass(frozen=True)
class _Stamp:
    """A page's stamp: its resource name, its form (in the stamp PDF), the form's number."""

    name: str
    form: Any
    number: int


def bind(binding: Binding, target: Path) -> None:
    """Write the bound PDF to `target` (atomically: a temporary file, then renamed)."""
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("wb") as stream, ExitStack() as stack:
        _Binder(binding, Writer(stream), stack).bind()
    temporary.replace(target)


class _Binder:
    def __init__(self, binding: Binding, writer: Writer, stack: ExitStack) -> None:
        self.binding, self.writer, self.stack = binding, writer, stack
        self.survey = _Survey(binding)
        self.survey.write(writer)
        self.pages_root = writer.reserve()
        self.pages: list[int] = []
        self.dests: dict[str, bytes] = {}
        self.outline: list[Bookmark] = []
        self.info: int | None = None
        self.lang: bytes | None = None
        self.opening = writer.add(stream_body({}, b"q\n"))  # before each page's own content
        self.stamps: dict[Path, tuple[pikepdf.Pdf, Copier, dict[int, tuple[Any, int]]]] = {}

    def bind(self) -> None:
        for number, source in enumerate(self.binding.sources):
            with pikepdf.open(source.path) as pdf:
                self._part(pdf, source, first=number == 0)
        writer = self.writer
        kids = array(ref(page) for page in self.pages)
        catalog = {"/Type": b"/Catalog", "/Pages": ref(self.pages_root)}
        writer.put(
            self.pages_root,
            dictionary({"/Type": b"/Pages", "/Kids": kids, "/Count": b"%d" % len(self.pages)}),
        )
        if self.outline:
            catalog["/Outlines"] = ref(write_outline(writer, self.outline))
        if self.dests:
            catalog["/Names"] = dictionary({"/Dests": ref(write_names(writer, self.dests))})
        if self.lang is not None:
            catalog["/Lang"] = self.lang
        writer.close(writer.add(dictionary(catalog)), self.info)

    def _part(self, pdf: pikepdf.Pdf, source: Source, *, first: bool) -> None:
        """Copy one source: its pages, stamped, then its anchors and bookmarks."""
        copier = Copier(self.writer, self.survey.aliases(pdf, source))
        copier.alias(pdf.Root.Pages.objgen, self.pages_root)
        numbers = [self.writer.reserve() for _page in pdf.pages]
        for page, number in zip(pdf.pages, numbers, strict=True):
            copier.alias(page.obj.objgen, number)
        at = len(self.pages)
        stamps = {n: self._stamp(at + i) for i, n in enumerate(numbers)}
        resources = self._resources(pdf, copier, numbers, stamps)
        for page, number in zip(pdf.pages, numbers, strict=True):
            self._page(page, number, copier, resources, stamps[number])
            copier.flush()
        self.pages += numbers
        for name, dest in named_destinations(pdf):
            written = destination(dest, copier)
            if written is not None:
                self.dests.setdefault(name, written)
        self.outline += bookmarks(pdf, copier)
        if first and "/Info" in pdf.trailer:
            self.info = copier.ref(pdf.trailer.Info)
        if first and "/Lang" in pdf.Root:
            self.lang = scalar(pdf.Root.Lang)
        copier.flush()

    def _stamp(self, index: int) -> _Stamp | None:
        """The stamp of the bound PDF's page `index`: its name, its form in the stamp
        PDF and that form's number, copied once."""
        stamp = self.binding.stamps[index]
        if stamp is None:
            return None
        source, page_index = stamp
        if source.path not in self.stamps:
            pdf = self.stack.enter_context(pikepdf.open(source.path))
            self.stamps[source.path] = (
                pdf,
                Copier(self.writer, self.survey.aliases(pdf, source)),
                {},
            )
        pdf, copier, forms = self.stamps[source.path]
        if page_index not in forms:
            form = pdf.pages[page_index].as_form_xobject()
            forms[page_index] = (form, copier.ref(form))
            copier.flush()
        return _Stamp(STAMP.format(index + 1), *forms[page_index])

    def _resources(
        self,
        pdf: pikepdf.Pdf,
        copier: Copier,
        numbers: Sequence[int],
        stamps: Mapping[int, _Stamp | None],
    ) -> dict[tuple[int, int], int]:
        """Each shared resources dictionary written anew, holding the stamps of every
        page that uses it (WeasyPrint gives a part's pages one)."""
        users: dict[tuple[int, int], list[int]] = {}
        found: dict[tuple[int, int], pikepdf.Object] = {}
        for page, number in zip(pdf.pages, numbers, strict=True):
            resources = inherited(page.obj, "/Resources")
            if isinstance(resources, pikepdf.Dictionary) and resources.is_indirect:
                users.setdefault(resources.objgen, []).append(number)
                found[resources.objgen] = resources
        written = {}
        for objgen, pages in users.items():
            extra = [stamps[n] for n in pages]
            body = _with_stamps(found[objgen], copier, [s for s in extra if s is not None])
            written[objgen] = self.writer.add(body)
        return written

    def _page(
        self,
        page: pikepdf.Page,
        number: int,
        copier: Copier,
        resources: Mapping[tuple[int, int], int],
        stamp: _Stamp | None,
    ) -> None:
        obj = page.obj
        entries = copier.entries(obj, skip=PAGE_KEYS_WRITTEN)
        for key in ("/MediaBox", "/CropBox", "/Rotate"):  # inherited ones, made the page's
            if key not in obj and (value := inherited(obj, key)) is not None:
                entries[key] = copier.value(value)
        entries["/Parent"] = ref(self.pages_root)
        own = inherited(obj, "/Resources")
        if isinstance(own, pikepdf.Object) and own.objgen in resources:
            entries["/Resources"] = ref(resources[own.objgen])
        else:  # direct, or none: written here, with this page's stamp
            stamped = [stamp] if stamp is not None else []
            base = own if isinstance(own, pikepdf.Dictionary) else pikepdf.Dictionary()
            entries["/Resources"] = _with_stamps(base, copier, stamped)
        entries["/Contents"] = self._contents(page, copier, stamp)
        annots = self._annots(obj, copier)
        if annots:
            entries["/Annots"] = array(annots)
        self.writer.put(number, dictionary(entries))

    def _contents(self, page: pikepdf.Page, copier: Copier, stamp: _Stamp | None) -> bytes:
        """The page's own content between `q` and `Q`, then its stamp drawn over it (as
        pikepdf's `add_overlay` does, but under a fixed name: same input, same bytes)."""
        contents = page.obj.get("/Contents")
        own = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        parts = [ref(self.opening), *(copier.value(item) for item in own if item is not None)]
        closing = b"Q\n"
        if stamp is not None:
            closing += page.calc_form_xobject_placement(
                stamp.form, pikepdf.Name(stamp.name), pikepdf.Rectangle(page.trimbox)
            )
        data = zlib.compress(closing, 9)
        parts.append(ref(self.writer.add(stream_body({"/Filter": b"/FlateDecode"}, data))))
        return array(parts)

    def _annots(self, page: pikepdf.Object, copier: Copier) -> list[bytes]:
        """Links to SOPs become links to their named destinations; links to SOPs that
        are not in this PDF go (their text stays)."""
        annots = page.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            return []
        kept = []
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
            dest = annot.get("/Dest")
            if uri.startswith(PRINT_DEST):
                name = unquote(uri.removeprefix(PRINT_DEST))  # WeasyPrint %-encodes CJK
                if name not in self.survey.names:
                    continue
                entries = copier.entries(annot, skip=("/A",))
                entries["/Dest"] = scalar(pikepdf.String(name))
                kept.append(ref(self.writer.add(dictionary(entries))))
            elif isinstance(dest, pikepdf.String) and str(dest) not in self.survey.names:
                continue
            elif annot.is_indirect:
                kept.append(copier.value(annot))
            else:
                kept.append(ref(self.writer.add(copier.direct(annot))))
        return kept


def _with_stamps(resources: pikepdf.Object, copier: Copier, stamps: Sequence[_Stamp]) -> bytes:
    """A resources dictionary, written, with the stamps' forms among its XObjects."""
    entries = copier.entries(resources, skip=("/XObject",))
    xobjects = resources.get("/XObject")
    forms = copier.entries(xobjects) if isinstance(xobjects, pikepdf.Dictionary) else {}
    for stamp in stamps:
        forms[stamp.name] = ref(stamp.number)
    if forms:
        entries["/XObject"] = dictionary(forms)
    return dictionary(entries)


_Key = tuple[str, int, str]  # a face (SHA-256, index in its file) and /FontFile2 or 3


class _Survey:
    """What binding reads of every source before copying any: the anchors (a link is
    kept only if its anchor is in the PDF, maybe in a later part) and the glyphs its
    fonts use (their /W arrays), for one subset per face for all the PDFs bound
    (`sopc.render.fonts`). When a source is copied, its own subsets are not: the
    copies point at the shared ones, written before any part."""

    def __init__(self, binding: Binding) -> None:
        self.files = binding.font_files
        self.names: set[str] = set()
        self.glyphs: dict[_Key, set[int]] = {}
        self.subtypes: dict[_Key, bytes] = {}
        self.numbers: dict[_Key, int] = {}
        stamps = {stamp[0].path: stamp[0] for stamp in binding.stamps if stamp is not None}
        share = len(binding.sources) > 1 and bool(self.files)
        for source in binding.sources:
            with pikepdf.open(source.path) as pdf:
                self.names.update(name for name, _dest in named_destinations(pdf))
                if share:
                    self._bookmark(pdf, source)
        for source in stamps.values() if share else ():
            with pikepdf.open(source.path) as pdf:
                self._bookmark(pdf, source)

    def _bookmark(self, pdf: pikepdf.Pdf, source: Source) -> None:
        for cid, key, group in self._fonts(pdf, source):
            self.glyphs.setdefault(group, set()).update(_glyphs(cid.get("/W")))
            subtype = cid.FontDescriptor[key].get("/Subtype")
            if subtype is not None:
                self.subtypes[group] = scalar(subtype)  # FontFile3: /OpenType

    def write(self, writer: Writer) -> None:
        """The shared subsets, into the file before any part."""
        for (sha, index, key), used in sorted(self.glyphs.items()):
            data = subset(self.files[sha], index, used, notdef=True)
            if data is None:
                continue
            entries = {"/Filter": b"/FlateDecode"}
            if key == "/FontFile2":
                entries["/Length1"] = b"%d" % len(data)
            if (subtype := self.subtypes.get((sha, index, key))) is not None:
                entries["/Subtype"] = subtype
            self.numbers[(sha, index, key)] = writer.add(
                stream_body(entries, zlib.compress(data, 9))
            )

    def aliases(self, pdf: pikepdf.Pdf, source: Source) -> dict[tuple[int, int], int]:
        """The font files of `pdf` that a shared subset replaces: their objects, and
        the shared subset's number."""
        found = {}
        for cid, key, group in self._fonts(pdf, source):
            number = self.numbers.get(group)
            if number is not None:
                found[cid.FontDescriptor[key].objgen] = number
        return found

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
