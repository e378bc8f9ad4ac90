"""The `rules:` map of `sopc.yaml`, checked against the rule catalogue.

The project layer reads `sopc.yaml` without knowing which rules exist; names
and levels are checked here, where the catalogue is, and reported as SOP008
like the config's other problems.
"""

from __future__ import annotations

from sopc.findings import Finding
from sopc.load.tree import span_of
from sopc.model.errors import did_you_mean
from sopc.project import Project
from sopc.rules.registry import REGISTRY, rule_for
from sopc.rules.suppress import UNSILENCEABLE


def config_problems(project: Project) -> list[Finding]:
    """Everything wrong with `sopc.yaml`: the rule settings that name no rule or turn
    off one that cannot be, and what the project found reading it."""
    if project.config_tree is None or project.config_path is None:
        return project.config_findings  # unread or invalid: there are no settings
    rel = project.rel(project.config_path)
    known = sorted({r.code for r in REGISTRY.values()} | {r.name for r in REGISTRY.values()})
    findings = []
    for key, level in project.config.rules.items():
        span = span_of(project.config_tree, ("rules", key), key=True)
        found = rule_for(key)
        if found is None:
            message = f"unknown rule {key!r}" + did_you_mean(key, known)
            findings.append(Finding(rel, span, "SOP008", message))
        elif level == "off" and found.code in UNSILENCEABLE:
            message = f"{found.code} {found.name} cannot be turned off"
            findings.append(Finding(rel, span, "SOP008", message))
    return findings + project.config_findings
