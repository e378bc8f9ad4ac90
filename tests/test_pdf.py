"""The PDF manual as readers and poppler see it: fonts, text, contents, running
heads, bookmarks, landscape charts, determinism, per-SOP copies, hostile text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BASE_SOP, CONFIG, CS_PATH, Project
from tests.conftest import sopc as run_sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ENV = {"SOURCE_DATE_EPOCH": "1795132800"}  # 2026-11-20 00:00 UTC
MANUAL = "澄川电器运营管理-SOP-手册.pdf"


def sopc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_sopc(*args, "--lang", "en", cwd=cwd, env=ENV)  # the English wording asserted


def poppler(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))  # type: ignore[union-attr]


def page_text(pdf: Path, page: int, *mode: str) -> str:
    """The page's text; `-layout` keeps the contents' lines, `-raw` each table cell's."""
    return poppler("pdftotext", *mode, "-f", str(page), "-l", str(page), str(pdf), "-")


def contents(pdf: Path) -> list[tuple[str, int]]:
    """(SOP id, first page) from the contents page, in its order."""
    text = page_text(pdf, 2, "-layout")
    return [
        (sop_id, int(page)) for sop_id, page in re.findall(r"^(\S+-\d{3})\b.*?(\d+)$", text, re.M)
    ]


def squeeze(text: str) -> str:
    """Text without whitespace: table cells wrap long titles over several lines (and
    long words at zero-width spaces)."""
    return re.sub(r"[\s\u200b]+", "", text)


def example_sops() -> list[dict[str, object]]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n"))
        for path in sorted((EXAMPLES / "sops").iterdir())
    ]


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "site"
    run = sopc("build", str(EXAMPLES), "--format", "pdf", "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 PDF for 7 SOPs" in run.stdout
    return out / MANUAL


def test_a_cjk_font_is_embedded_and_subset(manual: Path) -> None:
    fonts = poppler("pdffonts", str(manual)).splitlines()[2:]
    cjk = [line for line in fonts if "Noto-Sans-CJK-SC" in line]
    assert cjk, fonts
    for line in fonts:  # every font: embedded, subset, with a Unicode map (selectable text)
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line


def test_every_title_and_step_is_selectable_text(manual: Path) -> None:
    text = squeeze(poppler("pdftotext", "-raw", str(manual), "-"))
    sops = example_sops()
    assert len(sops) == 7
    for sop in sops:
        assert squeeze(str(sop["title"])) in text
        for step in sop["steps"]:  # type: ignore[attr-defined]
            assert squeeze(step["title"]) in text, step["title"]


def test_the_cover_names_the_manual_and_the_controlled_copy(manual: Path) -> None:
    cover = page_text(manual, 1)
    assert "苏州澄川智能电器有限公司" in cover
    assert "澄川电器运营管理 SOP 手册" in cover
    assert "受控副本编号" in cover
    assert "2026-11-20" in cover  # the build date, from SOURCE_DATE_EPOCH
    assert "第 1 页" not in cover  # no running head or page number on the cover


def test_the_contents_give_each_sops_first_page(manual: Path) -> None:
    assert "目录" in page_text(manual, 2)
    entries = contents(manual)
    sops = {str(sop["id"]): str(sop["title"]) for sop in example_sops()}
    assert sorted(sop_id for sop_id, _page in entries) == sorted(sops)
    assert [page for _id, page in entries] == sorted(page for _id, page in entries)
    for sop_id, first in entries:
        page = page_text(manual, first)
        assert page.startswith(f"{sop_id} {sops[sop_id]}\n"), (sop_id, page[:40])  # running head
        assert f"{sop_id} · 版本" in page  # the SOP's own heading: it starts here
        previous = page_text(manual, first - 1)
        assert not previous.startswith(f"{sop_id} "), "the SOP starts on a new page"


def test_sop_pages_carry_running_heads_and_page_x_of_y(manual: Path) -> None:
    total = page_count(manual)
    assert total > 20
    starts = sorted((page, sop_id) for sop_id, page in contents(manual))
    versions = {str(sop["id"]): str(sop["version"]) for sop in example_sops()}
    titles = {str(sop["id"]): str(sop["title"]) for sop in example_sops()}
    effective = {str(sop["id"]): str(sop.get("effective_date", "—")) for sop in example_sops()}
    for number in range(starts[0][0], total + 1):
        sop_id = [sop_id for first, sop_id in starts if first <= number][-1]
        text = page_text(manual, number)
        assert text.startswith(f"{sop_id} "), (number, text[:40])
        head = page_text(manual, number, "-layout").lstrip().splitlines()[0]
        assert head.split()[:2] == [sop_id, titles[sop_id].split()[0]], number
        assert head.endswith(f"版本 {versions[sop_id]}"), number
        assert squeeze(f"第 {number} 页 / 共 {total} 页") in squeeze(text), number
        assert squeeze(f"生效日期 {effective[sop_id]}") in squeeze(text), number


def test_bookmarks_outline_every_sop_and_its_sections(manual: Path) -> None:
    xml = poppler("pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", str(manual))
    outline = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
    titles = [title for _page, title in outline]
    assert titles[0] == "目录"
    for sop in example_sops():
        assert f"{sop['id']} {sop['title']}" in titles
    assert titles.count("操作步骤") == len(example_sops())
    for sop_id, first in contents(manual):
        assert any(int(p) == first and t.startswith(sop_id + " ") for p, t in outline)


def test_wide_flowcharts_get_landscape_pages_as_vector_graphics(manual: Path) -> None:
    sizes = re.findall(
        r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)",
        poppler("pdfinfo", "-f", "1", "-l", "999", str(manual)),
        re.M,
    )
    landscape = [int(page) for page, width, height in sizes if float(width) > float(height)]
    assert landscape, "the examples' LR charts are wide"
    first = page_text(manual, landscape[0])
    assert "流程图" in first
    assert "开始" in first  # the chart's own labels are text, not pixels
    assert "（第 1 部分，共 3 部分）" in first  # split at 7 pt: its parts follow
    last = page_text(manual, landscape[0] + 2)
    assert "结束" in last
    assert "（第 3 部分，共 3 部分）" in last
    assert squeeze(f"第 {landscape[0]} 页") in squeeze(first)  # landscape pages keep the foot
    images = poppler("pdfimages", "-list", str(manual)).splitlines()
    assert len(images) == 2, images  # the header only: no chart was rasterised


