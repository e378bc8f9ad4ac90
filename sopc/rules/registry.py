"""The rule catalogue: every code with its name, default severity and documentation.

Like yamllint's rules, each rule is a small unit whose docstring *is* its
documentation (`sopc rules CODE`, `docs/rules.md`); its translations live in the
catalogue (`sopc.i18n.RULE_DOCS`). Rules that a stage emits itself (the loader, the
schema) are registered for their documentation only.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sopc.findings import Finding, Severity
from sopc.i18n import RULE_DOCS

if TYPE_CHECKING:
    from sopc.rules.context import SopContext

Check = Callable[["SopContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None

    @property
    def summary(self) -> str:
        return self.summary_in("en")

    def doc_in(self, language: str) -> str:
        """The documentation in `language`: the docstring in English, else the
        catalogue's translation; a rule not yet translated shows its English."""
        return RULE_DOCS.get(language, {}).get(self.code, self.doc)

    def summary_in(self, language: str) -> str:
        """The first line of the documentation: what the rule table shows."""
        return self.doc_in(language).split("\n", 1)[0].strip()


REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def _register(code: str, name: str, severity: Severity, fn: Any, check: Check | None) -> None:
    if code in REGISTRY or name in _BY_NAME:
        raise ValueError(f"rule {code} {name} registered twice")
    doc = inspect.cleandoc(fn.__doc__ or "")
    REGISTRY[code] = _BY_NAME[name] = Rule(code, name, severity, doc, check)


def rule(code: str, name: str, severity: Severity) -> Callable[[Check], Check]:
    """Register a check run on every valid SOP."""

    def wrap(fn: Check) -> Check:
        _register(code, name, severity, fn, fn)
        return fn

    return wrap


def emitted(code: str, name: str, severity: Severity) -> Callable[[Any], Any]:
    """Register the documentation of a code that a stage emits itself."""

    def wrap(fn: Any) -> Any:
        _register(code, name, severity, fn, None)
        return fn

    return wrap


def rule_for(key: str) -> Rule | None:
    """A rule by code (`SOP401`) or by name (`vague-term`)."""
    return REGISTRY.get(key.upper()) or _BY_NAME.get(key)
