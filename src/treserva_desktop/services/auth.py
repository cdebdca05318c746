"""Login, logout and the idle lock: verifies passwords, counts failures, locks accounts after
too many, and builds the Actor with its unit scope."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.db.passwords import hash_password, needs_rehash
from treserva_desktop.db.queries.reach import follow_up_days
from treserva_desktop.domain.account_rules import INACTIVE as INACTIVE
from treserva_desktop.domain.account_rules import WRONG_CREDENTIALS as WRONG_CREDENTIALS
from treserva_desktop.domain.account_rules import WRONG_PASSWORD
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.commands.accounts import Logout, UnlockSession
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import AuthenticationFailed
from treserva_desktop.domain.rules import Actor, RoleGrant, expand_scope
from treserva_desktop.domain.views.accounts import PasswordAnswer
from treserva_desktop.services._passwords import check_password, check_unknown_name

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """Either an actor, or why not and how many failures in a row the account has."""

    actor: Actor | None
    message: str = ""
    failed_attempts: int = 0
    locked_until: datetime | None = None


@changes()
def login(session: Session, _actor: None, command: Login) -> LoginOutcome:
    """Check the credentials. Failures are counted and audited, so the caller commits either way.

    An unknown user name gets the same answers after the same work (a verification against a
    dummy hash, a count, an audit row), locked after five like an account; "inaktiverat" is
    said only after a correct password. The service
    shape (session, actor, command) with no actor yet, so the runner's core runs login like any
    other action."""
    user = session.scalars(
        select(User).where(func.lower(User.username) == command.username.strip().lower())
    ).one_or_none()
    if user is None:
        checked = check_unknown_name(session, command.username, command.password)
    else:
        checked = check_password(session, user, command.password)
    if not checked.ok or user is None:
        return LoginOutcome(None, checked.message, checked.failures, checked.locked_until)
    if not user.active:
        audit.record(
            session, None, AuditAction.LOGIN_FAILED, "user", user.id, details={"reason": "inactive"}
        )
        log.info("login refused for inactive user id %s", user.id)
        return LoginOutcome(None, INACTIVE, 0)
    details: dict[str, object] = {}
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(command.password)
        details["rehashed"] = True
    user.last_login_at = clock_of(session).now()
    actor = load_actor(session, user.id)
    audit.record(session, actor, AuditAction.LOGIN, "user", user.id, details=details)
    log.info("user id %s logged in", user.id)
    return LoginOutcome(actor)


@changes()
def logout(session: Session, actor: Actor, command: Logout) -> None:
    """The end of a session (Logga ut, Avsluta, or Logga ut from the lock screen), audited."""
    audit.record(
        session,
        actor,
        AuditAction.LOGOUT,
        "user",
        actor.user_id,
        details={"ending": command.ending.value},
    )
    log.info("user id %s logged out (%s)", actor.user_id, command.ending.value)


@changes()
def lock_session(session: Session, actor: Actor, _command: None) -> None:
    """The idle lock covered the windows; audited."""
    audit.record(session, actor, AuditAction.SESSION_LOCKED, "user", actor.user_id)
    log.info("session of user id %s locked after idle time", actor.user_id)


@changes()
def unlock_session(session: Session, actor: Actor, command: UnlockSession) -> PasswordAnswer:
    """The lock screen's password, under the login's lockout rules. Only the logged-in user
    unlocks; anyone else logs out. A deactivated account does not unlock. Commit either way."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise AuthenticationFailed("Användaren finns inte längre.")
    checked = check_password(session, user, command.password, wrong=WRONG_PASSWORD)
    if not checked.ok:
        return PasswordAnswer(False, checked.message, "password")
    if not user.active:
        audit.record(
            session, None, AuditAction.LOGIN_FAILED, "user", user.id, details={"reason": "inactive"}
        )
        return PasswordAnswer(False, INACTIVE, "password")
    audit.record(session, actor, AuditAction.SESSION_UNLOCKED, "user", actor.user_id)
    log.info("session of user id %s unlocked", actor.user_id)
    return PasswordAnswer(True)


@changes()
def load_actor(session: Session, user_id: int) -> Actor:
    """The user with role grants and each role's unit reach (granted units and all below)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise AuthenticationFailed("Användaren finns inte eller är inaktiverad.")
    rows = session.execute(
        select(RoleAssignment.role, RoleAssignment.unit_id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.user_id == user_id)
        .order_by(RoleAssignment.id)
    ).all()
    grants = tuple(RoleGrant(role, unit_id, name) for role, unit_id, name in rows)
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all():
        if parent_id is not None:
            children[parent_id].append(unit_id)
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        grants=grants,
        scope=expand_scope(grants, children),
        follow_up_days=follow_up_days(session),
    )