def test_same_input_same_bytes(manual: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    run = sopc("build", str(EXAMPLES), "--format", "pdf", "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stderr
    assert (out / MANUAL).read_bytes() == manual.read_bytes()
    info = poppler("pdfinfo", str(manual))
    assert "CreationDate:    Fri Nov 20 00:00:00 2026" in info


def test_per_sop_pdfs_are_numbered_on_their_own(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root)
    config = root / "sopc.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("pdf_per_sop: false", "pdf_per_sop: true"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = sopc("build", str(root), "--format", "html,pdf", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "8 PDFs" in run.stdout
    single = out / "pdf" / "CS-001.pdf"
    pages = page_count(single)
    first = page_text(single, 1)
    assert first.startswith("CS-001 客户投诉处理流程")
    assert squeeze(f"第 1 页 / 共 {pages} 页") in squeeze(first)
    assert "目录" not in first
    page = (out / "sops" / "CS-001.html").read_text(encoding="utf-8")
    assert 'href="../pdf/CS-001.pdf"' in page  # the site offers the copy
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{MANUAL}"' in index


def test_hostile_text_stays_text_and_nothing_is_fetched(project: Project, tmp_path: Path) -> None:
    title = '投诉</style><script>alert(1)</script> ")} \\ {{ x }} <b>粗</b>'
    secret = tmp_path / "secret.png"
    shutil.copyfile(REPO / "docs" / "screenshot-sop.png", secret)
    purpose = (
        f"![本地]({secret.as_uri()}) ![相对](../secret.png) ![远程](http://127.0.0.1:9/x.png) "
        "[坏链接](javascript:alert(1)) 见 [CS-001](sop:CS-001)"
    )
    long_word = "Z" * 20000  # over dot's 16 KiB string limit; no break opportunity
    text = (
        BASE_SOP.replace("title: 客户投诉处理流程", f"title: '{title}'")
        .replace("purpose: 规范客户投诉处理。", f"purpose: '{purpose}'")
        .replace("title: 接收并登记投诉", f"title: {long_word}")
    )
    root = project({CS_PATH: text})
    out = tmp_path / "out"
    run = sopc("build", str(root), "--format", "pdf", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    pdf = next(out.glob("*.pdf"))
    plain = poppler("pdftotext", "-raw", str(pdf), "-")
    assert squeeze(title) in squeeze(plain)
    assert plain.count("Z") >= 20000  # all of it wrapped in its cell, none cut at the edge
    assert len(poppler("pdfimages", "-list", str(pdf)).splitlines()) == 2  # no image fetched
    assert "javascript" not in pdf.read_bytes().decode("latin-1")


def test_english_manuals_have_english_labels(project: Project, tmp_path: Path) -> None:
    root = project(config=CONFIG + "language: en\n")
    out = tmp_path / "out"
    run = sopc("build", str(root), "--format", "pdf", "--out", str(out))
    assert run.returncode == 0, run.stderr
    pdf = next(out.glob("*.pdf"))
    assert "Contents" in page_text(pdf, 2)
    assert squeeze(f"Page 3 of {page_count(pdf)}") in squeeze(page_text(pdf, 3))


def test_unknown_formats_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = sopc("build", str(EXAMPLES), "--format", "pdf,xls", "--out", str(out))
    assert run.returncode == 2
    assert "unknown format xls" in run.stderr
    assert not out.exists()


def test_html_builds_never_import_weasyprint_or_docx(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from sopc.commands.build import build; "
        f"r = build([Path({str(EXAMPLES)!r})], out=Path({str(tmp_path / 'o')!r}), "
        "formats=['html'], use_cache=False); "
        "assert r.status == 0 and r.pages, r; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'docx', 'pikepdf', 'uharfbuzz')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
