"""Väntande uppdrag: the same selection as Nya uppdrag, per role, longest wait first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.helpers import actor_for

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, OrgUnit
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries.follow_up import waiting_assignments
from treserva_desktop.domain.calendar import working_days_between
from treserva_desktop.domain.enums import AssignmentStatus, Permission


def test_manager_sees_every_waiting_assignment_of_their_units(demo_db: Database) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    with demo_db.read() as session:
        rows = waiting_assignments(session, actor)
        in_tree = new_assignment_queries.new_assignments(session, actor)
        unit_names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
        statuses = dict(session.execute(select(Assignment.id, Assignment.status)).all())
    assert rows
    assert {r.assignment_id for r in rows} == {
        item.id for entry in in_tree for item in entry.assignments
    }
    in_tree_items = {item.id: item for entry in in_tree for item in entry.assignments}
    scope = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    today = SYSTEM_CLOCK.today()
    for row in rows:
        item = in_tree_items[row.assignment_id]
        assert row.unit_id in scope
        assert row.unit_name == unit_names[row.unit_id]
        assert (row.title, row.received_on, row.read, row.overdue, row.person_id) == (
            item.title,
            item.received_on,
            item.read,
            item.overdue,
            item.person_id,
        )
        assert row.status is statuses[row.assignment_id]
        assert row.status in (AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED)
        assert row.waited_working_days == working_days_between(row.received_on, today)


def test_longest_wait_comes_first(demo_db: Database) -> None:
    with demo_db.read() as session:
        rows = waiting_assignments(session, actor_for(demo_db, "verksamhetschef"))
    waits = [r.waited_working_days for r in rows]
    assert waits == sorted(waits, reverse=True)
    assert len(set(waits)) > 1, "the demo should have both fresh and old assignments"


def test_overdue_follows_the_setting(demo_db: Database) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    with demo_db.read() as session:
        default = waiting_assignments(session, actor)
        strict = waiting_assignments(session, actor, overdue_working_days=0)
        lenient = waiting_assignments(session, actor, overdue_working_days=60)
    assert any(r.overdue for r in default)
    assert not all(r.overdue for r in default)
    for row in default:
        expected = row.status is AssignmentStatus.RECEIVED and row.waited_working_days > 2
        assert row.overdue is expected
    assert {r.assignment_id for r in strict if r.overdue} == {
        r.assignment_id
        for r in strict
        if r.status is AssignmentStatus.RECEIVED and r.waited_working_days > 0
    }
    assert not any(r.overdue for r in lenient)


def test_waiting_is_counted_in_working_days_from_today(demo_db: Database) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    later = SYSTEM_CLOCK.today() + timedelta(days=7)
    with demo_db.read() as session:
        now = {r.assignment_id: r for r in waiting_assignments(session, actor)}
        week_on = waiting_assignments(session, actor, today=later)
    extra = working_days_between(SYSTEM_CLOCK.today(), later)
    for row in week_on:
        assert row.waited_working_days == now[row.assignment_id].waited_working_days + extra
        assert row.overdue is (row.status is AssignmentStatus.RECEIVED)


def test_group_manager_sees_only_their_own_units(demo_db: Database) -> None:
    manager = actor_for(demo_db, "verksamhetschef")
    group = actor_for(demo_db, "gruppchef")
    with demo_db.read() as session:
        everything = waiting_assignments(session, manager)
        own = waiting_assignments(session, group)
    scope = group.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    assert own
    assert {r.unit_id for r in own} <= scope
    assert {r.assignment_id for r in own} == {
        r.assignment_id for r in everything if r.unit_id in scope
    }
    assert len(own) < len(everything)


@pytest.mark.parametrize("username", ["personal", "handlaggare"])
def test_roles_without_nya_uppdrag_see_nothing(demo_db: Database, username: str) -> None:
    with demo_db.read() as session:
        assert waiting_assignments(session, actor_for(demo_db, username)) == []
