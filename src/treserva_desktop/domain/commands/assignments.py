"""Commands for sending, reading, distributing, stopping and acknowledging assignments, and
for the inbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import CaseKind, TimePer

# --- authority side (Myndighet) -------------------------------------------------------------


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


# --- receiving side -------------------------------------------------------------------------


class AssignmentRef(Command):
    assignment_id: int


class AssignmentOutput(Command):
    """The assignment document was printed (Skriv ut) or saved to a file (Spara som)."""

    assignment_id: int
    saved_to_file: bool = False


class DistributeIntervention(Command):
    """Registrera in Acceptera och fördela: one intervention to one unit for one period."""

    assignment_id: int
    intervention_id: int
    unit_id: int
    start_date: date
    end_date: date | None = None
    hours: Decimal | None = None
    per: TimePer | None = None
    to_execution: bool = True
    expected_version: int


class RegisterExecution(Command):
    """Registrera on an existing row Under fördelning: set the time, optionally send it on."""

    execution_id: int
    hours: Decimal | None = None
    per: TimePer | None = None
    to_execution: bool = True
    expected_version: int


class StopAssignment(Command):
    assignment_id: int
    reason: str
    misdirected: bool = False
    expected_version: int | None = None


class AcknowledgeAssignment(Command):
    """Kvittera in Genomförande, optionally with Flytta till Mina personer."""

    assignment_id: int
    move_to_my_persons: bool = False


# --- inbox ----------------------------------------------------------------------------------


class SendMessage(Command):
    recipient_ids: tuple[int, ...]
    subject: str = ""
    body: str = ""
    person_id: int | None = None
    assignment_id: int | None = None


class ReplyToMessage(Command):
    message_id: int
    body: str
    subject: str | None = None  # None: "Sv: " + the original subject
