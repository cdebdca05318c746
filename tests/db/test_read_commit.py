"""How reads and changes commit on PostgreSQL: the read side's commits (its audit events only)
do not wait for a disk flush, a user action's transaction does; interactive reads run in
autocommit, without BEGIN and COMMIT (db/database.py)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session

from treserva_desktop.db import audit, migrate
from treserva_desktop.db.database import SYNCHRONOUS_CHANGES, Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.ui import runner


def _synchronous_commit(session: Session) -> str:
    return str(session.execute(text("SHOW synchronous_commit")).scalar_one())


def _events_seen_elsewhere(database: Database) -> int:
    """The audit events another connection sees (committed ones only)."""
    engine = create_engine(database.url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(AuditEvent)) or 0)
    finally:
        engine.dispose()


def _autocommit(session: Session, _actor: Any = None, _command: Any = None) -> bool:
    return bool(session.connection().connection.driver_connection.autocommit)  # type: ignore[union-attr]


@pytest.mark.postgres
def test_read_side_audit_commits_without_waiting_for_the_flush(postgres_db: Database) -> None:
    with postgres_db.read() as session:
        assert _synchronous_commit(session) == "off"
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
    with postgres_db.read(autocommit=True) as session:
        assert _synchronous_commit(session) == "off"
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1


@pytest.mark.postgres
def test_a_change_waits_for_the_flush_and_only_that_transaction(postgres_db: Database) -> None:
    with postgres_db.transaction() as session:
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
        assert _synchronous_commit(session) == "on"
    with postgres_db.read() as session:  # SET LOCAL: the next transaction starts as before
        assert _synchronous_commit(session) == "off"


@pytest.mark.postgres
def test_an_interactive_read_commits_each_statement_by_itself(postgres_db: Database) -> None:
    with postgres_db.read(autocommit=True) as session:
        assert _autocommit(session)
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
        session.flush()
        # Committed before the read ends: no transaction around it.
        assert _events_seen_elsewhere(postgres_db) == 1
    with postgres_db.read() as session:
        assert not _autocommit(session)
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
        session.flush()
        assert _events_seen_elsewhere(postgres_db) == 1  # not yet: a transaction
    assert _events_seen_elsewhere(postgres_db) == 2


@pytest.mark.postgres
def test_a_change_after_an_autocommit_read_is_still_one_transaction(
    postgres_db: Database,
) -> None:
    """The pool hands the read's connection back with its isolation level reset: a change
    made on it next still rolls back whole."""
    with postgres_db.read(autocommit=True) as session:
        session.execute(text("SELECT 1"))
    seen: list[bool] = []

    def failing_action() -> None:
        with postgres_db.transaction() as session:
            seen.append(_autocommit(session))
            audit.record(session, None, AuditAction.READ_PERSON, "person", None)
            session.flush()
            raise RuntimeError("the action fails after its first write")

    with pytest.raises(RuntimeError):
        failing_action()
    assert seen == [False]
    assert _events_seen_elsewhere(postgres_db) == 0


@pytest.mark.postgres
def test_the_runner_reads_in_autocommit_and_background_work_in_a_transaction(
    postgres_db: Database,
) -> None:
    interactive = runner.call(postgres_db, None, _autocommit, None, write=False)
    background = runner.call(
        postgres_db, None, _autocommit, None, write=False, read_in_transaction=True
    )
    assert (interactive.value, background.value) == (True, False)


def test_sqlite_read_side_audit_is_committed(sqlite_db: Database) -> None:
    for autocommit in (False, True):
        with sqlite_db.read(autocommit=autocommit) as session:
            audit.record(session, None, AuditAction.READ_PERSON, "person", None)
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2


@pytest.mark.postgres
def test_a_schema_upgrade_commits_durably(postgres_db: Database) -> None:
    """Changes made outside Database.transaction() ask for the synchronous commit too."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(postgres_db.engine, "before_cursor_execute", record)
    try:
        migrate.upgrade(postgres_db)
    finally:
        event.remove(postgres_db.engine, "before_cursor_execute", record)
    assert SYNCHRONOUS_CHANGES in sent
