"""English labels of the raci area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "raci": "Responsibilities",
}
