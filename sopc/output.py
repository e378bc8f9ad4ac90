"""The build's output folder: the only place `sopc build` writes or deletes.

A folder sopc did not create is never touched: a non-empty `--out` without
sopc's marker file is refused. Each file is written atomically (a temporary
file in the same folder, then a rename), files whose bytes did not change
are left alone, and the only files ever deleted are those the marker lists
as written by the previous build. A full disk or a read-only folder ends the
build with a message and exit 2, the file it was writing left as it was.

One build at a time: a build takes an exclusive lock on `.sopc-site.lock` in
the folder (`flock`, released when the build has written all it keeps or when
the process ends, killed or not); a second build says it waits, and waits. A
new folder gets its marker at once, so a first build killed half-way leaves a
folder the next one takes.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sopc.errors import UsageError, write_error
from sopc.i18n import Message

MARKER = ".sopc-site.json"
LOCK = ".sopc-site.lock"
_HELD: dict[Path, int] = {}  # folders this process has locked: path → descriptor


class OutputFolder:
    def __init__(self, path: Path) -> None:
        self.path = path
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
            _put(marker, _marker([]))

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
        _put(target, data)
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
        """Delete what the previous build wrote and this one did not; write the marker."""
        stale = sorted(self.previous - self.written)
        for rel in stale:
            try:
                target = self._inside(rel)
            except ValueError:  # a tampered marker: never follow it out of the folder
                continue
            if target.is_file() or target.is_symlink():
                target.unlink()
        self.write(MARKER, _marker(sorted(self.written)))
        return stale

    def _inside(self, rel: str) -> Path:
        target = (self.path / rel).resolve()
        if not target.is_relative_to(self.path.resolve()) or rel.startswith("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return self.path / rel


def _foreign(folder: Path) -> bool:
    """Whether `folder` holds anything but sopc's own dot files (a lock, a temporary
    file of a build that was killed)."""
    return any(not p.name.startswith(".sopc-") for p in folder.iterdir())


def _put(target: Path, data: bytes) -> None:
    """Write `target` atomically: a temporary file beside it, then a rename. Any
    failure (a full disk) leaves `target` as it was and no temporary file behind."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".sopc-", suffix=".tmp")
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(target, exc) from exc
        raise


def _marker(files: list[str]) -> bytes:
    return json.dumps({"generator": "sopc", "files": files}, indent=1).encode() + b"\n"


def _read_marker(marker: Path) -> list[str]:
    try:
        files = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [f for f in files if isinstance(f, str) and f != MARKER]
