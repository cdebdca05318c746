"""The administrator's read side of accounts: users with their grants, the units to grant at."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.accounts import GrantView, UnitChoice, UserList, UserView

# The user list shows this many at a time; a filter narrows it (the municipal demo has ~1,100).
USER_PAGE = 200


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_users(
    session: Session, actor: Actor, text: str = "", *, limit: int = USER_PAGE
) -> UserList:
    """Users whose user name or name contains `text` (any case), by name, at most `limit`,
    each with their grants. Only for the systemadministratör."""
    require(actor, Permission.ADMINISTER)
    query = select(
        User.id,
        User.username,
        User.display_name,
        User.title,
        User.active,
        User.locked_until,
        User.last_login_at,
    )
    wanted = text.strip().lower()
    if wanted:
        pattern = f"%{_escaped(wanted)}%"
        query = query.where(
            or_(
                func.lower(User.username).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    rows = session.execute(query.order_by(User.display_name, User.id).limit(limit + 1)).all()
    shown = rows[:limit]
    grants: dict[int, list[GrantView]] = defaultdict(list)
    if shown:
        for user_id, role, unit_id, unit_name in session.execute(
            select(
                RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.unit_id, OrgUnit.name
            )
            .join(OrgUnit, OrgUnit.id == RoleAssignment.unit_id)
            .where(RoleAssignment.user_id.in_([row.id for row in shown]))
            .order_by(RoleAssignment.id)
        ).all():
            grants[user_id].append(GrantView(role, unit_id, unit_name))
    users = tuple(
        UserView(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            title=row.title,
            active=row.active,
            locked_until=row.locked_until,
            last_login_at=row.last_login_at,
            grants=tuple(grants[row.id]),
        )
        for row in shown
    )
    return UserList(users, more=len(rows) > limit)


def user_detail(session: Session, actor: Actor, user_id: int) -> UserView | None:
    """One user with their grants (None if there is none with the id)."""
    require(actor, Permission.ADMINISTER)
    user = session.get(User, user_id)
    if user is None:
        return None
    rows = session.execute(
        select(RoleAssignment.role, RoleAssignment.unit_id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.user_id == user_id)
        .order_by(RoleAssignment.id)
    ).all()
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        title=user.title,
        active=user.active,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
        grants=tuple(GrantView(role, unit_id, name) for role, unit_id, name in rows),
    )


def unit_choices(session: Session, actor: Actor) -> list[UnitChoice]:
    """The units the administrator may grant roles at, depth first in the tree's order."""
    require(actor, Permission.ADMINISTER)
    reach = actor.units_with(Permission.ADMINISTER)
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.name).order_by(
            OrgUnit.sort_order, OrgUnit.name, OrgUnit.id
        )
    ).all()
    children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, parent_id, name in rows:
        children[parent_id].append((unit_id, name))
    choices: list[UnitChoice] = []
    stack = [(unit_id, name, 0) for unit_id, name in reversed(children[None])]
    while stack:
        unit_id, name, depth = stack.pop()
        if unit_id in reach:
            choices.append(UnitChoice(unit_id, name, depth))
        stack.extend(
            (child, child_name, depth + 1) for child, child_name in reversed(children[unit_id])
        )
    return choices
