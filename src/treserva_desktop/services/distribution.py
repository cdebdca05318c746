"""Acceptera och fördela on the service side: Registrera (a new row or one Under fördelning)
and Stoppa."""

from __future__ import annotations

import logging

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Execution,
    Intervention,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.db.queries.reading import load_assignment
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import DISTRIBUTED_BY_SOMEONE_ELSE, ExistingRow
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.distribution import (
    DistributeIntervention,
    RegisterExecution,
    StopAssignment,
)
from treserva_desktop.domain.commands.persons import SetBillingArea
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    Permission,
)
from treserva_desktop.domain.errors import Conflict, NotFound, ValidationError
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.distribution import DistributionResult
from treserva_desktop.services._common import deliver_message, now
from treserva_desktop.services._provider_change_rows import assessors_of, end_previous_rows
from treserva_desktop.services.persons import set_billing_area

log = logging.getLogger(__name__)

ROW_CHANGED_BY_SOMEONE_ELSE = (
    "Raden har just ändrats av någon annan. Stäng dialogen och öppna den igen för att se det "
    "senaste läget."
)

STOPPED_SUBJECT = "Uppdrag stoppat"


def _distributed(_command: object, result: DistributionResult) -> Touched:
    """One row of one person at one unit, on one assignment (and, accepting a provider
    change, the old unit's rows it ended, on their assignments)."""
    return Touched(
        units={result.unit_id, *result.ended_unit_ids},
        persons={result.person_id},
        assignments={result.assignment_id, *result.ended_assignment_ids},
    )


def _stopped(_command: StopAssignment, assignment_id: int) -> Touched:
    """The assignment (and a message to its sender); no unit's rows. Whose assignment it was
    is not in the result: persons stay unknown."""
    return Touched(units=(), assignments={assignment_id})


def _lock_intervention(session: Session, intervention_id: int) -> Intervention | None:
    """Serialise distributions of one intervention (PostgreSQL row lock; SQLite has one
    writer anyway and the overlap check runs again once this transaction holds it)."""
    return session.scalars(
        select(Intervention).where(Intervention.id == intervention_id).with_for_update()
    ).one_or_none()


