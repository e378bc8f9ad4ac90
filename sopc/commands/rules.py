"""`sopc rules`: the rule catalogue, and each rule's documentation from its docstring.

`docs/rules.md` is `rules_markdown()`; a test keeps it in step with the code.
"""

from __future__ import annotations

from sopc.errors import UsageError
from sopc.i18n import Translator
from sopc.model.errors import did_you_mean
from sopc.rules import REGISTRY, Rule, rule_for


def rule_table(t: Translator) -> str:
    width = max(len(r.name) for r in REGISTRY.values())
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in _ordered()]
    return "\n".join(lines) + "\n\nsopc rules CODE shows a rule's documentation.\n"


def describe_rule(key: str, t: Translator) -> str:
    found = rule_for(key)
    if found is None:
        names = [r.code for r in REGISTRY.values()] + [r.name for r in REGISTRY.values()]
        raise UsageError(f"no rule {key!r}" + did_you_mean(key, names))
    return f"{found.code} {found.name} (default: {found.severity})\n\n{found.doc}\n"


def rules_markdown() -> str:
    """The whole catalogue as Markdown, for docs/rules.md."""
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rule docstrings by `python -m sopc.commands.rules`. -->",
        "",
        "Severities are defaults; set them per code or name in `sopc.yaml` under `rules:`",
        "(`error`, `warning`, `info`, `off`). `sopc rules CODE` prints one of these pages.",
        "",
        "| code | name | default | what |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | {r.summary} |"
        for r in _ordered()
    ]
    for r in _ordered():
        out += ["", f"## {r.code}", "", f"**{r.name}** — default severity: {r.severity}", "", r.doc]
    return "\n".join(out) + "\n"


def _ordered() -> list[Rule]:
    return [REGISTRY[code] for code in sorted(REGISTRY)]


if __name__ == "__main__":
    print(rules_markdown(), end="")
