"""The swimlane flowchart: real `dot` runs on the examples and on hostile text."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from sopc.model.base import RoleDef
from sopc.model.sop import SOP
from sopc.model.types import parse_duration
from sopc.project import open_project
from sopc.render import dot as dot_runner
from sopc.render.dot import GraphvizError, render, render_many
from sopc.render.flowchart import flowchart_dot
from sopc.render.graphviz import FONT_FAMILY
from sopc.render.labels import wrap
from sopc.render.mermaid import flowchart_mermaid
from sopc.render.swimlane import Chart, LinkKind, NodeKind, build_chart, limit_groups
from sopc.sources import load_sop_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
S, XL = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
Example = tuple[SOP, dict[str, RoleDef]]


@pytest.fixture(scope="module")
def examples() -> dict[str, Example]:
    config = open_project([EXAMPLES]).config
    loaded = {}
    for path in sorted((EXAMPLES / "sops").iterdir()):
        sop = load_sop_file(path, path.name).sop
        assert sop is not None
        loaded[sop.id] = (sop, {**config.roles, **sop.roles})
    assert len(loaded) == 7
    return loaded


def language(sop: SOP) -> str:
    return "en" if sop.title.isascii() else "zh-CN"


@pytest.fixture(scope="module")
def sources(examples: dict[str, Example]) -> dict[str, str]:
    return {i: flowchart_dot(s, r, language=language(s)) for i, (s, r) in examples.items()}


@pytest.fixture(scope="module")
def svgs(sources: dict[str, str]) -> dict[str, ET.Element]:
    return {i: ET.fromstring(data) for i, data in render_many(sources, "svg").items()}


def chart_of(example: Example) -> Chart:
    sop, roles = example
    return build_chart(sop, roles, language(sop), lambda s: f"#step-{s}", lambda s: f"{s}.html")


def svg_nodes(svg: ET.Element) -> dict[str, ET.Element]:
    """Node groups by their DOT name (the `<title>` Graphviz writes)."""
    return {g.findtext(S + "title", ""): g for g in svg.iter(S + "g") if g.get("class") == "node"}


def text_of(element: ET.Element) -> str:
    return "".join("".join(t.itertext()) for t in element.iter(S + "text"))


def points(node: ET.Element) -> list[tuple[float, float]]:
    """The corners of a node's shape (polygon, rounded path or ellipse centre)."""
    for tag, attribute in (("polygon", "points"), ("path", "d")):
        shape = node.find(f".//{S}{tag}")
        if shape is not None:
            numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.get(attribute, ""))]
            return list(zip(numbers[::2], numbers[1::2], strict=True))
    ellipse = node.find(f".//{S}ellipse")
    assert ellipse is not None
    return [(float(ellipse.get("cx", 0)), float(ellipse.get("cy", 0)))]


def lane_lines(svg: ET.Element, across: int) -> list[tuple[float, tuple[float, float]]]:
    """The lane boundaries drawn (one path of segments, the frame's sides included):
    each boundary's position across the lanes (`across`: 1 = y for LR, 0 = x for TB)
    and its span along the flow, in order; a segment that is not straight fails."""
    paths = [g.find(S + "path") for g in svg.iter(S + "g") if g.get("class") == "lanes"]
    assert len(paths) == 1
    assert paths[0] is not None
    spans: dict[float, list[float]] = {}
    for piece in paths[0].get("d", "").split("M")[1:]:
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", piece)]
        coords = list(zip(numbers[::2], numbers[1::2], strict=True))
        if len({round(c[across], 2) for c in coords}) == 1:  # along the flow
            spans.setdefault(round(coords[0][across], 2), []).extend(c[1 - across] for c in coords)
        else:  # across the lanes: a side of the frame, or the line after the lane names
            assert len({round(c[1 - across], 2) for c in coords}) == 1, piece
    return [(at, (min(along), max(along))) for at, along in sorted(spans.items())]


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


# -- the examples ------------------------------------------------------------------------


