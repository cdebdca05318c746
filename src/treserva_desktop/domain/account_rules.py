"""Account rules as pure functions: lockout, password policy, user names and their messages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS

# Five wrong passwords in a row lock the account for fifteen minutes (login and lock screen).
MAX_FAILED_LOGINS = 5
LOCKOUT_DURATION = timedelta(minutes=15)
# NIST SP 800-63B and OWASP: length matters most; no composition rules, no forced expiry.
MIN_PASSWORD_LENGTH = 12

WRONG_CREDENTIALS = "Fel användarnamn eller lösenord."
WRONG_PASSWORD = "Fel lösenord."
INACTIVE = "Kontot är inaktiverat. Kontakta systemadministratören."

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


class SessionEnding(StrEnum):
    """How a session ended, kept in the audit trail's logout event."""

    LOGOUT = "logout"  # Arkiv › Logga ut
    QUIT = "quit"  # Arkiv › Avsluta or the window closed
    FROM_LOCK = "from_lock"  # Logga ut on the lock screen (another user, or forgotten password)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def lock_ends(now: datetime) -> datetime:
    return now + LOCKOUT_DURATION


def locks_now(failures_in_a_row: int) -> bool:
    """The failure that locks the account: the fifth in a row (and every fifth after)."""
    return failures_in_a_row >= MAX_FAILED_LOGINS


def locked_message(until_local: datetime, today_local: datetime) -> str:
    """'Kontot är låst till kl. 14.35 …' (with the date when the lock ends another day)."""
    at = f"kl. {until_local:%H.%M}"
    if until_local.date() != today_local.date():
        at = f"{until_local:%Y-%m-%d} {at}"
    return (
        f"Kontot är låst till {at} efter {MAX_FAILED_LOGINS} misslyckade inloggningsförsök. "
        "Försök igen då, eller kontakta systemadministratören."
    )


def check_new_password(
    new: str, repeated: str, *, current: str | None = None, field: str = "new_password"
) -> str:
    """The new password if the policy allows it; ValidationError at the field otherwise."""
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Lösenordet måste vara minst {MIN_PASSWORD_LENGTH} tecken långt.", field=field
        )
    if len(new) > MAX_LENGTHS["password"]:
        raise ValidationError(
            f"Lösenordet får vara högst {MAX_LENGTHS['password']} tecken långt.", field=field
        )
    if new != repeated:
        raise ValidationError(
            "Det nya lösenordet och upprepningen är inte lika.", field="repeated_password"
        )
    if current is not None and new == current:
        raise ValidationError(
            "Det nya lösenordet måste skilja sig från det nuvarande.", field=field
        )
    return new


def check_username(username: str) -> str:
    """A login name: lower-case a–z first, then a–z, digits, '.', '-' or '_' (2–64 chars)."""
    if not _USERNAME.match(username):
        raise ValidationError(
            "Användarnamnet ska vara 2–64 tecken: små bokstäver a–z, siffror, punkt, "
            "bindestreck eller understreck, och börja med en bokstav.",
            field="username",
        )
    return username
