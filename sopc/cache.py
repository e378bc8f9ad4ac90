"""`.sopc-cache/`: answers kept by the hash of their exact inputs (flowcharts,
documents, history), so a later build reads them instead of working again."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Generic, TypeVar

from sopc import __version__
from sopc.resources import resource_dir

CACHE_NAME = ".sopc-cache"
V = TypeVar("V")


def cache_dir(root: Path) -> Path:
    """The project's cache folder (not created here)."""
    return root / CACHE_NAME


def store(path: Path, data: bytes) -> None:
    """Put `data` in the cache atomically: a build killed half-way leaves no torn file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def content_key(*parts: str) -> str:
    """The key of an answer: a hash of sopc's version and every input, each kept apart."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def package_version(package: str) -> str:
    """An installed package's version (part of a key: a new WeasyPrint lays out anew)."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


class Memo(Generic[V]):
    """Answers kept in memory by key, for a process that builds again and again (`sopc
    serve`). What a build did not ask for is let go when it ends (`sweep`), so the
    memo holds one build's answers, not every answer ever given."""

    def __init__(self) -> None:
        self._kept: dict[str, V] = {}
        self._asked: set[str] = set()

    def get(self, key: str) -> V | None:
        self._asked.add(key)
        return self._kept.get(key)

    def put(self, key: str, value: V) -> None:
        self._asked.add(key)
        self._kept[key] = value

    def sweep(self) -> None:
        self._kept = {key: value for key, value in self._kept.items() if key in self._asked}
        self._asked = set()


@lru_cache(maxsize=1)
def own_code() -> str:
    """A hash of sopc's code and built-in templates (about 1 MB, a few milliseconds):
    part of the keys of answers that sopc's code makes (a checkout that changed them
    makes them anew even at the same version)."""
    digest = hashlib.sha256()
    for folder in (Path(__file__).parent, resource_dir("templates")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js", ".yaml"):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()
