"""Memory a long build has freed, given back to the system.

glibc's malloc serves each thread from an arena of its own and returns a freed
block to the system only from the top of its heap. Drawing the charts in threads
(`sopc.render.charts`) frees some 170 MiB of DOT, SVG and split plans per two
chunks, yet the process kept it resident for the rest of the build, the largest
share of its peak at 1,000 SOPs. `malloc_trim(0)` releases the free pages of
every arena. Elsewhere (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache
from typing import Any


def give_back() -> None:
    """Return the C heap's free pages to the system, where glibc can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
