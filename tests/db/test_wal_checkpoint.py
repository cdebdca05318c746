"""SQLite's write-ahead log is copied into the database file by a thread of its own, never by
the commit of a user's action (which then waited up to half a second on the municipal demo)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from treserva_desktop.db import wal_checkpoint
from treserva_desktop.db.database import Database

THREAD = "treserva-wal-checkpoint"


@pytest.fixture(autouse=True)
def _soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wal_checkpoint, "CHECKPOINT_DELAY_S", 0.01)


def _wait_for(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not done():
        assert time.monotonic() < deadline, "the checkpoint thread did not get there"
        time.sleep(0.01)


def _write(database: Database, rows: int = 200) -> None:
    with database.transaction() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS scratch (id INTEGER, body TEXT)"))
        session.execute(
            text("INSERT INTO scratch (id, body) VALUES (:id, :body)"),
            [{"id": n, "body": "x" * 500} for n in range(rows)],
        )


def _checkpoint_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD]


def test_commits_leave_the_log_to_the_checkpoint_thread(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    checkpointer = sqlite_db.wal_checkpointer
    assert checkpointer is not None
    before = checkpointer.checkpoints

    _write(sqlite_db)
    _wait_for(lambda: checkpointer.checkpoints > before)
    assert checkpointer.last is not None
    frames, copied = checkpointer.last
    assert frames > 0
    assert copied == frames  # nobody was reading: the whole log went into the file


def test_the_thread_ends_with_the_database_and_starts_again_with_a_commit(
    sqlite_db: Database,
) -> None:
    checkpointer = sqlite_db.wal_checkpointer
    assert checkpointer is not None
    _write(sqlite_db)
    _wait_for(lambda: checkpointer.checkpoints > 0)
    running = len(_checkpoint_threads())
    assert running >= 1

    sqlite_db.dispose()
    assert len(_checkpoint_threads()) == running - 1

    done = checkpointer.checkpoints
    _write(sqlite_db)
    _wait_for(lambda: checkpointer.checkpoints > done)
    assert len(_checkpoint_threads()) == running


def test_the_data_is_whole_after_checkpoints_and_a_reopen(
    new_sqlite_db: Callable[..., Database],
) -> None:
    database = new_sqlite_db()
    for _ in range(5):
        _write(database, rows=100)
    database.dispose()
    path = Path(str(database.url.database))
    reopened = Database(f"sqlite:///{path}")
    try:
        with reopened.read() as session:
            assert session.scalar(text("SELECT count(*) FROM scratch")) == 500
            assert session.scalar(text("PRAGMA integrity_check")) == "ok"
    finally:
        reopened.dispose()


def test_memory_databases_keep_sqlites_own_checkpoints() -> None:
    database = Database("sqlite:///:memory:")
    try:
        assert database.wal_checkpointer is None
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    finally:
        database.dispose()
