"""Engine set-up, SQLite pragmas, transactions and connection errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from treserva_desktop.db import database as database_module
from treserva_desktop.db.database import Database, DatabaseUnavailable, wait_for_locks
from treserva_desktop.db.models import AppSetting
from treserva_desktop.domain.errors import DomainError

PASSWORD = "Hemligt-L0senord"
UNREACHABLE = f"postgresql+psycopg://treserva:{PASSWORD}@127.0.0.1:1/treserva"


def test_sqlite_pragmas_are_set_on_every_connection(sqlite_db: Database) -> None:
    for _ in range(2):
        with sqlite_db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000
        sqlite_db.engine.dispose()


def test_the_pool_hands_out_the_connection_used_last(any_db: Database) -> None:
    """Each connection keeps its own caches (SQLite's pages, PostgreSQL's prepared plans):
    after two connections were in use at once, the next read gets the one returned last,
    not the other in turn."""
    engine = any_db.engine
    first, second = engine.connect(), engine.connect()
    first_dbapi = first.connection.dbapi_connection
    second.close()
    first.close()
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.connection.dbapi_connection is first_dbapi


@pytest.mark.postgres
def test_postgresql_sessions_plan_for_cached_index_lookups(postgres_db: Database) -> None:
    """Every pooled connection has the session settings, and is idle when handed out."""
    for _ in range(2):
        with postgres_db.read() as session:
            assert session.scalar(text("SHOW random_page_cost")) == "1.1"
            assert session.scalar(text("SHOW max_parallel_workers_per_gather")) == "0"
    with postgres_db.engine.connect() as connection:
        status = connection.connection.dbapi_connection.info.transaction_status  # type: ignore[union-attr]
        assert status.name == "IDLE"


def _backend_pid(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(text("SELECT pg_backend_pid()")) or 0)


@pytest.mark.postgres
def test_a_connection_used_a_moment_ago_is_not_tested_again(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One user action runs several transactions in a row: only a connection that has lain
    idle in the pool is tested with a round trip first."""
    pings: list[object] = []
    real_ping = postgres_db.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(real_ping(dbapi_connection))

    monkeypatch.setattr(postgres_db.engine.dialect, "do_ping", counted)
    first = _backend_pid(postgres_db)
    assert _backend_pid(postgres_db) == first
    assert pings == []
    monkeypatch.setattr(database_module, "PING_AFTER_IDLE_S", 0.0)
    assert _backend_pid(postgres_db) == first
    assert len(pings) == 1


