"""Demo genomförandejournaler: notes drawn from the templates' headings, keywords and phrase
texts, shared by the small demo (`write_journals`) and the scale demo (municipal/journals.py).

A note is drawn as plain values (`draw_note`); each demo writes it its own way. Notes are
written unlocked, because the database refuses keywords on a locked note, and
`lock_demo_notes` then locks the signed ones and those whose lock time has passed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, or_, update
from sqlalchemy.orm import Session

from treserva_desktop.db.journal_templates import template_by_code
from treserva_desktop.db.models import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
)
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import (
    HT_NORR,
    HT_SODER,
    NORR_1,
    PERSONAL,
    SAMORDNARE,
    SJUKSKOTERSKA,
    VERKSAMHETSCHEF,
)
from treserva_desktop.demo.plan import PersonPlan
from treserva_desktop.demo.spread import Fate
from treserva_desktop.domain.enums import BusinessArea, JournalKind, Role
from treserva_desktop.domain.journal_templates import JournalTemplate

TEMPLATE_OF_AREA = {
    BusinessArea.HOME_CARE: "home_care",
    BusinessArea.NURSING_HOME: "nursing_home",
    BusinessArea.SHORT_TERM: "short_term",
}
HSL_TEMPLATE = "hsl"
LOCK_HOURS = 24
# Headings a drawn note never takes: a person's objection is a note of its own kind.
_NOT_DRAWN = frozenset({"Den enskildes synpunkt"})


@dataclass(frozen=True, slots=True)
class NoteDraw:
    """One note as plain values: what it says and when it was written."""

    heading: str
    body: str
    keywords: list[str]
    event_at: datetime
    created_at: datetime
    signed: bool


def draw_note(
    rng: random.Random, template: JournalTemplate, event_at: datetime, latest: datetime
) -> NoteDraw:
    """A note about `event_at`, saved a little later (never after `latest`): one of the
    template's headings, one or two phrase texts and one to three keywords."""
    headings = [heading for heading in template.headings if heading not in _NOT_DRAWN]
    phrases = rng.sample(template.phrases, k=min(len(template.phrases), rng.randint(1, 2)))
    keywords = rng.sample(template.keywords, k=min(len(template.keywords), rng.randint(1, 3)))
    return NoteDraw(
        heading=rng.choice(headings),
        body=" ".join(phrase.text for phrase in phrases),
        keywords=sorted(set(keywords)),
        event_at=event_at,
        created_at=min(event_at + timedelta(minutes=rng.randint(2, 90)), latest),
        signed=rng.random() < 0.6,
    )


def note_moments(
    rng: random.Random, first: datetime, latest: datetime, notes: int
) -> list[datetime]:
    """`notes` moments between `first` and `latest`, in order, at the hours care staff
    visit and write (07–21), never after `latest`."""
    days = max(0, (latest.date() - first.date()).days)
    moments = []
    for _ in range(notes):
        day = first.date() + timedelta(days=rng.randint(0, days))
        moment = datetime.combine(day, time(rng.randint(7, 20), rng.randrange(60)), UTC)
        moments.append(min(max(moment, first), latest))
    return sorted(moments)


