"""The `sarif` format: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Columns are Unicode code points (`columnKind`), as sopc counts them, so a
caret under Chinese text lands where the text report puts it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from sopc import __version__
from sopc.findings import Severity
from sopc.i18n import Translator
from sopc.report.ci import fingerprints, repo_path
from sopc.results import CheckResult
from sopc.rules import REGISTRY, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(result: CheckResult, t: Translator) -> str:
    rules = [REGISTRY[code] for code in sorted(REGISTRY)]
    position = {r.code: i for i, r in enumerate(rules)}
    results = []
    for finding, fingerprint in fingerprints(result):
        span = finding.span
        region = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": max(span.end_column, span.column + 1)
            if span.line == span.end_line
            else span.end_column,
        }
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": position[finding.code],
            "level": LEVELS[finding.severity or Severity.ERROR],
            "message": {"text": t.say(finding.message)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(repo_path(result, finding), safe="/")},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {"sopcFinding/v1": fingerprint},
        }
        if finding.sop:
            entry["properties"] = {"sop": finding.sop}
        results.append(entry)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sopc",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(r, t.language) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _rule(rule: Rule, language: str) -> dict[str, Any]:
    """A rule's descriptor, its documentation in the report's language."""
    doc, summary = rule.doc_in(language), rule.summary_in(language)
    first_paragraph = doc.split("\n\n")[1] if "\n\n" in doc else summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": " ".join(first_paragraph.split())},
        "help": {
            "text": f"{rule.code} {rule.name}\n\n{doc}",
            "markdown": f"**{rule.code} {rule.name}**\n\n{doc}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["sop", rule.name]},
    }
