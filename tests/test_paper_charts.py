"""Flowcharts on paper: the examples' PDF and Word files, a generated 40-step SOP with 9
roles and a 4-step one, built by the real CLI and read back with poppler and python-docx.

The floor: no chart text prints below 7 pt. In the PDF a word's size is the height of
its `pdftotext -bbox` box over its font's ascent plus descent (Noto Sans CJK SC, and
for the symbols it lacks, ⚑, the fallback fontconfig picks); in Word a picture's
scale (its extent over the PNG's pixels at PNG_DPI) times the DOT's smallest font.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from fontTools.ttLib import TTCollection, TTFont

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.model.sop import SOP
from sopc.render.charts import draw_flowcharts
from sopc.render.dot import PNG_DPI
from sopc.render.graphviz import SMALLEST_PT
from sopc.render.grid import ranks
from sopc.render.paper import FLOOR_PT as PLANNED_FLOOR
from sopc.render.paper import Medium, connector_letter, split_chart
from sopc.render.site import Manual
from sopc.render.swimlane import NodeKind, build_chart
from tests.conftest import TODAY, sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ENV = {"SOURCE_DATE_EPOCH": "1795132800"}  # 2026-11-20
MANUAL = "澄川电器运营管理-SOP-手册.pdf"
T = translator("zh-CN")
FLOOR_PT = 7.0  # issue 12: no step title, time limit, branch label or lane name smaller
ROLES = ["申请人", "部门经理", "采购专员", "采购经理", "财务会计", "财务经理", "仓库管理员", "质检员", "总经理"]  # fmt: skip


# -- projects -------------------------------------------------------------------------


def big_sop(steps: int = 40, roles: int = 9) -> dict[str, Any]:
    """A long procedure over many roles: decisions (some looping back), control points,
    time limits and an exception escalating to the last role."""
    ids = [f"r{k}" for k in range(roles)]
    out: list[dict[str, Any]] = []
    for i in range(steps):
        step: dict[str, Any] = {
            "id": f"s{i}",
            "title": f"第{i + 1}步处理事项" + ("与复核" if i % 3 == 0 else ""),
            "role": ids[(i * 4) % roles],
            "time_limit": ["2h", "1d", "4wh"][i % 3],
            "outputs": [f"记录{i}"],
        }
        if i % 7 == 3 and i + 3 < steps:
            step["decision"] = f"第{i + 1}步结果是否合格？"
            back = f"s{i - 2}" if i % 2 else f"s{i + 3}"
            step["branches"] = [{"when": "是", "next": f"s{i + 1}"}, {"when": "否", "next": back}]
        if i % 5 == 1:
            step["control"] = "须双人复核"
        out.append(step)
    return {
        "id": "PUR-009",
        "title": "大型采购全流程",
        "version": "1.0",
        "owner": "r1",
        "purpose": "覆盖从申请到入库的全部环节。",
        "scope": {"start": "提出采购申请", "end": "入库并付款"},
        "roles": {ids[k]: {"name": ROLES[k], "department": "采购中心"} for k in range(roles)},
        "steps": out,
        "exceptions": [
            {
                "id": "late",
                "when": "供应商延期交货",
                "steps": ["s10", "s20"],
                "action": "催告",
                "role": "r2",
                "escalate_to": "r8",
                "within": "1d",
            },
        ],
        "revisions": [{"version": "1.0", "date": "2026-01-01"}],
    }


SMALL_SOP = """\
id: ADM-001
title: 办公用品领用流程
version: "1.0"
owner: boss
purpose: 规范办公用品领用。
scope: {start: 员工提出领用, end: 领用登记完成}
steps:
  - {id: ask, title: 提交领用申请, role: clerk, time_limit: 1h, outputs: [领用单]}
  - id: approve
    title: 审批领用申请
    role: boss
    decision: 是否超出部门限额？
    time_limit: 4h
    branches:
      - {when: 是, next: ask}
      - {when: 否, next: hand-out}
  - {id: hand-out, title: 发放办公用品, role: clerk, time_limit: 1d, control: 核对签字}
  - {id: record, title: 登记领用台账, role: clerk, time_limit: 1d, outputs: [领用台账]}
revisions:
  - {version: "1.0", date: 2026-01-01}
"""
CONFIG = """\
name: 纸面流程图测试
sources: [sops]
roles:
  clerk: {name: 文员, department: 行政部}
  boss: {name: 主管, department: 行政部}
