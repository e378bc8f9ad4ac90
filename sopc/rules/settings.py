"""The `rules:` map of `sopc.yaml`, checked against the rule catalogue.

The project layer reads `sopc.yaml` without knowing which rules exist; names
and levels are checked here, where the catalogue is, and reported as SOP008
like the config's other problems.
"""

from __future__ import annotations

from dataclasses import replace

from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.load.tree import span_of
from sopc.model.config import Config
from sopc.model.errors import suggestion
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
            message = Message("settings.unknown_rule", rule=key, hint=suggestion(key, known))
            findings.append(Finding(rel, span, "SOP008", message))
        elif level == "off" and found.code in UNSILENCEABLE:
            message = Message("settings.always_on", code=found.code, name=found.name)
            findings.append(Finding(rel, span, "SOP008", message))
    return findings + project.config_findings


def configured_levels(config: Config) -> dict[str, Severity | None]:
    """The severity `sopc.yaml` gives each rule it names, by code; None: turned off.
    A rule named twice (by code and by name) takes the later setting."""
    levels: dict[str, Severity | None] = {}
    for key, level in config.rules.items():
        found = rule_for(key)
        if found is not None:
            levels[found.code] = None if level == "off" else Severity(level)
    return levels


def apply_severities(findings: list[Finding], config: Config) -> list[Finding]:
    """Give each finding its configured severity, drop those turned off, sort."""
    levels = configured_levels(config)
    out = []
    for finding in findings:
        severity = levels.get(finding.code, REGISTRY[finding.code].severity)
        if severity is not None:
            out.append(replace(finding, severity=severity))
    return sorted(out, key=Finding.sort_key)
