"""Simplified Chinese messages of the loader: reading files, YAML and Markdown syntax,
sopc.yaml and source folders."""

LABELS: dict[str, str] = {}