def _existing_rows(
    session: Session, intervention_id: int, *, exclude: int | None = None
) -> list[ExistingRow]:
    query = (
        select(Execution, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .where(Execution.intervention_id == intervention_id)
    )
    if exclude is not None:
        query = query.where(Execution.id != exclude)
    return [
        ExistingRow(row.start_date, row.end_date, row.status, unit_name)
        for row, unit_name in session.execute(query).all()
    ]


def _all_items_distributed(session: Session, assignment_id: int) -> bool:
    undistributed = session.scalar(
        select(
            exists().where(
                AssignmentItem.assignment_id == assignment_id,
                ~exists().where(
                    Execution.assignment_id == assignment_id,
                    Execution.intervention_id == AssignmentItem.intervention_id,
                ),
            )
        )
    )
    return not undistributed


def _undistributed_except(session: Session, assignment_id: int, intervention_id: int) -> bool:
    """Whether an intervention of the assignment other than `intervention_id` has no row."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    AssignmentItem.assignment_id == assignment_id,
                    AssignmentItem.intervention_id != intervention_id,
                    ~exists().where(
                        Execution.assignment_id == assignment_id,
                        Execution.intervention_id == AssignmentItem.intervention_id,
                    ),
                )
            )
        )
    )


def _check_performing_unit(session: Session, actor: Actor, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise ValidationError(assignment_rules.CHOOSE_PERFORMING_UNIT, field="unit_id")
    sub_units = session.scalars(select(OrgUnit.name).where(OrgUnit.parent_id == unit.id)).all()
    refusal = assignment_rules.distribution_refusal(
        actor,
        assignment_rules.UnitFacts(
            unit.id, unit.name, unit.kind, unit.is_provider, tuple(sub_units)
        ),
    )
    if refusal is not None:
        raise refusal
    return unit


def _check_business_area(
    session: Session, intervention_name: str, intervention_area: BusinessArea, unit: OrgUnit
) -> None:
    """The performing unit's business area (its own or its branch's) fits the intervention."""
    area = assignment_rules.effective_business_area(
        ancestor.business_area for ancestor in unit_and_ancestors(all_units(session), unit.id)
    )
    refusal = assignment_rules.business_area_refusal(
        intervention_name, intervention_area, unit.name, area
    )
    if refusal is not None:
        raise refusal


def _result(
    session: Session,
    execution: Execution,
    assignment: Assignment,
    person_id: int,
    ended: tuple[set[int], set[int]] = (set(), set()),
    *,
    billing_area_set: bool = False,
) -> DistributionResult:
    """What the distribution flow shows next: the row's and the assignment's new state."""
    return DistributionResult(
        execution_id=execution.id,
        execution_status=execution.status,
        assignment_id=assignment.id,
        assignment_version=assignment.version,
        assignment_status=assignment.status,
        all_distributed=_all_items_distributed(session, assignment.id),
        person_id=person_id,
        unit_id=execution.unit_id,
        ended_unit_ids=tuple(sorted(ended[0])),
        ended_assignment_ids=tuple(sorted(ended[1])),
        billing_area_set=billing_area_set,
    )


def _distributed_kinds(_command: object, result: DistributionResult) -> set[ChangeKind]:
    """The person too when Registrera set their billing area."""
    kinds = {ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS}
    return kinds | {ChangeKind.PERSONS} if result.billing_area_set else kinds


@changes(
    ChangeKind.ASSIGNMENTS,
    ChangeKind.EXECUTIONS,
    ChangeKind.PERSONS,
    when=_distributed_kinds,
    touches=_distributed,
)
def distribute_intervention(
    session: Session, actor: Actor, command: DistributeIntervention
) -> DistributionResult:
    """Registrera: one intervention of the assignment to one unit for one period.

    The first distribution accepts the assignment. The assignment row is always updated, so
    its version moves on and a second session distributing from the same state gets Conflict.
    """
    intervention = _lock_intervention(session, command.intervention_id)
    assignment = load_assignment(session, command.assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    unit = _check_performing_unit(session, actor, command.unit_id)
    assignment_rules.check_can_distribute(assignment.status)
    assignment_rules.check_expected_version(assignment.version, command.expected_version)
    covered = session.scalar(
        select(
            exists().where(
                AssignmentItem.assignment_id == assignment.id,
                AssignmentItem.intervention_id == command.intervention_id,
            )
        )
    )
    if intervention is None or not covered:
        raise ValidationError("Insatsen ingår inte i uppdraget.", field="intervention_id")
    intervention_type = intervention.type
    _check_business_area(session, intervention_type.name, intervention_type.business_area, unit)
    decision = assignment.decision
    assignment_rules.check_period(command.start_date, command.end_date)
    assignment_rules.check_inside_decision(
        command.start_date, command.end_date, decision.period_start, decision.period_end
    )
    minutes, per = assignment_rules.hours_to_minutes(
        command.hours,
        command.per,
        requires_time=intervention_type.requires_time,
        type_name=intervention_type.name,
    )
    person = assignment.person
    billing_area_set = False
    if command.billing_area_code and person.billing_area_code is None:
        # The area Registrera proposed (the performing unit's default) or the user chose:
        # set on the person as the person window would, with its own checks and history.
        set_billing_area(
            session,
            actor,
            SetBillingArea(
                person_id=person.id,
                expected_version=person.version,
                billing_area_code=command.billing_area_code,
            ),
        )
        billing_area_set = True
    assignment_rules.check_billing_area(
        person.billing_area_code is not None, intervention_type.business_area, command.to_execution
    )
    # A provider change: the old unit's rows end the day before the takeover, in this
    # transaction, before the overlap check sees them.
    ended_units, ended_assignments = end_previous_rows(session, actor, assignment, intervention.id)
    assignment_rules.check_no_overlap(
        command.start_date, command.end_date, _existing_rows(session, intervention.id)
    )

    # Whether anything is left to distribute once this row exists, asked before the row is
    # added (nothing pending to flush): the stored Nya uppdrag flag changes in this same
    # UPDATE of the assignment, which the version check already serialises.
    others_left = _undistributed_except(session, assignment.id, intervention.id)

    stamp = now(session)
    status = (
        ExecutionStatus.SENT_TO_EXECUTION
        if command.to_execution
        else ExecutionStatus.UNDER_DISTRIBUTION
    )
    execution = Execution(
        assignment_id=assignment.id,
        intervention_id=intervention.id,
        person_id=person.id,
        unit_id=unit.id,
        start_date=command.start_date,
        end_date=command.end_date,
        minutes=minutes,
        per=per,
        status=status,
        created_at=stamp,
        created_by_user_id=actor.user_id,
    )
    session.add(execution)
    accepting = assignment.status is AssignmentStatus.RECEIVED
    if accepting:
        assignment.status = AssignmentStatus.ACCEPTED
        assignment.accepted_at = stamp
        assignment.accepted_by_user_id = actor.user_id
    else:
        flag_modified(assignment, "status")
    assignment.awaiting_distribution = assignment_rules.awaits_distribution(
        assignment.status, has_undistributed_item=others_left
    )
    try:
        session.flush()
    except StaleDataError:
        # Only plain values here: the failed flush has expired the ORM objects.
        log.info("distribution of assignment id %s lost a race", command.assignment_id)
        raise Conflict(DISTRIBUTED_BY_SOMEONE_ELSE) from None
    # This transaction now holds the assignment row: look again with what others committed.
    assignment_rules.check_no_overlap(
        command.start_date,
        command.end_date,
        _existing_rows(session, intervention.id, exclude=execution.id),
    )
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "execution",
        execution.id,
        person_id=person.id,
        unit_id=unit.id,
        details={
            "assignment_id": assignment.id,
            "intervention_id": intervention.id,
            "status": status.value,
        },
    )
    if accepting:
        audit.record(
            session,
            actor,
            AuditAction.UPDATE,
            "assignment",
            assignment.id,
            person_id=person.id,
            unit_id=assignment.receiver_unit_id,
            details={"status": AssignmentStatus.ACCEPTED.value},
        )
    log.info(
        "assignment id %s: intervention id %s distributed to unit id %s as execution id %s",
        assignment.id,
        intervention.id,
        unit.id,
        execution.id,
    )
    return _result(
        session,
        execution,
        assignment,
        person.id,
        (ended_units, ended_assignments),
        billing_area_set=billing_area_set,
    )


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS, touches=_distributed)
def register_execution(
    session: Session, actor: Actor, command: RegisterExecution
) -> DistributionResult:
    """Registrera on a row Under fördelning: set its time and, with Till genomförande, send it
    on (Skickad till genomförande)."""
    execution = session.scalars(
        select(Execution).where(Execution.id == command.execution_id).with_for_update()
    ).one_or_none()
    if execution is None:
        raise NotFound("Verkställigheten finns inte.")
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, execution.unit_id)
    if execution.status is not ExecutionStatus.UNDER_DISTRIBUTION:
        raise Conflict(
            f"Raden har status {execution.status.label.lower()} och kan inte registreras igen."
        )
    if execution.version != command.expected_version:
        raise Conflict(ROW_CHANGED_BY_SOMEONE_ELSE)
    assignment = load_assignment(session, execution.assignment_id)
    assignment_rules.check_can_distribute(assignment.status)
    intervention_type = execution.intervention.type
    minutes, per = assignment_rules.hours_to_minutes(
        command.hours,
        command.per,
        requires_time=intervention_type.requires_time,
        type_name=intervention_type.name,
    )
    person = session.get(Person, execution.person_id)
    assert person is not None
    assignment_rules.check_billing_area(
        person.billing_area_code is not None, intervention_type.business_area, command.to_execution
    )
    execution.minutes = minutes
    execution.per = per
    if command.to_execution:
        execution.status = ExecutionStatus.SENT_TO_EXECUTION
    else:
        flag_modified(execution, "status")
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(ROW_CHANGED_BY_SOMEONE_ELSE) from None
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "execution",
        execution.id,
        person_id=person.id,
        unit_id=execution.unit_id,
        details={"status": execution.status.value, "minutes": minutes},
    )
    return _result(session, execution, assignment, person.id)


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.MESSAGES, touches=_stopped)
def stop_assignment(session: Session, actor: Actor, command: StopAssignment) -> int:
    """Stoppa a received assignment (provider change, or sent to the wrong unit): the sender
    gets a message with the reason. Returns the assignment id."""
    assignment = load_assignment(session, command.assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    if command.expected_version is not None and command.expected_version != assignment.version:
        raise Conflict(
            "Uppdraget har just ändrats av någon annan. Stäng dialogen och öppna uppdraget igen."
        )
    reason = command.reason.strip()
    assignment_rules.check_can_stop(assignment.status, assignment.kind, command.misdirected, reason)
    assignment.status = AssignmentStatus.STOPPED
    assignment.awaiting_distribution = assignment_rules.awaits_distribution(
        assignment.status, has_undistributed_item=False
    )
    assignment.stopped_reason = reason
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(
            "Uppdraget har just ändrats av någon annan. Stäng dialogen och öppna uppdraget igen."
        ) from None
    recipients = [assignment.sender_user_id] if assignment.sender_user_id is not None else []
    if assignment.kind is AssignmentKind.PROVIDER_CHANGE:
        # The handläggare was told the provider would change: tell them it does not.
        recipients += assessors_of(session, assignment.person_id, assignment.decision)
    if recipients:
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=recipients,
            subject=STOPPED_SUBJECT,
            body=_stopped_body(session, actor, assignment, reason, command.misdirected),
            person_id=assignment.person_id,
            assignment_id=assignment.id,
        )
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "assignment",
        assignment.id,
        person_id=assignment.person_id,
        unit_id=assignment.receiver_unit_id,
        details={"status": AssignmentStatus.STOPPED.value, "misdirected": command.misdirected},
    )
    log.info("assignment id %s stopped by user id %s", assignment.id, actor.user_id)
    return assignment.id


def _stopped_body(
    session: Session, actor: Actor, assignment: Assignment, reason: str, misdirected: bool
) -> str:
    person = assignment.person
    unit = session.get(OrgUnit, assignment.receiver_unit_id)
    number = from_stored(person.identity_number, person.identity_kind).display()
    lines = [
        f"Uppdraget för {person.full_name}, {number}, som skickades "
        f"{assignment.sent_at:%Y-%m-%d} till {unit.name if unit else 'enheten'}, "
        f"har stoppats av {actor.display_name}.",
    ]
    if misdirected:
        lines.append("Uppdraget har skickats till fel enhet.")
    lines += [f"Orsak: {reason}", "", "Inget har ändrats hos den nuvarande utföraren."]
    return "\n".join(lines)
