"""Stage messages for long commands: a rich progress bar on a terminal, plain lines
on stderr when piped (CI logs), nothing on stdout (which holds the result)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def stage_reporter(stages: int = 3) -> Iterator[Callable[[str], None]]:
    if not sys.stderr.isatty():
        yield lambda message: print(f"sopc: {message}", file=sys.stderr, flush=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("checking", total=stages)

        def report(message: str) -> None:
            progress.update(task, description=message, advance=1)

        yield report
