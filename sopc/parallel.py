"""Independent jobs over worker processes: each makes one output file's bytes.

Workers are forked, so a job is a closure over data the build already holds
(the manual, its flowcharts); nothing but the finished bytes is sent back.
Where fork is not available, or one job or one core is all there is, the jobs
run here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

Job = Callable[[], bytes]

_JOBS: Sequence[Job] = ()  # what forked workers see, by index


def run_jobs(jobs: Sequence[Job], workers: int | None = None) -> list[bytes]:
    """Every job's result, in the jobs' order; the first jobs start first (put the
    longest first so it is not the last to finish)."""
    return list(iter_jobs(jobs, workers))


def iter_jobs(jobs: Sequence[Job], workers: int | None = None) -> Iterator[bytes]:
    """Each job's result in the jobs' order, as soon as it and those before it are
    done: a caller that handles each result at once holds one at a time."""
    global _JOBS
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            yield job()
        return
    _JOBS = jobs
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            yield from pool.map(_run, range(len(jobs)))
    finally:
        _JOBS = ()


def _run(index: int) -> bytes:
    return _JOBS[index]()