def note_rows(
    note: NoteDraw,
    *,
    entry_id: int,
    version_id: int,
    journal_id: int,
    unit_id: int,
    author: int,
    role: Role,
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The note's journal_entries row (unlocked), its one version and its keyword rows."""
    entry = {
        "id": entry_id,
        "journal_id": journal_id,
        "author_id": author,
        "author_role": role.value,
        "unit_id": unit_id,
        "heading": note.heading,
        "event_at": note.event_at,
        "body": note.body,
        "created_at": note.created_at,
        "saved_at": note.created_at,
        "lock_due_at": note.created_at + timedelta(hours=LOCK_HOURS),
        "locked_at": None,
        "signed": note.signed,
        "objection_to_entry_id": None,
        "version": 1,
    }
    version = {
        "id": version_id,
        "entry_id": entry_id,
        "version_no": 1,
        "heading": note.heading,
        "body": note.body,
        "event_at": note.event_at,
        "keywords": note.keywords,
        "saved_at": note.created_at,
        "saved_by": author,
    }
    keywords = [{"entry_id": entry_id, "keyword": keyword} for keyword in note.keywords]
    return entry, version, keywords


def lock_demo_notes(session: Session, now: datetime) -> None:
    """Lock the signed notes (at their save) and those whose lock time passed by `now`; the
    unsigned notes of the last day stay open."""
    session.execute(
        update(JournalEntry)
        .where(JournalEntry.locked_at.is_(None))
        .where(or_(JournalEntry.signed.is_(True), JournalEntry.lock_due_at <= now))
        .values(
            locked_at=case(
                (JournalEntry.signed.is_(True), JournalEntry.saved_at),
                else_=JournalEntry.lock_due_at,
            )
        )
        .execution_options(synchronize_session=False)
    )


# -- the small demo ------------------------------------------------------------------------


_ROLE_OF_WRITER = {
    PERSONAL: Role.CARE_STAFF,
    SAMORDNARE: Role.COORDINATOR,
    VERKSAMHETSCHEF: Role.OPERATIONS_MANAGER,
}


def _writer_of(plan: PersonPlan) -> str:
    """Who writes a person's notes among the demo users: the care staff at Norr grupp 1,
    the coordinator of Norr and Söder, the operations manager elsewhere."""
    if plan.performer == NORR_1:
        return PERSONAL
    if plan.receiver in (HT_NORR, HT_SODER):
        return SAMORDNARE
    return VERKSAMHETSCHEF


def write_journals(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    """A journal with a handful of notes since Kvittera for every person with running,
    acknowledged rows; an HSL journal by the district nurse for some at Norr grupp 1."""
    latest = datetime.combine(b.today - timedelta(days=1), time(15, 0), UTC)
    for plan in plans:
        if plan.fate not in (Fate.ONGOING, Fate.REVISED) or plan.acknowledged_at is None:
            continue
        template = template_by_code(TEMPLATE_OF_AREA.get(plan.area, "home_care"))
        if template is None:
            continue
        writer = _writer_of(plan)
        role = _ROLE_OF_WRITER[writer]
        _write_small_journal(b, plan, template, writer, role, b.rng.randint(3, 12), latest)
        hsl = template_by_code(HSL_TEMPLATE)
        if hsl is not None and plan.performer == NORR_1 and b.rng.random() < 0.4:
            _write_small_journal(
                b, plan, hsl, SJUKSKOTERSKA, Role.NURSE, b.rng.randint(2, 5), latest
            )


def _write_small_journal(
    b: DemoBuilder,
    plan: PersonPlan,
    template: JournalTemplate,
    writer: str,
    role: Role,
    notes: int,
    latest: datetime,
) -> None:
    assert plan.acknowledged_at is not None
    opened = min(plan.acknowledged_at, latest - timedelta(days=notes))
    unit_id = b.units[plan.performer].id
    author = b.users[writer].id
    journal = Journal(
        id=b.next_id(Journal),
        person_id=plan.person.id,
        unit_id=unit_id,
        kind=JournalKind.HSL if template.kind is JournalKind.HSL else JournalKind.SOCIAL,
        template_code=template.code,
        title=template.title,
        created_at=opened,
        created_by=author,
        version=1,
    )
    b.keep(journal)
    for event_at in note_moments(b.rng, opened, latest, notes):
        note = draw_note(b.rng, template, event_at, latest)
        entry, version, keywords = note_rows(
            note,
            entry_id=b.next_id(JournalEntry),
            version_id=b.next_id(JournalEntryVersion),
            journal_id=journal.id,
            unit_id=unit_id,
            author=author,
            role=role,
        )
        b.keep(JournalEntry(**entry))
        b.keep(JournalEntryVersion(**version))
        for keyword in keywords:
            b.keep(JournalEntryKeyword(**keyword))
