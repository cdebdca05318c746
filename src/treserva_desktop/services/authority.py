"""The authority side (Myndighet): register persons, cases and decisions and send assignments."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    OpenCase,
    PersonInput,
    RegisterDecision,
    RegisterPerson,
    SendAssignment,
    SendNewAssignment,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    CaseKind,
    Permission,
)
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.identity import IdentityNumber, from_stored
from treserva_desktop.domain.person_rules import check_new_person
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import format_minutes, period_text
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services._common import (
    deliver_message,
    now,
    parse_number,
    unit_chain,
    users_with_permission_at,
)
from treserva_desktop.services.authority_validation import (
    GrantedIntervention,
    validate_decision,
    validate_goals,
    validate_interventions,
    validate_new_person,
    validate_receiver,
)

log = logging.getLogger(__name__)

NEW_ASSIGNMENT_SUBJECT = "Nytt uppdrag"
_LIVE_ASSIGNMENT = (AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED)


# --- writes ---------------------------------------------------------------------------------


def _create_person(
    session: Session, actor: Actor, person: PersonInput, number: IdentityNumber
) -> Person:
    fields, problems = check_new_person(person)
    if problems:
        raise problems[0]
    created = Person(
        identity_number=number.value,
        identity_kind=number.kind,
        first_name=fields.first_name,
        last_name=fields.last_name,
        protected_identity=person.protected_identity,
        street=fields.street,
        postal_code=fields.postal_code,
        city=fields.city,
        phone=fields.phone,
    )
    session.add(created)
    session.flush()
    audit.record(session, actor, AuditAction.CREATE, "person", created.id, person_id=created.id)
    log.info("person id %s registered by user id %s", created.id, actor.user_id)
    return created


def _open_case(session: Session, actor: Actor, person_id: int, kind: CaseKind, on: date) -> Case:
    case = Case(
        person_id=person_id,
        kind=kind,
        opened_on=on,
        responsible_user_id=actor.user_id,
        authority_unit_id=actor.granted_unit(Permission.SEND_ASSIGNMENTS),
    )
    session.add(case)
    session.flush()
    audit.record(session, actor, AuditAction.CREATE, "case", case.id, person_id=person_id)
    return case


def _open_or_existing_case(session: Session, actor: Actor, person_id: int) -> Case:
    case = session.scalars(
        select(Case)
        .where(
            Case.person_id == person_id,
            Case.kind == CaseKind.SOL_DECISION,
            Case.closed_on.is_(None),
        )
        .order_by(Case.opened_on.desc(), Case.id.desc())
        .limit(1)
    ).first()
    return case or _open_case(
        session, actor, person_id, CaseKind.SOL_DECISION, clock_of(session).today()
    )


def _create_decision(
    session: Session,
    actor: Actor,
    case: Case,
    decision: DecisionInput,
    granted: list[GrantedIntervention],
) -> tuple[Decision, list[Intervention]]:
    created = Decision(
        case_id=case.id,
        decided_on=decision.decided_on,
        period_start=decision.period_start,
        period_end=decision.period_end,
        legal_basis=decision.legal_basis.strip(),
        decided_by_user_id=actor.user_id,
    )
    session.add(created)
    session.flush()
    interventions = [
        Intervention(
            decision_id=created.id,
            type_code=item.type.code,
            granted_minutes=item.minutes,
            granted_per=item.per,
            description=item.description,
        )
        for item in granted
    ]
    session.add_all(interventions)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "decision",
        created.id,
        person_id=case.person_id,
        details={"interventions": [item.type.code for item in granted]},
    )
    return created, interventions


def _new_assignment_subject(session: Session, interventions: list[Intervention]) -> str:
    """'Nytt uppdrag: Personlig omvårdnad, Service' – the interventions tell messages apart."""
    names = sorted({session.get_one(InterventionType, i.type_code).name for i in interventions})
    return f"{NEW_ASSIGNMENT_SUBJECT}: {', '.join(names)}" if names else NEW_ASSIGNMENT_SUBJECT


def _send(
    session: Session,
    actor: Actor,
    decision: Decision,
    interventions: list[Intervention],
    receiver: OrgUnit,
    goals: str,
    external_id: str | None = None,
) -> SentAssignment:
    case = session.get(Case, decision.case_id)
    if case is None:  # pragma: no cover - foreign key
        raise NotFound("Ärendet finns inte.")
    person = session.get(Person, case.person_id)
    if person is None:  # pragma: no cover - foreign key
        raise NotFound("Personen finns inte.")
    assignment = Assignment(
        person_id=person.id,
        decision_id=decision.id,
        receiver_unit_id=receiver.id,
        sender_user_id=actor.user_id,
        kind=AssignmentKind.NEW,
        status=AssignmentStatus.RECEIVED,
        awaiting_distribution=True,
        sent_at=now(session),
        goals=goals,
        external_id=external_id,
    )
    session.add(assignment)
    session.flush()
    for intervention in interventions:
        session.add(AssignmentItem(assignment_id=assignment.id, intervention_id=intervention.id))
    session.flush()
    recipients = users_with_permission_at(session, receiver.id, Permission.VIEW_NEW_ASSIGNMENTS)
    if recipients:
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=recipients,
            subject=_new_assignment_subject(session, interventions),
            body=_new_assignment_body(session, actor, person, decision, interventions, receiver),
            person_id=person.id,
            assignment_id=assignment.id,
        )
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "assignment",
        assignment.id,
        person_id=person.id,
        unit_id=receiver.id,
        details={"interventions": [i.id for i in interventions], "notified": len(recipients)},
    )
    log.info(
        "assignment id %s sent to unit id %s by user id %s (%s notified)",
        assignment.id,
        receiver.id,
        actor.user_id,
        len(recipients),
    )
    return SentAssignment(
        assignment_id=assignment.id,
        person_id=person.id,
        case_id=case.id,
        decision_id=decision.id,
        intervention_ids=tuple(i.id for i in interventions),
        notified_user_ids=tuple(recipients),
    )


def _new_assignment_body(
    session: Session,
    actor: Actor,
    person: Person,
    decision: Decision,
    interventions: list[Intervention],
    receiver: OrgUnit,
) -> str:
    number = from_stored(person.identity_number, person.identity_kind).display()
    lines = []
    for intervention in interventions:
        intervention_type = session.get(InterventionType, intervention.type_code)
        name = intervention_type.name if intervention_type else intervention.type_code
        extent = format_minutes(intervention.granted_minutes, intervention.granted_per)
        lines.append(f"  • {name}" + (f", {extent}" if extent else ""))
    path = " › ".join(unit.name for unit in reversed(unit_chain(session, receiver.id)))
    return "\n".join(
        [
            f"Ett nytt uppdrag har skickats till {receiver.name}.",
            "",
            f"Person: {person.full_name}, {number}",
            f"Beslutsperiod: {period_text(decision.period_start, decision.period_end)}",
            "Insatser:",
            *lines,
            "",
            f"Mottagare: {path}",
            f"Skickat av: {actor.display_name}",
            "",
            "Uppdraget finns under Mitt skrivbord › Nya uppdrag.",
        ]
    )


# --- services -------------------------------------------------------------------------------


def _registered(_command: object, person_id: int) -> Touched:
    """A new person: in no unit's rows yet."""
    return Touched(units=(), persons={person_id}, assignments=(), messages=())


