"""`sopc build` of the PDF manual and Word files on N generated SOPs: cold and warm
wall time, PDF pages, ms per page or file, peak memory, one worker vs all cores.

    python benchmarks/bench_documents.py [--count 100] [--repeat 1] [--json]

Measures, each the median of --repeat runs into a fresh output folder:
html cold (--no-cache, for reference); pdf cold (pages from `pdfinfo`, ms per
page); docx cold with --jobs 1 and with all cores (ms per file); html,pdf,docx
cold (empty .sopc-cache, which the build fills) and then warm (one SOP gets a
step note, rebuilt into the same folder with the cache); and per-SOP PDFs
(`build: {pdf_per_sop: true}`) cold with --jobs 1 and with all cores, which
shows whether the parallel workers pay. A cold 100-SOP PDF takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_scale import run_once
from benchmarks.generate import generate

Run = tuple[float, float, int]  # wall seconds, peak MiB, exit code


def build(root: Path, out: Path, formats: str, *options: str) -> Run:
    """One `sopc build` into `out`, timed, with its peak memory."""
    return run_once(
        [*sopc_command(), "build", str(root), "--out", str(out), "--format", formats, *options]
    )


def cold(root: Path, out: Path, formats: str, *options: str) -> Run:
    """A build into a fresh output folder."""
    shutil.rmtree(out, ignore_errors=True)
    return build(root, out, formats, *options)


def median_of(runs: list[Run]) -> dict[str, Any]:
    return {
        "seconds": statistics.median(seconds for seconds, _, _ in runs),
        "peak_mib": max(peak for _, peak, _ in runs),
        "exit": next((code for _, _, code in runs if code != 0), 0),
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

    sop = sorted((root / "sops").iterdir())[0]
    original = sop.read_text(encoding="utf-8")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="Print a JSON object instead.")
    options = parser.parse_args()
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
