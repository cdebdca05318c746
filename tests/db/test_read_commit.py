"""The read side's commits (its audit events only) do not wait for a disk flush on
PostgreSQL; a user action's transaction does (db/audit.relax_read_commit)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction


def _synchronous_commit(session: Session) -> str:
    return str(session.execute(text("SHOW synchronous_commit")).scalar_one())


@pytest.mark.postgres
def test_read_side_audit_commits_without_waiting_for_the_flush(postgres_db: Database) -> None:
    with postgres_db.read() as session:
        assert _synchronous_commit(session) == "on"  # nothing written yet: untouched
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
        assert _synchronous_commit(session) == "off"
    with postgres_db.read() as session:  # SET LOCAL: the next transaction starts as before
        assert _synchronous_commit(session) == "on"
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
    with postgres_db.transaction() as session:  # a change keeps the synchronous commit
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
        assert _synchronous_commit(session) == "on"


def test_sqlite_read_side_audit_is_committed(sqlite_db: Database) -> None:
    with sqlite_db.read() as session:
        audit.record(session, None, AuditAction.READ_PERSON, "person", None)
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
