"""The bound PDF manual (sopc.render.book, binder, fonts) read with poppler and pikepdf:
links and bookmarks land on the right pages, page numbers run without gaps, one font
subset per face draws what each part drew, department manuals, incremental builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from tests.conftest import BASE_SOP, CONFIG, CS_PATH, FIN_PATH, FIN_SOP, Project
from tests.test_pdf import EXAMPLES, MANUAL, example_sops, page_count, page_text, sopc, squeeze

NAME = MANUAL.removesuffix(".pdf")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples with every volume: the manual, department manuals, SOPs' own PDFs."""
    root = tmp_path_factory.mktemp("book") / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".sopc-cache", "site"))
    config = root / "sopc.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("pdf_per_sop: false", "pdf_per_sop: true")
    text = text.replace("pdf_manuals: [all]", "pdf_manuals: [all, department]")
    assert "pdf_manuals: [all, department]" in text
    config.write_text(text, encoding="utf-8")
    run = sopc("build", str(root), "--format", "html,pdf", "--out", str(root / "site"))
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def departments() -> dict[str, list[str]]:
    listed: dict[str, list[str]] = {}
    for sop in example_sops():
        for name in sop.get("departments") or []:  # type: ignore[attr-defined]
            listed.setdefault(str(name), []).append(str(sop["id"]))
    return listed


def stamps(pdf: Path) -> list[str]:
    """The `第 X 页 / 共 Y 页` of each page, "" where a page has none. Read without
    spaces: pdftotext leaves them out of a short line (`共 9 页`), though the glyphs
    stand as far apart as in `共 17 页`."""
    found = []
    for number in range(1, page_count(pdf) + 1):
        match = re.search(r"第(\d+)页/共(\d+)页", squeeze(page_text(pdf, number)))
        found.append(f"第 {match.group(1)} 页 / 共 {match.group(2)} 页" if match else "")
    return found


def contents(pdf: Path) -> dict[str, int]:
    text = "".join(page_text(pdf, n, "-layout") for n in range(2, 4))
    return {
        sop_id: int(page) for sop_id, page in re.findall(r"^(\S+-\d{3})\b.*?(\d+)$", text, re.M)
    }


def test_page_numbers_run_from_1_to_y_without_gaps(book: Path) -> None:
    for pdf in [book / "site" / MANUAL, *sorted((book / "site").glob(f"{NAME}-*.pdf"))]:
        total = page_count(pdf)
        found = stamps(pdf)
        assert found[0] == ""  # the cover
        assert found[1:] == [f"第 {n} 页 / 共 {total} 页" for n in range(2, total + 1)], pdf.name


def test_every_link_lands_on_a_page_of_the_file(book: Path) -> None:
    with pikepdf.open(book / "site" / MANUAL) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        names = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        links = []
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                assert action is None or "sopc.invalid" not in str(action.get("/URI", ""))
                if "/Dest" in annot:
                    dest = names[str(annot.Dest)]
                    links.append((number, str(annot.Dest), pages[dest[0].objgen]))
        firsts = {name: page for _from, name, page in links if name.startswith("sop-")}
        assert {name.removeprefix("sop-"): page for name, page in firsts.items()} == contents(
            book / "site" / MANUAL
        )
        from_contents = {name for page, name, _to in links if page == 2}
        assert from_contents == {f"sop-{sop['id']}" for sop in example_sops()}
        assert len(links) > 100  # steps, forms, flow, references: inside each SOP too


def test_the_outline_holds_each_sop_and_its_sections_on_their_pages(book: Path) -> None:
    pdf_path = book / "site" / MANUAL
    starts = contents(pdf_path)
    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        items = list(outline.root)
        assert items[0].title == "目录"
        sops = {item.title.split()[0]: item for item in items[1:]}
        assert set(sops) == set(starts)
        for sop_id, item in sops.items():
            assert pages[item.destination[0].objgen] == starts[sop_id]
            titles = [child.title for child in item.children]
            assert {"操作步骤", "修订记录"} <= set(titles), titles
            child_pages = [pages[child.destination[0].objgen] for child in item.children]
            assert child_pages == sorted(child_pages)
            assert child_pages[0] == starts[sop_id]