def test_every_example_renders_to_svg_and_png(
    tmp_path: Path, sources: dict[str, str], svgs: dict[str, ET.Element]
) -> None:
    for sop_id, png in render_many(sources, "png").items():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", png[16:24])
        assert (width > 1500, height > 500, len(png) > 100_000) == (True, True, True), sop_id
        (tmp_path / f"{sop_id}.png").write_bytes(png)
        assert svgs[sop_id].tag == S + "svg"
    assert len(list(tmp_path.glob("*.png"))) == 7


def test_one_aligned_lane_per_role_in_order_of_first_appearance(
    examples: dict[str, Example], svgs: dict[str, ET.Element]
) -> None:
    assert len(examples) == 7
    for sop_id, (sop, roles) in examples.items():
        chart, nodes = chart_of((sop, roles)), svg_nodes(svgs[sop_id])
        wanted = [s.role for s in sop.steps]
        wanted += [r for e in sop.exceptions for r in (e.role, e.escalate_to) if r]
        names = [roles[r].name for r in dict.fromkeys(wanted) if r]
        assert [name for name, _ in chart.lanes] == names
        assert [text_of(nodes[f"lane{i}"]).startswith(n) for i, n in enumerate(names)] == [
            True
        ] * len(names)
        # lane lines: straight (each segment at one height) and all of the same length
        lines = lane_lines(svgs[sop_id], across=1)
        assert len(lines) == len(names) + 1, sop_id  # every lane boundary drawn
        spans = {span for _, span in lines}
        assert len(spans) == 1, spans
        tops = [y for y, _ in lines]  # lane 0 at the top, then in order
        for node in chart.nodes:  # every node inside its own lane
            ys = [y for _, y in points(nodes[node.name])]
            assert tops[node.lane] < min(ys) < max(ys) < tops[node.lane + 1], node


def test_cs001_lanes_and_header_column(examples: dict[str, Example]) -> None:
    chart = chart_of(examples["CS-001"])
    assert [name for name, _ in chart.lanes] == [
        "客服专员", "客服主管", "品控检验员", "品控经理", "运营总监", "客服质检专员", "总经理",
    ]  # fmt: skip
    assert chart.lanes[0] == ("客服专员", "客服部")


def test_decisions_are_diamonds_with_their_title_question_and_branch_labels(
    examples: dict[str, Example], svgs: dict[str, ET.Element]
) -> None:
    decisions = 0
    for sop_id, (sop, _) in examples.items():
        nodes, text = svg_nodes(svgs[sop_id]), squash(text_of(svgs[sop_id]))
        for i, step in enumerate(sop.steps):
            if step.branches:
                decisions += 1
                assert len(set(points(nodes[f"s{i}"]))) == 4, step.id
                assert all(squash(b.when or "") in text for b in step.branches), step.id
                shown = squash(
                    text_of(nodes[f"s{i}"])
                )  # the step as in its table, and its question
                assert shown.startswith(squash(step.title)) or shown.startswith(
                    "⚑" + squash(step.title)
                )
                assert step.decision is None or squash(step.decision) in shown, step.id
    assert decisions >= 10


def test_handoffs_are_offpage_connectors_linking_to_the_other_sop(
    examples: dict[str, Example], svgs: dict[str, ET.Element]
) -> None:
    for sop_id, target in [("AS-001", "SUP-001"), ("CS-001", "AS-001"), ("PUR-001", "SUP-001")]:
        links = [a for a in svgs[sop_id].iter(S + "a") if a.get(XL + "href") == f"{target}.html"]
        assert len(links) == 1
        assert f"转至 {target}" in text_of(links[0])
        assert links[0].find(S + "polygon") is not None  # the cds shape
    sop, roles = examples["AS-001"]
    dot = flowchart_dot(sop, roles, sop_href=lambda i: f"../{i}/index.html")
    assert 'URL="../SUP-001/index.html"' in dot


