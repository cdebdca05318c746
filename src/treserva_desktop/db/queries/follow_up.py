"""Read side of Uppföljning: the assignments waiting to be accepted and distributed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, AssignmentItem, Intervention, OrgUnit
from treserva_desktop.db.queries._access import person_item
from treserva_desktop.db.queries.tree import assignment_title, waiting_assignment_filter
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
    rows = session.execute(
        select(Assignment, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Assignment.receiver_unit_id)
        .where(waiting_assignment_filter(units))
        .options(
            selectinload(Assignment.person),
            selectinload(Assignment.items)
            .selectinload(AssignmentItem.intervention)
            .selectinload(Intervention.type),
        )
    ).all()
    result = []
    for assignment, unit_name in rows:
        person = person_item(assignment.person)
        received_on = assignment.sent_at.date()
        result.append(
            WaitingAssignment(
                assignment_id=assignment.id,
                person_id=person.id,
                person_name=person.name,
                identity_display=person.identity_display,
                protected_identity=person.protected_identity,
                unit_id=assignment.receiver_unit_id,
                unit_name=unit_name,
                title=assignment_title(assignment),
                status=assignment.status,
                received_on=received_on,
                waited_working_days=working_days_between(received_on, today),
                read=assignment.first_read_at is not None,
                overdue=is_overdue(assignment.status, received_on, today, overdue_working_days),
            )
        )
    # Longest wait first; the same day in the order they arrived.
    sent_at = {a.id: a.sent_at for a, _name in rows}
    result.sort(key=lambda w: (-w.waited_working_days, sent_at[w.assignment_id], w.assignment_id))
    return result
