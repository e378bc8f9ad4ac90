"""Writing a PDF object by object: what lets binding hold one part at a time.

qpdf (pikepdf) keeps every object of the PDF it writes until the file is saved:
binding 7,890 pages that way held 762 MiB, whatever was done with the parts, so
the memory of binding grew with the manual. `Writer` puts each object into the
file the moment it is copied and keeps only its offset; `Copier` copies the
objects of one source PDF (read with pikepdf), each once, numbered anew. What
must wait for the end (the page tree, the bookmarks, the named destinations,
the cross-reference table) is a few numbers a page, and at most
OBJECTS_PER_STREAM small objects wait for their object stream.

Objects are numbered in the order they are first met and written as they come,
so the same sources give the same bytes; the file's /ID is a hash of them.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO

import pikepdf

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
NAMES_PER_LEAF = 64  # named destinations per leaf of the name tree
OBJECTS_PER_STREAM = 100  # objects per object stream (qpdf's choice)
ObjGen = tuple[int, int]


@dataclass
class Bookmark:
    """An outline item: its title, its destination (written), the items under it."""

    title: str
    destination: bytes | None
    children: list[Bookmark]


class StreamBody(bytes):
    """A stream object's body: written into the file as it is (a stream cannot go
    into an object stream)."""


class Writer:
    """A PDF file written front to back: streams as they come, the other objects
    OBJECTS_PER_STREAM at a time into compressed object streams (PDF 1.5, as qpdf
    writes them: a manual's dictionaries are a third of its size uncompressed),
    then a cross-reference stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.where: dict[int, tuple[int, int, int]] = {}  # number → xref entry (type, a, b)
        self.count = 0  # numbers handed out
        self.batch: list[tuple[int, bytes]] = []  # objects waiting for their object stream
        self.digest = hashlib.sha256()
        self.at = 0
        self._write(HEADER)

    def reserve(self) -> int:
        """A number for an object written later (its body may refer to others first)."""
        self.count += 1
        return self.count

    def put(self, number: int, body: bytes) -> None:
        if not isinstance(body, StreamBody):
            self.batch.append((number, body))
            if len(self.batch) >= OBJECTS_PER_STREAM:
                self._flush()
            return
        self.where[number] = (1, self.at, 0)
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def close(self, root: int, info: int | None) -> None:
        """The last object stream, the cross-reference stream and the end. Every
        number handed out must have been written."""
        self._flush()
        xref = self.reserve()
        self.where[xref] = (1, self.at, 0)
        missing = set(range(1, self.count + 1)) - self.where.keys()
        if missing:
            raise ValueError(f"objects reserved but never written: {sorted(missing)[:5]}")
        rows = [(0, 0, 65535)] + [self.where[n] for n in range(1, self.count + 1)]
        data = b"".join(struct.pack(">BIH", *row) for row in rows)
        identity = b"<%s>" % self.digest.hexdigest()[:32].encode()
        entries = {"/Type": b"/XRef", "/Size": b"%d" % (self.count + 1), "/W": b"[ 1 4 2 ]"}
        entries |= {"/Root": ref(root), "/ID": array((identity, identity))}
        if info is not None:
            entries["/Info"] = ref(info)
        entries["/Filter"] = b"/FlateDecode"
        body = stream_body(entries, zlib.compress(data, 9))
        self._write(b"%d 0 obj\n%s\nendobj\nstartxref\n%d\n%%%%EOF\n" % (xref, body, self.at))

    def _flush(self) -> None:
        """The waiting objects as one object stream."""
        if not self.batch:
            return
        number = self.reserve()
        head, data = [], b""
        for index, (member, body) in enumerate(self.batch):
            self.where[member] = (2, number, index)
            head.append(b"%d %d" % (member, len(data)))
            data += body + b"\n"
        first = b" ".join(head) + b"\n"
        entries = {"/Type": b"/ObjStm", "/N": b"%d" % len(self.batch)}
        entries |= {"/First": b"%d" % len(first), "/Filter": b"/FlateDecode"}
        self.batch = []
        self.put(number, stream_body(entries, zlib.compress(first + data, 9)))

    def _write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.at += len(data)


def stream_body(entries: Mapping[str, bytes], data: bytes) -> StreamBody:
    """A stream object's body: its dictionary (serialized values) with /Length, then data."""
    items = b"".join(b"%s %s " % (pikepdf.Name(k).unparse(), v) for k, v in entries.items())
    return StreamBody(b"<< %s/Length %d >>\nstream\n%s\nendstream" % (items, len(data), data))


def dictionary(entries: Mapping[str, bytes]) -> bytes:
    """A dictionary of already serialized values."""
    return b"<< %s>>" % b"".join(
        b"%s %s " % (pikepdf.Name(k).unparse(), v) for k, v in entries.items()
    )


def array(items: Iterable[bytes]) -> bytes:
    return b"[ %s ]" % b" ".join(items)


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


class Copier:
    """One source PDF's objects into a `Writer`, each once: an indirect object met is
    given a number and queued, and `flush` writes the queue. `aliases` are objects
    not to copy but to point at an object already written (a font shared by every
    part), or at one the caller writes itself (a page)."""

    def __init__(self, writer: Writer, aliases: Mapping[ObjGen, int] | None = None) -> None:
        self.writer = writer
        self.numbers: dict[ObjGen, int] = dict(aliases or {})
        self.queue: deque[pikepdf.Object] = deque()

    def alias(self, objgen: ObjGen, number: int) -> None:
        self.numbers[objgen] = number

    def ref(self, obj: pikepdf.Object) -> int:
        """The new number of an indirect object, queued to be written if it is new."""
        number = self.numbers.get(obj.objgen)
        if number is None:
            number = self.writer.reserve()
            self.numbers[obj.objgen] = number
            self.queue.append(obj)
        return number

    def value(self, obj: Any) -> bytes:
        """A value as it is written where it is used: a reference, or the value itself."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            return ref(self.ref(obj))
        return self.direct(obj)

    def direct(self, obj: Any) -> bytes:
        """A value written out in full (its indirect parts as references)."""
        if isinstance(obj, pikepdf.Dictionary):
            return dictionary({key: self.value(value) for key, value in obj.items()})
        if isinstance(obj, pikepdf.Array):
            text = obj.unparse()
            if b"R" not in text:  # no reference inside (a box, widths): as it is
                return text
            return array(self.value(obj[i]) for i in range(len(obj)))
        return scalar(obj)

    def entries(self, obj: pikepdf.Object, *, skip: Iterable[str] = ()) -> dict[str, bytes]:
        """A dictionary's (or a stream's dictionary's) entries, serialized."""
        left = set(skip)
        items = obj.stream_dict.items() if isinstance(obj, pikepdf.Stream) else obj.items()
        return {key: self.value(value) for key, value in items if key not in left}

    def body(self, obj: pikepdf.Object) -> bytes:
        if isinstance(obj, pikepdf.Stream):
            return stream_body(self.entries(obj, skip=("/Length",)), obj.read_raw_bytes())
        return self.direct(obj)

    def flush(self) -> None:
        """Write every queued object (and what they refer to, as it is met)."""
        while self.queue:
            obj = self.queue.popleft()
            self.writer.put(self.numbers[obj.objgen], self.body(obj))


def scalar(value: Any) -> bytes:
    """A number, boolean, null, name or string as PDF writes it (arrays give numbers
    as Python's own types)."""
    if isinstance(value, pikepdf.Object):
        return bytes(value.unparse())
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal | float):
        text = format(Decimal(value), "f")
        return (text.rstrip("0").rstrip(".") if "." in text else text).encode() or b"0"
    if value is None:
        return b"null"
    raise TypeError(f"not a PDF value: {value!r}")


