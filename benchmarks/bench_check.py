"""Start-up and check speed, measured as users run sopc: the console script, cold processes.

    python benchmarks/bench_check.py [--runs 20] [--project examples]

Prints the median, min and max wall time of `sopc --help` and `sopc check PROJECT`,
and the peak memory of one check, against issue 18's targets on a 2-core machine:
`sopc --help` < 0.15 s, `sopc check examples` < 0.3 s (issue 2's were 0.3 s and 0.6 s).
"""

from __future__ import annotations

import argparse
import functools
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELP_TARGET, CHECK_TARGET = 0.15, 0.3  # seconds, issue 18


def sopc_command() -> list[str]:
    compile_sopc()
    script = Path(sys.executable).parent / "sopc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "sopc"]


@functools.cache
def compile_sopc() -> None:
    """Byte-compile sopc first, as `pip install` does: an editable install under
    PYTHONDONTWRITEBYTECODE=1 (this machine's setting) would otherwise compile every
    changed module in every run, which no installed sopc does."""
    import compileall

    compileall.compile_dir(ROOT / "sopc", quiet=1)


def timed(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float], target: float) -> str:
    median = statistics.median(times)
    verdict = "ok" if median < target else "SLOW"
    return (
        f"{label:<28} median {median * 1000:7.1f} ms   min {min(times) * 1000:7.1f}   "
        f"max {max(times) * 1000:7.1f}   target < {target * 1000:.0f} ms  [{verdict}]"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--project", type=Path, default=ROOT / "examples")
    options = parser.parse_args()
    sopc = sopc_command()
    timed([*sopc, "--help"], 2)  # warm the OS caches, as a developer's machine is
    help_times = timed([*sopc, "--help"], options.runs)
    check_times = timed([*sopc, "check", str(options.project)], options.runs)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"sopc: {' '.join(sopc)}   runs: {options.runs}   python {sys.version.split()[0]}")
    print(report("sopc --help", help_times, HELP_TARGET))
    print(report(f"sopc check {options.project.name}", check_times, CHECK_TARGET))
    print(f"{'peak memory of a run':<28} {peak:7.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
