"""Word and Excel files for the import tests, written with python-docx and openpyxl as
an author's office suite would: headings, paragraphs, tables with merged cells,
header rows, and the seeds' wording (`../shared/seeds/`)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement

Rows = Sequence[Sequence[str]]

SEED_HEADER = ("流程步骤", "操作说明", "责任部门/岗位", "时间要求", "输出成果", "关键控制点")
SEED_ROWS: tuple[tuple[str, ...], ...] = (
    ("1.投诉接收", "客户通过电话、官网或APP提交投诉,客服人员记录投诉内容(含问题描述、客户信息、联系方式)",
     "客服部/客服专员", "即时", "《客户投诉登记表》", "保证信息完整,避免遗漏关键细节"),
    ("2.投诉分类", "根据“产品质量、服务态度、物流延迟”等维度分类,判定紧急程度(普通/紧急/特急)",
     "客服部/投诉主管", "接收后30分钟内", "《投诉分类与优先级表》", "紧急投诉需同步上报运营总监"),
    ("3.分派处理", "将投诉分派至对应责任部门(如产品质量问题分派至品控部,服务态度分派至人力资源部)",
     "客服部/投诉主管", "分类后1小时内", "《投诉分派通知单》", "分派需明确处理人与截止时间"),
    ("4.调查与处理", "责任部门调查原因,制定解决方案(如退款、换货、整改培训),与客户沟通确认",
     "品控部/品控专员", "1个工作日内", "《投诉处理报告》", "解决方案需经客户书面确认"),
    ("5.回访关闭", "客服专员回访客户满意度,关闭投诉工单", "客服部/客服专员", "3个工作日",
     "《客户回访记录表》", "回访由非处理人执行"),
)  # fmt: skip
"""The seeds' 客户投诉处理流程 template table (001_…txt), with its rows 4 and 5 finished
in the same wording."""


def docx_file(path: Path, blocks: Sequence[tuple[str, object]]) -> Path:
    """A .docx of blocks: ("title"|"h1"|"h2"|"h3", text), ("p", text), ("bullet", text),
    ("table", rows) or ("merged", (rows, [(row, col, rows_down)]))."""
    document = docx.Document()
    for kind, value in blocks:
        if kind == "title":
            document.add_heading(str(value), 0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(str(value), int(kind[1]))
        elif kind == "p":
            document.add_paragraph(str(value))
        elif kind == "bullet":
            document.add_paragraph(str(value), style="List Bullet")
        elif kind == "table":
            _table(document, value)  # type: ignore[arg-type]
        elif kind == "merged":
            rows, merges = value  # type: ignore[misc]
            table = _table(document, rows)
            for row, column, down in merges:
                table.cell(row, column).merge(table.cell(row + down, column))
    document.save(str(path))
    return path


def _table(document: docx.document.Document, rows: Rows) -> docx.table.Table:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def with_header_text(path: Path, text: str) -> None:
    """Put `text` in the page header of the file's first section."""
    document = docx.Document(str(path))
    document.sections[0].header.paragraphs[0].text = text
    document.save(str(path))


def repeat_header(path: Path) -> None:
    """Mark the first row of every table as a header row Word repeats on each page."""
    document = docx.Document(str(path))
    for table in document.tables:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
    document.save(str(path))


def xlsx_file(
    path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(str(path))
    return path


def seed_complaint_docx(path: Path) -> Path:
    """The seeds' complaint-handling SOP as a company's Word file would have it."""
    return docx_file(path, [
        ("title", "客户投诉处理流程"),
        ("p", "文件编号：CS-101    版本：V1.0    生效日期：2026年7月1日"),
        ("p", "编制：张伟    审核：李娜    批准：王强"),
        ("h1", "一、目的"),
        ("p", "规范客户投诉处理，保证4小时内响应，24小时内给出解决方案。"),
        ("h1", "二、适用范围"),
        ("p", "起点：客户提出投诉"),
        ("p", "终点：投诉关闭"),
        ("h1", "三、流程说明"),
        ("table", [SEED_HEADER, *SEED_ROWS]),
        ("h1", "四、异常处理"),
        ("p", "若客户拒绝解决方案，由投诉主管重新协商；仍无法达成一致的，升级至运营总监协调。"),
        ("h1", "五、修订记录"),
        ("table", [("版本", "修订日期", "修订人", "修订内容"), ("1.0", "2026/6/20", "张伟", "首次发布")]),
    ])  # fmt: skip


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path
