"""The scale demo's journals: as many notes as the spec says, written by the unit's staff (HSL
notes by nurses), each with its version and keywords from its template, locked as time and
signatures say, and one long journal at the largest unit for the benchmark."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from tests.demo.conftest import SPEC, TODAY

from treserva_desktop.db.database import Database
from treserva_desktop.db.journal_templates import template_by_code
from treserva_desktop.db.models import (
    Execution,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    OrgUnit,
    RoleAssignment,
)
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal.journals import BIG_JOURNAL_NOTES
from treserva_desktop.domain.enums import JournalKind, Role

NOW = datetime.combine(TODAY, time(9, 0), UTC)


def test_the_spec_number_of_notes_each_saved_once(municipal: Database) -> None:
    with municipal.read() as session:
        notes = session.scalar(select(func.count()).select_from(JournalEntry)) or 0
        versions = session.scalar(select(func.count()).select_from(JournalEntryVersion))
        social = session.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .where(Journal.kind == JournalKind.SOCIAL)
        )
    assert versions == notes
    assert 0.9 * SPEC.journal_notes <= (social or 0) <= 1.1 * SPEC.journal_notes


def test_the_largest_unit_has_the_long_journal(municipal: Database) -> None:
    with municipal.read() as session:
        journal_id, unit_name, notes = session.execute(
            select(Journal.id, OrgUnit.name, func.count(JournalEntry.id))
            .join(OrgUnit, OrgUnit.id == Journal.unit_id)
            .join(JournalEntry, JournalEntry.journal_id == Journal.id)
            .group_by(Journal.id, OrgUnit.name)
            .order_by(func.count(JournalEntry.id).desc())
            .limit(1)
        ).one()
    assert unit_name == named.NORR_1
    assert notes == min(BIG_JOURNAL_NOTES, SPEC.journal_notes // 4)
    assert journal_id > 0


def test_journals_are_kept_where_the_person_has_rows(municipal: Database) -> None:
    with municipal.read() as session:
        without_rows = session.scalar(
            select(func.count())
            .select_from(Journal)
            .where(
                ~select(Execution.id)
                .where(Execution.person_id == Journal.person_id)
                .where(Execution.unit_id == Journal.unit_id)
                .exists()
            )
        )
    assert without_rows == 0


def test_authors_write_at_their_units_and_hsl_only_nurses(municipal: Database) -> None:
    with municipal.read() as session:
        roles = dict(
            session.execute(
                select(Journal.kind, func.group_concat(func.distinct(JournalEntry.author_role)))
                .join(Journal, Journal.id == JournalEntry.journal_id)
                .group_by(Journal.kind)
            ).all()
        )
        authors_without_role = session.scalar(
            select(func.count(func.distinct(JournalEntry.author_id))).where(
                ~select(RoleAssignment.id)
                .where(RoleAssignment.user_id == JournalEntry.author_id)
                .exists()
            )
        )
    assert roles[JournalKind.SOCIAL] == Role.CARE_STAFF.value
    assert roles[JournalKind.HSL] == Role.NURSE.value
    assert authors_without_role == 0


def test_keywords_come_from_the_template_and_match_the_version(municipal: Database) -> None:
    with municipal.read() as session:
        rows = session.execute(
            select(Journal.template_code, JournalEntryVersion.keywords, JournalEntry.id)
            .join(JournalEntry, JournalEntry.journal_id == Journal.id)
            .join(JournalEntryVersion, JournalEntryVersion.entry_id == JournalEntry.id)
            .limit(300)
        ).all()
        linked: dict[int, set[str]] = {}
        for entry_id, keyword in session.execute(
            select(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword).where(
                JournalEntryKeyword.entry_id.in_([row.id for row in rows])
            )
        ):
            linked.setdefault(entry_id, set()).add(keyword)
    for code, keywords, entry_id in rows:
        template = template_by_code(code)
        assert template is not None
        assert keywords
        assert set(keywords) <= set(template.keywords)
        assert linked[entry_id] == set(keywords)


def test_notes_lock_when_signed_or_after_a_day(municipal: Database) -> None:
    with municipal.read() as session:
        open_notes = session.execute(
            select(JournalEntry.signed, JournalEntry.lock_due_at).where(
                JournalEntry.locked_at.is_(None)
            )
        ).all()
        late = session.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.locked_at.is_not(None), JournalEntry.event_at > NOW)
        )
    assert open_notes  # the last day's unsigned notes are still open
    for signed, lock_due_at in open_notes:
        assert not signed
        assert lock_due_at.replace(tzinfo=UTC) > NOW
        assert lock_due_at.replace(tzinfo=UTC) - NOW <= timedelta(hours=24)
    assert late == 0
