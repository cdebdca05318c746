"""Small read-side queries the desktop UI needs that belong to no other area yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import Message, MessageRecipient, Person, User
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.rules import Actor


@dataclass(frozen=True, slots=True)
class MessageDetail:
    """One message in the actor's inbox, with its text."""

    id: int
    subject: str
    body: str
    sender_name: str
    sent_at: datetime
    read_at: datetime | None
    person_name: str
    assignment_id: int | None


def message_detail(session: Session, actor: Actor, message_id: int) -> MessageDetail:
    """The message, if the actor is one of its recipients (reading does not mark it read)."""
    row = session.execute(
        select(Message, MessageRecipient.read_at, User.display_name)
        .join(MessageRecipient, MessageRecipient.message_id == Message.id)
        .outerjoin(User, User.id == Message.sender_user_id)
        .where(Message.id == message_id, MessageRecipient.user_id == actor.user_id)
    ).first()
    if row is None:
        raise NotFound("Meddelandet finns inte i din inkorg.")
    message, read_at, sender = row
    person_name = ""
    if message.person_id is not None:
        person = session.get(Person, message.person_id)
        if person is not None:
            person_name = f"{person.last_name}, {person.first_name}"
    return MessageDetail(
        id=message.id,
        subject=message.subject,
        body=message.body,
        sender_name=sender or "Systemet",
        sent_at=message.sent_at,
        read_at=read_at,
        person_name=person_name,
        assignment_id=message.assignment_id,
    )


def user_id_for_username(session: Session, username: str) -> int | None:
    """The id of the active account with this username (case-insensitive), if any."""
    return session.scalar(
        select(User.id).where(
            func.lower(User.username) == username.strip().lower(), User.active.is_(True)
        )
    )
