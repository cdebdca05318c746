"""Rätta anteckning (W7): a verksamhetschef of the journal's unit corrects a locked note by
replacing a selected part of its text, with a reason. The note's body is never changed: the
correction is its own append-only row (original, replacement, who, when, why), and every
reader composes the two (domain/journal_text.py). Audited without any of the texts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import JournalCorrection, JournalEntry
from treserva_desktop.db.queries.hsl_openings import (
    OPENING_NEEDED,
    aware,
    latest_opening,
    load_journal,
)
from treserva_desktop.db.queries.journal_corrections import corrections_by_entry
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import journal_text
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.enums import AuditAction, JournalKind, Permission
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.journal_corrections import CorrectionResult
from treserva_desktop.services._common import now

ENTITY = "journal_correction"
NOT_LOCKED = (
    "Anteckningen är inte skrivskyddad än. Fram till låsningen ändrar den som skrev den "
    "anteckningen själv; rättning gäller skrivskyddade anteckningar."
)


def _touched(_command: object, result: CorrectionResult) -> Touched:
    return Touched(units=(), persons={result.person_id}, assignments=(), messages=())


@changes(ChangeKind.JOURNALS, touches=_touched)
def correct_entry(session: Session, actor: Actor, command: CorrectEntry) -> CorrectionResult:
    """Only Role.OPERATIONS_MANAGER at the journal's unit, only a locked note, a selection
    inside the body not overlapping an earlier correction, a change, and a reason."""
    entry = session.get(JournalEntry, command.entry_id, with_for_update=True)
    if entry is None:
        raise NotFound("Anteckningen finns inte.")
    journal = load_journal(session, entry.journal_id)
    require(actor, Permission.CORRECT_JOURNAL, journal.unit_id)
    require_person_access(session, actor, journal.person_id)
    if journal.kind is JournalKind.HSL and latest_opening(session, actor, journal.id) is None:
        raise PermissionDenied(OPENING_NEEDED)
    moment = now(session)
    if entry.locked_at is None and moment < aware(entry.lock_due_at):
        raise ValidationError(NOT_LOCKED)
    earlier = corrections_by_entry(session, [entry.id]).get(entry.id, ())
    journal_text.check_correction(
        entry.body,
        command.start_offset,
        command.end_offset,
        command.replacement,
        command.reason,
        earlier,
    )
    correction = JournalCorrection(
        entry_id=entry.id,
        start_offset=command.start_offset,
        end_offset=command.end_offset,
        original_text=entry.body[command.start_offset : command.end_offset],
        replacement_text=command.replacement,
        reason=command.reason.strip(),
        corrected_by=actor.user_id,
        corrected_at=moment,
    )
    session.add(correction)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        ENTITY,
        correction.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"entry_id": entry.id, "journal_id": journal.id},
    )
    return CorrectionResult(
        correction_id=correction.id,
        entry_id=entry.id,
        journal_id=journal.id,
        person_id=journal.person_id,
    )
