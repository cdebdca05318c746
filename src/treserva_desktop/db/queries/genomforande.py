"""Read side of Genomförande: the new assignments waiting to be acknowledged."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db.models import Assignment, AssignmentItem, Execution, Intervention
from treserva_desktop.db.queries._access import person_item
from treserva_desktop.db.queries.tree import assignment_title
from treserva_desktop.domain.enums import ExecutionStatus, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.genomforande import GenomforandeAssignmentRow


def awaiting_acknowledgement(units: frozenset[int]) -> ColumnElement[bool]:
    """Execution rows sent to one of `units` and not yet acknowledged (kvitterade) there; the
    one filter behind both the Genomförande list and its count."""
    return and_(
        Execution.status == ExecutionStatus.SENT_TO_EXECUTION,
        Execution.unit_id.in_(units),
    )


def genomforande_new_assignments(session: Session, actor: Actor) -> list[GenomforandeAssignmentRow]:
    """Nya uppdrag in Genomförande: assignments with rows sent to the actor's units and not
    yet acknowledged there."""
    units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    if not units:
        return []
    rows = session.scalars(
        select(Execution)
        .where(awaiting_acknowledgement(units))
        .options(
            selectinload(Execution.unit),
            selectinload(Execution.intervention).selectinload(Intervention.type),
        )
        .order_by(Execution.created_at, Execution.id)
    ).all()
    grouped: dict[int, list[Execution]] = defaultdict(list)
    for row in rows:
        grouped[row.assignment_id].append(row)
    if not grouped:
        return []
    assignments = {
        a.id: a
        for a in session.scalars(
            select(Assignment)
            .where(Assignment.id.in_(grouped))
            .options(
                selectinload(Assignment.person),
                selectinload(Assignment.items)
                .selectinload(AssignmentItem.intervention)
                .selectinload(Intervention.type),
            )
        ).all()
    }
    result = [
        GenomforandeAssignmentRow(
            assignment_id=assignment_id,
            person=person_item(assignments[assignment_id].person),
            title=assignment_title(assignments[assignment_id]),
            unit_names=", ".join(sorted({row.unit.name for row in group})),
            interventions=", ".join(sorted({row.intervention.type.name for row in group})),
            start_date=min(row.start_date for row in group),
            sent_at=min(row.created_at for row in group),
            execution_ids=tuple(row.id for row in group),
        )
        for assignment_id, group in grouped.items()
    ]
    result.sort(key=lambda item: (item.sent_at, item.assignment_id))
    return result