"""


def build(root: Path, formats: str = "pdf,docx") -> Path:
    out = root / "site"
    run = sopc("build", str(root), "--format", formats, "--out", str(out), env=ENV)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paper") / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    build(root)
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 40-step SOP and the 4-step one in one project."""
    root = tmp_path_factory.mktemp("paper") / "generated"
    (root / "sops").mkdir(parents=True)
    (root / "sopc.yaml").write_text(CONFIG, encoding="utf-8")
    big = yaml.safe_dump(big_sop(), allow_unicode=True, sort_keys=False)
    (root / "sops" / "PUR-009-big.sop.yaml").write_text(big, encoding="utf-8")
    (root / "sops" / "ADM-001-small.sop.yaml").write_text(SMALL_SOP, encoding="utf-8")
    build(root)
    return root


def manual_of(root: Path) -> Manual:
    result = check([root], today=TODAY, keep_files=True)
    assert result.exit_code() == 0
    return Manual.of(result.sources, result.project.config, TODAY)


# -- reading the PDF --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    x: float
    top: float
    bottom: float

    @property
    def points(self) -> float:
        """The word's font size: its box's height over its font's ascent and descent."""
        return (self.bottom - self.top) / (
            extent("fallback") if fallback(self.text) else extent("cjk")
        )


@dataclasses.dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    def text(self) -> str:
        return "".join(word.text for word in self.words)


def pages(pdf: Path) -> list[Page]:
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    found = []
    for number, (width, height, body) in enumerate(
        re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', done.stdout, re.S), 1
    ):
        words = [
            Word(_unescape(text), float(x), float(top), float(bottom))
            for x, top, bottom, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                body,
            )
        ]
        found.append(Page(number, float(width), float(height), words))
    return found


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@cache
def _font(kind: str) -> TTFont:
    pattern = "Noto Sans CJK SC" if kind == "cjk" else ":charset=2691"  # ⚑
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout
    if path.endswith(".ttc"):
        return TTCollection(path).fonts[0]
    return TTFont(path)


@cache
def extent(kind: str) -> float:
    """Ascent plus descent per point of font size: what poppler's word boxes span."""
    font = _font(kind)
    hhea = font["hhea"]
    return float(hhea.ascent - hhea.descent) / font["head"].unitsPerEm


def fallback(text: str) -> bool:
    cmap = _font("cjk").getBestCmap()
    return all(ord(ch) not in cmap for ch in text)


def chart_regions(pdf: Path) -> Iterator[tuple[Page, list[Word], str]]:
    """Each page holding a chart (or a part of one): the words drawn in the chart, from
    the heading 流程图 (or the top of the page's text) down to the caption, and the
    caption's text."""
    for page in pages(pdf):
        captions = [w for w in page.words if "泳道流程图" in w.text]
        if not captions:
            continue
        caption = captions[0]
        headings = [w for w in page.words if w.text == T("flowchart") and w.top < caption.top]
        top = headings[-1].bottom if headings else 60.0  # below the running head
        inside = [w for w in page.words if top < w.top and w.bottom <= caption.top + 0.5]
        line = " ".join(w.text for w in page.words if abs(w.top - caption.top) < 2)
        yield page, inside, line


# -- the floor ---------------------------------------------------------------------------


def assert_floor(pdf: Path, expected_charts: int) -> float:
    """Every word of every chart prints at 7 pt or more; the smallest size found."""
    smallest, charts = 99.0, 0
    for page, words, caption in chart_regions(pdf):
        assert len(words) > 10, (page.number, caption)  # the chart's labels are text
        small = [(w.text, round(w.points, 2)) for w in words if w.points < FLOOR_PT - 0.01]
        assert small == [], (page.number, caption)
        smallest = min(smallest, *(w.points for w in words))
        charts += "第 1 部分" in caption or "部分" not in caption
    assert charts == expected_charts
    return smallest


def test_every_example_chart_word_prints_at_7_pt_or_more(examples: Path) -> None:
    assert PLANNED_FLOOR == FLOOR_PT
    smallest = assert_floor(examples / "site" / MANUAL, 7)
    assert smallest < 8.5  # the plan shrinks to the floor, no further: it fills the page


def docx_pictures(path: Path) -> list[tuple[float, bytes]]:
    """(scale, PNG) of each picture in a Word file: its extent over its pixels at PNG_DPI."""
    document = docx.Document(str(path))
    found = []
    for shape in document.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        png = document.part.related_parts[rid].blob
        pixels = int.from_bytes(png[16:20], "big")
        found.append((shape.width / (pixels * 914400 / PNG_DPI), png))
    return found


def svg_font_sizes(svg: bytes) -> set[float]:
    """The sizes of the text a drawing shows (the DOT is let go once planned)."""
    return {float(size) for size in re.findall(rb'<text [^>]*font-size="([\d.]+)"', svg)}


