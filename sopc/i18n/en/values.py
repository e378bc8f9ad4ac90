"""English messages of the schema: missing, unknown and invalid fields, and the value
types (ids, dates, versions, durations)."""

LABELS: dict[str, str] = {
    "did_you_mean": " (did you mean {word!r}?)",
    # SOP005, SOP006 and the cap on findings per file
    "schema.missing_field": "missing required field {name!r}",
    "schema.missing_review_interval": "review needs `interval` (with `last`) or `next`",
    "schema.unknown_field": "unknown field {name!r}{hint}",
    "schema.more_problems": "... and {more} more problems in this file; fix the ones above first",
    # how a value is named: `got {got}`
    "value.text": "{text!r}",
    "value.nothing": "nothing",
    "value.a_mapping": "a mapping",
    "value.a_list": "a list",
    "value.field": "{name}: ",
    # SOP007: what a field expects
    "value.expected_choice": "expected one of {choices}; got {got}{hint}",
    "value.expected_list": "{field}expected a list (for example [a, b]), got {got}",
    "value.expected_mapping": "{field}expected a mapping of keys to values, got {got}",
    "value.expected_fields": "{field}expected a mapping of fields, got {got}",
    "value.expected_text": "{field}expected text, got {got}",
    "value.expected_bool": "{field}expected true or false, got {got}",
    "value.expected_number": "{field}expected a number, got {got}",
    "value.expected_whole_number": "{field}expected a whole number, got {got}",
    "value.greater_than": "{field}Input should be greater than {gt}",
    "value.at_most": "{field}Input should be less than or equal to {le}",
    "value.too_few_one": "{field}List should have at least 1 item after validation, "
    "not {actual_length}",
    "value.too_few": "{field}List should have at least {min_length} items after validation, "
    "not {actual_length}",
    "value.invalid": "{field}{detail}",
    # SOP007: the value types
    "value.expected_id": "expected an id: letters, digits, '-', '_' or '.', "
    "starting with a letter or digit, got {got}",
    "value.reserved_end": "'end' is reserved for the end of the flow",
    "value.expected_date": "expected a date as YYYY-MM-DD, got {got}",
    "value.unreal_date": "{got} is not a real date ({why})",
    "value.year_range": "year {year} is out of range",
    "value.month_range": "month must be in 1..12",
    "value.day_range": "day is out of range for month",
    "value.expected_version": 'expected a version MAJOR.MINOR[.PATCH] such as "1.2", '
    "got {got}{hint}",
    "value.expected_duration": "expected a duration such as 30m, 2h, 1d, 4wh, 2wd, 3工作日 "
    "or immediate, got {got}{hint}",
    "value.months_in_step": "{got}: months and years are for review and retention "
    "intervals, not step times; use d, wd or h",
    "value.expected_interval": "expected an interval such as 90d, 6mo, 1y, 6个月 or 3年, "
    "got {got}{hint}",
    "value.expected_target": "expected a step id, end or sop:ID, got {got}{hint}",
    "value.expected_parallel_target": "expected a step id (the branches of a parallel "
    "split), got {got}",
}