def test_step_nodes_link_to_their_rows(
    examples: dict[str, Example], svgs: dict[str, ET.Element]
) -> None:
    for sop_id, (sop, _) in examples.items():
        hrefs = {a.get(XL + "href") for a in svgs[sop_id].iter(S + "a")}
        ids = {g.get("id") for g in svgs[sop_id].iter(S + "g")}
        for step in sop.steps:
            assert f"#step-{step.id}" in hrefs
            assert f"flow-{step.id}" in ids
    sop, roles = examples["HR-001"]
    assert 'URL="hr.html#r-check-in"' in flowchart_dot(
        sop, roles, step_href=lambda s: f"hr.html#r-{s}"
    )


def test_split_and_join_bars(examples: dict[str, Example]) -> None:
    chart = chart_of(examples["AS-001"])
    step = {s.id: f"s{i}" for i, s in enumerate(examples["AS-001"][0].steps)}
    kinds = {n.name: n.kind for n in chart.nodes}
    into = {(k.tail, k.head) for k in chart.links}
    split = next(n for n, kind in kinds.items() if kind is NodeKind.SPLIT)
    join = next(n for n, kind in kinds.items() if kind is NodeKind.JOIN)
    assert (step["inspect-goods"], split) in into
    assert {(split, step["dispose-goods"]), (split, step["choose-type"])} <= into
    assert {(step["dispose-goods"], join), (step["notify-completion"], join)} <= into
    assert (join, step["close-ticket"]) in into
    assert (step["notify-completion"], step["close-ticket"]) not in into


def test_exceptions_escalations_loops_and_control_points(
    examples: dict[str, Example], sources: dict[str, str], svgs: dict[str, ET.Element]
) -> None:
    chart = chart_of(examples["CS-001"])
    by_name = {n.name: n for n in chart.nodes}
    lanes = [name for name, _ in chart.lanes]
    assert [n.kind for n in chart.nodes].count(NodeKind.ANY) == 1  # media-exposure: any step
    assert lanes[by_name["x1"].lane] == "运营总监"
    assert lanes[by_name["e1"].lane] == "总经理"
    assert by_name["e1"].title == "升级至总经理"
    dashed_kinds = (LinkKind.EXCEPTION, LinkKind.ESCALATION)
    dashed = {(k.tail, k.head) for k in chart.links if k.kind in dashed_kinds}
    assert {("s10", "x0"), ("x0", "e0"), ("any", "x1"), ("s10", "x2"), ("s13", "x2")} <= dashed
    assert re.search(r"\n  s10 -> x0 \[style=dashed", sources["CS-001"])
    assert ("s9", "s8", LinkKind.BACK) in {(k.tail, k.head, k.kind) for k in chart.links}
    # the answer beside the decision (s9, the edge's head), placed by sopc, off its diamond
    assert re.search(r"\n  s8 -> s9 \[dir=back headlabel=<退回修改> head_lp=", sources["CS-001"])
    answer = next(t for t in svgs["CS-001"].iter(S + "text") if t.text == "退回修改")
    at = (float(answer.get("x", 0)), float(answer.get("y", 0)))
    diamond = points(svg_nodes(svgs["CS-001"])["s9"])
    xs, ys = [x for x, _ in diamond], [y for _, y in diamond]
    assert not (min(xs) < at[0] < max(xs) and min(ys) < at[1] < max(ys))
    receive = svg_nodes(svgs["CS-001"])["s0"]
    assert "⚑" in text_of(receive)
    tips = [a.get(XL + "title") or "" for a in receive.iter(S + "a")]
    assert any("关键控制点: 涉及起火" in tip for tip in tips)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        ("2wd", ("≤ 2wd",)),
        ("immediate", ("immediate",)),
        ("接收后30分钟内", ("接收后30分钟内",)),
        ("不超过2小时", ("不超过2小时",)),
        ({"一般": "1wd", "严重": "2wd", "重大": "3wd"}, ("≤ 一般 1wd", "严重 2wd", "重大 3wd")),
        ({"一般": "1wd", "严重": "1wd", "重大": "4wh"}, ("≤ 一般/严重 1wd", "重大 4wh")),
        ({"重大": "1d", "一般": "1d", "严重": "1d"}, ("≤ 1d",)),
        (None, ()),
    ],
)
def test_time_limits_are_compact(limit: Any, expected: tuple[str, ...]) -> None:
    if isinstance(limit, dict):
        parsed: Any = {k: parse_duration(v) for k, v in limit.items()}
    else:
        parsed = parse_duration(limit) if limit else None
    assert limit_groups(parsed, ["一般", "严重", "重大"]) == expected


