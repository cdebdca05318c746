"""Migration 0028: each message in a user's Inkorg carries the message's sent_at, filled in
for the messages already there, and the table stays an official record (no DELETE) through
SQLite's rebuild, up and down."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from tests.db.test_migrations import downgrade

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Message, User

SENT = (datetime(2026, 3, 2, 8, 30, tzinfo=UTC), datetime(2026, 11, 30, 14, 5, tzinfo=UTC))


def _messages_at_0027(database: Database) -> list[int]:
    """Two messages to one user, their Inkorg rows written as the schema of 0027 had them
    (users and messages are unchanged by 0028)."""
    with database.transaction() as session:
        user = User(
            username="inkorg", display_name="Inkorg Test", title="Testare", password_hash="x"
        )
        messages = [Message(subject="Ämne", body="", sent_at=sent_at) for sent_at in SENT]
        session.add_all([user, *messages])
        session.flush()
        for message in messages:
            session.execute(
                text("INSERT INTO message_recipients (message_id, user_id) VALUES (:m, :u)"),
                {"m": message.id, "u": user.id},
            )
        return [message.id for message in messages]


def _sent_at(database: Database, message_ids: list[int]) -> list[datetime]:
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT sent_at FROM message_recipients WHERE message_id IN (:a, :b) "
                "ORDER BY message_id"
            ),
            {"a": message_ids[0], "b": message_ids[1]},
        ).scalars()
        found = []
        for value in rows:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            found.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        return found


def _assert_kept(database: Database) -> None:
    with pytest.raises(DBAPIError, match="never deleted"), database.transaction() as session:
        session.execute(text("DELETE FROM message_recipients"))


def _indexes(database: Database) -> set[str]:
    return {str(i["name"]) for i in inspect(database.engine).get_indexes("message_recipients")}


def test_the_inkorg_rows_get_their_messages_sent_at_and_stay_records(any_db: Database) -> None:
    downgrade(any_db, "0027")
    message_ids = _messages_at_0027(any_db)
    _assert_kept(any_db)

    migrate.upgrade(any_db)
    assert _sent_at(any_db, message_ids) == list(SENT)
    assert {"ix_message_recipients_user_sent", "ix_message_recipients_user_read"} <= _indexes(
        any_db
    )
    assert "ix_message_recipients_user_id" not in _indexes(any_db)
    _assert_kept(any_db)
    with pytest.raises(DBAPIError), any_db.transaction() as session:
        session.execute(text("UPDATE message_recipients SET sent_at = NULL"))

    downgrade(any_db, "0027")
    assert "sent_at" not in {
        c["name"] for c in inspect(any_db.engine).get_columns("message_recipients")
    }
    assert "ix_message_recipients_user_id" in _indexes(any_db)
    _assert_kept(any_db)
    migrate.upgrade(any_db)
    assert _sent_at(any_db, message_ids) == list(SENT)
