"""English messages of the rules on the flow and on time (SOP3xx), and the working
calendar's notes."""

LABELS: dict[str, str] = {
    # -- SOP301–SOP304: the flow ---------------------------------------------------------
    "flow.unreachable": "no path from the start reaches step {step!r} ({title})",
    "flow.dead_end": "no path from step {step!r} reaches the end or a hand-off{loop}",
    "flow.dead_end_loop": "; every path runs into the loop at {step!r}",
    "flow.endless_loop": "the loop {loop} has no way out to the end or a hand-off",
    "flow.branches_without_decision": "branches without a `decision` question",
    "flow.decision_without_branches": "a decision needs `branches`",
    "flow.too_few_branches": "a decision needs at least two branches, {step!r} has {count}",
    "flow.next_on_decision": "`next` on a decision: its branches say where the flow goes",
    "flow.branch_without_when": "a branch without a `when` label",
    "flow.repeated_branch_label": "branch label {when!r} repeats branch {branch}",
    # -- SOP305, SOP309: deadlines ------------------------------------------------------
    "time.deadline_exceeded": (
        "deadline {name} ({limit}) exceeded{case}: {path} = {total} ({worst})"
    ),
    "time.deadline_exceeded_rework": (
        "deadline {name} ({limit}) exceeded{case} with one round of rework: "
        "{path} = {total} ({worst})"
    ),
    "time.deadline_at_risk": (
        "one round of rework would exceed deadline {name} ({limit}){case}: "
        "{path} = {total} ({worst})"
    ),
    "time.for_case": " for {cases}={value}",
    "time.worst_day": "at worst {days} calendar day",
    "time.worst_days": "at worst {days} calendar days",
    "time.worst_calendar": "at worst {amount}",
    "time.worst_working": "at worst {amount} of working time",
    # a sum: its working time, then its calendar time; each in whole units, then hours, then minutes
    "time.sum": "{working} {calendar}",
    "time.amount": "{head} {tail}",
    "time.working_days": "{n}wd",
    "time.days": "{n}d",
    "time.hours": "{n}h",
    "time.minutes": "{n}m",
    "time.zero": "0",
    # -- SOP306–SOP308 ------------------------------------------------------------------
    "time.missing_time_limit": (
        "step {step!r} is on the path of deadline {name} but has no time_limit"
    ),
    "time.cases_undefined": "a per-case duration, but the SOP defines no `cases`",
    "time.case_missing": "no duration for {cases} {missing}",
    "time.case_unknown": "{value!r} is not a value of {cases} ({known})",
    "time.exception_no_action": "exception {exception!r} has no action",
    "time.exception_no_role": "exception {exception!r} has no role",
    "time.exception_no_action_or_role": "exception {exception!r} has no action and no role",
    # -- the working calendar's notes ---------------------------------------------------
    "calendar.cn_past_data": (
        "holidays: cn covers {first}–{last}; for {missing} the worst cases use the holiday "
        "weeks of {years}"
    ),
    "calendar.cn_not_installed": "chinesecalendar is not installed",
}
