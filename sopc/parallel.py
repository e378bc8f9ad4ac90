"""Independent jobs over worker processes: each makes one output file's bytes.

Two kinds of pool. `iter_jobs`: workers are forked, so a job is a closure over
data the build already holds (the manual, its flowcharts); nothing but the
finished bytes is sent back. `Workers`: workers are started afresh (spawned)
and given a module-level function and its arguments; a worker then holds what
the call needs and never a copy of the build's memory, which matters where the
calls are many and each is big (the PDF's parts: WeasyPrint holds a document's
every page): even one such call runs in a worker. Where one job or one core is all
there is, `iter_jobs` runs them here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

Job = Callable[[], bytes]


class Arrivals:
    """Names of results another thread makes, as they come: `wait` blocks until its
    name is in, or the maker is over (it then raises the maker's error, so nothing
    goes on from half a result). The site's pages wait so for their own charts."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._in: set[str] = set()
        self._over = False
        self._error: BaseException | None = None

    def add(self, names: Iterable[str]) -> None:
        with self._changed:
            self._in.update(names)
            self._changed.notify_all()

    def close(self, error: BaseException | None = None) -> None:
        """No more will come; `error` is what stopped the maker, if anything did."""
        with self._changed:
            self._over, self._error = True, error
            self._changed.notify_all()

    def __reduce__(self) -> tuple[type[Arrivals], tuple[()]]:
        """Sent to another process, it arrives empty: whatever it waited for is here."""
        return (Arrivals, ())

    def ready(self, name: str) -> bool:
        """Whether `wait(name)` would return (or raise) at once."""
        with self._changed:
            return name in self._in or self._over

    def wait(self, name: str) -> None:
        with self._changed:
            self._changed.wait_for(lambda: name in self._in or self._over)
            if self._error is not None and name not in self._in:
                raise self._error


_JOBS: Sequence[Job] = ()  # what forked workers see, by index
CALLS_PER_WORKER = 100  # then a fresh worker: WeasyPrint's caches grow over many documents


def run_jobs(jobs: Sequence[Job], workers: int | None = None) -> list[bytes]:
    """Every job's result, in the jobs' order; the first jobs start first (put the
    longest first so it is not the last to finish)."""
    return list(iter_jobs(jobs, workers))


def iter_jobs(jobs: Sequence[Job], workers: int | None = None, *, nice: int = 0) -> Iterator[bytes]:
    """Each job's result in the jobs' order, as soon as it and those before it are
    done, so a caller can handle each and let it go (results that finish early wait
    in memory for those before them). Consume it to the end: that shuts the pool.
    `nice` lowers the workers' priority (and their children's): work this process
    does meanwhile comes first."""
    global _JOBS
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            yield job()
        return
    _JOBS = jobs
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=os.nice, initargs=(nice,)
        ) as pool:
            yield from pool.map(_run, range(len(jobs)))
    finally:
        _JOBS = ()


def _run(index: int) -> bytes:
    return _JOBS[index]()


class Workers:
    """Spawned worker processes for a series of stages (the PDF book: its parts, then
    fronts, stamps and binding), started as calls come and kept between the stages.
    Every call runs in a worker, even a single one: what it holds (WeasyPrint's pages,
    qpdf's objects) is never added to the build's own memory. A worker is replaced
    after CALLS_PER_WORKER calls."""

    def __init__(self, workers: int | None = None) -> None:
        self.count = max(1, workers or os.cpu_count() or 1)
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            max_workers=self.count, mp_context=context, max_tasks_per_child=CALLS_PER_WORKER
        )

    def renew(self) -> None:
        """Fresh workers for the next stage: a worker keeps what its calls cached
        (WeasyPrint's, 40 MiB over 100 parts), under what the next call holds."""
        self.pool.shutdown()
        self.pool = self._start()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.pool.shutdown(cancel_futures=True)

    def calls(
        self, function: Callable[..., bytes], calls: Iterable[tuple[Any, ...]]
    ) -> Iterator[bytes]:
        """`function(*call)` for each call, results in the calls' order. Calls are taken
        from `calls` only as workers free up (two per worker ahead), so a generator of
        big arguments is never held whole, and its next calls are made while the
        workers run."""
        pending: deque[Future[bytes]] = deque()
        remaining = iter(calls)
        for call in remaining:
            pending.append(self.pool.submit(function, *call))
            if len(pending) >= 2 * self.count:
                break
        while pending:
            result = pending.popleft().result()
            for call in remaining:  # one more, if any
                pending.append(self.pool.submit(function, *call))
                break
            yield result
