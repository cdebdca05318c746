"""Uppföljning: audit of follow-up lists exported from the application."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import Assignment
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.follow_up import ExportWaitingAssignments
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.rules import Actor, require

EXPORT_KIND = "waiting_assignments"


@changes()
def record_export(session: Session, actor: Actor, command: ExportWaitingAssignments) -> int:
    """Väntande uppdrag › Exportera…: one EXPORT event per assignment written to the file, so
    each person's log extract shows it. Ids only. Returns how many rows were recorded."""
    require(actor, Permission.VIEW_NEW_ASSIGNMENTS)
    if command.unit_id is not None:
        require(actor, Permission.VIEW_NEW_ASSIGNMENTS, command.unit_id)
    ids = list(dict.fromkeys(command.assignment_ids))
    rows = session.execute(
        select(Assignment.id, Assignment.person_id, Assignment.receiver_unit_id).where(
            Assignment.id.in_(ids)
        )
    ).all()
    found = {assignment_id: (person_id, unit_id) for assignment_id, person_id, unit_id in rows}
    if len(found) != len(ids):
        raise NotFound("Ett av uppdragen finns inte längre. Öppna listan igen och försök på nytt.")
    for assignment_id in ids:
        person_id, unit_id = found[assignment_id]
        require(actor, Permission.VIEW_NEW_ASSIGNMENTS, unit_id)
        audit.record(
            session,
            actor,
            AuditAction.EXPORT,
            "assignment",
            assignment_id,
            person_id=person_id,
            unit_id=unit_id,
            details={"export": EXPORT_KIND, "filter_unit_id": command.unit_id},
        )
    return len(ids)
