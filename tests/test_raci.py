"""The responsibility matrix (职责矩阵, sopc/render/raci.py): its letters for the
examples and for hand-written SOPs, the matrix on every SOP page, in the PDF and in
Word, and the manual-wide roles × SOPs page, which stays usable with many SOPs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from selenium import webdriver

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.render.raci import Duty, SopMatrix, manual_matrix, sop_matrix
from sopc.render.site import Manual, SopEntry
from tests._manual import Built, en, section, squeeze, table_rows, text_of, zh
from tests.browser import open_page, screenshot
from tests.conftest import TODAY, sopc

__all__ = ["en", "zh"]  # the fixtures: the examples built in Chinese and in English

R, A, C, INF = Duty.RESPONSIBLE, Duty.ACCOUNTABLE, Duty.CONSULTED, Duty.INFORMED


def letters(matrix: SopMatrix) -> dict[str, dict[str, set[Duty]]]:
    """Step id → role id → duties, the roles without any left out."""
    return {row.step.id: {r: set(d) for r, d in row.duties.items()} for row in matrix.rows}


def entry_of(manual: Manual, sop_id: str) -> SopEntry:
    entry = manual.by_id(sop_id)
    assert entry is not None
    return entry


# -- the letters --------------------------------------------------------------------------


def test_cs_001s_matrix(zh: Built) -> None:
    matrix = sop_matrix(entry_of(zh.manual, "CS-001"))
    assert matrix.roles == (
        "cs-supervisor", "cs-agent", "qc-manager", "qc-inspector", "ops-director",
        "fin-accountant", "cs-quality-monitor", "general-manager",
    )  # fmt: skip
    got = letters(matrix)
    # the owner (客服主管) answers for the step; 媒体曝光 can arise at any step: its
    # handler (运营总监) and the one it goes up to (总经理) hear of it everywhere
    assert got["receive"] == {"cs-supervisor": {A}, "cs-agent": {R}, "ops-director": {INF},
                              "general-manager": {INF}}  # fmt: skip
    assert got["classify"] == {"cs-supervisor": {R, A}, "qc-manager": {C}, "ops-director": {INF},
                               "general-manager": {INF}}  # fmt: skip
    assert got["is-quality"]["cs-supervisor"] == {R, A}  # a decision: the decider
    # 运营总监 decides the plan's approval: it is R/A, and the owner is not A there
    assert got["approve-plan"] == {"ops-director": {R, A}, "general-manager": {INF}}
    # 客户失联 at 回访: handled by 客服专员 (I), escalated to 客服主管 (already A)
    assert got["callback"] == {"cs-quality-monitor": {R}, "cs-supervisor": {A}, "cs-agent": {INF},
                               "ops-director": {INF}, "general-manager": {INF}}  # fmt: skip
    assert got["execute-plan"]["fin-accountant"] == {C}
    assert matrix.of("cs-agent") == {R, INF}
    assert matrix.of("general-manager") == {INF}
    for row in matrix.rows:  # one A per step
        assert sum(A in duties for duties in row.duties.values()) == 1, row.step.id


CONFIG = """\
name: 职责矩阵测试
roles:
  clerk: {name: 文员, department: 综合部}
  helper: {name: 协助员, department: 综合部}
  decider: {name: 审批人, department: 管理部}
  boss: {name: 流程负责人, department: 管理部}
  handler: {name: 异常处理员}
  director: {name: 总监, department: 管理部}
  gm: {name: 总经理, department: 管理部}
  idle: {name: 闲置岗位, department: 综合部}
"""

SOP = """\
id: OPS-001
title: 职责测试流程
version: "1.0"
status: draft
owner: boss
roles:
  local-clerk: {name: 本地文员, department: 综合部}
steps:
  - {id: a, title: 登记, role: clerk, support: [helper, clerk]}
  - id: b
    title: 审批
    role: decider
    decision: 是否通过？
    branches: [{when: 是, next: c}, {when: 否, next: end}]
  - {id: c, title: 执行, role: boss, support: [helper]}
  - id: d
    title: 无人判断
    decision: 是否归档？
    branches: [{when: 是, next: e}, {when: 否, next: end}]
  - {id: e, title: 归档, role: local-clerk, next: end}
