"""Accounts: a user changes their own password; the systemadministratör creates users, grants
and revokes roles at units, sets a new password for a user, and deactivates or reactivates
accounts (never deletes them).

Every change is audited with ids and codes only (never a name or a password)."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.db.passwords import hash_password
from treserva_desktop.domain.account_rules import (
    WRONG_PASSWORD,
    check_new_password,
    check_username,
)
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.accounts import (
    ChangePassword,
    CreateUser,
    GrantRole,
    RevokeRole,
    SetPassword,
    SetUserActive,
)
from treserva_desktop.domain.enums import AuditAction, Permission, Role
from treserva_desktop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.accounts import PasswordAnswer
from treserva_desktop.services._passwords import check_password

log = logging.getLogger(__name__)


@changes()
def change_password(session: Session, actor: Actor, command: ChangePassword) -> PasswordAnswer:
    """Byt lösenord: the new password by the policy (ValidationError at its field), then the
    current one under the login's lockout rules, then the new hash with a new salt.

    A wrong current password is answered, not raised: its failure (and a lockout) is counted
    and audited, so the caller commits either way, as for a login."""
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise NotFound("Ditt konto finns inte längre eller är inaktiverat.")
    check_new_password(
        command.new_password, command.repeated_password, current=command.current_password
    )
    checked = check_password(session, user, command.current_password, wrong=WRONG_PASSWORD)
    if not checked.ok:
        return PasswordAnswer(False, checked.message, "current_password")
    user.password_hash = hash_password(command.new_password)
    audit.record(session, actor, AuditAction.PASSWORD_CHANGED, "user", user.id)
    log.info("user id %s changed their password", user.id)
    return PasswordAnswer(True)


@changes()
def create_user(session: Session, actor: Actor, command: CreateUser) -> int:
    """A new active account with its first password; roles are granted separately."""
    require(actor, Permission.ADMINISTER)
    username = check_username(command.username.strip().lower())
    display_name = command.display_name.strip()
    if not display_name:
        raise ValidationError("Ange användarens namn.", field="display_name")
    check_new_password(command.password, command.repeated_password, field="password")
    taken = session.scalars(
        select(User.id).where(func.lower(User.username) == username)
    ).one_or_none()
    if taken is not None:
        raise ValidationError(
            "Det finns redan en användare med det användarnamnet.", field="username"
        )
    user = User(
        username=username,
        display_name=display_name,
        title=command.title.strip(),
        password_hash=hash_password(command.password),
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, AuditAction.CREATE, "user", user.id)
    log.info("user id %s created by user id %s", user.id, actor.user_id)
    return user.id


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Användaren finns inte.")
    return user


def _require_reach_over(session: Session, actor: Actor, user: User) -> None:
    """An administrator of part of the organisation manages only users whose every role lies
    within that part (or who have none): else a local administrator could set the password of,
    and log in as, someone elsewhere."""
    reach = actor.units_with(Permission.ADMINISTER)
    units = session.scalars(
        select(RoleAssignment.unit_id).where(RoleAssignment.user_id == user.id)
    ).all()
    if not set(units) <= reach:
        raise PermissionDenied(
            "Användaren har roller vid enheter utanför din behörighet som administratör."
        )


def _unit_name(session: Session, unit_id: int) -> str:
    name = session.scalars(select(OrgUnit.name).where(OrgUnit.id == unit_id)).one_or_none()
    if name is None:
        raise NotFound("Enheten finns inte.")
    return name


@changes()
def grant_role(session: Session, actor: Actor, command: GrantRole) -> None:
    """A role at a unit (and every unit below it), within the administrator's own reach."""
    require(actor, Permission.ADMINISTER, command.unit_id)
    user = _user(session, command.user_id)
    _unit_name(session, command.unit_id)
    exists = session.scalars(
        select(RoleAssignment.id).where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.role == command.role,
            RoleAssignment.unit_id == command.unit_id,
        )
    ).one_or_none()
    if exists is not None:
        raise Conflict("Användaren har redan den rollen vid den enheten.")
    session.add(RoleAssignment(user_id=user.id, role=command.role, unit_id=command.unit_id))
    audit.record(
        session,
        actor,
        AuditAction.GRANT_ROLE,
        "user",
        user.id,
        unit_id=command.unit_id,
        details={"role": command.role.value},
    )
    log.info("role %s at unit id %s granted to user id %s", command.role, command.unit_id, user.id)


@changes()
def revoke_role(session: Session, actor: Actor, command: RevokeRole) -> None:
    """Take a role at a unit away. The grant itself goes; the audit trail keeps who had which
    role where and when. An administrator cannot take away their own administration."""
    require(actor, Permission.ADMINISTER, command.unit_id)
    if command.user_id == actor.user_id and command.role is Role.ADMINISTRATOR:
        raise PermissionDenied("Du kan inte ta bort din egen roll som systemadministratör.")
    grant = session.scalars(
        select(RoleAssignment).where(
            RoleAssignment.user_id == command.user_id,
            RoleAssignment.role == command.role,
            RoleAssignment.unit_id == command.unit_id,
        )
    ).one_or_none()
    if grant is None:
        raise NotFound("Användaren har inte den rollen vid den enheten.")
    session.delete(grant)
    audit.record(
        session,
        actor,
        AuditAction.REVOKE_ROLE,
        "user",
        command.user_id,
        unit_id=command.unit_id,
        details={"role": command.role.value},
    )
    log.info(
        "role %s at unit id %s revoked from user id %s",
        command.role,
        command.unit_id,
        command.user_id,
    )


@changes()
def set_user_active(session: Session, actor: Actor, command: SetUserActive) -> None:
    """Inaktivera or Återaktivera an account. An inactive user cannot log in (told so only
    after a correct password); nothing they did is touched. Reactivating also lifts a lock."""
    require(actor, Permission.ADMINISTER)
    if command.user_id == actor.user_id and not command.active:
        raise PermissionDenied("Du kan inte inaktivera ditt eget konto.")
    user = _user(session, command.user_id)
    _require_reach_over(session, actor, user)
    if user.active == command.active:
        state = "aktivt" if user.active else "inaktiverat"
        raise Conflict(f"Kontot är redan {state}.")
    user.active = command.active
    if command.active:
        user.failed_logins = 0
        user.locked_until = None
    action = AuditAction.REACTIVATE_USER if command.active else AuditAction.DEACTIVATE_USER
    audit.record(session, actor, action, "user", user.id)
    log.info("user id %s %s by user id %s", user.id, action.value, actor.user_id)


@changes()
def set_password(session: Session, actor: Actor, command: SetPassword) -> None:
    """A new password for another user (forgotten, or an account created without one); it also
    lifts a lockout. The administrator's own goes through Byt lösenord, with the current one."""
    require(actor, Permission.ADMINISTER)
    if command.user_id == actor.user_id:
        raise PermissionDenied("Byt ditt eget lösenord under Arkiv › Byt lösenord….")
    check_new_password(command.password, command.repeated_password, field="password")
    user = _user(session, command.user_id)
    _require_reach_over(session, actor, user)
    user.password_hash = hash_password(command.password)
    user.failed_logins = 0
    user.locked_until = None
    audit.record(
        session,
        actor,
        AuditAction.PASSWORD_CHANGED,
        "user",
        user.id,
        details={"set_by": "administrator"},
    )
    log.info("password of user id %s set by user id %s", user.id, actor.user_id)
