"""The counts shown on the tree folders and the toolbar: one aggregate SQL query each.

Counts run at start and after every action, so they never load rows or ORM objects: each is a
single SELECT of COUNT()s with the same filter as the list it counts (performance rules in
ARCHITECTURE.md). The Inkorg count is `tree.unread_count`, already such a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, Execution
from treserva_desktop.db.queries.genomforande import awaiting_acknowledgement
from treserva_desktop.db.queries.new_assignments import waiting_assignment_filter
from treserva_desktop.domain.enums import AssignmentStatus, Permission
from treserva_desktop.domain.rules import Actor, last_overdue_received_on


@dataclass(frozen=True)
class NewAssignmentCounts:
    """Nya uppdrag: how many assignments wait, how many of them are overdue, and for how many
    persons."""

    total: int
    overdue: int
    persons: int


def new_assignment_counts(
    session: Session, actor: Actor, *, today: date | None = None, overdue_working_days: int = 2
) -> NewAssignmentCounts:
    """The count and overdue count of the items Nya uppdrag lists (db.queries.new_assignments)
    and how many persons they are for, in one query."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    if not units:
        return NewAssignmentCounts(0, 0, 0)
    # received_on is sent_at's date: "received on or before the cut-off day" is "sent before
    # the next midnight", a range on the column itself instead of a function per row.
    cutoff = last_overdue_received_on(today, overdue_working_days)
    sent_before = datetime.combine(cutoff + timedelta(days=1), time())
    overdue = and_(Assignment.status == AssignmentStatus.RECEIVED, Assignment.sent_at < sent_before)
    total, overdue_total, persons = session.execute(
        select(
            func.count(), func.count().filter(overdue), func.count(Assignment.person_id.distinct())
        )
        .select_from(Assignment)
        .where(waiting_assignment_filter(units))
    ).one()
    return NewAssignmentCounts(total or 0, overdue_total or 0, persons or 0)


def genomforande_count(session: Session, actor: Actor) -> int:
    """Genomförande (N): assignments with rows sent to the actor's units and not yet
    acknowledged there — the number of rows `genomforande_new_assignments` returns."""
    waiting = awaiting_acknowledgement(session, actor)
    if waiting is None:
        return 0
    # The list shows one row per assignment, hence the distinct count.
    return session.scalar(select(func.count(distinct(Execution.assignment_id))).where(waiting)) or 0
