"""Journals and notes for journal2's tests (corrections, closing, HSL, the journal PDF), made
on the assignment world's person at Norr grupp 1."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from tests.helpers.assignment_world import World

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.models import Journal, JournalEntry, RoleAssignment, User
from treserva_desktop.domain.enums import JournalKind, Role

BODY = "Märta åt frukost kl 8. Hon var glad och pratade om sin dotter Eva."


def engaged_person(world: World) -> int:
    sent = world.send_billable()
    world.distribute(sent)
    return sent.person_id


def add_nurse(world: World, username: str = "sjukskoterska") -> str:
    with world.db.transaction() as session:
        user = User(username=username, display_name="Siv Sjöberg", password_hash="x")
        session.add(user)
        session.flush()
        session.add(
            RoleAssignment(user_id=user.id, role=Role.NURSE, unit_id=world.units["Hemtjänst Norr"])
        )
        world.users[username] = user.id
    return username


def add_journal(
    world: World, person_id: int, kind: JournalKind = JournalKind.SOCIAL, unit: str = "Norr grupp 1"
) -> int:
    with world.db.transaction() as session:
        journal = Journal(
            person_id=person_id,
            unit_id=world.units[unit],
            kind=kind,
            template_code="hsl" if kind is JournalKind.HSL else "home_care",
            title="HSL-journal" if kind is JournalKind.HSL else "Genomförandejournal",
            created_at=SYSTEM_CLOCK.now(),
            created_by=world.users["personal"],
        )
        session.add(journal)
        session.flush()
        return journal.id


def add_note(
    world: World,
    journal_id: int,
    *,
    body: str = BODY,
    heading: str = "Morgonbesök",
    locked: bool = True,
    author: str = "personal",
    at: datetime | None = None,
) -> int:
    """A note signed two days ago, or (locked=False) saved an hour ago and still open."""
    saved = at or SYSTEM_CLOCK.now() - (timedelta(days=2) if locked else timedelta(hours=1))
    with world.db.transaction() as session:
        return _note(session, world, journal_id, body, heading, locked, author, saved)


def _note(
    session: Session,
    world: World,
    journal_id: int,
    body: str,
    heading: str,
    locked: bool,
    author: str,
    saved: datetime,
) -> int:
    journal = session.get(Journal, journal_id)
    assert journal is not None
    entry = JournalEntry(
        journal_id=journal_id,
        author_id=world.users[author],
        author_role=Role.NURSE if journal.kind is JournalKind.HSL else Role.CARE_STAFF,
        unit_id=journal.unit_id,
        heading=heading,
        event_at=saved,
        body=body,
        created_at=saved,
        saved_at=saved,
        lock_due_at=saved + timedelta(hours=24) if not locked else saved + timedelta(days=365),
        locked_at=saved if locked else None,
        signed=locked,
    )
    session.add(entry)
    session.flush()
    return entry.id
