"""English messages of the loader: reading files, YAML and Markdown syntax, sopc.yaml
and source folders."""

LABELS: dict[str, str] = {
    # -- reading a file (sopc/load/text.py) ---------------------------------------------
    "file.unreadable": "cannot read the file: {reason}",
    "file.not_regular": "not a regular file; not read",
    "file.too_large": "file is {size}, over the {limit} limit for one SOP; not read",
    "file.over_limit": "file is over the {limit} limit",
    "file.wide_encoding": "file is {encoding}, not UTF-8; save it as UTF-8",
    "file.legacy_encoding": "file is not UTF-8; it looks like {encoding}: save it as UTF-8",
    "file.binary": "file is not UTF-8 text (it looks binary); not read",
    "file.nul": "binary file (NUL bytes), not text",
    "encoding.gb18030": "GB18030 (GBK), as Windows editors save Chinese text",
    "encoding.big5": "Big5 (Traditional Chinese)",
    "encoding.shift_jis": "Shift_JIS (Japanese)",
    "encoding.euc_kr": "EUC-KR (Korean)",
    "encoding.latin1": "Latin-1/Windows-1252",
    # -- Markdown SOPs (sopc/load/markdown.py) ------------------------------------------
    "markdown.unclosed_front_matter": "front matter opened here is never closed by a '---' line",
    "markdown.no_front_matter": "a Markdown SOP starts with YAML front matter between '---' lines",
    # -- what the composer refuses (sopc/load/yaml.py) ----------------------------------
    "yaml.tag_refused": "tag {tag!r} is not allowed: SOP files hold plain data, nothing is "
    "constructed",
    "yaml.tag_text": "tag {tag!r} is not allowed: SOP files hold plain data; if it is text, "
    "put the value in quotes: {fixed}",
    "yaml.too_many": "more than {limit} values once aliases are expanded (an alias bomb?); "
    "not read",
    "yaml.too_deep": "nested deeper than {limit} levels; not read",
    "yaml.alias_self": "alias *{anchor} refers to itself",
    "yaml.alias_unknown": "alias *{anchor} names no anchor; if it is text, put the value in "
    "quotes: {fixed}",
    "yaml.second_document": "a second YAML document: one SOP per file, drop this '---'",
    "yaml.key_not_text": "a key must be plain text",
    "yaml.duplicate_key": "duplicate key {key!r}: already set at line {line}; YAML would "
    "silently keep only the last one",
    # -- typing slips (sopc/load/slips.py) ----------------------------------------------
    "yaml.fullwidth_colon": "a full-width colon '：' where YAML needs an English colon ':' "
    "and a space: write {fixed}",
    "yaml.fullwidth_space": "a full-width space '　' after ':' where YAML needs an ordinary "
    "space: write {fixed}",
    "yaml.fullwidth_indent": "full-width spaces '　' indent this line; YAML indents with "
    "ordinary spaces: replace them",
    "yaml.colon_space": "no space after ':'; YAML needs one between a key and its value: "
    "write {fixed}",
    "yaml.dash_space": "no space after '-'; a list item is '- ' and then the item: write {fixed}",
    # -- YAML syntax, at the cause (sopc/load/syntax.py) --------------------------------
    "yaml.quote_value": "{why}; put the value in quotes: {fixed}",
    "yaml.why_start": "a value cannot start with '{char}' in YAML",
    "yaml.why_colon": "': ' inside a value reads as a new key",
    "yaml.why_anchor": "'{char}' at the start of a value marks a YAML anchor or alias",
    "yaml.why_tag": "'!' at the start of a value marks a YAML tag",
    "yaml.why_block": "'{char}' at the start of a value begins a block of text on the lines below",
    "yaml.why_after_quote": "the value starts with a quote but goes on after the closing one",
    "yaml.why_after_bracket": "the value starts with '{open}' but goes on after the "
    "closing '{close}'",
    "yaml.dash_value": "a list cannot start on its key's line: put each '- ' item on a line of "
    "its own below '{key}:'; if the '-' is text, put the value in quotes: {fixed}",
    "yaml.not_key_value": "this line is not 'key: value': write the key, an English colon "
    "':' and a space, then the value; indent the line further if it continues the text "
    "above, or start it with '- ' if it is a list item",
    "yaml.key_too_long": "no ':' in the first 1,024 characters of this line, so it cannot be "
    "a key: shorten the key, or indent the line under the key whose text it continues",
    "yaml.indented_key": "{key!r} is indented further than {parent!r} on line {line}, so "
    "YAML reads it as more of the value of {parent!r}: line it up with {parent!r} "
    "(column {column})",
    "yaml.indented_item": "this list item is indented further than {parent!r} on line "
    "{line}, so YAML reads it as more of that value: start its '-' at column {column}",
    "yaml.quote_continued": "this line continues the value of {parent!r} (line {line}) and "
    "its ': ' reads as a new key: put the whole value in quotes, or write it as a block of "
    "text after '{parent}: |'",
    "yaml.item_misaligned": "this list item starts at column {column}, but the items of its "
    "list (line {line}) at column {expected}: line up the '-' of every item",
    "yaml.item_among_keys": "a list item among the 'key: value' fields that start on line "
    "{line}: write it as 'key: value', or put the list under the key it belongs to",
    "yaml.key_misaligned": "{key!r} is not lined up with {sibling!r} on line {line}: "
    "indent it to column {column}, like {sibling!r}",
    "yaml.key_between": "{key!r} is indented to column {column}, between {outer!r} "
    "(column {outer_column}) and {inner!r} (column {inner_column}) above: line it up with "
    "the one it belongs to",
    "yaml.list_interrupted": "the list that starts on line {line} goes on here with a line "
    "that is not an item: start it with '- ' to make it one, or move it to the column of "
    "the field it belongs to",
    "yaml.extra_closing": "this '{char}' has no '{open}' before it: delete it",
    "yaml.extra_comma": "an extra ',' where a value should be: delete it",
    "yaml.bracket_unclosed": "this '{open}' is never closed, so the lines after it are "
    "read as part of it: add the closing '{close}'",
    "yaml.flow_comma": "inside '{open} {close}' the items are separated by ',': a ',' is "
    "missing here, or the item before it needs quotes",
    "yaml.double_quote": 'double quote (")',
    "yaml.single_quote": "single quote (')",
    "yaml.quote_unclosed": "this {quote} is never closed: end the value with the same quote",
    "yaml.quote_closed_late": "this {quote} is not closed on its line, so the value runs on "
    "to line {line}: end the value with the same quote",
    "yaml.escape": "in double quotes a backslash starts an escape such as '\\n', and this one "
    "is none: use single quotes instead, {fixed}",
    "yaml.flow_colon": "inside '[ ]' or '{{ }}' a ':' needs a space after it; if it is text, "
    "put it in quotes",
    "yaml.directive": "a line that starts with '%' is a YAML directive, which an SOP never "
    "needs: delete it, or put the text in quotes",
    "yaml.document_end": "'...' ends the YAML document, so nothing after it is read: delete "
    "this line",
    "yaml.after_document": "this cannot follow the complete value before it: an SOP file is "
    "one set of 'key: value' fields",
    "yaml.control_char": "an invisible control character ({code}) here: delete it (it comes "
    "with text copied from Word or a web page)",
    "yaml.tab": "a tab here; YAML indents with spaces, not tabs: replace it with spaces",
    "yaml.syntax": "YAML syntax: {problem}{where}",
    "yaml.syntax_since": " ({context} started at line {line})",
    "yaml.syntax_during": " ({context})",
    # -- an SOP file as a whole (sopc/sources.py) ---------------------------------------
    "sop_file.empty": "the file is empty: an SOP needs at least id, title, version and steps",
    "sop_file.not_a_mapping": "an SOP file holds a mapping of fields (id: …, title: …), not {kind}",
    "sop_file.list": "a list",
    "sop_file.single_value": "a single value",
    # -- the project: its root, sopc.yaml and sources (sopc/project.py) -----------------
    "project.config_not_found": "config file not found: {path}",
    "project.no_such_path": "no such file or folder: {path}",
    "project.different_projects": "the paths belong to different projects: {roots}",
    "project.bad_id_pattern": "id_pattern is not a valid regular expression: {error}",
    "project.source_outside": "source folder {source!r} is outside the project",
    "project.source_missing": "source folder {source!r} does not exist",
    "project.link_loop": "symbolic link loop; not read",
    "project.link_outside": "symbolic link to {target}, outside the project; not read",
}