def test_one_font_subset_per_face_draws_what_each_part_drew(book: Path) -> None:
    manual = book / "site" / MANUAL
    programs: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(manual) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile2", "/FontFile3"):
                    if key in obj:
                        programs.setdefault(str(obj.FontName), set()).add(obj[key].objgen)
    assert programs
    assert all(len(streams) == 1 for streams in programs.values()), programs
    fonts = subprocess.run(["pdffonts", str(manual)], capture_output=True, text=True, check=True)
    for line in fonts.stdout.splitlines()[2:]:
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, Unicode
    # CS-001's pages, in the manual (shared subset) and in its own PDF (its own subset):
    # the same pixels above the foot, which alone differs (第 X 页 / 共 Y 页)
    first = contents(manual)["CS-001"]
    own = book / "site" / "pdf" / "CS-001.pdf"
    for offset in range(page_count(own)):
        bound, alone = render(manual, first + offset), render(own, 1 + offset)
        assert bound.size == alone.size
        foot = bound.size[1] - round(20 / 25.4 * 60)  # the bottom margin (20 mm) at 60 dpi
        box = (0, 0, bound.size[0], foot)
        assert ImageChops.difference(bound.crop(box), alone.crop(box)).getbbox() is None, offset


def render(pdf: Path, page: int, dpi: int = 60) -> Image.Image:
    from io import BytesIO

    done = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return Image.open(BytesIO(done.stdout)).convert("L")


def test_department_manuals_hold_their_sops_and_number_on_their_own(book: Path) -> None:
    site = book / "site"
    listed = departments()
    assert len(listed) >= 5
    index = (site / "index.html").read_text(encoding="utf-8")
    for department, sop_ids in listed.items():
        pdf = site / f"{NAME}-{department}.pdf"
        assert pdf.is_file(), department
        assert f'href="{pdf.name}"' in index
        cover = page_text(pdf, 1)
        assert department in cover
        assert "澄川电器运营管理 SOP 手册" in cover
        starts = contents(pdf)
        assert sorted(starts) == sorted(sop_ids), department
        for sop_id, first in starts.items():
            assert page_text(pdf, first).startswith(f"{sop_id} ")
    # a link to an SOP outside the department goes; its text stays
    with pikepdf.open(site / f"{NAME}-{next(iter(listed))}.pdf") as document:
        names = set(dict(pikepdf.NameTree(document.Root.Names.Dests).items()))
        for page in document.pages:
            for annot in page.get("/Annots", []):
                assert "/A" not in annot or "sopc.invalid" not in str(annot.A.get("/URI", ""))
                assert "/Dest" not in annot or str(annot.Dest) in names


def test_the_bound_manual_is_the_one_document_manual_page_for_page(
    book: Path, tmp_path: Path
) -> None:
    """Bare WeasyPrint laying the manual out as one document, as sopc did before
    parts: the same pages, to the pixel (at 40 dpi)."""
    from datetime import date

    from sopc.commands.check import check
    from sopc.render.charts import draw_flowcharts
    from sopc.render.pdf import PrintDocuments, lay_out
    from sopc.render.site import Manual

    today = date(2026, 11, 20)  # ENV's SOURCE_DATE_EPOCH
    checked = check([book], today=today, keep_files=True)
    manual = Manual.of(checked.sources, checked.project.config, today, None)
    charts = draw_flowcharts(manual, None, None, screen=False, paper=True, word=False)
    one = tmp_path / "one.pdf"
    one.write_bytes(lay_out(PrintDocuments(manual, charts.paper, None).one_document())[0])
    bound = book / "site" / MANUAL
    assert page_count(one) == page_count(bound)
    for number in range(1, page_count(one) + 1):
        a, b = render(one, number, dpi=40), render(bound, number, dpi=40)
        assert ImageChops.difference(a, b).getbbox() is None, number


