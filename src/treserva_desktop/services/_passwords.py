"""The password check every service shares (login, lock screen, Byt lösenord): the lockout
rules, with each failure and lockout audited in the caller's transaction."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import UnknownLoginName, User
from treserva_desktop.db.passwords import verify_dummy, verify_password
from treserva_desktop.domain import account_rules
from treserva_desktop.domain.account_rules import WRONG_CREDENTIALS
from treserva_desktop.domain.enums import AuditAction

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    """One password checked against an account under the lockout rules."""

    ok: bool
    message: str = ""
    failures: int = 0
    locked_until: datetime | None = None


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without a zone; they are stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _locked_message(session: Session, until: datetime) -> str:
    clock = clock_of(session)
    return account_rules.locked_message(until.astimezone(), clock.local_now())


def check_password(
    session: Session, user: User, password: str, *, wrong: str = WRONG_CREDENTIALS
) -> PasswordCheck:
    """The password against a known account, under the lockout rules: a locked account is
    refused without looking at the password (after the time a check takes); a wrong password
    is counted and audited, and the fifth in a row locks the account for 15 minutes (audited).
    A correct one clears the count. The caller commits either way."""
    now = clock_of(session).now()
    locked_until = _aware(user.locked_until)
    if account_rules.is_locked(locked_until, now):
        assert locked_until is not None
        verify_dummy(password)
        audit.record(
            session, None, AuditAction.LOGIN_FAILED, "user", user.id, details={"reason": "locked"}
        )
        return PasswordCheck(False, _locked_message(session, locked_until), 0, locked_until)
    if verify_password(password, user.password_hash):
        if user.failed_logins or user.locked_until is not None:
            user.failed_logins = 0
            user.locked_until = None
        return PasswordCheck(True)
    # One statement, so two workstations failing at once both count.
    failures = session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
    ).scalar_one()
    session.refresh(user, ["failed_logins"])
    audit.record(
        session,
        None,
        AuditAction.LOGIN_FAILED,
        "user",
        user.id,
        details={"reason": "wrong_password", "failures": failures},
    )
    log.info("password refused for user id %s (%s in a row)", user.id, failures)
    if not account_rules.locks_now(failures):
        return PasswordCheck(False, wrong, failures)
    until = account_rules.lock_ends(now)
    user.locked_until = until
    user.failed_logins = 0  # after the lock, five new attempts
    audit.record(
        session,
        None,
        AuditAction.ACCOUNT_LOCKED,
        "user",
        user.id,
        details={"failures": failures, "until": until.isoformat()},
    )
    log.info("user id %s locked after %s failed logins", user.id, failures)
    return PasswordCheck(False, _locked_message(session, until), failures, until)


def unknown_name_key(username: str) -> str:
    """The 16-bit bucket of a user name that does not exist: 4 hex digits of its SHA-256. Too
    little to recover anything typed (a password in the name field, say); enough that probing
    one name counts towards that name."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:4]


def check_unknown_name(session: Session, username: str, password: str) -> PasswordCheck:
    """A user name that does not exist gets what an account gets: the time of one password
    check, "Fel användarnamn eller lösenord." four times, then the lock message for 15 minutes
    from the fifth. Counted per 16-bit bucket of the name; audited without the name."""
    now = clock_of(session).now()
    key = unknown_name_key(username)
    verify_dummy(password)
    row = session.get(UnknownLoginName, key)
    locked_until = _aware(row.locked_until) if row is not None else None
    if account_rules.is_locked(locked_until, now):
        assert locked_until is not None
        audit.record(
            session, None, AuditAction.LOGIN_FAILED, "user", None, details={"reason": "locked"}
        )
        return PasswordCheck(False, _locked_message(session, locked_until), 0, locked_until)
    failures = _count_unknown_failure(session, key)
    audit.record(
        session,
        None,
        AuditAction.LOGIN_FAILED,
        "user",
        None,
        details={"reason": "unknown_user", "failures": failures},
    )
    log.info("login failed for an unknown username (%s in a row)", failures)
    if not account_rules.locks_now(failures):
        return PasswordCheck(False, WRONG_CREDENTIALS, failures)
    until = account_rules.lock_ends(now)
    session.execute(
        update(UnknownLoginName)
        .where(UnknownLoginName.name_key == key)
        .values(failed_logins=0, locked_until=until)
    )
    audit.record(
        session,
        None,
        AuditAction.ACCOUNT_LOCKED,
        "user",
        None,
        details={"failures": failures, "until": until.isoformat()},
    )
    return PasswordCheck(False, _locked_message(session, until), failures, until)


def _count_unknown_failure(session: Session, key: str) -> int:
    """One more failure for the bucket, created if new: one upsert, so two workstations at
    once neither lose a count nor collide on the insert."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = insert(UnknownLoginName).values(name_key=key, failed_logins=1, locked_until=None)
    counted = values.on_conflict_do_update(
        index_elements=[UnknownLoginName.name_key],
        set_={"failed_logins": UnknownLoginName.failed_logins + 1, "locked_until": None},
    ).returning(UnknownLoginName.failed_logins)
    failures: int = session.execute(counted).scalar_one()
    return failures
