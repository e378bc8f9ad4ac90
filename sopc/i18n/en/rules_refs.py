"""English messages of the rules on documents, references, writing and change control
(SOP1xx, SOP2xx, SOP4xx, SOP5xx), and of the `rules:` settings of sopc.yaml."""

LABELS: dict[str, str] = {
    # -- SOP1xx document control (sopc/rules/document.py) -------------------------------
    "doc.duplicate_id": "SOP id {id!r} is also used by {others}",
    "doc.id_pattern": "SOP id {id!r} does not match id_pattern {pattern!r}",
    "doc.filename": "file name {name!r} does not start with the SOP id {id!r}",
    "doc.revision_missing": "revisions has no entry for the current version {version}",
    "doc.approval_needed": (
        "status {status!r} needs {missing} (approval.approver with name and date)"
    ),
    "doc.approver": "an approver",
    "doc.approver_date": "the approver's date",
    "doc.effective_date_needed": "status 'effective' needs an effective_date",
    "doc.date_before": (
        "{signer} {date} is before the {earlier} date {earlier_date}"
        " (author ≤ reviewer ≤ approver ≤ effective)"
    ),
    "doc.signer_author": "author",
    "doc.signer_reviewer": "reviewer",
    "doc.signer_approver": "approver",
    "doc.signer_effective": "effective date",
    "doc.revisions_by_date": (
        "revisions are not newest first: {date} ({version}) "
        "is newer than {above_date} ({above_version}) above it"
    ),
    "doc.revisions_by_version": (
        "revisions are not newest first: version {version} is listed below {above_version}"
    ),
    "doc.review_overdue": (
        "periodic review was due on {due} ({days} days ago); review the SOP and update review"
    ),
    "doc.retired_reference": "sop:{sop} ({title}) is retired",
    "doc.approval_outdated": (
        "the approver signed on {approved}, before version {version} was revised on "
        "{revised}: the approval may be for an earlier version; have {version} approved "
        "and update approval.approver, or correct the dates"
    ),
    # -- SOP2xx references (sopc/rules/references.py) -----------------------------------
    "ref.did_you_mean_named": " (did you mean {word!r} ({name})?)",
    "ref.unknown_role": "unknown role {role!r}{hint}",
    "ref.unused_role": ("local role {role!r} ({name}) is not used by any step, exception or owner"),
    "ref.unknown_step": "no step {step!r} in {sop}{hint}",
    "ref.deadline_to_handoff": (
        "a deadline ends at a step of this SOP or at end, not at a hand-off"
    ),
    "ref.unknown_heading": "heading {{#{step}}} names no step of {sop}{hint}",
    "ref.unknown_form": "unknown form {form!r}{hint}",
    "ref.unused_form": "local form {form!r} ({name}) is not used by any step",
    "ref.unknown_sop": "no SOP {sop!r} in the project{hint}",
    "ref.duplicate_step": "step id {step!r} is already used by step {number} ({title})",
    "ref.reuses_shared": (
        "local {kind} {id!r} reuses the organisation-wide {kind} of sopc.yaml ({name})"
    ),
    "ref.kind_role": "role",
    "ref.kind_form": "form",
    "ref.form_as_text": (
        "{text!r} is the name of a defined form{hint}: written as form:ID, the manual links it"
    ),
    # -- SOP4xx writing (sopc/rules/writing.py) -----------------------------------------
    "writing.vague_term": "vague wording {term!r}: say who does what, and by when",
    "writing.step_incomplete": "step {step!r} has no {fields} (policy.step_requires)",
    "writing.missing_purpose": (
        "the SOP has no {missing}: say why it exists and where it starts and ends"
    ),
    "writing.purpose": "purpose",
    "writing.scope": "scope",
    "writing.purpose_and_scope": "purpose and no scope",
    # -- SOP5xx change control (sopc/rules/change.py) -----------------------------------
    "change.not_bumped": (
        "content changed since the base revision ({changes}) but version "
        "{version} did not: make it {suggested}"
    ),
    "change.then": "{first}; {rest}",
    "change.and_more": "{changes} …",
    "change.step": "step {step}",
    "change.step_order": "step order",
    "change.flow": "flow {edge}",
    "change.step_field": "step {step} ({title}): {field}",
    "change.not_recorded": (
        "version changed from {old} to {new} since the base revision, "
        "but revisions has no entry for {new}"
    ),
    "change.regressed": "version {new} is lower than {old} at the base revision",
    "change.bump_too_small": (
        "a {needed} change under a {step} version step ({old} → {new}): make it {suggested}"
    ),
    "change.level_major": "major",
    "change.level_minor": "minor",
    "change.level_patch": "patch",
    # -- the rules: map of sopc.yaml (sopc/rules/settings.py) ---------------------------
    "settings.unknown_rule": "unknown rule {rule!r}{hint}",
    "settings.always_on": "{code} {name} cannot be turned off",
}
