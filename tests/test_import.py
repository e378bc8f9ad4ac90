"""`sopc import` on Word and Excel files in the seeds' shapes, written by python-docx and
openpyxl into temporary projects, imported as a user would (the command line), and
the results read back with sopc's own loader and checked with `sopc check`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from sopc.model.types import Duration
from sopc.sources import load_sop_file
from tests.conftest import run_check, sopc
from tests.import_runs import imported
from tests.office_files import (
    SEED_HEADER,
    SEED_ROWS,
    docx_file,
    repeat_header,
    seed_complaint_docx,
    xlsx_file,
)


def limit(value: object) -> tuple[Decimal, str]:
    assert isinstance(value, Duration)
    return value.amount, value.unit.value


def test_the_seeds_complaint_template_imports_step_for_step(root: Path) -> None:
    """The acceptance: the seeds' 客户投诉处理流程 table, as its Word file has it."""
    (sop,) = imported(root, seed_complaint_docx(root / "complaint.docx"))
    assert (sop.id, sop.title, sop.version, sop.status) == (
        "CS-101",
        "客户投诉处理流程",
        "1.0",
        "draft",
    )
    assert [s.title for s in sop.steps] == [row[0].split(".", 1)[1] for row in SEED_ROWS]
    assert [s.role for s in sop.steps] == [
        "cs-agent",
        "投诉主管",
        "投诉主管",
        "品控专员",
        "cs-agent",
    ]
    assert sop.roles["投诉主管"].department == "客服部"
    assert [limit(s.time_limit) for s in sop.steps] == [
        (0, "m"), (30, "m"), (1, "h"), (1, "wd"), (3, "wd")
    ]  # fmt: skip
    assert [s.outputs for s in sop.steps] == [
        ["form:complaint-register"], ["form:投诉分类与优先级表"], ["form:投诉分派通知单"],
        ["《投诉处理报告》"], ["form:客户回访记录表"],
    ]  # fmt: skip
    assert sop.forms["投诉分派通知单"].name == "投诉分派通知单"
    assert [s.control for s in sop.steps] == [row[5] for row in SEED_ROWS]
    assert [s.standard for s in sop.steps] == [row[1] for row in SEED_ROWS]
    assert sop.approval is not None
    assert sop.approval.author is not None
    assert sop.approval.author.name == "张伟"
    assert str(sop.effective_date) == "2026-07-01"
    (exception,) = sop.exceptions
    assert (exception.when, exception.role, exception.escalate_to) == (
        "客户拒绝解决方案", "投诉主管", "ops-director"
    )  # fmt: skip
    assert [(r.version, str(r.date), r.author) for r in sop.revisions] == [
        ("1.0", "2026-06-20", "张伟")
    ]
    errors = [f for f in run_check(root).findings if f.severity and f.severity.rank >= 2]
    assert errors == []


def test_a_merged_responsibility_column_names_the_role_on_every_row(root: Path) -> None:
    rows = [SEED_HEADER, *SEED_ROWS[:3]]
    rows = [rows[0], rows[1], (*rows[2][:2], "客服部/投诉主管", *rows[2][3:]),
            (*rows[3][:2], "", *rows[3][3:])]  # fmt: skip
    path = docx_file(root / "merged.docx", [("title", "投诉处理"), ("merged", (rows, [(2, 2, 1)]))])
    (sop,) = imported(root, path)
    assert [s.role for s in sop.steps] == ["cs-agent", "投诉主管", "投诉主管"]


def test_a_table_split_in_two_with_its_header_repeated_and_an_empty_row(root: Path) -> None:
    first = [SEED_HEADER, *SEED_ROWS[:2], ("", "", "", "", "", "")]
    second = [SEED_HEADER, *SEED_ROWS[2:]]
    path = docx_file(root / "split.docx", [
        ("title", "投诉处理"), ("table", first), ("p", ""), ("table", second),
    ])  # fmt: skip
    repeat_header(path)
    (sop,) = imported(root, path)
    assert [s.id for s in sop.steps] == ["s1", "s2", "s3", "s4", "s5"]
    assert "流程步骤" not in [s.title for s in sop.steps]


