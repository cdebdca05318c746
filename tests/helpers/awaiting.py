"""The derived definition of Nya uppdrag's stored flag, to compare the stored value with."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import Assignment, AssignmentItem, Execution
from treserva_desktop.domain.enums import AssignmentStatus

DERIVED = or_(
    Assignment.status == AssignmentStatus.RECEIVED,
    and_(
        Assignment.status == AssignmentStatus.ACCEPTED,
        exists().where(
            AssignmentItem.assignment_id == Assignment.id,
            ~exists().where(
                Execution.assignment_id == Assignment.id,
                Execution.intervention_id == AssignmentItem.intervention_id,
            ),
        ),
    ),
)


def mismatches(session: Session) -> list[tuple[int, bool, bool]]:
    """(id, stored, derived) of every assignment whose stored flag is wrong."""
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.awaiting_distribution,
            case((DERIVED, True), else_=False),
        )
    ).all()
    return [(id_, stored, bool(derived)) for id_, stored, derived in rows if stored != derived]
