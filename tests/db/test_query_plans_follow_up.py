"""The counts on Mitt skrivbord and the lists behind them (Sammanställning –
Genomförandeplan, Ej verkställda beslut) read indexes, never a scan of a big table, on SQLite
and PostgreSQL. The demo databases and the plan checks are those of test_query_plans."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.db.test_query_plans import USERNAMES, demo, full_scans, pg_demo, pg_full_scans
from tests.db.test_query_plans_statistics import EXECUTIONS_SEARCHED
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import plan_compilation, short_term_places, unexecuted
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.unexecuted_rules import Quarter

__all__ = ["demo", "pg_demo"]  # the module-scoped fixtures, built once for this module

TODAY = date(2026, 11, 30)  # the demo's clock


def _compile(session: Session, actor: Actor) -> Any:
    if not actor.can(Permission.VIEW_STATISTICS):
        return None
    return plan_compilation.plan_compilation(
        session, actor, CompilePlans(period_start=date(2026, 11, 1), period_end=TODAY)
    )


def _quarter(session: Session, actor: Actor) -> Any:
    if not actor.can(Permission.VIEW_STATISTICS):
        return None
    return unexecuted.unexecuted_decisions(session, actor, Quarter.of(TODAY))


QUERIES: dict[str, Callable[[Session, Actor], Any]] = {
    "overdue plan count": plan_compilation.overdue_plan_count,
    "unexecuted count": unexecuted.unexecuted_count,
    "missing short-term place count": short_term_places.missing_short_term_place_count,
    "plan compilation": _compile,
    "unexecuted decisions of the quarter": _quarter,
}
# What the background lists may still scan at the demo's size is shown by the test's message.


def _scans(
    database: Database,
    username: str,
    query: str,
    scans_of: Callable[[Session, str, Any], list[str]],
) -> dict[str, list[str]]:
    actor = actor_for(database, username)
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as session:
            QUERIES[query](session, actor)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    with database.read() as session:
        return {
            statement: lines
            for statement, parameters in sent
            if (lines := scans_of(session, statement, parameters))
        }


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", list(QUERIES))
def test_scans_no_big_table(demo: Database, username: str, query: str) -> None:
    assert _scans(demo, username, query, full_scans) == {}


@pytest.mark.postgres
@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", list(QUERIES))
def test_scans_no_big_table_on_postgres(pg_demo: Database, username: str, query: str) -> None:
    assert _scans(pg_demo, username, query, pg_full_scans) == {}


def _plan_lines(session: Session, statement: str, parameters: Any) -> list[str]:
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return [str(row[-1]) for row in plan]


@pytest.mark.parametrize(
    ("query", "per_row_probe"),
    [
        # Only the current rows of the short-term units (open, or ending today or later),
        # not every stay the units ever had (ix_executions_unit_status reads them all).
        ("missing short-term place count", "ix_executions_unit_status"),
    ],
)
def test_dashboard_count_reads_current_rows(demo: Database, query: str, per_row_probe: str) -> None:
    plans = _scans(demo, "verksamhetschef", query, _plan_lines)
    lines = [line for plan in plans.values() for line in plan]
    assert any("ix_executions_unit_end" in line for line in lines), lines
    assert not any(per_row_probe in line for line in lines), lines


def test_overdue_plan_count_starts_from_care_without_plan(demo: Database) -> None:
    """Care without a plan comes from the pairs the database keeps (migration 0025), not from
    every current row of the units; each candidate's rows are read by person and unit from
    the index alone, the intervention included (it tells short-term care)."""
    plans = _scans(demo, "verksamhetschef", "overdue plan count", _plan_lines)
    lines = [line for plan in plans.values() for line in plan]
    assert any("ix_care_without_plan_current" in line for line in lines), lines
    reads = [line for line in lines if "SEARCH executions" in line]
    assert reads, lines
    for line in reads:
        assert "COVERING INDEX ix_executions_person_reach (person_id=? AND unit_id=?" in line, lines


def test_plan_compilation_reads_the_periods_rows_by_end_date(demo: Database) -> None:
    """The persons with rows in the period come from two end-date ranges of the units' rows,
    not from every row the units started before the period's end (db/queries/unit_rows.py)."""
    plans = _scans(demo, "verksamhetschef", "plan compilation", _plan_lines)
    searched = {line for plan in plans.values() for line in plan if "SEARCH executions" in line}
    assert searched == EXECUTIONS_SEARCHED, plans
