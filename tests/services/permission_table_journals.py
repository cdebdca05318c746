"""The permission table's entries for genomförandejournaler (services.journals,
db.queries.journals), merged into TABLE by permission_table.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import RoleWorld
from tests.services.permission_table import (
    PROVIDER_READ,
    PROVIDER_STAFF,
    Checked,
    Exempt,
    _target,
    in_scope_for,
)

from treserva_desktop.db.models import Journal, JournalEntry
from treserva_desktop.db.queries import journals as journal_queries
from treserva_desktop.domain.commands.journals import CreateJournal, SaveNote, SignNote
from treserva_desktop.domain.enums import JournalKind, Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import journals as journal_services

# The social journal is written and read by the unit's staff and managers (DOMAIN.md's
# "Write social journal notes"); nurses keep the HSL journal.
WRITE_SOCIAL = in_scope_for(PROVIDER_STAFF)


def _journal(session: Session, world: RoleWorld, in_scope: bool) -> Journal:
    """An open social journal of the target person at the unit of their rows."""
    journal = Journal(
        person_id=_target(world, "person", in_scope),
        unit_id=world.unit_pair().of(in_scope),
        kind=JournalKind.SOCIAL,
        template_code="home_care",
        title="Genomförandejournal hemtjänst",
        created_at=datetime.now(UTC),
        created_by=world.users["admin"],
    )
    session.add(journal)
    session.flush()
    return journal


def _note(session: Session, journal: Journal, author_id: int) -> JournalEntry:
    moment = datetime.now(UTC)
    entry = JournalEntry(
        journal_id=journal.id,
        author_id=author_id,
        author_role=Role.CARE_STAFF,
        unit_id=journal.unit_id,
        heading="Dagsanteckning",
        event_at=moment - timedelta(hours=1),
        body="Besöket genomfört.",
        created_at=moment,
        saved_at=moment,
        lock_due_at=moment + timedelta(hours=24),
        signed=False,
    )
    session.add(entry)
    session.flush()
    return entry


def _on_journal(call: Any) -> Any:
    """call(session, actor, journal) on an open journal of the target person."""

    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        journal = _journal(session, world, in_scope)
        return lambda: call(session, actor, journal)

    return prepare


def _on_own_note(call: Any) -> Any:
    """call(session, actor, entry) on a note the actor wrote (only its author may sign)."""

    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        entry = _note(session, _journal(session, world, in_scope), actor.user_id)
        return lambda: call(session, actor, entry)

    return prepare


def _create(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    command = CreateJournal(
        person_id=_target(world, "person", in_scope),
        unit_id=world.unit_pair().of(in_scope),
        template_code="home_care",
    )
    return lambda: journal_services.create_journal(session, actor, command)


def _save(session: Session, actor: Actor, journal: Journal) -> Any:
    command = SaveNote(
        journal_id=journal.id,
        heading="Dagsanteckning",
        unit_id=journal.unit_id,
        event_at=datetime.now(UTC) - timedelta(hours=1),
        body="Hjälpte till med frukost.",
        keywords=("Måltider",),
    )
    return journal_services.save_note(session, actor, command)


def _person_unit(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    person_id = _target(world, "person", in_scope)
    unit_id = world.unit_pair().of(in_scope)
    return lambda: journal_queries.person_documents(session, actor, person_id, unit_id)


def _access(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    person_id = _target(world, "person", in_scope)
    unit_id = world.unit_pair().of(in_scope)
    return lambda: journal_queries.require_journal_access(
        session, actor, person_id, unit_id, JournalKind.SOCIAL
    )


JOURNAL_TABLE: dict[str, Checked | Exempt] = {
    # services.journals
    "services.journals.create_journal": Checked(WRITE_SOCIAL, _create),
    "services.journals.save_note": Checked(WRITE_SOCIAL, _on_journal(_save)),
    "services.journals.sign_note": Checked(
        WRITE_SOCIAL,
        _on_own_note(
            lambda session, actor, entry: journal_services.sign_note(
                session, actor, SignNote(entry_id=entry.id, expected_version=entry.version)
            )
        ),
    ),
    # db.queries.journals
    "db.queries.journals.lock_hours": Exempt(
        "the installation's lock time setting: a number, no personal data"
    ),
    "db.queries.journals.store_lock_hours": Exempt(
        "the database owner's command `db journal-lock-hours`, run outside any login; audited"
    ),
    "db.queries.journals.require_journal_access": Checked(WRITE_SOCIAL, _access),
    # Documenta lists what the actor may read: staff the social journal, nurses the HSL one.
    "db.queries.journals.person_documents": Checked(PROVIDER_READ, _person_unit),
    "db.queries.journals.journal_view": Checked(
        WRITE_SOCIAL,
        _on_journal(lambda s, actor, journal: journal_queries.journal_view(s, actor, journal.id)),
    ),
    "db.queries.journals.journal_notes": Checked(
        WRITE_SOCIAL,
        _on_journal(lambda s, actor, journal: journal_queries.journal_notes(s, actor, journal.id)),
    ),
    "db.queries.journals.journal_window_data": Checked(
        WRITE_SOCIAL,
        _on_journal(
            lambda s, actor, journal: journal_queries.journal_window_data(s, actor, journal.id)
        ),
    ),
    "db.queries.journals.note_view": Checked(
        WRITE_SOCIAL,
        _on_own_note(lambda s, actor, entry: journal_queries.note_view(s, actor, entry.id)),
    ),
}
