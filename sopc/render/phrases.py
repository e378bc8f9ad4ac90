"""What an SOP's page (site and PDF) and its Word file say alike, decided once: a
step's flow in words, references by name, the lists of steps, statuses,
signatures, review cycles, time limits and retentions in words (`render/units.py`),
the steps that use a form, and the letters of the responsibility matrix.

The words and punctuation come from the catalogue in the manual's language, so an
English manual reads `→ A, B (in parallel)` where a Chinese one reads
`→ A、B（并行）`. What a page links is a `Named` part, never text to find again:
the page writes it as a link, Word as its text (`plain`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sopc.i18n import Slot, Translator, translator
from sopc.model.sop import SOP, Signature, Step
from sopc.model.types import Duration, split_ref
from sopc.render.raci import Duty, ordered
from sopc.render.site import FormUse, Manual, SopEntry
from sopc.render.units import cycle_words, duration_words


class NamedKind(StrEnum):
    STEP = "step"  # a step of this SOP
    SOP = "sop"  # another SOP of the manual
    FORM = "form"  # a form this SOP may use


@dataclass(frozen=True)
class Named:
    """A step, SOP or form that the text names by its title or name."""

    kind: NamedKind
    id: str
    text: str


Piece = str | Named


def plain(pieces: Iterable[Piece]) -> str:
    """The parts as one text, names as their text (Word)."""
    return "".join(piece if isinstance(piece, str) else piece.text for piece in pieces)


def status_key(status: str) -> str:
    """The catalogue key of an SOP status (`review` is taken by periodic review)."""
    return "review_status" if status == "review" else status


class Phrases:
    """The manual's shared phrases, in its language (`t`)."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual
        self.t: Translator = translator(manual.config.language)

    def status(self, status: str) -> str:
        return self.t(status_key(status))

    def signature(self, value: Signature | None) -> str:
        """`张伟 (2025-01-02)`, or the name alone; `—` when unsigned."""
        if value is None:
            return self.t("none")
        if not value.date:
            return str(value.name)
        return f"{value.name} {self.t('paren', text=value.date)}"

    def review_note(self, sop: SOP) -> str:
        """` (every 6 months, last 2025-01-02)` after the next review's date; "" without
        a cycle."""
        if not (sop.review and sop.review.interval):
            return ""
        note = cycle_words(sop.review.interval, self.t)
        if sop.review.last:
            note += self.t("comma") + self.t("review_last", date=sop.review.last)
        return " " + self.t("paren", text=note)

    def duration(self, value: Duration | str | None) -> str:
        """A duration, interval or retention in words (`3年`, `permanent`); `—` when unset."""
        return self.t("none") if value is None else duration_words(value, self.t)

    def limit(self, value: Duration | Mapping[str, Duration] | None) -> str:
        """A time limit in words: `2 个工作日`, or per case `一般 2 个工作日 · 重大 5 个工作日`;
        `—` when unset."""
        if value is None or isinstance(value, Duration):
            return self.duration(value)
        parts = [f"{case} {duration_words(d, self.t)}" for case, d in value.items()]
        return self.t("sep").join(parts) or self.t("none")

    def duties(self, duties: Iterable[Duty]) -> str:
        """A cell of the responsibility matrix: `R/A`, `C`; "" when the role has none."""
        return self.t("raci_join").join(self.t(f"raci_{d.value.lower()}") for d in ordered(duties))

    def form_steps(self, entry: SopEntry, use: FormUse) -> list[Piece]:
        """The steps that use a form, each with how: `登记客户投诉 (输出)、关闭投诉工单 (输入)`."""
        if not use.steps:
            return [self.t("none")]
        items: list[list[Piece]] = [
            [self._step(entry, step.id), " " + self.t("paren", text=self._kinds(kinds))]
            for step, kinds in use.steps
        ]
        return _joined(self.t("list_sep"), items)

    def _kinds(self, kinds: Iterable[str]) -> str:
        return self.t("list_sep").join(self.t(kind) for kind in kinds)

    def departments(self, entry: SopEntry) -> str:
        """The SOP's departments, else its owner's; `—` when neither is known."""
        return self.t("list_sep").join(entry.sop.departments) or entry.department or self.t("none")

    def reference(self, entry: SopEntry, text: str) -> Piece:
        """`form:ID` by the form's name, `sop:ID` as "ID title"; anything else as written."""
        ref = split_ref(text)
        if ref is None:
            return text
        kind, ref_id = ref
        if kind == "form" and ref_id in entry.forms:
            return Named(NamedKind.FORM, ref_id, entry.forms[ref_id].name)
        other = self.manual.by_id(ref_id) if kind == "sop" else None
        if other is None:
            return text
        return Named(NamedKind.SOP, other.sop.id, f"{other.sop.id} {other.sop.title}")

    def steps(self, entry: SopEntry, step_ids: Sequence[str] | None, empty: str) -> list[Piece]:
        """Steps by their titles, as a list; `empty` when there are none."""
        if not step_ids:
            return [empty]
        return _joined(self.t("list_sep"), [[self._step(entry, s)] for s in step_ids])

    def flow(self, entry: SopEntry, step: Step) -> list[Piece]:
        """Where the flow goes after `step`, when it does not simply go on to the next
        step: `yes → A；no → B`, `→ A、B（并行）`, `→ A`, a hand-off, the end."""
        t = self.t
        if step.branches:
            branch = t.parts("flow_branch")
            branches = [
                _fill(branch, when=[b.when or ""], target=self._target(entry, b.next))
                for b in step.branches
            ]
            return _joined(t("flow_or"), branches)
        if isinstance(step.next, list):
            targets = _joined(t("flow_and"), [self._target(entry, to) for to in step.next])
            return _fill(t.parts("flow_parallel"), targets=targets)
        if isinstance(step.next, str):
            return _fill(t.parts("flow_next"), target=self._target(entry, step.next))
        return []

    def _target(self, entry: SopEntry, to: str) -> list[Piece]:
        if to == "end":
            return [self.t("end")]
        ref = split_ref(to)
        if ref and ref[0] == "sop":
            return _fill(self.t.parts("flow_handoff"), sop=[self.reference(entry, to)])
        return [self._step(entry, to)]

    def _step(self, entry: SopEntry, step_id: str) -> Named:
        return Named(NamedKind.STEP, step_id, entry.step_title(step_id))


def _fill(label: list[str | Slot], **slots: list[Piece]) -> list[Piece]:
    """A label's parts with its placeholders replaced by parts."""
    out: list[Piece] = []
    for part in label:
        out += slots[part.name] if isinstance(part, Slot) else [part]
    return out


def _joined(separator: str, items: list[list[Piece]]) -> list[Piece]:
    """The items' parts with `separator` between the items."""
    out: list[Piece] = []
    for index, item in enumerate(items):
        out += [separator, *item] if index else item
    return out
