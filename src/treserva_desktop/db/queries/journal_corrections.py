"""Read side of corrections (W7): a note's corrections as domain values, which notes of a
list are corrected (the red check), and the audited correction view (Visa rättning)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import JournalCorrection, JournalEntry, User
from treserva_desktop.db.queries.hsl_openings import aware, load_journal, require_journal_read
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.journal_text import Correction
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journal_corrections import CorrectedNoteView

ENTITY = "journal_entry"


def load_entry(session: Session, entry_id: int) -> JournalEntry:
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        raise NotFound("Anteckningen finns inte.")
    return entry


def corrections_by_entry(
    session: Session, entry_ids: Iterable[int]
) -> dict[int, tuple[Correction, ...]]:
    """The corrections of each note (oldest first), in one query. A helper: the caller has
    checked that the actor reads these notes."""
    ids = sorted(set(entry_ids))
    found: dict[int, list[Correction]] = defaultdict(list)
    if not ids:
        return {}
    rows = session.execute(
        select(JournalCorrection, User.display_name)
        .join(User, User.id == JournalCorrection.corrected_by)
        .where(JournalCorrection.entry_id.in_(ids))
        .order_by(JournalCorrection.corrected_at, JournalCorrection.id)
    ).all()
    for row, name in rows:
        found[row.entry_id].append(
            Correction(
                start=row.start_offset,
                end=row.end_offset,
                original=row.original_text,
                replacement=row.replacement_text,
                reason=row.reason,
                corrected_by=name,
                corrected_at=aware(row.corrected_at).astimezone(),
            )
        )
    return {entry_id: tuple(items) for entry_id, items in found.items()}


def corrected_entry_ids(session: Session, entry_ids: Iterable[int]) -> frozenset[int]:
    """Which of the notes have a correction (the list's red check). A helper for a list the
    caller has already checked and audited."""
    ids = sorted(set(entry_ids))
    if not ids:
        return frozenset()
    return frozenset(
        session.scalars(
            select(JournalCorrection.entry_id).where(JournalCorrection.entry_id.in_(ids)).distinct()
        )
    )


def build_corrected_note(session: Session, entry: JournalEntry) -> CorrectedNoteView:
    """The note with its corrections. A helper: the caller has checked access."""
    journal = load_journal(session, entry.journal_id)
    author = session.get(User, entry.author_id)
    now = clock_of(session).now()
    return CorrectedNoteView(
        entry_id=entry.id,
        journal_id=journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        heading=entry.heading,
        author_name=author.display_name if author else "",
        author_role_label=entry.author_role.label,
        event_at=aware(entry.event_at).astimezone(),
        body=entry.body,
        corrections=corrections_by_entry(session, [entry.id]).get(entry.id, ()),
        locked=entry.locked_at is not None or now >= aware(entry.lock_due_at),
    )


def corrected_note_view(session: Session, actor: Actor, entry_id: int) -> CorrectedNoteView:
    """Visa rättning (and the correction dialog's upper pane): the audited read of one note
    with its corrections."""
    entry = load_entry(session, entry_id)
    journal = load_journal(session, entry.journal_id)
    require_journal_read(session, actor, journal)
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        ENTITY,
        entry.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"view": "correction", "journal_id": journal.id},
    )
    return build_corrected_note(session, entry)
