"""Bytes → text: refuse what is not a small regular UTF-8 file, and say why.

Chinese authors often save from Windows editors in GB18030/GBK; the finding
names the encoding the bytes look like so the fix is one "save as" away.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sopc.findings import FILE_START, Span
from sopc.i18n import Message

MAX_FILE_BYTES = 1024 * 1024
"""An SOP is a few kilobytes; anything past 1 MiB is a mistake or an attack."""


@dataclass(frozen=True, slots=True)
class TextProblem:
    code: str
    span: Span
    message: Message


def read_text(path: Path) -> str | TextProblem:
    """Read `path` as UTF-8 (a BOM is allowed) or explain why not."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return TextProblem("SOP001", FILE_START, _unreadable(exc))
    if not stat.S_ISREG(info.st_mode):
        return TextProblem("SOP004", FILE_START, Message("file.not_regular"))
    if info.st_size > MAX_FILE_BYTES:
        size, limit = _size(info.st_size), _size(MAX_FILE_BYTES)
        return TextProblem("SOP004", FILE_START, Message("file.too_large", size=size, limit=limit))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return TextProblem("SOP001", FILE_START, _unreadable(exc))
    if len(data) > MAX_FILE_BYTES:
        message = Message("file.over_limit", limit=_size(MAX_FILE_BYTES))
        return TextProblem("SOP004", FILE_START, message)
    return decode(data)


_LINE_BREAK = re.compile("\r\n|\r|\n")
_LINE_WITH_END = re.compile("[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\\Z")


def split_lines(text: str) -> list[str]:
    """A text's lines as sopc counts them: broken at CRLF, CR and LF only, as libyaml,
    Markdown and editors (LSP) break them; after a final line break, an empty last
    line. (`str.splitlines` also breaks at U+2028, NEL, form feed and more, which would
    put a finding's source line off from its line number.)"""
    return _LINE_BREAK.split(text)


def lines_with_ends(text: str) -> list[str]:
    """`split_lines` keeping each line's break (`str.splitlines(keepends=True)`, less
    its extra breaks): `"a\nb"` → `["a\n", "b"]`."""
    return _LINE_WITH_END.findall(text)


def _unreadable(exc: OSError) -> Message:
    return Message("file.unreadable", reason=exc.strerror or str(exc))


def decode(data: bytes) -> str | TextProblem:
    """Decode UTF-8 with or without BOM; otherwise name the likely encoding."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, name in _BOMS:
        if data.startswith(bom):
            return TextProblem("SOP003", FILE_START, Message("file.wide_encoding", encoding=name))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return TextProblem("SOP003", _byte_span(data, exc.start), _not_utf8(data))
    if "\x00" in text:
        return TextProblem("SOP003", _byte_span(data, data.index(b"\x00")), Message("file.nul"))
    return text


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _not_utf8(data: bytes) -> Message:
    guess = guess_encoding(data)
    if guess is None:
        return Message("file.binary")
    return Message("file.legacy_encoding", encoding=guess)


def guess_encoding(data: bytes) -> Message | None:
    """Name the legacy encoding `data` is most likely in, or None for binary.

    A wrong codec often decodes without error, so each candidate is judged by
    what it decodes *to*: Japanese has full-width kana (a GBK text read as
    Shift_JIS gives half-width katakana instead), Korean is nearly all Hangul
    (Chinese read as EUC-KR mixes Hangul and Hanja), and
    simplified Chinese saved as GBK stays almost entirely within GB2312 while
    Big5 bytes read as GBK do not.
    """
    if data.count(b"\x00") > len(data) // 4:
        return None
    japanese = _decoded(data, "shift_jis")
    if japanese is not None and _share(japanese, _is_kana) >= 0.05:
        return _LABELS["shift_jis"]
    korean = _decoded(data, "euc_kr")
    if korean is not None and _share(korean, _is_hangul) >= 0.95:
        return _LABELS["euc_kr"]
    chinese = _decoded(data, "gb18030")
    if chinese is not None and _share(chinese, _in_gb2312, _is_cjk) >= 0.9:
        return _LABELS["gb18030"]
    if _decoded(data, "big5") is not None:
        return _LABELS["big5"]
    if chinese is not None and _share(chinese, _is_cjk) > 0:
        return _LABELS["gb18030"]
    return Message("encoding.latin1")


_LABELS = {
    "gb18030": Message("encoding.gb18030"),
    "big5": Message("encoding.big5"),
    "shift_jis": Message("encoding.shift_jis"),
    "euc_kr": Message("encoding.euc_kr"),
}


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _share(
    text: str, test: Callable[[str], bool], among: Callable[[str], bool] | None = None
) -> float:
    pool = [c for c in text if (among or _is_letter)(c)]
    return sum(1 for c in pool if test(c)) / len(pool) if pool else 0.0


def _is_letter(c: str) -> bool:
    return not c.isspace() and not c.isascii()


def _is_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff"


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _byte_span(data: bytes, offset: int) -> Span:
    """The line and character column of byte `offset` (what precedes it is UTF-8),
    with lines broken where the report breaks them (`str.splitlines`: a file saved
    with CR line ends has more than one line)."""
    lines = split_lines(data[:offset].decode("utf-8", "replace"))
    return Span.point(len(lines), len(lines[-1]) + 1)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{n / 1024:.0f} KiB"
