"""The permission table's entries for journal corrections (W7), closing and the journal
document (W12) and HSL openings and disclosures (W13), merged into TABLE by
permission_table.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import RoleWorld
from tests.services.permission_table import (
    _HELPER,
    MANAGERS,
    PROVIDER_STAFF,
    Checked,
    Exempt,
    _target,
    in_scope_for,
)

from treserva_desktop.db.models import HslOpening, Journal, JournalEntry
from treserva_desktop.db.queries import hsl_openings as hsl_queries
from treserva_desktop.db.queries import journal_corrections as correction_queries
from treserva_desktop.db.queries import journal_document as journal_document_queries
from treserva_desktop.domain.commands.journal_closing import (
    CloseJournal,
    JournalOutput,
    OpenHslJournal,
    PrintJournal,
    RecordDisclosure,
)
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.enums import DisclosureBasis, JournalKind, Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import hsl_openings, journal_closing, journal_corrections

# Social journals are read by those who write them; a locked note is corrected by the unit's
# verksamhetschef; a social journal is closed by the unit's managers.
READ_SOCIAL = in_scope_for(PROVIDER_STAFF)
CORRECT = in_scope_for({Role.OPERATIONS_MANAGER})
CLOSE = in_scope_for(MANAGERS)
# HSL journals: the unit's nurses, and a verksamhetschef who has recorded an opening.
READ_HSL = in_scope_for({Role.OPERATIONS_MANAGER, Role.NURSE})
BODY = "Åt frukost kl 8 och var glad."


def _journal(
    session: Session, world: RoleWorld, in_scope: bool, kind: JournalKind = JournalKind.SOCIAL
) -> Journal:
    now = datetime.now(UTC)
    journal = Journal(
        person_id=_target(world, "person", in_scope),
        unit_id=world.unit_pair().of(in_scope),
        kind=kind,
        template_code="home_care",
        title="Genomförandejournal",
        created_at=now,
        created_by=world.users["admin"],
    )
    session.add(journal)
    session.flush()
    return journal


def _locked_note(session: Session, world: RoleWorld, journal: Journal) -> JournalEntry:
    saved = datetime.now(UTC) - timedelta(days=2)
    entry = JournalEntry(
        journal_id=journal.id,
        author_id=world.users["admin"],
        author_role=Role.CARE_STAFF,
        unit_id=journal.unit_id,
        heading="Morgonbesök",
        event_at=saved,
        body=BODY,
        created_at=saved,
        saved_at=saved,
        lock_due_at=saved + timedelta(hours=24),
        locked_at=saved,
        signed=True,
    )
    session.add(entry)
    session.flush()
    return entry


def _on_journal(
    make: Callable[[Journal], Any], fn: Callable[..., Any], kind: JournalKind = JournalKind.SOCIAL
) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        journal = _journal(session, world, in_scope, kind)
        argument = make(journal)
        return lambda: fn(session, actor, argument)

    return prepare


def _on_note(make: Callable[[JournalEntry], Any], fn: Callable[..., Any]) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        entry = _locked_note(session, world, _journal(session, world, in_scope))
        argument = make(entry)
        return lambda: fn(session, actor, argument)

    return prepare


def _opened_hsl(fn: Callable[..., Any], make: Callable[[Journal], Any]) -> Any:
    """An HSL journal the actor has opened (reason and colleague recorded a minute ago)."""

    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        journal = _journal(session, world, in_scope, JournalKind.HSL)
        session.add(
            HslOpening(
                journal_id=journal.id,
                user_id=actor.user_id,
                reason="Uppföljning",
                licensed_colleague="Siv, sjuksköterska",
                opened_at=datetime.now(UTC) - timedelta(minutes=1),
            )
        )
        session.flush()
        argument = make(journal)
        return lambda: fn(session, actor, argument)

    return prepare


JOURNAL2_TABLE: dict[str, Checked | Exempt] = {
    # services.journal_corrections
    "services.journal_corrections.correct_entry": Checked(
        CORRECT,
        _on_note(
            lambda entry: CorrectEntry.of_range(entry.id, 16, 20, "kl 9", "Fel klockslag"),
            journal_corrections.correct_entry,
        ),
    ),
    # services.journal_closing
    "services.journal_closing.close_journal": Checked(
        CLOSE,
        _on_journal(
            lambda journal: CloseJournal(journal_id=journal.id, expected_version=journal.version),
            journal_closing.close_journal,
        ),
    ),
    "services.journal_closing.open_journal_document": Checked(
        READ_SOCIAL,
        _on_journal(
            lambda journal: PrintJournal(journal_id=journal.id),
            journal_closing.open_journal_document,
        ),
    ),
    "services.journal_closing.record_journal_output": Checked(
        READ_SOCIAL,
        _on_journal(
            lambda journal: JournalOutput(journal_id=journal.id),
            journal_closing.record_journal_output,
        ),
    ),
    # services.hsl_openings
    "services.hsl_openings.open_hsl_journal": Checked(
        READ_HSL,
        _on_journal(
            lambda journal: OpenHslJournal(
                journal_id=journal.id,
                reason="Utredning av fall",
                licensed_colleague="Siv Sjöberg, sjuksköterska",
            ),
            hsl_openings.open_hsl_journal,
            JournalKind.HSL,
        ),
    ),
    "services.hsl_openings.record_disclosure": Checked(
        READ_HSL,
        _opened_hsl(
            hsl_openings.record_disclosure,
            lambda journal: RecordDisclosure(
                journal_id=journal.id, basis=DisclosureBasis.CONSENT, note="Skriftligt samtycke"
            ),
        ),
    ),
    # db.queries.hsl_openings
    "db.queries.hsl_openings.aware": Exempt("a time conversion: no session, no data"),
    "db.queries.hsl_openings.load_journal": Exempt(
        _HELPER + "person data (the ORM row, checked after)"
    ),
    "db.queries.hsl_openings.is_nurse_at": Exempt("a test of the actor's own grants: no data"),
    "db.queries.hsl_openings.latest_opening": Exempt(
        _HELPER + "person data: the actor's own openings of a journal already checked"
    ),
    "db.queries.hsl_openings.require_engaged_at": Checked(
        in_scope_for(PROVIDER_STAFF | {Role.NURSE}),
        lambda session, world, actor, in_scope: (
            lambda: hsl_queries.require_engaged_at(
                session,
                actor,
                _target(world, "person", in_scope),
                world.unit_pair().of(in_scope),
            )
        ),
    ),
    "db.queries.hsl_openings.require_journal_read": Checked(
        READ_SOCIAL,
        _on_journal(lambda journal: journal, hsl_queries.require_journal_read),
    ),
    "db.queries.hsl_openings.needs_opening": Checked(
        READ_HSL,
        _on_journal(lambda journal: journal.id, hsl_queries.needs_opening, JournalKind.HSL),
    ),
    # db.queries.journal_corrections
    "db.queries.journal_corrections.load_entry": Exempt(
        _HELPER + "person data (the ORM row, checked after)"
    ),
    "db.queries.journal_corrections.corrections_by_entry": Exempt(
        _HELPER + "journal text of notes the caller has not already checked"
    ),
    "db.queries.journal_corrections.corrected_entry_ids": Exempt(
        _HELPER + "data: which of the given note ids have a correction"
    ),
    "db.queries.journal_corrections.build_corrected_note": Exempt(
        _HELPER + "journal text of a note the caller has not already checked"
    ),
    "db.queries.journal_corrections.corrected_note_view": Checked(
        READ_SOCIAL,
        _on_note(lambda entry: entry.id, correction_queries.corrected_note_view),
    ),
    # db.queries.journal_document
    "db.queries.journal_document.unlocked_note_count": Checked(
        READ_SOCIAL,
        _on_journal(lambda journal: journal.id, journal_document_queries.unlocked_note_count),
    ),
    "db.queries.journal_document.build_journal_document": Exempt(
        _HELPER + "journal text of a journal the caller has not already checked"
    ),
}
