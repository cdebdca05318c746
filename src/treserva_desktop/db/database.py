"""Engine, sessions and the one-transaction-per-action helpers; SQLite pragmas."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from treserva_desktop.clock import SYSTEM_CLOCK, Clock
from treserva_desktop.db.wal_checkpoint import WalCheckpointer
from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


class DatabaseUnavailable(DomainError):
    """The database cannot be reached or opened."""


# How long a statement waits for another workstation's (or window's) lock before the user is
# told the database is busy: SQLite's busy timeout, PostgreSQL's lock_timeout.
BUSY_TIMEOUT_MS = 5000

# SQLite's primary result codes for "another connection holds the lock".
_SQLITE_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_BUSY_TEXTS = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure,
# deadlock_detected. Each is safe to retry from the start of the transaction.
_POSTGRESQL_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` (or what it wraps) says another connection held a lock for too long, so
    the whole action may simply be tried again: the transaction was rolled back."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        original = getattr(current, "orig", None)
        for candidate in (current, original):
            if candidate is None:
                continue
            if getattr(candidate, "sqlstate", None) in _POSTGRESQL_BUSY_STATES:
                return True
            code = getattr(candidate, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY_CODES:
                return True
            if type(candidate).__module__ == "sqlite3" and str(candidate) in _SQLITE_BUSY_TEXTS:
                return True
        current = current.__cause__ or current.__context__
    return False


# SQLite's primary result codes for a file that cannot be read or opened (a lost file share).
_SQLITE_LOST_CODES = frozenset({10, 14})  # SQLITE_IOERR, SQLITE_CANTOPEN
# PostgreSQL: the connection classes (08xxx) and a server shutting down or terminating the
# backend (admin_shutdown, crash_shutdown, cannot_connect_now).
_POSTGRESQL_LOST_STATES = frozenset({"57P01", "57P02", "57P03"})


def is_disconnected(exc: BaseException) -> bool:
    """Whether `exc` (or what it wraps) says the connection to the database was lost or could
    not be made: the transaction did not commit, and the action may be tried again once the
    database can be reached."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "connection_invalidated", False):
            return True
        original = getattr(current, "orig", None)
        for candidate in (current, original):
            if candidate is None:
                continue
            state = getattr(candidate, "sqlstate", None)
            if isinstance(state, str) and (
                state.startswith("08") or state in _POSTGRESQL_LOST_STATES
            ):
                return True
            module = type(candidate).__module__ or ""
            if module.startswith("psycopg") and type(candidate).__name__ == "OperationalError":
                # A failed connect or a closed socket carries no SQLSTATE; a lock timeout does.
                return state is None
            code = getattr(candidate, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF in _SQLITE_LOST_CODES:
                return True
        current = current.__cause__ or current.__context__
    return False


# SQLite's page cache per connection, in KiB. The default (2 MB) holds little of a municipal
# database's hot indexes (persons' name keys, rows by person and unit, the audit events by
# person that every list appends to), so each search read most pages from the operating
# system again; with 16 MB they stay between searches (with 32 MB a search cost ~12 % less
# CPU than with 2 MB; 16 MB keeps that within the benchmark's noise). Only pages actually
# read are held, but each connection (the window's, the background work's) fills its own:
# at 32 MB they took the municipal benchmark's memory peak past 300 MB.
SQLITE_CACHE_KIB = 16 * 1024


def _sqlite_pragmas(busy_timeout_ms: int, *, own_checkpoints: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        if own_checkpoints:
            # No checkpoint inside a commit: WalCheckpointer copies the log in its thread.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    return on_connect


# PostgreSQL's default random_page_cost (4) models spinning disks: with it the planner prefers
# a full scan of persons over a few thousand primary-key lookups, which is what every list here
# does (a unit's persons, Ej aktuella). The client's working set is index-driven and cached,
# the situation the PostgreSQL manual suggests lowering it for; a DBA may set it server-wide.
# No parallel workers: the client's queries are short index work (a count on Mitt skrivbord,
# a page of a list), where starting workers cost more than they saved; on the municipal demo
# the dashboard's plan count took 35-43 ms with them and 25-27 ms without, and the statistics
# run in the background were no slower (12 months 1.2-1.3 s against 1.5-1.7 s).
#
# synchronous_commit is off for the connection: what the read side commits (its audit events)
# does not wait for the WAL to reach the disk. They are still written whole and in order; only
# a crash of the database server itself within a fraction of a second (3 × wal_writer_delay)
# could lose the newest ones, which is what SQLite in WAL mode with synchronous=NORMAL risks
# for every commit. A search or an opened pane then costs no disk flush (about 10 ms here).
# Database.transaction() turns it on for each change (SYNCHRONOUS_CHANGES), so a user's
# change is on disk when the user is told it is saved.
POSTGRESQL_SESSION_SETTINGS = {
    "random_page_cost": "1.1",
    "max_parallel_workers_per_gather": "0",
    "synchronous_commit": "off",
}
SYNCHRONOUS_CHANGES = "SET LOCAL synchronous_commit TO on"


def _postgresql_settings(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for name, value in POSTGRESQL_SESSION_SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")
        # A row or table lock held longer than this ends the waiting statement with
        # lock_not_available, which the UI offers to retry (is_busy), instead of hanging.
        cursor.execute(f"SET lock_timeout = {int(busy_timeout_ms)}")
        cursor.close()
        # A SET opens a transaction under psycopg's default; the pool expects an idle
        # connection.
        dbapi_connection.commit()

    return on_connect


# A pooled PostgreSQL connection is tested with a round trip before use only when it has lain
# idle this long. What drops connections (a restarted server, a firewall, PgBouncer, an idle
# timeout) drops idle ones, not one used a moment ago; and one user action runs several
# transactions within a second (the change, the window's reload, the tree's refresh), where
# a test before each cost a quarter of a millisecond (pool_pre_ping tests every checkout).
PING_AFTER_IDLE_S = 10.0
_IDLE_SINCE = "idle_since"


def _ping_when_idle(engine: Engine) -> None:
    """Test a connection that has lain idle in the pool before handing it out; a dropped one
    is replaced by a new connection, as pool_pre_ping would (DisconnectionError)."""

    def idle_from_now(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                log.info("an idle database connection was dropped; connecting anew")
                raise DisconnectionError() from error
            raise

    event.listen(engine, "connect", idle_from_now)
    event.listen(engine, "checkin", idle_from_now)
    event.listen(engine, "checkout", check)


def wait_for_locks(connection: Connection) -> None:
    """For this transaction only, PostgreSQL waits for locks as long as it takes (schema
    upgrades by the owner; the clients' lock_timeout is for interactive actions)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL lock_timeout = 0")


def commit_durably(connection: Connection) -> None:
    """For a change made outside Database.transaction() (a schema upgrade, a role): on
    PostgreSQL its commit waits for the disk, as a user's change does."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(SYNCHRONOUS_CHANGES)


def clock_of(session: Session) -> Clock:
    """The clock of the Database that opened `session` (the system clock for a bare session)."""
    clock = session.info.get("clock")
    return clock if clock is not None else SYSTEM_CLOCK


class Database:
    """One engine and its session factory. `transaction()` for writes, `read()` for queries."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        clock: Clock = SYSTEM_CLOCK,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.url = make_url(url)
        self.busy_timeout_ms = busy_timeout_ms
        self.clock = clock
        # hide_parameters: bound values (names, numbers, free text) never reach a log line or
        # an exception's text, whoever turns on SQL logging.
        kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
        if self.url.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
        if self.url.get_backend_name() == "postgresql" or self.url.database not in (
            None,
            "",
            ":memory:",
        ):
            # The connection used last is handed out next, so the window's reads, one after
            # another, keep to one connection: its SQLite page cache holds what the last
            # read read, and on PostgreSQL its server process has the statements planned
            # (psycopg prepares a statement after its fifth run on a connection). In turn
            # (the default) every idle connection filled a cache of its own and the same
            # search ran on each in turn (Kontraktslista's search 3.2-6.4 to 2.2-3.6 ms).
            kwargs["pool_use_lifo"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        # Who wrote a change, for the live updates: each open database is its own client and
        # skips the changes it published itself (db/live.py).
        self.client_id = uuid.uuid4().hex
        # A SQLite file's write-ahead log is copied into it by a thread of its own, not by
        # whichever commit fills it (db/wal_checkpoint.py).
        self._checkpointer: WalCheckpointer | None = None
        if (
            self.is_sqlite
            and self.url.database not in (None, "", ":memory:")
            and not self.url.query.get("uri")
        ):
            self._checkpointer = WalCheckpointer(
                str(self.url.database), busy_timeout_ms=busy_timeout_ms
            )
            event.listen(self.engine, "commit", self._after_commit)
        if self.is_sqlite:
            event.listen(
                self.engine,
                "connect",
                _sqlite_pragmas(busy_timeout_ms, own_checkpoints=self._checkpointer is not None),
            )
        elif self.dialect == "postgresql":
            event.listen(self.engine, "connect", _postgresql_settings(busy_timeout_ms))
            _ping_when_idle(self.engine)
        # Every session carries the clock, so services and queries read the time through it.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"clock": clock})
        # PostgreSQL's interactive reads in autocommit: no BEGIN and COMMIT around them (two
        # of a search's five round trips to the server). Under READ COMMITTED each statement
        # sees its own snapshot inside a transaction too, so a read sees what it saw before;
        # the read side's audit INSERT commits by itself. Same pool: the isolation level is
        # set when a connection is handed out and reset when it comes back.
        self._read_sessions = (
            sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
                info={"clock": clock},
            )
            if self.dialect == "postgresql"
            else self._sessions
        )

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
        """One user action: commit on success, roll back on any error. On PostgreSQL the
        commit waits for the disk (POSTGRESQL_SESSION_SETTINGS)."""
        with self._sessions() as session, session.begin():
            commit_durably(session.connection())
            yield session

    @contextmanager
    def read(self, *, autocommit: bool = False) -> Iterator[Session]:
        """A session for queries; what it writes is the read side's audit events. With
        `autocommit`, on PostgreSQL each statement commits by itself (the interactive reads
        of runner.call); not for work that streams rows through a server-side cursor, which
        lives in a transaction (yield_per)."""
        sessions = self._read_sessions if autocommit else self._sessions
        with sessions() as session, session.begin():
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

    @property
    def wal_checkpointer(self) -> WalCheckpointer | None:
        """What copies a SQLite file's write-ahead log into it (None: PostgreSQL, memory)."""
        return self._checkpointer

    def _after_commit(self, _connection: Connection) -> None:
        assert self._checkpointer is not None
        self._checkpointer.nudge()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._checkpointer is not None:
            self._checkpointer.stop()