exceptions:
  - {when: 登记出错, steps: [a], role: handler, escalate_to: director}
  - {when: 系统故障, escalate_to: gm}
  - {when: 归档缺件, steps: [e], role: local-clerk, escalate_to: boss}
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Manual:
    root = tmp_path_factory.mktemp("raci")
    (root / "sopc.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "sops").mkdir()
    (root / "sops" / "OPS-001-raci.sop.yaml").write_text(SOP, encoding="utf-8")
    result = check([root], today=TODAY, keep_files=True)
    assert result.project is not None
    return Manual.of(result.sources, result.project.config, TODAY)


def test_the_rules_on_a_hand_written_sop(written: Manual) -> None:
    got = letters(sop_matrix(entry_of(written, "OPS-001")))
    assert got == {
        # support of its own step is no C; an exception with steps reaches that step only
        "a": {"clerk": {R}, "boss": {A}, "helper": {C}, "handler": {INF}, "director": {INF},
              "gm": {INF}},
        "b": {"decider": {R, A}, "gm": {INF}},  # a decision: the decider is A, not the owner
        "c": {"boss": {R, A}, "helper": {C}, "gm": {INF}},  # the owner does it: R/A
        "d": {"boss": {A}, "gm": {INF}},  # a decision nobody is named for: the owner
        # the local role handles its own step's exception, the owner receives it: no I
        "e": {"local-clerk": {R}, "boss": {A}, "gm": {INF}},
    }  # fmt: skip


def test_the_manual_wide_matrix_has_every_role_and_sop(written: Manual, zh: Built) -> None:
    matrix = manual_matrix(written)
    rows = {row.role.key: row for _, group in matrix.departments for row in group}
    assert sorted(rows) == sorted(r.key for r in written.role_index())  # idle, local too
    assert rows["OPS-001-local-clerk"].of("OPS-001") == {R}
    assert rows["boss"].of("OPS-001") == {R, A}
    assert rows["gm"].of("OPS-001") == {INF}
    assert rows["idle"].cells == {}
    assert [name for name, _ in matrix.departments] == ["管理部", "综合部", ""]
    for name, group in matrix.departments:
        assert {row.role.definition.department or "" for row in group} == {name}
    examples = manual_matrix(zh.manual)
    assert [e.sop.id for e in examples.sops] == [e.sop.id for e in zh.manual.sops]
    for entry in zh.manual.sops:  # each cell is the role's duties anywhere in the SOP
        own = examples.per_sop[entry.sop.id]
        for role_id in own.roles:
            key = zh.manual.role_anchor(entry, role_id).removeprefix("role-")
            row = next(r for _, g in examples.departments for r in g if r.role.key == key)
            assert row.of(entry.sop.id) == own.of(role_id)


# -- where it is shown ---------------------------------------------------------------------


def expected_rows(built: Built, entry: SopEntry) -> list[list[str]]:
    """The matrix as its table shows it: a header, then one row per step."""
    t = translator(built.language)
    matrix = sop_matrix(entry)
    join = t("raci_join")
    cell = {R: t("raci_r"), A: t("raci_a"), C: t("raci_c"), INF: t("raci_i")}
    header = [t("raci_corner"), *(entry.role_name(r) for r in matrix.roles)]
    body = [
        [t("numbered", n=row.number, title=row.step.title)]
        + [join.join(cell[d] for d in Duty if d in row.of(r)) for r in matrix.roles]
        for row in matrix.rows
    ]
    return [header, *body]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_sop_page_carries_its_matrix(language: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    for entry in built.manual.sops:
        page = built.page(entry.page)
        raci = section(page, "raci")
        assert t("raci_key") in text_of(raci)
        assert table_rows(raci) == expected_rows(built, entry), entry.sop.id
        for step in entry.sop.steps:  # each row links to its step's row
            assert f'href="#step-{step.id}"' in raci
        # between the roles and the steps
        assert page.index(t("roles_duties")) < page.index(raci) < page.index('class="steps"')


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_pdf_carries_every_matrix(language: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    raw = built.pdf_text("-raw")  # the content's order: cell after cell, row after row
    assert raw.splitlines().count(t("raci")) == len(built.manual.sops)  # a heading per SOP
    text = squeeze(raw)
    assert squeeze(t("raci_key")) in text
    for entry in built.manual.sops:
        rows = expected_rows(built, entry)
        at = text.index(squeeze(" ".join(rows[0])))  # the roles' names, in order
        for row in rows[1:]:  # then each step's row: its title, its letters in order
            at = text.index(squeeze("".join(row)), at)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_word_file_carries_its_matrix(language: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    for entry in built.manual.sops:
        document = built.word(entry.sop.id)
        tables = [t_ for t_ in document.tables if t_.rows[0].cells[0].text == t("raci_corner")]
        assert len(tables) == 1, entry.sop.id
        shown = [[cell.text for cell in row.cells] for row in tables[0].rows]
        assert shown == expected_rows(built, entry)
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
        assert headings.index(t("raci")) == headings.index(t("roles_duties")) + 1
        assert t("raci_key") in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_manual_wide_page_lists_every_role_and_sop(
    language: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(language)
    t = translator(built.language)
    page = built.page("raci.html")
    matrix = manual_matrix(built.manual)
    rows = table_rows(page[page.index('<table class="raci raci-manual">') :])
    sops = built.manual.sops
    assert rows[0] == [t("raci_roles_sops"), *(f"{e.sop.id} {e.sop.title}" for e in sops)]
    expected = []
    for department, group in matrix.departments:
        expected.append([department or t("uncategorised")])
        for row in group:
            name = row.role.definition.name
            if row.role.local_to:
                name += " " + t("local_to", sop=row.role.local_to.sop.id)
            cells = [t("raci_join").join(t(f"raci_{d.value.lower()}") for d in Duty if d in row.of(e.sop.id)) for e in sops]  # fmt: skip
            expected.append([name, *cells])
    assert rows[1:] == expected
    roles = built.manual.role_index()
    assert len(roles) > 20
    for role in roles:  # every role links to its entry, every SOP to its page
        assert f'href="roles.html#role-{role.key}"' in page
    for entry in sops:
        assert f'href="{entry.page}"' in page


def many_sops(root: Path, count: int) -> Path:
    """A project of `count` SOPs over eight roles in four departments."""
    root.mkdir()
    roles = "\n".join(f"  r{n}: {{name: 岗位{n}, department: 部门{n % 4}}}" for n in range(8))
    (root / "sopc.yaml").write_text(f"name: 大型手册\nlanguage: zh-CN\nroles:\n{roles}\n", "utf-8")
    (root / "sops").mkdir()
    for n in range(count):
        sop = f"""\
            id: OPS-{n:03d}
            title: 第{n}号运营流程
            version: "1.0"
            status: draft
            owner: r{n % 8}
            steps:
              - {{id: a, title: 受理申请, role: r{(n + 1) % 8}, support: [r{(n + 2) % 8}], time_limit: 1wd}}
              - {{id: b, title: 办结申请, role: r{(n + 3) % 8}, time_limit: 2h, next: end}}
            exceptions:
              - {{when: 申请材料不全, action: 退回补正, role: r{(n + 1) % 8}, escalate_to: r{(n + 5) % 8}}}
            """
        (root / "sops" / f"OPS-{n:03d}-x.sop.yaml").write_text(textwrap.dedent(sop), "utf-8")
    return root


def test_the_manual_wide_page_stays_usable_with_many_sops(
    tmp_path: Path, browser: webdriver.Chrome
) -> None:
    """120 SOPs: the page itself never scrolls sideways; the matrix scrolls in its own box,
    and its head row and role column stay in view while it does."""
    root = many_sops(tmp_path / "big", 120)
    out = tmp_path / "site"
    run = sopc("build", str(root), "--format", "html", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    open_page(browser, out / "raci.html", 1400, 900)
    width = browser.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1]
    box = browser.execute_script(
        "const w = document.querySelector('.raci-wrap');"
        "return [w.scrollWidth, w.clientWidth, w.scrollHeight, w.clientHeight]"
    )
    assert box[0] > 3 * box[1]  # it scrolls sideways, inside its box
    assert box[2] > box[3]  # and down
    browser.execute_script(
        "const w = document.querySelector('.raci-wrap'); w.scrollLeft = 2000; w.scrollTop = 300;"
    )
    where = browser.execute_script(
        """const w = document.querySelector('.raci-wrap').getBoundingClientRect();
        const corner = document.querySelector('.raci-manual thead th').getBoundingClientRect();
        const head = document.querySelectorAll('.raci-manual thead th')[40].getBoundingClientRect();
        const roles = [...document.querySelectorAll('.raci-manual tbody th.raci-role')]
          .map(th => th.getBoundingClientRect()).filter(r => r.top > corner.bottom && r.bottom < w.bottom);
        return [w.left, w.top, corner.left, corner.top, head.top, roles.length, roles[0].left];"""
    )
    left, top, corner_left, corner_top, head_top, visible, role_left = where
    assert abs(corner_left - left) <= 1  # the corner stays
    assert abs(corner_top - top) <= 1
    assert abs(head_top - top) <= 1  # the SOPs' heads stay on top
    assert visible > 3
    assert abs(role_left - left) <= 1  # the roles stay on the left
    screenshot(browser, tmp_path / "raci-many.png")
