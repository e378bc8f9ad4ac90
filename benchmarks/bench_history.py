"""`sopc build --history` on a generated git repository: N SOPs, C commits.

    python benchmarks/bench_history.py [--count 500] [--commits 200]

The first commit adds every SOP; each later one changes one SOP's purpose
(a different SOP each time, round robin), as an edit in a pull request would.
Measured:
- cold: an empty `.sopc-cache` (every flowchart drawn, every pair of blobs compared);
- no-op: the same again (the build's fingerprint includes HEAD);
- one more commit: a new commit changes one SOP (flowcharts and history pairs cached).
Target (issue 6, a 2-core machine): cold < 30 s, warm < 3 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_scale import run_once
from benchmarks.generate import generate


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=b@example.com", *args],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip


def commit_change(root: Path, files: list[Path], number: int) -> None:
    path = files[number % len(files)]
    text = path.read_text(encoding="utf-8")
    marker = "purpose: 规范"
    assert marker in text, path
    path.write_text(text.replace(marker, f"purpose: 第{number}次修订：规范", 1), encoding="utf-8")
    git(root, "commit", "-qam", f"修订 {path.name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--commits", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopc-history-") as folder:
        root = generate(options.count, Path(folder) / "project")
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "all SOPs")
        files = sorted((root / "sops").glob("*.sop.yaml"))
        for number in range(1, options.commits):
            commit_change(root, files, number)
        out = Path(folder) / "site"
        build = [*sopc_command(), "build", str(root), "--history", "--format", "html"]
        build += ["--out", str(out)]
        shutil.rmtree(root / ".sopc-cache", ignore_errors=True)
        print(f"{options.count} SOPs, {options.commits} commits, {os.cpu_count()} cores")
        for label in ("cold", "no-op", "one more commit"):
            if label == "one more commit":
                commit_change(root, files, options.commits)
            seconds, peak, code = run_once(build)
            assert code == 0, f"{label}: exit {code}"
            print(f"{label:<16} {seconds:6.2f} s   peak {peak:6.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
