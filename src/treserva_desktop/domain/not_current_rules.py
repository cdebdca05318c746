"""Rules of Ej aktuella – att avsluta: whether a user's removal still hides a person."""

from __future__ import annotations

from datetime import date

NOT_IN_FOLDER = (
    "Personen finns inte i Ej aktuella – att avsluta: hen har pågående eller planerade "
    "insatser, eller inga avslutade insatser vid dina enheter."
)
ALREADY_REMOVED = "Personen är redan borttagen ur mappen."
NOT_REMOVED = "Personen är inte borttagen ur mappen."


def removal_hides(removed: bool | None, ended_on: date | None, last_end: date | None) -> bool:
    """A user's newest entry hides the person when it is a removal made after the person's
    last row (at the user's units) had ended: a row ending later is a new engagement that has
    ended, and brings the person back."""
    if not removed or ended_on is None:
        return False
    return last_end is None or last_end <= ended_on
