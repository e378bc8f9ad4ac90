"""The manual's documents besides the site: the PDF manual, per-SOP PDFs and one
Word file per SOP.

Each document is planned with a key, a hash of everything its bytes depend on
(for a PDF, the exact HTML WeasyPrint lays out), then made in parallel by
`sopc.parallel` unless `.sopc-cache/documents/` already holds that key. So a
warm build lays out only what changed. WeasyPrint and python-docx are imported
inside the jobs: builds that ask for neither never load them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from sopc import __version__
from sopc.cache import store
from sopc.model.config import Format
from sopc.parallel import Job, run_jobs
from sopc.render.site import Manual, SopEntry

if TYPE_CHECKING:
    from sopc.render.paper import PaperChart


@dataclass(frozen=True)
class Document:
    path: str  # in the output folder
    key: str  # hash of everything its bytes depend on
    make: Job


def plan_documents(
    manual: Manual,
    formats: set[Format],
    charts: Mapping[str, PaperChart],
    override: Path | None,
) -> list[Document]:
    """The documents `formats` ask for, the PDF manual (the longest job) first; `charts`
    are the flowcharts' plans on paper (with their PNGs when Word files are made)."""
    documents: list[Document] = []
    if "pdf" in formats:
        from sopc.render.pdf import manual_html, manual_name, sop_html

        documents.append(_pdf(manual_name(manual.config), manual_html(manual, charts, override)))
        if manual.config.build.pdf_per_sop:
            for entry in manual.sops:
                html = sop_html(manual, entry, charts, override)
                documents.append(_pdf(f"pdf/{entry.sop.id}.pdf", html))
    if "docx" in formats:
        catalogue = json.dumps(
            [[e.sop.id, e.sop.title, e.sop.version] for e in manual.sops], ensure_ascii=False
        )
        config = manual.config.model_dump_json()
        for entry in manual.sops:
            chart = charts.get(entry.sop.id)
            key = _key(
                "docx",
                _version_of("python-docx"),
                config,
                catalogue,
                manual.today.isoformat(),
                entry.sop.model_dump_json(),
                json.dumps({k: v.markdown for k, v in entry.sections.items()}, ensure_ascii=False),
                _chart_key(chart),
            )
            path = f"docx/{entry.sop.id}.docx"
            documents.append(Document(path, key, _docx(manual, entry, chart)))
    return documents


def make_documents(
    documents: list[Document], cache: Path | None, workers: int | None
) -> dict[str, bytes]:
    """Every document's bytes: from the cache, or made (in parallel) and then cached."""
    made: dict[str, bytes] = {}
    for document in documents:
        cached = cache / "documents" / document.key if cache is not None else None
        if cached is not None and cached.is_file():
            made[document.path] = cached.read_bytes()
    missing = [d for d in documents if d.path not in made]
    for document, data in zip(missing, run_jobs([d.make for d in missing], workers), strict=True):
        made[document.path] = data
        if cache is not None:
            store(cache / "documents" / document.key, data)
    return {d.path: made[d.path] for d in documents}


def _pdf(path: str, html: str) -> Document:
    key = _key("pdf", _version_of("weasyprint"), html)

    def job() -> bytes:
        from sopc.render.pdf import write_pdf

        return write_pdf(html)

    return Document(path, key, job)


def _docx(manual: Manual, entry: SopEntry, chart: PaperChart | None) -> Callable[[], bytes]:
    when = datetime.combine(manual.today, time(), tzinfo=UTC)

    def job() -> bytes:
        from sopc.render.docx import sop_docx

        return sop_docx(entry, manual, chart, when=when)

    return job


def _chart_key(chart: PaperChart | None) -> str:
    """What a Word file takes from its chart: the parts' pictures, orientation, scale."""
    if chart is None:
        return ""
    digest = hashlib.sha256(f"{chart.medium} {chart.scale!r} {chart.legend}".encode())
    for png in chart.pngs:
        digest.update(hashlib.sha256(png).digest())
    return digest.hexdigest()


def _key(*parts: str) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _version_of(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
