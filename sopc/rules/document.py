"""SOP101–SOP109: identity and document control (编号, 版本, 审批, 复审)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath

from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.load.tree import TreePath
from sopc.model.sop import SOP
from sopc.model.types import version_key
from sopc.rules.change import current_revision, revision_reported
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

E, W = Severity.ERROR, Severity.WARNING
SIGNED_STATUSES = ("approved", "effective")


@rule("SOP101", "duplicate-id", E)
def duplicate_id(ctx: SopContext) -> Iterator[Finding]:
    """Two SOPs share an id.

    Ids are how SOPs refer to each other (`sop:ID`) and how `sopc diff` matches
    an SOP across renames, so each must be unique in the project. Every file
    using the id is reported, naming the others.

    Bad:

        # sops/CS-001-complaints.sop.yaml       # sops/CS-001-returns.sop.yaml
        id: CS-001                               id: CS-001

    Good: give the second SOP its own id, `CS-002`.
    """
    others = [rel for rel in ctx.index.paths_of(ctx.sop.id) if rel != ctx.file.rel]
    if others:
        message = Message("doc.duplicate_id", id=ctx.sop.id, others=tuple(others))
        yield ctx.finding("SOP101", ("id",), message)


@rule("SOP102", "id-pattern", E)
def id_pattern(ctx: SopContext) -> Iterator[Finding]:
    """The SOP id does not match the project's `id_pattern`.

    A numbering convention (`CS-001`: department code and number) keeps a
    manual navigable; `id_pattern` in `sopc.yaml` states it as a regular
    expression. Without `id_pattern` this rule is silent.

    Bad (with `id_pattern: '^[A-Z]{2,5}-\\d{3}$'`):

        id: complaint-handling

    Good:

        id: CS-001
    """
    pattern = ctx.index.id_pattern
    if pattern is not None and not pattern.search(ctx.sop.id):
        message = Message("doc.id_pattern", id=ctx.sop.id, pattern=pattern.pattern)
        yield ctx.finding("SOP102", ("id",), message)


@rule("SOP103", "filename-mismatch", W)
def filename_mismatch(ctx: SopContext) -> Iterator[Finding]:
    """The file name does not start with the SOP id.

    People find SOPs by id in folders, in git and in review tools; a file
    named after its id (`CS-001-complaint-handling.sop.yaml`) is found at
    once. The id must be followed by the suffix or a separator (`-`, `_`,
    `.`), so `CS-0012.sop.yaml` does not pass for `CS-001`.

    Bad: `complaints.sop.yaml` holding `id: CS-001`.

    Good: `CS-001-complaints.sop.yaml` or `CS-001.sop.yaml`.
    """
    name = PurePosixPath(ctx.file.rel).name
    sop_id = ctx.sop.id
    if not (name.startswith(sop_id) and name[len(sop_id) : len(sop_id) + 1] in ("-", "_", ".")):
        message = Message("doc.filename", name=name, id=sop_id)
        yield ctx.finding("SOP103", ("id",), message)


@rule("SOP104", "revision-missing", W)
def revision_missing(ctx: SopContext) -> Iterator[Finding]:
    """`revisions` has no entry for the current version.

    The revision record (修订记录) tells readers what changed in the version
    they hold. Every version the SOP is published in gets an entry, newest
    first. With `check --base REV`, a version that changed since REV and has
    no entry is reported once, as SOP502 (an error: the change is what needs
    recording); this rule then stays silent for it, unless SOP502 is turned
    off in `sopc.yaml`.

    Bad:

        version: "1.3"
        revisions:
          - {version: "1.2", date: 2026-02-25, changes: 增加赔偿判断}

    Good: add `{version: "1.3", date: …, changes: …}` at the top.
    """
    if current_revision(ctx.sop) is None and not revision_reported(ctx):
        where: TreePath = ("revisions",) if ctx.sop.revisions else ("version",)
        message = Message("doc.revision_missing", version=ctx.sop.version)
        yield ctx.finding("SOP104", where, message)


@rule("SOP105", "approval-missing", E)
def approval_missing(ctx: SopContext) -> Iterator[Finding]:
    """An approved or effective SOP lacks its approval, or an effective one its date.

    A controlled document is signed before it is used: status `approved` or
    `effective` needs `approval.approver` with a name and a date, and
    `effective` needs `effective_date`.

    Bad:

        status: effective
        approval: {author: {name: 张伟, date: 2026-02-10}}

    Good:

        status: effective
        effective_date: 2026-03-01
        approval:
          author:   {name: 张伟, date: 2026-02-10}
          approver: {name: 王强, date: 2026-02-25}
    """
    sop = ctx.sop
    if sop.status not in SIGNED_STATUSES:
        return
    approver = sop.approval.approver if sop.approval else None
    if approver is None or approver.date is None:
        missing = Message("doc.approver" if approver is None else "doc.approver_date")
        where: TreePath = ("approval", "approver") if approver else ("approval",)
        message = Message("doc.approval_needed", status=sop.status, missing=missing)
        yield ctx.finding("SOP105", where if sop.approval else ("status",), message)
    if sop.status == "effective" and sop.effective_date is None:
        yield ctx.finding("SOP105", ("status",), Message("doc.effective_date_needed"))


@rule("SOP106", "date-order", E)
def date_order(ctx: SopContext) -> Iterator[Finding]:
    """Document-control dates are out of order, or revisions are not newest first.

    The author writes, the reviewer reviews, the approver approves, and then
    the SOP takes effect: author ≤ reviewer ≤ approver ≤ effective date.
    The revision record lists the newest version first, by date and version.
    An approval dated before the current version's revision is SOP109.

    Bad:

        approval:
          reviewer: {name: 李娜, date: 2026-02-20}
          approver: {name: 王强, date: 2026-02-18}

    Good: the approver's date on or after the reviewer's.
    """
    sop = ctx.sop
    for where, message in _signed_out_of_order(sop):
        yield ctx.finding("SOP106", where, message)
    for i in range(1, len(sop.revisions)):
        above, entry = sop.revisions[i - 1], sop.revisions[i]
        if entry.date > above.date:
            message = Message(
                "doc.revisions_by_date",
                date=str(entry.date),
                version=entry.version,
                above_date=str(above.date),
                above_version=above.version,
            )
            yield ctx.finding("SOP106", ("revisions", i, "date"), message)
        elif version_key(entry.version) > version_key(above.version):
            message = Message(
                "doc.revisions_by_version", version=entry.version, above_version=above.version
            )
            yield ctx.finding("SOP106", ("revisions", i, "version"), message)


def _signed_out_of_order(sop: SOP) -> Iterator[tuple[TreePath, Message]]:
    """Each document-control date earlier than one that must come before it."""
    latest: tuple[Message, date] | None = None
    for signer, when, where in _signed_dates(sop):
        if when is None:
            continue
        if latest and when < latest[1]:
            yield (
                where,
                Message(
                    "doc.date_before",
                    signer=signer,
                    date=str(when),
                    earlier=latest[0],
                    earlier_date=str(latest[1]),
                ),
            )
        else:
            latest = (signer, when)


APPROVER_DATE: TreePath = ("approval", "approver", "date")


def _signed_dates(sop: SOP) -> Iterator[tuple[Message, date | None, TreePath]]:
    """The dates of document control in the order they must come, each with its name."""
    if sop.approval:
        for signer, key in (
            ("author", "doc.signer_author"),
            ("reviewer", "doc.signer_reviewer"),
            ("approver", "doc.signer_approver"),
        ):
            signature = getattr(sop.approval, signer)
            when = signature.date if signature else None
            yield Message(key), when, ("approval", signer, "date")
    yield Message("doc.signer_effective"), sop.effective_date, ("effective_date",)


@rule("SOP107", "review-overdue", W)
def review_overdue(ctx: SopContext) -> Iterator[Finding]:
    """The next periodic review date has passed.

    Approved and effective SOPs are reviewed periodically (`review: {interval:
    6mo, last: DATE}` or `{next: DATE}`); an SOP past its review may no
    longer match how work is done. `--today DATE` fixes "today" for
    reproducible CI runs.

    Bad (today 2026-11-20):

        review: {interval: 6mo, last: 2026-03-01}    # due 2026-09-01

    Good: review it and record the date: `last: 2026-11-18`.
    """
    if ctx.sop.status not in SIGNED_STATUSES:
        return
    due = ctx.sop.next_review()
    if due is not None and due < ctx.index.today:
        days = (ctx.index.today - due).days
        message = Message("doc.review_overdue", due=str(due), days=days)
        yield ctx.finding("SOP107", ("review",), message)


@rule("SOP108", "retired-reference", W)
def retired_reference(ctx: SopContext) -> Iterator[Finding]:
    """A reference or hand-off to a retired SOP.

    A retired SOP is no longer followed: a flow that hands off to it, or a
    reference that sends readers to it, leads nowhere. Point at its
    replacement.

    Bad (FIN-003 has `status: retired`):

        - {when: 是, next: "sop:FIN-003"}

    Good:

        - {when: 是, next: "sop:FIN-004"}
    """
    for where, sop_id in ctx.refs("sop"):
        target = ctx.index.summary(sop_id)
        if target is not None and target.status == "retired":
            message = Message("doc.retired_reference", sop=sop_id, title=target.title)
            yield ctx.finding("SOP108", where, message)


@rule("SOP109", "approval-outdated", W)
def approval_outdated(ctx: SopContext) -> Iterator[Finding]:
    """An approved or effective SOP was approved before its current version was revised.

    Approval belongs to a version: a signature dated before the revision
    record's entry for the current version approved an earlier text, so the
    version in use may not have been approved. Date the revision when the
    version was drafted, and the approval when it was signed (on the same
    day or later). This is its own rule rather than SOP106: the signatures
    may be in order among themselves, and the fix is a new approval (or
    status `review` until then), not a mistyped date. It is a warning, not
    an error, because the dates alone cannot prove the version unapproved:
    some organisations date a revision entry on the day it takes effect,
    after the approval. Where entries are dated when drafted, make it an
    error (`rules: {approval-outdated: error}`). Silent while the current
    version has no revision entry (SOP104, SOP502), the approver no date
    (SOP105), or the approver's date is already out of order with the
    author's or reviewer's (SOP106: one wrong date, one finding).

    Bad:

        version: "1.3"
        status: effective
        effective_date: 2026-11-16
        approval:
          approver: {name: 王强, date: 2026-02-25}    # approved version 1.2
        revisions:
          - {version: "1.3", date: 2026-11-10, changes: 回访时限改为 2 个工作日}

    Good: version 1.3 approved once revised,
    `approver: {name: 王强, date: 2026-11-12}`.
    """
    sop = ctx.sop
    approver = sop.approval.approver if sop.approval else None
    revision = current_revision(sop)
    if sop.status not in SIGNED_STATUSES or approver is None or approver.date is None:
        return
    if revision is None or approver.date >= revision.date:
        return
    if any(where == APPROVER_DATE for where, _ in _signed_out_of_order(sop)):
        return
    message = Message(
        "doc.approval_outdated",
        approved=str(approver.date),
        version=sop.version,
        revised=str(revision.date),
    )
    yield ctx.finding("SOP109", APPROVER_DATE, message)
