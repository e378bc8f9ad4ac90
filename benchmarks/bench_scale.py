"""`sopc check` on N generated SOPs: median wall time and peak memory of the process tree.

    python benchmarks/bench_scale.py [--count 10000] [--runs 3]

Targets on a 2-core machine: 10,000 SOPs in < 15 s (issue 3); in < 8 s with every
process together under 1 GiB (issue 18). The SOPs come from benchmarks/generate.py
(10–30 steps, cases, deadlines, decisions, parallel splits, cross-references) and
check clean. The timed runs are left alone; memory comes from one more run, sampled
from /proc every 20 ms over sopc and its worker processes together: the sampler reads
every process's status and takes CPU from the check (about 0.6 s of 8 when it ran
in the timed runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.generate import generate


def tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(
                line.split(":", 1)
                for line in (entry / "status").read_text().splitlines()
                if ":" in line
            )
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def timed(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - started, code


def run_once(command: list[str]) -> tuple[float, float, int]:
    """Wall time, peak memory of the tree and exit code of one run, sampled as it goes
    (the sampler's CPU counts in the time: see the module's docstring)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mib(process.pid))
        time.sleep(0.02)
    return time.perf_counter() - started, peak, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopc-bench-") as folder:
        started = time.perf_counter()
        root = generate(options.count, Path(folder) / "project")
        print(f"generated {options.count} SOPs in {time.perf_counter() - started:.1f} s")
        command = [*sopc_command(), "check", str(root)]
        results = [timed(command) for _ in range(options.runs)]
        _, peak, last = run_once(command)  # memory: one more run, sampled
    times = [seconds for seconds, _ in results]
    codes = {code for _, code in results} | {last}
    print(
        f"sopc check, {options.count} SOPs: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {options.runs} runs), "
        f"peak memory {peak:.0f} MiB (one more run, sampled), exit codes {sorted(codes)}"
    )
    return 0 if codes == {0} else 1


if __name__ == "__main__":
    sys.exit(main())
