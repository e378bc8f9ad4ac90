"""SOP201–SOP208: roles, steps, forms and SOPs that are named must exist (and be used)."""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding, Severity
from sopc.load.tree import TreePath
from sopc.model.errors import did_you_mean
from sopc.model.types import RESERVED_IDS, SOP_REF
from sopc.rules.context import SopContext
from sopc.rules.registry import rule

E, W = Severity.ERROR, Severity.WARNING


@rule("SOP201", "unknown-role", E)
def unknown_role(ctx: SopContext) -> Iterator[Finding]:
    """A role is named that neither the SOP nor `sopc.yaml` defines.

    Checked for `owner`, each step's `role` and `support`, and each
    exception's `role` and `escalate_to`. An escalation to a role that does
    not exist is an escalation to nobody. The closest defined role is
    suggested.

    Bad:

        role: cs-agnet

    Good: `role: cs-agent`, defined under `roles:` in the SOP or in `sopc.yaml`.
    """
    roles = ctx.roles
    for where, role in ctx.role_uses():
        if role not in roles:
            hint = did_you_mean(role, list(roles))
            yield ctx.finding("SOP201", where, f"unknown role {role!r}{hint}")


@rule("SOP202", "unused-role", W)
def unused_role(ctx: SopContext) -> Iterator[Finding]:
    """A local role that nobody in the SOP uses.

    A role listed under the SOP's `roles:` but never the owner, a step's
    role or support, or an exception's handler is noise in the duties table,
    or a sign that a step lost its owner.

    Bad:

        roles:
          qa-lead: {name: 品控主管}     # no step mentions qa-lead

    Good: assign it to the step it performs, or remove it.
    """
    used = {role for _, role in ctx.role_uses()}
    for role_id, role in ctx.sop.roles.items():
        if role_id not in used:
            message = (
                f"local role {role_id!r} ({role.name}) is not used by any step, exception or owner"
            )
            yield ctx.finding("SOP202", ("roles", role_id), message, key=True)


@rule("SOP203", "unknown-step", E)
def unknown_step(ctx: SopContext) -> Iterator[Finding]:
    """A step id is named that the SOP does not have.

    Checked for `next`, decision `branches`, exception and risk `steps`,
    deadline `from` and `to`, and the `{#step-id}` headings of a Markdown
    SOP's body. The closest step id is suggested.

    Bad:

        next: aprove

    Good:

        next: approve
    """
    steps = ctx.step_ids
    hint_from = sorted(steps)

    def check(where: TreePath, target: str, allow_end: bool = True) -> Iterator[Finding]:
        if target.startswith(SOP_REF) or (allow_end and target in RESERVED_IDS):
            return
        if target not in steps:
            hint = did_you_mean(target, hint_from)
            yield ctx.finding("SOP203", where, f"no step {target!r} in {ctx.sop.id}{hint}")

    for i, step in enumerate(ctx.sop.steps):
        if isinstance(step.next, str):
            yield from check(("steps", i, "next"), step.next)
        elif isinstance(step.next, list):
            for j, target in enumerate(step.next):
                yield from check(("steps", i, "next", j), target)
        for j, branch in enumerate(step.branches or []):
            yield from check(("steps", i, "branches", j, "next"), branch.next)
    for i, exc in enumerate(ctx.sop.exceptions):
        for j, target in enumerate(exc.steps or []):
            yield from check(("exceptions", i, "steps", j), target, allow_end=False)
    for i, risk in enumerate(ctx.sop.risks):
        for j, target in enumerate(risk.steps):
            yield from check(("risks", i, "steps", j), target, allow_end=False)
    for i, deadline in enumerate(ctx.sop.deadlines):
        if deadline.from_ is not None:
            yield from check(("deadlines", i, "from"), deadline.from_, allow_end=False)
        if deadline.to.startswith(SOP_REF):
            message = "a deadline ends at a step of this SOP or at end, not at a hand-off"
            yield ctx.finding("SOP203", ("deadlines", i, "to"), message)
        else:
            yield from check(("deadlines", i, "to"), deadline.to)
    if ctx.file.body is not None:
        for section in ctx.file.body.sections:
            if section.step_id not in steps:
                hint = did_you_mean(section.step_id, hint_from)
                message = f"heading {{#{section.step_id}}} names no step of {ctx.sop.id}{hint}"
                yield Finding(ctx.file.rel, section.span, "SOP203", message, ctx.sop.id)


