"""The BPMN tests' corpus: every example SOP and a generated 40-step SOP (decisions, a
loop, a parallel split and join, hand-offs, exceptions at some steps and at any step,
calendar, working and per-case time limits, a Chinese role id), exported through
`sopc build --format bpmn` once per test process; and helpers to read them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.bpmn_clients import NS
from tests.conftest import CONFIG, FIN_SOP, sopc, write

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
FLOW_NODES = (
    "startEvent",
    "endEvent",
    "userTask",
    "exclusiveGateway",
    "parallelGateway",
    "callActivity",
    "boundaryEvent",
    "subProcess",
)

GENERATED_CONFIG = CONFIG.replace(
    "forms:",
    "  质检员: {name: 质检员, department: 品控部}\n"
    "  qa-lead: {name: 品控主管, department: 品控部}\n"
    "  finance: {name: 财务专员, department: 财务部}\nforms:",
)


BOTTOM_LANE = """\
id: LOW-001
title: 底部泳道的异常
version: "1.0"
status: draft
owner: cs-manager
purpose: 异常在最下面的泳道发生并处理。
scope: 登记到回复
steps:
  - {id: a, title: 登记, role: cs-agent}
  - {id: b, title: 审核, role: cs-manager}
  - {id: c, title: 回复, role: cs-agent}
exceptions:
  - {id: x, when: 客户拒绝, steps: [b], action: 协调, role: cs-manager}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""


def forty_steps() -> str:
    """An SOP of 40 steps over six roles, with every shape the export knows."""
    roles = ["cs-agent", "cs-manager", "质检员", "qa-lead", "finance", "ops-director"]
    limits = {
        1: "10m",
        2: "2h",
        3: "1wd",
        5: "{一般: 1d, 重大: 2d}",
        6: "1.5h",
        7: "接收后30分钟内",
    }
    lines = [
        "id: GEN-040",
        "title: 生成的四十步流程",
        'version: "1.0"',
        "status: draft",
        "owner: cs-manager",
        "purpose: 覆盖 BPMN 导出的每一种形状。",
        "scope: 从受理到归档",
        "cases: {name: 严重程度, values: [一般, 重大]}",
        "steps:",
    ]
    for i in range(1, 41):
        lines += [f"  - id: s{i}", f"    title: 第{i}步处理并记录结果", f"    role: {roles[i % 6]}"]
        if i in limits:
            lines.append(f"    time_limit: {limits[i]}")
        if i == 8:  # a decision with a loop back
            lines += ["    decision: 是否通过？", "    branches:"]
            lines += ["      - {when: 是, next: s9}", "      - {when: 否, next: s5}"]
        elif i == 12:  # a parallel split, joined at s15
            lines.append("    next: [s13, s14]")
        elif i == 13:
            lines.append("    next: s15")
        elif i == 16:  # a decision that skips ahead
            lines += ["    decision: 是否需要复核？", "    branches:"]
            lines += ["      - {when: 需要, next: s17}", "      - {when: 不需要, next: s19}"]
        elif i == 24:  # a decision that hands off to another SOP
            lines += ["    decision: 是否退款？", "    branches:"]
            lines += ['      - {when: 是, next: "sop:FIN-003"}', "      - {when: 否, next: s25}"]
    lines += [
        "exceptions:",
        "  - {id: broken, when: 样品损坏, steps: [s3, s9], action: 重新取样, role: 质检员,"
        " escalate_to: qa-lead, within: 2h}",
        "  - {id: outage, when: 系统停机, action: 切换到纸质记录, role: ops-director}",
        "  - {when: 客户撤回申请, steps: [s20], action: 关闭申请并通知相关人员, role: cs-agent}",
        "revisions:",
        '  - {version: "1.0", date: 2026-01-01}',
    ]
    return "\n".join(lines) + "\n"


def build(root: Path, out: Path, formats: str = "bpmn") -> None:
    run = sopc("build", str(root), "--format", formats, "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the 40-step SOP, the SOP it hands off to, and a small one whose
    exception arises and is handled in the bottom lane (its flow has to turn inside
    the pool), built to HTML and BPMN."""
    root = tmp_path_factory.mktemp("generated")
    write(root, "sopc.yaml", GENERATED_CONFIG)
    write(root, "sops/GEN-040-generated.sop.yaml", forty_steps())
    write(root, "sops/FIN-003-refund.sop.yaml", FIN_SOP)
    write(root, "sops/LOW-001-bottom.sop.yaml", BOTTOM_LANE)
    build(root, root / "site", "html,bpmn")
    return root


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> dict[str, Path]:
    """Every example SOP's BPMN file and the generated SOP's, by SOP id."""
    out = tmp_path_factory.mktemp("examples") / "site"
    build(EXAMPLES, out)
    files = {p.stem: p for p in sorted((out / "bpmn").glob("*.bpmn"))}
    for sop_id in ("GEN-040", "LOW-001"):
        files[sop_id] = generated / "site" / "bpmn" / f"{sop_id}.bpmn"
    return files


def one(parent: etree._Element, path: str) -> etree._Element:
    """The element at `path` (namespaces of NS); the test fails when there is none."""
    found = parent.find(path, NS)
    assert found is not None, f"no {path}"
    return found


def attr(element: etree._Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, f"{element.tag} without {name}"
    return value


def bounds(plane: etree._Element, element_id: str) -> tuple[float, float, float, float]:
    found = plane.findall(f"bpmndi:BPMNShape[@bpmnElement='{element_id}']/dc:Bounds", NS)
    assert len(found) == 1, f"{element_id}: {len(found)} shapes"
    b = found[0]
    return tuple(float(attr(b, k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def on_border(point: tuple[float, float], box: tuple[float, ...]) -> bool:
    (px, py), (x, y, w, h) = point, box
    return (px in (x, x + w) and y <= py <= y + h) or (py in (y, y + h) and x <= px <= x + w)


def within(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh
