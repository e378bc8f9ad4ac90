"""`sopc build` and `sopc serve` on N generated SOPs (HTML): what an author waits for.

    python benchmarks/bench_build.py [--count 1000] [--saves 5] [--runs 3]

Builds, each a fresh `sopc build` process into the project's `site/`:
cold (an empty cache, which the build fills), warm (charts cached, a fresh output
folder), no-op (nothing changed),
one SOP's step title changed (its page and the pages over the whole manual change),
one SOP's title changed (the pages of the SOPs that name it change too); the last
three `--runs` times each (a new edit each time), their median.

`sopc serve` (one process, as an author keeps it running): after each of `--saves`
saves of a step title (then of an SOP title), the time from writing the file to the
first `built` event (the edited SOP's page is ready: the page reloads) and to the
last (the role index, the forms, the matrix and the search index too), read from
the server's event stream as a page's script reads it. Medians.

Targets (issue 14, this 2-core machine): a step title changed rebuilds in < 2 s;
save-to-reload in serve < 1 s; a no-op rebuild < 0.5 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_scale import run_once
from benchmarks.generate import generate

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def edit_step(path: Path, n: int) -> None:
    """A new title for the SOP's first step (`    title:` is a step's, `title:` the SOP's)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(    title: )", rf"\g<1>改{n}", text, count=1), encoding="utf-8")


def edit_title(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(title: )", rf"\g<1>新{n}", text, count=1), encoding="utf-8")


class Serve:
    """`sopc serve ROOT --port 0`, and a reader of its event stream."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [*sopc_command(), "serve", str(root), "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if found := URL.search(line):
                self.port = int(found.group(1))
                break
        else:
            raise SystemExit("sopc serve did not start")
        threading.Thread(target=self.process.stderr.read, daemon=True).start()
        self.events: list[tuple[float, dict[str, Any]]] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()
        time.sleep(0.5)

    def _listen(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", "/__sopc__/events")
        response = connection.getresponse()
        while line := response.fp.readline():
            if line.startswith(b"data: "):
                with self.arrived:
                    self.events.append((time.perf_counter(), json.loads(line[6:])))
                    self.arrived.notify_all()

    def save(self, change: Any, path: Path, n: int) -> tuple[float, float]:
        """Seconds from the save to the first and to the last event of its build."""
        seen = len(self.events)
        started = time.perf_counter()
        change(path, n)
        with self.arrived:
            self.arrived.wait_for(
                lambda: any(not e.get("early") for _, e in self.events[seen:]), timeout=120
            )
        mine = self.events[seen:]
        time.sleep(0.3)  # let the watcher settle before the next save
        return mine[0][0] - started, mine[-1][0] - started

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # as `kill` (SIGINT may be ignored here)
        self.process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="builds of each edit (median)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopc-build-") as folder:
        root = generate(options.count, Path(folder) / "project")
        first = sorted((root / "sops").iterdir())[0]
        build = [*sopc_command(), "build", str(root), "--format", "html"]
        results = {"cold (empty cache)": run_once(build)}
        shutil.rmtree(root / "site")
        for kept in ("builds", "session"):  # a build that has only the charts
            shutil.rmtree(root / ".sopc-cache" / kept)
        results["warm (charts cached)"] = run_once(build)
        spread: dict[str, list[float]] = {}
        for label, change in (
            ("no-op", None),
            ("a step title changed", edit_step),
            ("an SOP title changed", edit_title),
        ):
            runs = []
            for n in range(options.runs):
                if change is not None:
                    change(first, n)
                runs.append(run_once(build))
            spread[label] = [seconds for seconds, _, _ in runs]
            median = statistics.median(spread[label])
            results[label] = (median, max(peak for _, peak, _ in runs), max(c for *_, c in runs))
        print(f"sopc build --format html, {options.count} generated SOPs ({os.cpu_count()} cores):")
        for label, (seconds, peak, code) in results.items():
            times = spread.get(label, [seconds])
            among = f"  (median of {len(times)}: {min(times):.2f}–{max(times):.2f})"
            among = among if label in spread else ""
            print(f"  {label:<24} {seconds:7.2f} s   peak {peak:6.0f} MiB   exit {code}{among}")
        serve = Serve(root)
        try:
            serve.save(edit_step, first, 99)  # the session learns the project
            timings = {
                "a step title saved": [
                    serve.save(edit_step, first, n) for n in range(options.saves)
                ],
                "an SOP title saved": [
                    serve.save(edit_title, first, n) for n in range(options.saves)
                ],
            }
        finally:
            serve.stop()
        print(f"sopc serve, save → event, median of {options.saves}:")
        for label, pairs in timings.items():
            page = statistics.median(a for a, _ in pairs)
            manual = statistics.median(b for _, b in pairs)
            print(f"  {label:<24} its page {page:5.2f} s   every page {manual:5.2f} s")
    return 0 if all(code == 0 for _, _, code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
