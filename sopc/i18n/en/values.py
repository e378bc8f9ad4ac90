"""English messages of the schema: missing, unknown and invalid fields, and the value
types (ids, dates, versions, durations)."""

LABELS: dict[str, str] = {
    "did_you_mean": " (did you mean {word!r}?)",
}
