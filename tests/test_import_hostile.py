"""Files no one should import, refused as a user sees it: a clear message, exit 1,
no traceback, nothing written, and no more than 300 MB (the process's own peak
resident memory, from `wait4`). The time is bounded here only as a hang would be
(HANG seconds); what it takes is measured by `benchmarks/bench_import.py`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.office_files import SEED_HEADER, docx_file, zip_with

HANG, MEGABYTES = 60.0, 300

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Default '
    'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def word_body(path: Path, body: str) -> Path:
    """A .docx of just a body, written as XML."""
    document = f'<?xml version="1.0"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    return zip_with(path, {
        "[Content_Types].xml": _TYPES.encode(), "_rels/.rels": _RELS.encode(),
        "word/document.xml": document.encode(),
    })  # fmt: skip


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def long_docx(path: Path, rows: int) -> Path:
    """A Word file whose step table has `rows` rows, written as XML (python-docx takes
    minutes to add 10,000 rows one by one)."""
    row = (
        "<w:tr>"
        + "".join(_cell(c) for c in ("1.接收", "登记", "客服部/客服专员", "1小时"))
        + "</w:tr>"
    )
    head = "<w:tr>" + "".join(_cell(c) for c in SEED_HEADER[:4]) + "</w:tr>"
    return word_body(path, f"<w:tbl>{head}{row * rows}</w:tbl>")


def long_xlsx(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("步骤")
    sheet.append(list(SEED_HEADER))
    for n in range(rows):
        sheet.append([f"{n + 1}.接收", "登记", "客服部/客服专员", "1小时", "", ""])
    book.save(str(path))
    return path


def wide_docx(path: Path) -> Path:
    """One row of 1,000 cells, each spanning 64 columns: 37 KB that would be a grid of
    64,000 columns."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>'
    return word_body(path, f"<w:tbl><w:tr>{cell * 1000}</w:tr></w:tbl>")


def prefixed_xlsx(path: Path, rows: int) -> Path:
    """A sheet whose XML names its rows `x:row`, as some generators write it."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = f'<x:worksheet xmlns:x="{main}"><x:sheetData>'
    sheet += "".join(f'<x:row r="{n}"><x:c r="A{n}" t="inlineStr"><x:is><x:t>a</x:t></x:is>'
                     "</x:c></x:row>" for n in range(1, rows + 1))  # fmt: skip
    sheet += "</x:sheetData></x:worksheet>"
    return zip_with(path, {"[Content_Types].xml": b"<Types/>",
                           "xl/worksheets/sheet1.xml": sheet.encode()})  # fmt: skip


def bomb(path: Path) -> Path:
    """A zip of 300 MB of zeros, 300 KB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(block)
    return path


def with_macros(path: Path) -> Path:
    docx_file(path, [("p", "x")])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return path


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


CASES = {
    "not_a_zip.docx": (_bytes("这不是 Word 文件".encode()), "不是 Word 或 Excel"),
    "old_word.docx": (_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), "Word 97-2003"),
    "pdf.xlsx": (_bytes(b"%PDF-1.7\n"), "不是 Word 或 Excel"),
    "bomb.docx": (bomb, "压缩炸弹"),
    "macros.docm": (lambda p: docx_file(p, [("p", "x")]), "含宏"),
    "hidden_macros.docx": (with_macros, "含宏"),
    "rows.docx": (lambda p: long_docx(p, 10_000), "10001 行"),
    "rows.xlsx": (lambda p: long_xlsx(p, 10_000), "10001 行"),
    "empty_zip.docx": (lambda p: zip_with(p, {"a.txt": b"x"}), "不是 Word 或 Excel"),
    "broken_parts.docx": (lambda p: zip_with(p, {"[Content_Types].xml": _TYPES.encode(),
                                                 "_rels/.rels": _RELS.encode(),
                                                 "word/document.xml": b"<w:document"}),
                          "无法读取"),
    "no_table.docx": (lambda p: docx_file(p, [("title", "只有标题"), ("p", "没有步骤表")]), "没有找到步骤表"),
    "wrong.txt": (_bytes(b"x"), "不是 Word（.docx）"),
    "real.doc": (_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), "Word 97-2003"),
    "wide.docx": (wide_docx, "步骤表最多 64 列"),
    "prefixed_rows.xlsx": (lambda p: prefixed_xlsx(p, 2_500), "2500 行"),
}  # fmt: skip


def run(path: Path, cwd: Path) -> tuple[int, str, float, float]:
    """Exit code, output, seconds and peak resident MB of `sopc import PATH`; killed
    (exit -9) if it runs HANG seconds."""
    env = {k: v for k, v in os.environ.items() if k != "SOPC_LANG"} | {"SOPC_LANG": "zh-CN"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sopc", "import", str(path), "--out", "sops"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )  # fmt: skip
    watchdog = threading.Timer(HANG, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, output, time.perf_counter() - started, usage.ru_maxrss / 1024


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_is_refused_cleanly(tmp_path: Path, name: str) -> None:
    make, said = CASES[name]
    path = make(tmp_path / name)
    code, output, seconds, megabytes = run(path, tmp_path)
    assert code == 1, output
    assert "Traceback" not in output
    assert "internal error" not in output
    assert said in output
    assert not (tmp_path / "sops").exists()
    assert megabytes < MEGABYTES, f"{megabytes:.0f} MB in {seconds:.1f} s"


def test_a_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    code, output, _, _ = run(tmp_path / "missing.docx", tmp_path)
    assert code == 2
    assert "文件不存在" in output
