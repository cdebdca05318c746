"""Read side of Uppföljning: the assignments waiting to be accepted and distributed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, OrgUnit, Person
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS, person_item_of
from treserva_desktop.db.queries.new_assignments import (
    intervention_names_of,
    title_of,
    waiting_assignment_filter,
)
from treserva_desktop.domain.calendar import working_days_between
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor, is_overdue
from treserva_desktop.domain.views.follow_up import WaitingAssignment


def waiting_assignments(
    session: Session, actor: Actor, *, today: date | None = None, overdue_working_days: int = 2
) -> list[WaitingAssignment]:
    """Every assignment in the actor's Nya uppdrag (all their receiving units), longest wait
    first. The same selection as the tree's folder, so the two never disagree."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    if not units:
        return []
    waiting = waiting_assignment_filter(units)
    # Columns, and the intervention names of all of them in one more query: two queries
    # whatever the number of assignments (ix_assignments_receiver_waiting).
    rows = session.execute(
        select(
            Assignment.id.label("assignment_id"),
            Assignment.receiver_unit_id,
            Assignment.kind,
            Assignment.status,
            Assignment.sent_at,
            Assignment.first_read_at,
            OrgUnit.name.label("unit_name"),
            *PERSON_ITEM_COLUMNS,
        )
        .join(OrgUnit, OrgUnit.id == Assignment.receiver_unit_id)
        .join(Person, Person.id == Assignment.person_id)
        .where(waiting)
    ).all()
    names = intervention_names_of(session, waiting)
    result = []
    for row in rows:
        person = person_item_of(row)
        received_on = row.sent_at.date()
        result.append(
            WaitingAssignment(
                assignment_id=row.assignment_id,
                person_id=person.id,
                person_name=person.name,
                identity_display=person.identity_display,
                protected_identity=person.protected_identity,
                unit_id=row.receiver_unit_id,
                unit_name=row.unit_name,
                title=title_of(row.kind, row.sent_at, names[row.assignment_id]),
                status=row.status,
                received_on=received_on,
                waited_working_days=working_days_between(received_on, today),
                read=row.first_read_at is not None,
                overdue=is_overdue(row.status, received_on, today, overdue_working_days),
            )
        )
    audit.record_reads(
        session,
        actor,
        (
            audit.PersonRead(row.id, "assignment", row.assignment_id, unit_id=row.receiver_unit_id)
            for row in rows
        ),
        view="waiting_assignments",
    )
    # Longest wait first; the same day in the order they arrived.
    sent_at = {row.assignment_id: row.sent_at for row in rows}
    result.sort(key=lambda w: (-w.waited_working_days, sent_at[w.assignment_id], w.assignment_id))
    return result
