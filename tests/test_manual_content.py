"""What the manual lists: every form an SOP uses in its forms section (site, PDF,
Word), organisation-wide ones included; the role index's columns, saying what they
hold; a role whose id is its name shown once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.render.phrases import Phrases, plain
from sopc.render.site import Manual, SopEntry
from tests._manual import Built, en, section, squeeze, table_rows, text_of, zh
from tests.conftest import TODAY, sopc

__all__ = ["en", "zh"]  # the fixtures: the examples built in Chinese and in English


def entry_of(manual: Manual, sop_id: str) -> SopEntry:
    entry = manual.by_id(sop_id)
    assert entry is not None
    return entry


def forms_rows(built: Built, entry: SopEntry) -> list[list[str]]:
    """The SOP's forms section as its table shows it: a header, then a row per form."""
    t, say = translator(built.language), Phrases(built.manual)
    rows = [[t("form"), t("retention"), t("used_in")]]
    for use in entry.forms_used():
        name = use.form.name + (f" {t('paren', text=t('shared_form'))}" if use.shared else "")
        rows.append([name, say.duration(use.form.retention), plain(say.form_steps(entry, use))])
    return rows


def forms_table(page: str) -> str:
    table = page[page.index('<table class="forms-used">') :]
    return table[: table.index("</table>")]


