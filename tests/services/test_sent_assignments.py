"""Skickade uppdrag (issue 12): the handläggare's own assignments with what the provider did
with them, filtered by period and status. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from tests.helpers.assignment_world import TODAY, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.sent_assignments import (
    DESK_DAYS,
    SentAssignmentCounts,
    desk_period,
    sent_assignment_counts,
    sent_assignments,
)
from treserva_desktop.domain.commands.distribution import StopAssignment
from treserva_desktop.domain.commands.reading import AssignmentRef
from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.services import distribution
from treserva_desktop.services.reading import record_assignment_read


def _rows(world: World, username: str = "handlaggare", **filters: object):
    values = {"since": TODAY - timedelta(days=30), "until": TODAY, **filters}
    with world.db.transaction() as session:
        return sent_assignments(session, world.actor(username), **values)  # type: ignore[arg-type]


def test_what_was_sent_read_accepted_stopped_and_distributed(any_db: Database) -> None:
    world = build_world(any_db)
    accepted = world.send_billable()
    stopped = world.send()
    waiting = world.send()
    with world.db.transaction() as session:
        record_assignment_read(
            session, world.actor("gruppchef"), AssignmentRef(assignment_id=accepted.assignment_id)
        )
    world.distribute(accepted)
    with world.db.transaction() as session:
        distribution.stop_assignment(
            session,
            world.actor("gruppchef"),
            StopAssignment(
                assignment_id=stopped.assignment_id, reason="Bor i Söder.", misdirected=True
            ),
        )
    rows = {row.assignment_id: row for row in _rows(world)}
    assert set(rows) == {accepted.assignment_id, stopped.assignment_id, waiting.assignment_id}
    first = rows[accepted.assignment_id]
    assert first.receiver_unit_name == "Hemtjänst Norr"
    assert first.status is AssignmentStatus.ACCEPTED
    assert first.read_by == first.accepted_by == "Anders Holmgren"
    assert first.read_at is not None
    assert first.accepted_at is not None
    assert first.rows_by_status == ((ExecutionStatus.SENT_TO_EXECUTION, 1),)
    assert first.rows_text == "1 Skickad till genomförande"
    assert first.title.startswith("Uppdrag ")
    assert rows[stopped.assignment_id].stopped_reason == "Bor i Söder."
    assert rows[waiting.assignment_id].read_at is None
    assert rows[waiting.assignment_id].rows_text == "–"
    # Filters: status, and a period that ends before they were sent.
    assert [r.assignment_id for r in _rows(world, status=AssignmentStatus.STOPPED)] == [
        stopped.assignment_id
    ]
    assert _rows(world, since=TODAY - timedelta(days=90), until=TODAY - timedelta(days=31)) == []
    # Each person listed is audited, as a read of the assignment list.
    with world.db.read() as session:
        views = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.user_id == world.users["handlaggare"],
                AuditEvent.entity_type == "assignment",
            )
        ).all()
    assert sum(1 for d in views if d.get("view") == "sent_assignments") >= 3


def test_only_the_senders_own_and_only_for_handlaggare(any_db: Database) -> None:
    world = build_world(any_db)
    world.send()
    with pytest.raises(PermissionDenied):
        _rows(world, "gruppchef")
    with world.db.transaction() as session:
        # A colleague at the same authority unit sent nothing: an empty list.
        from treserva_desktop.db.models import RoleAssignment, User
        from treserva_desktop.domain.enums import Role

        other = User(username="kollega", display_name="Kollega", password_hash="x")
        session.add(other)
        session.flush()
        session.add(
            RoleAssignment(
                user_id=other.id, role=Role.NEEDS_ASSESSOR, unit_id=world.units["Biståndsenheten"]
            )
        )
        world.users["kollega"] = other.id
    assert _rows(world, "kollega") == []


def _counts(world: World, username: str = "handlaggare") -> SentAssignmentCounts:
    since, until = desk_period(TODAY)
    with world.db.read() as session:
        return sent_assignment_counts(session, world.actor(username), since=since, until=until)


def test_the_folder_count_agrees_with_the_folder_list(any_db: Database) -> None:
    """Mitt skrivbord › Skickade uppdrag counts what it lists (the last 30 days), how many of
    them wait for the provider and how many were stopped; the count reads no person."""
    world = build_world(any_db)
    assert _counts(world) == SentAssignmentCounts(0, 0, 0)
    accepted = world.send_billable()
    stopped = world.send()
    world.send()
    world.distribute(accepted)
    with world.db.transaction() as session:
        distribution.stop_assignment(
            session,
            world.actor("gruppchef"),
            StopAssignment(
                assignment_id=stopped.assignment_id, reason="Fel enhet.", misdirected=True
            ),
        )
    since, until = desk_period(TODAY)
    assert until == TODAY
    assert since == TODAY - timedelta(days=DESK_DAYS)
    listed = _rows(world, since=since, until=until)
    with world.db.read() as session:
        audited_before = session.scalar(select(func.count()).select_from(AuditEvent))
    counts = _counts(world)
    assert counts == SentAssignmentCounts(total=len(listed), waiting=1, stopped=1)
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == audited_before
    with pytest.raises(PermissionDenied):
        _counts(world, "gruppchef")
