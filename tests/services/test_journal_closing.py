"""Avsluta journal and the journal document (W12): who closes, once, by version, audited; the
document holds every note with its corrections and names the person on every page."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from tests.helpers.assignment_world import World, build_world
from tests.helpers.journal_notes import BODY, add_journal, add_note, engaged_person

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Journal
from treserva_desktop.documents.journal_document import render_journal
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.journal_closing import (
    CloseJournal,
    JournalOutput,
    PrintJournal,
)
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.views.journal_document import JournalDocumentView
from treserva_desktop.services.journal_closing import (
    close_journal,
    open_journal_document,
    record_journal_output,
)
from treserva_desktop.services.journal_corrections import correct_entry


def _version(db: Database, journal_id: int) -> int:
    with db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        return journal.version


def _close(world: World, username: str, journal_id: int) -> object:
    command = CloseJournal(journal_id=journal_id, expected_version=_version(world.db, journal_id))
    with world.db.transaction() as session:
        return close_journal(session, world.actor(username), command)


def _document(world: World, username: str, journal_id: int) -> JournalDocumentView:
    with world.db.transaction() as session:
        return open_journal_document(
            session, world.actor(username), PrintJournal(journal_id=journal_id)
        )


def test_a_manager_closes_the_journal_once(any_db: Database) -> None:
    world = build_world(any_db)
    journal_id = add_journal(world, engaged_person(world))
    add_note(world, journal_id)
    command = CloseJournal(journal_id=journal_id, expected_version=_version(any_db, journal_id))
    with any_db.transaction() as session:
        result = close_journal(session, world.actor("gruppchef"), command)
    assert change_set_of(close_journal, command, result).kinds == {ChangeKind.JOURNALS}
    with any_db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        assert journal.closed_at is not None
        assert journal.closed_by == world.users["gruppchef"]
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "journal", AuditEvent.action == AuditAction.UPDATE
            )
        ).one()
        assert event.details == {"change": "close", "notes_locked": 0}
    with pytest.raises(ValidationError, match="redan avslutad"):
        _close(world, "chef", journal_id)


def test_a_stale_version_is_refused(world: World) -> None:
    journal_id = add_journal(world, engaged_person(world))
    stale = CloseJournal(journal_id=journal_id, expected_version=_version(world.db, journal_id) + 1)
    with pytest.raises(Conflict), world.db.transaction() as session:
        close_journal(session, world.actor("chef"), stale)


@pytest.mark.parametrize("username", ["personal", "handlaggare", "soder"])
def test_staff_and_other_units_may_not_close(world: World, username: str) -> None:
    journal_id = add_journal(world, engaged_person(world))
    with pytest.raises(PermissionDenied):
        _close(world, username, journal_id)
    with world.db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        assert journal.closed_at is None


def test_the_document_holds_every_note_and_its_corrections(any_db: Database) -> None:
    world = build_world(any_db)
    journal_id = add_journal(world, engaged_person(world))
    first = add_note(world, journal_id)
    add_note(world, journal_id, heading="Kvällsbesök", body="Kvällsmat och medicin.\n\nSov gott.")
    start = BODY.index("kl 8")
    with any_db.transaction() as session:
        correct_entry(
            session,
            world.actor("chef"),
            CorrectEntry.of_range(first, start, start + 4, "kl 9", "Fel klockslag"),
        )
    view = _document(world, "personal", journal_id)
    assert [note.heading for note in view.notes] == ["Morgonbesök", "Kvällsbesök"]
    assert view.notes[0].corrections[0].replacement == "kl 9"
    with any_db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.READ_JOURNAL)
        ).one()
        assert event.details == {"view": "document"}
        assert event.entity_id == journal_id
    pdf = render_journal(view, printed_at=datetime(2026, 12, 2, 10, 0).astimezone())
    reader = PdfReader(io.BytesIO(pdf))
    content = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Morgonbesök", "Kvällsbesök", "kl 8", "kl 9", "Fel klockslag", "Sov gott"):
        assert expected in content
    assert "Rättad" in content
    assert "Karin Lundqvist" in content
    assert f"Sida 1 av {len(reader.pages)}" in content


def test_a_long_journal_names_the_person_on_every_page(world: World) -> None:
    journal_id = add_journal(world, engaged_person(world))
    for number in range(40):
        add_note(world, journal_id, heading=f"Besök {number}", body=BODY * 5)
    view = _document(world, "personal", journal_id)
    checked: list[int] = []
    pdf = render_journal(
        view, printed_at=datetime(2026, 12, 2).astimezone(), check=lambda: checked.append(1)
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    assert len(checked) >= 40
    for page in reader.pages:
        assert view.person_name in page.extract_text()
        assert view.identity_display in page.extract_text()


def test_printing_is_audited_and_scoped(world: World) -> None:
    journal_id = add_journal(world, engaged_person(world))
    with world.db.transaction() as session:
        record_journal_output(
            session, world.actor("personal"), JournalOutput(journal_id=journal_id)
        )
    with world.db.read() as session:
        assert session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "journal")
        ).all() == [AuditAction.PRINT]
    with pytest.raises(PermissionDenied):
        _document(world, "personal_soder", journal_id)


def test_a_closed_journal_takes_no_new_notes(world: World) -> None:
    from datetime import UTC, datetime

    from treserva_desktop.domain.commands.journals import SaveNote
    from treserva_desktop.services.journals import save_note

    journal_id = add_journal(world, engaged_person(world))
    _close(world, "gruppchef", journal_id)
    command = SaveNote(
        journal_id=journal_id,
        heading="Kvällsbesök",
        unit_id=world.units["Norr grupp 1"],
        event_at=datetime.now(UTC),
        body="Kvällsmat.",
    )
    with pytest.raises(ValidationError, match="avslutad"), world.db.transaction() as session:
        save_note(session, world.actor("personal"), command)


def test_an_hsl_journal_is_closed_by_the_units_nurses(world: World) -> None:
    from tests.helpers.journal_notes import add_nurse

    from treserva_desktop.domain.enums import JournalKind

    nurse = add_nurse(world)
    journal_id = add_journal(world, engaged_person(world), JournalKind.HSL)
    with pytest.raises(PermissionDenied, match="sjuksköterskor"):
        _close(world, "chef", journal_id)
    _close(world, nurse, journal_id)
    with world.db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        assert journal.closed_by == world.users[nurse]


def test_closing_locks_the_notes_that_could_still_change(world: World) -> None:
    from treserva_desktop.db.models import JournalEntry
    from treserva_desktop.db.queries.journal_document import unlocked_note_count

    journal_id = add_journal(world, engaged_person(world))
    signed = add_note(world, journal_id)
    open_note = add_note(world, journal_id, locked=False)
    with world.db.read() as session:
        assert unlocked_note_count(session, world.actor("gruppchef"), journal_id) == 1
    _close(world, "gruppchef", journal_id)
    with world.db.read() as session:
        entry = session.get(JournalEntry, open_note)
        assert entry is not None
        assert entry.locked_at is not None
        assert not entry.signed, "locked with the journal, not signed in the author's name"
        assert entry.body == BODY
        assert unlocked_note_count(session, world.actor("gruppchef"), journal_id) == 0
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.details["change"].as_string() == "close")
        ).one()
        assert event.details["notes_locked"] == 1
    assert signed != open_note
