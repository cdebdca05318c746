"""Commands for the inbox: sending and replying to messages."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command


class SendMessage(Command):
    recipient_ids: tuple[int, ...]
    subject: str = ""
    body: str = ""
    person_id: int | None = None
    assignment_id: int | None = None


class ReplyToMessage(Command):
    message_id: int
    body: str
    subject: str | None = None  # None: "Sv: " + the original subject
