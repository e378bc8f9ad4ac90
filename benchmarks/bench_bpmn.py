"""BPMN export of N generated SOPs: `sopc build --format bpmn`, cold (no cache) and
warm (one SOP's step title changed, the others from .sopc-cache/), beside the
site's flowcharts (`sopc build --format html`, cold), which run the same Graphviz.

    python benchmarks/bench_bpmn.py [--count 1000] [--json]

No tool exports SOPs to BPMN, so the reference is sopc's own cold HTML build of
the same SOPs (pages and one swimlane chart each): the ratio says what the BPMN
files cost on top of the manual. Each run also reports ms per SOP and the
largest process's resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_documents import run_tree
from benchmarks.generate import generate


def _edit(root: Path) -> None:
    """Give the first SOP's first step a new title."""
    first = sorted((root / "sops").glob("*.sop.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("title: ", "title: 改过的", 2), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="generated SOPs")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    report: dict[str, Any] = {"sops": options.count, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="sopc-bpmn-") as folder:
        root = generate(options.count, Path(folder) / "project")
        sopc = [*sopc_command(), "build", str(root)]
        runs = {
            "html_cold": [*sopc, "--format", "html", "--no-cache", "--out", f"{folder}/html"],
            "bpmn_cold": [*sopc, "--format", "bpmn", "--out", f"{folder}/bpmn"],
            "bpmn_warm": [*sopc, "--format", "bpmn", "--out", f"{folder}/bpmn"],
        }
        for name, command in runs.items():
            if name == "bpmn_warm":
                _edit(root)
            run = run_tree(command)
            if run.exit:
                print(f"{name}: exit {run.exit}", file=sys.stderr)
                return 1
            report[name] = {
                "s": round(run.seconds, 1),
                "ms_per_sop": round(run.seconds * 1000 / options.count, 1),
                "largest_mib": round(run.largest_mib),
            }
        report["bpmn_cold_vs_html_cold"] = round(
            report["bpmn_cold"]["s"] / report["html_cold"]["s"], 2
        )
        report["load_average"] = [round(load, 2) for load in os.getloadavg()]
    if options.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
