"""Simplified Chinese messages of the schema: missing, unknown and invalid fields, and
the value types (ids, dates, versions, durations)."""

LABELS: dict[str, str] = {
    "did_you_mean": "（是否想写 {word!r}？）",
}
