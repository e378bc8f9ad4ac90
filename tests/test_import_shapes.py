"""More shapes of real Word and Excel SOPs, each a way an import could go wrong: ids
that are paths, tables that look like steps, merged and blank headers, roles over
several lines, sections that end, ids kept through an edit in Word. Each file is
written by python-docx or openpyxl and imported through the command line."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from sopc.model.sop import SOP
from tests.conftest import sopc
from tests.import_runs import imported
from tests.office_files import SEED_HEADER, SEED_ROWS, docx_file, with_header_text, xlsx_file

ROWS = [SEED_HEADER, *SEED_ROWS[:3]]


def report(root: Path, path: Path, *args: str) -> dict[str, Any]:
    done = sopc("import", str(path), "--format", "json", *args, cwd=root)
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in done.stderr
    return dict(json.loads(done.stdout))


def items(found: dict[str, Any], status: str) -> list[tuple[str, str]]:
    (sop,) = found["sops"]
    return [(i["field"], i["text"]) for i in sop["items"] if i["status"] == status]


def test_an_id_that_is_a_path_is_not_one(root: Path) -> None:
    path = docx_file(root / "path.docx", [
        ("title", "投诉处理"), ("p", "文件编号：../../escaped/ABS    版本：V1.0"), ("table", ROWS),
    ])  # fmt: skip
    found = report(root, path)
    (sop,) = found["sops"]
    assert Path(sop["path"]).parent == root / "sops"
    assert sop["id"] == "SOP-001"
    assert ("", "../../escaped/ABS") in items(found, "unknown")
    assert not (root.parent / "escaped").exists()


def test_a_bad_id_prefix_is_a_usage_error(root: Path) -> None:
    path = docx_file(root / "a.docx", [("title", "投诉处理"), ("table", ROWS)])
    done = sopc("import", str(path), "--id-prefix", "../x", cwd=root)
    assert done.returncode == 2
    assert "--id-prefix" in done.stderr


def test_a_second_step_table_in_one_sop_is_reported_not_a_second_sop(root: Path) -> None:
    path = docx_file(root / "annex.docx", [
        ("title", "投诉处理"), ("p", "文件编号：CS-301"), ("h1", "一、流程说明"), ("table", ROWS),
        ("h1", "六、附：退款子流程"), ("table", ROWS),
    ])  # fmt: skip
    found = report(root, path)
    (sop,) = found["sops"]
    assert sop["id"] == "CS-301"
    assert any(i["reason"] and "第二张步骤表" in i["reason"] for i in sop["items"])


def test_two_sops_in_one_file_each_with_its_id(root: Path) -> None:
    path = docx_file(root / "two.docx", [
        ("h1", "客户投诉处理流程"), ("p", "文件编号：CS-302"), ("table", ROWS),
        ("h1", "退款审批流程"), ("p", "文件编号：FIN-302"), ("table", ROWS),
    ])  # fmt: skip
    sops = imported(root, path)
    assert sorted((s.id, s.title) for s in sops) == [
        ("CS-302", "客户投诉处理流程"), ("FIN-302", "退款审批流程")
    ]  # fmt: skip


def test_a_control_table_is_not_a_step_table(root: Path) -> None:
    control = [("流程名称", "客户投诉处理流程", "负责人", "客服主管", "编号", "CS-303"),
               ("版本", "V1.0", "生效日期", "2026-07-01", "状态", "生效")]  # fmt: skip
    path = docx_file(root / "control.docx", [("table", control), ("table", ROWS)])
    (sop,) = imported(root, path, expect=1)  # 生效 with no 批准: the check says so
    assert (sop.id, sop.title, sop.version, sop.status, sop.owner) == (
        "CS-303", "客户投诉处理流程", "1.0", "effective", "cs-manager"
    )  # fmt: skip
    assert [s.title for s in sop.steps] == ["投诉接收", "投诉分类", "分派处理"]


def test_a_table_after_text_is_not_more_steps(root: Path) -> None:
    signatures = [
        ("签字人", "部门", "意见", "日期", "备注", "其他"),
        ("王强", "运营部", "同意", "", "", ""),
    ]
    path = docx_file(root / "after.docx", [
        ("title", "投诉处理"), ("table", ROWS), ("p", "附：审批签字栏"), ("table", signatures),
    ])  # fmt: skip
    (sop,) = imported(root, path)
    assert len(sop.steps) == 3


def test_a_header_of_two_rows_and_department_and_post_columns(root: Path) -> None:
    head = ("流程步骤", "操作说明", "责任部门/岗位", "责任部门/岗位", "时间要求")
    sub = ("流程步骤", "操作说明", "部门", "岗位", "时间要求")
    rows = [head, sub, ("1.投诉接收", "登记", "客服部", "客服专员", "即时"),
            ("2.投诉分类", "分类", "客服部", "投诉主管", "1小时")]  # fmt: skip
    path = docx_file(root / "two_rows.docx", [("title", "投诉处理"), ("table", rows)])
    (sop,) = imported(root, path)
    assert [s.role for s in sop.steps] == ["cs-agent", "投诉主管"]
    assert sop.roles["投诉主管"].department == "客服部"


def test_a_header_cell_over_two_columns_reads_both(root: Path) -> None:
    rows = [("流程步骤", "操作说明", "责任部门/岗位", "", "时间要求"),
            ("1.投诉接收", "登记", "客服部", "客服专员", "即时"),
            ("2.投诉分类", "分类", "客服部", "投诉主管", "1小时")]  # fmt: skip
    path = docx_file(root / "span.docx", [("title", "投诉处理"), ("table", rows)])
    document = docx.Document(str(path))
    header = document.tables[0].rows[0]
    header.cells[2].merge(header.cells[3])  # one header cell over 部门 and 岗位
    document.save(str(path))
    (sop,) = imported(root, path)
    assert [s.role for s in sop.steps] == ["cs-agent", "投诉主管"]
    assert sop.roles["投诉主管"].department == "客服部"


def test_a_column_without_a_header_is_kept(root: Path) -> None:
    rows = [(*SEED_HEADER, ""), (*SEED_ROWS[0], "客户要求回电")]
    path = docx_file(root / "blank.docx", [("title", "投诉处理"), ("table", rows)])
    (sop,) = imported(root, path)
    assert sop.steps[0].notes == ["客户要求回电"]


def test_roles_over_several_lines_are_the_role_and_its_support(root: Path) -> None:
    rows = [SEED_HEADER, ("1.投诉接收", "登记", "客服专员\n客服部\n客服主管", "即时", "", "")]
    path = docx_file(root / "lines.docx", [("title", "投诉处理"), ("table", rows)])
    (sop,) = imported(root, path)
    step = sop.steps[0]
    assert (step.role, step.support) == ("cs-agent", ["cs-manager"])


def test_titles_that_begin_with_a_chinese_numeral_keep_it(root: Path) -> None:
    rows = [SEED_HEADER, *[(t, "说明", "客服部/客服专员", "1小时", "", "") for t in
            ("一线受理", "二次复核", "三方会签", "十、归档")]]  # fmt: skip
    path = docx_file(root / "numerals.docx", [("title", "投诉处理"), ("table", rows)])
    (sop,) = imported(root, path)
    assert [s.title for s in sop.steps] == ["一线受理", "二次复核", "三方会签", "归档"]


def test_a_decision_column_and_an_ambiguous_target(root: Path) -> None:
    head = ("流程步骤", "操作说明", "责任部门/岗位", "时间要求", "判断")
    rows = [head,
            ("1.复核", "复核材料", "客服部/客服主管", "1小时", "是否合格？是→归档；否→受理"),
            ("2.受理", "受理", "客服部/客服专员", "1小时", "需要复核"),
            ("3.归档", "归档", "客服部/客服专员", "1小时", "是否完整？是→归档；否→受理"),
            ("4.归档", "再次归档", "客服部/客服专员", "1小时", "")]  # fmt: skip
    path = docx_file(root / "decide.docx", [("title", "投诉处理"), ("table", rows)])
    found = report(root, path)
    written = [t for f, t in items(found, "kept")]
    assert "需要复核" in written  # a flow without an arrow, kept
    (sop,) = found["sops"]
    yaml_sop = load(Path(sop["path"]))
    assert yaml_sop.steps[0].decision is None  # 归档 names two steps: kept, not guessed
    assert "是否合格？是→归档；否→受理" in yaml_sop.steps[0].notes


def load(path: Path) -> SOP:
    from sopc.sources import load_sop_file

    source = load_sop_file(path, path.name)
    assert source.sop is not None
    return source.sop


def test_an_unknown_heading_ends_the_section(root: Path) -> None:
    path = docx_file(root / "bleed.docx", [
        ("title", "投诉处理"), ("table", ROWS), ("h1", "四、异常处理"),
        ("p", "若客户拒绝方案，由客服主管重新协商。"), ("h1", "五、附则"),
        ("p", "如有未尽事宜，按公司相关规定执行。"),
    ])  # fmt: skip
    found = report(root, path)
    (sop,) = found["sops"]
    assert ("", "如有未尽事宜，按公司相关规定执行。") in items(found, "unknown")
    assert [e.when for e in load(Path(sop["path"])).exceptions] == ["客户拒绝方案"]


def test_months_and_due_dates_are_not_step_times(root: Path) -> None:
    rows = [SEED_HEADER, *[(f"{n}.步骤{n}", "说明", "客服部/客服专员", t, "", "") for n, t in
            enumerate(("1个月", "每月5日前", "每半年"), 1)]]  # fmt: skip
    path = docx_file(root / "months.docx", [("title", "投诉处理"), ("table", rows)])
    (sop,) = imported(root, path)
    assert [(s.time_limit, s.notes) for s in sop.steps] == [
        (None, ["1个月"]), (None, ["每月5日前"]), (None, ["每半年"])
    ]  # fmt: skip


def test_revisions_oldest_first_are_put_newest_first(root: Path) -> None:
    revisions = [("版本", "日期", "修订人", "修订内容"), ("1.0", "2025-01-02", "张伟", "首次发布"),
                 ("1.1", "2026-03-04", "李娜", "增加回访")]  # fmt: skip
    path = docx_file(root / "revisions.docx", [
        ("title", "投诉处理"), ("table", ROWS), ("h1", "修订记录"), ("table", revisions),
    ])  # fmt: skip
    (sop,) = imported(root, path)
    assert [r.version for r in sop.revisions] == ["1.1", "1.0"]


def test_a_page_header_gives_the_id_and_an_empty_signature_is_none(root: Path) -> None:
    path = docx_file(root / "header.docx", [
        ("title", "投诉处理"), ("p", "编制：张伟    审核：无"), ("table", ROWS),
    ])  # fmt: skip
    with_header_text(path, "文件编号：CS-307    版本：V3.0")
    (sop,) = imported(root, path)
    assert (sop.id, sop.version) == ("CS-307", "3.0")
    assert sop.approval is not None
    assert sop.approval.reviewer is None


def test_cells_inside_a_content_control_are_read(root: Path) -> None:
    path = docx_file(root / "sdt.docx", [("title", "投诉处理"), ("table", ROWS)])
    document = docx.Document(str(path))
    cell = document.tables[0].rows[1]._tr.tc_lst[2]  # 客服部/客服专员
    sdt = docx.oxml.OxmlElement("w:sdt")
    content = docx.oxml.OxmlElement("w:sdtContent")
    cell.addprevious(sdt)
    sdt.append(content)
    content.append(cell)
    document.save(str(path))
    (sop,) = imported(root, path)
    assert [s.role for s in sop.steps] == ["cs-agent", "投诉主管", "投诉主管"]


def test_formulas_excel_never_computed_are_reported(root: Path) -> None:
    rows = [SEED_HEADER[:4], ("1.投诉接收", "登记", "客服部/客服专员", '=CONCAT(2,"小时内")')]
    path = xlsx_file(root / "formulas.xlsx", {"流程": rows})
    found = report(root, path)
    assert ("", '=CONCAT(2,"小时内")') in items(found, "unknown")


def test_an_inserted_row_in_a_word_file_of_sopcs_keeps_the_other_ids(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent.parent / "examples", project,
                    ignore=shutil.ignore_patterns("site", ".sopc-cache"))  # fmt: skip
    built = sopc("build", str(project), "--format", "docx", "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    word = tmp_path / "site" / "docx" / "CS-001.docx"
    document = docx.Document(str(word))
    steps = next(t for t in document.tables if t.rows[0].cells[1].text == "操作内容")
    new = copy.deepcopy(steps.rows[1]._tr)  # a row inserted after step 1, then renamed
    steps.rows[1]._tr.addnext(new)
    for paragraph in steps.rows[2].cells[1].paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("登记客户投诉", "核对客户身份")
    document.save(str(word))
    for path in (project / "sops").iterdir():
        path.unlink()
    done = sopc("import", str(word), cwd=project)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    (path,) = (project / "sops").iterdir()
    ids = [s.id for s in load(path).steps]
    assert ids[0] == "receive"
    assert ids[1] == "s2"
    assert ids[2:5] == ["classify", "is-quality", "collect-evidence"]


@pytest.mark.parametrize("text", ["表1：客户投诉登记表", "注：所有岗位需对客户信息保密"])
def test_captions_in_a_duties_section_are_no_roles(root: Path, text: str) -> None:
    path = docx_file(root / "duties.docx", [
        ("title", "投诉处理"), ("h1", "职责"), ("p", "客服岗：接收并记录投诉"), ("p", text),
        ("table", ROWS),
    ])  # fmt: skip
    (sop,) = imported(root, path)
    assert "客服岗" in sop.roles
    assert all(name not in sop.roles for name in ("表1", "注"))


def test_docs_list_every_recognised_name() -> None:
    """docs/import.md's tables are the vocabulary's (`make docs` writes them)."""
    from sopc.commands.import_names import rewrite

    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    assert rewrite(docs) == docs, "docs/import.md is stale: run make docs"


def test_out_a_new_folder_outside_any_project(tmp_path: Path) -> None:
    """No sopc.yaml above: the new folder is the project; nothing above it is read."""
    (tmp_path / "stray.sop.yaml").write_text("id: CS-101\n", encoding="utf-8")
    path = docx_file(
        tmp_path / "a.docx", [("title", "投诉处理"), ("p", "编号：CS-101"), ("table", ROWS)]
    )
    out = tmp_path / "new" / "sops"
    dry = sopc("import", str(path), "--out", str(out), "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert not (tmp_path / "new").exists()
    done = sopc("import", str(path), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p.name for p in out.iterdir()] == ["CS-101-投诉处理.sop.yaml"]
