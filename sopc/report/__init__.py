"""Stage 4 for `check`: findings → text for people, JSON for scripts, CI formats."""

from __future__ import annotations

from importlib import import_module

from sopc.i18n import Translator
from sopc.results import CheckResult

FORMATS = ("text", "json", "sarif", "github", "gitlab")


def render(result: CheckResult, format: str, t: Translator, *, color: bool = False) -> str:
    """The report in `format`, its messages in `t`'s language; each format is a module
    with a `render_<format>`."""
    module = import_module(f"sopc.report.{'json' if format == 'json' else format}")
    if format == "text":
        return str(module.render_text(result, t, color=color))
    return str(getattr(module, f"render_{format}")(result, t))
