"""Read models for Uppföljning: assignments still waiting to be accepted and distributed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.enums import AssignmentStatus


@dataclass(frozen=True, slots=True)
class WaitingAssignment:
    """One assignment in Nya uppdrag, with how long it has waited at its receiving unit."""

    assignment_id: int
    person_id: int
    person_name: str
    identity_display: str
    protected_identity: bool
    unit_id: int
    unit_name: str
    title: str
    status: AssignmentStatus
    received_on: date
    waited_working_days: int
    read: bool
    overdue: bool
