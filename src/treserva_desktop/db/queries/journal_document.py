"""Read side of the journal document: every note of a journal (oldest first) with its
keywords and corrections, in a fixed number of queries whatever the journal's length."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Journal,
    JournalCorrection,
    JournalEntry,
    JournalEntryKeyword,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries.hsl_openings import aware, load_journal, require_journal_read
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.domain.enums import JournalKind, OrgUnitKind
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.journal_text import Correction
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journal_document import JournalDocumentNote, JournalDocumentView


def _corrections(session: Session, journal_id: int) -> dict[int, list[Correction]]:
    found: dict[int, list[Correction]] = defaultdict(list)
    rows = session.execute(
        select(JournalCorrection, User.display_name)
        .join(User, User.id == JournalCorrection.corrected_by)
        .join(JournalEntry, JournalEntry.id == JournalCorrection.entry_id)
        .where(JournalEntry.journal_id == journal_id)
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
    return found


def _keywords(session: Session, journal_id: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword)
        .join(JournalEntry, JournalEntry.id == JournalEntryKeyword.entry_id)
        .where(JournalEntry.journal_id == journal_id)
        .order_by(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword)
    ).all()
    for entry_id, keyword in rows:
        found[entry_id].append(keyword)
    return found


def unlocked_note_count(session: Session, actor: Actor, journal_id: int) -> int:
    """How many of the journal's notes can still change (not signed, lock time not passed):
    what closing the journal will lock. A number only; the journal's readers may ask."""
    journal = load_journal(session, journal_id)
    require_journal_read(session, actor, journal)
    now = clock_of(session).now()
    return int(
        session.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(
                JournalEntry.journal_id == journal.id,
                JournalEntry.locked_at.is_(None),
                JournalEntry.lock_due_at > now,
            )
        )
        or 0
    )


def build_journal_document(
    session: Session, journal: Journal, *, disclosure_basis: str = ""
) -> JournalDocumentView:
    """The whole journal. A helper: the caller has checked and audited the read."""
    person = session.get(Person, journal.person_id)
    assert person is not None
    units = all_units(session)
    chain = unit_and_ancestors(units, journal.unit_id)
    municipality = next(
        (unit.name for unit in chain if unit.kind is OrgUnitKind.MUNICIPALITY),
        chain[-1].name if chain else "",
    )
    entries = session.execute(
        select(
            JournalEntry.id,
            JournalEntry.heading,
            JournalEntry.event_at,
            JournalEntry.author_id,
            JournalEntry.author_role,
            JournalEntry.unit_id,
            JournalEntry.body,
            JournalEntry.signed,
            JournalEntry.locked_at,
            JournalEntry.lock_due_at,
            JournalEntry.objection_to_entry_id,
        )
        .where(JournalEntry.journal_id == journal.id)
        .order_by(JournalEntry.event_at, JournalEntry.id)
    ).all()
    user_ids = {row.author_id for row in entries}
    if journal.closed_by is not None:
        user_ids.add(journal.closed_by)
    names: dict[int, str] = {
        row.id: row.display_name
        for row in session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    }
    corrections = _corrections(session, journal.id)
    keywords = _keywords(session, journal.id)
    now = clock_of(session).now()

    def unit_name(unit_id: int) -> str:
        unit = units.get(unit_id) or session.get(OrgUnit, unit_id)
        return unit.name if unit is not None else ""

    notes = tuple(
        JournalDocumentNote(
            entry_id=row.id,
            heading=row.heading,
            event_at=aware(row.event_at).astimezone(),
            author_name=names.get(row.author_id, ""),
            author_role_label=row.author_role.label,
            unit_name=unit_name(row.unit_id),
            keywords=tuple(keywords.get(row.id, ())),
            body=row.body,
            corrections=tuple(corrections.get(row.id, ())),
            signed=row.signed,
            locked=row.locked_at is not None or now >= aware(row.lock_due_at),
            objection_to_entry_id=row.objection_to_entry_id,
        )
        for row in entries
    )
    number = from_stored(person.identity_number, person.identity_kind)
    return JournalDocumentView(
        journal_id=journal.id,
        person_id=person.id,
        person_name=f"{person.first_name} {person.last_name}",
        identity_label=number.kind.label,
        identity_display=number.display(),
        is_test_data=person.is_test_data,
        unit_id=journal.unit_id,
        unit_name=unit_name(journal.unit_id),
        municipality=municipality,
        title=journal.title,
        kind_label=journal.kind.label,
        is_hsl=journal.kind is JournalKind.HSL,
        created_at=aware(journal.created_at).astimezone(),
        closed_at=aware(journal.closed_at).astimezone() if journal.closed_at else None,
        closed_by_name=names.get(journal.closed_by, "") if journal.closed_by else "",
        version=journal.version,
        notes=notes,
        disclosure_basis=disclosure_basis,
    )
