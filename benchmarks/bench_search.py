"""The site's full-text search on N generated SOPs (or a project): the index's size,
the time to make it, and query times in headless Chromium on the real built site.

    python benchmarks/bench_search.py [--count 1000] [--project DIR] [--site DIR]
                                      [--queries generated|examples]
                                      [--runs 5] [--repeat 5] [--json]

Builds the project (`sopc build … --format html`; `--site` reuses a built one), then
opens its index page from file:// as a reader does, `--runs` times, and measures
each time: the page's DOMContentLoaded; the first query straight after the load,
before anything was prepared (cold); the same after a reload with the reader's
path, focusing the box (which prepares the index) and then typing; and every query
of the set `--repeat` times. A query's time runs from the input event to results
laid out (`getBoundingClientRect`), paint not included.

Budget (issue 12, a 2-core machine): for 1,000 SOPs the index is under 15 MB and a
query answers in under 100 ms.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.generate import generate

GENERATED_QUERIES = (
    "信息",  # in every step's standard: ~21,000 records
    "签字齐全",
    "审核",
    "审核 申请",
    "退回补正",
    "归档完成",
    "表单12",
    "记",  # one character
    "不存在的词",
    "fin-00042",
    "form",
    "qa",
    "zzz",
)
EXAMPLE_QUERIES = (
    "退款",
    "回访",
    "登记表",
    "客户",
    "退",
    "incident",
    "rollback",
    "p1",
    "change",
    "zzz",
)
QUERY = """
var input = document.getElementById("q"), list = document.getElementById("results");
var started = performance.now();
input.value = arguments[0];
input.dispatchEvent(new Event("input", {bubbles: true}));
list.getBoundingClientRect();
return [performance.now() - started, list.querySelectorAll("a.hit").length];
"""
FOCUS = """
var input = document.getElementById("q"), started = performance.now();
input.focus();
return performance.now() - started;
"""
LOADED = "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


def index_time(root: Path) -> float:
    """Seconds to make the index in-process, from the checked SOPs (not the check)."""
    from sopc.commands.check import check
    from sopc.render.search import search_script
    from sopc.render.site import Manual

    result = check([root], today=date.today(), keep_files=True)
    assert result.project is not None
    started = time.perf_counter()
    search_script(Manual.of(result.sources, result.project.config, date.today()))
    return time.perf_counter() - started


def index_stats(site: Path) -> dict[str, Any]:
    from sopc.render.search import load_index

    data = (site / "assets" / "search-index.js").read_bytes()
    index = load_index(data.decode("utf-8"))
    return {
        "bytes": len(data),
        "gzip_bytes": len(gzip.compress(data, 6)),
        "records": len(index["records"]),
        "keys": index["keys"].count("\n") + 1 if index["keys"] else 0,
        "postings_chars": len(index["postings"]),
        "text_chars": len(index["folded"]) + len(index["texts"]),
    }


def browse(site: Path, queries: tuple[str, ...], runs: int, repeat: int) -> dict[str, Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from tests.browser import FLAGS, chromium

    binary, driver_path = chromium()
    options = Options()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="sopc-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            return measure(driver, (site / "index.html").as_uri(), queries, runs, repeat)
        finally:
            driver.quit()


def measure(
    driver: Any, url: str, queries: tuple[str, ...], runs: int, repeat: int
) -> dict[str, Any]:
    driver.set_window_size(1400, 900)
    loaded, cold, focus, first = [], [], [], []
    times: dict[str, list[float]] = {query: [] for query in queries}
    hits: dict[str, int] = {}
    for _ in range(runs):
        driver.get(url)
        loaded.append(driver.execute_script(LOADED))
        cold.append(driver.execute_script(QUERY, queries[0])[0])
        driver.get(url)
        focus.append(driver.execute_script(FOCUS))
        first.append(driver.execute_script(QUERY, queries[0])[0])
        for _ in range(repeat):
            for query in queries:
                elapsed, count = driver.execute_script(QUERY, query)
                times[query].append(elapsed)
                hits[query] = count
    every = [t for series in times.values() for t in series]
    return {
        "page_loaded_ms": summary(loaded),
        "first_query_cold_ms": summary(cold),
        "focus_prepare_ms": summary(focus),
        "first_query_after_focus_ms": summary(first),
        "queries": {q: {**summary(times[q]), "links": hits[q]} for q in queries},
        "all_queries_ms": summary(every),
    }


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="generated SOPs")
    parser.add_argument("--project", type=Path, help="a project instead of generated SOPs")
    parser.add_argument("--site", type=Path, help="the project's built site (skips the build)")
    parser.add_argument("--runs", type=int, default=5, help="page loads")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the queries per load")
    parser.add_argument(
        "--queries",
        choices=("generated", "examples"),
        help="the query set (default: generated, or examples with --project)",
    )
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopc-search-") as folder:
        root = options.project or generate(options.count, Path(folder) / "project")
        site = options.site or Path(folder) / "site"
        report: dict[str, Any] = {"project": str(options.project or f"{options.count} generated")}
        if options.site is None:
            started = time.perf_counter()
            build = [*sopc_command(), "build", str(root), "--out", str(site), "--format", "html"]
            subprocess.run(build, check=True, capture_output=True)
            report["build_s"] = round(time.perf_counter() - started, 1)
        report["index_build_s"] = round(index_time(root), 2)
        report["index"] = index_stats(site)
        kind = options.queries or ("examples" if options.project else "generated")
        queries = EXAMPLE_QUERIES if kind == "examples" else GENERATED_QUERIES
        report.update(browse(site, queries, options.runs, options.repeat))
        report["load_average"] = [round(load, 2) for load in os.getloadavg()]
    if options.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0


def print_report(report: dict[str, Any]) -> None:
    index = report["index"]
    print(f"project: {report['project']}")
    if "build_s" in report:
        print(f"sopc build --format html: {report['build_s']} s")
    print(
        f"index: {index['bytes']:,} bytes ({index['gzip_bytes']:,} gzipped), "
        f"{index['records']:,} records, {index['keys']:,} keys; made in {report['index_build_s']} s"
    )
    for name in (
        "page_loaded_ms",
        "first_query_cold_ms",
        "focus_prepare_ms",
        "first_query_after_focus_ms",
    ):
        value = report[name]
        print(f"{name}: median {value['median']} ms, max {value['max']} ms")
    for query, value in report["queries"].items():
        print(f"  {query!r}: median {value['median']} ms, max {value['max']} ms")
    value = report["all_queries_ms"]
    print(f"all queries: median {value['median']} ms, max {value['max']} ms")
    print(f"load average after (1, 5, 15 min): {report['load_average']}")


if __name__ == "__main__":
    sys.exit(main())
