"""Myndighet's checks before anything is written: a new person's number and names, a
decision's dates, the granted interventions, the receiving unit and the goals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import InterventionType, OrgUnit, Person
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import Fields
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
)
from treserva_desktop.domain.enums import OrgUnitKind, TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import IdentityNumber
from treserva_desktop.domain.person_rules import check_new_person
from treserva_desktop.services._common import parse_number

_RECEIVER_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})


@dataclass(frozen=True, slots=True)
class GrantedIntervention:
    """An intervention input after validation: its type and the granted time in minutes."""

    type: InterventionType
    minutes: int | None
    per: TimePer | None
    description: str


@changes()
def validate_new_person(session: Session, person: PersonInput) -> IdentityNumber:
    """A number that parses and is not taken, and names and address that pass."""
    number = parse_number(person.identity_number, today=clock_of(session).today())
    existing = session.scalars(
        select(Person).where(Person.identity_number == number.value)
    ).one_or_none()
    if existing is not None:
        # Not the holder's name: a number typed by mistake would otherwise show a person the
        # user may not reach, unaudited. The dialog's own look-up (audited) shows them.
        raise ValidationError(
            f"Det finns redan en person med {number.kind.label.lower()} "
            f"{number.display()}. Sök fram personen med numret och välj den befintliga i "
            "stället för att registrera en ny.",
            field="identity_number",
        )
    _fields, problems = check_new_person(person)
    if problems:
        raise problems[0]
    return number


def validate_decision(decision: DecisionInput, *, today: date) -> None:
    assignment_rules.check_decision(
        decision.decided_on, decision.period_start, decision.period_end, today
    )
    assignment_rules.check_legal_basis(decision.legal_basis)


@changes()
def validate_intervention(
    session: Session, intervention: InterventionInput, *, prefix: str
) -> GrantedIntervention:
    """One intervention: a known type and a granted extent that fits it."""
    intervention_type = session.get(InterventionType, intervention.type_code)
    if intervention_type is None:
        raise ValidationError(
            f"Insatstypen '{intervention.type_code}' finns inte i kodlistan.",
            field=f"{prefix}type_code",
        )
    if intervention_type.is_service_case:
        raise ValidationError(
            f"{intervention_type.name} är boservice: utföraren beviljar den själv (förenklad "
            "handläggning), den ingår inte i ett beslut.",
            field=f"{prefix}type_code",
        )
    minutes, per = assignment_rules.hours_to_minutes(
        intervention.hours,
        intervention.per,
        requires_time=intervention_type.requires_time,
        type_name=intervention_type.name,
        what="Beviljad omfattning",
        fields=Fields(hours=f"{prefix}hours", per=f"{prefix}per"),
    )
    return GrantedIntervention(intervention_type, minutes, per, intervention.description.strip())


@changes()
def validate_interventions(
    session: Session, interventions: tuple[InterventionInput, ...]
) -> list[GrantedIntervention]:
    if not interventions:
        raise ValidationError("Lägg till minst en insats i beslutet.", field="interventions")
    granted: list[GrantedIntervention] = []
    seen: set[str] = set()
    for index, intervention in enumerate(interventions):
        prefix = f"interventions[{index}]."
        item = validate_intervention(session, intervention, prefix=prefix)
        if item.type.code in seen:
            raise ValidationError(
                f"Insatsen {item.type.name} finns redan i beslutet.", field=f"{prefix}type_code"
            )
        seen.add(item.type.code)
        granted.append(item)
    return granted


@changes()
def validate_receiver(session: Session, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise ValidationError("Den mottagande enheten finns inte.", field="receiver_unit_id")
    if not unit.is_provider or unit.kind not in _RECEIVER_KINDS:
        raise ValidationError(
            f"{unit.name} tar inte emot uppdrag. Välj en utförarenhet eller ett "
            "verksamhetsområde i organisationsträdet.",
            field="receiver_unit_id",
        )
    return unit


def validate_goals(goals: str) -> str:
    return assignment_rules.check_goals(goals)
