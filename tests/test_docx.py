"""The Word file of one SOP: generated from the real examples with real flowcharts,
then reopened with python-docx and read back as Word would show it."""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.render.charts import draw_flowcharts
from sopc.render.docx import BODY_FONT, HEADING_FONT, sop_docx
from sopc.render.dot import PNG_DPI
from sopc.render.paper import Medium, PaperChart
from sopc.render.site import Manual, SopEntry
from sopc.render.units import duration_words
from tests.conftest import BASE_SOP, CS_PATH, TODAY, Project

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WHEN = datetime(2026, 11, 20, 8, 30, 0)


def load(root: Path, language: str | None = None) -> Manual:
    result = check([root], today=TODAY, keep_files=True)
    assert result.exit_code() == 0, [f.message for f in result.findings]
    config = result.project.config
    if language is not None:
        config = config.model_copy(update={"language": language})
    return Manual.of(result.sources, config, TODAY)


def charts(manual: Manual, *sop_ids: str) -> dict[str, PaperChart]:
    """Real flowcharts planned for paper and drawn as PNGs by Graphviz, as the build
    draws them (for the SOPs named only: the others cost time)."""
    some = dataclasses.replace(manual, sops=[e for e in manual.sops if e.sop.id in sop_ids])
    return draw_flowcharts(some, None, None, screen=False, word=True).paper


def entry_of(manual: Manual, sop_id: str) -> SopEntry:
    entry = manual.by_id(sop_id)
    assert entry is not None
    return entry


