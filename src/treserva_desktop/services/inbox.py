"""Inbox (Inkorg): send, reply to and mark internal messages as read."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.models import Assignment, Message, MessageRecipient, Person, User
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.reading import require_read_access
from treserva_desktop.domain import inbox_rules
from treserva_desktop.domain.assignment_rules import reply_subject
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.domain.commands.inbox import ReplyToMessage, SendMessage
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import NotFound, ValidationError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services._common import deliver_message, now

log = logging.getLogger(__name__)


def _record_sent(session: Session, actor: Actor, message: Message, recipients: int) -> None:
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "message",
        message.id,
        person_id=message.person_id,
        details={"recipients": recipients},
    )
    log.info("message id %s sent by user id %s to %s users", message.id, actor.user_id, recipients)


def _message(_command: object, message_id: int) -> Touched:
    """One message (sent, or the actor's copy marked read); no unit's or person's data."""
    return Touched(units=(), persons=(), assignments=(), messages={message_id})


def _replied(command: ReplyToMessage, message_id: int) -> Touched:
    """The answer, and the actor's copy of the message answered (marked read)."""
    return Touched(units=(), persons=(), assignments=(), messages={message_id, command.message_id})


@changes(ChangeKind.MESSAGES, touches=_message)
def send_message(session: Session, actor: Actor, command: SendMessage) -> int:
    """Send a message to one or more users. Returns the message id."""
    recipient_ids = sorted(set(command.recipient_ids))
    inbox_rules.check_recipients(recipient_ids)
    inbox_rules.check_subject_and_body(command.subject, command.body)
    active = set(
        session.scalars(
            select(User.id).where(User.id.in_(recipient_ids), User.active.is_(True))
        ).all()
    )
    if len(active) != len(recipient_ids):
        raise ValidationError(
            "En eller flera mottagare finns inte eller är inaktiverade.", field="recipient_ids"
        )
    if command.person_id is not None:
        if session.get(Person, command.person_id) is None:
            raise NotFound("Personen som meddelandet gäller finns inte.")
        # A message about a person is no way around unit scope: the sender must reach them.
        require_person_access(session, actor, command.person_id)
    if command.assignment_id is not None:
        assignment = session.get(Assignment, command.assignment_id)
        if assignment is None:
            raise NotFound("Uppdraget som meddelandet gäller finns inte.")
        require_read_access(session, actor, assignment)
        if command.person_id is not None and command.person_id != assignment.person_id:
            raise ValidationError(
                "Uppdraget gäller en annan person än meddelandet.", field="assignment_id"
            )
    message = deliver_message(
        session,
        sender_user_id=actor.user_id,
        recipient_ids=recipient_ids,
        subject=command.subject.strip(),
        body=command.body,
        person_id=command.person_id,
        assignment_id=command.assignment_id,
    )
    _record_sent(session, actor, message, len(recipient_ids))
    return message.id


def _own_copy(session: Session, actor: Actor, message_id: int) -> MessageRecipient:
    recipient = session.scalars(
        select(MessageRecipient).where(
            MessageRecipient.message_id == message_id,
            MessageRecipient.user_id == actor.user_id,
        )
    ).one_or_none()
    if recipient is None:
        raise NotFound("Meddelandet finns inte i din inkorg.")
    return recipient


@changes(ChangeKind.MESSAGES, touches=_message)
def mark_read(session: Session, actor: Actor, command: MarkMessageRead) -> int:
    """Mark a message in the actor's inbox as read (once; later calls change nothing)."""
    recipient = _own_copy(session, actor, command.message_id)
    if recipient.read_at is None:
        recipient.read_at = now(session)
    return command.message_id


@changes(ChangeKind.MESSAGES, touches=_replied)
def reply(session: Session, actor: Actor, command: ReplyToMessage) -> int:
    """Answer the sender of a message in the actor's inbox. Returns the new message id."""
    _own_copy(session, actor, command.message_id)
    original = session.get(Message, command.message_id)
    if original is None:  # pragma: no cover - the recipient row references it
        raise NotFound("Meddelandet finns inte.")
    sender_id = inbox_rules.check_replyable(original.sender_user_id)
    sender = session.get(User, sender_id)
    if sender is None or not sender.active:
        raise ValidationError(
            "Avsändaren är inte längre aktiv och kan inte ta emot svar.", field="message_id"
        )
    subject = command.subject.strip() if command.subject else reply_subject(original.subject)
    inbox_rules.check_reply(subject, command.body)
    message = deliver_message(
        session,
        sender_user_id=actor.user_id,
        recipient_ids=[sender_id],
        subject=subject,
        body=command.body,
        person_id=original.person_id,
        assignment_id=original.assignment_id,
        reply_to_id=original.id,
    )
    _record_sent(session, actor, message, 1)
    own = _own_copy(session, actor, command.message_id)
    if own.read_at is None:
        own.read_at = now(session)
    return message.id
