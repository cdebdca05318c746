"""Engine, sessions and the one-transaction-per-action helpers; SQLite pragmas."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from treserva_desktop.clock import SYSTEM_CLOCK, Clock
from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


class DatabaseUnavailable(DomainError):
    """The database cannot be reached or opened."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# PostgreSQL's default random_page_cost (4) models spinning disks: with it the planner prefers
# a full scan of persons over a few thousand primary-key lookups, which is what every list here
# does (a unit's persons, Ej aktuella). The client's working set is index-driven and cached,
# the situation the PostgreSQL manual suggests lowering it for; a DBA may set it server-wide.
POSTGRESQL_SESSION_SETTINGS = {"random_page_cost": "1.1"}


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for name, value in POSTGRESQL_SESSION_SETTINGS.items():
        cursor.execute(f"SET {name} = {value}")
    cursor.close()
    # A SET opens a transaction under psycopg's default; the pool expects an idle connection.
    dbapi_connection.commit()


def clock_of(session: Session) -> Clock:
    """The clock of the Database that opened `session` (the system clock for a bare session)."""
    clock = session.info.get("clock")
    return clock if clock is not None else SYSTEM_CLOCK


class Database:
    """One engine and its session factory. `transaction()` for writes, `read()` for queries."""

    def __init__(self, url: str, *, echo: bool = False, clock: Clock = SYSTEM_CLOCK) -> None:
        self.url = make_url(url)
        self.clock = clock
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.url.get_backend_name() == "postgresql":
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.dialect == "postgresql":
            event.listen(self.engine, "connect", _postgresql_settings)
        # Every session carries the clock, so services and queries read the time through it.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"clock": clock})

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def display_location(self) -> str:
        """Where the data lives, without any password."""
        if self.is_sqlite:
            return self.url.database or ":memory:"
        return self.url.render_as_string(hide_password=True).split("://", 1)[-1]

    def check_connection(self) -> None:
        try:
            with self.engine.connect():
                pass
        except OperationalError as exc:
            log.warning("database connection failed: %s", type(exc.orig).__name__)
            raise DatabaseUnavailable(
                f"Det gick inte att ansluta till databasen ({self.display_location}). "
                "Kontrollera adressen och att databasservern är igång."
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries (it commits only audit records written by the read side)."""
        with self._sessions() as session, session.begin():
            yield session

    def refresh_statistics(self) -> None:
        """After a bulk load: let PostgreSQL's planner see the new sizes now, not whenever
        autovacuum gets to it (until then it plans the big tables as if they were empty).
        SQLite keeps no statistics unless asked, and its plans are chosen without them."""
        if self.is_sqlite:
            return
        with self.engine.connect() as connection:
            # VACUUM also marks the pages all-visible, so index-only scans need no heap visits.
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )

    def dispose(self) -> None:
        self.engine.dispose()
