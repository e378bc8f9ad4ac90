"""`sopc build` of the PDF manual and Word files on N generated SOPs: cold and warm
wall time, PDF pages, ms per page or file, peak memory, one worker vs all cores.

    python benchmarks/bench_documents.py [--count 100] [--repeat 1] [--json]
    python benchmarks/bench_documents.py --scale 100,300,1000 [--bare-max 300] [--json]

Measures, each the median of --repeat runs into a fresh output folder:
html cold (--no-cache, for reference); pdf cold (pages from `pdfinfo`, ms per
page); docx cold with --jobs 1 and with all cores (ms per file); html,pdf,docx
cold (empty .sopc-cache, which the build fills) and then warm (one SOP gets a
step note, rebuilt into the same folder with the cache); and per-SOP PDFs
(`build: {pdf_per_sop: true}`) cold with --jobs 1 and with all cores, which
shows whether the parallel workers pay. A cold 100-SOP PDF takes about a minute.

The scaling run (--scale, SOP counts) builds for each count the PDF manual cold
(a first build into a fresh folder, which fills .sopc-cache: seconds, pages, MiB
of PDF per page, peak resident memory of the largest process and of all the
build's processes together, sampled from /proc every 50 ms; shared pages count
once per process, as RSS does), then warm (step s0 of the first SOP gets a new
title), then "bare WeasyPrint": one subprocess writes the manual as one HTML
document (`PrintDocuments.one_document` of sopc.render.pdf), another only runs
`weasyprint.HTML(filename=...).write_pdf()`, measured alike; above --bare-max
SOPs that is skipped and its memory estimated from the largest bare run (MiB per
page × pages). Acceptance: time(1000) / time(300) ≤ 3.6, largest process(1000) /
(300) ≤ 1.2, no sopc process > 1.5 GiB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.generate import generate

PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20
HTML_SCRIPT = """\
import sys
from datetime import date
from pathlib import Path
from sopc.commands.check import check
from sopc.render.charts import draw_flowcharts
from sopc.render.pdf import PrintDocuments
from sopc.render.site import Manual
root, target = Path(sys.argv[1]), Path(sys.argv[2])
today = date(2026, 11, 20)
checked = check([root], today=today, keep_files=True)
manual = Manual.of(checked.sources, checked.project.config, today, None)
charts = draw_flowcharts(manual, None, None, screen=False, paper=True, word=False)
html = PrintDocuments(manual, charts.paper, None).one_document()
target.write_text(html, encoding="utf-8")
"""
WEASYPRINT_SCRIPT = (
    "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
)
TIME_RATIO, PEAK_RATIO, LARGEST_MIB = 3.6, 1.2, 1.5 * 1024  # acceptance of --scale
BUILDS = ("cold", "warm")  # the sopc builds of one count in --scale


class Run(NamedTuple):
    seconds: float
    peak_mib: float  # all processes of the tree together
    exit: int
    largest_mib: float  # the largest single process
    own_mib: float  # the command's own process (sopc's: the build, not its workers)


def process_table() -> dict[int, tuple[int, float]]:
    """Every process: pid → (parent pid, resident MiB), from /proc/<pid>/stat."""
    table: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as file:
                    stat = file.read()
            except OSError:
                continue  # it ended meanwhile
            fields = stat[stat.rindex(b")") + 2 :].split()  # from field 3, state
            table[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE_MIB)
    return table


def tree_rss_mib(root_pid: int) -> tuple[float, float, float]:
    """Resident MiB of the largest process among `root_pid` and its descendants, of
    them all together, and of `root_pid` itself."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    sizes, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        if pid in table:
            sizes.append(table[pid][1])
        stack.extend(children.get(pid, []))
    own = table[root_pid][1] if root_pid in table else 0.0
    return max(sizes, default=0.0), sum(sizes), own


def run_tree(command: list[str], every: float = 0.05) -> Run:
    """Run `command`, timed, sampling its process tree's memory `every` seconds; a
    failure's last lines of stderr go to stderr."""
    largest = total = own = 0.0
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        while process.poll() is None:
            one, together, itself = tree_rss_mib(process.pid)
            largest, total, own = max(largest, one), max(total, together), max(own, itself)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=every)
        seconds = time.perf_counter() - started
        if process.returncode:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").splitlines()[-6:]
            shown = " ".join("SCRIPT" if "\n" in part else part for part in command)
            print(f"exit {process.returncode}: {shown}", *tail, sep="\n  ", file=sys.stderr)
    return Run(seconds, total, process.returncode, largest, own)


