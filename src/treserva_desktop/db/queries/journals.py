"""Read side of genomförandejournaler: who may read and write a journal, Documenta's overview,
the journal window (header and pages of notes, newest first) and one note. Every read of a
journal is audited (ids only: never a heading, a keyword or the text)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.int_settings import IntSetting
from treserva_desktop.db.journal_templates import template_by_code
from treserva_desktop.db.models import (
    ImplementationPlan,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries.hsl_openings import load_journal, require_journal_read
from treserva_desktop.db.queries.journal_corrections import corrected_entry_ids
from treserva_desktop.db.queries.organisation import (
    all_units,
    unit_and_ancestors,
    unit_path,
)
from treserva_desktop.db.queries.reach import engaged_at
from treserva_desktop.domain.enums import AuditAction, JournalKind, Permission, Role
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.journal_rules import (
    DEFAULT_LOCK_HOURS,
    MAX_LOCK_HOURS,
    check_writer,
    is_locked,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journals import (
    Choice,
    DocumentItem,
    JournalListItem,
    JournalView,
    JournalWindowData,
    NoteCursor,
    NoteFilter,
    NotePage,
    NoteRow,
    NoteView,
    PersonDocuments,
)

LOCK_HOURS_KEY = "journal_lock_hours"
PAGE_SIZE = 100
NOT_ENGAGED = (
    "Personen har inga pågående eller planerade insatser vid enheten och uppföljningstiden "
    "har gått ut. Du har inte längre behörighet att se personens journaler där."
)


def _aware(moment: datetime) -> datetime:
    """A stored moment as UTC-aware (SQLite hands timestamps back without their zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


LOCK_HOURS = IntSetting(
    LOCK_HOURS_KEY,
    DEFAULT_LOCK_HOURS,
    1,
    MAX_LOCK_HOURS,
    f"Låstiden ska vara 1–{MAX_LOCK_HOURS} timmar.",
    "hours",
)


def lock_hours(session: Session) -> int:
    """Hours after a note's first save when it locks by itself (default 24)."""
    return LOCK_HOURS.read(session)


def store_lock_hours(session: Session, hours: int) -> None:
    """Set the installation's lock time (the owner's command `db journal-lock-hours`); it
    applies to notes saved first from then on."""
    LOCK_HOURS.store(session, hours)


def require_journal_access(
    session: Session, actor: Actor, person_id: int, unit_id: int, kind: JournalKind
) -> None:
    """The actor writes journals of `kind` at the unit (domain.journal_rules.check_writer)
    and the person is engaged at that very unit."""
    if session.get(Person, person_id) is None:
        raise NotFound("Personen finns inte.")
    check_writer(actor, kind, unit_id)
    _require_engaged(session, actor, person_id, unit_id)


def _require_engaged(session: Session, actor: Actor, person_id: int, unit_id: int) -> None:
    if not engaged_at(session, actor, person_id, unit_id):
        raise PermissionDenied(NOT_ENGAGED)


def _audit_read(
    session: Session, actor: Actor, journal: Journal, view: str, entry_id: int | None = None
) -> None:
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        "journal_entry" if entry_id is not None else "journal",
        entry_id if entry_id is not None else journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        details={"view": view, "journal_id": journal.id},
    )


def _readable_kinds(actor: Actor, unit_id: int) -> list[JournalKind]:
    kinds = []
    if actor.can(Permission.WRITE_JOURNAL, unit_id):
        kinds.append(JournalKind.SOCIAL)
    # journal2 (W13): a verksamhetschef sees the HSL journal listed; opening it is gated.
    if unit_id in actor.scope.get(Role.NURSE, frozenset()) or actor.can(
        Permission.READ_HSL_JOURNAL, unit_id
    ):
        kinds.append(JournalKind.HSL)
    return kinds


