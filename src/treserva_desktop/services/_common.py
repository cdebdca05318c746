"""Helpers shared by the services: the organisation tree, recipients, messages and identity
numbers reported against a field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Message, MessageRecipient, OrgUnit, RoleAssignment, User
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.identity import IdentityNumber, parse_identity_number
from treserva_desktop.domain.rules import ROLE_PERMISSIONS


def now(session: Session) -> datetime:
    """The moment of this action, from the clock of the session's database."""
    return clock_of(session).now()


def unit_chain(session: Session, unit_id: int) -> list[OrgUnit]:
    """The unit and its ancestors, the unit first and the municipality last."""
    chain: list[OrgUnit] = []
    seen: set[int] = set()
    current = session.get(OrgUnit, unit_id)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = session.get(OrgUnit, current.parent_id) if current.parent_id else None
    return chain


def users_with_permission_at(session: Session, unit_id: int, permission: Permission) -> list[int]:
    """Active users holding a role with the permission at the unit or any unit above it."""
    unit_ids = [unit.id for unit in unit_chain(session, unit_id)]
    roles = ROLE_PERMISSIONS[permission]
    rows = session.scalars(
        select(RoleAssignment.user_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.unit_id.in_(unit_ids),
            RoleAssignment.role.in_(roles),
            User.active.is_(True),
        )
        .distinct()
    ).all()
    return sorted(set(rows))


def deliver_message(
    session: Session,
    *,
    sender_user_id: int | None,
    recipient_ids: Iterable[int],
    subject: str,
    body: str,
    person_id: int | None = None,
    assignment_id: int | None = None,
    reply_to_id: int | None = None,
) -> Message:
    """Put a message in each recipient's Inkorg (duplicates collapsed). Flushes for the id."""
    message = Message(
        sender_user_id=sender_user_id,
        subject=subject[: MAX_LENGTHS["subject"]],
        body=body,
        sent_at=now(session),
        person_id=person_id,
        assignment_id=assignment_id,
        reply_to_id=reply_to_id,
    )
    session.add(message)
    session.flush()
    for user_id in sorted(set(recipient_ids)):
        session.add(
            MessageRecipient(message_id=message.id, user_id=user_id, sent_at=message.sent_at)
        )
    session.flush()
    return message


def parse_number(text: str, *, today: date, field: str = "identity_number") -> IdentityNumber:
    try:
        return parse_identity_number(text, today=today)
    except ValidationError as error:
        raise ValidationError(error.message, field=field) from None
