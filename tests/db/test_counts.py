"""The folder and toolbar counts equal the lists they count, and each is one SQL statement
that loads no ORM objects (performance rules: counts never by loading objects)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from tests.helpers import actor_for
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import FixedClock
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import counts, tree
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.demo import generate_demo
from treserva_desktop.demo.organisation import DEMO_USERS
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import NewAssignmentPerson

USERNAMES = [user[0] for user in DEMO_USERS]
MONDAY = date(2026, 11, 30)
AFTER_CHRISTMAS = date(2026, 12, 28)


def _demo(database: Database) -> Database:
    migrate.upgrade(database)
    with database.transaction() as session:
        generate_demo(session, persons=24, seed=7)
    return database


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(("sqlite", MONDAY), id="sqlite-monday"),
        pytest.param(("sqlite", AFTER_CHRISTMAS), id="sqlite-2026-12-28"),
        pytest.param(("postgres", MONDAY), id="postgres-monday", marks=pytest.mark.postgres),
    ],
)
def pinned_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, date]]:
    """A demo database generated and read on a pinned day."""
    backend, day = request.param
    clock = FixedClock(day)
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("counts") / "demo.sqlite3"
        database = _demo(Database(f"sqlite:///{path}", clock=clock))
        yield database, day
        database.dispose()
        return
    with scratch_postgres_url() as url:
        database = Database(url, clock=clock)
        try:
            yield _demo(database), day
        finally:
            database.dispose()


@pytest.fixture(scope="module")
def actors(pinned_demo: tuple[Database, date]) -> dict[str, Actor]:
    database, _day = pinned_demo
    return {username: actor_for(database, username) for username in USERNAMES}


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("overdue_days", [0, 2, 5])
def test_new_assignment_counts_match_the_list(
    pinned_demo: tuple[Database, date], actors: dict[str, Actor], username: str, overdue_days: int
) -> None:
    database, day = pinned_demo
    actor = actors[username]
    with database.read() as session:
        entries = new_assignment_queries.new_assignments(
            session, actor, overdue_working_days=overdue_days
        )
        counted = counts.new_assignment_counts(session, actor, overdue_working_days=overdue_days)
        items = [item for entry in entries for item in entry.assignments]
        assert counted.total == len(items)
        assert counted.overdue == sum(1 for item in items if item.overdue)
        assert (counted.overdue > 0) is any(entry.overdue for entry in entries)
        assert counted.persons == len(entries)
        # An explicit day gives the same answer as the session's (pinned) clock.
        assert (
            counts.new_assignment_counts(
                session, actor, today=day, overdue_working_days=overdue_days
            )
            == counted
        )


@pytest.mark.parametrize("username", USERNAMES)
def test_nya_uppdrag_in_pages_is_the_whole_list(
    pinned_demo: tuple[Database, date], actors: dict[str, Actor], username: str
) -> None:
    """Page after page (three persons each) gives the whole list in its order, each person
    with all their waiting assignments; one person's page holds just them."""
    database, _day = pinned_demo
    actor = actors[username]
    with database.read() as session:
        whole = new_assignment_queries.new_assignments(session, actor)
        paged: list[NewAssignmentPerson] = []
        after = None
        while True:
            page = new_assignment_queries.new_assignments_page(session, actor, after=after, limit=3)
            assert len(page.items) <= 3
            paged += page.items
            if page.after is None:
                break
            assert len(page.items) == 3
            after = page.after
        assert paged == whole
        if whole:
            last = whole[-1]
            alone = new_assignment_queries.new_assignments_page(
                session, actor, person_id=last.person.id
            )
            assert (alone.items, alone.after) == ([last], None)


def test_the_demo_gives_the_counts_something_to_count(
    pinned_demo: tuple[Database, date], actors: dict[str, Actor]
) -> None:
    """Guards the comparisons above against all being 0 == 0."""
    database, _day = pinned_demo
    with database.read() as session:
        chef = counts.new_assignment_counts(session, actors["verksamhetschef"])
        assert 0 < chef.overdue < chef.total
        assert any(counts.genomforande_count(session, a) > 0 for a in actors.values())
        assert any(tree.unread_count(session, a) > 0 for a in actors.values())


@pytest.mark.parametrize("username", USERNAMES)
def test_unread_and_genomforande_counts_match_their_lists(
    pinned_demo: tuple[Database, date], actors: dict[str, Actor], username: str
) -> None:
    database, _day = pinned_demo
    actor = actors[username]
    with database.read() as session:
        messages = tree.inbox(session, actor)
        assert tree.unread_count(session, actor) == sum(1 for m in messages if not m.read)
        rows = genomforande_new_assignments(session, actor)
        assert counts.genomforande_count(session, actor) == len(rows)


@pytest.fixture
def statements(pinned_demo: tuple[Database, date]) -> Iterator[list[str]]:
    """Every SQL statement sent to the demo database while the test runs."""
    database, _day = pinned_demo
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    yield sent
    event.remove(database.engine, "before_cursor_execute", record)


COUNTS = {
    "new_assignments": lambda session, actor: counts.new_assignment_counts(session, actor),
    "unread": tree.unread_count,
    "genomforande": counts.genomforande_count,
}


@pytest.mark.parametrize("count", list(COUNTS))
def test_each_count_is_one_select_that_loads_no_objects(
    pinned_demo: tuple[Database, date],
    actors: dict[str, Actor],
    statements: list[str],
    count: str,
) -> None:
    database, _day = pinned_demo
    actor = actors["verksamhetschef"]
    loaded: list[object] = []
    with database.read() as session:
        event.listen(session, "loaded_as_persistent", lambda _s, obj: loaded.append(obj))
        before = len(statements)
        COUNTS[count](session, actor)
        sent = statements[before:]
        assert len(session.identity_map) == 0
    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, sent
    assert "count(" in selects[0].lower()
    assert loaded == []
