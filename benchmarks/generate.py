"""Write N synthetic SOPs for benchmarks: 10–30 steps, cases, deadlines, decisions,
parallel splits, hand-offs and references to other SOPs, forms and exceptions.

    python benchmarks/generate.py 10000 /tmp/sops-10k [--seed 1]

The project checks clean (deadlines are generous), so a benchmark measures
the whole pipeline rather than the early exit of a broken file.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

DEPARTMENTS = ["CS", "QA", "FIN", "PUR", "HR", "IT", "OPS", "LOG"]
ROLE_NAMES = ["专员", "主管", "经理", "总监", "助理", "工程师"]
VERBS = [
    "登记",
    "审核",
    "复核",
    "确认",
    "执行",
    "通知",
    "归档",
    "评估",
    "检查",
    "汇总",
    "审批",
    "回访",
]
OBJECTS = ["申请", "投诉", "订单", "合同", "发票", "方案", "记录", "报告", "物料", "样品", "账目"]
LIMITS = ["10m", "30m", "1h", "2h", "4h", "4wh", "1wd", "2wd", "1d", "30分钟", "2小时", "1个工作日"]

CONFIG = """\
name: 基准测试手册
organization: 基准测试有限公司
language: zh-CN
sources: [sops]
id_pattern: '^[A-Z]{{2,5}}-\\d{{5}}$'
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours_per_day: 8
  holidays: [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]
  extra_workdays: [2026-10-10]
roles:
{roles}
forms:
{forms}
"""


def roles() -> list[str]:
    return [f"{d.lower()}-{i}" for d in DEPARTMENTS for i in range(len(ROLE_NAMES))]


def config_text() -> str:
    role_lines = [
        f"  {d.lower()}-{i}: {{name: {d}{name}, department: {d}部}}"
        for d in DEPARTMENTS
        for i, name in enumerate(ROLE_NAMES)
    ]
    form_lines = [f"  form-{i}: {{name: 表单{i}, retention: 3y}}" for i in range(20)]
    return CONFIG.format(roles="\n".join(role_lines), forms="\n".join(form_lines))


def sop_id(number: int) -> str:
    return f"{DEPARTMENTS[number % len(DEPARTMENTS)]}-{number:05d}"


def sop_text(number: int, total: int, rng: random.Random) -> tuple[str, str]:
    department = DEPARTMENTS[number % len(DEPARTMENTS)]
    this = sop_id(number)
    count = rng.randint(10, 30)
    neighbour = DEPARTMENTS[(number + 1) % len(DEPARTMENTS)]
    all_roles = [r for r in roles() if r.split("-")[0] in (department.lower(), neighbour.lower())]
    lines = [
        "# yaml-language-server: $schema=../schemas/sop.schema.json",
        f"id: {this}",
        f"title: {rng.choice(OBJECTS)}处理流程{number}",
        'version: "1.2"',
        "status: effective",
        "effective_date: 2026-03-01",
        "review: {interval: 1y, last: 2026-03-01}",
        f"owner: {rng.choice(all_roles)}",
        f"departments: [{department}部]",
        "approval:",
        "  author: {name: 张伟, date: 2026-02-10}",
        "  reviewer: {name: 李娜, date: 2026-02-20}",
        "  approver: {name: 王强, date: 2026-02-25}",
        f"purpose: 规范{rng.choice(OBJECTS)}处理，明确责任与时限。",
        "scope: {start: 收到申请, end: 归档完成}",
        "cases: {name: 级别, values: [一般, 重要, 紧急]}",
        "deadlines:",
        "  - {name: 首次响应, to: s1, within: 30d}",
        "  - {name: 闭环, from: s0, to: end, within: {一般: 365d, 重要: 300d, 紧急: 250d}}",
        "kpis:",
        '  - {name: 按期完成率, target: ">= 95%", measure: 每月统计}',
        "steps:",
    ]
    decision_at = rng.randrange(3, count - 4)
    parallel_at = decision_at + 1
    for i in range(count):
        lines += [
            f"  - id: s{i}",
            f"    title: {rng.choice(VERBS)}{rng.choice(OBJECTS)}",
            f"    role: {rng.choice(all_roles)}",
            f'    outputs: ["form:form-{rng.randrange(20)}", {rng.choice(OBJECTS)}记录]',
            "    standard: 信息完整、签字齐全",
        ]
        if i == 0:
            lines.append("    time_limit: 10m")
        elif i == decision_at:
            target = sop_id((number + 1) % total)
            lines += [
                "    decision: 是否需要转交？",
                "    branches:",
                f'      - {{when: 是, next: "sop:{target}"}}',
                f"      - {{when: 否, next: s{i + 1}}}",
                f"      - {{when: 退回, next: s{i - 2}}}",
            ]
        elif i == parallel_at:
            lines += [
                "    time_limit: {一般: 2wd, 重要: 1wd, 紧急: 4wh}",
                f"    next: [s{i + 1}, s{i + 2}]",
            ]
        elif i == parallel_at + 1:
            lines += [f"    time_limit: {rng.choice(LIMITS)}", f"    next: s{i + 2}"]
        else:
            lines.append(f"    time_limit: {rng.choice(LIMITS)}")
    lines += [
        "exceptions:",
        "  - {id: missing-info, when: 资料不全, steps: [s1], action: 退回补正并记录原因, "
        f"role: {rng.choice(all_roles)}, escalate_to: {rng.choice(all_roles)}, within: 1h}}",
        "risks:",
        "  - {risk: 信息遗漏, mitigation: 双人复核, steps: [s0]}",
        f'references: ["sop:{sop_id((number + 2) % total)}"]',
        "revisions:",
        '  - {version: "1.2", date: 2026-02-25, author: 张伟, changes: 调整时限}',
        '  - {version: "1.1", date: 2025-08-01, author: 张伟, changes: 初版}',
    ]
    return f"{this}-generated.sop.yaml", "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (out / "sops").mkdir(parents=True, exist_ok=True)
    (out / "sopc.yaml").write_text(config_text(), encoding="utf-8")
    for number in range(count):
        name, text = sop_text(number, count, rng)
        (out / "sops" / name).write_text(text, encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic SOPs.")
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    generate(options.count, options.out, options.seed)
    print(f"wrote {options.count} SOPs to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