def test_wrap_keeps_words_and_cjk_punctuation() -> None:
    assert wrap("核查同批次库存与客诉记录", 18) == ["核查同批次库", "存与客诉记录"]
    assert wrap("Was the incident caused by a change made in the last 72 hours?", 18) == [
        "Was the incident", "caused by a change", "made in the last", "72 hours?",
    ]  # fmt: skip
    assert all(not line.startswith(("，", "？")) for line in wrap("甲乙丙丁戊己庚辛，壬癸？", 8))
    assert wrap("", 10) == [""]


def test_english_words_unassigned_lane_and_top_to_bottom() -> None:
    sop = SOP.model_validate(
        {"id": "X-1", "title": "T", "version": "1.0", "steps": [{"id": "a", "title": "Do"}]}
    )
    dot = flowchart_dot(sop, {}, language="en", direction="TB")
    assert "Start" in dot
    assert "End" in dot
    assert "Unassigned" in dot
    assert "rankdir=TB" in dot
    assert "未指定" in flowchart_dot(sop, {})
    lines = lane_lines(ET.fromstring(render(dot)), across=0)  # lanes as columns
    assert len(lines) == 2  # one lane: its two sides, each one straight line
    assert len({span for _, span in lines}) == 1
    with pytest.raises(ValueError, match="LR or TB"):
        flowchart_dot(sop, {}, direction="RL")


# -- hostile text --------------------------------------------------------------------------

NASTY = [
    '"]; x [label="', "<script>alert(1)</script>", r"\N", r"\G", r"\l", r"\E \T \H \L",
    "&amp;", "&#92;N", "{{ 7*7 }}", '\\"', "a\nb", "back\\\\slash", "-->", "]]>", "it's", "100% %% x",
]  # fmt: skip


def hostile(title: str) -> tuple[SOP, dict[str, RoleDef]]:
    steps = [
        {"id": "a", "title": title, "role": "r", "standard": title, "control": title},
        {"id": "b", "title": "判断", "role": "q", "decision": title,
         "branches": [{"when": title, "next": "end"}, {"when": "否", "next": "sop:Z-9"}]},
    ]  # fmt: skip
    exceptions = [{"when": title, "action": title, "role": "q", "escalate_to": "r"}]
    sop = SOP.model_validate(
        {"id": "T-1", "title": title, "version": "1.0", "steps": steps, "exceptions": exceptions}
    )
    return sop, {"r": RoleDef(name=title), "q": RoleDef(name="审核", department=title)}


def shape_count(svg: ET.Element) -> tuple[int, int]:
    groups = [g.get("class") for g in svg.iter(S + "g")]
    return groups.count("node"), groups.count("edge")