def test_every_word_chart_picture_prints_its_smallest_font_at_7_pt_or_more(
    examples: Path,
) -> None:
    plans = draw_flowcharts(manual_of(examples), examples / ".sopc-cache", 1, word=True).paper
    for sop_id, plan in plans.items():
        pictures = docx_pictures(examples / "site" / "docx" / f"{sop_id}.docx")
        assert [png for _, png in pictures] == list(plan.pngs), sop_id  # the plan's parts
        for (scale, _), part in zip(pictures, plan.parts, strict=True):
            smallest = min(svg_font_sizes(part.svg))
            assert smallest == SMALLEST_PT  # no chart text is set smaller in the DOT
            assert scale * smallest >= FLOOR_PT - 1e-6, sop_id


# -- splitting ---------------------------------------------------------------------------


def test_a_40_step_chart_over_9_roles_splits_with_matching_connectors(generated: Path) -> None:
    pdf = generated / "site" / "纸面流程图测试.pdf"
    assert_floor(pdf, 2)
    parts = [
        (page, words, caption)
        for page, words, caption in chart_regions(pdf)
        if "大型采购全流程" in caption
    ]
    count = len(parts)
    assert count >= 3
    numbers = [page.number for page, _, _ in parts]
    assert numbers == list(range(numbers[0], numbers[0] + count))  # consecutive pages
    letters: dict[str, set[int]] = {}
    for k, (page, words, caption) in enumerate(parts, 1):
        assert f"第 {k} 部分，共 {count} 部分" in caption
        text = "".join(w.text for w in words)
        assert all(name in text for name in ROLES), page.number  # every lane on every part
        for word in words:
            if re.fullmatch(r"[A-Z]{1,2}", word.text):
                letters.setdefault(word.text, set()).add(k)
    assert sorted(letters, key=lambda s: (len(s), s)) == [
        connector_letter(i) for i in range(len(letters))
    ]  # A, B, C, … without a gap
    assert all(len(found) >= 2 for found in letters.values()), letters  # ○A here, A○ there
    legend = "".join(parts[0][0].text().split())
    assert "".join(T("legend_connector").split()) in legend
    pictures = docx_pictures(generated / "site" / "docx" / "PUR-009.docx")
    assert len(pictures) == count  # Word shows the same parts
    assert all(scale * SMALLEST_PT >= FLOOR_PT - 1e-6 for scale, _ in pictures)
    word = docx.Document(str(generated / "site" / "docx" / "PUR-009.docx"))
    captions = [paragraph.text for paragraph in word.paragraphs]
    assert any(f"第 {count} 部分，共 {count} 部分" in c for c in captions)


def test_each_connector_letter_has_one_target_and_both_sides() -> None:
    sop = SOP.model_validate(big_sop())
    chart = build_chart(sop, sop.roles, "zh-CN", str, str)
    rank = ranks(chart)
    last = max(rank.values())
    ranges = [(lo, min(lo + 6, last)) for lo in range(0, last + 1, 7)]
    heads: dict[str, list[int]] = {}  # letter → the parts where it leads into its target
    tails: dict[str, set[int]] = {}  # letter → the parts where links end at it
    for k, (part, columns) in enumerate(split_chart(chart, rank, ranges)):
        assert part.lanes == chart.lanes  # every lane, in every part
        assert set(columns) == {node.name for node in part.nodes}
        for node in part.nodes:
            if node.kind is NodeKind.CONNECTOR and node.name.startswith("ci"):
                heads.setdefault(node.title, []).append(k)
                assert [k.head for k in part.links if k.tail == node.name] != []
            elif node.kind is NodeKind.CONNECTOR:
                tails.setdefault(node.title, set()).add(k)
    assert len(heads) > 5
    assert set(heads) == set(tails)
    assert all(len(parts) == 1 for parts in heads.values())  # one letter per target node
    assert all(heads[letter][0] not in tails[letter] for letter in heads)


