"""Uppföljning › Statistik reads executions by unit and end date through ix_executions_unit_end
and short-term contracts by object through ix_housing_contracts_object, never a scan of a big
table, on SQLite and PostgreSQL (the demo databases and plan checks of test_query_plans)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from tests.db.test_query_plans import demo, full_scans, pg_demo, pg_full_scans
from tests.db.test_query_plans_statistics import EXECUTIONS_SEARCHED
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import Permission
from treserva_desktop.services.unit_statistics import unit_statistics

__all__ = ["demo", "pg_demo"]  # the module-scoped fixtures, built once for this module

MANAGERS = ["verksamhetschef", "gruppchef", "samordnare"]
_INDEX_SEARCH = re.compile(
    r"SEARCH (housing_contracts|housing_objects) USING (COVERING )?INDEX (\w+)"
)


def _selects(database: Database, username: str) -> tuple[list[tuple[str, Any]], int]:
    """The SELECTs of one Visa over October–November 2026 on the user's unit and below."""
    actor = actor_for(database, username)
    unit = actor.granted_unit(Permission.VIEW_STATISTICS)
    assert unit is not None
    command = ShowUnitStatistics(
        unit_id=unit, first_month=date(2026, 10, 1), last_month=date(2026, 11, 1)
    )
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as session:
            result = unit_statistics(session, actor, command)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return sent, len(result.section("interventions").rows)


@pytest.mark.parametrize("username", MANAGERS)
def test_unit_statistics_scan_no_big_table(demo: Database, username: str) -> None:
    sent, _rows = _selects(demo, username)
    with demo.read() as session:
        assert {s: lines for s, p in sent if (lines := full_scans(session, s, p))} == {}


def test_the_hot_queries_use_their_indexes(demo: Database) -> None:
    sent, rows = _selects(demo, "verksamhetschef")
    assert rows > 0
    with demo.read() as session:
        plans = [
            row[-1]
            for statement, parameters in sent
            for row in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            )
        ]
    used = {(m.group(1), m.group(3)) for line in plans if (m := _INDEX_SEARCH.search(line))}
    assert {
        line for line in plans if line.startswith("SEARCH executions")
    } == EXECUTIONS_SEARCHED, plans
    assert ("housing_contracts", "ix_housing_contracts_object") in used, plans


@pytest.mark.postgres
@pytest.mark.parametrize("username", MANAGERS)
def test_unit_statistics_scan_no_big_table_on_postgres(pg_demo: Database, username: str) -> None:
    sent, _rows = _selects(pg_demo, username)
    with pg_demo.read() as session:
        assert {s: lines for s, p in sent if (lines := pg_full_scans(session, s, p))} == {}


def test_the_four_windows_share_one_sort(demo: Database) -> None:
    """The windows order by columns alone, so SQLite sees one window and sorts the month's
    rows once (each of the two end-date ranges sorted, then merged), not once per window."""
    sent, _rows = _selects(demo, "verksamhetschef")
    windowed = [(s, p) for s, p in sent if " OVER (" in s]
    assert windowed
    with demo.read() as session:
        for statement, parameters in windowed:
            plan = [
                str(row[-1])
                for row in session.connection().exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}", parameters
                )
            ]
            sorts = [line for line in plan if line == "USE TEMP B-TREE FOR ORDER BY"]
            assert len(sorts) == 2, plan