@pytest.mark.postgres
def test_an_idle_connection_dropped_by_the_server_is_replaced_unnoticed(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection the server ended while it lay idle (a restart, an idle timeout)
    is found by the test before use, and the action runs on a new one."""
    dropped = _backend_pid(postgres_db)
    other = Database(postgres_db.url.render_as_string(hide_password=False))
    try:
        with other.transaction() as session:
            # With a timeout it waits until the backend has gone (PostgreSQL 14 and later).
            ended = text("SELECT pg_terminate_backend(:pid, 5000)")
            assert session.scalar(ended, {"pid": dropped})
    finally:
        other.dispose()
    monkeypatch.setattr(database_module, "PING_AFTER_IDLE_S", 0.0)
    assert _backend_pid(postgres_db) not in (0, dropped)


def test_sqlite_enforces_foreign_keys(sqlite_db: Database) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO org_units (id, parent_id, name, kind, is_provider, phone, sort_order)"
                " VALUES (1, 999, 'Enhet', 'unit', 1, '', 0)"
            )
        )


def test_transaction_commits_on_success(any_db: Database) -> None:
    with any_db.transaction() as session:
        session.add(AppSetting(key="demo", value="ja"))
    with any_db.read() as session:
        assert session.scalar(select(AppSetting.value).where(AppSetting.key == "demo")) == "ja"


class Boom(Exception):
    """An unexpected error in the middle of a user action."""


def add_setting_then_fail(database: Database, error: Exception) -> None:
    with database.transaction() as session:
        session.add(AppSetting(key="demo", value="ja"))
        session.flush()
        raise error


@pytest.mark.parametrize(
    "error", [Boom(), DomainError("Något gick fel.")], ids=["unexpected", "domain"]
)
def test_transaction_rolls_back_on_exception(any_db: Database, error: Exception) -> None:
    with pytest.raises(type(error)):
        add_setting_then_fail(any_db, error)
    with any_db.read() as session:
        assert session.scalars(select(AppSetting)).all() == []


def test_objects_stay_usable_after_commit(any_db: Database) -> None:
    with any_db.transaction() as session:
        setting = AppSetting(key="demo", value="ja")
        session.add(setting)
    # expire_on_commit=False: no lazy load (and no DetachedInstanceError) after the session.
    assert setting.value == "ja"


def test_check_connection_passes_on_a_reachable_database(any_db: Database) -> None:
    any_db.check_connection()


def test_unreachable_postgres_raises_swedish_error_without_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    database = Database(UNREACHABLE)
    with caplog.at_level(logging.DEBUG), pytest.raises(DatabaseUnavailable) as caught:
        database.check_connection()
    database.dispose()

    error = caught.value
    assert isinstance(error, DomainError)
    assert error.message.startswith("Det gick inte att ansluta till databasen")
    assert "databasservern" in error.message
    assert "127.0.0.1:1/treserva" in error.message
    for shown in (error.message, str(error), caplog.text):
        assert PASSWORD not in shown


def test_display_location_hides_the_password() -> None:
    database = Database(UNREACHABLE)
    try:
        assert database.display_location == "treserva:***@127.0.0.1:1/treserva"
        assert PASSWORD not in database.display_location
        assert database.dialect == "postgresql"
        assert not database.is_sqlite
    finally:
        database.dispose()


def test_display_location_of_sqlite_is_the_file(tmp_path: Path) -> None:
    path = tmp_path / "treserva.sqlite3"
    database = Database(f"sqlite:///{path}")
    assert database.display_location == str(path)
    assert database.is_sqlite
    assert database.dialect == "sqlite"
    database.dispose()
    memory = Database("sqlite://")
    assert memory.display_location == ":memory:"
    memory.dispose()


def test_missing_sqlite_directory_raises_database_unavailable(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'saknas' / 'treserva.sqlite3'}")
    with pytest.raises(DatabaseUnavailable, match="Det gick inte att ansluta"):
        database.check_connection()
    database.dispose()


def test_bound_values_stay_out_of_sql_logs_and_error_texts(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Found by the log scan: with SQL logging on, every INSERT printed names and numbers."""
    personal = "Andersson, Karin 19380412-1234"
    engine_log = logging.getLogger("sqlalchemy.engine")
    level = engine_log.level
    engine_log.setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO), sqlite_db.transaction() as session:
            session.add(AppSetting(key="log-test", value=personal))
    finally:
        engine_log.setLevel(level)
    assert "INSERT INTO app_settings" in caplog.text
    assert "Andersson" not in caplog.text
    with pytest.raises(IntegrityError) as caught, sqlite_db.transaction() as session:
        session.add(AppSetting(key="log-test", value=personal))
    assert "UNIQUE" in str(caught.value)
    assert "Andersson" not in str(caught.value)


@pytest.mark.postgres
def test_postgresql_clients_give_up_on_a_lock_after_the_busy_timeout(
    postgres_db: Database,
) -> None:
    """The clients' lock_timeout (then "Databasen är upptagen"); a schema upgrade waits."""
    with postgres_db.engine.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar_one() == "5s"
    with postgres_db.engine.begin() as connection:
        wait_for_locks(connection)
        assert connection.execute(text("SHOW lock_timeout")).scalar_one() == "0"
    with postgres_db.engine.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar_one() == "5s"
