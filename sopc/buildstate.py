"""Is the site already built from exactly these inputs? Then a rebuild is a no-op.

The fingerprint covers everything a build reads: sopc itself (its version, and
the bytes of its code and built-in templates, so a checkout that changed builds
anew), Graphviz's version,
the day (reviews fall overdue), `--strict`, `sopc.yaml`, the template
overrides and every SOP file's bytes. The state also records each output
file's size and modification time, so a site edited or damaged by hand is
rebuilt. It lives in `.sopc-cache/`, next to the flowchart cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from datetime import date
from pathlib import Path

from sopc import __version__
from sopc.cache import own_code, store
from sopc.project import Project, discover
from sopc.render.traces import Trace


@dataclass(frozen=True)
class BuildInputs:
    """What a build reads besides the files: each a field, so none is forgotten."""

    out: Path
    today: date
    graphviz: str  # `dot -V`
    strict: bool
    formats: tuple[str, ...]  # sorted
    head: str  # the commit shown by --history ("" without)


def settings(project: Project, inputs: BuildInputs) -> str:
    """The fingerprint of everything but the SOP files: the key every page shares."""
    files = [project.config_path] if project.config_path else []
    templates = project.config.build.templates
    if templates:
        folder = project.root / templates
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return _digest((__version__, own_code(), *astuple(inputs)), files)


def fingerprint(project: Project, inputs: BuildInputs) -> str:
    return _digest((settings(project, inputs),), [item.path for item in discover(project)])


def _digest(parts: tuple[object, ...], files: list[Path]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode() + b"\0")
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1unreadable")
    return digest.hexdigest()


@dataclass
class BuildState:
    """What the last build into a folder left: its fingerprint, each file it wrote
    (size, modification time) and each page's trace (`sopc.render.traces`)."""

    out: Path
    fingerprint: str = ""
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    pages: dict[str, Trace] = field(default_factory=dict)

    def kept(self, rel: str) -> bool:
        """Whether `rel` is still the file that build wrote (not edited, not removed)."""
        recorded = self.files.get(rel)
        try:
            info = os.stat(self.out / rel)
        except OSError:
            return False
        return recorded == (info.st_size, info.st_mtime_ns)

    def up_to_date(self, print_: str) -> bool:
        """True when that build had this fingerprint and its files are intact."""
        return bool(self.files) and self.fingerprint == print_ and all(map(self.kept, self.files))


def _state_file(cache: Path, out: Path) -> Path:
    return cache / "builds" / (hashlib.sha256(str(out).encode()).hexdigest()[:16] + ".json")


def last_build(cache: Path | None, out: Path) -> BuildState:
    """The state the last build into `out` recorded; an empty one when there is none
    or it cannot be read (a foreign or damaged cache is never trusted)."""
    state = BuildState(out)
    if cache is None:
        return state
    try:
        data = json.loads(_state_file(cache, out).read_text(encoding="utf-8"))
        files = {str(rel): (int(size), int(mtime)) for rel, (size, mtime) in data["files"].items()}
        pages = {str(rel): Trace.from_json(value) for rel, value in data["pages"].items()}
        fingerprint = str(data["fingerprint"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return state
    state.fingerprint, state.files = fingerprint, files
    state.pages = {rel: trace for rel, trace in pages.items() if trace is not None}
    return state


def remember(
    cache: Path, out: Path, print_: str, files: list[str], pages: Mapping[str, Trace]
) -> None:
    """Record a successful build: its fingerprint, what it left in `out`, its pages'
    traces."""
    entries = {}
    for rel in files:
        info = os.stat(out / rel)
        entries[rel] = [info.st_size, info.st_mtime_ns]
    traces = {rel: trace.to_json() for rel, trace in sorted(pages.items())}
    state = {"fingerprint": print_, "files": entries, "pages": traces}
    path = _state_file(cache, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    store(path, json.dumps(state, ensure_ascii=False).encode("utf-8"))
