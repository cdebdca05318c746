"""Rules of Kvittera in Genomförande: an unread assignment is acknowledged only when the user
confirms it, and Ångra takes back only the user's own, recent acknowledgement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError

UNREAD_QUESTION = "Du har inte läst uppdraget. Kvittera ändå?"
UNREAD_NOT_CONFIRMED = (
    "Du har inte läst uppdraget. Läs det först, eller bekräfta att du kvitterar det ändå."
)
# Ångra is for a slip of the hand, not for reopening yesterday's work.
UNDO_WINDOW = timedelta(hours=8)
UNDO_NOT_YOURS = "Bara den som kvitterade uppdraget kan ångra kvitteringen."
UNDO_TOO_LATE = "Kvitteringen kan inte längre ångras."
UNDO_CHANGED = "Uppdraget har ändrats efter kvitteringen och kan inte ångras."


def check_unread(read_by_actor: bool, confirmed: bool) -> None:
    """Kvittera of an assignment the user has not opened needs their explicit Ja."""
    if not read_by_actor and not confirmed:
        raise ValidationError(UNREAD_NOT_CONFIRMED, field="unread_confirmed")


def check_undo(
    actor_id: int,
    acknowledged: Iterable[tuple[int | None, datetime | None]],
    now: datetime,
) -> None:
    """Each row (who acknowledged it, when) must be the actor's own and recent; a row that
    is no longer acknowledged (None, None) means someone has moved on from it."""
    rows = list(acknowledged)
    if not rows or any(user is None or when is None for user, when in rows):
        raise Conflict(UNDO_CHANGED)
    if any(user != actor_id for user, _when in rows):
        raise PermissionDenied(UNDO_NOT_YOURS)
    if any(when is not None and _utc(now) - _utc(when) > UNDO_WINDOW for _user, when in rows):
        raise Conflict(UNDO_TOO_LATE)


def _utc(moment: datetime) -> datetime:
    """SQLite hands stored times back without their zone; they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
