"""Read side of Genomförande: the new assignments waiting to be acknowledged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS, person_item_of
from treserva_desktop.db.queries.new_assignments import intervention_names_of, title_of
from treserva_desktop.db.queries.reach import engaged_row, reach_of
from treserva_desktop.domain.enums import ExecutionStatus, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.genomforande import GenomforandeAssignmentRow


def awaiting_acknowledgement(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """Execution rows sent to one of the actor's units and not yet acknowledged (kvitterade)
    there, while the person is engaged there (a row that ended before the follow-up time is
    no longer the unit's to receive, nor to read); the one filter behind both the
    Genomförande list and its count (ix_executions_unit_status). None without such units."""
    units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    if not units:
        return None
    return and_(
        in_ids(Execution.unit_id, units),
        Execution.status == ExecutionStatus.SENT_TO_EXECUTION,
        engaged_row(reach_of(session, actor).cutoff),
    )


def genomforande_new_assignments(session: Session, actor: Actor) -> list[GenomforandeAssignmentRow]:
    """Nya uppdrag in Genomförande: assignments with rows sent to the actor's units and not
    yet acknowledged there. Two queries of columns, whatever the number of rows."""
    waiting = awaiting_acknowledgement(session, actor)
    if waiting is None:
        return []
    rows = session.execute(
        select(
            Execution.id.label("execution_id"),
            Execution.assignment_id,
            Execution.unit_id,
            Execution.start_date,
            Execution.created_at,
            OrgUnit.name.label("unit_name"),
            InterventionType.name.label("type_name"),
            Assignment.kind,
            Assignment.sent_at.label("assignment_sent_at"),
            *PERSON_ITEM_COLUMNS,
        )
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(Assignment, Assignment.id == Execution.assignment_id)
        .join(Person, Person.id == Assignment.person_id)
        .where(waiting)
        .order_by(Execution.created_at, Execution.id)
    ).all()
    if not rows:
        return []
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.assignment_id, []).append(row)
    names = intervention_names_of(
        session, Assignment.id.in_(select(Execution.assignment_id).where(waiting))
    )
    audit.record_reads(
        session,
        actor,
        (
            audit.PersonRead(
                group[0].id, "assignment", assignment_id, unit_id=min(r.unit_id for r in group)
            )
            for assignment_id, group in grouped.items()
        ),
        view="genomforande_new_assignments",
    )
    read = audit.assignments_read_by(session, actor.user_id, grouped)
    result = [
        GenomforandeAssignmentRow(
            assignment_id=assignment_id,
            person=person_item_of(group[0]),
            title=title_of(group[0].kind, group[0].assignment_sent_at, names[assignment_id]),
            unit_names=", ".join(sorted({row.unit_name for row in group})),
            interventions=", ".join(sorted({row.type_name for row in group})),
            start_date=min(row.start_date for row in group),
            sent_at=min(row.created_at for row in group),
            execution_ids=tuple(row.execution_id for row in group),
            read_by_me=assignment_id in read,
        )
        for assignment_id, group in grouped.items()
    ]
    result.sort(key=lambda item: (item.sent_at, item.assignment_id))
    return result
