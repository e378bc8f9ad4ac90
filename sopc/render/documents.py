"""The manual's documents besides the site: the PDF manual, per-SOP PDFs and one
Word file per SOP, each a job for `sopc.parallel` (path in the output folder →
a function making its bytes). WeasyPrint and python-docx are imported inside
the jobs, so builds that ask for neither never load them."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from sopc.model.config import Format
from sopc.parallel import Job
from sopc.render.site import Manual, SopEntry


def document_jobs(
    manual: Manual,
    formats: set[Format],
    svgs: dict[str, bytes],
    pngs: dict[str, bytes],
    override: Path | None,
) -> dict[str, Job]:
    """The jobs, the PDF manual (the longest) first."""
    jobs: dict[str, Job] = {}
    if "pdf" in formats:
        from sopc.render.pdf import manual_name

        jobs[manual_name(manual.config)] = lambda: _manual_pdf(manual, svgs, override)
        if manual.config.build.pdf_per_sop:
            for entry in manual.sops:
                jobs[f"pdf/{entry.sop.id}.pdf"] = _sop_pdf_job(manual, entry, svgs, override)
    if "docx" in formats:
        for entry in manual.sops:
            jobs[f"docx/{entry.sop.id}.docx"] = _docx_job(manual, entry, pngs)
    return jobs


def _manual_pdf(manual: Manual, svgs: dict[str, bytes], override: Path | None) -> bytes:
    from sopc.render.pdf import manual_html, write_pdf

    return write_pdf(manual_html(manual, svgs, override))


def _sop_pdf_job(
    manual: Manual, entry: SopEntry, svgs: dict[str, bytes], override: Path | None
) -> Job:
    def job() -> bytes:
        from sopc.render.pdf import sop_html, write_pdf

        return write_pdf(sop_html(manual, entry, svgs, override))

    return job


def _docx_job(manual: Manual, entry: SopEntry, pngs: dict[str, bytes]) -> Job:
    when = datetime.combine(manual.today, time(), tzinfo=UTC)

    def job() -> bytes:
        from sopc.render.docx import sop_docx

        return sop_docx(entry, manual, pngs.get(entry.sop.id), when=when)

    return job