def reopen(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def texts(document: Any) -> list[str]:
    """Every paragraph's text: body, then every table cell."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found


def table_headed(document: Any, label: str) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[0].text == label)


@pytest.fixture(scope="module")
def examples() -> tuple[Manual, dict[str, PaperChart]]:
    manual = load(EXAMPLES)
    return manual, charts(manual, "CS-001", "HR-001")


@pytest.fixture(scope="module")
def cs_bytes(examples: tuple[Manual, dict[str, PaperChart]]) -> bytes:
    manual, pngs = examples
    return sop_docx(entry_of(manual, "CS-001"), manual, pngs["CS-001"], when=WHEN)


@pytest.fixture(scope="module")
def cs(cs_bytes: bytes) -> Any:
    return reopen(cs_bytes)


def test_every_step_title_is_in_the_step_table_with_a_repeating_header(
    examples: tuple[Manual, dict[str, PaperChart]], cs: Any
) -> None:
    manual, _ = examples
    t = translator("zh-CN")
    steps = table_headed(cs, t("step"))
    keys = "step action role_department time_limit inputs outputs standard control"
    assert [c.text for c in steps.rows[0].cells] == [t(k) for k in keys.split()]
    assert steps.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr is None for row in steps.rows[1:])
    sop = entry_of(manual, "CS-001").sop
    assert len(steps.rows) == len(sop.steps) + 1
    for number, (step, row) in enumerate(zip(sop.steps, steps.rows[1:], strict=True), 1):
        assert row.cells[0].text == str(number)
        assert row.cells[1].paragraphs[0].text == step.title
        assert row.cells[1].paragraphs[0].runs[0].bold


def test_references_show_names_and_per_case_limits_read_as_on_the_page(
    examples: tuple[Manual, dict[str, PaperChart]], cs: Any
) -> None:
    manual, _ = examples
    sop = entry_of(manual, "CS-001").sop
    steps = table_headed(cs, "步骤")
    limits = {row.cells[1].paragraphs[0].text: row.cells[3].text for row in steps.rows[1:]}
    assert limits["分析产品缺陷原因"] == "一般 3 个工作日 · 严重 2 个工作日 · 重大 1 个工作日"
    per_case = [s for s in sop.steps if isinstance(s.time_limit, dict)]
    assert len(per_case) >= 3
    for step in per_case:
        assert isinstance(step.time_limit, dict)
        zh = translator("zh-CN")
        words = [f"{case} {duration_words(d, zh)}" for case, d in step.time_limit.items()]
        expected = " · ".join(words)
        assert limits[step.title] == expected
    receive = next(r for r in steps.rows[1:] if r.cells[1].paragraphs[0].text == "登记客户投诉")
    assert receive.cells[5].text == "客户投诉登记表"  # form:complaint-register, by name
    needs_return = next(r for r in steps.rows[1:] if "退换货" in r.cells[1].text)
    assert "是 → 转入 AS-001 售后退换货处理流程" in needs_return.cells[1].text
    everything = "\n".join(texts(cs))
    assert "form:" not in everything
    assert "sop:" not in everything
    assert "AS-001 售后退换货处理流程" in [p.text for p in cs.paragraphs]  # references


def test_headings_use_heading_styles_in_the_page_order(cs: Any) -> None:
    t = translator("zh-CN")
    headings = [(p.style.name, p.text) for p in cs.paragraphs if p.style.name.startswith("Head")]
    assert headings[0] == ("Heading 1", "CS-001 客户投诉处理流程")
    sections = [text for style, text in headings if style == "Heading 2"]
    keys = "flowchart roles_duties raci steps step_details exceptions deadlines_kpis forms risks"
    assert sections == [
        t("document_control"),
        f"{t('purpose')} · {t('scope')}",
        *[t(key) for key in keys.split()],
        t("references"),
        t("revisions"),
    ]
    assert ("Heading 3", "1. 登记客户投诉") in headings


def test_markdown_is_rendered_not_leaked(
    examples: tuple[Manual, dict[str, PaperChart]], cs: Any
) -> None:
    purpose = next(p for p in cs.paragraphs if p.text.startswith("统一客户投诉"))
    assert "**" not in purpose.text
    assert any(r.bold and r.text == "有登记、有分级、有方案、有回访" for r in purpose.runs)
    assert any(p.style.name == "List Bullet" and "4 小时内" in p.text for p in cs.paragraphs)
    manual, pngs = examples
    hr = reopen(sop_docx(entry_of(manual, "HR-001"), manual, pngs["HR-001"], when=WHEN))
    everything = "\n".join(texts(hr))
    for markup in ("**", "{#", "|---", "`", "###"):
        assert markup not in everything
    assert "1.\t核验身份证" in everything  # an ordered list, numbered
    systems = table_headed(hr, "系统")  # a Markdown table in a step's guidance
    assert [c.text for c in systems.rows[0].cells] == ["系统", "所有员工", "按岗位"]


def test_document_control_lists_the_signatures_and_the_case_dimension(cs: Any) -> None:
    control = table_headed(cs, "编号")
    cells = [[c.text for c in row.cells] for row in control.rows]
    assert cells[0] == ["编号", "CS-001", "版本", "2.1"]
    assert ["编制", "陈思远 (2026-06-05)", "审核", "周敏 (2026-06-12)"] in cells
    assert cells[-1][:2] == ["情形", "严重程度: 一般 / 严重 / 重大"]
    assert len(control.rows[-1]._tr.tc_lst) == 2  # the value spans three columns


def test_the_flowchart_is_its_planned_parts_as_inline_pngs_on_landscape_pages(
    examples: tuple[Manual, dict[str, PaperChart]], cs: Any, cs_bytes: bytes
) -> None:
    _, plans = examples
    plan = plans["CS-001"]
    assert plan.medium is Medium.LANDSCAPE
    assert len(plan.parts) == len(plan.pngs) > 1  # 14 steps do not fit one page at 7 pt
    assert len(cs.inline_shapes) == len(plan.pngs)
    room = cs.sections[1].page_width - cs.sections[1].left_margin - cs.sections[1].right_margin
    for shape, png in zip(cs.inline_shapes, plan.pngs, strict=True):
        blob = cs.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
        assert blob.blob == png
        pixels = int.from_bytes(png[16:20], "big")
        assert shape.width / (pixels * 914400 / PNG_DPI) == pytest.approx(plan.scale, abs=1e-4)
        assert shape.width <= room  # fits the landscape text width
    with zipfile.ZipFile(io.BytesIO(cs_bytes)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert media == [f"word/media/image{k}.png" for k in range(1, len(plan.pngs) + 1)]
        assert not any("thumbnail" in n for n in package.namelist())
    orientations = [s.orientation for s in cs.sections]
    assert [o.name for o in orientations] == ["PORTRAIT", "LANDSCAPE", "PORTRAIT"]
    landscape = cs.sections[1]
    tall = landscape.page_height - landscape.top_margin - landscape.bottom_margin
    assert all(shape.height < tall for shape in cs.inline_shapes)
    assert all(s.page_width < s.page_height for s in (cs.sections[0], cs.sections[2]))


def test_without_a_flowchart_there_is_no_image_and_no_flowchart_section(
    examples: tuple[Manual, dict[str, PaperChart]],
) -> None:
    manual, _ = examples
    document = reopen(sop_docx(entry_of(manual, "CS-001"), manual, None, when=WHEN))
    assert len(document.inline_shapes) == 0
    assert len(document.sections) == 1
    assert "流程图" not in [p.text for p in document.paragraphs]


def test_fonts_are_explicit_east_asian_ones(cs: Any) -> None:
    def fonts(style: str) -> Any:
        return cs.styles[style].element.rPr.rFonts

    for style, font in (("Normal", BODY_FONT), ("Heading 1", HEADING_FONT)):
        rfonts = fonts(style)
        assert rfonts.get(qn("w:eastAsia")) == font
        assert rfonts.get(qn("w:ascii")) == "Arial"
        for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
            assert rfonts.get(qn(theme)) is None
    assert (BODY_FONT, HEADING_FONT) == ("宋体", "黑体")
    lang = cs.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_page_header_and_footer_are_those_of_a_controlled_document(cs: Any) -> None:
    section = cs.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (
        section.header.paragraphs[0].text
        == "苏州澄川智能电器有限公司\tCS-001 客户投诉处理流程 · 版本 2.1"
    )
    footer = section.footer.paragraphs[0]
    page_of = translator("zh-CN")("page_of", page=1, pages=1)  # fields show their placeholder
    assert footer.text == f"生效日期 2026-07-01\t{page_of}"
    assert page_of.startswith("第 1 页")
    codes = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert all(not s.header.is_linked_to_previous for s in cs.sections)


def test_core_properties_come_from_the_sop_and_when(cs: Any) -> None:
    props = cs.core_properties
    assert props.title == "CS-001 客户投诉处理流程"
    assert props.author == "苏州澄川智能电器有限公司"
    stamps = {props.created, props.modified, props.last_printed}
    assert {stamp.replace(tzinfo=None) for stamp in stamps} == {WHEN}  # all UTC
    assert props.revision == 1
    assert "python-docx" not in (props.comments or "")


def test_english_projects_get_english_labels(
    examples: tuple[Manual, dict[str, PaperChart]],
) -> None:
    english = load(EXAMPLES, language="en")
    assert english.config.language == "en"
    png = charts(english, "IT-001")["IT-001"]
    document = reopen(sop_docx(entry_of(english, "IT-001"), english, png, when=WHEN))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for label in ("Document control", "Flowchart", "Roles and duties", "Steps", "Revision record"):
        assert label in headings
    assert "文件控制" not in headings
    assert table_headed(document, "Step").rows[0].cells[1].text == "Action"
    assert document.sections[0].footer.paragraphs[0].text.endswith("Page 1 of 1")
    styles = document.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) != "zh-CN"


def test_same_input_and_when_give_the_same_bytes_whatever_the_clock(
    examples: tuple[Manual, dict[str, PaperChart]], cs_bytes: bytes
) -> None:
    manual, pngs = examples
    entry = entry_of(manual, "CS-001")
    time.sleep(2.1)  # zip stamps have two-second steps: a wall-clock stamp would now differ
    assert sop_docx(entry, manual, pngs["CS-001"], when=WHEN) == cs_bytes
    aware = WHEN.replace(tzinfo=UTC).astimezone(UTC)
    assert sop_docx(entry, manual, pngs["CS-001"], when=aware) == cs_bytes
    later = sop_docx(entry, manual, pngs["CS-001"], when=WHEN + timedelta(days=1))
    assert later != cs_bytes


def test_every_zip_entry_has_the_stamp_of_when(
    examples: tuple[Manual, dict[str, PaperChart]], cs_bytes: bytes
) -> None:
    with zipfile.ZipFile(io.BytesIO(cs_bytes)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 11, 20, 8, 30, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    manual, _ = examples
    old = sop_docx(entry_of(manual, "CS-001"), manual, None, when=datetime(1970, 1, 1))
    with zipfile.ZipFile(io.BytesIO(old)) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert reopen(old).core_properties.created.replace(tzinfo=None) == datetime(1970, 1, 1)


HOSTILE = "A<w:p>B & C ]]> D\x01E\x0bF"


def test_hostile_text_cannot_corrupt_the_file(project: Project) -> None:
    long_title = "长" * 1000 + "x" * 1000
    sop = (
        BASE_SOP.replace("title: 客户投诉处理流程", 'title: "A<w:p>B & C ]]> D\\x01E\\x0bF"')
        .replace("title: 接收并登记投诉", 'title: "<w:p>接收 & ]]> \\x01\\x0b"')
        .replace("title: 回复客户处理结果", f"title: {long_title}")
        .replace("purpose: 规范客户投诉处理。", 'purpose: "**<w:r>** & ]]>\\x01"')
    )
    manual = load(project({CS_PATH: sop}))
    entry = entry_of(manual, "CS-001")
    assert entry.sop.title == HOSTILE
    png = charts(manual, "CS-001")["CS-001"]
    data = sop_docx(entry, manual, png, when=WHEN)
    document = reopen(data)
    assert document.paragraphs[0].text == "CS-001 A<w:p>B & C ]]> DEF"
    steps = table_headed(document, "步骤")
    titles = [row.cells[1].paragraphs[0].text for row in steps.rows[1:]]
    assert titles == ["<w:p>接收 & ]]> ", "判断是否退款", long_title]
    assert "<w:r> & ]]>" in [p.text for p in document.paragraphs]
    assert document.core_properties.title == "CS-001 A<w:p>B & C ]]> DEF"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        body = package.read("word/document.xml").decode("utf-8")
    assert "<w:p>B" not in body
    assert "&lt;w:p&gt;B &amp; C ]]&gt;" in body
    assert "\x01" not in body
    assert "\x0b" not in body
