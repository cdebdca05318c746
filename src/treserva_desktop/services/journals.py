"""Genomförandejournaler: a new journal from a template, a note saved (every save a version)
or signed, and "Den enskildes synpunkt" as a note linked to a locked one.

Who writes: a social journal by the unit's staff and managers (Permission.WRITE_JOURNAL), an
HSL journal by the unit's nurses only (domain.journal_rules.check_writer); in both, the
person must be engaged at the unit. Before its lock only a note's author changes it; after
the lock nobody does, and the database refuses it too (migration 0017). The lock is written
down lazily: a note past its lock time counts as locked everywhere, and the first write that
meets it sets locked_at to that time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from treserva_desktop.db import audit
from treserva_desktop.db.journal_templates import template_by_code
from treserva_desktop.db.models import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    OrgUnit,
)
from treserva_desktop.db.queries.hsl_openings import load_journal
from treserva_desktop.db.queries.journals import lock_hours, require_journal_access
from treserva_desktop.domain import journal_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.journals import CreateJournal, SaveNote, SignNote
from treserva_desktop.domain.enums import AuditAction, JournalKind, Role
from treserva_desktop.domain.errors import Conflict, NotFound, ValidationError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journals import JournalResult, NoteResult
from treserva_desktop.services._common import now

JOURNAL = "journal"
ENTRY = "journal_entry"
UNKNOWN_TEMPLATE = "Mallen finns inte. Välj en av mallarna i listan."
ALREADY_OPEN = (
    "Personen har redan en aktuell {title} vid enheten (skapad {day}). Öppna den under Dokument GF."
)
STALE = "Anteckningen har ändrats sedan du öppnade den. Stäng den och öppna den igen."
OTHER_JOURNAL = "Anteckningen hör till en annan journal."
UNKNOWN_UNIT = "Välj en enhet i listan."


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _touched(_command: object, result: JournalResult | NoteResult) -> Touched:
    """The person's Dokument GF (the journal nodes under it, their counts)."""
    return Touched(units=(), persons={result.person_id}, assignments=(), messages=())


@changes(ChangeKind.JOURNALS, touches=_touched)
def create_journal(session: Session, actor: Actor, command: CreateJournal) -> JournalResult:
    """Ny journal from a template: at most one open journal of a kind per person and unit."""
    template = template_by_code(command.template_code)
    if template is None:
        raise ValidationError(UNKNOWN_TEMPLATE, field="template_code")
    require_journal_access(session, actor, command.person_id, command.unit_id, template.kind)
    open_since = session.scalar(
        select(Journal.created_at)
        .where(
            Journal.person_id == command.person_id,
            Journal.unit_id == command.unit_id,
            Journal.kind == template.kind,
            Journal.closed_at.is_(None),
        )
        .limit(1)
    )
    if open_since is not None:
        day = f"{_aware(open_since).astimezone():%Y-%m-%d}"
        raise ValidationError(ALREADY_OPEN.format(title=template.kind.label.lower(), day=day))
    journal = Journal(
        person_id=command.person_id,
        unit_id=command.unit_id,
        kind=template.kind,
        template_code=template.code,
        title=template.title,
        created_at=now(session),
        created_by=actor.user_id,
    )
    session.add(journal)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        JOURNAL,
        journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"template": template.code, "kind": template.kind.value},
    )
    return JournalResult(journal.id, journal.person_id, journal.unit_id)


def _author_role(actor: Actor, kind: JournalKind) -> Role:
    """The role the note is written in: the nurse's for HSL, else the actor's primary one."""
    if kind is JournalKind.HSL:
        return Role.NURSE
    role = actor.primary_role
    assert role is not None  # check_writer found a role that writes journals
    return role


def _lock_if_due(entry: JournalEntry, moment: datetime) -> bool:
    """Write down a lock whose time has come; whether the note is locked."""
    due = _aware(entry.lock_due_at)
    if entry.locked_at is None and moment >= due:
        entry.locked_at = due
    return entry.locked_at is not None


def _replace_keywords(
    session: Session, entry_id: int, keywords: tuple[str, ...], *, new: bool
) -> None:
    """The note's keywords become `keywords` (its versions keep the earlier ones); a new
    note has none to remove."""
    if not new:
        session.execute(delete(JournalEntryKeyword).where(JournalEntryKeyword.entry_id == entry_id))
    session.add_all(JournalEntryKeyword(entry_id=entry_id, keyword=k) for k in keywords)


