"""Read models for Läs uppdrag: the assignment document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.enums import AssignmentKind, AssignmentStatus
from treserva_desktop.domain.views import period_text


@dataclass(frozen=True, slots=True)
class DocumentIntervention:
    name: str
    granted_text: str  # e.g. "12,5 tim/vecka"; "" when the intervention allots no time
    period_start: date
    period_end: date | None
    description: str = ""

    @property
    def period_text(self) -> str:
        return period_text(self.period_start, self.period_end)


@dataclass(frozen=True, slots=True)
class AssignmentDocumentView:
    """Everything the assignment document shows. Address is "Skyddad" for protected identity."""

    assignment_id: int
    kind: AssignmentKind
    status: AssignmentStatus
    municipality: str
    receiver_unit_name: str
    sent_at: datetime
    person_id: int
    person_name: str
    identity_label: str  # Personnummer / Samordningsnummer / Reservnummer
    identity_display: str
    protected_identity: bool
    address: str
    is_test_data: bool
    decided_on: date
    decision_period_start: date
    decision_period_end: date | None
    legal_basis: str
    interventions: tuple[DocumentIntervention, ...]
    goals: str
    sender_name: str
    sender_title: str
    sender_unit: str
    sender_phone: str
    first_read_at: datetime | None
    change_date: date | None = None

    @property
    def decision_period_text(self) -> str:
        return period_text(self.decision_period_start, self.decision_period_end)

    @property
    def title(self) -> str:
        if self.kind is AssignmentKind.PROVIDER_CHANGE:
            return "Uppdrag – byte av utförare"
        return "Uppdrag"
