"""`sopc import` of Word and Excel SOPs, beside what a user would script instead.

    python benchmarks/bench_import.py [--steps 500] [--repeat 3] [--json]

Three measurements, each in processes of their own, with the largest process's
resident memory:

- the examples' Word files (`sopc build --format docx`), imported with `--dry-run`
  (read, map, check) beside a bare python-docx script that only reads every
  paragraph's and cell's text of the same files: the ratio is what sopc's mapping
  and checking cost over reading;
- one Word file of `--steps` seed rows, the same two ways;
- hostile files (a zip bomb, a 10,000-row sheet, a 1,000-column Word table, an old
  .doc), each refused: seconds and MiB per file (the issue's bound: 5 s, 300 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_check import sopc_command
from benchmarks.bench_documents import Run, run_tree

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BARE = """
import sys, docx
for path in sys.argv[1:]:
    document = docx.Document(path)
    text = [p.text for p in document.paragraphs]
    text += [c.text for t in document.tables for r in t.rows for c in r.cells]
"""
HEAD = ("流程步骤", "操作说明", "责任部门/岗位", "时间要求", "输出成果", "关键控制点")
ROW = ("{n}.投诉接收", "客服人员记录投诉内容", "客服部/客服专员", "接收后30分钟内",
       "《客户投诉登记表》", "保证信息完整")  # fmt: skip


def seed_docx(path: Path, steps: int) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("客户投诉处理流程", 0)
    document.add_paragraph("文件编号：CS-900    版本：V1.0")
    table = document.add_table(rows=1, cols=len(ROW))
    for cell, text in zip(table.rows[0].cells, HEAD, strict=True):
        cell.text = text
    for n in range(1, steps + 1):
        for cell, text in zip(table.add_row().cells, ROW, strict=True):
            cell.text = text.format(n=n)
    document.save(str(path))
    return path


def hostile(folder: Path) -> dict[str, Path]:
    import openpyxl

    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(b"\0" * (1 << 20))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("步骤")
    for n in range(10_000):
        sheet.append([f"{n}.接收", "登记", "客服部/客服专员", "1小时"])
    book.save(str(folder / "rows.xlsx"))
    wide = seed_docx(folder / "wide.docx", 1)
    import docx

    document = docx.Document(str(wide))
    document.add_table(rows=2, cols=1000)
    document.save(str(wide))
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    return {p.name: p for p in (bomb, folder / "rows.xlsx", wide, folder / "old.doc")}


def median(command: list[str], repeat: int) -> Run:
    """The run of median time of `repeat` runs, the two tools taking turns."""
    runs = sorted((run_tree(command) for _ in range(repeat)), key=lambda run: run.seconds)
    return runs[len(runs) // 2]


def shown(run: Run, files: int = 1) -> dict[str, Any]:
    return {"s": round(run.seconds, 2), "ms_per_file": round(run.seconds * 1000 / files),
            "largest_mib": round(run.largest_mib), "exit": run.exit}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=500, help="rows of the large Word file")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the median shown")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    report: dict[str, Any] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="sopc-import-") as name:
        folder = Path(name)
        project = folder / "project"
        shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
        built = run_tree([*sopc_command(), "build", str(project), "--format", "docx",
                          "--out", str(folder / "site")])  # fmt: skip
        if built.exit:
            return 1
        for path in (project / "sops").iterdir():
            path.unlink()
        words = sorted(str(p) for p in (folder / "site" / "docx").glob("*.docx"))
        large = str(seed_docx(folder / "large.docx", options.steps))
        python = sys.executable
        for label, files in (("examples", words), ("large", [large])):
            ours = median([*sopc_command(), "import", *files, "--dry-run", "--out",
                           str(project / "sops")], options.repeat)  # fmt: skip
            bare = median([python, "-c", BARE, *files], options.repeat)
            report[label] = {"files": len(files), "sopc_import": shown(ours, len(files)),
                             "bare_python_docx": shown(bare, len(files)),
                             "ratio": round(ours.seconds / bare.seconds, 2)}  # fmt: skip
        report["hostile"] = {
            file: shown(run_tree([*sopc_command(), "import", str(path), "--out", f"{name}/x"]))
            for file, path in hostile(folder).items()
        }
    if options.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for label in ("examples", "large"):
        row = report[label]
        print(f"{label}: {row['files']} file(s): sopc import --dry-run {row['sopc_import']['s']} s "
              f"({row['sopc_import']['largest_mib']} MiB), bare python-docx "
              f"{row['bare_python_docx']['s']} s: {row['ratio']}x")  # fmt: skip
    for file, row in report["hostile"].items():
        print(f"hostile {file}: exit {row['exit']} in {row['s']} s, {row['largest_mib']} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
