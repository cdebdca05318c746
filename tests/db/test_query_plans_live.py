"""The live updates' reads stay index-driven (performance rules): the notification's receiving
units of new assignments, the banner's last change of an assignment, and the SQLite feed's
read of the change log after its last id (a primary-key range). The demo databases and the
plan checks are those of test_query_plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.db.test_query_plans import demo, full_scans, pg_demo, pg_full_scans
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.live import READ_SINCE_SQL
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries.live import assignment_last_change, new_assignment_units
from treserva_desktop.domain.rules import Actor

__all__ = ["demo", "pg_demo"]  # the module-scoped fixtures, built once for this module


def _waiting(session: Session, actor: Actor) -> list[int]:
    return [
        item.id
        for entry in new_assignment_queries.new_assignments(session, actor)
        for item in entry.assignments
    ]


READS: dict[str, Callable[[Session, Actor, list[int]], Any]] = {
    "new assignment units": lambda s, a, ids: new_assignment_units(s, a, ids),
    "last change": lambda s, a, ids: assignment_last_change(s, a, ids[0]),
}


def _selects(database: Database, read: str) -> list[tuple[str, Any]]:
    actor = actor_for(database, "samordnare")
    with database.read() as session:
        ids = _waiting(session, actor)
    assert ids
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as session:
            READS[read](session, actor, ids)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert sent
    return sent


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


@pytest.mark.parametrize("read", list(READS))
def test_live_reads_scan_no_big_table(demo: Database, read: str) -> None:
    assert _scans(demo, _selects(demo, read), full_scans) == {}


@pytest.mark.postgres
@pytest.mark.parametrize("read", list(READS))
def test_live_reads_scan_no_big_table_on_postgres(pg_demo: Database, read: str) -> None:
    assert _scans(pg_demo, _selects(pg_demo, read), pg_full_scans) == {}


def test_the_feed_reads_the_change_log_by_its_primary_key(demo: Database) -> None:
    with demo.read() as session:
        plan = [
            row[-1]
            for row in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {READ_SINCE_SQL}", (10,)
            )
        ]
    assert plan == ["SEARCH change_log USING INTEGER PRIMARY KEY (rowid>?)"], plan
