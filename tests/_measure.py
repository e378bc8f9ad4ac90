"""Run `sopc` in this process and report what it cost.

    python tests/_measure.py check --format json some/project

runs `sopc.cli.main()` with the given arguments, catches its `SystemExit`,
and then prints one final JSON line to stderr:

    {"exit": 1, "seconds": 0.12, "max_rss_mb": 41.5, "opened": [...], "spawned": [...]}

`seconds` is the wall time from importing `sopc.cli` to the exit, `max_rss_mb`
the peak resident memory of the whole process (`VmHWM` where Linux has it,
else `ru_maxrss`). An audit hook records, for
the hostile-input tests, the files opened outside the interpreter and sopc's
own installation (`opened`, absolute paths) and any attempt to start a process
(`spawned`, audit event names): reading a source must never do either.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from typing import Any

_SPAWN_EVENTS = frozenset(
    {
        "os.system",
        "os.exec",
        "os.spawn",
        "os.posix_spawn",
        "os.fork",
        "os.forkpty",
        "os.startfile",
        "subprocess.Popen",
        "pty.spawn",
    }
)


def _installation_roots() -> list[str]:
    """Folders the interpreter and sopc's code legitimately read from."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {entry for entry in sys.path if entry and os.path.isdir(entry)}
    return sorted({os.path.realpath(root) for root in roots})


def _max_rss_mb() -> float:
    """Peak resident memory of this process, in MiB.

    Linux carries `ru_maxrss` over `fork` and `exec`, so a child started by a
    big parent (pytest that has just hashed a 30 MB file) would report the
    parent's peak; `VmHWM` belongs to this program image alone.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main() -> None:
    opened: set[str] = set()
    spawned: list[str] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], str | bytes):
            opened.add(os.path.realpath(os.fsdecode(args[0])))
        elif event in _SPAWN_EVENTS:
            spawned.append(event)

    sys.addaudithook(audit)
    sys.argv = ["sopc", *sys.argv[1:]]
    started = time.perf_counter()
    code: int
    try:
        from sopc.cli import main as sopc_main

        sopc_main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:  # what the interpreter would show; the tests look for it
        traceback.print_exc()
        code = 1
    seconds = time.perf_counter() - started
    sys.stdout.flush()
    during_run = set(opened)  # what follows is the measurement's own reading

    import sopc  # after the run: its folder (and a source checkout's) is sopc's own

    package = os.path.dirname(os.path.realpath(sopc.__file__))
    roots = [*_installation_roots(), package, os.path.dirname(package)]
    outside = sorted(
        path
        for path in during_run
        if not any(path == root or path.startswith(root + os.sep) for root in roots)
    )
    report = {
        "exit": code,
        "seconds": round(seconds, 4),
        "max_rss_mb": round(_max_rss_mb(), 1),
        "opened": outside,
        "spawned": spawned,
    }
    print(json.dumps(report), file=sys.stderr, flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
