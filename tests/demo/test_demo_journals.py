"""The small demo's journals: every person with running, acknowledged rows has a journal at
the performing unit, written by a demo user who may write there; the district nurse writes
HSL journals; notes are dated before the demo day, locked when signed or a day old."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from tests.demo.test_generator import TODAY, _aware, _scope

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    User,
)
from treserva_desktop.demo import generate_demo
from treserva_desktop.demo import organisation as named
from treserva_desktop.domain.enums import JournalKind, Role

START_OF_DAY = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=UTC)


@pytest.fixture
def demo(sqlite_db: Database) -> Database:
    """SQLite with a 60-person demo municipality dated TODAY."""
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=60, seed=5, today=TODAY)
    return sqlite_db


def test_notes_are_written_where_their_authors_work(demo: Database) -> None:
    with demo.read() as session:
        notes = session.execute(
            select(JournalEntry, Journal.kind, User.username)
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .join(User, User.id == JournalEntry.author_id)
        ).all()
        scopes = {username: _scope(session, username) for _note, _kind, username in notes}
        assert len(notes) >= 20
        kinds = {kind for _note, kind, _username in notes}
        assert kinds == {JournalKind.SOCIAL, JournalKind.HSL}
        for note, kind, username in notes:
            assert note.unit_id in scopes[username]
            if kind is JournalKind.HSL:
                assert (username, note.author_role) == (named.SJUKSKOTERSKA, Role.NURSE)
            else:
                assert note.author_role is not Role.NURSE
            assert _aware(note.event_at) < START_OF_DAY


def test_notes_lock_when_signed_or_a_day_after_saving(demo: Database) -> None:
    with demo.read() as session:
        notes = session.scalars(select(JournalEntry)).all()
    locked = [note for note in notes if note.locked_at is not None]
    assert locked
    for note in notes:
        due = _aware(note.lock_due_at)
        assert due == _aware(note.created_at) + timedelta(hours=24)
        if note.signed:
            assert note.locked_at is not None
        elif note.locked_at is None:
            assert due > START_OF_DAY


def test_each_note_has_its_version_and_keywords(demo: Database) -> None:
    with demo.read() as session:
        notes = session.scalar(select(func.count()).select_from(JournalEntry))
        versions = session.scalars(select(JournalEntryVersion)).all()
        linked: dict[int, set[str]] = {}
        for entry_id, keyword in session.execute(
            select(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword)
        ):
            linked.setdefault(entry_id, set()).add(keyword)
    assert len(versions) == notes
    for version in versions:
        assert version.keywords
        assert linked[version.entry_id] == set(version.keywords)
