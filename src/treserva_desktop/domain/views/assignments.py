"""Read models for assignments: the document (Läs uppdrag), Acceptera och fördela, Genomförande,
the authority dialog, the import report and the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    TimePer,
)
from treserva_desktop.domain.views import (
    ExecutionRowView,
    PersonListItem,
    format_minutes,
    period_text,
)


@dataclass(frozen=True, slots=True)
class InterventionTypeView:
    """One entry of the Insats code list."""

    code: str
    name: str
    business_area: BusinessArea
    requires_time: bool


@dataclass(frozen=True, slots=True)
class SentAssignment:
    """What send_new_assignment / send_assignment created."""

    assignment_id: int
    person_id: int
    case_id: int
    decision_id: int
    intervention_ids: tuple[int, ...]
    notified_user_ids: tuple[int, ...]


# --- Läs uppdrag ----------------------------------------------------------------------------


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


# --- Acceptera och fördela ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A performing unit the actor may distribute to."""

    id: int
    name: str
    path: str  # e.g. "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"
    business_area: BusinessArea | None
    preferred: bool  # same business area as the intervention


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


@dataclass(frozen=True, slots=True)
class AcknowledgeResult:
    assignment_id: int
    person_id: int
    acknowledged_execution_ids: tuple[int, ...]
    added_to_my_persons: bool


# --- Genomförande ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GenomforandeAssignmentRow:
    """A document row in Genomförande › Nya uppdrag: rows sent to the actor's units."""

    assignment_id: int
    person: PersonListItem
    title: str
    unit_names: str
    interventions: str
    start_date: date
    sent_at: datetime
    execution_ids: tuple[int, ...]


# --- inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecipientChoice:
    user_id: int
    display_name: str
    title: str
    units: str  # the units where the user holds a role, comma separated


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    subject: str
    body: str
    sender_user_id: int | None
    sender_name: str
    sent_at: datetime
    recipient_names: tuple[str, ...]
    person_id: int | None
    person_name: str
    assignment_id: int | None
    reply_to_id: int | None
    read_at: datetime | None  # for the actor as recipient; None if unread or sent by the actor

    @property
    def can_reply(self) -> bool:
        return self.sender_user_id is not None


# --- import ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One error in an import file, e.g. location "post 57, insatser[1].timmar"."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, slots=True)
class ImportReport:
    records: int
    persons_created: int
    persons_existing: int
    assignment_ids: tuple[int, ...]
    notified_user_ids: tuple[int, ...] = ()

    @property
    def summary(self) -> str:
        return (
            f"{self.records} uppdrag importerade ({self.persons_created} nya personer, "
            f"{self.persons_existing} befintliga)."
        )


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person found by identity number, shown for confirmation before it is used."""

    id: int
    name: str
    identity_display: str
    protected_identity: bool
    address: str


@dataclass(frozen=True, slots=True)
class ReceiverUnit:
    """A node of the organisation tree in the authority's receiver picker."""

    id: int
    name: str
    kind: OrgUnitKind
    business_area: BusinessArea | None
    parent_id: int | None
    selectable: bool  # a provider branch, unit or sub-unit that can receive assignments
