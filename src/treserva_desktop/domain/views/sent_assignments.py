"""Read models for Skickade uppdrag: what a handläggare sent and how the provider received it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus


@dataclass(frozen=True, slots=True)
class SentAssignmentRow:
    """One assignment the actor sent: receiving unit, sent, read, accepted or stopped, and how
    many of its rows are in each state."""

    assignment_id: int
    person_id: int
    person_name: str
    identity_display: str
    protected_identity: bool
    title: str
    receiver_unit_name: str
    sent_at: datetime
    status: AssignmentStatus
    read_at: datetime | None
    read_by: str
    accepted_at: datetime | None
    accepted_by: str
    stopped_reason: str
    rows_by_status: tuple[tuple[ExecutionStatus, int], ...]

    @property
    def sent_on(self) -> date:
        return self.sent_at.date()

    @property
    def rows_text(self) -> str:
        """'2 Skickad till genomförande, 1 Kvitterad'; '–' before any row."""
        if not self.rows_by_status:
            return "–"
        return ", ".join(f"{count} {status.label}" for status, count in self.rows_by_status)
