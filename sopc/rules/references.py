"""SOP201–SOP209: roles, steps, forms and SOPs that are named must exist (and be used).

An unknown name is often a display name written where the id belongs (投诉主管
for `complaint-supervisor`): the hints come from `sopc.rules.names`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.load.tree import TreePath
from sopc.model.types import FORM_REF, RESERVED_IDS, SOP_REF, split_ref
from sopc.rules.context import SopContext
from sopc.rules.names import meant, name_index, normalised
from sopc.rules.registry import rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@rule("SOP201", "unknown-role", E)
def unknown_role(ctx: SopContext) -> Iterator[Finding]:
    """A role is named that neither the SOP nor `sopc.yaml` defines.

    Checked for `owner`, each step's `role` and `support`, and each
    exception's `role` and `escalate_to`. An escalation to a role that does
    not exist is an escalation to nobody. The closest defined role is
    suggested; a role written by its display name (`owner: 投诉主管` where
    `complaint-supervisor` is named 投诉主管) gets that role's id.

    Bad:

        role: cs-agnet
        owner: 投诉主管

    Good: `role: cs-agent` and `owner: complaint-supervisor`, defined under
    `roles:` in the SOP or in `sopc.yaml`.
    """
    names = {role_id: role.name for role_id, role in ctx.roles.items()}
    for where, role in ctx.role_uses():
        if role not in names:
            message = Message("ref.unknown_role", role=role, hint=meant(role, names))
            yield ctx.finding("SOP201", where, message)


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
            message = Message("ref.unused_role", role=role_id, name=role.name)
            yield ctx.finding("SOP202", ("roles", role_id), message, key=True)


@rule("SOP203", "unknown-step", E)
def unknown_step(ctx: SopContext) -> Iterator[Finding]:
    """A step id is named that the SOP does not have.

    Checked for `next`, decision `branches`, exception and risk `steps`,
    deadline `from` and `to`, and the `{#step-id}` headings of a Markdown
    SOP's body. The closest step id is suggested, or the step whose title
    was written in place of its id.

    Bad:

        next: aprove

    Good:

        next: approve
    """
    titles: dict[str, str] = {}
    for step in ctx.sop.steps:
        titles.setdefault(step.id, step.title)

    def check(where: TreePath, target: str, allow_end: bool = True) -> Iterator[Finding]:
        if target.startswith(SOP_REF) or (allow_end and target in RESERVED_IDS):
            return
        if target not in titles:
            message = Message(
                "ref.unknown_step", step=target, sop=ctx.sop.id, hint=meant(target, titles)
            )
            yield ctx.finding("SOP203", where, message)

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
            message = Message("ref.deadline_to_handoff")
            yield ctx.finding("SOP203", ("deadlines", i, "to"), message)
        else:
            yield from check(("deadlines", i, "to"), deadline.to)
    if ctx.file.body is not None:
        for section in ctx.file.body.sections:
            if section.step_id not in titles:
                hint = meant(section.step_id, titles)
                message = Message(
                    "ref.unknown_heading", step=section.step_id, sop=ctx.sop.id, hint=hint
                )
                yield Finding(ctx.file.rel, section.span, "SOP203", message, ctx.sop.id)


@rule("SOP204", "unknown-form", E)
def unknown_form(ctx: SopContext) -> Iterator[Finding]:
    """`form:ID` names a form that neither the SOP nor `sopc.yaml` defines.

    Forms (表单, 记录) are what steps produce and consume; a reference to a
    missing form cannot be printed, filed or retained. The closest form is
    suggested, by id or by name: `form:客户投诉登记表` gets
    `form:complaint-register` when that form is named 客户投诉登记表.

    Bad:

        outputs: ["form:complaint-registr"]

    Good: `outputs: ["form:complaint-register"]`, defined under `forms:`.
    """
    names = _form_names(ctx)
    for where, form_id in ctx.refs("form"):
        if form_id not in names:
            hint = meant(form_id, names, FORM_REF)
            yield ctx.finding("SOP204", where, Message("ref.unknown_form", form=form_id, hint=hint))


@rule("SOP205", "unused-form", W)
def unused_form(ctx: SopContext) -> Iterator[Finding]:
    """A local form that no step uses.

    A form under the SOP's `forms:` that no step names as `form:ID` in its
    inputs or outputs (or in `references`) is never filled in: say which step
    produces it, or remove it. A form that a step names by its display name
    in plain text is not reported here: SOP209 points at that text, which is
    the one thing to fix.

    Bad:

        forms:
          survey-record: {name: 回访记录表}     # no step outputs it

    Good: `outputs: ["form:survey-record"]` on the step that fills it in.
    """
    used = {form_id for _, form_id in ctx.refs("form")}
    used |= {form_id for _, _, form_id in ctx.once(_forms_as_text)}
    for form_id, form in ctx.sop.forms.items():
        if form_id not in used:
            message = Message("ref.unused_form", form=form_id, name=form.name)
            yield ctx.finding("SOP205", ("forms", form_id), message, key=True)


@rule("SOP206", "unknown-sop", E)
def unknown_sop(ctx: SopContext) -> Iterator[Finding]:
    """`sop:ID` names no SOP in the project.

    Hand-offs (`next: "sop:FIN-003"`) and references must lead to an SOP
    that exists, or readers and the flow end in a void. All SOPs of the
    project are loaded, even when only some files are checked. The closest
    id is suggested, or the SOP whose title was written:
    `next: "sop:供应商准入与复评流程"` gets `sop:SUP-001`.

    Bad:

        next: "sop:FIN-030"

    Good:

        next: "sop:FIN-003"
    """
    for where, sop_id in ctx.refs("sop"):
        if not ctx.index.knows(sop_id):
            hint = ctx.index.titles().meant(sop_id, SOP_REF)
            yield ctx.finding("SOP206", where, Message("ref.unknown_sop", sop=sop_id, hint=hint))


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
            earlier = first[step.id]
            message = Message(
                "ref.duplicate_step",
                step=step.id,
                number=earlier + 1,
                title=ctx.sop.steps[earlier].title,
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
    for field, kind, local, shared in (
        ("roles", "ref.kind_role", ctx.sop.roles, ctx.config.roles),
        ("forms", "ref.kind_form", ctx.sop.forms, ctx.config.forms),
    ):
        for item_id in local:
            if item_id in shared:
                message = Message(
                    "ref.reuses_shared", kind=Message(kind), id=item_id, name=shared[item_id].name
                )
                yield ctx.finding("SOP208", (field, item_id), message, key=True)


@rule("SOP209", "form-as-text", INFO)
def form_as_text(ctx: SopContext) -> Iterator[Finding]:
    """An input, output or reference names a defined form in plain text.

    Plain text is allowed there: it is how a step names what it takes or
    produces when that is no form. But text that is the name of a form the
    SOP or `sopc.yaml` defines (compared without 《》, spaces and full-width
    letters) almost certainly means that form, and only as `form:ID` does
    the manual link it, list the step in the forms catalogue, and SOP204
    check it. The SOP reads correctly either way, so this is a hint (info),
    not a warning: documents that passed before still pass with `--strict`.

    Bad:

        outputs: [《客户投诉登记表》]

    Good:

        outputs: ["form:complaint-register"]
    """
    for where, text, form_id in ctx.once(_forms_as_text):
        hint = Message("did_you_mean", word=FORM_REF + form_id)
        yield ctx.finding("SOP209", where, Message("ref.form_as_text", text=text, hint=hint))


def _form_names(ctx: SopContext) -> dict[str, str]:
    return {form_id: form.name for form_id, form in ctx.forms.items()}


def _forms_as_text(ctx: SopContext) -> list[tuple[TreePath, str, str]]:
    """Plain-text inputs, outputs and references that are a defined form's name,
    with the form's id."""
    by_name = name_index(_form_names(ctx))
    if not by_name:
        return []
    places: list[tuple[TreePath, str]] = [
        (("references", i), text) for i, text in enumerate(ctx.sop.references)
    ]
    for i, step in enumerate(ctx.sop.steps):
        places += [(("steps", i, "inputs", j), text) for j, text in enumerate(step.inputs)]
        places += [(("steps", i, "outputs", j), text) for j, text in enumerate(step.outputs)]
    found = []
    for where, text in places:
        form_id = by_name.get(normalised(text)) if split_ref(text) is None else None
        if form_id is not None:
            found.append((where, text, form_id))
    return found
