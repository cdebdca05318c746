"""Read side for assignments: the document, Acceptera och fördela, Genomförande's list,
the receiver picker, the code list and who to tell about a distribution."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    BillingArea,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries._access import person_item
from treserva_desktop.db.queries.tree import assignment_title, execution_view
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.enums import (
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
    Role,
)
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.identity import from_stored, parse_identity_number
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import PROTECTED_TEXT, format_minutes
from treserva_desktop.domain.views.assignments import (
    AssignmentDistributionView,
    AssignmentDocumentView,
    DistributionIntervention,
    DistributionPerson,
    DocumentIntervention,
    GenomforandeAssignmentRow,
    InterventionTypeView,
    PersonMatch,
    ReceiverUnit,
    RecipientChoice,
    UnitChoice,
)
from treserva_desktop.domain.views.persons import address_text

_RECEIVER_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})
_PATH_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})


def load_assignment(session: Session, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("Uppdraget finns inte.")
    return assignment


def _all_units(session: Session) -> dict[int, OrgUnit]:
    return {unit.id: unit for unit in session.scalars(select(OrgUnit)).all()}


def _chain(units: dict[int, OrgUnit], unit_id: int) -> list[OrgUnit]:
    """The unit and its ancestors, the unit first."""
    chain: list[OrgUnit] = []
    current = units.get(unit_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return chain


def unit_path(units: dict[int, OrgUnit], unit_id: int) -> str:
    """E.g. "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1" (municipality and department left
    out: every user shares them)."""
    chain = [unit for unit in _chain(units, unit_id) if unit.kind in _PATH_KINDS]
    return " › ".join(unit.name for unit in reversed(chain)) or units[unit_id].name


def _item_interventions(session: Session, assignment: Assignment) -> list[Intervention]:
    return list(
        session.scalars(
            select(Intervention)
            .join(AssignmentItem, AssignmentItem.intervention_id == Intervention.id)
            .where(AssignmentItem.assignment_id == assignment.id)
            .options(selectinload(Intervention.type))
            .order_by(Intervention.id)
        ).all()
    )


# --- Läs uppdrag ----------------------------------------------------------------------------


def assignment_document_view(session: Session, assignment_id: int) -> AssignmentDocumentView:
    """The document's content. No permission check or audit here: the service does both."""
    assignment = load_assignment(session, assignment_id)
    person = assignment.person
    decision = assignment.decision
    units = _all_units(session)
    chain = _chain(units, assignment.receiver_unit_id)
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
        for intervention in _item_interventions(session, assignment)
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


# --- Acceptera och fördela ------------------------------------------------------------------


def unit_choices(
    units: dict[int, OrgUnit],
    actor: Actor,
    area: BusinessArea,
    receiver_unit_id: int | None = None,
) -> tuple[UnitChoice, ...]:
    """The units the actor may distribute an intervention of `area` to: exactly those
    `assignment_rules.distribution_refusal` accepts (Hemtjänst Söder is left out, Söder grupp
    A/B and Hemtjänst Centrum are offered). Those of the intervention's business area are
    `preferred` and come first: the receiving unit itself or its sub-units, then the rest of
    the area; then other areas (the dialog puts them under a heading). By path within each
    group."""
    sub_unit_names: dict[int, list[str]] = {}
    for unit in units.values():
        if unit.parent_id is not None:
            sub_unit_names.setdefault(unit.parent_id, []).append(unit.name)
    candidates = [
        units[unit_id]
        for unit_id in actor.units_with(Permission.DISTRIBUTE_ASSIGNMENT)
        if unit_id in units
        and assignment_rules.can_distribute_to(
            actor,
            assignment_rules.UnitFacts(
                unit_id,
                units[unit_id].name,
                units[unit_id].kind,
                units[unit_id].is_provider,
                tuple(sub_unit_names.get(unit_id, ())),
            ),
        )
    ]

    def own(unit_id: int) -> bool:
        return receiver_unit_id is not None and any(
            unit.id == receiver_unit_id for unit in _chain(units, unit_id)
        )

    choices = [
        UnitChoice(
            id=unit.id,
            name=unit.name,
            path=unit_path(units, unit.id),
            business_area=unit.business_area,
            preferred=unit.business_area is area,
        )
        for unit in candidates
    ]
    choices.sort(
        key=lambda choice: (
            assignment_rules.unit_preference(area, choice.business_area),
            not own(choice.id),
            choice.path.casefold(),
        )
    )
    return tuple(choices)


