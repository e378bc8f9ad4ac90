"""The shelf: where the PDF book's laid-out documents wait to be bound, in
`.sopc-cache/pdf/` (kept for the next build) or a temporary folder (`--no-cache`).

A slot per thing (an SOP's part, a volume's front, a block of stamps, a volume)
holds its PDF and, beside it, its facts as JSON: the key it was made for, its
size, whether each page is landscape, and the faces of its fonts
(`sopc.render.pdf.Face`). `Laid` is those facts as the book reads them; `Source`
and `Binding` are what the book hands binding (`sopc.render.binder`). pikepdf is
imported in the workers alone, never by the build's own process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sopc.cache import store
from sopc.render.pdf import Face


@dataclass(frozen=True)
class Laid:
    """A laid-out PDF on the shelf: its key, whether each page is landscape, the faces
    of its fonts."""

    path: Path
    key: str
    landscape: tuple[bool, ...]
    faces: Mapping[str, Face] = field(default_factory=dict)


class Shelf:
    """Where laid-out PDFs wait to be bound: `.sopc-cache/pdf/` (kept for the next
    build), or a temporary folder for `--no-cache`. One slot per thing (an SOP's
    part, a volume's front, a block of stamps, a volume), holding its PDF and, beside
    it, its key and page facts as JSON; a slot whose key differs is stale."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[Path] = set()

    def get(self, kind: str, slot: str, key: str) -> Laid | None:
        path = self._path(kind, slot)
        self.used |= {path, path.with_suffix(".json")}
        facts = self.facts(kind, slot)
        try:  # a PDF other than the one shelved (torn, damaged, replaced) is stale too
            if facts.get("key") != key or path.stat().st_size != facts.get("size"):
                return None
            if hashlib.sha256(path.read_bytes()).hexdigest() != facts.get("sha256"):
                return None
            return _laid(path, facts)
        except (OSError, KeyError, TypeError, ValueError, IndexError):
            return None

    def facts(self, kind: str, slot: str) -> dict[str, Any]:
        try:
            facts = json.loads(self._path(kind, slot).with_suffix(".json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return facts if isinstance(facts, dict) else {}

    def put(
        self,
        kind: str,
        slot: str,
        key: str,
        data: bytes,
        faces: Mapping[str, Face] | None = None,
        landscape: Sequence[bool] = (),
    ) -> Laid:
        """Shelve a PDF's bytes."""
        return self.shelve(kind, slot, key, lambda path: store(path, data), faces, landscape)

    def shelve(
        self,
        kind: str,
        slot: str,
        key: str,
        write: Callable[[Path], None],
        faces: Mapping[str, Face] | None = None,
        landscape: Sequence[bool] = (),
    ) -> Laid:
        """Shelve the PDF `write` writes (atomically) to the path it is given. The old
        facts go first and the new ones last: a slot interrupted in between has none,
        and old facts beside a new PDF can never pass for it."""
        path = self._path(kind, slot)
        path.with_suffix(".json").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
        facts = {
            "key": key,
            "size": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "landscape": list(landscape),
            "faces": faces_facts(faces or {}),
        }
        store(path.with_suffix(".json"), json.dumps(facts, sort_keys=True).encode())
        return _laid(path, facts)

    def prune(self) -> None:
        """Remove slots this build did not use (SOPs deleted, volumes no longer made)."""
        for path in self.folder.glob("*/*"):
            if path not in self.used and path.suffix in (".pdf", ".json", ".tmp"):
                path.unlink(missing_ok=True)

    def _path(self, kind: str, slot: str) -> Path:
        name = hashlib.sha256(slot.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return self.folder / kind / f"{name}.pdf"


@dataclass(frozen=True)
class Source:
    """A laid-out PDF to bind (front matter or a part) and its fonts' faces."""

    path: Path
    faces: Mapping[str, Face] = field(default_factory=dict)


@dataclass(frozen=True)
class Binding:
    """One PDF to bind: its sources in order; per page of the result, the stamp to
    put on it (a stamp PDF and its page index) or None; the font files found for
    faces (by SHA-256), whose subsets the parts then share."""

    sources: tuple[Source, ...]
    stamps: tuple[tuple[Source, int] | None, ...]
    font_files: Mapping[str, Path] = field(default_factory=dict)


def faces_facts(faces: Mapping[str, Face]) -> dict[str, list[str | int]]:
    return {name: [f.sha256, f.size, f.index] for name, f in sorted(faces.items())}


def _laid(path: Path, facts: Mapping[str, Any]) -> Laid:
    """A shelved PDF from its facts (JSON)."""
    faces = {name: Face(str(f[0]), int(f[1]), int(f[2])) for name, f in facts["faces"].items()}
    landscape = tuple(bool(page) for page in facts["landscape"])
    return Laid(path, str(facts["key"]), landscape, faces)


def landscapes(data: bytes) -> list[bool]:
    """Whether each page of a laid-out PDF is landscape (its stamp must be too)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [float(page.mediabox[2]) > float(page.mediabox[3]) for page in pdf.pages]


def laid_from(result: bytes) -> Laid:
    facts = json.loads(result)
    return _laid(Path(facts["path"]), facts)
