"""`sopc build` on N generated SOPs: cold (no cache), warm (flowcharts cached,
fresh output folder), no-op (nothing changed) and one SOP changed.

    python benchmarks/bench_build.py [--count 1000]

Target (issue 4, a 2-core machine): a no-op rebuild of 1,000 SOPs < 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_scale import run_once
from benchmarks.generate import generate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopc-build-") as folder:
        root = generate(options.count, Path(folder) / "project")
        build = [*sopc_command(), "build", str(root)]
        results = {"cold": run_once(build)}
        shutil.rmtree(root / "site")
        shutil.rmtree(root / ".sopc-cache" / "builds")
        results["warm (charts cached)"] = run_once(build)
        results["no-op"] = run_once(build)
        first = sorted((root / "sops").iterdir())[0]
        first.write_text(
            first.read_text(encoding="utf-8").replace("签字齐全", "签字齐全。"), encoding="utf-8"
        )
        results["one SOP changed"] = run_once(build)
    print(f"sopc build, {options.count} generated SOPs:")
    for label, (seconds, peak, code) in results.items():
        print(f"  {label:<22} {seconds:7.2f} s   peak {peak:6.0f} MiB   exit {code}")
    return 0 if all(code == 0 for _, _, code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