def write_outline(writer: Writer, outline: Sequence[Bookmark]) -> int:
    """The bookmarks, every one open (numbered first: each names its neighbours)."""
    root = writer.reserve()
    numbers: dict[int, int] = {}  # id() of an item → its object number
    count = _write_items(writer, outline, root, numbers)
    entries = {"/Type": b"/Outlines", "/First": ref(numbers[id(outline[0])])}
    entries |= {"/Last": ref(numbers[id(outline[-1])]), "/Count": b"%d" % count}
    writer.put(root, dictionary(entries))
    return root


def _write_items(
    writer: Writer, items: Sequence[Bookmark], parent: int, numbers: dict[int, int]
) -> int:
    """Write `items` (siblings) under `parent`; how many items they and theirs are."""
    for item in items:
        numbers[id(item)] = writer.reserve()
    total = 0
    for i, item in enumerate(items):
        entries = {"/Title": scalar(pikepdf.String(item.title)), "/Parent": ref(parent)}
        if i > 0:
            entries["/Prev"] = ref(numbers[id(items[i - 1])])
        if i + 1 < len(items):
            entries["/Next"] = ref(numbers[id(items[i + 1])])
        if item.destination is not None:
            entries["/Dest"] = item.destination
        below = 0
        if item.children:
            below = _write_items(writer, item.children, numbers[id(item)], numbers)
            entries["/First"] = ref(numbers[id(item.children[0])])
            entries["/Last"] = ref(numbers[id(item.children[-1])])
            entries["/Count"] = b"%d" % below
        writer.put(numbers[id(item)], dictionary(entries))
        total += 1 + below
    return total


