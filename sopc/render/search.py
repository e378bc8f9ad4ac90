"""The site's full-text search: `assets/search-index.js`, a script (not fetched JSON)
so that the search box also works from `file://`.

What a reader can land on is a *record*: an SOP, one of its steps or exceptions, a
role, a form. A record carries its texts (title first, then coded fields) so the
browser can confirm a match, rank it by the field it is in and show a snippet.

Chinese has no spaces between words, so CJK text is indexed by character bigrams
(a run of one character by itself), as search engines do; other scripts by words,
which a query matches as prefixes (`refun` finds `refund`, `fund` does not). Keys
lead a query to candidate records; the browser keeps those whose folded text holds
each query term (`退款申请` is a phrase, not a bag of bigrams) and highlights them.
docs/search.md has the format and its budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sopc.i18n import Translator, translator
from sopc.model.sop import SOP, Scope, Step
from sopc.model.types import split_ref
from sopc.render.search_text import CJK, DIGITS, clean, encode, fold, keys, markdown_text
from sopc.render.site import Manual, SopEntry
from sopc.render.traces import Remember

FORMAT = 1
PREFIX = "window.SOPC_SEARCH = "
# what JSON leaves raw but a script must not hold: `</script>`, `<!--`, line separators
# replaced one after the other: `str.replace` runs at memory speed, where `translate`
# looks every character of the 5 MB index up in a table (0.1 s at 1,000 SOPs)
_UNSAFE = tuple((c, f"\\u{ord(c):04x}") for c in "<>&\u2028\u2029")


class Kind(IntEnum):
    SOP = 0
    STEP = 1
    EXCEPTION = 2
    ROLE = 3
    FORM = 4


class Field(IntEnum):
    """A record's text other than its title; the order of `FIELDS`."""

    ID = 0
    PURPOSE = 1
    SCOPE = 2
    DEPARTMENT = 3
    DECISION = 4
    STANDARD = 5
    CONTROL = 6
    NOTES = 7
    INPUTS = 8
    OUTPUTS = 9
    TOOLS = 10
    DETAILS = 11
    ACTION = 12
    DUTIES = 13
    FORM_FIELDS = 14
    DEADLINE = 15
    KPI = 16
    RISK = 17


@dataclass(frozen=True)
class FieldKind:
    label: str  # catalogue key of the snippet's label
    weight: int  # rank of a hit here; a title counts TITLE_WEIGHT
    anchor: str  # section of the SOP page a hit in an SOP's own field links to


TITLE_WEIGHT = 100
FIELDS: dict[Field, FieldKind] = {
    Field.ID: FieldKind("id", 90, ""),
    Field.PURPOSE: FieldKind("purpose", 40, "purpose"),
    Field.SCOPE: FieldKind("scope", 40, "purpose"),
    Field.DEPARTMENT: FieldKind("department", 30, ""),
    Field.DECISION: FieldKind("decision", 60, ""),
    Field.STANDARD: FieldKind("standard", 50, ""),
    Field.CONTROL: FieldKind("control", 50, ""),
    Field.NOTES: FieldKind("notes", 30, ""),
    Field.INPUTS: FieldKind("inputs", 30, ""),
    Field.OUTPUTS: FieldKind("outputs", 30, ""),
    Field.TOOLS: FieldKind("tools", 25, ""),
    Field.DETAILS: FieldKind("step_details", 25, ""),
    Field.ACTION: FieldKind("action", 40, ""),
    Field.DUTIES: FieldKind("duties", 40, ""),
    Field.FORM_FIELDS: FieldKind("fields", 30, ""),
    Field.DEADLINE: FieldKind("deadline", 20, "deadlines"),
    Field.KPI: FieldKind("kpi", 20, "deadlines"),
    Field.RISK: FieldKind("risk", 20, "risks"),
}


@dataclass(frozen=True)
class Record:
    """One place a result links to. `url` is `#fragment` on its SOP's page, or a path
    from the site's root; `number` is a step's number (else 0)."""

    kind: Kind
    sop: int  # index into the manual's SOPs, -1 for the manual's own roles and forms
    url: str
    number: int
    title: str
    fields: tuple[tuple[Field, str], ...]


