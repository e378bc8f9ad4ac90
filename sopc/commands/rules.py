"""`sopc rules`: the rule catalogue, and each rule's documentation, in the reader's
language: English from the rules' docstrings, other languages from the catalogue's
translations (`sopc.i18n.RULE_DOCS`).

`docs/rules.md` is `rules_markdown()` and `docs/rules.zh-CN.md` is
`rules_markdown("zh-CN")`; tests keep both in step with the code.
"""

from __future__ import annotations

import argparse

from sopc.errors import UsageError
from sopc.findings import Severity
from sopc.i18n import FALLBACK, LANGUAGES, Message, Translator, translator
from sopc.model.errors import suggestion
from sopc.rules import REGISTRY, Rule, rule_for

_SEVERITY_KEYS = {
    Severity.ERROR: "rules.severity_error",
    Severity.WARNING: "rules.severity_warning",
    Severity.INFO: "rules.severity_info",
}


def rule_table(t: Translator) -> str:
    """One line per rule: code, name, default severity and summary, in columns."""
    width = max(len(r.name) for r in REGISTRY.values())
    level = max(len(t(key)) for key in _SEVERITY_KEYS.values())
    lines = [
        f"{r.code}  {r.name:<{width}}  {severity(r, t):<{level}}  {r.summary_in(t.language)}"
        for r in _ordered()
    ]
    return "\n".join(lines) + "\n\n" + t("rules.table_hint") + "\n"


def describe_rule(key: str, t: Translator) -> str:
    """One rule's page, by code or name. An unknown one is a usage error with a hint,
    said in the reader's language by the command line."""
    found = rule_for(key)
    if found is None:
        names = [r.code for r in REGISTRY.values()] + [r.name for r in REGISTRY.values()]
        raise UsageError(Message("rules.unknown", key=key, hint=suggestion(key, names)))
    heading = t("rules.heading", code=found.code, name=found.name, severity=severity(found, t))
    return f"{heading}\n\n{found.doc_in(t.language)}\n"


def severity(found: Rule, t: Translator) -> str:
    """A rule's default severity in the reader's words (`error`, `错误`)."""
    return t(_SEVERITY_KEYS[found.severity])


def markdown_file(language: str) -> str:
    """The name of the rule reference in `language` under docs/: `rules.md` for English,
    `rules.zh-CN.md` for Chinese."""
    return "rules.md" if language == FALLBACK else f"rules.{language}.md"


def regenerate_command(language: str) -> str:
    """The shell command that rewrites the reference in `language`."""
    option = "" if language == FALLBACK else f" --lang {language}"
    return f"python -m sopc.commands.rules{option} > docs/{markdown_file(language)}"


def rules_markdown(language: str = FALLBACK) -> str:
    """The whole catalogue as Markdown in `language`, for docs/rules.md (English) and
    docs/rules.zh-CN.md: a link to each other language, the table, one section per rule."""
    t = translator(language)
    others = [
        f"[{translator(other)('rules.doc_language')}]({markdown_file(other)})"
        for other in LANGUAGES
        if other != language
    ]
    header = [t(f"rules.column_{column}") for column in ("code", "name", "default", "summary")]
    out = [
        f"# {t('rules.doc_title')}",
        "",
        t("sep").join(others),
        "",
        f"<!-- {t('rules.doc_generated', command=regenerate_command(language))} -->",
        "",
        t("rules.doc_intro"),
        "",
        "| " + " | ".join(header) + " |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| [{r.code}](#{r.code.lower()}) | {r.name} | {severity(r, t)} | "
        f"{r.summary_in(language)} |"
        for r in _ordered()
    ]
    for r in _ordered():
        default = t("rules.doc_default", name=r.name, severity=severity(r, t))
        out += ["", f"## {r.code}", "", default, "", r.doc_in(language)]
    return "\n".join(out) + "\n"


def _ordered() -> list[Rule]:
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def main(argv: list[str] | None = None) -> None:
    """`python -m sopc.commands.rules [--lang zh-CN]`: print the reference in a language."""
    parser = argparse.ArgumentParser(
        prog="python -m sopc.commands.rules",
        description="Print docs/rules.md, or with --lang the reference in that language.",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=FALLBACK)
    print(rules_markdown(parser.parse_args(argv).lang), end="")


if __name__ == "__main__":
    main()
