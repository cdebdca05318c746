"""Small read-side queries the desktop UI needs that belong to no other area yet."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import User


def user_id_for_username(session: Session, username: str) -> int | None:
    """The id of the active account with this username (case-insensitive), if any."""
    return session.scalar(
        select(User.id).where(
            func.lower(User.username) == username.strip().lower(), User.active.is_(True)
        )
    )


def active_usernames(session: Session) -> list[str]:
    """Every active username, sorted (offered when a screenshot names an unknown user)."""
    return list(
        session.scalars(select(User.username).where(User.active.is_(True)).order_by(User.username))
    )
