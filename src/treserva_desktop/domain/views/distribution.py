"""Read models for Acceptera och fördela: the assignment, its interventions and unit choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
    TimePer,
)
from treserva_desktop.domain.views import ExecutionRowView, format_minutes


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A performing unit the actor may distribute to."""

    id: int
    name: str
    path: str  # e.g. "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"
    business_area: BusinessArea | None
    preferred: bool  # same business area as the intervention
    # Proposed for a person without a billing area when this unit performs (code or None).
    default_billing_area: str | None = None


@dataclass(frozen=True, slots=True)
class DistributionPerson:
    id: int
    name: str
    identity_display: str
    protected_identity: bool
    billing_area: str  # "HT-N – Hemtjänst Norr", or "" when none is set

    @property
    def has_billing_area(self) -> bool:
        return bool(self.billing_area)


@dataclass(frozen=True, slots=True)
class DistributionIntervention:
    """One intervention of the assignment with its rows and the dialog's defaults."""

    intervention_id: int
    type_code: str
    name: str
    business_area: BusinessArea
    requires_time: bool
    granted_minutes: int | None
    granted_per: TimePer | None
    rows: tuple[ExecutionRowView, ...]
    unit_choices: tuple[UnitChoice, ...]  # preferred first
    default_unit_id: int | None
    default_start: date
    default_end: date | None
    default_hours: Decimal | None
    default_per: TimePer | None
    # Sending this intervention to execution is refused until the person has a billing area.
    needs_billing_area: bool
    # Why default_unit_id was preselected (domain.distribution_defaults); "" when none was.
    default_unit_reason: str = ""

    @property
    def granted_text(self) -> str:
        return format_minutes(self.granted_minutes, self.granted_per)

    @property
    def distributed(self) -> bool:
        """Any row at all (even revoked) takes the intervention out of Nya uppdrag."""
        return bool(self.rows)

    @property
    def status_text(self) -> str:
        live = [row for row in self.rows if row.status is not ExecutionStatus.REVOKED]
        if not live:
            return "Ej fördelad"
        return live[-1].status.label


@dataclass(frozen=True, slots=True)
class AssignmentDistributionView:
    assignment_id: int
    version: int  # pass as expected_version
    kind: AssignmentKind
    status: AssignmentStatus
    title: str
    receiver_unit_id: int
    receiver_unit_name: str
    person: DistributionPerson
    decided_on: date
    decision_start: date
    decision_end: date | None
    legal_basis: str
    goals: str
    interventions: tuple[DistributionIntervention, ...]
    received_at: datetime | None = None
    first_read_at: datetime | None = None
    first_read_by: str = ""  # the reader's display name; "" while unread
    # A provider change: the day of the takeover and the unit it comes from.
    change_date: date | None = None
    previous_unit_name: str = ""
    # The debiteringsområde code list (code, "code – name"), for a person who has none.
    billing_areas: tuple[tuple[str, str], ...] = ()

    @property
    def all_distributed(self) -> bool:
        return all(item.distributed for item in self.interventions)

    @property
    def can_distribute(self) -> bool:
        return self.status in (AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED)


@dataclass(frozen=True, slots=True)
class DistributionResult:
    """After Registrera: the row, its status, and the assignment's new version for the next
    Registrera in the same dialog."""

    execution_id: int
    execution_status: ExecutionStatus
    assignment_id: int
    assignment_version: int
    assignment_status: AssignmentStatus
    all_distributed: bool
    person_id: int
    unit_id: int
    # Units whose rows this distribution ended: the old unit of a provider change.
    ended_unit_ids: tuple[int, ...] = ()
    ended_assignment_ids: tuple[int, ...] = ()
    # Registrera set the person's billing area (it had none) in the same transaction.
    billing_area_set: bool = False