@rule("SOP204", "unknown-form", E)
def unknown_form(ctx: SopContext) -> Iterator[Finding]:
    """`form:ID` names a form that neither the SOP nor `sopc.yaml` defines.

    Forms (表单, 记录) are what steps produce and consume; a reference to a
    missing form cannot be printed, filed or retained.

    Bad:

        outputs: ["form:complaint-registr"]

    Good: `outputs: ["form:complaint-register"]`, defined under `forms:`.
    """
    yield from _unresolved(ctx, "SOP204", "form", set(ctx.forms), "unknown form {!r}")


@rule("SOP205", "unused-form", W)
def unused_form(ctx: SopContext) -> Iterator[Finding]:
    """A local form that no step uses.

    A form under the SOP's `forms:` that no step names as `form:ID` in its
    inputs or outputs (or in `references`) is never filled in: say which step
    produces it, or remove it.

    Bad:

        forms:
          survey-record: {name: 回访记录表}     # no step outputs it

    Good: `outputs: ["form:survey-record"]` on the step that fills it in.
    """
    used = {form_id for _, form_id in ctx.refs("form")}
    for form_id, form in ctx.sop.forms.items():
        if form_id not in used:
            message = f"local form {form_id!r} ({form.name}) is not used by any step"
            yield ctx.finding("SOP205", ("forms", form_id), message, key=True)


@rule("SOP206", "unknown-sop", E)
def unknown_sop(ctx: SopContext) -> Iterator[Finding]:
    """`sop:ID` names no SOP in the project.

    Hand-offs (`next: "sop:FIN-003"`) and references must lead to an SOP
    that exists, or readers and the flow end in a void. All SOPs of the
    project are loaded, even when only some files are checked.

    Bad:

        next: "sop:FIN-030"

    Good:

        next: "sop:FIN-003"
    """
    known = set(ctx.index.paths_by_id)
    yield from _unresolved(ctx, "SOP206", "sop", known, "no SOP {!r} in the project")


@rule("SOP207", "duplicate-step", E)
def duplicate_step(ctx: SopContext) -> Iterator[Finding]:
    """Two steps share an id.

    Step ids are the targets of `next` and branches, the anchors of the
    manual and how `sopc diff` follows a step across versions.

    Bad:

        - {id: review, title: 审核申请}
        - {id: review, title: 复核申请}

    Good: `review` and `recheck`.
    """
    first: dict[str, int] = {}
    for i, step in enumerate(ctx.sop.steps):
        if step.id in first:
            earlier = ctx.sop.steps[first[step.id]]
            message = (
                f"step id {step.id!r} is already used by step {first[step.id] + 1} "
                f"({earlier.title})"
            )
            yield ctx.finding("SOP207", ("steps", i, "id"), message)
        else:
            first[step.id] = i


@rule("SOP208", "role-conflict", E)
def role_conflict(ctx: SopContext) -> Iterator[Finding]:
    """A local role or form reuses an organisation-wide id.

    Roles and forms in `sopc.yaml` are shared by every SOP; a local one with
    the same id would silently mean something else in this SOP only.

    Bad (`cs-agent` is in `sopc.yaml`):

        roles:
          cs-agent: {name: 客服人员}

    Good: use the organisation's `cs-agent`, or name the local role differently.
    """
    for kind, local, shared in (
        ("roles", ctx.sop.roles, ctx.config.roles),
        ("forms", ctx.sop.forms, ctx.config.forms),
    ):
        for item_id in local:
            if item_id in shared:
                what = "role" if kind == "roles" else "form"
                message = (
                    f"local {what} {item_id!r} reuses the organisation-wide {what} "
                    f"of sopc.yaml ({shared[item_id].name})"
                )
                yield ctx.finding("SOP208", (kind, item_id), message, key=True)


def _unresolved(
    ctx: SopContext, code: str, kind: str, known: set[str], message: str
) -> Iterator[Finding]:
    """`kind:ID` references whose id is not `known`, with the closest one suggested."""
    for where, ref_id in ctx.refs(kind):
        if ref_id not in known:
            hint = did_you_mean(ref_id, sorted(known))
            yield ctx.finding(code, where, message.format(ref_id) + hint)
