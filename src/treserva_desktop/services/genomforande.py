"""Genomförande on the service side: Kvittera, Ångra kvittering and Mina personer."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.audit import acting_unit
from treserva_desktop.db.models import Execution, MyPerson
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.person_record import person_unit_ids
from treserva_desktop.db.queries.reading import load_assignment
from treserva_desktop.domain import genomforande_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.genomforande import (
    AcknowledgeAssignment,
    RemoveFromMyPersons,
    UndoAcknowledgement,
)
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.errors import Conflict, NotFound, PermissionDenied
from treserva_desktop.domain.folder_rules import MY_PERSONS_PERMISSION
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.genomforande import AcknowledgeResult, UndoResult
from treserva_desktop.services._common import now

ALREADY_ACKNOWLEDGED = "Uppdraget har redan kvitterats."


def _acknowledged(_command: AcknowledgeAssignment, result: AcknowledgeResult) -> set[ChangeKind]:
    """Mina personer changes only when Kvittera actually added the person there."""
    if result.added_to_my_persons:
        return {ChangeKind.EXECUTIONS, ChangeKind.MY_PERSONS}
    return {ChangeKind.EXECUTIONS}


def _acknowledged_rows(_command: AcknowledgeAssignment, result: AcknowledgeResult) -> Touched:
    """The person's rows at the units where they were acknowledged, on one assignment."""
    return Touched(
        units=result.unit_ids, persons={result.person_id}, assignments={result.assignment_id}
    )


def _added(person_id: int, _added: bool) -> Touched:
    """Mina personer of the actor, with this person; no unit's rows."""
    return Touched(units=(), persons={person_id})


@changes(
    ChangeKind.EXECUTIONS,
    ChangeKind.MY_PERSONS,
    when=_acknowledged,
    touches=_acknowledged_rows,
)
def acknowledge_assignment(
    session: Session, actor: Actor, command: AcknowledgeAssignment
) -> AcknowledgeResult:
    """Kvittera in Genomförande: the assignment's rows sent to the actor's units become
    acknowledged; optionally the person is added to the actor's Mina personer."""
    require(actor, Permission.ACKNOWLEDGE_ASSIGNMENT)
    assignment = load_assignment(session, command.assignment_id)
    units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    sent = session.scalars(
        select(Execution)
        .where(
            Execution.assignment_id == assignment.id,
            Execution.status == ExecutionStatus.SENT_TO_EXECUTION,
        )
        .order_by(Execution.id)
    ).all()
    mine = [row for row in sent if row.unit_id in units]
    if not mine:
        if sent:
            raise PermissionDenied(
                "Du har inte behörighet att kvittera uppdraget för den här enheten."
            )
        raise Conflict(ALREADY_ACKNOWLEDGED)
    read = audit.assignments_read_by(session, actor.user_id, [assignment.id])
    genomforande_rules.check_unread(assignment.id in read, command.unread_confirmed)
    stamp = now(session)
    for row in mine:
        row.status = ExecutionStatus.ACKNOWLEDGED
        row.acknowledged_at = stamp
        row.acknowledged_by_user_id = actor.user_id
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(ALREADY_ACKNOWLEDGED) from None
    for row in mine:
        audit.record(
            session,
            actor,
            AuditAction.UPDATE,
            "execution",
            row.id,
            person_id=assignment.person_id,
            unit_id=row.unit_id,
            details={"status": ExecutionStatus.ACKNOWLEDGED.value},
        )
    added = False
    if command.move_to_my_persons:
        added = add_to_my_persons(session, actor, assignment.person_id)
    return AcknowledgeResult(
        assignment_id=assignment.id,
        person_id=assignment.person_id,
        acknowledged_execution_ids=tuple(row.id for row in mine),
        unit_ids=tuple(sorted({row.unit_id for row in mine})),
        added_to_my_persons=added,
    )


def _undone(_command: UndoAcknowledgement, result: UndoResult) -> set[ChangeKind]:
    if result.removed_from_my_persons:
        return {ChangeKind.EXECUTIONS, ChangeKind.MY_PERSONS}
    return {ChangeKind.EXECUTIONS}


def _undone_rows(_command: UndoAcknowledgement, result: UndoResult) -> Touched:
    return Touched(
        units=result.unit_ids, persons={result.person_id}, assignments={result.assignment_id}
    )


