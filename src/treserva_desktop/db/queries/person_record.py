"""Read side of the person window: the record with every tab, Historik, code lists and who
may be contact person. Reads of the record are audited."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    BillingArea,
    Execution,
    OrgUnit,
    Person,
    PersonChange,
    Relation,
    RevealComment,
    RevealReason,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.domain import person_rules
from treserva_desktop.domain.commands.persons import RevealReasonChoice
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    AuditAction,
    ExecutionStatus,
    Permission,
    Role,
)
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.persons import (
    AddressView,
    BillingAreaOption,
    PersonHistoryEntry,
    PersonRecordView,
    RelationRecordView,
    RevealReasonOption,
    TemporaryAddressView,
    UserOption,
)

# Roles that work at a provider unit and so may be a person's contact person there.
_CONTACT_ROLES = frozenset(
    {Role.CARE_STAFF, Role.COORDINATOR, Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER, Role.NURSE}
)


def person_unit_ids(session: Session, person_id: int) -> frozenset[int]:
    """The units a person belongs to: every unit with a live (not revoked) row for them or an
    assignment sent to it that was not stopped."""
    rows = union(
        select(Execution.unit_id).where(
            Execution.person_id == person_id, Execution.status != ExecutionStatus.REVOKED
        ),
        select(Assignment.receiver_unit_id).where(
            Assignment.person_id == person_id, Assignment.status != AssignmentStatus.STOPPED
        ),
    )
    return frozenset(session.scalars(select(rows.subquery().c[0])).all())


def audit_unit(actor: Actor, person_units: Iterable[int], permission: Permission) -> int | None:
    """The unit the actor acts from for this person (lowest id, so it is stable)."""
    shared = frozenset(person_units) & actor.units_with(permission)
    return min(shared) if shared else None


def person_has_billing_area(session: Session, person_id: int) -> bool:
    """Whether a debiteringsområde is set (home care may not go to execution without one)."""
    code = session.scalar(select(Person.billing_area_code).where(Person.id == person_id))
    return code is not None


def reveal_reasons(session: Session) -> list[RevealReasonOption]:
    """The active reveal reasons, in the order the dialog offers them."""
    rows = session.scalars(
        select(RevealReason)
        .where(RevealReason.active.is_(True))
        .order_by(RevealReason.sort_order, RevealReason.code)
    ).all()
    return [RevealReasonOption(row.code, row.name) for row in rows]


def reveal_details(
    session: Session, actor: Actor, person_id: int, choice: RevealReasonChoice
) -> dict[str, object]:
    """Check the reason against the code list and store the comment, if any, in its own
    table: the audit details get the code and the comment's id, never the text."""
    code, comment = person_rules.check_reveal_reason(
        choice.code, choice.comment, (option.code for option in reveal_reasons(session))
    )
    details: dict[str, object] = {"reveal_protected": True, "reason_code": code}
    if comment:
        row = RevealComment(
            written_at=clock_of(session).now(),
            user_id=actor.user_id,
            person_id=person_id,
            reason_code=code,
            comment=comment,
        )
        session.add(row)
        session.flush()
        details["reveal_comment_id"] = row.id
    return details


def billing_areas(session: Session) -> list[BillingAreaOption]:
    """The debiteringsområde code list, by code."""
    rows = session.scalars(select(BillingArea).order_by(BillingArea.code)).all()
    return [BillingAreaOption(row.code, row.name) for row in rows]


def _ancestors_or_self(session: Session, unit_ids: Iterable[int]) -> set[int]:
    parents = {
        row.id: row.parent_id for row in session.execute(select(OrgUnit.id, OrgUnit.parent_id))
    }
    reached: set[int] = set()
    for unit_id in unit_ids:
        current: int | None = unit_id
        while current is not None and current not in reached:
            reached.add(current)
            current = parents.get(current)
    return reached


def contact_person_candidate_ids(session: Session, person_units: Iterable[int]) -> set[int]:
    units = _ancestors_or_self(session, person_units)
    if not units:
        return set()
    return set(
        session.scalars(
            select(RoleAssignment.user_id)
            .join(User, User.id == RoleAssignment.user_id)
            .where(
                in_ids(RoleAssignment.unit_id, units),
                RoleAssignment.role.in_(_CONTACT_ROLES),
                User.active.is_(True),
            )
        ).all()
    )


def contact_person_candidates(session: Session, actor: Actor, person_id: int) -> list[UserOption]:
    """Active staff whose role reaches one of the person's units, by name."""
    require_person_access(session, actor, person_id)
    ids = contact_person_candidate_ids(session, person_unit_ids(session, person_id))
    if not ids:
        return []
    users = session.scalars(select(User).where(User.id.in_(ids))).all()
    options = [UserOption(user.id, user.display_name, user.title) for user in users]
    return sorted(options, key=lambda option: option.name.casefold())


def _relation_view(relation: Relation, masked: bool) -> RelationRecordView:
    def hide(value: str) -> str:
        return PROTECTED_TEXT if masked and value else value

    return RelationRecordView(
        id=relation.id,
        kind=relation.kind,
        name=relation.name,
        relation_type=relation.relation_type,
        phone=hide(relation.phone),
        email=hide(relation.email),
        street=PROTECTED_TEXT if masked else relation.street,
        postal_code="" if masked else relation.postal_code,
        city="" if masked else relation.city,
        is_invoice_recipient=relation.is_invoice_recipient,
        notify_on_events=relation.notify_on_events,
        active=relation.active,
        ended_on=relation.ended_on,
    )


