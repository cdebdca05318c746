"""The hot queries (start and after every action) use indexes: EXPLAIN QUERY PLAN on the demo
database shows no full scan of a table that grows with the municipality (performance rules)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.helpers import actor_for

from treserva_desktop.clock import FixedClock
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import counts, tree
from treserva_desktop.db.queries.person_search import search_persons
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor

BIG_TABLES = frozenset(
    {
        "persons",
        "executions",
        "assignments",
        "messages",
        "message_recipients",
        "audit_events",
    }
)
_SCAN = re.compile(r"\bSCAN (\w+)")
USERNAMES = ["verksamhetschef", "gruppchef", "samordnare", "personal", "handlaggare"]


def _some_unit(session: Session, actor: Actor) -> Any:
    units = sorted(actor.units_with(Permission.VIEW_PERSONS))
    return tree.unit_persons(session, actor, units[-1]) if units else None


HOT_QUERIES: dict[str, Callable[[Session, Actor], Any]] = {
    "new assignment counts": lambda s, a: counts.new_assignment_counts(s, a),
    "unread count": tree.unread_count,
    "genomforande count": counts.genomforande_count,
    "nya uppdrag list": lambda s, a: tree.new_assignments(s, a),
    "unit persons": _some_unit,
    "name search": lambda s, a: search_persons(s, a, "an"),
    "name search with comma": lambda s, a: search_persons(s, a, "Ek, J"),
    "name search on a Swedish letter": lambda s, a: search_persons(s, a, "Ö"),
    "birth date search": lambda s, a: search_persons(s, a, "19400517"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("plans") / "demo.sqlite3"
    database = Database(f"sqlite:///{path}", clock=FixedClock(date(2026, 11, 30)))
    migrate.upgrade(database)
    with database.transaction() as session:
        generate_demo(session, persons=24, seed=7)
    yield database
    database.dispose()


def full_scans(session: Session, statement: str, parameters: Any) -> list[str]:
    """The plan lines of `statement` that read a whole big table."""
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return [
        row[-1]
        for row in plan
        if (match := _SCAN.search(row[-1])) is not None and match.group(1) in BIG_TABLES
    ]


def test_the_check_finds_a_full_scan(demo: Database) -> None:
    with demo.read() as session:
        assert full_scans(session, "SELECT id FROM persons WHERE phone = ?", ("",)) != []
        assert full_scans(session, "SELECT id FROM persons WHERE id = ?", (1,)) == []


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", list(HOT_QUERIES))
def test_hot_query_scans_no_big_table(demo: Database, username: str, query: str) -> None:
    actor = actor_for(demo, username)
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(demo.engine, "before_cursor_execute", record)
    try:
        with demo.read() as session:
            HOT_QUERIES[query](session, actor)
    finally:
        event.remove(demo.engine, "before_cursor_execute", record)
    with demo.read() as session:
        scans = {
            statement: lines
            for statement, parameters in sent
            if (lines := full_scans(session, statement, parameters))
        }
    assert scans == {}
