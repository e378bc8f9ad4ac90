"""The `github` format: GitHub Actions workflow commands that become annotations.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per
step, so findings come worst first; those past the caps are printed as plain
lines (visible in the log) and a closing line says how many there were.
"""

from __future__ import annotations

from sopc.findings import Finding, Severity, one_line
from sopc.i18n import Message, Translator
from sopc.report.ci import repo_path, worst_first
from sopc.results import CheckResult, Noun, counted
from sopc.rules import REGISTRY

CAP_PER_LEVEL = 10
# the workflow command of each severity, and the noun its count says
COMMANDS: dict[Severity, Noun] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, t: Translator) -> str:
    lines = []
    shown: dict[Severity, int] = {}
    beyond = 0
    for finding in worst_first(result.findings):
        severity = finding.severity or Severity.ERROR
        shown[severity] = shown.get(severity, 0) + 1
        if shown[severity] <= CAP_PER_LEVEL:
            lines.append(_command(result, finding, severity, t))
        else:
            beyond += 1
            span = finding.span
            plain = (
                f"{repo_path(result, finding)}:{span.line}:{span.column}: {finding.code} "
                f"[{severity}] {one_line(t.say(finding.message))}"
            )
            lines.append(" " + plain if plain.startswith("::") else plain)
    count = {s: counted(shown.get(s, 0), COMMANDS[s]) for s in Severity}
    closing = Message(
        "github.closing",
        findings=counted(len(result.findings), "finding"),
        errors=count[Severity.ERROR],
        warnings=count[Severity.WARNING],
        notices=count[Severity.INFO],
    )
    caps = Message("github.beyond_caps", beyond=beyond, cap=CAP_PER_LEVEL) if beyond else None
    lines.append("sopc: " + t.say(closing) + (t.say(caps) if caps else ""))
    return "\n".join(lines) + "\n"


def _command(result: CheckResult, finding: Finding, severity: Severity, t: Translator) -> str:
    span = finding.span
    properties = {
        "file": repo_path(result, finding),
        "line": str(span.line),
        "col": str(span.column),
        "endLine": str(span.end_line),
        "endColumn": str(span.end_column),
        "title": f"{finding.code} {REGISTRY[finding.code].name}",
    }
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{COMMANDS[severity]} {joined}::{escape_data(t.say(finding.message))}"
