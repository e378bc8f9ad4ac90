"""English labels of the paper area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "flow_direction": "Flowchart direction",  # the SOP field, as `sopc diff` names it
    "legend": "Legend",
    "legend_decision": "diamond: a decision (the step and its question)",
    "legend_control": "⚑ red frame: control point",
    "legend_limit": "≤ time limit",
    "legend_exception": "dashed orange: exception and escalation",
    "legend_parallel": "black bar: parallel branches and their join",
    "legend_handoff": "arrow box: continues in another SOP",
    "legend_connector": "circled letter: continues at the same letter on another page",
    "legend_sep": "; ",  # between the legend's entries
    "flowchart_part": "{caption} (part {part} of {parts})",  # a chart split over pages
}
