"""Read models of Sammanställning – Genomförandeplan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.plan_compilation_rules import CompiledStatus


@dataclass(frozen=True, slots=True)
class PlanUnitChoice:
    """An Enhet of the dialog: a performing unit of the actor's in one Verksamhet."""

    id: int
    name: str
    business_area: str  # BusinessArea value


@dataclass(frozen=True, slots=True)
class PlanCompilationRow:
    """One person at one unit: their care there and their latest plan there."""

    person_id: int
    person_name: str  # "Efternamn, Förnamn"
    identity_display: str
    identity_number: str  # the stored 12-digit form, for the file
    unit_id: int
    unit_name: str
    first_start: date
    short_term: bool
    plan_id: int | None
    established_on: date | None
    last_follow_up_on: date | None
    next_follow_up_on: date | None
    ended_on: date | None
    due_on: date
    in_time: bool | None
    status: CompiledStatus
    responsible: str  # who established the plan

    @property
    def needs_attention(self) -> bool:
        return self.status in (CompiledStatus.MISSING, CompiledStatus.OVERDUE)


@dataclass(frozen=True, slots=True)
class PlanCompilation:
    period_start: date
    period_end: date
    today: date
    unit_label: str  # the chosen Enhet, or "Alla mina enheter"
    rows: tuple[PlanCompilationRow, ...]

    def count(self, status: CompiledStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)
