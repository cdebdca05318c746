"""Read models for the inbox: a message and the recipients a message can go to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RecipientChoice:
    user_id: int
    display_name: str
    title: str
    units: str  # the units where the user holds a role, comma separated


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    subject: str
    body: str
    sender_user_id: int | None
    sender_name: str
    sent_at: datetime
    recipient_names: tuple[str, ...]
    person_id: int | None
    person_name: str
    assignment_id: int | None
    reply_to_id: int | None
    read_at: datetime | None  # for the actor as recipient; None if unread or sent by the actor

    @property
    def can_reply(self) -> bool:
        return self.sender_user_id is not None
