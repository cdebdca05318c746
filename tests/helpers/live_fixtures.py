"""Fixtures for the live-update tests: the demo municipality on one database (SQLite file or
scratch PostgreSQL), opened by two workstations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tests.helpers import actor_for
from tests.helpers.live import other_workstation
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext


@pytest.fixture
def pg_demo_db() -> Iterator[Database]:
    """The demo municipality (seed 7, 24 persons) on a scratch PostgreSQL database."""
    from treserva_desktop.demo import generate_demo

    with scratch_postgres_url(migrated=True) as url:
        database = Database(url, clock=SYSTEM_CLOCK)
        try:
            with database.transaction() as session:
                generate_demo(session, persons=24, seed=7)
            yield database
        finally:
            database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_db(request: pytest.FixtureRequest) -> Database:
    """The demo on SQLite (a file two clients open) and on PostgreSQL (when configured)."""
    return request.getfixturevalue("demo_db" if request.param == "sqlite" else "pg_demo_db")


@pytest.fixture
def second_db(shared_db: Database) -> Iterator[Database]:
    """The other workstation's own Database on the same data."""
    other = other_workstation(shared_db)
    yield other
    other.dispose()


@pytest.fixture
def ctx_on(qapp: object, settings: Settings) -> Callable[[Database, str], AppContext]:
    def factory(database: Database, username: str) -> AppContext:
        return AppContext.create(database, settings, actor_for(database, username))

    return factory