@changes(ChangeKind.EXECUTIONS, ChangeKind.MY_PERSONS, when=_undone, touches=_undone_rows)
def undo_acknowledgement(
    session: Session, actor: Actor, command: UndoAcknowledgement
) -> UndoResult:
    """Ångra the user's own, recent Kvittera: its rows are Skickad till genomförande again
    (the audit trail keeps both steps), and the person leaves Mina personer if that Kvittera
    added them."""
    require(actor, Permission.ACKNOWLEDGE_ASSIGNMENT)
    assignment = load_assignment(session, command.assignment_id)
    rows = session.scalars(
        select(Execution)
        .where(
            Execution.assignment_id == assignment.id,
            Execution.id.in_(command.execution_ids),
        )
        .order_by(Execution.id)
    ).all()
    if not command.execution_ids or len(rows) != len(set(command.execution_ids)):
        raise NotFound("Kvitteringen finns inte.")
    units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    if any(row.unit_id not in units for row in rows):
        raise PermissionDenied("Du har inte behörighet att ändra kvitteringen för den här enheten.")
    stamp = now(session)
    genomforande_rules.check_undo(
        actor.user_id,
        (
            (row.acknowledged_by_user_id, row.acknowledged_at)
            if row.status is ExecutionStatus.ACKNOWLEDGED
            else (None, None)
            for row in rows
        ),
        stamp,
    )
    for row in rows:
        row.status = ExecutionStatus.SENT_TO_EXECUTION
        row.acknowledged_at = None
        row.acknowledged_by_user_id = None
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(genomforande_rules.UNDO_CHANGED) from None
    for row in rows:
        audit.record(
            session,
            actor,
            AuditAction.UPDATE,
            "execution",
            row.id,
            person_id=assignment.person_id,
            unit_id=row.unit_id,
            details={"status": ExecutionStatus.SENT_TO_EXECUTION.value, "undo": "acknowledged"},
        )
    removed = False
    if command.remove_from_my_persons:
        removed = remove_from_my_persons(
            session, actor, RemoveFromMyPersons(person_id=assignment.person_id)
        )
    return UndoResult(
        assignment_id=assignment.id,
        person_id=assignment.person_id,
        execution_ids=tuple(row.id for row in rows),
        unit_ids=tuple(sorted({row.unit_id for row in rows})),
        removed_from_my_persons=removed,
    )


def _removed(command: RemoveFromMyPersons, _removed: bool) -> Touched:
    """Mina personer of the actor, without this person; no unit's rows."""
    return Touched(units=(), persons={command.person_id})


@changes(ChangeKind.MY_PERSONS, touches=_removed)
def remove_from_my_persons(session: Session, actor: Actor, command: RemoveFromMyPersons) -> bool:
    """Mina personer › Ta bort ur Mina personer; False when the person was not there. The
    list is the actor's own and the entry is found by their user id: taking a person off it
    shows nothing about them, and stays possible after they left the actor's reach."""
    require(actor, MY_PERSONS_PERMISSION)
    entry = session.scalars(
        select(MyPerson).where(
            MyPerson.user_id == actor.user_id, MyPerson.person_id == command.person_id
        )
    ).one_or_none()
    if entry is None:
        return False
    entry_id = entry.id
    session.delete(entry)
    session.flush()
    # The trail has no delete action: the entry's end is an update of it (as Ej aktuella's
    # Ta bort ur mapp records its entry), with a code saying what happened.
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "my_person",
        entry_id,
        person_id=command.person_id,
        unit_id=acting_unit(actor, person_unit_ids(session, command.person_id)),
        details={"removed": True},
    )
    return True


@changes(ChangeKind.MY_PERSONS, touches=_added)
def add_to_my_persons(session: Session, actor: Actor, person_id: int) -> bool:
    """Add the person to the actor's Mina personer; False if they were already there. Only
    staff who may see the person (role and unit scope, as everywhere); audited."""
    require(actor, MY_PERSONS_PERMISSION)
    require_person_access(session, actor, person_id)
    already = session.scalar(
        select(exists().where(MyPerson.user_id == actor.user_id, MyPerson.person_id == person_id))
    )
    if already:
        return False
    entry = MyPerson(user_id=actor.user_id, person_id=person_id, added_at=now(session))
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "my_person",
        entry.id,
        person_id=person_id,
        unit_id=acting_unit(actor, person_unit_ids(session, person_id)),
    )
    return True
