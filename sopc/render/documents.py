"""The manual's documents besides the site: the PDF volumes, and per SOP a Word file
and a BPMN file.

The PDFs are a `sopc.render.book.Book`: SOPs laid out as parts, then bound. Each
Word and BPMN file is planned with a key, a hash of everything its bytes depend on,
and made by `sopc.parallel` unless `.sopc-cache/documents/` already holds that key.
So a warm build lays out only what changed. WeasyPrint, pikepdf, python-docx and
lxml are imported inside the jobs: builds that ask for none of them never load them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from sopc.cache import content_key, own_code, package_version, read_sealed, seal, store
from sopc.model.config import Format
from sopc.parallel import Job, iter_jobs
from sopc.progress import Count, Report
from sopc.render.dot import graphviz_version
from sopc.render.site import Manual, SopEntry

if TYPE_CHECKING:
    from sopc.render.book import Book
    from sopc.render.paper import PaperChart


@dataclass(frozen=True)
class Document:
    path: str  # in the output folder
    key: str  # hash of everything its bytes depend on
    make: Job


@dataclass(frozen=True)
class Documents:
    """What a build makes besides the site: the PDF book (if asked), the Word files."""

    book: Book | None = None
    word: list[Document] = field(default_factory=list)  # Word files, then BPMN files

    @property
    def paths(self) -> list[str]:
        return (self.book.paths if self.book else []) + [d.path for d in self.word]

    @property
    def manuals(self) -> list[tuple[str | None, str]]:
        """The PDF manuals (not an SOP's own PDF): department (None: the whole), path."""
        volumes = self.book.volumes if self.book else []
        return [(v.department, v.path) for v in volumes if v.front]

    def __len__(self) -> int:
        return len(self.paths)


def plan_documents(
    manual: Manual,
    formats: set[Format],
    charts: Mapping[str, PaperChart],
    override: Path | None,
) -> Documents:
    """The documents `formats` ask for; `charts` are the flowcharts' plans on paper
    (with their PNGs when Word files are made)."""
    book = None
    if "pdf" in formats:
        from sopc.render.book import Book

        book = Book(manual, charts, override)
    word: list[Document] = []
    code = own_code() if formats & {"docx", "bpmn"} else ""
    if "docx" in formats:
        catalogue = json.dumps(
            [[e.sop.id, e.sop.title, e.sop.version] for e in manual.sops], ensure_ascii=False
        )
        config = manual.config.model_dump_json()
        for entry in manual.sops:
            chart = charts.get(entry.sop.id)
            key = content_key(
                "docx",
                code,
                package_version("python-docx"),
                config,
                catalogue,
                manual.today.isoformat(),
                entry.sop.model_dump_json(),
                json.dumps({k: v.markdown for k, v in entry.sections.items()}, ensure_ascii=False),
                _chart_key(chart),
            )
            path = f"docx/{entry.sop.id}.docx"
            word.append(Document(path, key, _docx(manual, entry, chart)))
    if "bpmn" in formats:
        word += [_bpmn(manual, entry, code) for entry in manual.sops]
    return Documents(book, word)


def make_documents(
    documents: Documents,
    cache: Path | None,
    workers: int | None,
    report: Report = lambda _message: None,
    count: Count = lambda _done, _total: None,
) -> Iterator[tuple[str, bytes]]:
    """Each document's path and bytes, as it is made or found in the cache: the Word
    files (in forked workers), then the PDF volumes (`Book.make`)."""
    missing: list[Document] = []
    for document in documents.word:
        kept = read_sealed(cache / "documents" / document.key) if cache is not None else None
        if kept is not None:  # a damaged or foreign file is made again
            yield document.path, kept
        else:
            missing.append(document)
    for document, data in zip(missing, iter_jobs([d.make for d in missing], workers), strict=True):
        if cache is not None:
            store(cache / "documents" / document.key, seal(data))
        yield document.path, data
    if documents.book is not None:
        yield from documents.book.make(cache, workers, report, count)


def _docx(manual: Manual, entry: SopEntry, chart: PaperChart | None) -> Callable[[], bytes]:
    when = datetime.combine(manual.today, time(), tzinfo=UTC)

    def job() -> bytes:
        from sopc.render.docx import sop_docx

        return sop_docx(entry, manual, chart, when=when)

    return job


def _bpmn(manual: Manual, entry: SopEntry, code: str) -> Document:
    """An SOP's BPMN file: its flow, its roles' names, the manual's language, and the
    code and the Graphviz that lay it out."""
    sop, language, roles = entry.sop, manual.config.language, entry.roles
    named = {role: roles[role].model_dump_json() for role in sorted(roles)}
    key = content_key(
        "bpmn",
        code,
        graphviz_version(),
        package_version("lxml"),
        sop.model_dump_json(),
        json.dumps(named, ensure_ascii=False),
        language,
    )

    def job() -> bytes:
        from sopc.render.bpmn import sop_bpmn

        return sop_bpmn(sop, roles, language)

    return Document(f"bpmn/{sop.id}.bpmn", key, job)


def _chart_key(chart: PaperChart | None) -> str:
    """What a Word file takes from its chart: the parts' pictures, orientation, scale."""
    if chart is None:
        return ""
    digest = hashlib.sha256(f"{chart.medium} {chart.scale!r} {chart.legend}".encode())
    for png in chart.pngs:
        digest.update(hashlib.sha256(png).digest())
    return digest.hexdigest()
