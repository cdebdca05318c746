"""Genomförande: Kvittera and Mina personer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from tests.helpers.assignment_world import (
    PERIOD_START,
    TODAY,
    World,
    build_world,
    counts,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Execution,
    MyPerson,
)
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.counts import genomforande_count
from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.domain.commands.genomforande import AcknowledgeAssignment
from treserva_desktop.domain.enums import (
    ExecutionStatus,
)
from treserva_desktop.domain.errors import (
    Conflict,
    PermissionDenied,
)
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services import genomforande

# --- Kvittera -----------------------------------------------------------------------------


def test_acknowledge_with_move_to_my_persons(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent)
    staff = world.actor("personal")
    with any_db.read() as session:
        rows = genomforande_new_assignments(session, staff)
    assert [(r.assignment_id, r.unit_names, r.interventions) for r in rows] == [
        (sent.assignment_id, "Norr grupp 1", "Personlig omvårdnad")
    ]
    assert rows[0].person.name == "Testsson, Ingrid"
    command = AcknowledgeAssignment(
        assignment_id=sent.assignment_id, move_to_my_persons=True, unread_confirmed=True
    )
    with any_db.transaction() as session:
        result = genomforande.acknowledge_assignment(session, staff, command)
    assert result.added_to_my_persons
    assert len(result.acknowledged_execution_ids) == 1
    with any_db.read() as session:
        row = session.get(Execution, result.acknowledged_execution_ids[0])
        assert row is not None
        assert row.status is ExecutionStatus.ACKNOWLEDGED
        assert row.acknowledged_by_user_id == world.users["personal"]
        assert genomforande_new_assignments(session, staff) == []
        assert [p.id for p in tree.my_persons(session, staff)] == [sent.person_id]
    with pytest.raises(Conflict) as caught, any_db.transaction() as session:
        genomforande.acknowledge_assignment(session, staff, command)
    assert caught.value.message == "Uppdraget har redan kvitterats."


def test_acknowledge_without_moving_and_idempotent_my_persons(
    world: World, sent: SentAssignment
) -> None:
    first = world.distribute(sent)
    world.distribute(sent, type_code="safety_alarm", expected_version=first.assignment_version)
    staff = world.actor("personal")
    with world.db.transaction() as session:
        genomforande.add_to_my_persons(session, staff, sent.person_id)
        result = genomforande.acknowledge_assignment(
            session,
            staff,
            AcknowledgeAssignment(assignment_id=sent.assignment_id, unread_confirmed=True),
        )
        assert not genomforande.add_to_my_persons(session, staff, sent.person_id)
    assert len(result.acknowledged_execution_ids) == 2
    assert not result.added_to_my_persons
    with world.db.read() as session:
        assert len(session.scalars(select(MyPerson)).all()) == 1


def test_acknowledge_at_another_unit_is_refused(world: World, sent: SentAssignment) -> None:
    world.distribute(sent)
    before = counts(world.db)
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        genomforande.acknowledge_assignment(
            session,
            world.actor("personal_soder"),
            AcknowledgeAssignment(
                assignment_id=sent.assignment_id, move_to_my_persons=True, unread_confirmed=True
            ),
        )
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        genomforande.acknowledge_assignment(
            session,
            world.actor("handlaggare"),
            AcknowledgeAssignment(assignment_id=sent.assignment_id, unread_confirmed=True),
        )
    assert counts(world.db) == before


def test_acknowledge_only_rows_at_the_actors_units(world: World, sent: SentAssignment) -> None:
    middle = PERIOD_START + timedelta(days=30)
    first = world.distribute(sent, end_date=middle)
    world.distribute(
        sent,
        unit="Norr grupp 2",
        start_date=middle + timedelta(days=1),
        expected_version=first.assignment_version,
    )
    with world.db.transaction() as session:
        result = genomforande.acknowledge_assignment(
            session,
            world.actor("personal"),
            AcknowledgeAssignment(assignment_id=sent.assignment_id, unread_confirmed=True),
        )
    assert result.acknowledged_execution_ids == (first.execution_id,)
    with world.db.read() as session:
        left = genomforande_new_assignments(session, world.actor("gruppchef"))
    assert [r.unit_names for r in left] == ["Norr grupp 2"]


def test_rows_ended_before_the_follow_up_time_are_no_longer_to_acknowledge(
    world: World, sent: SentAssignment
) -> None:
    """Never acknowledged and ended long ago: the unit no longer receives it (nor may its
    staff read it, the person being out of reach), so neither the list nor its count has it."""
    done = world.distribute(sent)
    staff = world.actor("personal")
    with world.db.read() as session:
        assert [r.assignment_id for r in genomforande_new_assignments(session, staff)] == [
            sent.assignment_id
        ]
        assert genomforande_count(session, staff) == 1
    ended = TODAY - timedelta(days=staff.follow_up_days + 1)
    with world.db.transaction() as session:
        session.execute(
            update(Execution)
            .where(Execution.id == done.execution_id)
            .values(start_date=ended - timedelta(days=30), end_date=ended)
        )
    with world.db.read() as session:
        assert genomforande_new_assignments(session, staff) == []
        assert genomforande_count(session, staff) == 0
