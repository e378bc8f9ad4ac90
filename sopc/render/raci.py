"""The responsibility matrix (职责矩阵, RACI), computed once from the model: for each
step, the duties each role holds there; for the manual, the duties each role holds
anywhere in each SOP. Every writer (the SOP page, the PDF, Word, the manual-wide
page) lays out these values; none derives a letter itself.

- R, responsible: the step's role, who does it.
- A, accountable: the SOP's owner, who answers for the outcome. On a decision step
  (one with branches) the role that decides answers for the decision, so it is R and
  A at once, and the owner is not A there: a step has one A.
- C, consulted: the step's support roles.
- I, informed: the roles an exception arising at the step reaches (an exception
  with `steps` arises at those, one without at every step): the one it is escalated
  to, and the one who handles it. The handler is I too because it must hear of the
  trouble to act on it, and without the letter a role that only handles exceptions
  would have no part in the SOP on the manual-wide page.

A role holds I only where it holds nothing else (who does, answers for or helps with
a step knows of its trouble), and C not where it does the step itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sopc.model.sop import SOP, Step
from sopc.render.site import Manual, RoleEntry, SopEntry


class Duty(StrEnum):
    """A letter of the matrix, in the order cells list them (`R/A`)."""

    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


Duties = frozenset[Duty]
NO_DUTIES: Duties = frozenset()


def ordered(duties: Iterable[Duty]) -> list[Duty]:
    """The duties in the matrix's order: R, A, C, I."""
    held = set(duties)
    return [duty for duty in Duty if duty in held]


@dataclass(frozen=True)
class StepDuties:
    """One row of an SOP's matrix: a step and each role's duties there."""

    number: int  # the step's number, as the steps table counts
    step: Step
    duties: Mapping[str, Duties]  # role id → its duties; roles without any are absent

    def of(self, role_id: str) -> Duties:
        return self.duties.get(role_id, NO_DUTIES)


@dataclass(frozen=True)
class SopMatrix:
    """An SOP's matrix: steps × the roles that hold a duty in it."""

    roles: tuple[str, ...]  # role ids, in the order of `SopEntry.roles_in_order`
    rows: tuple[StepDuties, ...]
    totals: Mapping[str, Duties]  # role id → every duty it holds anywhere in the SOP

    def of(self, role_id: str) -> Duties:
        """Every duty the role holds anywhere in the SOP."""
        return self.totals.get(role_id, NO_DUTIES)


def step_duties(sop: SOP) -> list[dict[str, set[Duty]]]:
    """Each step's role id → duties, by the rules of the module's docstring."""
    rows: list[dict[str, set[Duty]]] = []
    for step in sop.steps:
        cell: dict[str, set[Duty]] = {}

        def hold(role_id: str | None, duty: Duty, cell: dict[str, set[Duty]] = cell) -> None:
            if role_id:
                cell.setdefault(role_id, set()).add(duty)

        hold(step.role, Duty.RESPONSIBLE)
        decides = bool(step.branches) and step.role is not None
        hold(step.role if decides else sop.owner, Duty.ACCOUNTABLE)
        for helper in step.support:
            if helper != step.role:
                hold(helper, Duty.CONSULTED)
        for exc in sop.exceptions:
            if exc.steps is None or step.id in exc.steps:
                for role_id in (exc.escalate_to, exc.role):
                    if role_id and role_id not in cell:
                        hold(role_id, Duty.INFORMED)
        rows.append(cell)
    return rows


def sop_matrix(entry: SopEntry) -> SopMatrix:
    """The SOP's matrix; its columns are the roles with a duty, in the page's role order
    (the owner, the steps' roles and helpers, the exceptions' roles), then any role id
    the SOP names but does not define (`sopc check` reports those)."""
    cells = step_duties(entry.sop)
    totals: dict[str, set[Duty]] = {}
    for cell in cells:
        for role_id, duties in cell.items():
            totals.setdefault(role_id, set()).update(duties)
    order = [role_id for role_id, _ in entry.roles_in_order() if role_id in totals]
    order += sorted(totals.keys() - set(order))
    rows = tuple(
        StepDuties(number, step, {r: frozenset(d) for r, d in cell.items()})
        for number, (step, cell) in enumerate(zip(entry.sop.steps, cells, strict=True), 1)
    )
    return SopMatrix(tuple(order), rows, {r: frozenset(totals[r]) for r in order})


@dataclass(frozen=True)
class RoleRow:
    """A row of the manual-wide matrix: a role of the role index and, per SOP id, the
    duties it holds anywhere in that SOP."""

    role: RoleEntry
    cells: Mapping[str, Duties]

    def of(self, sop_id: str) -> Duties:
        return self.cells.get(sop_id, NO_DUTIES)


@dataclass(frozen=True)
class ManualMatrix:
    """Roles × SOPs: every role of the role index (grouped by department, in its order)
    against every SOP (in the manual's order), and each SOP's own matrix."""

    sops: tuple[SopEntry, ...]
    departments: tuple[tuple[str, tuple[RoleRow, ...]], ...]  # "" when none is known
    per_sop: Mapping[str, SopMatrix]


def manual_matrix(manual: Manual) -> ManualMatrix:
    """The manual's matrix, each SOP's computed once. A role id resolves as the SOP's
    pages resolve it: the SOP's own role first, then the manual's."""
    per_sop = {entry.sop.id: sop_matrix(entry) for entry in manual.sops}
    roles = manual.role_index()
    cells: dict[str, dict[str, Duties]] = {role.key: {} for role in roles}
    for entry in manual.sops:
        matrix = per_sop[entry.sop.id]
        for role_id in matrix.roles:
            key = manual.role_anchor(entry, role_id).removeprefix("role-")
            if key in cells:
                cells[key][entry.sop.id] = matrix.of(role_id)
    groups: dict[str, list[RoleRow]] = {}
    for role in roles:  # the role index's order: by department, the manual's roles first
        groups.setdefault(role.definition.department or "", []).append(
            RoleRow(role, cells[role.key])
        )
    departments = sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
    return ManualMatrix(
        tuple(manual.sops), tuple((name, tuple(rows)) for name, rows in departments), per_sop
    )


def duties_key(entry: SopEntry) -> str:
    """What the matrix page shows of one SOP, as a key: its id and title, and each
    role's duties in it (the SOP's own roles apart: they have their own rows)."""
    matrix = sop_matrix(entry)
    held = [(r, sorted(d.value for d in matrix.of(r))) for r in matrix.roles]
    return repr((entry.sop.id, entry.sop.title, held, sorted(entry.sop.roles)))
