"""A locked journal note is never changed and no journal record is ever deleted: the database
itself refuses raw SQL on SQLite and PostgreSQL (migration 0017).

One note is locked (signed), one is open; every refused statement leaves the rows as they
were, every allowed one is rolled back (the module shares one database per backend).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.enums import JournalKind, Role


@dataclass(frozen=True)
class Notes:
    database: Database
    journal_id: int
    locked_id: int
    open_id: int


def _note(journal: Journal, user_id: int) -> JournalEntry:
    now = SYSTEM_CLOCK.now()
    return JournalEntry(
        journal_id=journal.id,
        author_id=user_id,
        author_role=Role.CARE_STAFF,
        unit_id=journal.unit_id,
        heading="Morgonbesök",
        event_at=now,
        body="Hjälp med frukost.",
        created_at=now,
        saved_at=now,
        lock_due_at=now + timedelta(hours=24),
        signed=False,
    )


def _fill(database: Database) -> Notes:
    migrate.upgrade(database)
    with database.transaction() as session:
        generate_demo(session, persons=2, seed=5)
        user_id = session.scalar(select(func.min(User.id)))
        unit_id = session.scalar(select(func.min(OrgUnit.id)))
        person_id = session.scalar(select(func.min(Person.id)))
        assert user_id
        assert unit_id
        assert person_id
        journal = Journal(
            person_id=person_id,
            unit_id=unit_id,
            kind=JournalKind.SOCIAL,
            template_code="home_care",
            title="Genomförandejournal",
            created_at=SYSTEM_CLOCK.now(),
            created_by=user_id,
        )
        session.add(journal)
        session.flush()
        locked, unlocked = _note(journal, user_id), _note(journal, user_id)
        session.add_all([locked, unlocked])
        session.flush()
        for entry in (locked, unlocked):
            session.add(JournalEntryKeyword(entry_id=entry.id, keyword="Måltider"))
            session.add(
                JournalEntryVersion(
                    entry_id=entry.id,
                    version_no=1,
                    heading=entry.heading,
                    body=entry.body,
                    event_at=entry.event_at,
                    keywords=["Måltider"],
                    saved_at=entry.saved_at,
                    saved_by=user_id,
                )
            )
        session.flush()
        # Signed after its keywords were set: from now on nothing of it changes.
        locked.locked_at, locked.signed = SYSTEM_CLOCK.now(), True
        session.flush()
        return Notes(database, journal.id, locked.id, unlocked.id)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def notes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Notes]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path_factory.mktemp('journal') / 'j.sqlite3'}")
        yield _fill(database)
        database.dispose()
        return
    with scratch_postgres_url("treserva_journal_records") as url:
        database = Database(url)
        try:
            yield _fill(database)
        finally:
            database.dispose()


def refused(database: Database, statement: str) -> str:
    with pytest.raises(DBAPIError) as caught, database.transaction() as session:
        session.execute(text(statement))
    return str(caught.value.orig)


def allowed(database: Database, statement: str) -> int:
    """Run `statement` and roll it back; the number of rows it touched."""
    with database.engine.connect() as connection, connection.begin() as transaction:
        rows = connection.execute(text(statement)).rowcount
        transaction.rollback()
    return rows


def body(database: Database, entry_id: int) -> str:
    with database.read() as session:
        return str(session.scalar(text(f"SELECT body FROM journal_entries WHERE id = {entry_id}")))


@pytest.mark.parametrize(
    "assignment",
    [
        "body = 'Ändrad text'",
        "heading = 'Ny rubrik'",
        "event_at = lock_due_at",
        "unit_id = unit_id + 1",
        "locked_at = NULL",
        "signed = false",
    ],
)
def test_a_locked_notes_text_and_lock_cannot_be_changed(notes: Notes, assignment: str) -> None:
    message = refused(
        notes.database, f"UPDATE journal_entries SET {assignment} WHERE id = {notes.locked_id}"
    )
    assert "locked journal note" in message
    assert body(notes.database, notes.locked_id) == "Hjälp med frukost."


def test_a_note_past_its_lock_time_cannot_be_saved(notes: Notes) -> None:
    """Not yet marked locked, but the save's time is at or past lock_due_at."""
    message = refused(
        notes.database,
        "UPDATE journal_entries SET body = 'Sent', saved_at = lock_due_at "
        f"WHERE id = {notes.open_id}",
    )
    assert "locked journal note" in message


def test_an_unlocked_note_is_saved_and_signed(notes: Notes) -> None:
    assert allowed(
        notes.database,
        f"UPDATE journal_entries SET body = 'Ny text', version = version + 1 "
        f"WHERE id = {notes.open_id}",
    )
    assert allowed(
        notes.database,
        "UPDATE journal_entries SET locked_at = saved_at, signed = true "
        f"WHERE id = {notes.open_id}",
    )


@pytest.mark.parametrize(
    "table", ["journals", "journal_entries", "journal_entry_versions", "journal_entry_keywords"]
)
def test_deleting_is_refused(notes: Notes, table: str) -> None:
    """Keywords: those of the locked note (an unlocked note's may be replaced)."""
    where = f"WHERE entry_id = {notes.locked_id}" if table == "journal_entry_keywords" else ""
    refused(notes.database, f"DELETE FROM {table} {where}")
    with notes.database.read() as session:
        assert session.scalar(text(f"SELECT count(*) FROM {table}")) == 2 - (table == "journals")


def test_an_unlocked_notes_keywords_are_replaced_a_locked_ones_not(notes: Notes) -> None:
    open_id, locked_id = notes.open_id, notes.locked_id
    assert allowed(notes.database, f"DELETE FROM journal_entry_keywords WHERE entry_id = {open_id}")
    refused(
        notes.database,
        f"INSERT INTO journal_entry_keywords (entry_id, keyword) VALUES ({locked_id}, 'Sömn')",
    )
    refused(
        notes.database,
        f"UPDATE journal_entry_keywords SET entry_id = {locked_id} WHERE entry_id = {open_id}",
    )


def test_versions_are_append_only(notes: Notes) -> None:
    message = refused(notes.database, "UPDATE journal_entry_versions SET body = 'x'")
    assert "append-only" in message


def test_a_closed_journal_stays_closed(notes: Notes) -> None:
    with notes.database.engine.connect() as connection, connection.begin() as transaction:
        connection.execute(
            text("UPDATE journals SET closed_at = created_at, closed_by = created_by")
        )
        with pytest.raises(DBAPIError, match="closed journal"), connection.begin_nested():
            connection.execute(text("UPDATE journals SET closed_at = NULL"))
        transaction.rollback()


def test_what_a_note_is_never_changes(notes: Notes) -> None:
    message = refused(
        notes.database,
        f"UPDATE journal_entries SET author_id = author_id + 1 WHERE id = {notes.open_id}",
    )
    assert "never changes" in message
