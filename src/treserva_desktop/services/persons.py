"""Person record use cases (W5): details, contact, addresses, billing area, contact person and
relations. Every save checks the version the user saw, is audited, and keeps old and new
values in person_changes (the audit event refers to those rows by id)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import BillingArea, Person, PersonChange, Relation, User
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.person_record import (
    audit_unit,
    build_record,
    contact_person_candidate_ids,
    person_unit_ids,
    reveal_details,
)
from treserva_desktop.domain import person_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.persons import (
    AddRelation,
    EndRelation,
    PersonEdit,
    RevealProtected,
    SetBillingArea,
    SetContactPerson,
    UpdateAddresses,
    UpdateContact,
    UpdatePersonDetails,
    UpdateRelation,
)
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import Conflict, NotFound, ValidationError
from treserva_desktop.domain.person_rules import (
    check_length,
    check_required,
    display_value,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.persons import PersonRecordView

log = logging.getLogger(__name__)

CHANGED_BY_SOMEONE_ELSE = (
    "Personen har ändrats av någon annan sedan du öppnade den. De nya uppgifterna visas nu."
)
_REVEAL_FIRST = (
    "De skyddade uppgifterna är dolda. Välj Visa skyddade uppgifter innan du ändrar dem."
)


@dataclass(frozen=True, slots=True)
class _Edit:
    person: Person
    unit_id: int | None


@dataclass(frozen=True, slots=True)
class _Change:
    field: str
    old: str
    new: str


def _edited(command: PersonEdit, _record: PersonRecordView) -> Touched:
    """The one person's own data; which units list them does not change (their name may show
    there: the views look for the person)."""
    return Touched(units=(), persons={command.person_id}, assignments=(), messages=())


@changes()
def reveal_protected(session: Session, actor: Actor, command: RevealProtected) -> PersonRecordView:
    """The record with address and contact shown, after the user chose why from the code
    list (an optional comment is kept apart from the audit event, which names its id)."""
    person = require_person_access(session, actor, command.person_id)
    units = person_unit_ids(session, person.id)
    details = {"view": "record", **reveal_details(session, actor, person.id, command.reason)}
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person.id,
        person_id=person.id,
        unit_id=audit_unit(actor, units, Permission.VIEW_PERSONS),
        details=details,
    )
    log.info("protected identity revealed: person id %s by user id %s", person.id, actor.user_id)
    return build_record(session, actor, person, reveal=True)


@changes(ChangeKind.PERSONS, touches=_edited)
def update_person_details(
    session: Session, actor: Actor, command: UpdatePersonDetails
) -> PersonRecordView:
    edit = _begin(session, actor, command)
    person = edit.person
    derived = person_rules.derived_gender(person.identity_number, person.identity_kind)
    if derived is not None and command.gender not in (None, derived):
        raise ValidationError("Kön följer av personnumret och kan inte ändras.", field="gender")
    values: dict[str, object] = {
        "first_name": check_required("first_name", command.first_name),
        "last_name": check_required("last_name", command.last_name),
        "language": check_length("language", command.language),
        "needs_interpreter": command.needs_interpreter,
        "protected_identity": command.protected_identity,
    }
    if derived is None:
        values["gender"] = command.gender
    return _save(session, actor, edit, person, values)


@changes(ChangeKind.PERSONS, touches=_edited)
def update_contact(session: Session, actor: Actor, command: UpdateContact) -> PersonRecordView:
    edit = _begin(session, actor, command)
    incoming: dict[str, str | None] = {
        "phone": command.phone,
        "mobile_phone": command.mobile_phone,
        "email": command.email,
        "door_code": command.door_code,
        "key_info": command.key_info,
    }
    _refuse_masked(edit.person, incoming)
    values: dict[str, object] = {
        "phone": normalize_phone("phone", command.phone),
        "mobile_phone": normalize_phone("mobile_phone", command.mobile_phone),
        "email": normalize_email("email", command.email),
    }
    if command.door_code is not None:
        values["door_code"] = check_length("door_code", command.door_code)
    if command.key_info is not None:
        values["key_info"] = check_length("key_info", command.key_info)
    return _save(session, actor, edit, edit.person, values)


@changes(ChangeKind.PERSONS, touches=_edited)
def update_addresses(session: Session, actor: Actor, command: UpdateAddresses) -> PersonRecordView:
    edit = _begin(session, actor, command)
    _refuse_masked(
        edit.person,
        {
            "street": command.street,
            "postal_code": command.postal_code,
            "city": command.city,
            "temp_street": command.temp_street,
            "temp_postal_code": command.temp_postal_code,
            "temp_city": command.temp_city,
        },
    )
    values: dict[str, object] = {
        "street": check_length("street", command.street),
        "postal_code": normalize_postal_code("postal_code", command.postal_code),
        "city": check_length("city", command.city),
        "temp_street": check_length("temp_street", command.temp_street),
        "temp_postal_code": normalize_postal_code("temp_postal_code", command.temp_postal_code),
        "temp_city": check_length("temp_city", command.temp_city),
        "temp_valid_from": command.temp_valid_from,
        "temp_valid_to": command.temp_valid_to,
    }
    person_rules.check_temporary_address(
        command.temp_street,
        command.temp_postal_code,
        command.temp_city,
        command.temp_valid_from,
        command.temp_valid_to,
    )
    return _save(session, actor, edit, edit.person, values)


@changes(ChangeKind.PERSONS, touches=_edited)
def set_billing_area(session: Session, actor: Actor, command: SetBillingArea) -> PersonRecordView:
    edit = _begin(session, actor, command)
    code = command.billing_area_code or None
    if code is not None and session.get(BillingArea, code) is None:
        raise ValidationError(
            "Debiteringsområdet finns inte i kodlistan. Välj ett i listan.", field="billing_area"
        )
    return _save(
        session,
        actor,
        edit,
        edit.person,
        {"billing_area_code": code},
        fields={"billing_area_code": "billing_area"},
        shown={"billing_area_code": lambda value: _billing_area_text(session, value)},
    )


@changes(ChangeKind.PERSONS, touches=_edited)
def set_contact_person(
    session: Session, actor: Actor, command: SetContactPerson
) -> PersonRecordView:
    edit = _begin(session, actor, command)
    if command.user_id is not None:
        candidates = contact_person_candidate_ids(session, person_unit_ids(session, edit.person.id))
        if command.user_id not in candidates:
            raise ValidationError(
                "Kontaktpersonen måste vara en aktiv medarbetare på någon av personens enheter.",
                field="contact_person",
            )
    return _save(
        session,
        actor,
        edit,
        edit.person,
        {"contact_user_id": command.user_id},
        fields={"contact_user_id": "contact_person"},
        shown={"contact_user_id": lambda value: _user_name(session, value)},
    )


@changes(ChangeKind.PERSONS, touches=_edited)
def add_relation(session: Session, actor: Actor, command: AddRelation) -> PersonRecordView:
    edit = _begin(session, actor, command)
    values = _relation_values(session, edit.person, command, relation_id=None)
    relation = Relation(person_id=edit.person.id, active=True, **values)
    session.add(relation)
    # What the relation was created with is history too (old values empty).
    changes = [_Change(field, "", display_value(value)) for field, value in values.items() if value]
    return _finish(session, actor, edit, changes, action=AuditAction.CREATE, relation=relation)


@changes(ChangeKind.PERSONS, touches=_edited)
def update_relation(session: Session, actor: Actor, command: UpdateRelation) -> PersonRecordView:
    edit = _begin(session, actor, command)
    relation = _relation_of(session, edit.person, command.relation_id)
    if not relation.active:
        raise ValidationError(
            "Relationen är avslutad och kan inte ändras. Lägg till en ny relation i stället.",
            field="relation_id",
        )
    _refuse_masked(
        edit.person,
        {
            "phone": command.phone,
            "email": command.email,
            "street": command.street,
            "postal_code": command.postal_code,
            "city": command.city,
        },
    )
    values = _relation_values(session, edit.person, command, relation_id=relation.id)
    return _save(session, actor, edit, relation, values, relation=relation)


@changes(ChangeKind.PERSONS, touches=_edited)
def end_relation(session: Session, actor: Actor, command: EndRelation) -> PersonRecordView:
    edit = _begin(session, actor, command)
    relation = _relation_of(session, edit.person, command.relation_id)
    if not relation.active:
        raise ValidationError("Relationen är redan avslutad.", field="relation_id")
    return _save(
        session,
        actor,
        edit,
        relation,
        {"active": False, "ended_on": clock_of(session).today()},
        relation=relation,
    )


# --- shared steps ------------------------------------------------------------------------


def _begin(session: Session, actor: Actor, command: PersonEdit) -> _Edit:
    """Access, permission, then the version the user saw (the row is locked on PostgreSQL,
    so two saves of the same person queue up and the second one sees the first)."""
    person = require_person_access(session, actor, command.person_id)
    session.refresh(person, with_for_update=True)
    units = person_unit_ids(session, person.id)
    refusal = person_rules.edit_refusal(actor, units)
    if refusal is not None:
        raise refusal
    if person.version != command.expected_version:
        raise Conflict(CHANGED_BY_SOMEONE_ELSE)
    return _Edit(person, audit_unit(actor, units, Permission.EDIT_PERSON))


def _refuse_masked(person: Person, incoming: Mapping[str, str | None]) -> None:
    """A window showing "Skyddad" must not save that text over the real value."""
    if not person.protected_identity:
        return
    for field, value in incoming.items():
        if value is not None and value.strip() == PROTECTED_TEXT:
            raise ValidationError(_REVEAL_FIRST, field=field)


def _save(
    session: Session,
    actor: Actor,
    edit: _Edit,
    target: Person | Relation,
    values: Mapping[str, object],
    *,
    relation: Relation | None = None,
    fields: Mapping[str, str] | None = None,
    shown: Mapping[str, Callable[[object], str]] | None = None,
) -> PersonRecordView:
    """Apply the values that differ and record them as changes."""
    fields = fields or {}
    shown = shown or {}
    changes = []
    for attribute, new in values.items():
        old = getattr(target, attribute)
        if old == new:
            continue
        show = shown.get(attribute, display_value)
        changes.append(_Change(fields.get(attribute, attribute), show(old), show(new)))
        setattr(target, attribute, new)
    return _finish(session, actor, edit, changes, action=AuditAction.UPDATE, relation=relation)


def _finish(
    session: Session,
    actor: Actor,
    edit: _Edit,
    changes: list[_Change],
    *,
    action: AuditAction,
    relation: Relation | None,
) -> PersonRecordView:
    person = edit.person
    if not changes:
        return build_record(session, actor, person)
    now = clock_of(session).now()
    # Touching the person bumps its version even when only a relation changed, so another
    # workstation with the window open is told on its next save.
    person.changed_at = now
    person.changed_by_user_id = actor.user_id
    _flush(session)
    rows = [
        PersonChange(
            person_id=person.id,
            relation_id=relation.id if relation is not None else None,
            changed_at=now,
            user_id=actor.user_id,
            field=change.field,
            old_value=change.old,
            new_value=change.new,
        )
        for change in changes
    ]
    session.add_all(rows)
    _flush(session)
    audit.record(
        session,
        actor,
        action,
        "relation" if relation is not None else "person",
        relation.id if relation is not None else person.id,
        person_id=person.id,
        unit_id=edit.unit_id,
        details={
            "fields": [change.field for change in changes],
            "person_changes": [row.id for row in rows],
        },
    )
    log.info(
        "person id %s changed by user id %s: %s",
        person.id,
        actor.user_id,
        ", ".join(change.field for change in changes),
    )
    return build_record(session, actor, person)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(CHANGED_BY_SOMEONE_ELSE) from None
    except IntegrityError as error:
        # The partial unique index: another workstation added an invoice recipient first.
        # PostgreSQL names the index; SQLite names its column.
        message = str(error.orig)
        if "one_invoice_recipient" in message or "relations.person_id" in message:
            raise ValidationError(
                "Personen har redan en fakturamottagare – en person kan bara ha en aktiv "
                "fakturamottagare.",
                field="is_invoice_recipient",
            ) from None
        raise


def _relation_of(session: Session, person: Person, relation_id: int) -> Relation:
    relation = session.get(Relation, relation_id)
    if relation is None or relation.person_id != person.id:
        raise NotFound("Relationen finns inte.")
    return relation


def _relation_values(
    session: Session, person: Person, command: AddRelation, *, relation_id: int | None
) -> dict[str, object]:
    def others(*conditions: ColumnElement[bool]) -> list[str]:
        return list(
            session.scalars(
                select(Relation.name).where(
                    Relation.person_id == person.id,
                    Relation.active.is_(True),
                    Relation.id != (relation_id or 0),
                    *conditions,
                )
            ).all()
        )

    checked = person_rules.check_relation(
        person_rules.RelationFields(
            name=command.name,
            relation_type=command.relation_type,
            phone=command.phone,
            email=command.email,
            street=command.street,
            postal_code=command.postal_code,
            city=command.city,
            is_invoice_recipient=command.is_invoice_recipient,
        ),
        kind_label=command.kind.label,
        same_kind_names=others(Relation.kind == command.kind),
        other_invoice_recipients=(
            others(Relation.is_invoice_recipient.is_(True)) if command.is_invoice_recipient else ()
        ),
    )
    return {
        "kind": command.kind,
        "name": checked.name,
        "relation_type": checked.relation_type,
        "phone": checked.phone,
        "email": checked.email,
        "street": checked.street,
        "postal_code": checked.postal_code,
        "city": checked.city,
        "is_invoice_recipient": checked.is_invoice_recipient,
        "notify_on_events": command.notify_on_events,
    }


def _billing_area_text(session: Session, code: object) -> str:
    if not isinstance(code, str):
        return ""
    area = session.get(BillingArea, code)
    return f"{area.code} – {area.name}" if area else code


def _user_name(session: Session, user_id: object) -> str:
    if not isinstance(user_id, int):
        return ""
    user = session.get(User, user_id)
    return user.display_name if user else ""
