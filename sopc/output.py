"""The build's output folder: the only place `sopc build` writes or deletes.

A folder sopc did not create is never touched: a non-empty `--out` without
sopc's marker file is refused. Each file is written atomically (a temporary
file in the same folder, then a rename), files whose bytes did not change
are left alone, and the only files ever deleted are those the marker lists
as written by the previous build.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from sopc.errors import UsageError
from sopc.i18n import Message

MARKER = ".sopc-site.json"


class OutputFolder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.previous: set[str] = set()
        self.written: set[str] = set()
        self.changed = 0
        self.updated: list[str] = []  # the files this build wrote anew, in order

    def claim(self) -> None:
        """Make sure the folder is ours: new, empty, or marked by an earlier build."""
        marker = self.path / MARKER
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_dir()):
            raise UsageError(Message("output.not_folder", path=str(self.path)))
        if self.path.is_dir():
            if marker.is_file():
                self.previous = set(_read_marker(marker))
            elif any(self.path.iterdir()):
                raise UsageError(Message("output.not_ours", path=str(self.path), marker=MARKER))
        self.path.mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, data: bytes) -> None:
        """Write `rel` atomically, unless it already holds exactly `data`."""
        target = self._inside(rel)
        self.written.add(rel)
        try:
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                return
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".sopc-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
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
        marker = json.dumps({"generator": "sopc", "files": sorted(self.written)}, indent=1)
        self.write(MARKER, marker.encode() + b"\n")
        return stale

    def _inside(self, rel: str) -> Path:
        target = (self.path / rel).resolve()
        if not target.is_relative_to(self.path.resolve()) or rel.startswith("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return self.path / rel


def _read_marker(marker: Path) -> list[str]:
    try:
        files = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [f for f in files if isinstance(f, str) and f != MARKER]
