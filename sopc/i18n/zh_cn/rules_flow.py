"""Simplified Chinese messages of the rules on the flow and on time (SOP3xx), and the
working calendar's notes."""

LABELS: dict[str, str] = {}
