"""What a client reads, with its own permissions, after another workstation's change: the
receiving units of new assignments for the notification, and who last changed an assignment
for the banner of an open dialog."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import Assignment, Execution, OrgUnit, User
from treserva_desktop.db.queries.reading import can_read_assignment, load_assignment
from treserva_desktop.domain.enums import AssignmentStatus, Permission
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.live import AssignmentLastChange, LastChangeKind

# A notification names the units of at most this many new assignments (a burst says "N nya
# uppdrag" from the counts instead).
NOTIFY_LIMIT = 200


def new_assignment_units(
    session: Session, actor: Actor, assignment_ids: Iterable[int]
) -> list[str]:
    """The receiving unit's name of each of these assignments that waits under the actor's
    Nya uppdrag (received, at a unit where the actor sees new assignments); one name per
    assignment, in id order. Unit names only: no person's data."""
    units = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    ids = sorted(set(assignment_ids))[:NOTIFY_LIMIT]
    if not ids or not units:
        return []
    rows = session.execute(
        select(OrgUnit.name)
        .join(Assignment, Assignment.receiver_unit_id == OrgUnit.id)
        .where(
            Assignment.id.in_(ids),
            Assignment.status == AssignmentStatus.RECEIVED,
            in_ids(Assignment.receiver_unit_id, units),
        )
        .order_by(Assignment.id)
    )
    return [str(name) for name in rows.scalars()]


def assignment_last_change(
    session: Session, actor: Actor, assignment_id: int
) -> AssignmentLastChange | None:
    """The newest of: accepted, a row distributed, a row acknowledged, or stopped/ended; who
    did it (a user's display name) and when. For those who may read the assignment."""
    assignment = load_assignment(session, assignment_id)
    if not can_read_assignment(session, actor, assignment):
        raise PermissionDenied("Du har inte behörighet att läsa uppdraget.")
    if assignment.status is AssignmentStatus.STOPPED:
        return AssignmentLastChange(LastChangeKind.STOPPED)
    if assignment.status is AssignmentStatus.ENDED:
        return AssignmentLastChange(LastChangeKind.ENDED)
    events: list[tuple[datetime, int | None, LastChangeKind]] = []
    newest = session.scalars(
        select(Execution)
        .where(Execution.assignment_id == assignment.id)
        .order_by(Execution.created_at.desc(), Execution.id.desc())
        .limit(1)
    ).first()
    if newest is not None:
        events.append((newest.created_at, newest.created_by_user_id, LastChangeKind.DISTRIBUTED))
    acknowledged = session.scalars(
        select(Execution)
        .where(Execution.assignment_id == assignment.id, Execution.acknowledged_at.is_not(None))
        .order_by(Execution.acknowledged_at.desc(), Execution.id.desc())
        .limit(1)
    ).first()
    if acknowledged is not None and acknowledged.acknowledged_at is not None:
        events.append(
            (
                acknowledged.acknowledged_at,
                acknowledged.acknowledged_by_user_id,
                LastChangeKind.ACKNOWLEDGED,
            )
        )
    # Accepting comes with the first row, at the same moment: the row says more.
    if assignment.accepted_at is not None:
        events.append(
            (assignment.accepted_at, assignment.accepted_by_user_id, LastChangeKind.ACCEPTED)
        )
    if not events:
        return None
    at, user_id, kind = max(events, key=lambda event: _aware(event[0]))
    user = session.get(User, user_id) if user_id is not None else None
    return AssignmentLastChange(kind, user.display_name if user is not None else "", at)


def _aware(value: datetime) -> datetime:
    """SQLite hands stored UTC times back without a zone: compare them as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