@pytest.mark.parametrize("title", NASTY)
def test_hostile_text_is_shown_literally_and_adds_nothing(title: str) -> None:
    sop, roles = hostile(title)
    svg = ET.fromstring(render(flowchart_dot(sop, roles)))  # dot exits 0
    assert shape_count(svg) == shape_count(ET.fromstring(render(flowchart_dot(*hostile("x")))))
    nodes = svg_nodes(svg)
    for name in ("s0", "s1", "x0", "lane0"):
        assert squash(title) in squash(text_of(nodes[name])), name
    assert squash(title) in squash(text_of(svg))  # title, department, branch label
    tips = [a.get(XL + "title") or "" for a in nodes["s0"].iter(S + "a")]
    assert tips
    assert tips[0].startswith(title.strip())
    mermaid = flowchart_mermaid(sop, roles)
    assert mermaid.startswith("flowchart LR\n")
    for line in mermaid.splitlines()[1:]:
        assert re.fullmatch(r'\s*(%%.*|subgraph lane\d+\["[^"]*"\]|end|n_\w+[\[({>]+"[^"]*"'
                            r'[\])}]+|n_\w+ -[.-]+>(\|"[^"]*"\|)? n_\w+|classDef .*|class [\w,]+ \w+)',
                            line), line  # fmt: skip
        assert "<script" not in line
        assert "\n" not in line


# -- Mermaid --------------------------------------------------------------------------------


def test_mermaid_has_a_subgraph_per_role_and_safe_ids(examples: dict[str, Example]) -> None:
    for sop, roles in examples.values():
        text = flowchart_mermaid(sop, roles, language=language(sop))
        chart = chart_of((sop, roles))
        assert text.startswith("flowchart LR\n")
        assert text.count("\n  subgraph ") == len(chart.lanes)
        assert text.count("\n  end\n") == len(chart.lanes)
        ids = set(re.findall(r"\bn_\w+", text))
        assert ids
        assert all(re.fullmatch(r"n_[a-z]+\d*", i) for i in ids)
    sop, roles = examples["CS-001"]
    text = flowchart_mermaid(sop, roles)
    assert 'n_s2 -->|"是"| n_s3' in text
    assert 'n_end(["结束"])' in text
    assert "投诉是否涉及<br/>产品质量问题？" in text


def test_mermaid_escapes_quotes_and_markup() -> None:
    sop, roles = hostile('say "hi" <b>#1</b> | `x`')
    text = flowchart_mermaid(sop, roles)
    assert "say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #124; #96;x#96;" in text
    assert "<b>" not in text
    assert '"hi"' not in text


# -- determinism and processes ------------------------------------------------------------


def test_same_input_same_bytes(examples: dict[str, Example], sources: dict[str, str]) -> None:
    sop, roles = examples["CS-001"]
    assert flowchart_dot(sop, roles) == flowchart_dot(sop, roles) == sources["CS-001"]
    assert flowchart_mermaid(sop, roles) == flowchart_mermaid(sop, roles)
    for fmt in ("svg", "png"):
        assert render(sources["CS-001"], fmt) == render(sources["CS-001"], fmt)


def test_render_many_equals_rendering_each_alone(sources: dict[str, str]) -> None:
    together = render_many(sources, "svg", jobs=2)
    assert list(together) == list(sources)
    assert together == {name: render(source) for name, source in sources.items()}
    one = {k: sources[k] for k in ("AS-001", "IT-001")}
    assert render_many(one, "png", jobs=1) == {k: render(v, "png") for k, v in one.items()}
    assert render_many({}) == {}


def test_svg_text_uses_the_shared_font_family(svgs: dict[str, ET.Element]) -> None:
    families = {t.get("font-family") for svg in svgs.values() for t in svg.iter(S + "text")}
    assert families == {FONT_FAMILY}


def test_errors_name_the_graph(monkeypatch: pytest.MonkeyPatch, sources: dict[str, str]) -> None:
    broken = {"CS-001": sources["CS-001"], "BAD-7": "digraph { a -> }", "HR-001": "digraph {}"}
    with pytest.raises(GraphvizError, match=r"^dot failed on BAD-7: .*syntax error"):
        render_many(broken, jobs=1)
    with pytest.raises(ValueError, match="unknown graph format"):
        render("digraph {}", "pdf")
    monkeypatch.setattr(dot_runner, "TIMEOUT", 0.001)
    with pytest.raises(GraphvizError, match="longer than"):
        render(sources["CS-001"])
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GraphvizError, match="not found"):
        render("digraph {}")
