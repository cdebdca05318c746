"""Migration 0010: the audit trail's check takes the account events, the rows already there
survive the change (SQLite rebuilds the table) and the append-only guards are still in force."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.domain.enums import AuditAction

# The revision 0010 follows (the lead may re-chain it after other migrations).
BEFORE = "0007"


def move_to(database: Database, revision: str, *, down: bool) -> None:
    config = migrate.alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def insert_event(database: Database, action: str) -> None:
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (occurred_at, role, action, entity_type, details) "
                "VALUES (:at, '', :action, 'user', '{}')"
            ),
            {"at": SYSTEM_CLOCK.now(), "action": action},
        )


def stored_actions(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(
            connection.execute(text("SELECT action FROM audit_events ORDER BY id")).scalars()
        )


def test_the_account_events_fit_the_trail_and_older_rows_survive(any_db: Database) -> None:
    head = migrate.head_revision(any_db)
    move_to(any_db, BEFORE, down=True)
    insert_event(any_db, "login")
    with pytest.raises((IntegrityError, DBAPIError)):
        insert_event(any_db, "logout")  # before 0010 the check refuses it
    move_to(any_db, head, down=False)
    for action in ("logout", "account_locked", "session_locked", "grant_role"):
        insert_event(any_db, action)
    assert stored_actions(any_db) == [
        "login",
        "logout",
        "account_locked",
        "session_locked",
        "grant_role",
    ]
    with pytest.raises((IntegrityError, DBAPIError)):
        insert_event(any_db, "not_an_action")
    # The append-only guards came through the rebuild.
    with pytest.raises(DBAPIError, match="append-only"), any_db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))
    with pytest.raises(DBAPIError, match="append-only"), any_db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET entity_type = 'x'"))
    assert len(stored_actions(any_db)) == 5


def test_every_audit_action_is_allowed_at_head(any_db: Database) -> None:
    for action in AuditAction:
        insert_event(any_db, action.value)
    assert stored_actions(any_db) == [action.value for action in AuditAction]


def test_the_downgrade_refuses_to_cut_account_events_from_the_trail(any_db: Database) -> None:
    insert_event(any_db, "logout")
    with pytest.raises((IntegrityError, DBAPIError)):
        move_to(any_db, BEFORE, down=True)
    assert migrate.current_revision(any_db) == migrate.head_revision(any_db)
    with any_db.engine.connect() as connection:
        columns = connection.execute(select(text("locked_until")).select_from(text("users"))).all()
    assert columns == []
