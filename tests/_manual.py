"""The examples built as a reader gets them, in Chinese and in English, once per test
process, for the tests of the manual's content (tests/test_raci.py, test_units.py,
test_manual_content.py): the site, the PDF manual and the Word files, read back as
text with the tools readers' software uses (poppler, python-docx)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest

from sopc.commands.check import check
from sopc.render.site import Manual
from tests.conftest import TODAY, sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ENV = {"SOURCE_DATE_EPOCH": "1795132800"}  # 2026-11-20 00:00 UTC, the tests' today


@dataclass(frozen=True)
class Built:
    """One build of the examples: its language, output folder and manual model."""

    language: str
    out: Path
    manual: Manual

    def page(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def pdf(self) -> Path:
        return next(self.out.glob("*.pdf"))

    def pdf_text(self, *mode: str) -> str:
        return poppler("pdftotext", *mode, str(self.pdf()), "-")

    def word(self, sop_id: str) -> Any:
        return docx.Document(str(self.out / "docx" / f"{sop_id}.docx"))


def poppler(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def build(root: Path, language: str) -> Built:
    """The examples copied to `root` in `language` and built into `root/out` (no cache)."""
    project = root / "examples"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    config = project / "sopc.yaml"
    text = config.read_text(encoding="utf-8")
    assert "language: zh-CN" in text
    config.write_text(text.replace("language: zh-CN", f"language: {language}"), "utf-8")
    out = root / "out"
    run = sopc(
        "build", str(project), "--format", "html,pdf,docx", "--out", str(out), "--no-cache", env=ENV
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = check([project], today=TODAY, keep_files=True)
    assert result.project is not None
    manual = Manual.of(result.sources, result.project.config, TODAY)
    return Built(language, out, manual)


_BUILT: dict[str, Built] = {}  # language → its build, once per test process


def built(language: str, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The examples built in `language`: each module that imports the fixtures gets
    fixtures of its own, and all of them this one build."""
    if language not in _BUILT:
        _BUILT[language] = build(tmp_path_factory.mktemp(language), language)
    return _BUILT[language]


@pytest.fixture(scope="session")
def zh(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built("zh-CN", tmp_path_factory)


@pytest.fixture(scope="session")
def en(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built("en", tmp_path_factory)


def text_of(page: str) -> str:
    """A page's words: tags out, entities decoded, white space squeezed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def section(page: str, css_class: str) -> str:
    """The markup of the page's `<section class="css_class" …>…</section>` (not nested)."""
    start = page.index(f'<section class="{css_class}"')
    return page[start : page.index("</section>", start)]


def word_text(document: Any) -> str:
    """Every paragraph of a Word file, body and table cells, one a line."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found += [p.text for cell in row.cells for p in cell.paragraphs]
    return "\n".join(found)


_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def table_rows(markup: str) -> list[list[str]]:
    """The rows of the tables in `markup`, each as its cells' words (inline tags out,
    a line break as a space)."""
    return [[cell_text(c) for c in _CELL.findall(row)] for row in _ROW.findall(markup)]


def cell_text(markup: str) -> str:
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", markup))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def squeeze(text: str) -> str:
    """Text without white space: a PDF's table cell wraps its text over lines."""
    return re.sub(r"\s+", "", text)
