"""`python -m sopc` and the `sopc` command."""

from __future__ import annotations

import contextlib
import os
import sys

from sopc.cli import main


def run() -> None:
    """The `sopc` command: `main`, then out at once. The interpreter's own exit frees
    every object one by one, 0.3 s after a build that held 1,000 SOPs, for a process
    that is about to end; so, with the output flushed and no child process left, the
    process ends there (as mypy does). `main` stays a function that returns or raises
    `SystemExit`, for those that call it."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    multiprocessing = sys.modules.get("multiprocessing")
    if isinstance(code, str) or (multiprocessing and multiprocessing.active_children()):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        # a reader gone (`sopc check | head`), a closed stream: nothing more to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":  # not again in a spawned worker process (sopc.parallel)
    run()
