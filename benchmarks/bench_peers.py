"""sopc beside the tools a team would pick instead, measured alternately in one run.

    python benchmarks/bench_peers.py [--count 1000] [--check-count 1000] [--rounds 3]
                                     [--peers FOLDER]

- **Site**: `sopc build --format html` of N generated SOPs, cold (no site, no
  `.sopc-cache/`), against `mkdocs build` of the same text written as Markdown
  pages (one page per SOP: its header, purpose, scope, steps table, exceptions,
  risks and revisions; mkdocs' own theme and search, as `mkdocs new` sets up).
  mkdocs draws no flowchart; sopc draws two per SOP (both directions, to choose).
- **Check**: `sopc check` of the same SOPs against `check-jsonschema` with
  sopc's published schema (`schemas/sop.schema.json`), which checks the shape
  only (no roles, flow or deadlines).

The peers are installed, pinned, into a throwaway virtual environment
(`--peers FOLDER` keeps one between runs). Each round runs sopc then the peer,
one after the other, so both see the same machine; medians and the ratio
sopc / peer are printed. Targets (issue 18, a 2-core machine): site build
<= 1.3x mkdocs, check of 1,000 SOPs <= 0.06x check-jsonschema.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_scale import timed
from benchmarks.generate import config_text, generate

ROOT = Path(__file__).resolve().parent.parent
PEERS = ("mkdocs==1.6.1", "check-jsonschema==0.39.0")
MKDOCS_YML = "site_name: 基准测试手册\nuse_directory_urls: false\n"


def peer_venv(folder: Path) -> Path:
    """A virtual environment with the pinned peers (made once per folder); its bin/."""
    bin_dir = folder / "bin"
    marker = folder / ".installed"
    if marker.exists() and marker.read_text() == " ".join(PEERS):
        return bin_dir
    venv.create(folder, with_pip=True, clear=True)
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--disable-pip-version-check", *PEERS], check=True)
    marker.write_text(" ".join(PEERS))
    return bin_dir


def role_names() -> dict[str, str]:
    roles = yaml.safe_load(config_text())["roles"]
    return {key: value["name"] for key, value in roles.items()}


def cell(value: Any) -> str:
    """A table cell: lists joined, mappings as `key: value`, pipes escaped."""
    if isinstance(value, list):
        text = "、".join(cell(item) for item in value)
    elif isinstance(value, dict):
        text = "；".join(f"{key}: {cell(item)}" for key, item in value.items())
    else:
        text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def sop_markdown(sop: dict[str, Any], names: dict[str, str]) -> str:
    """The SOP's text as a plain Markdown page: what sopc's page shows, without the chart."""

    def role(key: str) -> str:
        return names.get(key, key)

    lines = [
        f"# {sop['id']} {sop['title']}",
        "",
        "| 版本 | 状态 | 生效日期 | 负责人 | 部门 |",
        "| --- | --- | --- | --- | --- |",
        f"| {sop['version']} | {sop['status']} | {sop['effective_date']} | "
        f"{role(sop['owner'])} | {cell(sop['departments'])} |",
        "",
        "## 目的",
        "",
        sop["purpose"],
        "",
        "## 范围",
        "",
        f"从 {sop['scope']['start']} 到 {sop['scope']['end']}。",
        "",
        "## 流程步骤",
        "",
        "| 编号 | 步骤 | 角色 | 输出 | 标准 | 时限 | 下一步 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step in sop["steps"]:
        following = step.get("next") or [b["next"] for b in step.get("branches", [])]
        lines.append(
            f"| {step['id']} | {cell(step['title'])} | {role(step['role'])} | "
            f"{cell(step.get('outputs'))} | {cell(step.get('standard'))} | "
            f"{cell(step.get('time_limit'))} | {cell(following)} |"
        )
    lines += ["", "## 异常处理", ""]
    lines += [f"- {e['when']}：{e['action']}（{role(e['role'])}）" for e in sop["exceptions"]]
    lines += ["", "## 风险", ""]
    lines += [f"- {r['risk']}：{r['mitigation']}" for r in sop["risks"]]
    lines += ["", "## 修订记录", "", "| 版本 | 日期 | 作者 | 变更 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {r['version']} | {r['date']} | {r['author']} | {r['changes']} |"
        for r in sop["revisions"]
    ]
    return "\n".join(lines) + "\n"


def mkdocs_project(sops: Path, out: Path) -> Path:
    """The generated SOPs as an mkdocs project: one page each, an index listing them."""
    names = role_names()
    docs = out / "docs"
    docs.mkdir(parents=True)
    index = ["# 基准测试手册", ""]
    for path in sorted(sops.glob("*.sop.yaml")):
        sop = yaml.safe_load(path.read_text(encoding="utf-8"))
        (docs / f"{sop['id']}.md").write_text(sop_markdown(sop, names), encoding="utf-8")
        index.append(f"- [{sop['id']} {sop['title']}]({sop['id']}.md)")
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return out


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def line(label: str, ours: list[float], theirs: list[float], peer: str, target: float) -> str:
    a, b = statistics.median(ours), statistics.median(theirs)
    verdict = "ok" if a <= target * b else "SLOW"
    return (
        f"{label:<34} sopc {a:7.2f} s ({min(ours):.2f}-{max(ours):.2f})   "
        f"{peer} {b:7.2f} s ({min(theirs):.2f}-{max(theirs):.2f})   "
        f"ratio {a / b:.3f}x   target <= {target}x  [{verdict}]"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="SOPs in the site build")
    parser.add_argument("--check-count", type=int, default=1000, help="SOPs checked")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peers", type=Path, help="keep the peers' venv here")
    options = parser.parse_args()
    sopc = sopc_command()
    with tempfile.TemporaryDirectory(prefix="sopc-peers-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        peers = peer_venv(options.peers or folder / "peers")
        print(f"peers {' '.join(PEERS)} ready in {time.perf_counter() - started:.1f} s")
        results: list[str] = []
        if options.count:
            project = generate(options.count, folder / "site-project")
            pages = mkdocs_project(project / "sops", folder / "mkdocs-project")
            ours, theirs = [], []
            for _ in range(options.rounds):
                fresh(project / "site", project / ".sopc-cache")
                seconds, code = timed([*sopc, "build", str(project), "--format", "html"])
                assert code == 0, f"sopc build exited {code}"
                ours.append(seconds)
                fresh(pages / "site")
                mkdocs = [str(peers / "mkdocs"), "build", "--quiet", "-f"]
                seconds, code = timed([*mkdocs, str(pages / "mkdocs.yml")])
                assert code == 0, f"mkdocs build exited {code}"
                theirs.append(seconds)
            results.append(line(f"site, {options.count} SOPs, cold", ours, theirs, "mkdocs", 1.3))
        if options.check_count:
            project = generate(options.check_count, folder / "check-project")
            files = sorted(str(p) for p in (project / "sops").glob("*.sop.yaml"))
            schema = str(ROOT / "schemas" / "sop.schema.json")
            jsonschema = [str(peers / "check-jsonschema"), "--schemafile", schema, *files]
            ours, theirs = [], []
            for _ in range(options.rounds):
                seconds, code = timed([*sopc, "check", str(project)])
                assert code == 0, f"sopc check exited {code}"
                ours.append(seconds)
                seconds, code = timed(jsonschema)
                assert code == 0, f"check-jsonschema exited {code}"
                theirs.append(seconds)
            label = f"check, {options.check_count} SOPs"
            results.append(line(label, ours, theirs, "check-jsonschema", 0.06))
    print("\n".join(results))
    return 0  # a verdict, not a failure: `make bench` goes on to the next benchmark


if __name__ == "__main__":
    sys.exit(main())
