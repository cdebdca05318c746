"""Commands for the authority (Myndighet) side: person, case, decision and sending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import CaseKind, TimePer
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class PersonInput(Command):
    """A person as the handläggare registers them. Validated by the service, in Swedish."""

    identity_number: str
    first_name: str
    last_name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    protected_identity: bool = False


class RegisterPerson(PersonInput):
    pass


class OpenCase(Command):
    person_id: int
    kind: CaseKind = CaseKind.SOL_DECISION
    opened_on: date | None = None  # None: today


class InterventionInput(Command):
    """One granted intervention: a type from the code list and, where it allots time, hours."""

    type_code: str
    hours: Decimal | None = None
    per: TimePer | None = None
    description: str = ""


class DecisionInput(Command):
    decided_on: date
    period_start: date
    period_end: date | None = None
    legal_basis: str = DEFAULT_LEGAL_BASIS


class RegisterDecision(DecisionInput):
    case_id: int
    interventions: tuple[InterventionInput, ...]


class SendAssignment(Command):
    decision_id: int
    receiver_unit_id: int
    goals: str = ""
    intervention_ids: tuple[int, ...] | None = None  # None: every intervention of the decision


class SendNewAssignment(Command):
    """The Myndighet dialog in one go: person (new or confirmed existing), case, decision,
    interventions and the assignment to a receiving provider unit."""

    person: PersonInput
    # Set once the dialog has shown the person found by number and the user confirmed it.
    existing_person_id: int | None = None
    decision: DecisionInput
    interventions: tuple[InterventionInput, ...]
    goals: str = ""
    receiver_unit_id: int
    # The authority system's id of the assignment, when it comes from an import file.
    external_id: str | None = Field(default=None, max_length=MAX_LENGTHS["external_id"])