def test_changing_one_step_lays_out_one_part_and_matches_a_cold_build(
    book: Path, tmp_path: Path
) -> None:
    book = shutil.copytree(book, tmp_path / "project")  # the other tests' project stays
    parts = book / ".sopc-cache" / "pdf" / "parts"
    before = {path: path.stat().st_mtime_ns for path in parts.glob("*.pdf")}
    assert len(before) == len(example_sops())
    sop = book / "sops" / "CS-001-complaint-handling.sop.yaml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace("title: 登记客户投诉", "title: 登记客户的投诉"),
        encoding="utf-8",
    )
    run = sopc("build", str(book), "--format", "html,pdf", "--out", str(book / "site"))
    assert run.returncode == 0, run.stdout + run.stderr
    changed = [path for path, mtime in before.items() if path.stat().st_mtime_ns != mtime]
    assert len(changed) == 1
    text = subprocess.run(
        ["pdftotext", str(book / "site" / MANUAL), "-"], capture_output=True, text=True, check=True
    )
    assert "登记客户的投诉" in squeeze(text.stdout)
    cold = tmp_path / "cold"
    run = sopc("build", str(book), "--format", "html,pdf", "--out", str(cold), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr
    for pdf in sorted((book / "site").glob("**/*.pdf")):
        assert (cold / pdf.relative_to(book / "site")).read_bytes() == pdf.read_bytes(), pdf


def test_the_one_document_for_benchmarks_links_inside_itself() -> None:
    """What benchmarks give bare WeasyPrint: the same manual as one numbered document."""
    from datetime import date

    from sopc.commands.check import check
    from sopc.render.pdf import PrintDocuments
    from sopc.render.site import Manual

    checked = check([EXAMPLES], today=date(2026, 11, 20), keep_files=True)
    manual = Manual.of(checked.sources, checked.project.config, date(2026, 11, 20), None)
    html = PrintDocuments(manual, {}, None).one_document()
    assert 'href="#sop-CS-001"' in html
    assert "sopc.invalid" not in html
    assert "counter(pages)" in html  # numbered by WeasyPrint itself
    assert html.count('<article class="sop"') == len(example_sops())


def test_links_to_an_sop_with_a_chinese_id_survive_binding(
    project: Project, tmp_path: Path
) -> None:
    """WeasyPrint %-encodes a link's non-ASCII characters; binding decodes them."""
    config = "".join(line for line in CONFIG.splitlines(True) if "id_pattern" not in line)
    assert "id_pattern" not in config
    root = project(
        {
            CS_PATH: BASE_SOP.replace("FIN-003", "退款-003"),
            FIN_PATH: None,
            "sops/退款-003.sop.yaml": FIN_SOP.replace("FIN-003", "退款-003"),
        },
        config=config,
    )
    out = tmp_path / "out"
    run = sopc("build", str(root), "--format", "pdf", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    with pikepdf.open(next(out.glob("*.pdf"))) as pdf:
        names = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        linked = {
            str(annot.Dest)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/Dest" in annot
        }
        assert "sop-退款-003" in linked  # the contents, the branch, the reference
        target = pages[names["sop-退款-003"][0].objgen]
        assert page_text(next(out.glob("*.pdf")), target).startswith("退款-003 ")


def test_a_first_build_guesses_the_length_of_each_contents(tmp_path: Path) -> None:
    """On a first build no earlier one tells how long a manual's contents run, and a
    wrong guess lays the front out again (at 1,000 SOPs, seconds on one core). For
    300 generated SOPs, the whole manual and each department's, the guess is right."""
    from datetime import date

    from benchmarks.generate import generate
    from sopc.commands.check import check
    from sopc.render.book import guess_front_pages, volumes
    from sopc.render.pdf import PrintDocuments, lay_out
    from sopc.render.shelf import landscapes
    from sopc.render.site import Manual

    root = generate(300, tmp_path / "project")
    config = root / "sopc.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "build:\n  pdf_manuals: [all, department]\n",
        encoding="utf-8",
    )
    checked = check([root], today=date(2026, 11, 20), keep_files=True)
    manual = Manual.of(checked.sources, checked.project.config, date(2026, 11, 20), None)
    documents = PrintDocuments(manual, {}, None)
    books = [volume for volume in volumes(manual) if volume.front]
    assert len(books) > 2
    for volume in books:
        starts = {entry.sop.id: 1000 for entry in volume.entries}  # four digits, as at scale
        html = documents.front(volume.entries, starts, volume.department)
        pages = len(landscapes(lay_out(html)[0]))
        assert pages == guess_front_pages(volume), volume.path


def test_weasyprint_and_qpdf_never_run_in_the_builds_own_process(tmp_path: Path) -> None:
    """Every layout and the binding run in spawned workers, even a single call (one
    manual's front, its binding): the build's own memory stays the project's. At
    1,000 SOPs binding alone holds about a GiB."""
    script = (
        "import sys\n"
        "from sopc.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    held = [name for name in ('weasyprint', 'pikepdf') if name in sys.modules]\n"
        "    print('held:', *held, file=sys.stderr)\n"
    )
    out = tmp_path / "site"
    command = [sys.executable, "-c", script, "build", str(EXAMPLES), "--format", "pdf"]
    run = subprocess.run(
        [*command, "--out", str(out), "--no-cache", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / MANUAL).is_file()
    assert run.stderr.splitlines()[-1] == "held:", run.stderr
