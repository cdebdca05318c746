"""Export of Väntande uppdrag: one audit event per exported assignment, ids only, in scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, AuditEvent
from treserva_desktop.db.queries.follow_up import waiting_assignments
from treserva_desktop.domain.commands.follow_up import ExportWaitingAssignments
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.services.follow_up import EXPORT_KIND, record_export


def _exports(database: Database) -> list[AuditEvent]:
    with database.read() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == AuditAction.EXPORT)
                .order_by(AuditEvent.id)
            )
        )


def test_each_exported_assignment_is_audited_with_its_person_and_unit(
    demo_db: Database,
) -> None:
    actor = actor_for(demo_db, "gruppchef")
    with demo_db.read() as session:
        rows = waiting_assignments(session, actor)
    command = ExportWaitingAssignments(assignment_ids=tuple(r.assignment_id for r in rows))
    with demo_db.transaction() as session:
        assert record_export(session, actor, command) == len(rows)
    events = _exports(demo_db)
    assert [(e.entity_type, e.entity_id, e.person_id, e.unit_id) for e in events] == [
        ("assignment", r.assignment_id, r.person_id, r.unit_id) for r in rows
    ]
    assert all(e.user_id == actor.user_id for e in events)
    assert all(e.details == {"export": EXPORT_KIND, "filter_unit_id": None} for e in events)


def test_roles_without_nya_uppdrag_may_not_export(demo_db: Database) -> None:
    with demo_db.read() as session:
        some_id = session.scalars(select(Assignment.id)).first()
    assert some_id is not None
    command = ExportWaitingAssignments(assignment_ids=(some_id,))
    with pytest.raises(PermissionDenied), demo_db.transaction() as session:
        record_export(session, actor_for(demo_db, "personal"), command)
    assert _exports(demo_db) == []


def test_an_assignment_of_another_unit_is_refused(demo_db: Database) -> None:
    manager = actor_for(demo_db, "verksamhetschef")
    group = actor_for(demo_db, "gruppchef")
    with demo_db.read() as session:
        own = {r.assignment_id for r in waiting_assignments(session, group)}
        other = next(r for r in waiting_assignments(session, manager) if r.assignment_id not in own)
    command = ExportWaitingAssignments(assignment_ids=(*own, other.assignment_id))
    with pytest.raises(PermissionDenied), demo_db.transaction() as session:
        record_export(session, group, command)
    missing = ExportWaitingAssignments(assignment_ids=(10**9,))
    with pytest.raises(NotFound), demo_db.transaction() as session:
        record_export(session, group, missing)
    assert _exports(demo_db) == []
