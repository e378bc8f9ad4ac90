"""What a one-off `sopc build` takes over from the last one, so that one SOP changed
among a thousand costs what it changed, not a thousand SOPs loaded and checked and
every page over the whole manual made from nothing.

`sopc serve` keeps its session in memory from one build to the next
(`commands.build.Session`): each file as loaded with its findings (`pipeline.Reuse`)
and the parts of the pages over the whole manual (`render.traces.Remember`). A one-off
build keeps the same in `.sopc-cache/session/`:

    head          sopc's version and code, the folder's own identity, the check's
                  inputs (sopc.yaml, the day), the index's facts, the files it holds
    sop-<hash>    one source file: its stamp, the file as loaded (text, model, Markdown
                  sections; no tree), its findings, its notes, the ids its rules read,
                  and the page parts made from that SOP alone (its rows in the role
                  index, its search records), each with the trace it was made under
    parts         the parts made from several SOPs (a form's section, the matrix)

Only what changed is written: the entry of a file loaded or checked anew or with a
part made again, and `parts` and `head` when theirs changed (a step title changed:
one entry, `parts` and `head`).

Nothing here is believed beyond what it was made from. A file is taken as kept only
while its stamp (mtime, ctime, size, inode) is the one recorded, else its text is read
and compared; its findings stand only while the check's inputs and the facts its rules
read are the same (`pipeline.Reuse`); a part only while its trace holds. The head names
sopc's code (another checkout of sopc reads none of it) and the folder's device and
inode: a copy of the folder (a cache committed to git, `cp -r`) is another folder, and
is not read. The bytes are read by `cache.unpack`, which makes sopc's data objects and
nothing else.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sopc import __version__
from sopc.cache import Memo, own_code, pack, store, unpack
from sopc.pipeline import Reuse
from sopc.render.traces import Kept

FOLDER = "session"
FORMAT = 1

Parts = Memo[Kept[Any]]


@dataclass
class Snapshot:
    """A session as the last one-off build left it, to build with and keep again."""

    folder: Path
    reuse: Reuse = field(default_factory=lambda: Reuse(trees=False))
    parts: Parts = field(default_factory=Memo)
    _read: dict[str, tuple[object, ...]] = field(default_factory=dict)  # entries as read
    _alive: list[object] = field(default_factory=list)  # what they held (no id reused)

    def save(self) -> None:
        """Write what this build changed; let go of entries no file has any more."""
        try:
            place = _place(self.folder, create=True)
        except OSError:
            return  # a read-only cache: nothing kept, the next build does the work
        reuse = self.reuse
        owned: dict[str, dict[str, Kept[Any]]] = {}
        for name, part in self.parts.items().items():
            owned.setdefault(part.owner, {})[name] = part
        names = {}
        for path, source in reuse.files.items():
            source.release()  # the tree is most of a file's weight, and is parsed again
            names[str(path)] = name = "sop-" + _hash(str(path))
            entry = (*_checked(reuse, path), owned.get(source.rel, {}))
            self._write(name, entry)
        self._write(SHARED, ("", owned.get("", {})))
        head = {
            "format": FORMAT,
            "version": __version__,
            "code": own_code(),
            "place": place,
            "index": reuse.index,
            "facts": reuse.facts,
            "files": names,
        }
        store(self.folder / "head", pack(head))
        kept = {"head", SHARED, *names.values()}
        for stale in (p for p in self.folder.iterdir() if p.name not in kept):
            stale.unlink(missing_ok=True)

    def _write(self, name: str, entry: tuple[Any, ...]) -> None:
        """Write an entry unless it holds the objects it was read with."""
        if self._read.get(name) != _identity(entry):
            store(self.folder / name, pack(entry))


SHARED = "parts"  # the parts made from several SOPs (a form's section, the matrix)


def restore(cache: Path) -> Snapshot:
    """The session the last one-off build kept in `cache`, or an empty one when there is
    none it can trust."""
    folder = cache / FOLDER
    snapshot = Snapshot(folder)
    head = _read(folder / "head")
    try:
        valid = (
            isinstance(head, dict)
            and head.get("format") == FORMAT
            and head.get("version") == __version__
            and head.get("code") == own_code()
            and head.get("place") == _place(folder, create=False)
        )
    except OSError:
        valid = False
    if not valid:
        return snapshot
    reuse, kept = snapshot.reuse, {}
    for name in (*head["files"].values(), SHARED):
        entry = _read(folder / name)
        if not _is_entry(entry):
            continue
        snapshot._read[name] = _identity(entry)
        snapshot._alive.append(entry)
        kept.update(entry[-1])
        if name == SHARED:
            continue
        path, stamp, source, findings, notes, looked, _ = entry
        reuse.files[path], reuse.stamps[path] = source, stamp
        reuse.findings[path], reuse.notes[path], reuse.looked[path] = findings, notes, looked
    reuse.index, reuse.facts = head["index"], head["facts"]
    snapshot.parts = Memo(kept)
    return snapshot


def _checked(reuse: Reuse, path: Path) -> tuple[Any, ...]:
    return (
        path,
        reuse.stamps.get(path),
        reuse.files[path],
        reuse.findings.get(path, []),
        reuse.notes.get(path, []),
        reuse.looked.get(path, frozenset({""})),
    )


def _identity(entry: tuple[Any, ...]) -> tuple[object, ...]:
    """An entry as the objects it holds (those read are kept alive, so no id is reused
    by another): the same objects as were read, nothing to write."""
    *checked, parts = entry
    ids = [id(x) for x in checked if not isinstance(x, str | Path | tuple | frozenset)]
    plain = [x for x in checked if isinstance(x, str | Path | tuple | frozenset)]
    return (*plain, *ids, tuple(sorted((name, id(part)) for name, part in parts.items())))


def _is_entry(value: object) -> bool:
    if not isinstance(value, tuple) or not isinstance(value[-1] if value else None, dict):
        return False
    return len(value) == 2 if value[0] == "" else len(value) == 7 and isinstance(value[0], Path)


def _read(path: Path) -> Any:
    try:
        return unpack(path.read_bytes())
    except OSError:
        return None


def _place(folder: Path, *, create: bool) -> tuple[int, int]:
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    info = os.stat(folder)
    return info.st_dev, info.st_ino


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
