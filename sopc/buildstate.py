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
from dataclasses import astuple, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sopc import __version__
from sopc.project import Project, discover
from sopc.resources import resource_dir


@dataclass(frozen=True)
class BuildInputs:
    """What a build reads besides the files: each a field, so none is forgotten."""

    out: Path
    today: date
    graphviz: str  # `dot -V`
    strict: bool
    formats: tuple[str, ...]  # sorted
    head: str  # the commit shown by --history ("" without)


def fingerprint(project: Project, inputs: BuildInputs) -> str:
    digest = hashlib.sha256()
    for part in (__version__, _own_files(), *astuple(inputs)):
        digest.update(str(part).encode() + b"\0")
    files = [project.config_path] if project.config_path else []
    templates = project.config.build.templates
    if templates:
        folder = project.root / templates
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    files += [item.path for item in discover(project)]
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1unreadable")
    return digest.hexdigest()


def _state_file(cache: Path, out: Path) -> Path:
    return cache / "builds" / (hashlib.sha256(str(out).encode()).hexdigest()[:16] + ".json")


def up_to_date(cache: Path, out: Path, print_: str) -> bool:
    """True when the last build into `out` had this fingerprint and its files are intact."""
    try:
        state = json.loads(_state_file(cache, out).read_text(encoding="utf-8"))
        if state.get("fingerprint") != print_:
            return False
        for rel, (size, mtime) in state["files"].items():
            info = os.stat(out / rel)
            if info.st_size != size or info.st_mtime_ns != mtime:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def remember(cache: Path, out: Path, print_: str, files: list[str]) -> None:
    """Record a successful build: its fingerprint and what it left in `out`."""
    entries = {}
    for rel in files:
        info = os.stat(out / rel)
        entries[rel] = [info.st_size, info.st_mtime_ns]
    path = _state_file(cache, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fingerprint": print_, "files": entries}), encoding="utf-8")


@lru_cache(maxsize=1)
def _own_files() -> str:
    """A hash of sopc's code and built-in templates (about 1 MB, a few milliseconds)."""
    digest = hashlib.sha256()
    for folder in (Path(__file__).parent, resource_dir("templates")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js", ".yaml"):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()
