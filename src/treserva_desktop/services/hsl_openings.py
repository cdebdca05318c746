"""Läsa HSL-journal som verksamhetschef (W13): the reason and the licensed colleague present
are recorded (an hsl_openings row, audited) before the journal's notes are shown to them; and
before an HSL journal is printed for disclosure, the person's consent or a menprövning is
recorded (a journal_disclosures row, audited). Both rows are append-only."""

from __future__ import annotations

from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import HslOpening, JournalDisclosure
from treserva_desktop.db.queries.hsl_openings import load_journal, require_journal_read
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import hsl_rules
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.journal_closing import OpenHslJournal, RecordDisclosure
from treserva_desktop.domain.enums import AuditAction, JournalKind, Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.services._common import now


@changes()
def open_hsl_journal(session: Session, actor: Actor, command: OpenHslJournal) -> int:
    """A verksamhetschef (Permission.READ_HSL_JOURNAL at the journal's unit, the person in
    reach) states reason and colleague; returns the opening's id. The notes are readable to
    them for db/queries/hsl_openings.OPENING_HOURS after it."""
    journal = load_journal(session, command.journal_id)
    if journal.kind is not JournalKind.HSL:
        raise ValidationError(hsl_rules.NOT_HSL)
    require(actor, Permission.READ_HSL_JOURNAL, journal.unit_id)
    require_person_access(session, actor, journal.person_id)
    reason, colleague = hsl_rules.check_opening(command.reason, command.licensed_colleague)
    opening = HslOpening(
        journal_id=journal.id,
        user_id=actor.user_id,
        reason=reason,
        licensed_colleague=colleague,
        opened_at=now(session),
    )
    session.add(opening)
    session.flush()
    # The reason and the colleague stay in their own row: the event names it by id only.
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        "hsl_opening",
        opening.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"journal_id": journal.id, "hsl_opening_id": opening.id},
    )
    return opening.id


@changes()
def record_disclosure(session: Session, actor: Actor, command: RecordDisclosure) -> int:
    """Samtycke or menprövning before an HSL journal is printed for disclosure, by someone
    who may read it now; returns the id the print names."""
    journal = load_journal(session, command.journal_id)
    if journal.kind is not JournalKind.HSL:
        raise ValidationError(hsl_rules.NOT_HSL)
    require_journal_read(session, actor, journal)
    note = hsl_rules.check_disclosure_note(command.note)
    disclosure = JournalDisclosure(
        journal_id=journal.id,
        basis=command.basis,
        note=note,
        decided_by=actor.user_id,
        decided_at=now(session),
    )
    session.add(disclosure)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "journal_disclosure",
        disclosure.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"journal_id": journal.id, "basis": command.basis.value},
    )
    return disclosure.id
