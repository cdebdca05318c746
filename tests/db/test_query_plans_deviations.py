"""Mitt skrivbord › Avvikelser (its rows and its count), one deviation and the deviation
statistics read deviations through their indexes, never by a scan of a big table, on SQLite
and PostgreSQL. The demo databases and the plan checks are those of test_query_plans."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session
from tests.db.test_query_plans import BIG_TABLES, USERNAMES, _plan_nodes, demo, pg_demo
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Deviation
from treserva_desktop.db.queries import deviation_statistics, deviations
from treserva_desktop.domain.enums import Permission

__all__ = ["demo", "pg_demo"]  # the module-scoped fixtures, built once for this module

BIG = BIG_TABLES | {"deviations", "deviation_events"}
_SCAN = re.compile(r"\bSCAN (\w+)")
_INDEX = re.compile(r"SEARCH deviations USING (COVERING )?INDEX (\w+)")
FIRST, LAST = date(2025, 12, 1), date(2026, 11, 1)


def _reads(session: Session, username: str, database: Database) -> None:
    actor = actor_for(database, username)
    deviations.deviation_folder(session, actor)
    deviations.open_deviation_count(session, actor)
    units = actor.units_with(Permission.VIEW_STATISTICS)
    deviation_statistics.deviation_counts(session, units, FIRST, LAST)
    if units:
        deviation_statistics.deviation_table(session, actor, min(units), "fall", FIRST, LAST)
    shown = deviations.deviation_folder(session, actor)
    if shown:
        deviations.deviation_detail(session, actor, shown[0].id)


def _selects(database: Database, username: str) -> list[tuple[str, Any]]:
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "deviation" in statement:
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.transaction() as session:
            _reads(session, username, database)
            session.rollback()
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return sent


def _sqlite_scans(session: Session, statement: str, parameters: Any) -> list[str]:
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return [
        row[-1]
        for row in plan
        if (match := _SCAN.search(row[-1])) is not None and match.group(1) in BIG
    ]


def _pg_scans(session: Session, statement: str, parameters: Any) -> list[str]:
    connection = session.connection()
    for setting in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    (plan,) = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).one()
    document = plan if isinstance(plan, list) else json.loads(plan)
    return [
        f"{node['Node Type']} on {node['Relation Name']}"
        for node in _plan_nodes(document[0]["Plan"])
        if node.get("Relation Name") in BIG
        and (
            node["Node Type"] == "Seq Scan"
            or (node["Node Type"] in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node)
        )
    ]


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


def test_the_demo_has_deviations_to_plan_for(demo: Database) -> None:
    with demo.read() as session:
        assert session.scalars(select(Deviation.id)).first() is not None


@pytest.mark.parametrize("username", USERNAMES)
def test_deviation_reads_scan_no_big_table(demo: Database, username: str) -> None:
    sent = _selects(demo, username)
    assert sent
    assert _scans(demo, sent, _sqlite_scans) == {}


def test_the_statistics_use_the_unit_month_index(demo: Database) -> None:
    actor = actor_for(demo, "verksamhetschef")
    units = sorted(actor.units_with(Permission.VIEW_STATISTICS))
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(demo.engine, "before_cursor_execute", record)
    try:
        with demo.read() as session:
            counts = deviation_statistics.deviation_counts(session, units, FIRST, LAST)
    finally:
        event.remove(demo.engine, "before_cursor_execute", record)
    assert counts
    with demo.read() as session:
        lines = [
            row[-1]
            for statement, parameters in sent
            for row in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            )
        ]
    used = {m.group(2) for line in lines if (m := _INDEX.search(line))}
    assert used == {"ix_deviations_unit_month"}, lines


@pytest.mark.postgres
@pytest.mark.parametrize("username", USERNAMES)
def test_deviation_reads_scan_no_big_table_on_postgres(pg_demo: Database, username: str) -> None:
    with pg_demo.engine.connect() as connection:
        connection.execute(text("ANALYZE deviations"))
        connection.execute(
            text(
                "UPDATE pg_class SET reltuples = 1e6 * GREATEST(relpages, 1) "
                "WHERE relname IN ('deviations', 'deviation_events')"
            )
        )
        connection.commit()
    sent = _selects(pg_demo, username)
    assert sent
    assert _scans(pg_demo, sent, _pg_scans) == {}
