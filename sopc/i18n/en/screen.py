"""English labels of the screen area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "chart_locate": "Show in the flowchart",
}