@pytest.mark.parametrize(
    "numbers",
    [("1.", "2.", "3."), ("步骤1：", "步骤2：", "步骤3："), ("（一）", "（二）", "（三）")],
)
def test_step_numbering_is_not_part_of_the_title(root: Path, numbers: tuple[str, ...]) -> None:
    rows = [(f"{n}{title}", "说明", "客服部/客服专员", "1个工作日", "", "")
            for n, title in zip(numbers, ("接收", "分类", "关闭"), strict=True)]  # fmt: skip
    path = docx_file(
        root / "numbered.docx", [("title", "投诉处理"), ("table", [SEED_HEADER, *rows])]
    )
    (sop,) = imported(root, path)
    assert [s.title for s in sop.steps] == ["接收", "分类", "关闭"]


def test_full_width_punctuation_and_digits(root: Path) -> None:
    head = (
        "流程步骤：",
        "操作说明",
        "责任部门／岗位",
        "时间要求（必填）",
        "输出成果",
        "关键控制点",
    )
    rows = [("１．投诉接收", "登记", "客服部／客服专员", "２个工作日内", "《客户投诉登记表》", "—")]
    path = docx_file(root / "wide.docx", [("title", "投诉处理"), ("table", [head, *rows])])
    (sop,) = imported(root, path)
    step = sop.steps[0]
    assert (step.title, step.role, limit(step.time_limit)) == ("投诉接收", "cs-agent", (2, "wd"))
    assert step.outputs == ["form:complaint-register"]
    assert step.control is None


def test_case_limits_in_prose_become_cases(root: Path) -> None:
    rows = [("1.审批方案", "审批", "客服部/客服主管",
             "一般投诉2个工作日，严重投诉3个工作日，重大投诉5个工作日", "", "")]  # fmt: skip
    path = docx_file(root / "cases.docx", [("title", "投诉处理"), ("table", [SEED_HEADER, *rows])])
    (sop,) = imported(root, path)
    assert sop.cases is not None
    assert (sop.cases.name, sop.cases.values) == ("情形", ["一般", "严重", "重大"])
    time_limit = sop.steps[0].time_limit
    assert isinstance(time_limit, dict)
    assert {case: limit(d) for case, d in time_limit.items()} == {
        "一般": (2, "wd"), "严重": (3, "wd"), "重大": (5, "wd")
    }  # fmt: skip


def test_a_decision_in_prose_becomes_branches(root: Path) -> None:
    rows = [("1.判断赔偿", "是否涉及赔偿？是→赔偿审批；否→回复客户", "客服部/客服主管", "1小时", "", ""),
            ("2.赔偿审批", "审批赔偿金额", "运营部/运营总监", "1个工作日", "", ""),
            ("3.回复客户", "电话回复", "客服部/客服专员", "1个工作日", "", "")]  # fmt: skip
    path = docx_file(root / "decision.docx", [("title", "赔偿"), ("table", [SEED_HEADER, *rows])])
    (sop,) = imported(root, path)
    step = sop.steps[0]
    assert step.decision == "是否涉及赔偿？"
    assert [(b.when, b.next) for b in step.branches or []] == [("是", "s2"), ("否", "s3")]
    assert step.standard is None


def test_what_cannot_be_read_is_kept_and_reported_with_its_cell(root: Path) -> None:
    head = (*SEED_HEADER, "风险等级")
    rows = [("1.投诉接收", "登记", "客服部/客服专员", "视情况而定", "", "", "高")]
    path = docx_file(root / "vague.docx", [("title", "投诉处理"), ("table", [head, *rows])])
    done = sopc("import", str(path), "--format", "json", cwd=root)
    report = json.loads(done.stdout)
    (sop,) = report["sops"]
    kept = [(i["field"], i["text"], i["place"]) for i in sop["items"] if i["status"] == "kept"]
    assert kept == [
        ("steps[0].notes", "视情况而定", {"table": 1, "row": 2, "column": 4}),
        ("steps[0].notes", "风险等级：高", {"table": 1, "row": 2, "column": 7}),
    ]
    written = load_sop_file(Path(sop["path"]), "x.sop.yaml").sop
    assert written is not None
    assert written.steps[0].notes == ["视情况而定", "风险等级：高"]
    assert written.steps[0].time_limit is None


