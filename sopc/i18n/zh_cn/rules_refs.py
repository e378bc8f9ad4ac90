"""Simplified Chinese messages of the rules on documents, references, writing and
change control (SOP1xx, SOP2xx, SOP4xx, SOP5xx)."""

LABELS: dict[str, str] = {}
