"""SOP101–SOP108: identity and document control (编号, 版本, 审批, 复审)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath

from sopc.findings import Finding, Severity
from sopc.load.tree import TreePath
from sopc.model.types import version_key
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
    others = [rel for rel in ctx.index.paths_by_id.get(ctx.sop.id, []) if rel != ctx.file.rel]
    if others:
        yield ctx.finding(
            "SOP101", ("id",), f"SOP id {ctx.sop.id!r} is also used by {', '.join(others)}"
        )


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
        message = f"SOP id {ctx.sop.id!r} does not match id_pattern {pattern.pattern!r}"
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
        message = f"file name {name!r} does not start with the SOP id {sop_id!r}"
        yield ctx.finding("SOP103", ("id",), message)


@rule("SOP104", "revision-missing", W)
def revision_missing(ctx: SopContext) -> Iterator[Finding]:
    """`revisions` has no entry for the current version.

    The revision record (修订记录) tells readers what changed in the version
    they hold. Every version the SOP is published in gets an entry, newest
    first.

    Bad:

        version: "1.3"
        revisions:
          - {version: "1.2", date: 2026-02-25, changes: 增加赔偿判断}

    Good: add `{version: "1.3", date: …, changes: …}` at the top.
    """
    current = version_key(ctx.sop.version)
    if not any(version_key(r.version) == current for r in ctx.sop.revisions):
        where: TreePath = ("revisions",) if ctx.sop.revisions else ("version",)
        message = f"revisions has no entry for the current version {ctx.sop.version}"
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
        missing = "an approver" if approver is None else "the approver's date"
        where: TreePath = ("approval", "approver") if approver else ("approval",)
        yield ctx.finding(
            "SOP105",
            where if sop.approval else ("status",),
            f"status {sop.status!r} needs {missing} (approval.approver with name and date)",
        )
    if sop.status == "effective" and sop.effective_date is None:
        yield ctx.finding("SOP105", ("status",), "status 'effective' needs an effective_date")


@rule("SOP106", "date-order", E)
def date_order(ctx: SopContext) -> Iterator[Finding]:
    """Document-control dates are out of order, or revisions are not newest first.

    The author writes, the reviewer reviews, the approver approves, and then
    the SOP takes effect: author ≤ reviewer ≤ approver ≤ effective date.
    The revision record lists the newest version first, by date and version.

    Bad:

        approval:
          reviewer: {name: 李娜, date: 2026-02-20}
          approver: {name: 王强, date: 2026-02-18}

    Good: the approver's date on or after the reviewer's.
    """
    sop = ctx.sop
    approval = sop.approval
    chain: list[tuple[str, date | None, TreePath]] = []
    if approval:
        for role in ("author", "reviewer", "approver"):
            signature = getattr(approval, role)
            chain.append((role, signature.date if signature else None, ("approval", role, "date")))
    chain.append(("effective date", sop.effective_date, ("effective_date",)))
    latest: tuple[str, date] | None = None
    for label, when, where in chain:
        if when is None:
            continue
        if latest and when < latest[1]:
            message = f"{label} {when} is before the {latest[0]} date {latest[1]}"
            yield ctx.finding(
                "SOP106", where, message + " (author ≤ reviewer ≤ approver ≤ effective)"
            )
        else:
            latest = (label, when)
    for i in range(1, len(sop.revisions)):
        above, entry = sop.revisions[i - 1], sop.revisions[i]
        if entry.date > above.date:
            message = (
                f"revisions are not newest first: {entry.date} ({entry.version}) "
                f"is newer than {above.date} ({above.version}) above it"
            )
            yield ctx.finding("SOP106", ("revisions", i, "date"), message)
        elif version_key(entry.version) > version_key(above.version):
            message = (
                f"revisions are not newest first: version {entry.version} "
                f"is listed below {above.version}"
            )
            yield ctx.finding("SOP106", ("revisions", i, "version"), message)


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
        message = (
            f"periodic review was due on {due} ({days} days ago); review the SOP and update review"
        )
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
        target = ctx.index.valid.get(sop_id)
        if target is not None and target.status == "retired":
            yield ctx.finding("SOP108", where, f"sop:{sop_id} ({target.title}) is retired")