def build(root: Path, out: Path, formats: str, *options: str) -> Run:
    """One `sopc build` into `out`, timed, with its peak memory."""
    return run_tree(
        [*sopc_command(), "build", str(root), "--out", str(out), "--format", formats, *options]
    )


def cold(root: Path, out: Path, formats: str, *options: str) -> Run:
    """A build into a fresh output folder."""
    shutil.rmtree(out, ignore_errors=True)
    return build(root, out, formats, *options)


def median_of(runs: list[Run]) -> dict[str, Any]:
    return {
        "seconds": statistics.median(run.seconds for run in runs),
        "peak_mib": max(run.peak_mib for run in runs),
        "exit": next((run.exit for run in runs if run.exit != 0), 0),
    }


def manual_pdf(out: Path) -> Path:
    pdfs = sorted(out.glob("*.pdf"))
    if len(pdfs) != 1:
        raise SystemExit(f"expected one PDF manual in {out}, found {len(pdfs)}")
    return pdfs[0]


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    raise SystemExit(f"pdfinfo printed no Pages: for {pdf}")


def cjk_fonts(pdf: Path) -> list[str]:
    """The `pdffonts` lines of the Noto Sans CJK fonts (the "emb" column says embedded)."""
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line for line in fonts.stdout.splitlines() if "Noto-Sans-CJK" in line]


def change_one_sop(sop: Path, original: str, run: int) -> None:
    """Give step s0 a note: a real content change that still checks clean."""
    note = f"    notes: [第{run + 1}次修订：核对附件编号]\n"
    sop.write_text(original.replace("\n  - id: s1\n", f"\n{note}  - id: s1\n", 1), encoding="utf-8")