def _person_journals(
    session: Session, person_id: int, unit_id: int, kinds: list[JournalKind]
) -> list[JournalListItem]:
    """The person's journals of `kinds` at the unit, newest first, with their note counts
    (for a caller that has checked and audits)."""
    if not kinds:
        return []
    # Per journal, from its (journal_id, event_at, id) index: never a pass over all notes.
    notes = (
        select(func.count())
        .where(JournalEntry.journal_id == Journal.id)
        .correlate(Journal)
        .scalar_subquery()
    )
    last_event_at = (
        select(func.max(JournalEntry.event_at))
        .where(JournalEntry.journal_id == Journal.id)
        .correlate(Journal)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Journal.id,
            Journal.kind,
            Journal.title,
            Journal.template_code,
            Journal.created_at,
            Journal.closed_at,
            notes.label("notes"),
            last_event_at.label("last_event_at"),
        )
        .where(
            Journal.person_id == person_id,
            Journal.unit_id == unit_id,
            Journal.kind.in_(kinds),
        )
        .order_by(Journal.created_at.desc(), Journal.id.desc())
    ).all()
    return [
        JournalListItem(
            id=row.id,
            person_id=person_id,
            unit_id=unit_id,
            kind=row.kind,
            title=row.title,
            template_code=row.template_code,
            created_at=_aware(row.created_at),
            closed_at=_aware(row.closed_at) if row.closed_at else None,
            note_count=row.notes or 0,
            last_event_at=_aware(row.last_event_at) if row.last_event_at else None,
        )
        for row in rows
    ]


def person_documents(
    session: Session, actor: Actor, person_id: int, unit_id: int
) -> PersonDocuments:
    """Documenta and Dokument GF: the journals the actor may read at the unit and the
    person's genomförandeplaner there."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Personen finns inte.")
    kinds = _readable_kinds(actor, unit_id)
    if not kinds:
        check_writer(actor, JournalKind.SOCIAL, unit_id)
    _require_engaged(session, actor, person_id, unit_id)
    journals = _person_journals(session, person_id, unit_id, kinds)
    plans = session.execute(
        select(ImplementationPlan.established_on, ImplementationPlan.ended_on)
        .where(ImplementationPlan.person_id == person_id, ImplementationPlan.unit_id == unit_id)
        .order_by(ImplementationPlan.established_on.desc(), ImplementationPlan.id.desc())
    ).all()
    documents = tuple(
        DocumentItem(
            kind_text="Genomförandeplan",
            title=f"Genomförandeplan {row.established_on:%Y-%m-%d}",
            dated=row.established_on,
            status_text="Avslutad" if row.ended_on is not None else "Aktuell",
        )
        for row in plans
    )
    units = all_units(session)
    chain = unit_and_ancestors(units, unit_id)
    area = next((u.business_area for u in chain if u.business_area is not None), None)
    unit = units.get(unit_id)
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        "journal",
        None,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": "documents"},
    )
    return PersonDocuments(
        person_id=person_id,
        unit_id=unit_id,
        person_name=f"{person.first_name} {person.last_name}",
        unit_name=unit.name if unit is not None else "",
        business_area=area,
        journals=tuple(journals),
        documents=documents,
    )


def _readable(session: Session, actor: Actor, journal_id: int) -> Journal:
    journal = load_journal(session, journal_id)
    # journal2 (W13): the writers' rule, plus a verksamhetschef's gated HSL reading.
    require_journal_read(session, actor, journal)
    return journal


def journal_view(session: Session, actor: Actor, journal_id: int) -> JournalView:
    """The journal window's header and the template's headings, keywords and phrases."""
    journal = _readable(session, actor, journal_id)
    _audit_read(session, actor, journal, "journal")
    return _header(session, actor, journal)


def journal_window_data(
    session: Session,
    actor: Actor,
    journal_id: int,
    note_filter: NoteFilter = NoteFilter(),  # noqa: B008
) -> JournalWindowData:
    """The journal window's header and its first page of notes under the filter: one access
    check and one audit event for both, what the window reads on opening and after Spara."""
    journal = _readable(session, actor, journal_id)
    _audit_read(session, actor, journal, "notes")
    return JournalWindowData(
        view=_header(session, actor, journal),
        notes=_note_page(session, journal, note_filter, None, PAGE_SIZE),
    )


def _header(session: Session, actor: Actor, journal: Journal) -> JournalView:
    """The header of a journal the caller has checked and audited."""
    person = session.get(Person, journal.person_id)
    assert person is not None
    units = all_units(session)
    writable = sorted(
        (
            unit_id
            for unit_id in actor.units_with(Permission.WRITE_JOURNAL)
            | actor.scope.get(Role.NURSE, frozenset())
            if unit_id in units and unit_id != journal.unit_id
        ),
        key=lambda unit_id: units[unit_id].name,
    )
    choices = tuple(
        Choice(unit_id, units[unit_id].name)
        for unit_id in [journal.unit_id, *writable]
        if unit_id in units
    )
    template = template_by_code(journal.template_code)
    return JournalView(
        id=journal.id,
        person_id=journal.person_id,
        unit_id=journal.unit_id,
        kind=journal.kind,
        title=journal.title,
        template_code=journal.template_code,
        person_name=f"{person.first_name} {person.last_name}",
        organisation=unit_path(units, journal.unit_id),
        closed=journal.closed_at is not None,
        headings=template.headings if template else (),
        keywords=template.keywords if template else (),
        phrases=tuple((p.title, p.text) for p in template.phrases) if template else (),
        performing_unit_id=journal.unit_id,
        units=choices,
        authors=_authors(session, journal.id),
        version=journal.version,
    )


def _authors(session: Session, journal_id: int) -> tuple[Choice, ...]:
    """The journal's authors for the Författare filter (from the (journal, author) index)."""
    author_ids = (
        select(JournalEntry.author_id)
        .where(JournalEntry.journal_id == journal_id)
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(User.id, User.display_name)
        .join(author_ids, author_ids.c.author_id == User.id)
        .order_by(User.display_name)
    ).all()
    return tuple(Choice(row.id, row.display_name) for row in rows)