def test_connector_letters_run_a_to_z_then_aa() -> None:
    assert [connector_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


# -- small charts, directions, the legend -------------------------------------------------


def test_a_small_chart_sits_inline_on_the_sops_first_page_in_portrait(generated: Path) -> None:
    pdf = generated / "site" / "纸面流程图测试.pdf"
    found = [(page, caption) for page, _, caption in chart_regions(pdf) if "办公用品" in caption]
    assert len(found) == 1
    page, caption = found[0]
    assert page.width < page.height  # portrait
    assert "部分" not in caption  # in one piece
    text = page.text()
    assert "办公用品领用流程" in text
    assert T("document_control") in text  # the SOP's first page: control, purpose, chart
    assert "".join(T("legend_decision").split()) in "".join(text.split())
    assert "".join(T("legend_connector").split()) not in "".join(text.split())
    assert "".join(T("legend_exception").split()) not in "".join(text.split())
    word = docx.Document(str(generated / "site" / "docx" / "ADM-001.docx"))
    assert len(word.sections) == 1  # no landscape section
    assert len(word.inline_shapes) == 1


def test_the_direction_is_chosen_per_medium_unless_forced(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "sops").mkdir(parents=True)
    (root / "sopc.yaml").write_text(CONFIG, encoding="utf-8")
    path = root / "sops" / "ADM-001-small.sop.yaml"
    path.write_text(SMALL_SOP, encoding="utf-8")
    chosen = draw_flowcharts(manual_of(root), None, 1, paper=True)
    # wide and low fits the screen; on the page, lanes as columns give the larger text
    assert (chosen.directions["ADM-001"], chosen.paper["ADM-001"].direction) == ("LR", "TB")
    assert chosen.paper["ADM-001"].medium is Medium.INLINE
    graph = sopc("graph", "ADM-001", "--format", "dot", cwd=root)
    assert graph.returncode == 0, graph.stderr
    assert "rankdir=LR" in graph.stdout  # `sopc graph` draws the screen's chart
    assert "ADM-001 办公用品领用流程" in graph.stdout  # with its title: it stands alone
    for forced in ("LR", "TB"):
        config = CONFIG + f"build: {{flow_direction: {forced}}}\n"
        (root / "sopc.yaml").write_text(config, encoding="utf-8")
        charts = draw_flowcharts(manual_of(root), None, 1, paper=True)
        assert charts.directions["ADM-001"] == charts.paper["ADM-001"].direction == forced
        other = "TB" if forced == "LR" else "LR"
        path.write_text(SMALL_SOP + f"flow_direction: {other}\n", encoding="utf-8")
        charts = draw_flowcharts(manual_of(root), None, 1, paper=True)
        assert charts.directions["ADM-001"] == charts.paper["ADM-001"].direction == other
        graph = sopc("graph", "ADM-001", "--format", "dot", cwd=root)
        assert f"rankdir={other}" in graph.stdout  # the SOP's own direction wins
        path.write_text(SMALL_SOP, encoding="utf-8")


def test_a_chart_no_page_can_hold_legibly_gets_a_note(tmp_path: Path) -> None:
    """Twenty-four lanes: as rows they are taller than a landscape page, as columns
    wider than any page, at 7 pt; the build says so instead of printing it quietly."""
    from tests.conftest import sopc

    roles = "\n".join(f"  r{i}: {{name: 岗位{i:02d}, department: 部门{i % 5}}}" for i in range(24))
    (tmp_path / "sopc.yaml").write_text(
        f"name: 手册\nlanguage: zh-CN\nroles:\n{roles}\n", encoding="utf-8"
    )
    steps = "\n".join(
        f"  - {{id: s{i}, title: 第{i}步处理事项, role: r{i}, time_limit: 1h}}" for i in range(24)
    )
    sop = (
        f"id: WIDE-001\ntitle: 宽流程\nversion: '1.0'\nstatus: draft\nowner: r0\nsteps:\n{steps}\n"
    )
    (tmp_path / "WIDE-001.sop.yaml").write_text(sop, encoding="utf-8")
    run = sopc("build", str(tmp_path), "--format", "docx", "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    note = re.search(r"WIDE-001 的流程图只能以 (\d+\.\d) pt 打印，低于 7\.0 pt 的下限", run.stderr)
    assert note is not None, run.stderr
    assert float(note.group(1)) < 7.0
    english = sopc("build", str(tmp_path), "--format", "docx", "--out", str(tmp_path / "en"),
                   "--lang", "en")  # fmt: skip
    assert "WIDE-001's flowchart prints at" in english.stderr


def test_the_plans_a_build_keeps_hold_no_dot_and_their_svg_compressed(generated: Path) -> None:
    """A build keeps every SOP's plan until its pages are made: a part keeps its SVG
    compressed and lets go of its DOT (at 1,000 SOPs, 0.5 MiB an SOP was 500 MiB of
    the build's own process)."""
    plans = draw_flowcharts(manual_of(generated), None, 1, paper=True).paper
    parts = [part for plan in plans.values() for part in plan.parts]
    assert len(parts) > 2  # the 40-step chart is split
    assert [part.dot for part in parts] == [""] * len(parts)
    svgs = [part.svg for part in parts]
    assert all(
        svg.lstrip().startswith(b"<?xml") and svg.rstrip().endswith(b"</svg>") for svg in svgs
    )
    assert sum(len(part.packed) for part in parts) * 4 < sum(len(svg) for svg in svgs)