def measure(count: int, repeat: int, work: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    root = generate(count, work / "project")
    out = work / "out"
    results: dict[str, dict[str, Any]] = {}

    results["html cold"] = median_of([cold(root, out, "html", "--no-cache") for _ in range(repeat)])

    runs: list[Run] = []
    pages = 0
    for _ in range(repeat):
        runs.append(cold(root, out, "pdf", "--no-cache"))
        pages = pdf_pages(manual_pdf(out))
    fonts = cjk_fonts(manual_pdf(out))
    results["pdf cold"] = median_of(runs) | {"pages": pages}
    results["pdf cold"]["ms_per_page"] = results["pdf cold"]["seconds"] * 1000 / pages

    for label, jobs in (("docx cold, --jobs 1", ["--jobs", "1"]), ("docx cold, all cores", [])):
        runs = [cold(root, out, "docx", "--no-cache", *jobs) for _ in range(repeat)]
        files = len(list((out / "docx").glob("*.docx")))
        results[label] = median_of(runs) | {"files": files}
        results[label]["ms_per_file"] = results[label]["seconds"] * 1000 / files

    sop, original = first_sop(root)
    if "\n  - id: s1\n" not in original:
        raise SystemExit(f"{sop} has no step s1 to put a note before")
    cold_runs: list[Run] = []
    warm_runs: list[Run] = []
    for run in range(repeat):
        shutil.rmtree(root / ".sopc-cache", ignore_errors=True)
        cold_runs.append(cold(root, out, "html,pdf,docx"))
        change_one_sop(sop, original, run)
        warm_runs.append(build(root, out, "html,pdf,docx"))
    sop.write_text(original, encoding="utf-8")
    results["all cold"] = median_of(cold_runs)
    results["all warm, one SOP changed"] = median_of(warm_runs)

    config = root / "sopc.yaml"
    text = config.read_text(encoding="utf-8")
    if "\nbuild:" in text:
        raise SystemExit(f"{config} already has a build: section; merge pdf_per_sop by hand")
    config.write_text(text + "build: {pdf_per_sop: true}\n", encoding="utf-8")
    for label, jobs in (
        ("per-SOP pdf cold, --jobs 1", ["--jobs", "1"]),
        ("per-SOP pdf cold, all cores", []),
    ):
        runs = [cold(root, out, "pdf", "--no-cache", *jobs) for _ in range(repeat)]
        results[label] = median_of(runs) | {"files": len(list((out / "pdf").glob("*.pdf"))) + 1}
    return results, fonts


def first_sop(root: Path) -> tuple[Path, str]:
    """The first SOP file of a generated project, and its text."""
    sop = sorted((root / "sops").iterdir())[0]
    return sop, sop.read_text(encoding="utf-8")


def retitle_one_step(sop: Path, original: str) -> None:
    """Give step s0 a new title (no generated title reads so): still checks clean."""
    text, found = re.subn(
        r"(\n  - id: s0\n    title: ).*\n", r"\g<1>核对并登记原始单据\n", original, count=1
    )
    if not found:
        raise SystemExit(f"{sop} has no step s0 with a title to change")
    sop.write_text(text, encoding="utf-8")


def facts(run: Run, pdf: Path | None = None) -> dict[str, Any]:
    """A run, and the pages and MiB per page of the PDF it wrote (0 without one)."""
    pages = pdf_pages(pdf) if pdf and run.exit == 0 else 0
    per_page = pdf.stat().st_size / 2**20 / pages if pdf and pages else 0.0
    return run._asdict() | {"pages": pages, "mib_per_page": per_page}


def built(run: Run, out: Path) -> dict[str, Any]:
    """A `sopc build --format pdf` run and its PDF manual."""
    return facts(run, manual_pdf(out) if run.exit == 0 else None)


def bare_weasyprint(root: Path, work: Path) -> dict[str, Any]:
    """The manual as one HTML document (one subprocess), laid out by WeasyPrint alone
    (another, measured)."""
    html, pdf = work / "manual.html", work / "bare.pdf"
    prepared = run_tree([sys.executable, "-c", HTML_SCRIPT, str(root), str(html)])
    if prepared.exit != 0:
        return facts(prepared) | {"html_seconds": prepared.seconds}
    laid_out = run_tree([sys.executable, "-c", WEASYPRINT_SCRIPT, str(html), str(pdf)])
    return facts(laid_out, pdf) | {"html_seconds": prepared.seconds}


def scale_one(count: int, work: Path, bare: bool) -> dict[str, Any]:
    """One count of the scaling run: sopc cold, warm, and bare WeasyPrint if `bare`."""
    root = generate(count, work / "project")
    out = work / "out"
    result: dict[str, Any] = {"count": count}
    result["cold"] = built(cold(root, out, "pdf"), out)  # a first build: it fills the cache
    sop, original = first_sop(root)
    retitle_one_step(sop, original)
    result["warm"] = built(build(root, out, "pdf"), out)
    sop.write_text(original, encoding="utf-8")
    result["warm_over_cold"] = result["warm"]["seconds"] / result["cold"]["seconds"]
    if bare:
        result["bare"] = bare_weasyprint(root, work)
        if result["bare"]["exit"] == 0:
            result["sopc_over_bare"] = result["cold"]["seconds"] / result["bare"]["seconds"]
    return result


def scale(counts: list[int], bare_max: int, work: Path) -> list[dict[str, Any]]:
    """The scaling run, counts ascending; a skipped bare run's memory is estimated
    from the largest measured one: its peak MiB per page × this count's pages."""
    results: list[dict[str, Any]] = []
    per_page = 0.0
    for count in counts:
        result = scale_one(count, work / str(count), bare=count <= bare_max)
        bare = result.get("bare")
        if bare is not None and bare["pages"]:
            per_page = bare["largest_mib"] / bare["pages"]
        elif bare is None and per_page and result["cold"]["pages"]:
            result["bare_estimate_gib"] = per_page * result["cold"]["pages"] / 1024
        shutil.rmtree(work / str(count), ignore_errors=True)
        results.append(result)
    return results


def checks(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The acceptance checks of the scaling run (a ratio is None without both counts)."""
    by_count = {result["count"]: result["cold"] for result in results}
    time_ratio = peak_ratio = None
    if 300 in by_count and 1000 in by_count:
        time_ratio = by_count[1000]["seconds"] / by_count[300]["seconds"]
        peak_ratio = by_count[1000]["largest_mib"] / by_count[300]["largest_mib"]
    largest = max(result[name]["largest_mib"] for result in results for name in BUILDS)
    return {
        "time_1000_over_300": time_ratio,
        "time_ok": None if time_ratio is None else time_ratio <= TIME_RATIO,
        "peak_largest_1000_over_300": peak_ratio,
        "peak_ok": None if peak_ratio is None else peak_ratio <= PEAK_RATIO,
        "largest_process_mib": largest,
        "largest_ok": largest <= LARGEST_MIB,
    }


def print_scale(results: list[dict[str, Any]], verdicts: dict[str, Any]) -> None:
    print(f"sopc build --format pdf, scaling run, {os.cpu_count()} cores:")
    print(
        f"  {'N':>5} {'cold s':>8} {'pages':>6} {'largest':>8} {'own':>5} {'all MiB':>8} "
        f"{'warm s':>7} "
        f"{'warm/cold':>9} {'bare s':>7} {'bare MiB':>8} {'sopc/bare':>9}"
    )
    for result in results:
        sopc, bare = result["cold"], result.get("bare")
        if bare is not None and bare["exit"] == 0:
            columns = f"{bare['seconds']:7.2f} {bare['largest_mib']:8.0f} "
            columns += f"{result['sopc_over_bare']:9.2f}"
        elif bare is not None:
            columns = f"failed (exit {bare['exit']})"
        elif "bare_estimate_gib" in result:
            columns = f"skipped (would need ≈ {result['bare_estimate_gib']:.1f} GiB)"
        else:
            columns = "skipped (no bare run to estimate from)"
        failed = [name for name in BUILDS if result[name]["exit"]]
        print(
            f"  {result['count']:>5} {sopc['seconds']:8.2f} {sopc['pages']:>6} "
            f"{sopc['largest_mib']:8.0f} {sopc['own_mib']:5.0f} {sopc['peak_mib']:8.0f} "
            f"{result['warm']['seconds']:7.2f} {result['warm_over_cold']:9.2f} {columns}"
            + (f"   FAILED: {', '.join(failed)}" if failed else "")
        )
    for label, key, limit in (
        ("time(1000)/time(300)", "time_1000_over_300", TIME_RATIO),
        ("peak largest(1000)/peak largest(300)", "peak_largest_1000_over_300", PEAK_RATIO),
    ):
        value = verdicts[key]
        shown = (
            "not run" if value is None else f"{value:.2f}, {'ok' if value <= limit else 'FAILS'}"
        )
        print(f"  {label} (acceptance ≤ {limit}): {shown}")
    answer = "yes" if verdicts["largest_ok"] else "no"
    print(f"  largest process ≤ 1.5 GiB: {answer} ({verdicts['largest_process_mib']:.0f} MiB)")


def main_scale(counts: list[int], bare_max: int, as_json: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="sopc-scale-") as folder:
        results = scale(counts, bare_max, Path(folder))
    verdicts = checks(results)
    if as_json:
        summary = {"counts": counts, "bare_max": bare_max, "cores": os.cpu_count()}
        print(json.dumps(summary | {"results": results, "checks": verdicts}, indent=2))
    else:
        print_scale(results, verdicts)
    runs = [result[name] for result in results for name in (*BUILDS, "bare") if name in result]
    return 1 if any(run["exit"] != 0 for run in runs) else 0


def sop_counts(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="Print a JSON object instead.")
    parser.add_argument("--scale", type=sop_counts, help="The scaling run: SOP counts, 100,300")
    parser.add_argument("--bare-max", type=int, default=300, help="Bare WeasyPrint up to N SOPs.")
    options = parser.parse_args()
    if options.scale:
        return main_scale(options.scale, options.bare_max, options.json)
    with tempfile.TemporaryDirectory(prefix="sopc-documents-") as folder:
        results, fonts = measure(options.count, options.repeat, Path(folder))
    failed = any(result["exit"] != 0 for result in results.values())
    if options.json:
        summary = {"count": options.count, "repeat": options.repeat, "cores": os.cpu_count()}
        print(json.dumps(summary | {"results": results, "pdf_cjk_fonts": fonts}, indent=2))
        return 1 if failed else 0
    print(
        f"sopc build, {options.count} generated SOPs, median of {options.repeat} run(s), "
        f"{os.cpu_count()} cores:"
    )
    for label, result in results.items():
        extra = ""
        if "pages" in result:
            extra = f"   {result['pages']} pages, {result['ms_per_page']:.0f} ms/page"
        elif "ms_per_file" in result:
            extra = f"   {result['files']} files, {result['ms_per_file']:.0f} ms/file"
        elif "files" in result:
            extra = f"   {result['files']} PDFs"
        print(
            f"  {label:<28} {result['seconds']:7.2f} s   peak {result['peak_mib']:6.0f} MiB   "
            f"exit {result['exit']}{extra}"
        )
    for line in fonts or ["NONE"]:
        print(f"  CJK font in the PDF: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