def test_an_excel_sheet_with_a_title_row_and_merged_cells(root: Path) -> None:
    rows = [
        ("采购申请流程", "", "", "", "", ""),
        ("编号", "PUR-101", "版本", "2.0", "", ""),
        ("步骤", "工作内容", "责任人", "时限", "输出", "备注"),
        ("1", "提交请购", "客服专员", "1个工作日", "《请购单》", ""),
        ("2", "审批请购", "客服主管", "2个工作日", "审批意见", "超预算须附说明"),
        ("3", "归档", "客服主管", "当日", "", ""),
    ]
    path = xlsx_file(root / "purchase.xlsx", {"采购": rows, "修订记录": [
        ("版本", "日期", "修订人", "修订内容"), ("2.0", "2026-05-01", "孙立", "增加审批")
    ]}, merges={"采购": ["A1:F1", "C5:C6"]})  # fmt: skip
    (sop,) = imported(root, path)
    assert (sop.id, sop.title, sop.version) == ("PUR-101", "采购申请流程", "2.0")
    assert [(s.title, s.role) for s in sop.steps] == [
        ("提交请购", "cs-agent"), ("审批请购", "cs-manager"), ("归档", "cs-manager")
    ]  # fmt: skip
    assert sop.steps[0].outputs == ["form:请购单"]
    assert sop.steps[1].notes == ["超预算须附说明"]
    assert limit(sop.steps[2].time_limit) == (1, "wd")
    assert [r.version for r in sop.revisions] == ["2.0"]


def test_an_existing_file_is_never_overwritten(root: Path) -> None:
    path = seed_complaint_docx(root / "complaint.docx")
    assert len(imported(root, path)) == 1
    (written,) = (root / "sops").iterdir()
    before = written.read_bytes()
    written.write_bytes(before + b"# edited by hand\n")
    done = sopc("import", str(path), cwd=root)
    assert done.returncode == 1
    assert "CS-101" in done.stdout
    assert written.read_bytes() == before + b"# edited by hand\n"
    assert list((root / "sops").iterdir()) == [written]


def test_a_link_where_the_file_would_go_is_left_alone(root: Path) -> None:
    path = seed_complaint_docx(root / "complaint.docx")
    link = root / "sops" / "CS-101-客户投诉处理流程.sop.yaml"
    link.symlink_to(root / "elsewhere.yaml")  # dangling: the import must not create it
    done = sopc("import", str(path), cwd=root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "internal error" not in done.stderr
    assert "没有覆盖" in done.stdout
    assert link.is_symlink()
    assert not (root / "elsewhere.yaml").exists()


def test_dry_run_writes_nothing_and_reports_the_check(root: Path) -> None:
    path = seed_complaint_docx(root / "complaint.docx")
    done = sopc("import", str(path), "--dry-run", cwd=root)
    assert done.returncode == 0, done.stdout
    assert list((root / "sops").iterdir()) == []
    assert "试运行" in done.stdout
    assert "检查：未发现问题" in done.stdout


def test_same_file_same_bytes_and_an_id_prefix(tmp_path: Path) -> None:
    rows = [SEED_HEADER, *SEED_ROWS]
    path = docx_file(tmp_path / "noid.docx", [("title", "投诉处理"), ("table", rows)])
    texts = []
    for out in ("a", "b"):  # two folders, each a project of its own
        (tmp_path / out).mkdir()
        done = sopc("import", str(path), "--out", "sops", "--id-prefix", "QA", cwd=tmp_path / out)
        assert done.returncode == 0, done.stdout
        (written,) = (tmp_path / out / "sops").iterdir()
        assert written.name == "QA-001-投诉处理.sop.yaml"
        texts.append(written.read_bytes())
    assert texts[0] == texts[1]


def test_yaml_and_markup_in_cells_stay_text(root: Path) -> None:
    hostile = ["key: value #x", "*alias", "!!python/object:os.system", '"{{ x }}"', "- item"]
    rows = [(f"{i + 1}.{text}", text, "客服部/客服专员", "1小时", text, text)
            for i, text in enumerate(hostile)]  # fmt: skip
    path = docx_file(root / "hostile.docx", [("title", "a: b"), ("table", [SEED_HEADER, *rows])])
    (sop,) = imported(root, path)
    assert sop.title == "a: b"
    assert [s.title for s in sop.steps] == hostile
    assert [s.control for s in sop.steps] == hostile
