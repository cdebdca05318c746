"""Read models for the authority (Myndighet) dialog: code list, person match, receivers."""

from __future__ import annotations

from dataclasses import dataclass

from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind


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