def write_names(writer: Writer, dests: Mapping[str, bytes]) -> int:
    """The named destinations as a name tree, sorted by their bytes as PDF compares
    them (PDFDocEncoding or UTF-16BE), in leaves of NAMES_PER_LEAF."""
    keyed = sorted((bytes(pikepdf.String(name)), name) for name in dests)
    leaves = [keyed[i : i + NAMES_PER_LEAF] for i in range(0, len(keyed), NAMES_PER_LEAF)]

    def leaf(items: Sequence[tuple[bytes, str]], limits: bool) -> bytes:
        pairs = array(scalar(pikepdf.String(name)) + b" " + dests[name] for _key, name in items)
        entries = {"/Names": pairs}
        if limits:
            ends = (scalar(pikepdf.String(items[0][1])), scalar(pikepdf.String(items[-1][1])))
            entries["/Limits"] = array(ends)
        return dictionary(entries)

    if len(leaves) == 1:
        return writer.add(leaf(leaves[0], limits=False))
    kids = [writer.add(leaf(items, limits=True)) for items in leaves]
    return writer.add(dictionary({"/Kids": array(ref(kid) for kid in kids)}))


def inherited(page: pikepdf.Object, key: str) -> Any:
    """A page's entry, or the nearest one up its page tree (inheritable entries)."""
    node: Any = page
    for _depth in range(64):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def named_destinations(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Array]]:
    """A PDF's named destinations (WeasyPrint writes one per element id)."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, value in pikepdf.NameTree(names.Dests).items():
        dest = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
        if isinstance(dest, pikepdf.Array):
            yield str(name), dest


def destination(dest: pikepdf.Array, copier: Copier) -> bytes | None:
    """An explicit destination `[page /XYZ left top zoom]` on the copied page; None if
    its page is not one of this part's (copying it would drag its page tree in)."""
    page = dest[0] if len(dest) else None
    if not isinstance(page, pikepdf.Dictionary) or page.objgen not in copier.numbers:
        return None
    return copier.direct(dest)


def bookmarks(pdf: pikepdf.Pdf, copier: Copier) -> list[Bookmark]:
    """A part's bookmarks, their destinations on the copied pages."""
    with pdf.open_outline() as outline:
        return [_bookmark(item, copier) for item in outline.root]


def _bookmark(item: pikepdf.OutlineItem, copier: Copier) -> Bookmark:
    dest = item.destination
    target = destination(dest, copier) if isinstance(dest, pikepdf.Array) else None
    return Bookmark(item.title, target, [_bookmark(child, copier) for child in item.children])
