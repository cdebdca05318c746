"""Login: verifies the password, counts failures and builds the Actor with its unit scope."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.db.passwords import verify_password
from treserva_desktop.db.queries.reach import follow_up_days
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import AuthenticationFailed
from treserva_desktop.domain.rules import Actor, RoleGrant, expand_scope

log = logging.getLogger(__name__)

WRONG_CREDENTIALS = "Fel användarnamn eller lösenord."


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """Either an actor, or why not and how many failures in a row the account has."""

    actor: Actor | None
    message: str = ""
    failed_attempts: int = 0


@changes()
def login(session: Session, _actor: None, command: Login) -> LoginOutcome:
    """Check the credentials. Failures are counted and audited, so the caller commits either way.

    The service shape (session, actor, command) with no actor yet, so the runner's core runs
    login like any other action."""
    user = session.scalars(
        select(User).where(func.lower(User.username) == command.username.strip().lower())
    ).one_or_none()
    if user is None:
        log.info("login failed for unknown username")
        return LoginOutcome(None, WRONG_CREDENTIALS, 0)
    if not user.active:
        audit.record(session, None, AuditAction.LOGIN_FAILED, "user", user.id)
        return LoginOutcome(None, "Kontot är inaktiverat. Kontakta systemadministratören.", 0)
    if not verify_password(command.password, user.password_hash):
        user.failed_logins += 1
        audit.record(session, None, AuditAction.LOGIN_FAILED, "user", user.id)
        log.info("login failed for user id %s (%s in a row)", user.id, user.failed_logins)
        return LoginOutcome(None, WRONG_CREDENTIALS, user.failed_logins)
    user.failed_logins = 0
    user.last_login_at = clock_of(session).now()
    actor = load_actor(session, user.id)
    audit.record(session, actor, AuditAction.LOGIN, "user", user.id)
    log.info("user id %s logged in", user.id)
    return LoginOutcome(actor)


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
