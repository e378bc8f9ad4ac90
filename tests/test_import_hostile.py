"""Files no one should import, refused as a user sees it: a clear message, exit 1,
no traceback, nothing written, within 5 s and 300 MB each (the process's own peak
resident memory, from `wait4`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.office_files import SEED_HEADER, docx_file, zip_with

SECONDS, MEGABYTES = 5.0, 300

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
    body = f"<w:tbl>{head}{row * rows}</w:tbl>"
    document = f'<?xml version="1.0"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    return zip_with(path, {
        "[Content_Types].xml": _TYPES.encode(), "_rels/.rels": _RELS.encode(),
        "word/document.xml": document.encode(),
    })  # fmt: skip


def long_xlsx(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("步骤")
    sheet.append(list(SEED_HEADER))
    for n in range(rows):
        sheet.append([f"{n + 1}.接收", "登记", "客服部/客服专员", "1小时", "", ""])
    book.save(str(path))
    return path


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
}  # fmt: skip


def run(path: Path, cwd: Path) -> tuple[int, str, float, float]:
    """Exit code, output, seconds and peak resident MB of `sopc import PATH`."""
    env = {k: v for k, v in os.environ.items() if k != "SOPC_LANG"} | {"SOPC_LANG": "zh-CN"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sopc", "import", str(path), "--out", "sops"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
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
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert megabytes < MEGABYTES, f"{megabytes:.0f} MB"


def test_a_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    code, output, _, _ = run(tmp_path / "missing.docx", tmp_path)
    assert code == 2
    assert "文件不存在" in output