def _check_objection(session: Session, journal: Journal, entry_id: int, moment: datetime) -> None:
    target = session.get(JournalEntry, entry_id)
    if target is None:
        raise NotFound("Anteckningen finns inte.")
    if target.journal_id != journal.id:
        raise ValidationError(OTHER_JOURNAL)
    if not _lock_if_due(target, moment):
        raise ValidationError(journal_rules.OBJECTION_NEEDS_LOCK)


@changes(ChangeKind.JOURNALS, touches=_touched)
def save_note(session: Session, actor: Actor, command: SaveNote) -> NoteResult:
    """Spara: a new note, or the next version of the author's own unlocked note. Each save
    writes a version row and replaces the note's keywords."""
    journal = load_journal(session, command.journal_id)
    require_journal_access(session, actor, journal.person_id, journal.unit_id, journal.kind)
    if journal.closed_at is not None:
        raise ValidationError(journal_rules.CLOSED)
    journal_rules.check_note_text(command.heading, command.body)
    keywords = journal_rules.clean_keywords(command.keywords)
    moment = now(session)
    journal_rules.check_event_at(command.event_at, moment)
    if session.get(OrgUnit, command.unit_id) is None:
        raise ValidationError(UNKNOWN_UNIT, field="unit_id")
    if command.entry_id is None:
        if command.objection_to_entry_id is not None:
            _check_objection(session, journal, command.objection_to_entry_id, moment)
        entry = JournalEntry(
            journal_id=journal.id,
            author_id=actor.user_id,
            author_role=_author_role(actor, journal.kind),
            unit_id=command.unit_id,
            heading=command.heading,
            event_at=command.event_at,
            body=command.body,
            created_at=moment,
            saved_at=moment,
            lock_due_at=journal_rules.lock_due_at(moment, lock_hours(session)),
            signed=False,
            objection_to_entry_id=command.objection_to_entry_id,
        )
        session.add(entry)
        session.flush()
        action, version_no = AuditAction.CREATE, 1
    else:
        entry = _own_unlocked(session, actor, journal, command.entry_id, moment)
        if entry.version != command.expected_version:
            raise Conflict(STALE)
        entry.heading = command.heading
        entry.unit_id = command.unit_id
        entry.event_at = command.event_at
        entry.body = command.body
        entry.saved_at = moment
        # Always an UPDATE, so the version moves on even when nothing differs (a second
        # Spara within the same clock tick, e.g. on a pinned clock).
        flag_modified(entry, "saved_at")
        session.flush()
        action, version_no = AuditAction.UPDATE, entry.version
    _replace_keywords(session, entry.id, keywords, new=command.entry_id is None)
    session.add(
        JournalEntryVersion(
            entry_id=entry.id,
            version_no=version_no,
            heading=command.heading,
            body=command.body,
            event_at=command.event_at,
            keywords=list(keywords),
            saved_at=moment,
            saved_by=actor.user_id,
        )
    )
    audit.record(
        session,
        actor,
        action,
        ENTRY,
        entry.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"journal_id": journal.id, "version": version_no},
    )
    return NoteResult(entry.id, journal.id, journal.person_id, entry.version, locked=False)


def _own_unlocked(
    session: Session, actor: Actor, journal: Journal, entry_id: int, moment: datetime
) -> JournalEntry:
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        raise NotFound("Anteckningen finns inte.")
    if entry.journal_id != journal.id:
        raise ValidationError(OTHER_JOURNAL)
    if _lock_if_due(entry, moment):
        raise ValidationError(journal_rules.LOCKED.format(hours=lock_hours(session)))
    if entry.author_id != actor.user_id:
        raise ValidationError(journal_rules.NOT_AUTHOR)
    return entry


@changes(ChangeKind.JOURNALS, touches=_touched)
def sign_note(session: Session, actor: Actor, command: SignNote) -> NoteResult:
    """Signera: the author locks their note now."""
    entry = session.get(JournalEntry, command.entry_id)
    if entry is None:
        raise NotFound("Anteckningen finns inte.")
    journal = load_journal(session, entry.journal_id)
    require_journal_access(session, actor, journal.person_id, journal.unit_id, journal.kind)
    moment = now(session)
    _own_unlocked(session, actor, journal, entry.id, moment)
    if entry.version != command.expected_version:
        raise Conflict(STALE)
    entry.locked_at = moment
    entry.signed = True
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTRY,
        entry.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"journal_id": journal.id, "change": "sign"},
    )
    return NoteResult(entry.id, journal.id, journal.person_id, entry.version, locked=True)
