"""The monthly individual statistics read executions by date range through an index
(ix_executions_unit_dates: unit, start date, end date), never a scan of a big table, on SQLite
and PostgreSQL. The demo databases and the plan checks are those of test_query_plans (that
module is at its size limit)."""

from __future__ import annotations

import re
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
_INDEX_SEARCH = re.compile(r"SEARCH (executions|housing_contracts) USING (COVERING )?INDEX (\w+)")


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


def test_executions_are_found_by_the_unit_date_index(demo: Database) -> None:
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
    used = {m.group(1): m.group(3) for line in plans if (m := _INDEX_SEARCH.search(line))}
    assert used.get("executions") == "ix_executions_unit_dates", plans


@pytest.mark.postgres
@pytest.mark.parametrize("username", USERNAMES)
def test_monthly_statistics_scans_no_big_table_on_postgres(
    pg_demo: Database, username: str
) -> None:
    sent, _rows = _selects(pg_demo, username, MONTHS[0])
    assert _scans(pg_demo, sent, pg_full_scans) == {}