def default_unit(
    units: dict[int, OrgUnit], choices: tuple[UnitChoice, ...], receiver_unit_id: int
) -> int | None:
    """The receiving unit itself when it can be chosen (it has no sub-units); else its only
    sub-unit of the intervention's business area; else, when none is under it, the only
    preferred unit. With several to pick from there is no default: the user chooses."""
    if any(choice.id == receiver_unit_id for choice in choices):
        return receiver_unit_id
    preferred = [choice for choice in choices if choice.preferred]
    under = [
        choice
        for choice in preferred
        if any(unit.id == receiver_unit_id for unit in _chain(units, choice.id)[1:])
    ]
    if under:
        return under[0].id if len(under) == 1 else None
    if len(preferred) == 1:
        return preferred[0].id
    if len(choices) == 1:
        return choices[0].id
    return None


def assignment_distribution(
    session: Session, actor: Actor, assignment_id: int, *, today: date | None = None
) -> AssignmentDistributionView:
    """What Acceptera och fördela shows: each intervention with its rows and the defaults."""
    today = today or clock_of(session).today()
    assignment = load_assignment(session, assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    person = assignment.person
    decision = assignment.decision
    units = _all_units(session)
    billing = (
        session.get(BillingArea, person.billing_area_code) if person.billing_area_code else None
    )
    rows_by_intervention: dict[int, list[Execution]] = defaultdict(list)
    for row in session.scalars(
        select(Execution)
        .where(Execution.assignment_id == assignment.id)
        .order_by(Execution.start_date, Execution.id)
    ).all():
        rows_by_intervention[row.intervention_id].append(row)
    start = decision.period_start
    if assignment.change_date is not None and assignment.change_date > start:
        start = assignment.change_date
    interventions = []
    for intervention in _item_interventions(session, assignment):
        kind = intervention.type
        rows = rows_by_intervention.get(intervention.id, [])
        choices = unit_choices(units, actor, kind.business_area, assignment.receiver_unit_id)
        default_start = _next_free_start(start, decision.period_end, rows)
        interventions.append(
            DistributionIntervention(
                intervention_id=intervention.id,
                type_code=kind.code,
                name=kind.name,
                business_area=kind.business_area,
                requires_time=kind.requires_time,
                granted_minutes=intervention.granted_minutes,
                granted_per=intervention.granted_per,
                rows=tuple(
                    execution_view(row, kind.name, units[row.unit_id].name, today) for row in rows
                ),
                unit_choices=choices,
                default_unit_id=default_unit(units, choices, assignment.receiver_unit_id),
                default_start=default_start,
                default_end=decision.period_end,
                default_hours=assignment_rules.minutes_to_hours(intervention.granted_minutes),
                default_per=intervention.granted_per,
                needs_billing_area=kind.business_area is BusinessArea.HOME_CARE and billing is None,
            )
        )
    return AssignmentDistributionView(
        assignment_id=assignment.id,
        version=assignment.version,
        kind=assignment.kind,
        status=assignment.status,
        title=assignment_title(assignment),
        receiver_unit_id=assignment.receiver_unit_id,
        receiver_unit_name=unit_path(units, assignment.receiver_unit_id),
        person=DistributionPerson(
            id=person.id,
            name=person.full_name,
            identity_display=from_stored(person.identity_number, person.identity_kind).display(),
            protected_identity=person.protected_identity,
            billing_area=f"{billing.code} – {billing.name}" if billing else "",
        ),
        decided_on=decision.decided_on,
        decision_start=decision.period_start,
        decision_end=decision.period_end,
        legal_basis=decision.legal_basis,
        goals=assignment.goals,
        interventions=tuple(interventions),
        received_at=assignment.sent_at,
        first_read_at=assignment.first_read_at,
        first_read_by=_user_name(session, assignment.first_read_by_user_id),
    )


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else ""


def _next_free_start(start: date, end: date | None, rows: list[Execution]) -> date:
    """Decision start, or the day after the last live row when the intervention is split
    (while that day is still inside the decision)."""
    live_ends = [row.end_date for row in rows if row.status is not ExecutionStatus.REVOKED]
    if not live_ends:
        return start
    if any(end is None for end in live_ends):
        return start
    following = max(day for day in live_ends if day is not None) + timedelta(days=1)
    if end is not None and following > end:
        return start
    return max(start, following)


def execution_version(session: Session, actor: Actor, execution_id: int) -> int:
    """The row's version, passed as expected_version when a row Under fördelning is
    registered (the rows in AssignmentDistributionView carry no version)."""
    execution = session.get(Execution, execution_id)
    if execution is None:
        raise NotFound("Verkställigheten finns inte.")
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, execution.unit_id)
    return execution.version


# --- Genomförande ---------------------------------------------------------------------------


