"""Read side of Läs uppdrag: the assignment, its document and who may read it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Execution,
    Intervention,
    OrgUnit,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors, unit_path
from treserva_desktop.domain.enums import OrgUnitKind, Permission, Role
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT, format_minutes
from treserva_desktop.domain.views.persons import address_text
from treserva_desktop.domain.views.reading import AssignmentDocumentView, DocumentIntervention


def load_assignment(session: Session, assignment_id: int) -> Assignment:
    """The assignment, or NotFound (no permission check: callers do their own)."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("Uppdraget finns inte.")
    return assignment


def can_read_assignment(session: Session, actor: Actor, assignment: Assignment) -> bool:
    """Receiving managers, staff acknowledging its rows, and the authority."""
    receiver = assignment.receiver_unit_id
    if actor.can(Permission.VIEW_NEW_ASSIGNMENTS, receiver) or actor.can(
        Permission.ACKNOWLEDGE_ASSIGNMENT, receiver
    ):
        return True
    if actor.can(Permission.SEND_ASSIGNMENTS):
        return True
    ack_units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    if not ack_units:
        return False
    row = session.scalars(
        select(Execution.id)
        .where(Execution.assignment_id == assignment.id, Execution.unit_id.in_(ack_units))
        .limit(1)
    ).first()
    return row is not None


def require_read_access(session: Session, actor: Actor, assignment: Assignment) -> None:
    if not can_read_assignment(session, actor, assignment):
        raise PermissionDenied("Du har inte behörighet att läsa det här uppdraget.")


def item_interventions(session: Session, assignment: Assignment) -> list[Intervention]:
    """The interventions the assignment covers, with their types, in id order."""
    return list(
        session.scalars(
            select(Intervention)
            .join(AssignmentItem, AssignmentItem.intervention_id == Intervention.id)
            .where(AssignmentItem.assignment_id == assignment.id)
            .options(selectinload(Intervention.type))
            .order_by(Intervention.id)
        ).all()
    )


def assignment_document_view(session: Session, assignment_id: int) -> AssignmentDocumentView:
    """The document's content. No permission check or audit here: the service does both."""
    assignment = load_assignment(session, assignment_id)
    person = assignment.person
    decision = assignment.decision
    units = all_units(session)
    chain = unit_and_ancestors(units, assignment.receiver_unit_id)
    municipality = next(
        (unit.name for unit in chain if unit.kind is OrgUnitKind.MUNICIPALITY),
        chain[-1].name if chain else "",
    )
    start = decision.period_start
    if assignment.change_date is not None and assignment.change_date > start:
        start = assignment.change_date
    interventions = tuple(
        DocumentIntervention(
            name=intervention.type.name,
            granted_text=format_minutes(intervention.granted_minutes, intervention.granted_per),
            period_start=start,
            period_end=decision.period_end,
            description=intervention.description,
        )
        for intervention in item_interventions(session, assignment)
    )
    sender_name, sender_title, sender_unit, sender_phone = _sender(session, units, assignment)
    number = from_stored(person.identity_number, person.identity_kind)
    return AssignmentDocumentView(
        assignment_id=assignment.id,
        kind=assignment.kind,
        status=assignment.status,
        municipality=municipality,
        receiver_unit_name=unit_path(units, assignment.receiver_unit_id),
        sent_at=assignment.sent_at,
        person_id=person.id,
        person_name=person.full_name,
        identity_label=number.kind.label,
        identity_display=number.display(),
        protected_identity=person.protected_identity,
        address=PROTECTED_TEXT
        if person.protected_identity
        else address_text(person.street, person.postal_code, person.city),
        is_test_data=person.is_test_data,
        decided_on=decision.decided_on,
        decision_period_start=decision.period_start,
        decision_period_end=decision.period_end,
        legal_basis=decision.legal_basis,
        interventions=interventions,
        goals=assignment.goals,
        sender_name=sender_name,
        sender_title=sender_title,
        sender_unit=sender_unit,
        sender_phone=sender_phone,
        first_read_at=assignment.first_read_at,
        change_date=assignment.change_date,
    )


def _sender(
    session: Session, units: dict[int, OrgUnit], assignment: Assignment
) -> tuple[str, str, str, str]:
    """Name, title, unit and the unit's phone of whoever sent the assignment."""
    if assignment.sender_user_id is None:
        return "Myndigheten", "", "", ""
    user = session.get(User, assignment.sender_user_id)
    if user is None:  # pragma: no cover - foreign key
        return "Myndigheten", "", "", ""
    grants = session.scalars(
        select(RoleAssignment).where(RoleAssignment.user_id == user.id).order_by(RoleAssignment.id)
    ).all()
    grant = next(
        (g for g in grants if g.role is Role.NEEDS_ASSESSOR), grants[0] if grants else None
    )
    unit = units.get(grant.unit_id) if grant else None
    title = user.title or (grant.role.label if grant else "")
    return user.display_name, title, unit.name if unit else "", unit.phone if unit else ""
