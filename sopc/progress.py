"""Stage messages for long commands: a rich progress bar on a terminal, plain lines
on stderr when piped (CI logs), nothing on stdout (which holds the result).

A progress line, precisely: `sopc: ` and then one of the `STAGES` labels said in
the run's language, its placeholders filled (`sopc: drawing 7 flowcharts`,
`sopc: 正在绘制 7 张流程图`), alone on its line. `progress_line` matches exactly
these; everything else a command writes to stderr is a note, a warning or an error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sopc.i18n import Message, Slot, Translator

PREFIX = "sopc: "
STAGES = (
    "progress.checking",
    "progress.history",
    "progress.flowcharts",
    "progress.pages",
    "progress.documents",
    "progress.binding",
)
"""The catalogue keys of every stage a command reports."""

Report = Callable[[Message], None]
Count = Callable[[int, int], None]  # a long stage's items done so far, of how many


@contextmanager
def stage_reporter(t: Translator, stages: int = 4) -> Iterator[tuple[Report, Count]]:
    """A `report(Message("progress.…"))` that shows each stage in `t`'s language, and
    a `count(done, total)` that shows a long stage's items live on a terminal (the
    PDF's parts); piped, the stages are lines and counts are not shown."""
    if not sys.stderr.isatty():
        yield (
            lambda message: print(PREFIX + t.say(message), file=sys.stderr, flush=True),
            lambda _done, _total: None,
        )
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(t.say(Message("progress.checking")), total=stages)
        items: list[TaskID] = []

        def report(message: Message) -> None:
            progress.update(task, description=t.say(message), advance=1)

        def count(done: int, total: int) -> None:
            if not items and total:
                items.append(progress.add_task(t.say(Message("progress.parts")), total=total))
            if items:
                progress.update(items[0], completed=done, total=total)

        yield report, count


def progress_line(t: Translator) -> re.Pattern[str]:
    """The lines `stage_reporter` prints when piped, in `t`'s language: `PREFIX`, one
    stage's label with something (no line break) where each placeholder is."""
    labels = (
        "".join(".+" if isinstance(piece, Slot) else re.escape(piece) for piece in t.parts(key))
        for key in STAGES
    )
    return re.compile(re.escape(PREFIX) + "(?:" + "|".join(labels) + ")")
