"""Frozen read models handed to the UI and to documents (one module per area). Never ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    ExecutionPhase,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    RelationKind,
    TimePer,
)

PROTECTED_TEXT = "Skyddad"


def format_minutes(minutes: int | None, per: TimePer | None) -> str:
    """Allotted time as Swedish text, e.g. '12,5 tim/vecka'; empty when there is none."""
    if minutes is None or per is None:
        return ""
    hours = minutes / 60
    number = f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} {per.label}"


def period_text(start: date, end: date | None) -> str:
    """A period as Swedish text: '2025-03-01 – 2025-12-31', or '2025-03-01 – tills vidare'."""
    return f"{start:%Y-%m-%d} – {end_text(end)}"


def end_text(end: date | None) -> str:
    """A period's end: the date, or 'tills vidare' for an open-ended period."""
    return f"{end:%Y-%m-%d}" if end else "tills vidare"


@dataclass(frozen=True, slots=True)
class UnitView:
    id: int
    name: str
    kind: OrgUnitKind
    business_area: BusinessArea | None
    parent_id: int | None
    has_children: bool = False


@dataclass(frozen=True, slots=True)
class PersonListItem:
    id: int
    name: str
    identity_display: str
    protected_identity: bool


@dataclass(frozen=True, slots=True)
class AssignmentListItem:
    id: int
    person_id: int
    title: str
    kind: AssignmentKind
    status: AssignmentStatus
    received_on: date
    overdue: bool
    read: bool


@dataclass(frozen=True, slots=True)
class NewAssignmentPerson:
    """A person in Nya uppdrag, with the assignments waiting for the actor's units."""

    person: PersonListItem
    assignments: tuple[AssignmentListItem, ...]

    @property
    def overdue(self) -> bool:
        return any(item.overdue for item in self.assignments)


@dataclass(frozen=True, slots=True)
class RelationView:
    id: int
    kind: RelationKind
    name: str
    phone: str
    address: str
    is_invoice_recipient: bool


@dataclass(frozen=True, slots=True)
class ExecutionRowView:
    id: int
    intervention_id: int
    intervention_name: str
    unit_id: int
    unit_name: str
    start_date: date
    end_date: date | None
    minutes: int | None
    per: TimePer | None
    status: ExecutionStatus
    phase: ExecutionPhase

    @property
    def time_text(self) -> str:
        return format_minutes(self.minutes, self.per)


@dataclass(frozen=True, slots=True)
class InterventionGroupView:
    """One granted intervention of a person at a unit, with its execution rows (Insats GF)."""

    intervention_id: int
    name: str
    rows: tuple[ExecutionRowView, ...]


@dataclass(frozen=True, slots=True)
class PersonOverview:
    id: int
    name: str
    identity_display: str
    identity_kind: IdentityKind
    protected_identity: bool
    is_test_data: bool
    address: str
    phone: str
    billing_area: str
    relations: tuple[RelationView, ...]
    ongoing: tuple[ExecutionRowView, ...]


@dataclass(frozen=True, slots=True)
class MessageListItem:
    id: int
    subject: str
    sender_name: str
    sent_at: datetime
    read: bool
    # Inkorg's Person column: "Name, number", masked for a protected identity, "" when the
    # message names nobody the reader may see.
    person: str = ""


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What the status bar and Användarstöd show about the connection."""

    dialect: str
    location: str
    revision: str | None
