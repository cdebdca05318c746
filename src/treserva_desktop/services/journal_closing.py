"""Avsluta journal (W12) and the journal document: the whole journal as a PDF (every note,
corrections with the original struck through, who and when), its print and save audited,
then the journal closed — version-checked, audited, and from then on taking no new notes.

Who closes: a social journal the unit's managers (Permission.CLOSE_JOURNAL); an HSL journal
the unit's nurses, who keep it. Who prints: whoever may read the journal; an HSL journal
printed by anyone but the unit's nurses, or for disclosure, needs the disclosure basis
(consent or menprövning) recorded first (services/hsl_openings.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import Journal, JournalDisclosure, JournalEntry
from treserva_desktop.db.queries.hsl_openings import (
    OPENING_HOURS,
    aware,
    is_nurse_at,
    load_journal,
    require_journal_read,
)
from treserva_desktop.db.queries.journal_document import build_journal_document
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import hsl_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.journal_closing import (
    CloseJournal,
    JournalOutput,
    PrintJournal,
)
from treserva_desktop.domain.enums import AuditAction, JournalKind
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journal_document import JournalDocumentView, JournalResult
from treserva_desktop.services._common import now

ENTITY = "journal"
STALE = "Journalen har ändrats av någon annan. Stäng journalen och öppna den igen."
ALREADY_CLOSED = "Journalen är redan avslutad."
DISCLOSURE_NEEDED = (
    "Utskrift av HSL-journalen för utlämnande kräver att personens samtycke eller en "
    "menprövning registreras först."
)


def _touched(_command: object, result: JournalResult) -> Touched:
    return Touched(units=(), persons={result.person_id}, assignments=(), messages=())


def _require_close(session: Session, actor: Actor, journal: Journal) -> None:
    hsl_rules.check_closer(actor, journal.kind, journal.unit_id)
    require_person_access(session, actor, journal.person_id)


def _lock_open_notes(session: Session, journal_id: int, moment: datetime) -> int:
    """A closed journal has no note that can still change: each unlocked note is locked now
    (or at its lock time, if that has passed without being written down). The user was told
    how many first (unlocked_note_count). Returns how many were locked."""
    entries = session.scalars(
        select(JournalEntry).where(
            JournalEntry.journal_id == journal_id, JournalEntry.locked_at.is_(None)
        )
    ).all()
    for entry in entries:
        entry.locked_at = min(moment, aware(entry.lock_due_at))
    return len(entries)


@changes(ChangeKind.JOURNALS, touches=_touched)
def close_journal(session: Session, actor: Actor, command: CloseJournal) -> JournalResult:
    """Avsluta journal: once, by the journal's version as the window read it; its notes not
    yet locked are locked with it."""
    journal = load_journal(session, command.journal_id)
    _require_close(session, actor, journal)
    if journal.closed_at is not None:
        raise ValidationError(ALREADY_CLOSED)
    if journal.version != command.expected_version:
        raise Conflict(STALE)
    moment = now(session)
    locked = _lock_open_notes(session, journal.id, moment)
    journal.closed_at = moment
    journal.closed_by = actor.user_id
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY,
        journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"change": "close", "notes_locked": locked},
    )
    return JournalResult(
        journal_id=journal.id, person_id=journal.person_id, unit_id=journal.unit_id
    )


def _disclosure_basis(
    session: Session, actor: Actor, journal: Journal, command: PrintJournal
) -> str:
    """The basis label when the print is a disclosure; "" for the unit's own print."""
    needed = journal.kind is JournalKind.HSL and (
        command.for_disclosure or not is_nurse_at(actor, journal.unit_id)
    )
    if command.disclosure_id is None:
        if needed:
            raise PermissionDenied(DISCLOSURE_NEEDED)
        return ""
    disclosure = session.get(JournalDisclosure, command.disclosure_id)
    recent = now(session) - timedelta(hours=OPENING_HOURS)
    if (
        disclosure is None
        or disclosure.journal_id != journal.id
        or disclosure.decided_by != actor.user_id
        or aware(disclosure.decided_at) < recent
    ):
        raise PermissionDenied(DISCLOSURE_NEEDED)
    return disclosure.basis.label


@changes()
def open_journal_document(
    session: Session, actor: Actor, command: PrintJournal
) -> JournalDocumentView:
    """Skriv ut on a journal: the audited read of what the document shows."""
    journal = load_journal(session, command.journal_id)
    require_journal_read(session, actor, journal)
    basis = _disclosure_basis(session, actor, journal, command)
    details: dict[str, object] = {"view": "document"}
    if command.disclosure_id is not None:
        details["disclosure_id"] = command.disclosure_id
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        ENTITY,
        journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details=details,
    )
    return build_journal_document(session, journal, disclosure_basis=basis)


@changes()
def record_journal_output(session: Session, actor: Actor, command: JournalOutput) -> int:
    """Skriv ut / Spara som on the journal document: audited as a print or an export."""
    journal = load_journal(session, command.journal_id)
    require_journal_read(session, actor, journal)
    audit.record(
        session,
        actor,
        AuditAction.EXPORT if command.saved_to_file else AuditAction.PRINT,
        ENTITY,
        journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
    )
    return journal.id
