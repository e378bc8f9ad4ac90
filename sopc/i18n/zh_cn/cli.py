"""Simplified Chinese messages of the commands: reports of a check (text, CI formats),
build, new, init, rules, usage errors."""

LABELS: dict[str, str] = {}
