"""The monthly individual statistics read executions by end date through an index
(ix_executions_unit_end: unit, end date, ...), never a scan of a big table, on SQLite and
PostgreSQL. The demo databases and the plan checks are those of test_query_plans (that
module is at its size limit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.db.test_query_plans import USERNAMES, demo, full_scans, pg_demo, pg_full_scans
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.statistics import monthly_statistics
from treserva_desktop.domain.statistics_rules import Month

__all__ = ["demo", "pg_demo"]  # the module-scoped fixtures, built once for this module

# The demo's clock is 2026-11-30: the month it is in, and the one before.
MONTHS = [Month(date(2026, 11, 1)), Month(date(2026, 10, 1))]
EXECUTIONS_SEARCHED = {
    "SEARCH executions USING INDEX ix_executions_unit_end (unit_id=? AND end_date=?)",
    "SEARCH executions USING INDEX ix_executions_unit_end (unit_id=? AND end_date>?)",
}


def _selects(database: Database, username: str, month: Month) -> tuple[list[tuple[str, Any]], int]:
    actor = actor_for(database, username)
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as session:
            rows = len(monthly_statistics(session, actor, month).rows)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return sent, rows


def _scans(
    database: Database,
    sent: list[tuple[str, Any]],
    scans_of: Callable[[Session, str, Any], list[str]],
) -> dict[str, list[str]]:
    with database.read() as session:
        return {
            statement: lines
            for statement, parameters in sent
            if (lines := scans_of(session, statement, parameters))
        }


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("month", MONTHS, ids=lambda m: m.label)
def test_monthly_statistics_scans_no_big_table(demo: Database, username: str, month: Month) -> None:
    sent, _rows = _selects(demo, username, month)
    assert _scans(demo, sent, full_scans) == {}


def test_executions_are_two_end_date_ranges_of_the_units(demo: Database) -> None:
    """Open-ended rows and rows ending from the day before the month: not every row the units
    started before the month's end, which grows with the years of history."""
    sent, rows = _selects(demo, "verksamhetschef", MONTHS[0])
    assert rows > 0
    with demo.read() as session:
        plans = [
            row[-1]
            for statement, parameters in sent
            for row in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            )
        ]
    assert {
        line for line in plans if line.startswith("SEARCH executions")
    } == EXECUTIONS_SEARCHED, plans


@pytest.mark.postgres
@pytest.mark.parametrize("username", USERNAMES)
def test_monthly_statistics_scans_no_big_table_on_postgres(
    pg_demo: Database, username: str
) -> None:
    sent, _rows = _selects(pg_demo, username, MONTHS[0])
    assert _scans(pg_demo, sent, pg_full_scans) == {}
