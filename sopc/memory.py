"""Memory in long runs: the cyclic collector paused where it only costs, and
memory a build has freed given back to the system.

The cyclic collector runs every 700 new containers and, now and then, scans
every object alive. Where a stretch of work makes millions of objects and
frees them all at its end, or keeps them all, those scans find nothing and
cost a quarter of the time: `no_cyclic_gc` pauses it (reference counting still
frees what is dropped), optionally with one collection at the end.

glibc's malloc serves each thread from an arena of its own and returns a freed
block to the system only from the top of its heap. Drawing the charts in threads
(`sopc.render.charts`) frees some 170 MiB of DOT, SVG and split plans per two
chunks, yet the process kept it resident for the rest of the build, the largest
share of its peak at 1,000 SOPs. `malloc_trim(0)` releases the free pages of
every arena. Elsewhere (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any


@contextmanager
def no_cyclic_gc(*, collect: bool = False) -> Iterator[None]:
    """The cyclic collector paused (as it was before, after); with `collect`, one
    collection at the end, for the cycles the stretch let go of."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if collect:
            gc.collect()


def set_aside() -> None:
    """Keep every object alive now out of the collector's scans (`gc.freeze`): what a
    build read to start with (a kept session: a million objects) lives to its end, and
    each full collection would scan it all for nothing."""
    gc.freeze()


def put_back() -> None:
    """Let the collector scan again what `set_aside` kept out (a process that goes on
    after the build, a test, frees its cycles)."""
    gc.unfreeze()


def settle() -> None:
    """Between two builds of a process that goes on (`sopc serve`): collect the cycles
    the last build let go of, then keep what is left out of the scans, so that no full
    collection over the session (0.6 s at 1,000 SOPs) falls inside the next build."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def give_back() -> None:
    """Return the C heap's free pages to the system, where glibc can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    import ctypes  # only where memory is given back: not on every command's start-up
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
