"""Overdue is the same rule everywhere on any day: the demo, Nya uppdrag and Väntande uppdrag
agree in working days on a Monday, a Sunday, between Christmas and New Year and after Midsummer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from tests.helpers import actor_for

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries.follow_up import waiting_assignments
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.calendar import working_days_between
from treserva_desktop.domain.enums import AssignmentStatus

AWKWARD_DAYS = [
    pytest.param(date(2026, 11, 30), id="monday"),
    pytest.param(date(2026, 11, 29), id="sunday"),
    pytest.param(date(2026, 12, 1), id="tuesday"),
    pytest.param(date(2026, 12, 28), id="monday-after-christmas"),
    pytest.param(date(2027, 1, 1), id="new-years-day"),
    pytest.param(date(2026, 6, 22), id="monday-after-midsummer"),
    pytest.param(date(2026, 6, 19), id="midsummer-eve"),
]


@pytest.fixture(params=AWKWARD_DAYS)
def pinned(
    request: pytest.FixtureRequest, new_sqlite_db: Callable[..., Database]
) -> tuple[Database, date]:
    day: date = request.param
    database = new_sqlite_db(FixedClock(day))
    with database.transaction() as session:
        summary = generate_demo(session, persons=24, seed=7)
    assert summary.today == day
    assert summary.overdue_assignments > 0
    assert summary.overdue_assignments < summary.received_assignments
    return database, day


def test_new_assignments_have_both_overdue_and_fresh_ones(pinned: tuple[Database, date]) -> None:
    database, day = pinned
    with database.read() as session:
        entries = new_assignment_queries.new_assignments(
            session, actor_for(database, "verksamhetschef")
        )
    items = [item for entry in entries for item in entry.assignments]
    assert any(item.overdue for item in items)
    assert not all(item.overdue for item in items)
    for item in items:
        waited = working_days_between(item.received_on, day)
        assert item.overdue is (item.status is AssignmentStatus.RECEIVED and waited > 2)


def test_waiting_list_counts_working_days_from_the_pinned_day(
    pinned: tuple[Database, date],
) -> None:
    database, day = pinned
    with database.read() as session:
        rows = waiting_assignments(session, actor_for(database, "verksamhetschef"))
    assert any(row.overdue for row in rows)
    for row in rows:
        assert row.waited_working_days == working_days_between(row.received_on, day)
        assert row.overdue is (
            row.status is AssignmentStatus.RECEIVED and row.waited_working_days > 2
        )