def test_cs_001_lists_the_organisations_forms_it_uses(zh: Built) -> None:
    entry = entry_of(zh.manual, "CS-001")
    uses = entry.forms_used()
    assert [u.form_id for u in uses] == [
        "complaint-register",
        "complaint-plan",
        "payment-request",
        "callback-record",
    ]  # fmt: skip  (in the order the steps first name them)
    assert [u.shared for u in uses] == [True, False, True, False]
    assert forms_rows(zh, entry)[1] == [
        "客户投诉登记表 (全公司通用)",
        "3年",
        "登记客户投诉 (输出)、判定投诉严重程度 (输入)、关闭投诉工单 (输入)",
    ]
    forms = forms_table(zh.page("sops/CS-001.html"))
    assert 'href="../forms.html#form-complaint-register">客户投诉登记表</a>' in forms
    assert 'href="../forms.html#form-CS-001-complaint-plan">投诉处理方案审批表</a>' in forms
    assert 'href="#step-receive">登记客户投诉</a>' in forms


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_forms_section_lists_every_form_on_page_pdf_and_word(
    language: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    pdf = squeeze(built.pdf_text("-raw"))  # cell after cell, row after row
    for entry in built.manual.sops:
        expected = forms_rows(built, entry)
        referenced = {
            f for s in entry.sop.steps for f in s.inputs + s.outputs if f.startswith("form:")
        }
        assert len(expected) - 1 >= len(referenced | {f"form:{k}" for k in entry.sop.forms})
        page = built.page(entry.page)
        if len(expected) == 1:
            assert '<table class="forms-used">' not in page
            continue
        assert table_rows(forms_table(page)) == expected, entry.sop.id
        document = built.word(entry.sop.id)
        word = next(x for x in document.tables if x.rows[0].cells[0].text == t("form"))
        assert [[c.text for c in row.cells] for row in word.rows] == expected
        for row in expected[1:]:
            assert squeeze("".join(row)) in pdf, (entry.sop.id, row)


SOP = """\
id: OPS-001
title: 表单测试流程
version: "1.0"
status: draft
owner: cs-manager
forms:
  local-form: {name: 本流程记录, retention: permanent}
  unused-form: {name: 备用记录, retention: 6mo}
steps:
  - {id: a, title: 填写记录, role: cs-agent, inputs: ["form:local-form"], outputs: ["form:local-form", "form:complaint-register"]}
  - {id: b, title: 归档记录, role: cs-agent, inputs: ["form:complaint-register", 纸质材料], next: end}
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Manual:
    root = tmp_path_factory.mktemp("forms")
    config = "name: 表单测试\nlanguage: zh-CN\n" + CONFIG_ROLES
    (root / "sopc.yaml").write_text(config, encoding="utf-8")
    (root / "sops").mkdir()
    (root / "sops" / "OPS-001-forms.sop.yaml").write_text(SOP, encoding="utf-8")
    result = check([root], today=TODAY, keep_files=True)
    assert result.project is not None
    return Manual.of(result.sources, result.project.config, TODAY)


CONFIG_ROLES = """\
roles:
  cs-agent: {name: 客服专员, department: 客服部}
  cs-manager: {name: 客服主管, department: 客服部}
forms:
  complaint-register: {name: 客户投诉登记表, retention: 3y}
"""


def test_a_form_used_both_ways_and_an_unused_one(written: Manual) -> None:
    entry = entry_of(written, "OPS-001")
    say = Phrases(written)
    shown = [
        (u.form.name, u.shared, say.duration(u.form.retention), plain(say.form_steps(entry, u)))
        for u in entry.forms_used()
    ]
    assert shown == [
        ("本流程记录", False, "永久", "填写记录 (输入、输出)"),
        ("客户投诉登记表", True, "3年", "填写记录 (输出)、归档记录 (输入)"),
        ("备用记录", False, "6 个月", "—"),  # the SOP's own, which no step names
    ]


# -- the role index ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("zh", ["流程", "步骤 / 异常情形", "职责（负责 / 协助 / 处理异常 / 接收升级）", "时限"]),
        (
            "en",
            [
                "Procedures",
                "Step / exception",
                "Part (Performs / Supports / Handles exceptions / Receives escalation)",
                "Time limit",
            ],
        ),
    ],
)
def test_the_role_index_columns_say_what_they_hold(
    language: str, header: list[str], request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    page = built.page("roles.html")
    role = section(page, "role")  # the first role's section
    assert table_rows(role)[0] == header
    supervisor = page[page.index('id="role-cs-supervisor"') :]
    supervisor = supervisor[: supervisor.index("</section>")]
    by_sop = grouped(table_rows(supervisor)[1:])
    assert list(by_sop) == sorted(by_sop)  # the manual's order
    assert by_sop["CS-001 客户投诉处理流程"] == [
        ["判定投诉严重程度", t("performs"), Phrases(built.manual).limit(step_limit(built, "classify"))],
        ["判断投诉是否涉及产品质量", t("performs"), t("none")],
        ["核查服务过程记录", t("performs"), Phrases(built.manual).limit(step_limit(built, "review-service"))],
        ["制定投诉处理方案", t("performs"), Phrases(built.manual).limit(step_limit(built, "draft-plan"))],
        ["判断方案是否包含退换货", t("performs"), t("none")],
        ["关闭投诉工单", t("performs"), Phrases(built.manual).limit(step_limit(built, "close"))],
        ["客户不接受已批准的处理方案", t("handles"), Phrases(built.manual).limit(exception_within(built, "customer-rejects"))],
        ["客户连续 3 个工作日无法联系", t("receives_escalation"), Phrases(built.manual).limit(exception_within(built, "customer-unreachable"))],
    ]  # fmt: skip
    assert 'href="sops/CS-001.html#exception-customer-unreachable"' in supervisor


def grouped(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """The role's table by SOP: its first row has the SOP's cell, spanning the rest."""
    groups: dict[str, list[list[str]]] = {}
    for row in rows:
        if len(row) == 4:
            sop, row = row[0], row[1:]
        groups.setdefault(sop, []).append(row)
    return groups


def step_limit(built: Built, step_id: str) -> object:
    return next(s.time_limit for s in entry_of(built.manual, "CS-001").sop.steps if s.id == step_id)


def exception_within(built: Built, exc_id: str) -> object:
    return next(e.within for e in entry_of(built.manual, "CS-001").sop.exceptions if e.id == exc_id)


SAME_NAME = """\
name: 岗位测试
language: zh-CN
roles:
  客服专员: {name: 客服专员, department: 客服部}
  cs-manager: {name: 客服主管, department: 客服部}
"""

SAME_NAME_SOP = """\
id: OPS-002
title: 岗位测试流程
version: "1.0"
status: draft
owner: cs-manager
steps:
  - {id: a, title: 接待客户, role: 客服专员, time_limit: 30m, next: end}
"""


def test_a_role_whose_id_is_its_name_is_shown_once(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "sops").mkdir(parents=True)
    (root / "sopc.yaml").write_text(SAME_NAME, encoding="utf-8")
    (root / "sops" / "OPS-002-roles.sop.yaml").write_text(SAME_NAME_SOP, encoding="utf-8")
    out = tmp_path / "site"
    run = sopc("build", str(root), "--format", "html", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "roles.html").read_text(encoding="utf-8")
    same = re.search(r'<h2 id="role-title-客服专员">(.*?)</h2>', page, re.S)
    other = re.search(r'<h2 id="role-title-cs-manager">(.*?)</h2>', page, re.S)
    assert same is not None
    assert other is not None
    assert text_of(same[1]).strip() == "客服专员 客服部"
    assert text_of(other[1]).strip() == "客服主管 cs-manager · 客服部"  # the id says more
    assert "30 分钟" in page
