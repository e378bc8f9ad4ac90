"""Hover, go to definition and find references, as data: Markdown text and places.

The server (`server.py`) turns them into LSP answers; what they say comes from the
label catalogue, in the language of the project's messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from sopc.flow.calendar import DAY, WorkCalendar
from sopc.flow.deadlines import cost_of
from sopc.i18n import Translator
from sopc.lsp.locate import Kind, Spot
from sopc.lsp.names import Named, Names, Place
from sopc.model.duration import Unit, parse_duration, parse_interval
from sopc.render.phrases import status_key
from sopc.render.units import amount_words, duration_words

Describe = Callable[[str, Translator], str]  # a rule's documentation page (`sopc rules`)


def hover(
    names: Names, rel: str, spot: Spot, t: Translator, calendar: WorkCalendar, describe: Describe
) -> str | None:
    """What `spot` stands for, as Markdown."""
    if spot.kind is Kind.RULE:
        return describe(spot.word, t)
    if spot.kind is Kind.DURATION:
        return duration_hover(spot.word, t, calendar)
    if spot.kind in (Kind.STATUS, Kind.LEVEL):
        return None
    named = names.lookup(rel, spot)
    if named is None:
        return t("lsp.undefined", word=_code(spot.word))
    return _named_hover(named, names, rel, t)


def _named_hover(named: Named, names: Names, rel: str, t: Translator) -> str:
    heading = f"**{_escape(named.name or named.id)}** {_code(named.id)} · {t('lsp.' + named.kind)}"
    lines = [heading]
    facts = named.facts
    if department := facts.get("department"):
        lines.append(t("lsp.department", department=_escape(department)))
    if role := facts.get("role"):
        role_named = names.roles(rel).get(role)
        shown = f"{role_named.name} ({role})" if role_named else role
        lines.append(t("lsp.performed_by", role=_escape(shown)))
    if status := facts.get("status"):
        lines.append(t("lsp.status", status=_escape(t(status_key(status)))))  # as written
    if version := facts.get("version"):
        lines.append(t("lsp.version", version=_escape(version)))
    if retention := facts.get("retention"):
        lines.append(t("lsp.retention", retention=_escape(_retention_words(retention, t))))
    if named.place.rel != rel:
        lines.append(t("lsp.defined_in", file=_code(named.place.rel)))
    return "\n\n".join(lines)


def duration_hover(text: str, t: Translator, calendar: WorkCalendar) -> str | None:
    """A time limit in words and in working time: `2wd` is 16 working hours and at most
    so many calendar days; `4h` is calendar time, at most so many working hours."""
    duration = parse_duration(text)
    if duration is None:
        return _retention_words(text, t) if parse_interval(text) else None
    words = duration_words(duration, t)
    if duration.unit in (Unit.MONTH, Unit.YEAR) or duration.amount == 0:
        return words
    cost = cost_of(duration, calendar)
    if cost.working:
        days = _number(Decimal(calendar.worst_span(cost.working)) / DAY)
        hours = _minutes_words(cost.working, t)
        line = t("lsp.working_time", hours=hours, days=amount_words(days, Unit.DAY, t))
    else:
        line = t(
            "lsp.calendar_time", hours=_minutes_words(calendar.working_equivalent(cost.calendar), t)
        )
    return f"**{_escape(words)}**\n\n{line}"


def _retention_words(text: str, t: Translator) -> str:
    interval = parse_interval(text)
    return duration_words(interval if interval is not None else text, t)


def _minutes_words(minutes: int, t: Translator) -> str:
    """Minutes in words: minutes under an hour, hours from one up (the label says
    which time they are)."""
    if minutes < 60:
        return amount_words(str(minutes), Unit.MINUTE, t)
    return amount_words(_number(Decimal(minutes) / 60), Unit.HOUR, t)


def _number(value: Decimal) -> str:
    """`16`, `1.5`: a number as a label shows it."""
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def definition(names: Names, rel: str, spot: Spot) -> Place | None:
    named = names.lookup(rel, spot)
    return named.place if named is not None else None


def references(names: Names, rel: str, spot: Spot, *, definitions: bool = True) -> list[Place]:
    """Every place the project names the role at `spot` (in file `rel`), its definitions
    with `definitions`. Roles are what SOPs share; a step's uses are in its own file."""
    if spot.kind is not Kind.ROLE:
        return []
    uses = names.role_uses(spot.word, rel)
    return [place for place, defines in uses if definitions or not defines]


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-!|~"})


def _code(text: str) -> str:
    """`text` as inline code, fenced by more backticks than it holds in a row."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"`{text}`"


def _escape(text: str) -> str:
    """Author text inside hover Markdown: shown as written, never as markup or a link."""
    return text.translate(_MARKDOWN)
