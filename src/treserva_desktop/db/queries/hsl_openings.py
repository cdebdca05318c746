"""Who may read a journal (social or HSL) and whether a verksamhetschef has opened an HSL
journal with a stated reason and a licensed colleague present (W13).

Social journals are read by those who write them: the unit's staff and managers
(Permission.WRITE_JOURNAL at the journal's unit). HSL journals by the unit's nurses, and by a
verksamhetschef (Permission.READ_HSL_JOURNAL) only within OPENING_HOURS of an opening they
recorded for that journal (an hsl_openings row, audited). Both also need the person in reach.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import HslOpening, Journal
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.rules import Actor, require

# An opening covers one sitting: the journal can be reopened by the same user for this long
# before a new reason is asked for.
OPENING_HOURS = 8
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


def require_journal_read(session: Session, actor: Actor, journal: Journal) -> None:
    """Refuse unless the actor may read the journal now (see the module's rule)."""
    if journal.kind is JournalKind.HSL:
        if not is_nurse_at(actor, journal.unit_id):
            require(actor, Permission.READ_HSL_JOURNAL, journal.unit_id)
            require_person_access(session, actor, journal.person_id)
            if latest_opening(session, actor, journal.id) is None:
                raise PermissionDenied(OPENING_NEEDED)
            return
    else:
        require(actor, Permission.WRITE_JOURNAL, journal.unit_id)
    require_person_access(session, actor, journal.person_id)


def needs_opening(session: Session, actor: Actor, journal_id: int) -> bool:
    """Whether opening the journal asks the actor for a reason and a colleague first (an HSL
    journal read by a verksamhetschef without a current opening). Says nothing about the
    journal's content."""
    journal = load_journal(session, journal_id)
    if journal.kind is not JournalKind.HSL or is_nurse_at(actor, journal.unit_id):
        return False
    require(actor, Permission.READ_HSL_JOURNAL, journal.unit_id)
    require_person_access(session, actor, journal.person_id)
    return latest_opening(session, actor, journal_id) is None
