"""Migration 0026: the audit trail keeps its rows, indexes and append-only triggers, and
records ids without foreign keys (a person id need not be checked against persons)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from tests.db.test_migrations import downgrade

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction

KEYED = {"person_id", "unit_id", "user_id"}


def _event(database: Database, **ids: int | None) -> int:
    with database.transaction() as session:
        event = AuditEvent(
            occurred_at=SYSTEM_CLOCK.now(),
            action=AuditAction.READ_PERSON,
            entity_type="person",
            entity_id=ids.get("person_id"),
            details={"view": "search"},
            **ids,
        )
        session.add(event)
        session.flush()
        return event.id


def _foreign_key_columns(database: Database) -> set[str]:
    keys = inspect(database.engine).get_foreign_keys("audit_events")
    return {column for key in keys for column in key["constrained_columns"]}


def _index_names(database: Database) -> set[str]:
    return {str(index["name"]) for index in inspect(database.engine).get_indexes("audit_events")}


def _assert_append_only(database: Database, event_id: int) -> None:
    for statement in (
        "UPDATE audit_events SET entity_type = 'changed' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"), database.transaction() as session:
            session.execute(text(statement), {"id": event_id})


def test_the_audit_trail_has_no_foreign_keys_and_stays_append_only(any_db: Database) -> None:
    assert _foreign_key_columns(any_db) == set()
    # Ids are recorded as given: nothing looks them up.
    recorded = _event(any_db, person_id=987_654, unit_id=876_543, user_id=765_432)
    _assert_append_only(any_db, recorded)
    assert {"ix_audit_events_occurred_at", "ix_audit_events_person_id"} <= _index_names(any_db)


def test_down_to_0025_and_up_again_keeps_every_event(any_db: Database) -> None:
    kept = [_event(any_db) for _ in range(3)]

    downgrade(any_db, "0025")
    assert _foreign_key_columns(any_db) == KEYED
    _assert_append_only(any_db, kept[0])

    migrate.upgrade(any_db)
    assert _foreign_key_columns(any_db) == set()
    _assert_append_only(any_db, kept[1])
    assert {"ix_audit_events_occurred_at", "ix_audit_events_person_id"} <= _index_names(any_db)
    with any_db.read() as session:
        assert session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all() == kept
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == len(kept)
