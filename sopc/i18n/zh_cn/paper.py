"""Simplified Chinese labels of the paper area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {}
