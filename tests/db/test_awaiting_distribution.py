"""The stored Nya uppdrag flag (assignments.awaiting_distribution) always equals its
definition: RECEIVED, or ACCEPTED with an intervention that has no execution row. Checked at
every commit of every service flow below, and on the demo municipality."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from tests.helpers.assignment_world import World, build_world
from tests.helpers.awaiting import mismatches

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, Execution
from treserva_desktop.db.queries import counts
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.domain.commands.distribution import RegisterExecution, StopAssignment
from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus, TimePer
from treserva_desktop.services import distribution


@pytest.fixture
def checked_commits() -> Iterator[list[int]]:
    """Compares stored and derived flag in every session just before it commits."""
    commits: list[int] = []

    def check(session: Session) -> None:
        assert mismatches(session) == []
        commits.append(1)

    event.listen(Session, "before_commit", check)
    yield commits
    event.remove(Session, "before_commit", check)


@pytest.fixture
def world(any_db: Database) -> World:
    return build_world(any_db)


def waiting_ids(world: World) -> set[int]:
    with world.db.read() as session:
        actor = world.actor("gruppchef")
        return {
            item.id
            for entry in new_assignment_queries.new_assignments(session, actor)
            for item in entry.assignments
        }


def test_the_flag_follows_send_distribute_register_and_stop(
    world: World, checked_commits: list[int]
) -> None:
    sent = world.send_billable()
    assert waiting_ids(world) == {sent.assignment_id}

    # The first intervention, kept Under fördelning: accepted, still waiting for the other.
    first = world.distribute(sent, to_execution=False)
    assert first.assignment_status is AssignmentStatus.ACCEPTED
    assert waiting_ids(world) == {sent.assignment_id}

    with world.db.transaction() as session:
        distribution.register_execution(
            session,
            world.actor("gruppchef"),
            RegisterExecution(
                execution_id=first.execution_id,
                hours=Decimal(20),
                per=TimePer.MONTH,
                to_execution=False,
                expected_version=execution_version(world, first.execution_id),
            ),
        )
    assert waiting_ids(world) == {sent.assignment_id}

    # The last intervention: nothing left to distribute, out of Nya uppdrag.
    last = world.distribute(sent, type_code="safety_alarm")
    assert last.all_distributed
    assert waiting_ids(world) == set()

    stopped = world.send(receiver_unit_id=world.units["Hemtjänst Norr"])
    assert waiting_ids(world) == {stopped.assignment_id}
    with world.db.transaction() as session:
        distribution.stop_assignment(
            session,
            world.actor("gruppchef"),
            StopAssignment(
                assignment_id=stopped.assignment_id, reason="Fel område.", misdirected=True
            ),
        )
    assert waiting_ids(world) == set()
    with world.db.read() as session:
        assert counts.new_assignment_counts(session, world.actor("gruppchef")).total == 0
    assert len(checked_commits) >= 6


def execution_version(world: World, execution_id: int) -> int:
    with world.db.read() as session:
        row = session.get(Execution, execution_id)
        assert row is not None
        assert row.status is ExecutionStatus.UNDER_DISTRIBUTION
        return row.version


def test_the_demo_municipality_stores_the_derived_flag(demo_db: Database) -> None:
    with demo_db.read() as session:
        assert session.scalar(select(Assignment.id).where(Assignment.awaiting_distribution))
        assert mismatches(session) == []


def test_the_flag_default_follows_the_status() -> None:
    """Inserts that leave the flag out (Core bulk inserts): RECEIVED waits, nothing else."""
    default: Any = Assignment.__table__.c.awaiting_distribution.default

    class Context:
        def __init__(self, status: str) -> None:
            self.status = status

        def get_current_parameters(self) -> dict[str, Any]:
            return {"status": self.status}

    assert [default.arg(Context(status.value)) for status in AssignmentStatus] == [
        status is AssignmentStatus.RECEIVED for status in AssignmentStatus
    ]
