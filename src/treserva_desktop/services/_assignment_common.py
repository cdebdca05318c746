"""Helpers shared by the assignment services: the organisation tree, recipients, messages and
validation of a person as the authority registers them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Message, MessageRecipient, OrgUnit, RoleAssignment, User
from treserva_desktop.domain.commands.assignments import PersonInput
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import IdentityNumber, parse_identity_number
from treserva_desktop.domain.rules import ROLE_PERMISSIONS

_POSTAL_CODE = re.compile(r"^\d{5}$")


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
        subject=subject[:200],
        body=body,
        sent_at=now(session),
        person_id=person_id,
        assignment_id=assignment_id,
        reply_to_id=reply_to_id,
    )
    session.add(message)
    session.flush()
    for user_id in sorted(set(recipient_ids)):
        session.add(MessageRecipient(message_id=message.id, user_id=user_id))
    session.flush()
    return message


def address_text(street: str, postal_code: str, city: str) -> str:
    place = " ".join(part for part in (postal_code, city) if part)
    return ", ".join(part for part in (street, place) if part)


def _check_text(value: str, *, label: str, field: str, limit: int, required: bool) -> None:
    if required and not value.strip():
        raise ValidationError(f"Ange {label}.", field=field)
    if len(value) > limit:
        raise ValidationError(
            f"{label[:1].upper()}{label[1:]} får vara högst {limit} tecken.", field=field
        )


def normalise_postal_code(text: str, *, field: str = "postal_code") -> str:
    """'12345' or '123 45' becomes '123 45'; empty stays empty."""
    digits = text.replace(" ", "")
    if not digits:
        return ""
    if not _POSTAL_CODE.match(digits):
        raise ValidationError("Postnumret ska vara fem siffror, t.ex. 123 45.", field=field)
    return f"{digits[:3]} {digits[3:]}"


def validate_person_fields(person: PersonInput, *, prefix: str = "") -> list[ValidationError]:
    """Every problem with the names and address (not the number), so the import can list all."""
    problems: list[ValidationError] = []
    checks = (
        (person.first_name, "förnamn", "first_name", 80, True),
        (person.last_name, "efternamn", "last_name", 80, True),
        (person.street, "gatuadress", "street", 120, False),
        (person.city, "ort", "city", 80, False),
        (person.phone, "telefonnummer", "phone", 40, False),
    )
    for value, label, field, limit, required in checks:
        try:
            _check_text(value, label=label, field=prefix + field, limit=limit, required=required)
        except ValidationError as error:
            problems.append(error)
    try:
        normalise_postal_code(person.postal_code, field=prefix + "postal_code")
    except ValidationError as error:
        problems.append(error)
    return problems


def parse_number(text: str, *, today: date, field: str = "identity_number") -> IdentityNumber:
    try:
        return parse_identity_number(text, today=today)
    except ValidationError as error:
        raise ValidationError(error.message, field=field) from None
