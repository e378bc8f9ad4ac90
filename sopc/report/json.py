"""The `json` format: stable for scripts (spec §4)."""

from __future__ import annotations

import json
from typing import Any

from sopc.findings import Finding, Severity
from sopc.i18n import Translator
from sopc.results import CheckResult
from sopc.rules import REGISTRY


def render_json(result: CheckResult, t: Translator) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "findings": [finding_json(f, t) for f in result.findings],
        "summary": {
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
            "files": result.files,
            "sops": result.sops,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def finding_json(f: Finding, t: Translator) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "code": f.code,
        "name": REGISTRY[f.code].name,
        "severity": str(f.severity),
        "message": t.say(f.message),
        "sop": f.sop,
    }
