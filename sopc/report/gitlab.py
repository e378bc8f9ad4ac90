"""The `gitlab` format: a GitLab Code Quality report (a JSON array of issues).

Paths are repository-relative; fingerprints hash the finding and its line's
text, so an issue keeps its identity when lines above it move and GitLab's
merge-request widget shows only what a change really added or fixed.
"""

from __future__ import annotations

import json

from sopc.findings import Severity
from sopc.i18n import Translator
from sopc.report.ci import fingerprints, repo_path
from sopc.results import CheckResult
from sopc.rules import REGISTRY

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(result: CheckResult, t: Translator) -> str:
    issues = [
        {
            "description": f"{finding.code} {t.say(finding.message)}",
            "check_name": f"{finding.code} {REGISTRY[finding.code].name}",
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity or Severity.ERROR],
            "location": {
                "path": repo_path(result, finding),
                "lines": {"begin": finding.span.line, "end": finding.span.end_line},
            },
        }
        for finding, fingerprint in fingerprints(result)
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
