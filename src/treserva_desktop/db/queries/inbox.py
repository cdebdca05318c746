"""Read side of the inbox: one message in full, and the users to pick as recipients."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.audit import acting_unit
from treserva_desktop.db.models import (
    Message,
    MessageRecipient,
    OrgUnit,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.person_record import person_unit_ids
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.inbox import MessageView, RecipientChoice

# Shown instead of the name when a message is about a person the reader may not see.
OUTSIDE_SCOPE_TEXT = "Person utanför din behörighet"


def message_detail(session: Session, actor: Actor, message_id: int) -> MessageView:
    """A message the actor sent or received (anything else is reported as missing)."""
    message = session.get(Message, message_id)
    if message is None:
        raise NotFound("Meddelandet finns inte.")
    recipients = session.execute(
        select(MessageRecipient, User.display_name)
        .join(User, User.id == MessageRecipient.user_id)
        .where(MessageRecipient.message_id == message.id)
        .order_by(User.display_name)
    ).all()
    own = next((r for r, _ in recipients if r.user_id == actor.user_id), None)
    if own is None and message.sender_user_id != actor.user_id:
        raise NotFound("Meddelandet finns inte.")
    sender = session.get(User, message.sender_user_id) if message.sender_user_id else None
    return MessageView(
        id=message.id,
        subject=message.subject,
        body=message.body,
        sender_user_id=message.sender_user_id,
        sender_name=sender.display_name if sender else "Systemet",
        sent_at=message.sent_at,
        recipient_names=tuple(name for _, name in recipients),
        person_id=message.person_id,
        person_name=_person_name(session, actor, message),
        assignment_id=message.assignment_id,
        reply_to_id=message.reply_to_id,
        read_at=own.read_at if own else None,
    )


def _person_name(session: Session, actor: Actor, message: Message) -> str:
    """The name of the person the message is about, only for a reader who may see that
    person (the message was written by someone who could); that read is audited."""
    if message.person_id is None:
        return ""
    try:
        person = require_person_access(session, actor, message.person_id)
    except (PermissionDenied, NotFound):
        return OUTSIDE_SCOPE_TEXT
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "message",
        message.id,
        person_id=person.id,
        unit_id=acting_unit(actor, person_unit_ids(session, person.id)),
        details={"view": "message"},
    )
    return person.full_name


def recipient_choices(session: Session, actor: Actor, search: str = "") -> list[RecipientChoice]:
    """Active users to address a message to (the actor left out), filtered by name or unit."""
    needle = search.strip().casefold()
    return [
        choice
        for choice in recipient_choice_map(session)
        if choice.user_id != actor.user_id
        and (
            not needle
            or needle in choice.display_name.casefold()
            or needle in choice.units.casefold()
        )
    ]


def recipient_choice_map(
    session: Session, user_ids: set[int] | None = None
) -> list[RecipientChoice]:
    """Active users (all, or the given ones) with the units where they hold roles."""
    query = (
        select(User, OrgUnit.name)
        .outerjoin(RoleAssignment, RoleAssignment.user_id == User.id)
        .outerjoin(OrgUnit, OrgUnit.id == RoleAssignment.unit_id)
        .where(User.active.is_(True))
    )
    if user_ids is not None:
        if not user_ids:
            return []
        query = query.where(User.id.in_(user_ids))
    users: dict[int, User] = {}
    unit_names: dict[int, list[str]] = defaultdict(list)
    for user, unit_name in session.execute(query).all():
        users[user.id] = user
        if unit_name and unit_name not in unit_names[user.id]:
            unit_names[user.id].append(unit_name)
    choices = [
        RecipientChoice(
            user_id=user.id,
            display_name=user.display_name,
            title=user.title,
            units=", ".join(unit_names[user.id]),
        )
        for user in users.values()
    ]
    return sorted(choices, key=lambda choice: (choice.display_name.casefold(), choice.user_id))
