"""SOP501–SOP504: change control against a base revision (`sopc check --base REV`).

Every change to a procedure gets a new version and a revision record. In CI,
`--base origin/main` compares each SOP with the same SOP (by id, so a moved
file is the same SOP) at the base revision. Without `--base`, and for SOPs
that are new since the base, these rules are silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from sopc.change.compare import compare
from sopc.change.policy import Level, bump, verdict
from sopc.findings import Finding, Severity
from sopc.model.sop import SOP
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

E, W = Severity.ERROR, Severity.WARNING


def _base(ctx: SopContext) -> SOP | None:
    return ctx.index.base.get(ctx.sop.id) if ctx.index.base is not None else None


def _on_version(ctx: SopContext, code: str, message: str) -> Finding:
    """Change control always points at the version: that is what the author edits."""
    return ctx.finding(code, ("version",), message)


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
    if old is None or old.version != ctx.sop.version:
        return
    changes = [c for c in compare(old, ctx.sop) if c.category != "document"]
    if changes:
        suggested = verdict(old, ctx.sop, ctx.index.config.policy, changes).suggested
        shown = "; ".join(c.what for c in changes[:3]) + (" …" if len(changes) > 3 else "")
        message = (
            f"content changed since the base revision ({shown}) but version "
            f"{ctx.sop.version} did not: make it {suggested}"
        )
        yield _on_version(ctx, "SOP501", message)


@rule("SOP502", "revision-not-recorded", E)
def revision_not_recorded(ctx: SopContext) -> Iterator[Finding]:
    """The version changed since the base revision but `revisions` has no entry for it.

    The revision record is the document's history: each version says when it
    came and what it changed. `sopc diff` prints a ready-to-paste entry.

    Bad: `version: "2.2"` with `revisions` starting at `- {version: "2.1", …}`.

    Good:

        revisions:
          - {version: "2.2", date: 2026-11-20, changes: 回访时限改为 2 个工作日}
          - {version: "2.1", date: 2026-07-01, changes: …}
    """
    old, version = _base(ctx), ctx.sop.version
    recorded = any(revision.version == version for revision in ctx.sop.revisions)
    if old is not None and old.version != version and not recorded:
        yield _on_version(
            ctx,
            "SOP502",
            f"version changed from {old.version} to {version} since the base revision, "
            f"but revisions has no entry for {version}",
        )


@rule("SOP503", "version-regressed", E)
def version_regressed(ctx: SopContext) -> Iterator[Finding]:
    """The version is lower than at the base revision.

    Versions only go up: a lower number would make a newer procedure look
    older than copies already in circulation.

    Bad: `version: "1.9"` where the base revision had `"2.0"`.
    """
    old = _base(ctx)
    if old is not None and bump(old.version, ctx.sop.version) is Level.DOWN:
        message = f"version {ctx.sop.version} is lower than {old.version} at the base revision"
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
        message = (
            f"a {found.needed} change under a {found.step} version step ({old.version} → "
            f"{ctx.sop.version}): make it {found.suggested}"
        )
        yield _on_version(ctx, "SOP504", message)
