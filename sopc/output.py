"""The build's output folder: the only place `sopc build` writes or deletes.

A folder sopc did not create is never touched: a non-empty `--out` without
sopc's marker file is refused. Each file is written atomically (a temporary
file in the same folder, then a rename), files whose bytes did not change
are left alone, and the only files ever deleted are those the marker lists
as written by the previous build. A full disk or a read-only folder ends the
build with a message and exit 2, the file it was writing left as it was.

A one-off build publishes the whole site at once: it writes its new files into
a stage in `.sopc-cache/`, links every file it keeps (and any file of the
folder's owner that sopc did not write) beside them, and swaps the stage with
the folder in one step (`renameat2(RENAME_EXCHANGE)`). Killed at any moment,
it leaves the folder as the last build left it or as this one made it, whole;
never half of each. Where the swap cannot be made (another filesystem than the
cache's, no cache, `sopc serve`, which shows pages as they are written), each
file is replaced on its own, still atomically.

One build at a time: a build takes an exclusive lock on `.sopc-site.lock` in
the folder (`flock`, released when the build has written all it keeps or when
the process ends, killed or not); a second build says it waits, and waits. A
new folder gets its marker at once, so a first build killed half-way leaves a
folder the next one takes.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from sopc.errors import UsageError, write_error
from sopc.files import write_whole
from sopc.i18n import Message

MARKER = ".sopc-site.json"
LOCK = ".sopc-site.lock"
_HELD: dict[Path, int] = {}  # folders this process has locked: path → descriptor


class OutputFolder:
    def __init__(self, path: Path, stage: Path | None = None) -> None:
        self.path = path
        self.stage = stage  # where the new site is put together, if it can be swapped in
        self.previous: set[str] = set()
        self.written: set[str] = set()
        self.changed = 0
        self.updated: list[str] = []  # the files this build wrote anew, in order
        self._lock: int | None = None  # the descriptor holding the folder's lock

    def claim(self, waiting: Callable[[Message], None] = lambda _message: None) -> None:
        """Make sure the folder is ours (new, empty, or marked by an earlier build) and
        lock it; `waiting` hears that another build holds the lock."""
        marker = self.path / MARKER
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_dir()):
            raise UsageError(Message("output.not_folder", path=str(self.path)))
        if self.path.is_dir() and not marker.is_file() and _foreign(self.path):
            raise UsageError(Message("output.not_ours", path=str(self.path), marker=MARKER))
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        self.lock(waiting)
        if marker.is_file():  # read under the lock: the build before may just have ended
            self.previous = set(_read_marker(marker))
        else:
            write_whole(marker, _marker([]))
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)  # what a killed build left
            try:
                self.stage.mkdir(parents=True)
            except OSError:
                self.stage = None
        if self.stage is not None and self.stage.stat().st_dev != self.path.stat().st_dev:
            self.stage.rmdir()
            self.stage = None

    def lock(self, waiting: Callable[[Message], None] = lambda _message: None) -> None:
        """Take the folder's lock (it must exist and be ours), waiting for another
        build to let go of it: a build takes it before it reads what the last build
        left, when the folder already exists, so two builds never mix their files."""
        if self._lock is not None:
            return
        key = self.path.resolve()
        if key in _HELD:  # an earlier build of this process that failed half-way
            os.close(_HELD.pop(key))
        try:
            handle = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise write_error(self.path / LOCK, exc) from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(Message("output.waiting", path=str(self.path)))
            fcntl.flock(handle, fcntl.LOCK_EX)
        self._lock = _HELD[key] = handle

    def release(self) -> None:
        """Let the next build in, once all a build keeps is written (the end of the
        process does it too)."""
        if self._lock is not None:
            _HELD.pop(self.path.resolve(), None)
            os.close(self._lock)
            self._lock = None

    def write(self, rel: str, data: bytes) -> None:
        """Write `rel` atomically, unless it already holds exactly `data`."""
        target = self._inside(rel)
        self.written.add(rel)
        try:
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                return
        except OSError:
            pass
        write_whole(target if self.stage is None else self.stage / rel, data)
        self.changed += 1
        self.updated.append(rel)

    def keep(self, rel: str) -> None:
        """`rel` is part of this build as the last build wrote it (its inputs did not
        change): it is neither written nor removed. Nothing is written, so a check of
        its name suffices (`_inside` resolves links, a thousand pages a second)."""
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"refusing a path outside the output folder: {rel}")
        self.written.add(rel)

    def finish(self) -> list[str]:
        """Delete what the previous build wrote and this one did not; write the marker;
        swap the staged site in."""
        stale = sorted(self.previous - self.written)
        if self.stage is not None and self._publish():
            return stale
        for rel in stale:
            try:
                target = self._inside(rel)
            except ValueError:  # a tampered marker: never follow it out of the folder
                continue
            if target.is_file() or target.is_symlink():
                target.unlink()
        self.write(MARKER, _marker(sorted(self.written)))
        return stale

    def _publish(self) -> bool:
        """Put the stage together and swap it with the folder: False, with nothing
        changed, where the filesystem cannot swap (the stage is then moved in file by
        file). The files this build keeps or left unchanged, the lock, and whatever in
        the folder sopc never wrote are hard links: the same files, not copies."""
        assert self.stage is not None
        fresh = set(self.updated)
        carried = [rel for rel in _files(self.path) if rel not in self.previous | fresh]
        for rel in sorted((self.written - fresh) | set(carried)):
            (self.stage / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(self.path / rel, self.stage / rel, follow_symlinks=False)
        os.link(self.path / LOCK, self.stage / LOCK)
        marker = _marker(sorted(self.written))
        write_whole(self.stage / MARKER, marker)
        new_marker = _bytes(self.path / MARKER) != marker
        os.chmod(self.stage, self.path.stat().st_mode & 0o7777)
        if _exchange(self.stage, self.path):
            shutil.rmtree(self.stage, ignore_errors=True)  # the site as it was
            self.written.add(MARKER)  # counted as `write` counts it
            if new_marker:
                self.changed += 1
                self.updated.append(MARKER)
            return True
        for rel in sorted(fresh):
            (self.path / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage / rel, self.path / rel)
        shutil.rmtree(self.stage, ignore_errors=True)
        self.stage = None
        return False

    def _inside(self, rel: str) -> Path:
        target = (self.path / rel).resolve()
        if not target.is_relative_to(self.path.resolve()) or rel.startswith("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return self.path / rel


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where it cannot be."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(done == 0)


def _files(folder: Path) -> Iterator[str]:
    """Every file in `folder` (links too), relative, but for sopc's own dot files."""
    for parent, folders, names in os.walk(folder):
        base = Path(parent).relative_to(folder)
        folders.sort()
        for name in sorted(names + [f for f in folders if os.path.islink(Path(parent, f))]):
            if not name.startswith(".sopc-"):
                yield (base / name).as_posix()


def _foreign(folder: Path) -> bool:
    """Whether `folder` holds anything but sopc's own dot files (a lock, a temporary
    file of a build that was killed)."""
    return any(not p.name.startswith(".sopc-") for p in folder.iterdir())


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _marker(files: list[str]) -> bytes:
    return json.dumps({"generator": "sopc", "files": files}, indent=1).encode() + b"\n"


def _read_marker(marker: Path) -> list[str]:
    try:
        files = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [f for f in files if isinstance(f, str) and f != MARKER]