class Records:
    """The manual's records in the order results list them: each SOP, its steps and
    exceptions, then the roles and forms."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual
        self.sop_number = {entry.sop.id: n for n, entry in enumerate(manual.sops)}
        self.join = translator(manual.config.language)("list_sep").join

    def __iter__(self) -> Iterator[Record]:
        for number, entry in enumerate(self.manual.sops):
            yield from self.of_sop(number, entry)
        yield from self.of_manual()

    def of_sop(self, number: int, entry: SopEntry) -> Iterator[Record]:
        """The SOP's own records: itself, its steps, its exceptions."""
        yield self.sop(number, entry)
        for position, step in enumerate(entry.sop.steps, 1):
            yield self.step(number, entry, position, step)
        for exception in entry.sop.exceptions:
            anchor = f"exception-{exception.id}" if exception.id else "exceptions"
            action = (Field.ACTION, exception.action)
            yield record(Kind.EXCEPTION, number, f"#{anchor}", 0, exception.when, action)

    def of_manual(self) -> Iterator[Record]:
        """The roles and the forms."""
        for role in self.manual.role_index():
            definition = role.definition
            yield record(
                Kind.ROLE,
                self._owner(role.local_to),
                f"roles.html#role-{role.key}",
                0,
                definition.name,
                (Field.DEPARTMENT, definition.department),
                (Field.ID, role.id),
                *((Field.DUTIES, duty) for duty in definition.duties),
            )
        for form in self.manual.form_index():
            names = self.join(field.name for field in form.definition.fields)
            url = f"forms.html#form-{form.key}"
            owner = self._owner(form.local_to)
            fields = ((Field.ID, form.id), (Field.FORM_FIELDS, names))
            yield record(Kind.FORM, owner, url, 0, form.definition.name, *fields)

    def sop(self, number: int, entry: SopEntry) -> Record:
        sop = entry.sop
        return record(
            Kind.SOP,
            number,
            "",
            0,
            sop.title,
            (Field.ID, sop.id),
            (Field.PURPOSE, markdown_text(sop.purpose)),
            *((Field.SCOPE, text) for text in _scope(sop)),
            *((Field.DEPARTMENT, name) for name in sop.departments),
            *((Field.DEADLINE, deadline.name) for deadline in sop.deadlines),
            *((Field.KPI, text) for kpi in sop.kpis for text in (kpi.name, kpi.measure)),
            *((Field.RISK, text) for risk in sop.risks for text in (risk.risk, risk.mitigation)),
        )

    def step(self, number: int, entry: SopEntry, position: int, step: Step) -> Record:
        section = entry.sections.get(step.id)
        return record(
            Kind.STEP,
            number,
            f"#step-{step.id}",
            position,
            step.title,
            (Field.DECISION, step.decision),
            (Field.STANDARD, step.standard),
            (Field.CONTROL, step.control),
            *((Field.NOTES, note) for note in step.notes),
            (Field.INPUTS, self.refs(entry, step.inputs)),
            (Field.OUTPUTS, self.refs(entry, step.outputs)),
            (Field.TOOLS, self.join(step.tools)),
            (Field.DETAILS, markdown_text(section.markdown) if section else None),
        )

    def refs(self, entry: SopEntry, items: list[str]) -> str:
        """Inputs or outputs as the page names them: a form by its name, an SOP by its
        id and title."""
        names = []
        for text in items:
            ref = split_ref(text)
            if ref and ref[0] == "form" and ref[1] in entry.forms:
                names.append(entry.forms[ref[1]].name)
            elif ref and ref[0] == "sop" and (other := self.manual.by_id(ref[1])):
                names.append(f"{other.sop.id} {other.sop.title}")
            else:
                names.append(text)
        return self.join(names)

    def _owner(self, entry: SopEntry | None) -> int:
        return -1 if entry is None else self.sop_number[entry.sop.id]


def record(
    kind: Kind, sop: int, url: str, number: int, title: str, *pairs: tuple[Field, str | None]
) -> Record:
    """A record with its texts cleaned, its empty fields left out."""
    cleaned = ((code, clean(text or "")) for code, text in pairs)
    return Record(kind, sop, url, number, clean(title), tuple(f for f in cleaned if f[1]))


def _scope(sop: SOP) -> list[str]:
    scope = sop.scope
    if scope is None:
        return []
    if not isinstance(scope, Scope):
        return [markdown_text(scope)]
    return [text for text in (scope.start, scope.end, *scope.includes, *scope.excludes) if text]


@dataclass(frozen=True)
class Indexed:
    """A record as the index holds it: its line of folded texts, its line of texts as
    shown (empty where each is its folded self), its keys, one a line (a kept session
    reads one string four times faster than a set of them: `sopc.snapshot`)."""

    record: Record
    folded: str
    shown: str
    keys: str

    @classmethod
    def of(cls, item: Record) -> Indexed:
        texts = [item.title, *(text for _, text in item.fields)]
        folds = [fold(text) for text in texts]
        same = [f == text for text, f in zip(texts, folds, strict=True)]
        pieces = ("" if s else x for x, s in zip(texts, same, strict=True))
        shown = "" if all(same) else "\t".join(pieces)
        found = sorted(frozenset().union(*(keys(text) for text in folds)))
        return cls(item, "\t".join(folds), shown, "\n".join(found))


