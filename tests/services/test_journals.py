"""Genomförandejournaler: a journal from a template, notes saved as versions, the author-only
edit, the lock (signed, or by time on a pinned clock), HSL gating, closed journals, the
person's objection, paging and filters, and the audit trail; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select, update
from tests.helpers.accounts import MovableClock
from tests.helpers.assignment_world import World, build_world

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AppSetting,
    AuditEvent,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries import journals as journal_queries
from treserva_desktop.domain import journal_rules
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.journals import CreateJournal, SaveNote, SignNote
from treserva_desktop.domain.enums import AuditAction, JournalKind, Role
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.views.journals import NoteFilter, NoteResult
from treserva_desktop.services import journals


@dataclass
class Setup:
    world: World
    db: Database  # on the movable clock
    clock: MovableClock
    person_id: int
    unit_id: int
    journal_id: int


def _nurse(world: World) -> None:
    with world.db.transaction() as session:
        user = User(username="syster", display_name="Siv Syster", title="", password_hash="x")
        session.add(user)
        session.flush()
        session.add(
            RoleAssignment(user_id=user.id, role=Role.NURSE, unit_id=world.units["Hemtjänst Norr"])
        )
        world.users["syster"] = user.id


@pytest.fixture
def setup(any_db: Database) -> Setup:
    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent)
    _nurse(world)
    clock = MovableClock(SYSTEM_CLOCK.now().replace(microsecond=0))
    db = Database(any_db.url.render_as_string(hide_password=False), clock=clock)
    unit_id = world.units["Norr grupp 1"]
    with db.transaction() as session:
        result = journals.create_journal(
            session,
            world.actor("personal"),
            CreateJournal(person_id=sent.person_id, unit_id=unit_id, template_code="home_care"),
        )
    yield Setup(world, db, clock, sent.person_id, unit_id, result.journal_id)
    db.dispose()


def save(s: Setup, actor: str = "personal", **values: object) -> NoteResult:
    command: dict[str, object] = {
        "journal_id": s.journal_id,
        "heading": "Dagsanteckning",
        "unit_id": s.unit_id,
        "event_at": s.clock.now() - timedelta(hours=1),
        "body": "Hjälpte till med frukost. Åt med god aptit.",
        "keywords": ("Måltider", "Personlig vård"),
    }
    command.update(values)
    with s.db.transaction() as session:
        return journals.save_note(session, s.world.actor(actor), SaveNote(**command))  # type: ignore[arg-type]


def edit(s: Setup, note: NoteResult, actor: str = "personal", **values: object) -> NoteResult:
    return save(s, actor, entry_id=note.entry_id, expected_version=note.version, **values)


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_note_is_saved_listed_and_opened_with_its_versions(setup: Setup) -> None:
    s = setup
    note = save(s)
    assert change_set_of(journals.save_note, None, note).kinds == {ChangeKind.JOURNALS}
    assert change_set_of(journals.save_note, None, note).persons == {s.person_id}
    edited = edit(s, note, body="Hjälpte till med frukost och dusch.", keywords=("Hygien",))
    assert edited.version == 2
    staff = s.world.actor("personal")
    with s.db.read() as session:
        page = journal_queries.journal_notes(session, staff, s.journal_id)
        view = journal_queries.note_view(session, staff, note.entry_id)
        versions = session.scalars(
            select(JournalEntryVersion.version_no).where(
                JournalEntryVersion.entry_id == note.entry_id
            )
        ).all()
    assert [row.id for row in page.rows] == [note.entry_id]
    row = page.rows[0]
    assert (row.author_name, row.author_role, row.unit_name) == (
        "Amina Hassan",
        Role.CARE_STAFF,
        "Norr grupp 1",
    )
    assert row.keywords == ("Hygien",)
    assert not row.locked
    assert view.body == "Hjälpte till med frukost och dusch."
    assert view.editable
    assert sorted(versions) == [1, 2]


def test_reads_and_writes_are_audited_without_text(setup: Setup) -> None:
    s = setup
    note = save(s, body="Hemlig text som aldrig hamnar i loggen")
    with s.db.read() as session:
        journal_queries.note_view(session, s.world.actor("personal"), note.entry_id)
    with s.db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.person_id == s.person_id)
        ).all()
    reads = [e for e in events if e.action is AuditAction.READ_JOURNAL]
    assert any(e.entity_type == "journal_entry" and e.entity_id == note.entry_id for e in reads)
    assert any(e.action is AuditAction.CREATE and e.entity_type == "journal" for e in events)
    assert all("Hemlig" not in str(e.details) for e in events)
    assert all("Dagsanteckning" not in str(e.details) for e in events)


def test_the_window_reads_its_header_and_first_page_together_audited_once(
    setup: Setup,
) -> None:
    s = setup
    notes = [save(s, keywords=("Sömn",) if n == 1 else ()) for n in range(3)]
    staff = s.world.actor("personal")

    def journal_reads() -> int:
        with s.db.read() as session:
            return len(
                session.scalars(
                    select(AuditEvent.id).where(
                        AuditEvent.action == AuditAction.READ_JOURNAL,
                        AuditEvent.person_id == s.person_id,
                    )
                ).all()
            )

    before = journal_reads()
    with s.db.transaction() as session:
        data = journal_queries.journal_window_data(session, staff, s.journal_id)
        filtered = journal_queries.journal_window_data(
            session, staff, s.journal_id, NoteFilter(keyword="Sömn")
        )
    assert journal_reads() == before + 2  # one event for each read of header and page
    with s.db.read() as session:
        view = journal_queries.journal_view(session, staff, s.journal_id)
        page = journal_queries.journal_notes(session, staff, s.journal_id)
    assert data.view == view
    assert data.notes == page
    assert [row.id for row in data.notes.rows] == [n.entry_id for n in reversed(notes)]
    assert [row.id for row in filtered.notes.rows] == [notes[1].entry_id]
    with pytest.raises(PermissionDenied), s.db.transaction() as session:
        journal_queries.journal_window_data(session, s.world.actor("personal_soder"), s.journal_id)


def test_empty_text_is_refused_and_nothing_saved(setup: Setup) -> None:
    s = setup
    with pytest.raises(ValidationError, match="Skriv en anteckning"):
        save(s, body="   ")
    # Too long: the note window asks the rule before it builds the command, which refuses too.
    with pytest.raises(ValidationError, match=r"högst 20.000 tecken; den har 200.000"):
        journal_rules.check_note_text("Rubrik", "x" * 200_000)
    with pytest.raises(PydanticValidationError, match=r"högst 20.000 tecken"):
        save(s, body="x" * 20_001)
    assert count(s.db, JournalEntry) == 0
    assert count(s.db, JournalEntryVersion) == 0


def test_a_closed_journal_takes_no_notes(setup: Setup) -> None:
    s = setup
    with s.db.transaction() as session:
        session.execute(
            update(Journal)
            .where(Journal.id == s.journal_id)
            .values(closed_at=s.clock.now(), closed_by=s.world.users["chef"])
        )
    with pytest.raises(ValidationError, match="avslutad"):
        save(s)
    assert count(s.db, JournalEntry) == 0


def test_before_the_lock_only_the_author_edits(setup: Setup) -> None:
    s = setup
    note = save(s)
    with pytest.raises(ValidationError, match="Bara den som skrev"):
        edit(s, note, actor="gruppchef", body="Ändrad av någon annan")
    with pytest.raises(ValidationError, match="Bara den som skrev"), s.db.transaction() as session:
        journals.sign_note(
            session,
            s.world.actor("gruppchef"),
            SignNote(entry_id=note.entry_id, expected_version=note.version),
        )
    with s.db.read() as session:
        view = journal_queries.note_view(session, s.world.actor("gruppchef"), note.entry_id)
    assert not view.editable
    assert view.body.startswith("Hjälpte")


def test_saving_twice_unchanged_in_one_moment_is_still_a_new_version(setup: Setup) -> None:
    s = setup
    note = save(s)
    again = edit(s, note)
    assert edit(s, again).version == 3
    with s.db.read() as session:
        versions = session.scalars(
            select(JournalEntryVersion.version_no).where(
                JournalEntryVersion.entry_id == note.entry_id
            )
        ).all()
    assert sorted(versions) == [1, 2, 3]


def test_a_stale_edit_is_a_conflict(setup: Setup) -> None:
    s = setup
    note = save(s)
    edit(s, note, body="Första ändringen")
    with pytest.raises(Conflict):
        edit(s, note, body="Andra ändringen från ett gammalt fönster")


def test_the_lock_comes_after_the_configured_hours(setup: Setup) -> None:
    s = setup
    note = save(s)
    s.clock.advance(timedelta(hours=23, minutes=59))
    note = edit(s, note, body="Kompletterad samma dygn")
    s.clock.advance(timedelta(minutes=1))
    with pytest.raises(ValidationError, match="skrivskyddad"):
        edit(s, note, body="För sent")
    with s.db.read() as session:
        row = journal_queries.journal_notes(session, s.world.actor("personal"), s.journal_id)
        view = journal_queries.note_view(session, s.world.actor("personal"), note.entry_id)
    assert row.rows[0].locked
    assert view.locked
    assert not view.editable
    assert view.body == "Kompletterad samma dygn"


def test_the_lock_hours_are_an_installation_setting(setup: Setup) -> None:
    s = setup
    with s.db.transaction() as session:
        session.add(AppSetting(key=journal_queries.LOCK_HOURS_KEY, value="2"))
    note = save(s)
    s.clock.advance(timedelta(hours=2))
    with pytest.raises(ValidationError, match="2 timmar"):
        edit(s, note, body="För sent")


def test_signing_locks_the_note(setup: Setup) -> None:
    s = setup
    note = save(s)
    with s.db.transaction() as session:
        signed = journals.sign_note(
            session,
            s.world.actor("personal"),
            SignNote(entry_id=note.entry_id, expected_version=note.version),
        )
    assert signed.locked
    with pytest.raises(ValidationError, match="skrivskyddad"):
        edit(s, signed, body="Efter signering")
    with s.db.read() as session:
        entry = session.get(JournalEntry, note.entry_id)
        assert entry is not None
        assert entry.signed
        assert entry.locked_at is not None


def test_the_persons_objection_is_a_note_linked_to_a_locked_one(setup: Setup) -> None:
    s = setup
    note = save(s)
    with pytest.raises(ValidationError, match="skrivskyddad anteckning"):
        save(s, heading="Den enskildes synpunkt", objection_to_entry_id=note.entry_id)
    s.clock.advance(timedelta(hours=25))
    objection = save(
        s,
        heading="Den enskildes synpunkt",
        body="Personen menar att frukosten serverades en timme för sent.",
        keywords=(),
        objection_to_entry_id=note.entry_id,
        event_at=s.clock.now(),
    )
    with s.db.read() as session:
        entry = session.get(JournalEntry, objection.entry_id)
        original = session.get(JournalEntry, note.entry_id)
        assert entry is not None
        assert original is not None
        assert entry.objection_to_entry_id == note.entry_id
        # The note answered was locked by its time; the objection wrote that lock down.
        assert original.locked_at is not None
        assert original.body.startswith("Hjälpte")


def test_hsl_journals_are_written_by_nurses_only(setup: Setup) -> None:
    s = setup
    command = CreateJournal(person_id=s.person_id, unit_id=s.unit_id, template_code="hsl")
    with pytest.raises(PermissionDenied, match="sjuksköterskor"), s.db.transaction() as session:
        journals.create_journal(session, s.world.actor("gruppchef"), command)
    with s.db.transaction() as session:
        hsl = journals.create_journal(session, s.world.actor("syster"), command)
    note = save(s, actor="syster", journal_id=hsl.journal_id, heading="Omvårdnadsanteckning")
    with s.db.read() as session:
        entry = session.get(JournalEntry, note.entry_id)
        assert entry is not None
        assert entry.author_role is Role.NURSE
        with pytest.raises(PermissionDenied):
            journal_queries.journal_notes(session, s.world.actor("personal"), hsl.journal_id)
        documents = journal_queries.person_documents(
            session, s.world.actor("personal"), s.person_id, s.unit_id
        )
        assert [j.kind for j in documents.journals] == [JournalKind.SOCIAL]
    with pytest.raises(PermissionDenied):
        save(s, actor="personal", journal_id=hsl.journal_id)


def test_nurses_do_not_write_social_notes(setup: Setup) -> None:
    with pytest.raises(PermissionDenied, match="HSL-journalen"):
        save(setup, actor="syster")


def test_one_open_journal_of_a_kind_per_person_and_unit(setup: Setup) -> None:
    s = setup
    with pytest.raises(ValidationError, match="redan en aktuell"), s.db.transaction() as session:
        journals.create_journal(
            session,
            s.world.actor("gruppchef"),
            CreateJournal(person_id=s.person_id, unit_id=s.unit_id, template_code="home_care"),
        )


def test_staff_outside_the_unit_are_refused(setup: Setup) -> None:
    with pytest.raises(PermissionDenied):
        save(setup, actor="personal_soder")


def test_pages_newest_first_with_filters(setup: Setup) -> None:
    s = setup
    start = s.clock.now() - timedelta(hours=260)
    with s.db.transaction() as session:
        for number in range(250):
            moment = start + timedelta(hours=number)
            entry = JournalEntry(
                journal_id=s.journal_id,
                author_id=s.world.users["personal" if number % 2 else "gruppchef"],
                author_role=Role.CARE_STAFF,
                unit_id=s.unit_id,
                heading="Dagsanteckning",
                event_at=moment,
                body=f"Anteckning {number}",
                created_at=moment,
                saved_at=moment,
                lock_due_at=moment + timedelta(hours=24),
                signed=False,
            )
            session.add(entry)
            session.flush()
            if number % 10 == 0:
                session.add(JournalEntryKeyword(entry_id=entry.id, keyword="Sömn"))
    staff = s.world.actor("personal")
    with s.db.read() as session:
        first = journal_queries.journal_notes(session, staff, s.journal_id, limit=100)
        assert first.next_cursor is not None
        second = journal_queries.journal_notes(
            session, staff, s.journal_id, after=first.next_cursor, limit=100
        )
        third = journal_queries.journal_notes(
            session, staff, s.journal_id, after=second.next_cursor, limit=100
        )
        sleep = journal_queries.journal_notes(
            session, staff, s.journal_id, NoteFilter(keyword="Sömn")
        )
        mine = journal_queries.journal_notes(
            session, staff, s.journal_id, NoteFilter(author_id=s.world.users["personal"])
        )
        view = journal_queries.journal_view(session, staff, s.journal_id)
        day = (start + timedelta(hours=100)).astimezone().date()
        one_day = journal_queries.journal_notes(
            session, staff, s.journal_id, NoteFilter(from_day=day, to_day=day)
        )
    rows = first.rows + second.rows + third.rows
    assert len(rows) == 250
    assert third.next_cursor is None
    assert [r.event_at for r in rows] == sorted((r.event_at for r in rows), reverse=True)
    assert len({r.id for r in rows}) == 250
    assert len(sleep.rows) == 25
    assert all(r.keywords == ("Sömn",) for r in sleep.rows)
    assert len(mine.rows) == 100
    assert mine.next_cursor is not None
    assert {c.name for c in view.authors} == {"Amina Hassan", "Anders Holmgren"}
    assert 1 <= len(one_day.rows) <= 24
    assert all(r.event_at.astimezone().date() == day for r in one_day.rows)
    assert rows[0].locked is False
    assert rows[-1].locked is True


def test_the_template_fills_the_note_window(setup: Setup) -> None:
    with setup.db.read() as session:
        view = journal_queries.journal_view(
            session, setup.world.actor("personal"), setup.journal_id
        )
    assert "Förflyttning" in view.keywords
    assert "Dagsanteckning" in view.headings
    assert view.phrases
    assert view.units[0].id == setup.unit_id
    assert view.organisation.endswith("Norr grupp 1")


def test_unknown_template_is_refused(setup: Setup) -> None:
    s = setup
    with pytest.raises(ValidationError, match="Mallen finns inte"), s.db.transaction() as session:
        journals.create_journal(
            session,
            s.world.actor("personal"),
            CreateJournal(person_id=s.person_id, unit_id=s.unit_id, template_code="nope"),
        )


def test_event_time_in_the_future_is_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError, match="framtiden"):
        save(setup, event_at=setup.clock.now() + timedelta(days=1))


def test_moments_are_stored_in_utc(setup: Setup) -> None:
    note = save(setup, event_at=datetime(2026, 1, 2, 8, 0, tzinfo=UTC))
    with setup.db.read() as session:
        view = journal_queries.note_view(session, setup.world.actor("personal"), note.entry_id)
    assert view.event_at == datetime(2026, 1, 2, 8, 0, tzinfo=UTC)