def genomforande_new_assignments(session: Session, actor: Actor) -> list[GenomforandeAssignmentRow]:
    """Nya uppdrag in Genomförande: assignments with rows sent to the actor's units and not
    yet acknowledged there."""
    units = actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
    if not units:
        return []
    rows = session.scalars(
        select(Execution)
        .where(
            Execution.status == ExecutionStatus.SENT_TO_EXECUTION,
            Execution.unit_id.in_(units),
        )
        .options(
            selectinload(Execution.unit),
            selectinload(Execution.intervention).selectinload(Intervention.type),
        )
        .order_by(Execution.created_at, Execution.id)
    ).all()
    grouped: dict[int, list[Execution]] = defaultdict(list)
    for row in rows:
        grouped[row.assignment_id].append(row)
    if not grouped:
        return []
    assignments = {
        a.id: a
        for a in session.scalars(
            select(Assignment)
            .where(Assignment.id.in_(grouped))
            .options(
                selectinload(Assignment.person),
                selectinload(Assignment.items)
                .selectinload(AssignmentItem.intervention)
                .selectinload(Intervention.type),
            )
        ).all()
    }
    result = [
        GenomforandeAssignmentRow(
            assignment_id=assignment_id,
            person=person_item(assignments[assignment_id].person),
            title=assignment_title(assignments[assignment_id]),
            unit_names=", ".join(sorted({row.unit.name for row in group})),
            interventions=", ".join(sorted({row.intervention.type.name for row in group})),
            start_date=min(row.start_date for row in group),
            sent_at=min(row.created_at for row in group),
            execution_ids=tuple(row.id for row in group),
        )
        for assignment_id, group in grouped.items()
    ]
    result.sort(key=lambda item: (item.sent_at, item.assignment_id))
    return result


# --- who to tell ----------------------------------------------------------------------------


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


def affected_recipients(
    session: Session, actor: Actor, assignment_id: int
) -> list[RecipientChoice]:
    """Preselected in "Skicka meddelande till berörda?": everyone holding a role at a unit
    that performs the assignment's rows, and the handläggare who sent it (not the actor)."""
    assignment = load_assignment(session, assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    unit_ids = set(
        session.scalars(
            select(Execution.unit_id).where(
                Execution.assignment_id == assignment.id,
                Execution.status != ExecutionStatus.REVOKED,
            )
        ).all()
    )
    user_ids: set[int] = set()
    if unit_ids:
        user_ids |= set(
            session.scalars(
                select(RoleAssignment.user_id).where(RoleAssignment.unit_id.in_(unit_ids))
            ).all()
        )
    if assignment.sender_user_id is not None:
        user_ids.add(assignment.sender_user_id)
    user_ids.discard(actor.user_id)
    return recipient_choice_map(session, user_ids)


# --- authority side -------------------------------------------------------------------------


def intervention_types(session: Session) -> list[InterventionTypeView]:
    """The Insats code list, home care first."""
    order = {area: index for index, area in enumerate(BusinessArea)}
    types = session.scalars(select(InterventionType)).all()
    views = [InterventionTypeView(t.code, t.name, t.business_area, t.requires_time) for t in types]
    return sorted(views, key=lambda v: (order[v.business_area], v.name.casefold()))


def receiver_units(session: Session) -> list[ReceiverUnit]:
    """The whole organisation tree, parents before children, for the receiver picker."""
    units = sorted(
        session.scalars(select(OrgUnit)).all(), key=lambda u: (u.sort_order, u.name.casefold())
    )
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    ordered: list[ReceiverUnit] = []
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        ordered.append(
            ReceiverUnit(
                id=unit.id,
                name=unit.name,
                kind=unit.kind,
                business_area=unit.business_area,
                parent_id=unit.parent_id,
                selectable=unit.is_provider and unit.kind in _RECEIVER_KINDS,
            )
        )
        stack.extend(reversed(children[unit.id]))
    return ordered


def find_person_by_identity(session: Session, actor: Actor, text: str) -> PersonMatch | None:
    """The authority's look-up by number, shown for confirmation. A hit is audited."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    number = parse_identity_number(text, today=clock_of(session).today())
    person = session.scalars(
        select(Person).where(Person.identity_number == number.value)
    ).one_or_none()
    if person is None:
        return None
    audit.record(session, actor, AuditAction.READ_PERSON, "person", person.id, person_id=person.id)
    return PersonMatch(
        id=person.id,
        name=person.full_name,
        identity_display=number.display(),
        protected_identity=person.protected_identity,
        address=PROTECTED_TEXT
        if person.protected_identity
        else address_text(person.street, person.postal_code, person.city),
    )


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