def _sent(_command: object, sent: SentAssignment) -> Touched:
    """The person (new or existing) and their new assignment; no unit's rows (an assignment
    waits under Nya uppdrag until it is distributed). The notices sent are not in the result."""
    return Touched(units=(), persons={sent.person_id}, assignments={sent.assignment_id})


@changes(ChangeKind.PERSONS, touches=_registered)
def register_person(session: Session, actor: Actor, command: RegisterPerson) -> int:
    """Register a person the authority has a case for. Returns the person id."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    number = validate_new_person(session, command)
    return _create_person(session, actor, command, number).id


@changes(ChangeKind.PERSONS)
def open_case(session: Session, actor: Actor, command: OpenCase) -> int:
    require(actor, Permission.SEND_ASSIGNMENTS)
    if session.get(Person, command.person_id) is None:
        raise NotFound("Personen finns inte.")
    # The same scope as reading the person, except for a person with no case anywhere yet
    # (just registered by register_person). A person other units have cases for gets a new
    # case only through send_new_assignment, where the user confirms the personnummer.
    has_case = session.scalar(select(Case.id).where(Case.person_id == command.person_id).limit(1))
    if has_case is not None:
        require_person_access(session, actor, command.person_id)
    today = clock_of(session).today()
    opened_on = command.opened_on or today
    if opened_on > today:
        raise ValidationError("Ärendet kan inte öppnas ett datum i framtiden.", field="opened_on")
    return _open_case(session, actor, command.person_id, command.kind, opened_on).id


@changes(ChangeKind.PERSONS)
def register_decision(session: Session, actor: Actor, command: RegisterDecision) -> int:
    """A decision with its granted interventions. Returns the decision id."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    case = session.get(Case, command.case_id)
    if case is None:
        raise NotFound("Ärendet finns inte.")
    _require_own_case(actor, case)
    if case.closed_on is not None:
        raise ValidationError("Ärendet är avslutat. Öppna ett nytt ärende.", field="case_id")
    validate_decision(command, today=clock_of(session).today())
    granted = validate_interventions(session, command.interventions)
    decision, _interventions = _create_decision(session, actor, case, command, granted)
    return decision.id


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS, ChangeKind.MESSAGES, touches=_sent)
def send_assignment(session: Session, actor: Actor, command: SendAssignment) -> SentAssignment:
    """Send a decision's interventions (all, or the chosen ones) to a provider unit."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    decision = session.get(Decision, command.decision_id)
    if decision is None:
        raise NotFound("Beslutet finns inte.")
    _require_own_case(actor, decision.case)
    interventions = list(
        session.scalars(
            select(Intervention)
            .where(Intervention.decision_id == decision.id)
            .order_by(Intervention.id)
        )
    )
    if command.intervention_ids is not None:
        by_id = {intervention.id: intervention for intervention in interventions}
        unknown = [i for i in command.intervention_ids if i not in by_id]
        if unknown:
            raise ValidationError(
                "En vald insats hör inte till beslutet.", field="intervention_ids"
            )
        interventions = [by_id[i] for i in dict.fromkeys(command.intervention_ids)]
    if not interventions:
        raise ValidationError("Välj minst en insats att skicka.", field="intervention_ids")
    _check_not_already_sent(session, interventions)
    receiver = validate_receiver(session, command.receiver_unit_id)
    goals = validate_goals(command.goals)
    return _send(session, actor, decision, interventions, receiver, goals)


def _require_own_case(actor: Actor, case: Case) -> None:
    """A needs assessor works only on the cases of their own authority unit."""
    if case.authority_unit_id not in actor.units_with(Permission.SEND_ASSIGNMENTS):
        raise PermissionDenied("Ärendet hör till en annan myndighetsenhet.")


def _check_not_already_sent(session: Session, interventions: list[Intervention]) -> None:
    taken = session.scalars(
        select(AssignmentItem.intervention_id)
        .join(Assignment, Assignment.id == AssignmentItem.assignment_id)
        .where(
            AssignmentItem.intervention_id.in_([i.id for i in interventions]),
            Assignment.kind == AssignmentKind.NEW,
            Assignment.status.in_(_LIVE_ASSIGNMENT),
        )
    ).first()
    if taken is not None:
        intervention = session.get(Intervention, taken)
        name = intervention.type.name if intervention else "En insats"
        raise ValidationError(
            f"Insatsen {name} har redan skickats i ett uppdrag som inte är stoppat.",
            field="intervention_ids",
        )


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS, ChangeKind.MESSAGES, touches=_sent)
def send_new_assignment(
    session: Session, actor: Actor, command: SendNewAssignment
) -> SentAssignment:
    """The Myndighet dialog in one transaction: person (new, or the confirmed existing one),
    an open case, the decision with its interventions, and the assignment to the receiver.

    Everything is validated before anything is written.
    """
    require(actor, Permission.SEND_ASSIGNMENTS)
    person: Person | None = None
    number: IdentityNumber | None = None
    if command.existing_person_id is not None:
        person = session.get(Person, command.existing_person_id)
        if person is None:
            raise NotFound("Den valda personen finns inte.")
        entered = parse_number(command.person.identity_number, today=clock_of(session).today())
        if entered.value != person.identity_number:
            raise ValidationError(
                "Personnumret stämmer inte med den valda personen. Kontrollera numret.",
                field="identity_number",
            )
    else:
        number = validate_new_person(session, command.person)
    validate_decision(command.decision, today=clock_of(session).today())
    granted = validate_interventions(session, command.interventions)
    receiver = validate_receiver(session, command.receiver_unit_id)
    goals = validate_goals(command.goals)

    if person is None:
        assert number is not None
        person = _create_person(session, actor, command.person, number)
    case = _open_or_existing_case(session, actor, person.id)
    decision, interventions = _create_decision(session, actor, case, command.decision, granted)
    return _send(session, actor, decision, interventions, receiver, goals, command.external_id)
