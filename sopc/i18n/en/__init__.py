"""English: the catalogue's reference language, and the fallback for a key that
another language lacks. One module per area; the keys of no two overlap
(tests/test_i18n.py)."""

from sopc.i18n.en import (
    cli,
    imports,
    lsp,
    manual,
    paper,
    raci,
    rules_flow,
    rules_refs,
    screen,
    search,
    source,
    units,
    values,
)

AREAS = (manual, source, values, rules_refs, rules_flow, cli, paper, screen, search, raci,
         units, imports, lsp)  # fmt: skip
LABELS: dict[str, str] = {key: text for area in AREAS for key, text in area.LABELS.items()}
