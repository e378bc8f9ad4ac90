"""Simplified Chinese labels of the screen area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "chart_locate": "在流程图中查看",
}