def build_record(
    session: Session, actor: Actor, person: Person, *, reveal: bool = False
) -> PersonRecordView:
    """The record as this actor may see it. No access check and no audit: callers do both."""
    units = person_unit_ids(session, person.id)
    masked = person.protected_identity and not reveal
    refusal = person_rules.edit_refusal(actor, units)
    identity = from_stored(person.identity_number, person.identity_kind)
    derived = person_rules.derived_gender(person.identity_number, person.identity_kind)

    def hide(value: str) -> str:
        return PROTECTED_TEXT if masked else value

    keys_visible = person_rules.may_see_keys(actor, units)
    temporary = None
    if person.temp_street or person.temp_valid_from:
        temporary = (
            TemporaryAddressView(PROTECTED_TEXT, "", "", None, None)
            if masked
            else TemporaryAddressView(
                person.temp_street,
                person.temp_postal_code,
                person.temp_city,
                person.temp_valid_from,
                person.temp_valid_to,
            )
        )
    relations = session.scalars(
        select(Relation)
        .where(Relation.person_id == person.id)
        .order_by(Relation.active.desc(), Relation.kind, Relation.name, Relation.id)
    ).all()
    billing = (
        session.get(BillingArea, person.billing_area_code) if person.billing_area_code else None
    )
    contact = session.get(User, person.contact_user_id) if person.contact_user_id else None
    changed_by = session.get(User, person.changed_by_user_id) if person.changed_by_user_id else None
    return PersonRecordView(
        id=person.id,
        version=person.version,
        identity_display=identity.display(),
        identity_kind=person.identity_kind,
        is_test_data=person.is_test_data,
        first_name=person.first_name,
        last_name=person.last_name,
        gender=derived or person.gender,
        gender_from_identity=derived is not None,
        birth_date=identity.birth_date,
        language=person.language,
        needs_interpreter=person.needs_interpreter,
        protected_identity=person.protected_identity,
        masked=masked,
        phone=hide(person.phone),
        mobile_phone=hide(person.mobile_phone),
        email=hide(person.email),
        door_code=hide(person.door_code) if keys_visible else None,
        key_info=hide(person.key_info) if keys_visible else None,
        address=AddressView(PROTECTED_TEXT, "", "")
        if masked
        else AddressView(person.street, person.postal_code, person.city),
        temporary_address=temporary,
        relations=tuple(_relation_view(relation, masked) for relation in relations),
        billing_area=BillingAreaOption(billing.code, billing.name) if billing else None,
        contact_person=UserOption(contact.id, contact.display_name, contact.title)
        if contact
        else None,
        editable=refusal is None,
        read_only_reason=refusal.message if refusal else "",
        changed_at=person.changed_at,
        changed_by=changed_by.display_name if changed_by else "",
    )


def get_person_record(session: Session, actor: Actor, person_id: int) -> PersonRecordView:
    """Every tab of the person window; address and contact masked for protected identity."""
    person = require_person_access(session, actor, person_id)
    record = build_record(session, actor, person)
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person.id,
        person_id=person.id,
        unit_id=audit_unit(actor, person_unit_ids(session, person.id), Permission.VIEW_PERSONS),
        details={"view": "record"},
    )
    return record


def person_history(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    reveal_reason: RevealReasonChoice | None = None,
) -> list[PersonHistoryEntry]:
    """Historik: every changed field, newest first. Values only for roles that may edit the
    person at one of their units; for a protected person, address and contact values read
    "Skyddad" unless a reason is given (which is audited)."""
    person = require_person_access(session, actor, person_id)
    units = person_unit_ids(session, person_id)
    visible = person_rules.may_see_history_values(actor, units)
    reveal = False
    details: dict[str, object] = {"view": "history"}
    if reveal_reason is not None and person.protected_identity and visible:
        details.update(reveal_details(session, actor, person_id, reveal_reason))
        reveal = True
    rows = session.execute(
        select(PersonChange, User.display_name, Relation)
        .outerjoin(User, User.id == PersonChange.user_id)
        .outerjoin(Relation, Relation.id == PersonChange.relation_id)
        .where(PersonChange.person_id == person_id)
        .order_by(PersonChange.changed_at.desc(), PersonChange.id.desc())
    ).all()
    entries = []
    for change, who, relation in rows:
        protected_fields = (
            person_rules.PROTECTED_RELATION_FIELDS
            if relation is not None
            else person_rules.PROTECTED_FIELDS
        )
        if not visible:
            old = new = person_rules.HIDDEN_VALUE
        elif person.protected_identity and not reveal and change.field in protected_fields:
            old = PROTECTED_TEXT if change.old_value else ""
            new = PROTECTED_TEXT if change.new_value else ""
        else:
            old, new = change.old_value, change.new_value
        subject = f"{relation.kind.label}: {relation.name}" if relation is not None else "Person"
        entries.append(
            PersonHistoryEntry(
                id=change.id,
                when=change.changed_at,
                who=who or "Systemet",
                subject=subject,
                field=change.field,
                field_label=person_rules.label(change.field),
                old=old,
                new=new,
                values_visible=visible,
            )
        )
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
    return entries


def person_tree_units(session: Session, actor: Actor, person_id: int) -> frozenset[int]:
    """Where Sök person finds the person under Mina enheter: the actor's units the person
    belongs to and every unit above them (the branches to expand). Only for a person the
    actor may see; the look-up is audited like any read of the person."""
    require_person_access(session, actor, person_id)
    mine = person_unit_ids(session, person_id) & actor.units_with(Permission.VIEW_PERSONS)
    units = all_units(session)
    found = frozenset(
        ancestor.id for unit_id in mine for ancestor in unit_and_ancestors(units, unit_id)
    )
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=audit.acting_unit(actor, mine),
        details={"view": "tree_reveal"},
    )
    return found
