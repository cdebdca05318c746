"""Who may read a journal (social or HSL) and whether a verksamhetschef has opened an HSL
journal with a stated reason and a licensed colleague present (W13).

Journals are read by those who write them (domain.journal_rules.check_writer): a social
journal by the unit's staff and managers, an HSL journal by the unit's nurses — and an HSL
journal also by a verksamhetschef (Permission.READ_HSL_JOURNAL) within OPENING_HOURS of an
opening they recorded for it (an hsl_openings row, audited). The person must be engaged at
the journal's unit. db/queries/journals.py reads through require_journal_read too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import HslOpening, Journal, Person
from treserva_desktop.db.queries.reach import engaged_at
from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.journal_rules import check_writer
from treserva_desktop.domain.rules import Actor, require

# An opening covers one sitting: the journal can be reopened by the same user for this long
# before a new reason is asked for.
OPENING_HOURS = 8
NOT_ENGAGED = (
    "Personen har inga pågående eller planerade insatser vid journalens enhet och "
    "uppföljningstiden har gått ut. Du har inte längre behörighet att läsa journalen."
)
OPENING_NEEDED = (
    "HSL-journalen öppnas först när du har angett skäl och vilken legitimerad kollega som är "
    "med dig (Öppna HSL-journal…)."
)


def aware(moment: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def load_journal(session: Session, journal_id: int) -> Journal:
    journal = session.get(Journal, journal_id)
    if journal is None:
        raise NotFound("Journalen finns inte.")
    return journal


def is_nurse_at(actor: Actor, unit_id: int) -> bool:
    return unit_id in actor.scope.get(Role.NURSE, frozenset())


def latest_opening(session: Session, actor: Actor, journal_id: int) -> HslOpening | None:
    """The actor's opening of the journal that still counts now, if any."""
    since = clock_of(session).now() - timedelta(hours=OPENING_HOURS)
    return session.scalars(
        select(HslOpening)
        .where(
            HslOpening.journal_id == journal_id,
            HslOpening.user_id == actor.user_id,
            HslOpening.opened_at >= since,
        )
        .order_by(HslOpening.opened_at.desc())
        .limit(1)
    ).first()


def require_engaged_at(session: Session, actor: Actor, person_id: int, unit_id: int) -> None:
    """The person is engaged at that very unit, which the actor reaches (the rule of
    db/queries/reach.py, narrowed to the journal's unit as the journal's own reads do)."""
    if session.get(Person, person_id) is None:
        raise NotFound("Personen finns inte.")
    if not engaged_at(session, actor, person_id, unit_id):
        raise PermissionDenied(NOT_ENGAGED)


def require_journal_read(session: Session, actor: Actor, journal: Journal) -> None:
    """Refuse unless the actor may read the journal now (see the module's rule): the writers
    of its kind at its unit (domain.journal_rules.check_writer), or for an HSL journal a
    verksamhetschef with a current opening; the person engaged at the journal's unit."""
    if journal.kind is JournalKind.HSL and not is_nurse_at(actor, journal.unit_id):
        require(actor, Permission.READ_HSL_JOURNAL, journal.unit_id)
        require_engaged_at(session, actor, journal.person_id, journal.unit_id)
        if latest_opening(session, actor, journal.id) is None:
            raise PermissionDenied(OPENING_NEEDED)
        return
    check_writer(actor, journal.kind, journal.unit_id)
    require_engaged_at(session, actor, journal.person_id, journal.unit_id)


def needs_opening(session: Session, actor: Actor, journal_id: int) -> bool:
    """Whether opening the journal asks the actor for a reason and a colleague first (an HSL
    journal read by a verksamhetschef without a current opening). Says nothing about the
    journal's content."""
    journal = load_journal(session, journal_id)
    if journal.kind is not JournalKind.HSL or is_nurse_at(actor, journal.unit_id):
        return False
    require(actor, Permission.READ_HSL_JOURNAL, journal.unit_id)
    require_engaged_at(session, actor, journal.person_id, journal.unit_id)
    return latest_opening(session, actor, journal_id) is None
