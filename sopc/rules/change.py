"""SOP501–SOP504: change control against a base revision (`sopc check --base REV`).

Every change to a procedure gets a new version and a revision record. In CI,
`--base origin/main` compares each SOP with the same SOP (by id, so a moved
file is the same SOP) at the base revision. Without `--base`, and for SOPs
that are new since the base, these rules are silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sopc.change.compare import Change, Kind, compare
from sopc.change.policy import Level, bump, verdict
from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.model.sop import SOP, Revision
from sopc.model.types import version_key
from sopc.rules.context import SopContext
from sopc.rules.registry import rule
from sopc.rules.settings import configured_levels

E, W = Severity.ERROR, Severity.WARNING


def _base(ctx: SopContext) -> SOP | None:
    return ctx.index.base.get(ctx.sop.id) if ctx.index.base is not None else None


def _on_version(ctx: SopContext, code: str, message: Message) -> Finding:
    """Change control always points at the version: that is what the author edits."""
    return ctx.finding(code, ("version",), message)


def current_revision(sop: SOP) -> Revision | None:
    """The revision record's entry for the SOP's version (`"1.3"` is `"1.3.0"`)."""
    current = version_key(sop.version)
    return next((r for r in sop.revisions if version_key(r.version) == current), None)


def _unrecorded(ctx: SopContext) -> SOP | None:
    """The SOP at the base revision, when the version changed since and the
    revision record has no entry for the new one (SOP502)."""
    old = _base(ctx)
    changed = old is not None and version_key(old.version) != version_key(ctx.sop.version)
    return old if changed and current_revision(ctx.sop) is None else None


def revision_reported(ctx: SopContext) -> bool:
    """Whether SOP502 reports the missing revision entry, so that SOP104 need not
    report it again: with `--base`, unless `sopc.yaml` turns SOP502 off."""
    turned_off = configured_levels(ctx.config).get("SOP502", Severity.ERROR) is None
    return _unrecorded(ctx) is not None and not turned_off


@rule("SOP501", "version-not-bumped", E)
def version_not_bumped(ctx: SopContext) -> Iterator[Finding]:
    """The procedure changed since the base revision but its version did not.

    A reader holding version 2.1 must be able to trust that 2.1 is what they
    hold. Changes to document control alone (status, approval, review dates,
    the revision record) need no new version; everything else does. The
    message names the first changes and the version the policy suggests.

    Bad (against `--base origin/main`, where CS-001 was version 2.1):

        version: "2.1"
        owner: complaint-lead      # was cs-manager

    Good:

        version: "3.0"
        owner: complaint-lead
    """
    old = _base(ctx)
    if old is None or version_key(old.version) != version_key(ctx.sop.version):
        return
    changes = [c for c in compare(old, ctx.sop) if c.category != "document"]
    if changes:
        suggested = verdict(old, ctx.sop, ctx.index.config.policy, changes).suggested
        message = Message(
            "change.not_bumped",
            changes=_listed(changes),
            version=ctx.sop.version,
            suggested=suggested,
        )
        yield _on_version(ctx, "SOP501", message)


SHOWN_CHANGES = 3
"""How many changes SOP501 names: enough to recognise the edit, not a diff."""


def _listed(changes: Sequence[Change]) -> Message | str:
    """The first changes, `owner; purpose; step reply (回复客户): time_limit …`."""
    shown = changes[:SHOWN_CHANGES]
    listed = where_changed(shown[-1])
    for change in reversed(shown[:-1]):
        listed = Message("change.then", first=where_changed(change), rest=listed)
    return Message("change.and_more", changes=listed) if len(changes) > SHOWN_CHANGES else listed


def where_changed(change: Change) -> Message | str:
    """Where a change is, in the reader's language; the English is `Change.what` (what
    `sopc diff --format json` shows) word for word. Field names stay as the file has
    them: they are what the author looks for."""
    match change.kind:
        case Kind.STEP_ADDED | Kind.STEP_REMOVED:
            return Message("change.step", step=change.step)
        case Kind.STEP_ORDER:
            return Message("change.step_order")
        case Kind.FLOW_ADDED | Kind.FLOW_REMOVED:
            return Message("change.flow", edge=str(change.edge))
    field = str(change.field) + "".join(f"[{key}]" for key in change.key)
    if change.step is not None:
        return Message("change.step_field", step=change.step, title=change.title, field=field)
    return field


@rule("SOP502", "revision-not-recorded", E)
def revision_not_recorded(ctx: SopContext) -> Iterator[Finding]:
    """The version changed since the base revision but `revisions` has no entry for it.

    The revision record is the document's history: each version says when it
    came and what it changed. `sopc diff` prints a ready-to-paste entry. This
    is the only finding for the missing entry: SOP104 (revision-missing), the
    warning that needs no `--base`, stays silent whenever this rule reports,
    because this one is more specific (it knows that the version changed)
    and fails CI.

    Bad: `version: "2.2"` with `revisions` starting at `- {version: "2.1", …}`.

    Good:

        revisions:
          - {version: "2.2", date: 2026-11-20, changes: 回访时限改为 2 个工作日}
          - {version: "2.1", date: 2026-07-01, changes: …}
    """
    old = _unrecorded(ctx)
    if old is not None:
        message = Message("change.not_recorded", old=old.version, new=ctx.sop.version)
        yield _on_version(ctx, "SOP502", message)


@rule("SOP503", "version-regressed", E)
def version_regressed(ctx: SopContext) -> Iterator[Finding]:
    """The version is lower than at the base revision.

    Versions only go up: a lower number would make a newer procedure look
    older than copies already in circulation.

    Bad: `version: "1.9"` where the base revision had `"2.0"`.
    """
    old = _base(ctx)
    if old is not None and bump(old.version, ctx.sop.version) is Level.DOWN:
        message = Message("change.regressed", new=ctx.sop.version, old=old.version)
        yield _on_version(ctx, "SOP503", message)


@rule("SOP504", "bump-too-small", W)
def bump_too_small(ctx: SopContext) -> Iterator[Finding]:
    """The version went up, but by less than the change calls for.

    `policy.major_changes` in `sopc.yaml` (default: flow, roles, time) names
    the changes that need a new major version — steps added, removed or
    reordered, a different owner or performer, other time limits or
    deadlines; `policy.patch_changes` (default: none) those for which a patch
    is enough. Every other change needs at least a minor version.

    Bad: `2.1` → `2.2` for a change that removes a step.

    Good: `2.1` → `3.0`.
    """
    old = _base(ctx)
    if old is None:
        return
    if bump(old.version, ctx.sop.version) <= Level.NONE:
        return  # no new version (SOP501) or a lower one (SOP503)
    found = verdict(old, ctx.sop, ctx.index.config.policy)
    if not found.enough:
        message = Message(
            "change.bump_too_small",
            needed=_LEVELS[found.needed],
            step=_LEVELS[found.step],
            old=old.version,
            new=ctx.sop.version,
            suggested=found.suggested,
        )
        yield _on_version(ctx, "SOP504", message)


_LEVELS = {
    Level.PATCH: Message("change.level_patch"),
    Level.MINOR: Message("change.level_minor"),
    Level.MAJOR: Message("change.level_major"),
}
"""The version steps a change can need or an author can take (SOP504 sees no other)."""
