"""Read models of Ej verkställda beslut."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.unexecuted_rules import Quarter, Reason


@dataclass(frozen=True, slots=True)
class UnexecutedRow:
    """One intervention of a decision reported for the quarter, at the unit it was sent to."""

    person_id: int
    person_name: str  # "Efternamn, Förnamn"
    identity_display: str
    intervention_id: int
    assignment_id: int
    type_name: str
    unit_id: int
    unit_name: str
    decided_on: date
    days_since_decision: int
    reason: Reason
    overdue_from: date  # the first day past the 3 months
    resolved_on: date | None  # executed or restarted on; None while it goes on
    interrupted_from: date | None


@dataclass(frozen=True, slots=True)
class UnexecutedDecisions:
    quarter: Quarter
    today: date
    rows: tuple[UnexecutedRow, ...]

    def count(self, reason: Reason) -> int:
        return sum(1 for row in self.rows if row.reason is reason)