def search_index(manual: Manual, remember: Remember | None = None) -> dict[str, Any]:
    """The index as data (docs/search.md): labels and the field table; the SOPs (with
    their record's number); the records (kind, SOP, link, step number, field codes);
    `folded`, one line per record, its title and field texts folded and separated by
    tabs (clean text has neither); `texts`, the same as shown, where a text that is
    its folded self (most Chinese text is) is left empty, and a line where all are;
    `keys`, one a line, in the order of their UTF-16 code units (JavaScript's, for a
    binary search); `postings`, each key's records encoded, space-separated. Long
    strings rather than arrays of small ones: they load fast, and the browser need
    not fold them. With `remember` (`sopc serve`), an SOP's records are made again
    only when it, or an SOP it names, changed."""
    t = translator(manual.config.language)
    source = Records(manual)
    items: list[Indexed] = []
    for n, entry in enumerate(manual.sops):

        def made(n: int = n, entry: SopEntry = entry) -> list[Indexed]:
            return [Indexed.of(item) for item in source.of_sop(n, entry)]

        items += made() if remember is None else remember(f"search {n}", (entry,), made)
    items += [Indexed.of(item) for item in source.of_manual()]
    records = [item.record for item in items]
    folded = [item.folded for item in items]
    shown = [item.shown for item in items]
    postings: dict[str, list[int]] = {}
    for number, item in enumerate(items):
        for key in item.keys.split("\n") if item.keys else ():
            postings.setdefault(key, []).append(number)
    ordered = sorted(postings, key=lambda key: key.encode("utf-16-be"))
    sop_records = {r.sop: n for n, r in enumerate(records) if r.kind is Kind.SOP}
    return {
        "format": FORMAT,
        "cjk": CJK,
        "digits": DIGITS,
        "labels": labels(t),
        "fields": [[t(kind.label), kind.weight, kind.anchor] for kind in FIELDS.values()],
        "title_weight": TITLE_WEIGHT,
        "id_field": Field.ID,
        "sops": [
            [e.sop.id, clean(e.sop.title), e.page, sop_records[n]]
            for n, e in enumerate(manual.sops)
        ],
        "records": [[r.kind, r.sop, r.url, r.number, *(f for f, _ in r.fields)] for r in records],
        "folded": "\n".join(folded),
        "texts": "\n".join(shown),
        "keys": "\n".join(ordered),
        "postings": " ".join(encode(postings[key]) for key in ordered),
    }


def labels(t: Translator) -> dict[str, Any]:
    """The words the search box shows, in the manual's language."""
    return {
        "kinds": [
            t("search_kind_sop"),
            t("search_kind_step"),
            t("search_kind_exception"),
            t("search_kind_role"),
            t("search_kind_form"),
        ],
        "none": t("search_none"),
        "count": t("search_count"),
        "count_one": t("search_count_one"),
        "more": t("search_more"),
        "truncated": t("search_truncated"),
        "ellipsis": t("search_ellipsis"),
        "numbered": t("numbered"),
        "colon": t("term_colon"),
    }


def search_script(manual: Manual, remember: Remember | None = None) -> str:
    """`assets/search-index.js`: the index as one JSON value assigned to
    `window.SOPC_SEARCH`, with `<`, `>`, `&`, U+2028 and U+2029 escaped so that no
    SOP text can end the script, open a comment or break a line of it."""
    text = json.dumps(search_index(manual, remember), ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in _UNSAFE:
        text = text.replace(unsafe, escaped)
    return PREFIX + text + ";\n"


def load_index(script: str) -> dict[str, Any]:
    """The index back from the text of `assets/search-index.js` (for tests and tools)."""
    body = script.removeprefix(PREFIX).rstrip().removesuffix(";")
    index: dict[str, Any] = json.loads(body)
    return index


def shown_texts(index: dict[str, Any]) -> list[list[str]]:
    """Each record's texts as shown, title first (search.js's `text`)."""
    records: list[list[str]] = []
    if not index["records"]:
        return records
    for folded, shown in zip(index["folded"].split("\n"), index["texts"].split("\n"), strict=True):
        folds = folded.split("\t")
        shows = shown.split("\t") if shown else [""] * len(folds)
        records.append([s or f for s, f in zip(shows, folds, strict=True)])
    return records
