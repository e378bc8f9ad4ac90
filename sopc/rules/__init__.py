"""The rules turn valid SOPs into findings (layer 5, docs/architecture.md). One module
per rule family."""

from __future__ import annotations

from collections.abc import Iterator

from sopc.findings import Finding
from sopc.rules import change, document, flow, references, source, time, writing
from sopc.rules.context import ProjectIndex, SopContext
from sopc.rules.registry import REGISTRY, Rule, rule_for

__all__ = ["REGISTRY", "ProjectIndex", "Rule", "SopContext", "rule_for", "run_rules"]
_FAMILIES = (source, document, references, flow, time, writing, change)


def run_rules(context: SopContext) -> Iterator[Finding]:
    """Every registered check on one SOP, in code order."""
    for code in sorted(REGISTRY):
        check = REGISTRY[code].check
        if check is not None:
            yield from check(context)
