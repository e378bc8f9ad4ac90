"""`.sopc-cache/`: answers kept by the hash of their exact inputs (flowcharts,
documents, history), so a later build reads them instead of working again."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Generic, TypeVar

from sopc import __version__
from sopc.files import write_whole
from sopc.resources import resource_dir

CACHE_NAME = ".sopc-cache"
V = TypeVar("V")


def cache_dir(root: Path) -> Path:
    """The project's cache folder (not created here)."""
    return root / CACHE_NAME


def writable_cache(root: Path) -> Path | None:
    """The project's cache folder, made if missing, or None where it cannot be written
    (a read-only checkout): the build then keeps nothing, as with `--no-cache`."""
    folder = cache_dir(root)
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def store(path: Path, data: bytes) -> None:
    """Put `data` in the cache atomically: a build killed half-way leaves no torn file."""
    write_whole(path, data)


_SEAL = b"\n\0sopc-sha256:"
_SEALED = len(_SEAL) + 64


def seal(data: bytes) -> bytes:
    """`data` with its own digest after it: a drawing kept in the cache is addressed by
    the hash of its input, so only this tells a damaged file (cut short, flipped,
    another program's) from a good one."""
    return data + _SEAL + hashlib.sha256(data).hexdigest().encode()


def unseal(sealed: bytes) -> bytes | None:
    """What `seal` sealed, or None when the file is not exactly that."""
    data, mark, digest = sealed[:-_SEALED], sealed[-_SEALED:-64], sealed[-64:]
    if mark != _SEAL or hashlib.sha256(data).hexdigest().encode() != digest:
        return None
    return data


def read_sealed(path: Path) -> bytes | None:
    """A sealed cache file's data; None when it is missing, unreadable or damaged."""
    try:
        return unseal(path.read_bytes())
    except OSError:
        return None


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

    def __init__(self, kept: dict[str, V] | None = None) -> None:
        self._kept: dict[str, V] = dict(kept or {})
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

    def items(self) -> dict[str, V]:
        """What it holds, by key (to keep on disk: `sopc.snapshot`)."""
        return dict(self._kept)


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


# what a kept session may hold besides sopc's own data classes: values, never functions
_VALUES = frozenset(
    {
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("decimal", "Decimal"),
        ("pathlib", "PosixPath"),
        ("pathlib", "PurePosixPath"),
        ("pathlib", "WindowsPath"),
        ("pathlib", "PureWindowsPath"),
        ("markupsafe", "Markup"),
        ("sopc.i18n.message", "_rebuild"),  # a Message from its key and values
    }
)


def pack(value: object) -> bytes:
    """`value` as bytes for `unpack`: sopc's data objects (models, findings, page parts)."""
    return pickle.dumps(value, protocol=5)


def unpack(data: bytes) -> Any:
    """What `pack` made, or None for anything else. Pickle runs whatever callable its
    bytes name, and a cache sits in the project, where anybody may have put a file: so
    the bytes may name only the value types above and sopc's own data classes (models,
    dataclasses, named tuples, enums) of modules already loaded (none is imported), the
    "restricting globals" of Python's pickle documentation. Making such an object runs
    no code of the file's choosing; a refused or damaged file is as good as none."""
    try:
        return _DataOnly(io.BytesIO(data)).load()
    except Exception:  # any damage: nothing kept
        return None


class _DataOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            found = _ALLOWED[module, name] = self._allowed(module, name)
        return found

    def _allowed(self, module: str, name: str) -> Any:
        if (module, name) in _VALUES:
            return super().find_class(module, name)
        loaded = sys.modules.get(module) if module.startswith("sopc.") else None
        found = getattr(loaded, name, None) if loaded is not None and "." not in name else None
        if isinstance(found, type) and _is_data(found):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not data")


_ALLOWED: dict[tuple[str, str], Any] = {}  # what was found allowed (a class stays one)


def _is_data(cls: type) -> bool:
    import dataclasses
    import enum

    from pydantic import BaseModel

    named_tuple = issubclass(cls, tuple) and hasattr(cls, "_fields")
    return dataclasses.is_dataclass(cls) or named_tuple or issubclass(cls, enum.Enum | BaseModel)
