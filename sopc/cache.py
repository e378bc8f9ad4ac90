"""`.sopc-cache/`: answers kept by the hash of their exact inputs (flowcharts,
documents, history), so a later build reads them instead of working again."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_NAME = ".sopc-cache"


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
