"""The fonts of the bound PDF manual: one subset per face, shared by every part.

WeasyPrint embeds in each part a subset of each font face it uses, keeping the
glyph ids of the original face (HarfBuzz's retain-gids) so that text in the PDF
names glyphs by their ids in the face. A CJK face has 65,535 glyphs, and every
subset of it carries an index over all of them: about 170 KB each, whatever it
holds. Bound from 1,000 parts, the manual would carry 1,000 such subsets per face.

Because the ids are those of the face, any subset of the same face that holds a
glyph draws it the same way. So binding makes, per face, one subset holding the
glyphs of every part (the union of their /W arrays), made as WeasyPrint makes its
own (`subset`: the same HarfBuzz flags and dropped tables), and points every
part's font descriptor at it. The face file is found by content: a part records
each font's face as a SHA-256 (`sopc.render.pdf.Face`), and `find_face` looks
for the file of that size and hash among fontconfig's fonts. A face that cannot
be found keeps the parts' own subsets: a larger file, never a wrong glyph.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sopc.render.pdf import Face

# the tables WeasyPrint drops from its subsets (weasyprint/pdf/fonts.py)
DROPPED_TABLES: tuple[str, ...] = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB")
DROPPED_TABLES += ("JSTF", "LTSH", "PCLT", "SVG ")


def font_files() -> list[Path]:
    """Every font file fontconfig knows, as `fc-list` lists them (none without it)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{file}\n"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({Path(line) for line in done.stdout.splitlines() if line.strip()})


def fonts_fingerprint(files: Iterable[Path]) -> str:
    """A hash of the installed fonts' `files` (path, size, modification time): a part
    laid out with other fonts is laid out again, its glyph ids being other files'."""
    digest = hashlib.sha256()
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def find_face(face: Face, files: Iterable[Path]) -> Path | None:
    """The file among `files` whose size and SHA-256 are the face's."""
    for path in files:
        try:
            if path.stat().st_size == face.size and _sha256(path) == face.sha256:
                return path
        except OSError:
            continue
    return None


@lru_cache(maxsize=64)
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def subset(path: Path, index: int, glyphs: Iterable[int], *, notdef: bool) -> bytes | None:
    """A subset of face `index` of the font file at `path` holding `glyphs` under their
    own ids, as WeasyPrint subsets (two HarfBuzz passes: keep the glyphs' ids, then
    drop the empty tail); `notdef` keeps the outline of glyph 0, drawn for characters
    no font has. None when HarfBuzz cannot read or subset it."""
    import uharfbuzz as hb

    try:
        face = hb.Face(hb.Blob.from_file_path(os.fspath(path)), index)
        kept = sorted({glyph for glyph in glyphs if 0 <= glyph < face.glyph_count} | {0})
        flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
        if notdef:
            flags |= hb.SubsetFlags.NOTDEF_OUTLINE
        first = _subset(face, kept, flags | hb.SubsetFlags.RETAIN_GIDS)
        second = _subset(first, range(kept[-1] + 1), flags | hb.SubsetFlags.NO_HINTING)
        return bytes(second.blob.data)
    except (OSError, RuntimeError, ValueError):
        return None


def _subset(face: Any, glyphs: Iterable[int], flags: Any) -> Any:
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    wanted.glyph_set.update(glyphs)
    wanted.drop_table_tag_set.update(
        int.from_bytes(tag.encode("ascii"), "big") for tag in DROPPED_TABLES
    )
    wanted.flags = flags
    return hb.subset(face, wanted)