def _local_start(day: date) -> datetime:
    """Midnight starting `day` on this workstation, as UTC (what the notes store)."""
    return datetime.combine(day, time()).astimezone(UTC)


def journal_notes(
    session: Session,
    actor: Actor,
    journal_id: int,
    note_filter: NoteFilter = NoteFilter(),  # noqa: B008
    after: NoteCursor | None = None,
    limit: int = PAGE_SIZE,
) -> NotePage:
    """One page of the journal's notes, newest first (by event time, then id), filtered by
    keyword, author and period: one query for the page and one for its keywords, whatever
    the journal's size (the (journal_id, event_at, id) index walked from the top)."""
    journal = _readable(session, actor, journal_id)
    if after is None:
        _audit_read(session, actor, journal, "notes")
    return _note_page(session, journal, note_filter, after, limit)


def _note_page(
    session: Session,
    journal: Journal,
    note_filter: NoteFilter,
    after: NoteCursor | None,
    limit: int,
) -> NotePage:
    """A page of the notes of a journal the caller has checked (and audited)."""
    now = clock_of(session).now()
    conditions = [JournalEntry.journal_id == journal.id]
    if note_filter.author_id is not None:
        conditions.append(JournalEntry.author_id == note_filter.author_id)
    if note_filter.keyword:
        conditions.append(
            exists().where(
                JournalEntryKeyword.entry_id == JournalEntry.id,
                JournalEntryKeyword.keyword == note_filter.keyword,
            )
        )
    if note_filter.from_day is not None:
        conditions.append(JournalEntry.event_at >= _local_start(note_filter.from_day))
    if note_filter.to_day is not None:
        end = _local_start(note_filter.to_day + timedelta(days=1))
        conditions.append(JournalEntry.event_at < end)
    if after is not None:
        conditions.append(
            or_(
                JournalEntry.event_at < after.event_at,
                and_(JournalEntry.event_at == after.event_at, JournalEntry.id < after.entry_id),
            )
        )
    rows = session.execute(
        select(
            JournalEntry.id,
            JournalEntry.event_at,
            JournalEntry.heading,
            JournalEntry.author_id,
            JournalEntry.author_role,
            JournalEntry.unit_id,
            JournalEntry.locked_at,
            JournalEntry.lock_due_at,
            JournalEntry.signed,
            JournalEntry.objection_to_entry_id,
            JournalEntry.version,
            User.display_name,
            OrgUnit.name.label("unit_name"),
        )
        .join(User, User.id == JournalEntry.author_id)
        .join(OrgUnit, OrgUnit.id == JournalEntry.unit_id)
        .where(*conditions)
        .order_by(JournalEntry.event_at.desc(), JournalEntry.id.desc())
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    keywords: dict[int, list[str]] = {}
    if rows:
        for entry_id, keyword in session.execute(
            select(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword)
            .where(JournalEntryKeyword.entry_id.in_([row.id for row in rows]))
            .order_by(JournalEntryKeyword.entry_id, JournalEntryKeyword.keyword)
        ).all():
            keywords.setdefault(entry_id, []).append(keyword)
    corrected = corrected_entry_ids(session, [row.id for row in rows])  # journal2 (W7)
    notes = tuple(
        NoteRow(
            id=row.id,
            event_at=_aware(row.event_at),
            heading=row.heading,
            author_id=row.author_id,
            author_name=row.display_name,
            author_role=row.author_role,
            unit_name=row.unit_name,
            keywords=tuple(keywords.get(row.id, ())),
            locked=is_locked(row.locked_at, _aware(row.lock_due_at), now),
            signed=row.signed,
            is_objection=row.objection_to_entry_id is not None,
            version=row.version,
            corrected=row.id in corrected,
        )
        for row in rows
    )
    last = notes[-1] if more and notes else None
    cursor = NoteCursor(last.event_at, last.id) if last is not None else None
    return NotePage(notes, cursor)


def note_view(session: Session, actor: Actor, entry_id: int) -> NoteView:
    """One note with its text and keywords, for the note window (audited)."""
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        raise NotFound("Anteckningen finns inte.")
    journal = _readable(session, actor, entry.journal_id)
    _audit_read(session, actor, journal, "note", entry.id)
    return _build_note_view(session, actor, journal, entry)


def _build_note_view(
    session: Session, actor: Actor, journal: Journal, entry: JournalEntry
) -> NoteView:
    """The view of a note the caller has checked (and audited, where it is a read)."""
    keywords = session.scalars(
        select(JournalEntryKeyword.keyword)
        .where(JournalEntryKeyword.entry_id == entry.id)
        .order_by(JournalEntryKeyword.keyword)
    ).all()
    author = session.get(User, entry.author_id)
    now = clock_of(session).now()
    locked = is_locked(entry.locked_at, _aware(entry.lock_due_at), now)
    return NoteView(
        id=entry.id,
        journal_id=entry.journal_id,
        heading=entry.heading,
        unit_id=entry.unit_id,
        event_at=_aware(entry.event_at),
        body=entry.body,
        keywords=tuple(keywords),
        author_id=entry.author_id,
        author_name=author.display_name if author is not None else "",
        author_role=entry.author_role,
        created_at=_aware(entry.created_at),
        saved_at=_aware(entry.saved_at),
        lock_due_at=_aware(entry.lock_due_at),
        locked=locked,
        signed=entry.signed,
        objection_to_entry_id=entry.objection_to_entry_id,
        version=entry.version,
        editable=not locked and entry.author_id == actor.user_id and journal.closed_at is None,
    )
