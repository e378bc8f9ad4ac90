"""The PDF manual, laid out in parts and bound: what scales to thousands of SOPs.

WeasyPrint holds every page of a document until it is written (about 4.6 MB a
page), and lays it out on one core. So no PDF of the book is one WeasyPrint
document. Each SOP is laid out alone, as a *part*, in worker processes over all
cores; each manual's front matter (cover, contents) is one more part; and the
parts are bound (`sopc.render.binder`):

    parts      each SOP alone, its pages unnumbered   (parallel, cached by HTML)
    fronts     cover + contents, once the parts' page counts give each SOP's page
    stamps     `第 X 页 / 共 Y 页`, the same box on empty pages (parallel, cached)
    binding    pages in order, links, bookmarks, stamps, shared fonts (parallel)

A part never holds its own page numbers, so it does not depend on where it lands:
changing one SOP lays out that SOP again; if its page count changed, the stamps
and fronts follow (cheap), and the volumes are bound again. Memory is bounded by
the largest part: workers write each laid-out part to the shelf and send back a
few lines of JSON, and binding reads the parts from files.

The book's volumes (`Volume`): the whole manual; with `build.pdf_manuals:
[all, department]`, one manual per department, an SOP listed under several in
each, each with its own cover, contents and numbering; with `pdf_per_sop`, each
SOP's own PDF (its part with pages 1 to N). All volumes share the parts.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zlib
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from sopc.cache import content_key, package_version
from sopc.i18n import Message
from sopc.parallel import Workers
from sopc.progress import Count, Report
from sopc.render.paper import PaperChart
from sopc.render.pdf import PrintDocuments, Stamp, manual_name
from sopc.render.shelf import Binding, Laid, Shelf, Source, faces_facts, laid_from, landscapes
from sopc.render.site import Manual, SopEntry

STAMP_BLOCK = 250  # pages per stamp document: stamps of a changed page count are redone in blocks
CONTENTS_LINES = 44  # entries a contents page holds (print.css), for a front's first guess
FRONT_ROUNDS = 4  # a front whose page count changes moves every SOP's first page: lay out again
RENEW_AFTER = 20  # parts laid out after which fronts, stamps and binding get fresh workers


@dataclass(frozen=True)
class Volume:
    """One PDF of the book: the whole manual, a department's manual or one SOP's."""

    path: str  # in the output folder
    entries: tuple[SopEntry, ...]
    front: bool  # a cover and contents (manuals), or none (an SOP's own PDF)
    department: str | None = None


def volumes(manual: Manual) -> list[Volume]:
    """The volumes sopc.yaml asks for, the whole manual first (the longest binding)."""
    build = manual.config.build
    ordered = tuple(entry for _department, group in manual.departments() for entry in group)
    books: list[Volume] = []
    if "all" in build.pdf_manuals:
        books.append(Volume(manual_name(manual.config), ordered, front=True))
    if "department" in build.pdf_manuals:
        names = sorted({name for entry in ordered for name in entry.sop.departments or ()})
        taken = {book.path.casefold() for book in books}
        for name in names:
            members = tuple(e for e in ordered if name in (e.sop.departments or ()))
            path = manual_name(manual.config, name)
            if path.casefold() in taken:  # `QA/QC` and `QA-QC`; `QA` and `qa` on macOS
                digest = hashlib.sha256(name.encode()).hexdigest()[:8]
                path = f"{path.removesuffix('.pdf')}-{digest}.pdf"
            taken.add(path.casefold())
            books.append(Volume(path, members, True, name))
    if build.pdf_per_sop:
        books += [Volume(f"pdf/{e.sop.id}.pdf", (e,), front=False) for e in manual.sops]
    return books


class Book:
    """The PDF volumes of one manual, made from shared parts on a shelf."""

    def __init__(
        self, manual: Manual, charts: Mapping[str, PaperChart], override: Path | None
    ) -> None:
        from sopc.render.fonts import font_files, fonts_fingerprint

        self.manual = manual
        self.volumes = volumes(manual)
        self.documents = PrintDocuments(manual, charts, override)
        self.font_files = font_files()
        self.salt = content_key(
            "pdf", package_version("weasyprint"), fonts_fingerprint(self.font_files)
        )
        self.parts: dict[str, Laid] = {}

    @property
    def paths(self) -> list[str]:
        return [volume.path for volume in self.volumes]

    def make(
        self,
        cache: Path | None,
        workers: int | None,
        report: Report = lambda _message: None,
        count: Count = lambda _done, _total: None,
    ) -> Iterator[tuple[str, bytes]]:
        """Lay out the parts, then the fronts and stamps, then bind each volume:
        (path, bytes) per volume, the whole manual first."""
        with ExitStack() as stack:
            if cache is None:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sopc-")))
            else:
                folder = cache / "pdf"
            shelf = Shelf(folder)
            pool = stack.enter_context(Workers(workers))
            waiting: deque[SopEntry] = deque()  # the parts sent to the workers, in order
            total = len(self.manual.sops)
            count(0, total)
            calls = self._missing_parts(shelf, waiting)
            laid_now = 0
            for result in pool.calls(_lay_out, calls):
                self.parts[waiting.popleft().sop.id] = laid_from(result)
                count(len(self.parts), total)
                laid_now += 1
            if laid_now >= RENEW_AFTER:  # a front's contents grow with the manual
                pool.renew()
            report(Message("progress.binding", n=len(self.volumes)))
            fronts = self._fronts(shelf, pool)
            stamps = self._stamps(shelf, fronts, pool)
            yield from self._bind(shelf, fronts, stamps, pool)
            if cache is not None:
                shelf.prune()

    def _missing_parts(self, shelf: Shelf, waiting: deque[SopEntry]) -> Iterator[Call]:
        """The parts found on the shelf are taken; each one that is not is a call to lay
        it out, its HTML compressed. A generator: the workers start on the first parts
        while the next ones are written, and what waits for a worker is little."""
        for entry in self.manual.sops:
            html = self.documents.part(entry)
            key = content_key(self.salt, "part", html)
            laid = shelf.get("parts", entry.sop.id, key)
            if laid is not None:
                self.parts[entry.sop.id] = laid
                continue
            waiting.append(entry)
            yield (str(shelf.folder), "parts", entry.sop.id, key, zlib.compress(html.encode(), 1))

    def _fronts(self, shelf: Shelf, pool: Workers) -> dict[str, Laid]:
        """Each manual's front matter, laid out until its page count is the one its
        contents assumed (usually at once: the previous build's count is the guess)."""
        fronts: dict[str, Laid] = {}
        guesses = {
            v.path: len(shelf.facts("fronts", v.path).get("landscape", [])) or guess_front_pages(v)
            for v in self.volumes
            if v.front
        }
        for _round in range(FRONT_ROUNDS):
            planned: list[tuple[Volume, int, Laid | None, Call | None]] = []
            for volume in self.volumes:
                if not volume.front or volume.path in fronts:
                    continue
                guess = guesses[volume.path]
                html = self.documents.front(
                    volume.entries, self._starts(volume, guess), volume.department
                )
                key = content_key(self.salt, "front", html)
                laid = shelf.get("fronts", volume.path, key)
                call: Call | None = None
                if laid is None:
                    call = (str(shelf.folder), "fronts", volume.path, key, html)
                planned.append((volume, guess, laid, call))
            if not planned:
                break
            made = _lay_out_all([call for *_, call in planned if call is not None], pool)
            for volume, guess, laid, call in planned:
                laid = laid if call is None else laid_from(next(made))
                assert laid is not None
                if len(laid.landscape) == guess or _round == FRONT_ROUNDS - 1:
                    fronts[volume.path] = laid
                guesses[volume.path] = len(laid.landscape)
        return fronts

    def _starts(self, volume: Volume, front_pages: int) -> dict[str, int]:
        """The first page of each SOP of a volume whose front has `front_pages` pages."""
        starts, page = {}, front_pages + 1
        for entry in volume.entries:
            starts[entry.sop.id] = page
            page += len(self.parts[entry.sop.id].landscape)
        return starts

    def _pages(self, volume: Volume, fronts: Mapping[str, Laid]) -> list[Stamp | None]:
        """Each page's stamp: every page numbered from 1, the cover not stamped."""
        laid = [fronts[volume.path]] if volume.front else []
        laid += [self.parts[entry.sop.id] for entry in volume.entries]
        landscape = [flag for item in laid for flag in item.landscape]
        stamps: list[Stamp | None] = [
            Stamp(number, len(landscape), wide) for number, wide in enumerate(landscape, 1)
        ]
        if volume.front:
            stamps[0] = None  # the cover
        return stamps

    def _stamps(
        self, shelf: Shelf, fronts: Mapping[str, Laid], pool: Workers
    ) -> dict[Stamp, tuple[Laid, int]]:
        """Stamp documents for every page of every volume, in blocks of STAMP_BLOCK
        page numbers per page count; where each stamp is (document, page index)."""
        blocks: dict[tuple[int, int], set[Stamp]] = {}
        for volume in self.volumes:
            for stamp in self._pages(volume, fronts):
                if stamp is not None:
                    at = (stamp.pages, (stamp.page - 1) // STAMP_BLOCK)
                    blocks.setdefault(at, set()).add(stamp)
        planned: list[tuple[list[Stamp], Laid | None, Call | None]] = []
        for (pages, block), members in sorted(blocks.items()):
            ordered = sorted(members, key=lambda s: (s.page, s.landscape))
            html = self.documents.stamps(ordered)
            key = content_key(self.salt, "stamps", html)
            slot = f"{pages}-{block}"
            laid = shelf.get("stamps", slot, key)
            call: Call | None = None
            if laid is None:
                call = (str(shelf.folder), "stamps", slot, key, html)
            planned.append((ordered, laid, call))
        made = _lay_out_all([call for *_, call in planned if call is not None], pool)
        where: dict[Stamp, tuple[Laid, int]] = {}
        for ordered, laid, call in planned:
            laid = laid if call is None else laid_from(next(made))
            assert laid is not None
            where.update({stamp: (laid, index) for index, stamp in enumerate(ordered)})
        return where

    def _bind(
        self,
        shelf: Shelf,
        fronts: Mapping[str, Laid],
        stamps: Mapping[Stamp, tuple[Laid, int]],
        pool: Workers,
    ) -> Iterator[tuple[str, bytes]]:
        files = self._font_files()
        planned: list[tuple[Volume, str, Binding]] = []
        for volume in self.volumes:
            laid = [fronts[volume.path]] if volume.front else []
            laid += [self.parts[entry.sop.id] for entry in volume.entries]
            pages = self._pages(volume, fronts)
            binding = Binding(
                tuple(_source(item) for item in laid),
                tuple(None if s is None else (_source(stamps[s][0]), stamps[s][1]) for s in pages),
                files if len(laid) > 1 else {},
            )
            key = content_key(
                self.salt,
                "volume",
                package_version("pikepdf"),
                package_version("uharfbuzz"),
                *(item.key for item in laid),
                *(f"{stamps[s][0].key}:{stamps[s][1]}" if s else "-" for s in pages),
                json.dumps(sorted((sha, str(path)) for sha, path in binding.font_files.items())),
            )
            planned.append((volume, key, binding))
        todo = [
            (str(shelf.folder), volume.path, key, binding)
            for volume, key, binding in planned
            if not shelf.get("volumes", volume.path, key)
        ]
        for _done in pool.calls(_bind_volume, todo):
            pass  # each volume is written to its slot, not sent back
        for volume, key, _binding in planned:  # one volume's bytes at a time
            bound = shelf.get("volumes", volume.path, key)
            assert bound is not None
            yield volume.path, bound.path.read_bytes()

    def _font_files(self) -> dict[str, Path]:
        """The font file of each face the parts use, found by content (sopc.render.fonts)."""
        from sopc.render.fonts import find_face

        faces = {face.sha256: face for laid in self.parts.values() for face in laid.faces.values()}
        found = {sha: find_face(face, self.font_files) for sha, face in sorted(faces.items())}
        return {sha: path for sha, path in found.items() if path is not None}


def guess_front_pages(volume: Volume) -> int:
    """A first guess at a front's pages, when no build has laid it out: the cover, and
    the contents at about CONTENTS_LINES lines a page (a department's heading takes
    two). A wrong guess costs one more layout of the front."""
    headings = {(entry.sop.departments or ("",))[0] for entry in volume.entries}  # as listed
    lines = len(volume.entries) + 2 * len(headings) + 3  # and the contents' own heading
    return 1 + -(-lines // CONTENTS_LINES)


Call = tuple[str, str, str, str, str | bytes]  # shelf folder, kind, slot, key, HTML


def _lay_out(folder: str, kind: str, slot: str, key: str, html: str | bytes) -> bytes:
    """In a worker: lay out one print document (its HTML, maybe compressed) and
    shelve it; only its facts go back (JSON)."""
    from sopc.render.pdf import lay_out

    text = html if isinstance(html, str) else zlib.decompress(html).decode("utf-8")
    data, faces = lay_out(text)
    laid = Shelf(Path(folder)).put(kind, slot, key, data, faces, landscapes(data))
    facts = {
        "path": str(laid.path),
        "key": key,
        "landscape": list(laid.landscape),
        "faces": faces_facts(laid.faces),
    }
    return json.dumps(facts).encode()


def _lay_out_all(calls: list[Call], pool: Workers) -> Iterator[bytes]:
    return iter(list(pool.calls(_lay_out, calls)))


def _bind_volume(folder: str, slot: str, key: str, binding: Binding) -> bytes:
    """In a worker: bind one volume straight into its slot on the shelf."""
    from sopc.render.binder import bind

    Shelf(Path(folder)).shelve("volumes", slot, key, lambda target: bind(binding, target))
    return b""


def _source(laid: Laid) -> Source:
    return Source(laid.path, laid.faces)
