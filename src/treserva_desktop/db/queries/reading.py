"""Read side of Läs uppdrag: the assignment, its document and who may read it."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Person,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries.organisation import Unit, all_units, unit_and_ancestors, unit_path
from treserva_desktop.db.queries.reach import engaged_row, reach_of
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
    """The receiving unit's managers and staff while it waits to be distributed; afterwards
    those whose units perform its rows, while the person is engaged there; the authority unit
    whose case it belongs to (see db/queries/reach.py)."""
    receiver = assignment.receiver_unit_id
    receivers = actor.can(Permission.VIEW_NEW_ASSIGNMENTS, receiver) or actor.can(
        Permission.ACKNOWLEDGE_ASSIGNMENT, receiver
    )
    if receivers and assignment.awaiting_distribution:
        return True
    reach = reach_of(session, actor)
    if reach.assessor_units:
        case_unit = session.scalar(
            select(Case.authority_unit_id)
            .join(Decision, Decision.case_id == Case.id)
            .where(Decision.id == assignment.decision_id)
        )
        if case_unit in reach.assessor_units:
            return True
    units = reach.units & (
        actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
        | actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    )
    if not units:
        return False
    row = session.scalars(
        select(Execution.id)
        .where(
            Execution.assignment_id == assignment.id,
            in_ids(Execution.unit_id, units),
            engaged_row(reach.cutoff),
        )
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
    """The document's content. No permission check or audit here: the service does both.
    Columns in a fixed number of queries: the assignment with its person and decision, its
    interventions, the sender, and the (small) organisation tree for the unit path."""
    row = session.execute(
        select(
            Assignment.id,
            Assignment.kind,
            Assignment.status,
            Assignment.receiver_unit_id,
            Assignment.sender_user_id,
            Assignment.sent_at,
            Assignment.goals,
            Assignment.change_date,
            Assignment.first_read_at,
            Person.id.label("person_id"),
            Person.first_name,
            Person.last_name,
            Person.identity_number,
            Person.identity_kind,
            Person.protected_identity,
            Person.street,
            Person.postal_code,
            Person.city,
            Person.is_test_data,
            Decision.decided_on,
            Decision.period_start,
            Decision.period_end,
            Decision.legal_basis,
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(Decision, Decision.id == Assignment.decision_id)
        .where(Assignment.id == assignment_id)
    ).one_or_none()
    if row is None:
        raise NotFound("Uppdraget finns inte.")
    units = all_units(session)
    chain = unit_and_ancestors(units, row.receiver_unit_id)
    municipality = next(
        (unit.name for unit in chain if unit.kind is OrgUnitKind.MUNICIPALITY),
        chain[-1].name if chain else "",
    )
    start = row.period_start
    if row.change_date is not None and row.change_date > start:
        start = row.change_date
    items = session.execute(
        select(
            InterventionType.name,
            Intervention.granted_minutes,
            Intervention.granted_per,
            Intervention.description,
        )
        .join(AssignmentItem, AssignmentItem.intervention_id == Intervention.id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(AssignmentItem.assignment_id == row.id)
        .order_by(Intervention.id)
    ).all()
    interventions = tuple(
        DocumentIntervention(
            name=item.name,
            granted_text=format_minutes(item.granted_minutes, item.granted_per),
            period_start=start,
            period_end=row.period_end,
            description=item.description,
        )
        for item in items
    )
    sender_name, sender_title, sender_unit, sender_phone = _sender(
        session, units, row.sender_user_id
    )
    number = from_stored(row.identity_number, row.identity_kind)
    return AssignmentDocumentView(
        assignment_id=row.id,
        kind=row.kind,
        status=row.status,
        municipality=municipality,
        receiver_unit_name=unit_path(units, row.receiver_unit_id),
        sent_at=row.sent_at,
        person_id=row.person_id,
        person_name=f"{row.first_name} {row.last_name}",
        identity_label=number.kind.label,
        identity_display=number.display(),
        protected_identity=row.protected_identity,
        address=PROTECTED_TEXT
        if row.protected_identity
        else address_text(row.street, row.postal_code, row.city),
        is_test_data=row.is_test_data,
        decided_on=row.decided_on,
        decision_period_start=row.period_start,
        decision_period_end=row.period_end,
        legal_basis=row.legal_basis,
        interventions=interventions,
        goals=row.goals,
        sender_name=sender_name,
        sender_title=sender_title,
        sender_unit=sender_unit,
        sender_phone=sender_phone,
        first_read_at=row.first_read_at,
        change_date=row.change_date,
    )


def _sender(
    session: Session, units: Mapping[int, Unit], sender_user_id: int | None
) -> tuple[str, str, str, str]:
    """Name, title, unit and the unit's phone of whoever sent the assignment: one query of
    the user with their grants (a needs assessor's grant first, else the oldest)."""
    if sender_user_id is None:
        return "Myndigheten", "", "", ""
    rows = session.execute(
        select(User.display_name, User.title, RoleAssignment.role, RoleAssignment.unit_id)
        .outerjoin(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(User.id == sender_user_id)
        .order_by(RoleAssignment.id)
    ).all()
    if not rows:  # pragma: no cover - foreign key
        return "Myndigheten", "", "", ""
    grants = [row for row in rows if row.role is not None]
    grant = next(
        (g for g in grants if g.role is Role.NEEDS_ASSESSOR), grants[0] if grants else None
    )
    unit = units.get(grant.unit_id) if grant else None
    title = rows[0].title or (grant.role.label if grant else "")
    return rows[0].display_name, title, unit.name if unit else "", unit.phone if unit else ""
