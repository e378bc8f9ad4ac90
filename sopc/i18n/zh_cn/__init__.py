"""Simplified Chinese (`language: zh-CN`), the language of most manuals and of the
people who own the SOPs. One module per area, as in English."""

from sopc.i18n.zh_cn import (
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
