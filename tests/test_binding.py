"""Binding with sopc's own PDF writer (sopc.render.pdfwrite): the file is valid PDF
as qpdf reads it, and binding's memory is that of one part, whatever the manual's
length. The manual's content (pages, links, bookmarks, fonts) is test_pdf_book's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from tests.test_pdf import EXAMPLES, MANUAL, page_count, sopc

BIND = """\
import json, resource, sys
from pathlib import Path
from sopc.render.binder import bind
from sopc.render.fonts import find_face, font_files
from sopc.render.shelf import Binding, Source, laid_from
parts, times, target = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
laid = []
for path in sorted(parts.glob("*.pdf")):
    facts = json.loads(path.with_suffix(".json").read_text())
    laid.append(laid_from(json.dumps(facts | {"path": str(path)}).encode()))
sources = tuple(Source(item.path, item.faces) for item in laid) * times
faces = {face.sha256: face for item in laid for face in item.faces.values()}
files = {sha: path for sha, face in faces.items() if (path := find_face(face, font_files()))}
pages = sum(len(item.landscape) for item in laid) * times
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
bind(Binding(sources, (None,) * pages, files), target)
print(json.dumps({"pages": pages, "before": before,
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built to PDF with a cache: the parts stay on the shelf."""
    import shutil

    root = tmp_path_factory.mktemp("binding") / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".sopc-cache", "site"))
    run = sopc("build", str(root), "--format", "pdf", "--out", str(root / "site"))
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def bind_repeated(built: Path, times: int, target: Path) -> dict[str, int]:
    """Bind the examples' parts `times` over, in a fresh process: its peak memory."""
    parts = built / ".sopc-cache" / "pdf" / "parts"
    run = subprocess.run(
        [sys.executable, "-c", BIND, str(parts), str(times), str(target)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, int] = json.loads(run.stdout)
    return result


def test_the_bound_manual_is_valid_pdf_with_object_streams(built: Path) -> None:
    with pikepdf.open(built / "site" / MANUAL) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7"
        assert len(pdf.pages) == page_count(built / "site" / MANUAL)
        assert pdf.trailer.Type == "/XRef"  # a cross-reference stream
        assert any(obj.get("/Type") == "/ObjStm" for obj in pdf.objects if obj is not None)
        assert str(pdf.Root.Lang) == "zh-CN"  # the front matter's language, kept
        first, second = pdf.trailer.ID
        assert bytes(first) == bytes(second)
        assert len(bytes(first)) == 16


def test_binding_holds_one_part_not_the_manual(built: Path, tmp_path: Path) -> None:
    """The same parts bound 4 and 40 times over (the examples' 63 pages, then 2,520):
    ten times the pages, the same memory (qpdf held about 0.1 MiB a page until it
    wrote the file: 250 MiB more here)."""
    small = bind_repeated(built, 4, tmp_path / "small.pdf")
    large = bind_repeated(built, 40, tmp_path / "large.pdf")
    assert large["pages"] == 10 * small["pages"]
    assert page_count(tmp_path / "large.pdf") == large["pages"]
    grown_kib = (large["peak"] - large["before"]) - (small["peak"] - small["before"])
    assert grown_kib < 30 * 1024, (small, large)  # ru_maxrss is in KiB on Linux
