"""Läs uppdrag on the service side: the recorded read and the audited print or export."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import Assignment
from treserva_desktop.db.queries.reading import (
    assignment_document_view,
    load_assignment,
    require_read_access,
)
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.reading import AssignmentOutput, AssignmentRef
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.reading import AssignmentDocumentView
from treserva_desktop.services._common import now


def _read_recorded(_command: AssignmentRef, view: AssignmentDocumentView) -> set[ChangeKind]:
    """Only a read on the receiving side is recorded on the assignment (the tree's unread
    mark); the sender's reads leave it unread. Which read was the first is not in the view,
    so a later read on the receiving side reports the change again, harmlessly."""
    return {ChangeKind.ASSIGNMENTS} if view.first_read_at is not None else set()


def _read(_command: AssignmentRef, view: AssignmentDocumentView) -> Touched:
    """The one assignment's read mark (of that person); no unit's rows."""
    return Touched(
        units=(), persons={view.person_id}, assignments={view.assignment_id}, messages=()
    )


def _reading_unit(actor: Actor, assignment: Assignment) -> int | None:
    """The receiving unit for its own staff; the sender reads from their own unit."""
    receiver = assignment.receiver_unit_id
    if actor.can(Permission.VIEW_NEW_ASSIGNMENTS, receiver) or actor.can(
        Permission.ACKNOWLEDGE_ASSIGNMENT, receiver
    ):
        return receiver
    return audit.acting_unit(actor, [receiver])


@changes(ChangeKind.ASSIGNMENTS, when=_read_recorded, touches=_read)
def record_assignment_read(
    session: Session, actor: Actor, command: AssignmentRef
) -> AssignmentDocumentView:
    """Open the assignment document: the first read on the receiving side is recorded on the
    assignment (without touching its version), every read is audited."""
    assignment = load_assignment(session, command.assignment_id)
    require_read_access(session, actor, assignment)
    receiving = actor.can(
        Permission.VIEW_NEW_ASSIGNMENTS, assignment.receiver_unit_id
    ) or actor.can(Permission.ACKNOWLEDGE_ASSIGNMENT, assignment.receiver_unit_id)
    if receiving and assignment.first_read_at is None:
        # A plain UPDATE so that reading never makes a distributor's dialog stale.
        session.execute(
            update(Assignment)
            .where(Assignment.id == assignment.id, Assignment.first_read_at.is_(None))
            .values(first_read_at=now(session), first_read_by_user_id=actor.user_id)
            .execution_options(synchronize_session=False)
        )
        session.refresh(assignment, ["first_read_at", "first_read_by_user_id"])
    audit.record(
        session,
        actor,
        AuditAction.READ_ASSIGNMENT,
        "assignment",
        assignment.id,
        person_id=assignment.person_id,
        unit_id=_reading_unit(actor, assignment),
    )
    return assignment_document_view(session, assignment.id)


@changes()
def record_assignment_output(session: Session, actor: Actor, command: AssignmentOutput) -> int:
    """Skriv ut / Spara som on the assignment document: audited as a print or an export."""
    assignment = load_assignment(session, command.assignment_id)
    require_read_access(session, actor, assignment)
    audit.record(
        session,
        actor,
        AuditAction.EXPORT if command.saved_to_file else AuditAction.PRINT,
        "assignment",
        assignment.id,
        person_id=assignment.person_id,
        unit_id=_reading_unit(actor, assignment),
    )
    return assignment.id
