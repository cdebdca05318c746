"""Queries behind the main tree: Mitt skrivbord folders and Mina enheter."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries._access import person_item, require_person_access, sorted_items
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    ExecutionStatus,
    Permission,
)
from treserva_desktop.domain.rules import Actor, execution_phase, is_overdue
from treserva_desktop.domain.views import (
    AssignmentListItem,
    ExecutionRowView,
    InterventionGroupView,
    MessageListItem,
    NewAssignmentPerson,
    PersonListItem,
    UnitView,
)

_LIVE = Execution.status != ExecutionStatus.REVOKED


def _current_row(today: date) -> ColumnElement[bool]:
    """A live row that is ongoing or planned on `today`."""
    return and_(_LIVE, or_(Execution.end_date.is_(None), Execution.end_date >= today))


def _undistributed_item_exists() -> ColumnElement[bool]:
    """The assignment still has an intervention without any execution row."""
    return exists().where(
        AssignmentItem.assignment_id == Assignment.id,
        ~exists().where(
            Execution.assignment_id == Assignment.id,
            Execution.intervention_id == AssignmentItem.intervention_id,
        ),
    )


def waiting_assignment_filter(units: frozenset[int]) -> ColumnElement[bool]:
    """Assignments at these receiving units still waiting to be accepted and distributed:
    RECEIVED, or ACCEPTED with an intervention not yet distributed (Nya uppdrag)."""
    return and_(
        Assignment.receiver_unit_id.in_(units),
        or_(
            Assignment.status == AssignmentStatus.RECEIVED,
            and_(Assignment.status == AssignmentStatus.ACCEPTED, _undistributed_item_exists()),
        ),
    )


def assignment_title(assignment: Assignment) -> str:
    names = sorted({item.intervention.type.name for item in assignment.items})
    prefix = "Byte av utförare" if assignment.kind is AssignmentKind.PROVIDER_CHANGE else "Uppdrag"
    return f"{prefix} {assignment.sent_at:%Y-%m-%d}: {', '.join(names)}"


def new_assignments(
    session: Session, actor: Actor, *, today: date | None = None, overdue_working_days: int = 2
) -> list[NewAssignmentPerson]:
    """Nya uppdrag: persons with assignments waiting to be accepted and distributed."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    if not units:
        return []
    assignments = session.scalars(
        select(Assignment)
        .where(waiting_assignment_filter(units))
        .options(
            selectinload(Assignment.person),
            selectinload(Assignment.items)
            .selectinload(AssignmentItem.intervention)
            .selectinload(Intervention.type),
        )
        .order_by(Assignment.sent_at)
    ).all()
    grouped: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        grouped[assignment.person_id].append(assignment)
    result = []
    for group in grouped.values():
        items = tuple(
            AssignmentListItem(
                id=a.id,
                person_id=a.person_id,
                title=assignment_title(a),
                kind=a.kind,
                status=a.status,
                received_on=a.sent_at.date(),
                overdue=is_overdue(a.status, a.sent_at.date(), today, overdue_working_days),
                read=a.first_read_at is not None,
            )
            for a in group
        )
        result.append(NewAssignmentPerson(person_item(group[0].person), items))
    return sorted(result, key=lambda entry: entry.person.name.casefold())


def inbox(session: Session, actor: Actor) -> list[MessageListItem]:
    rows = session.execute(
        select(Message, MessageRecipient.read_at, User.display_name)
        .join(MessageRecipient, MessageRecipient.message_id == Message.id)
        .outerjoin(User, User.id == Message.sender_user_id)
        .where(MessageRecipient.user_id == actor.user_id)
        .order_by(Message.sent_at.desc(), Message.id.desc())
    ).all()
    return [
        MessageListItem(
            id=message.id,
            subject=message.subject,
            sender_name=sender or "Systemet",
            sent_at=message.sent_at,
            read=read_at is not None,
        )
        for message, read_at, sender in rows
    ]


def unread_count(session: Session, actor: Actor) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(MessageRecipient)
            .where(MessageRecipient.user_id == actor.user_id, MessageRecipient.read_at.is_(None))
        )
        or 0
    )


def my_persons(session: Session, actor: Actor) -> list[PersonListItem]:
    persons = session.scalars(
        select(Person)
        .join(MyPerson, MyPerson.person_id == Person.id)
        .where(MyPerson.user_id == actor.user_id)
    ).all()
    return sorted_items(persons)


def not_current_persons(
    session: Session, actor: Actor, *, today: date | None = None, lookback_days: int = 90
) -> list[PersonListItem]:
    """Ej aktuella – att avsluta: rows at the actor's units all ended within the look-back."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.END_EXECUTION)
    if not units:
        return []
    since = today - timedelta(days=lookback_days)
    recently_ended = exists().where(
        Execution.person_id == Person.id,
        Execution.unit_id.in_(units),
        _LIVE,
        Execution.end_date < today,
        Execution.end_date >= since,
    )
    still_current = exists().where(
        Execution.person_id == Person.id, Execution.unit_id.in_(units), _current_row(today)
    )
    persons = session.scalars(select(Person).where(recently_ended, ~still_current)).all()
    return sorted_items(persons)


def _unit_view(unit: OrgUnit, has_children: bool) -> UnitView:
    return UnitView(
        id=unit.id,
        name=unit.name,
        kind=unit.kind,
        business_area=unit.business_area,
        parent_id=unit.parent_id,
        has_children=has_children,
    )


def _units_with_children(session: Session) -> set[int]:
    parents = session.scalars(select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None)))
    return {parent for parent in parents if parent is not None}


def root_units(session: Session, actor: Actor) -> list[UnitView]:
    """Mina enheter: the topmost provider units in the actor's reach."""
    units = actor.units_with(Permission.VIEW_PERSONS)
    if not units:
        return []
    rows = session.scalars(
        select(OrgUnit).where(OrgUnit.id.in_(units), OrgUnit.is_provider.is_(True))
    ).all()
    parents = _units_with_children(session)
    roots = [unit for unit in rows if unit.parent_id not in units]
    roots.sort(key=lambda unit: (unit.sort_order, unit.name))
    return [_unit_view(unit, unit.id in parents) for unit in roots]


def child_units(session: Session, actor: Actor, unit_id: int) -> list[UnitView]:
    units = actor.units_with(Permission.VIEW_PERSONS)
    rows = session.scalars(
        select(OrgUnit)
        .where(OrgUnit.parent_id == unit_id, OrgUnit.id.in_(units))
        .order_by(OrgUnit.sort_order, OrgUnit.name)
    ).all()
    parents = _units_with_children(session)
    return [_unit_view(unit, unit.id in parents) for unit in rows]


def unit_persons(
    session: Session, actor: Actor, unit_id: int, *, today: date | None = None
) -> list[PersonListItem]:
    """Persons with an ongoing or planned row performed by exactly this unit."""
    today = today or clock_of(session).today()
    if unit_id not in actor.units_with(Permission.VIEW_PERSONS):
        return []
    # An IN over the unit's rows (ix_executions_unit_dates), not EXISTS per person: the
    # latter reads every person in the database.
    persons = session.scalars(
        select(Person).where(
            Person.id.in_(
                select(Execution.person_id).where(Execution.unit_id == unit_id, _current_row(today))
            )
        )
    ).all()
    return sorted_items(persons)


def person_interventions(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    unit_id: int | None = None,
    today: date | None = None,
) -> list[InterventionGroupView]:
    """Insats GF: the person's interventions with every execution row (history included)."""
    today = today or clock_of(session).today()
    require_person_access(session, actor, person_id)
    query = (
        select(Execution, InterventionType.name, OrgUnit.name)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .where(Execution.person_id == person_id)
        .order_by(InterventionType.name, Execution.start_date, Execution.id)
    )
    if unit_id is not None:
        query = query.where(Execution.unit_id == unit_id)
    groups: dict[int, list[ExecutionRowView]] = defaultdict(list)
    names: dict[int, str] = {}
    for execution, type_name, unit_name in session.execute(query).all():
        names[execution.intervention_id] = type_name
        groups[execution.intervention_id].append(
            execution_view(execution, type_name, unit_name, today)
        )
    return [
        InterventionGroupView(intervention_id, names[intervention_id], tuple(rows))
        for intervention_id, rows in groups.items()
    ]


def execution_view(
    execution: Execution, type_name: str, unit_name: str, today: date
) -> ExecutionRowView:
    return ExecutionRowView(
        id=execution.id,
        intervention_id=execution.intervention_id,
        intervention_name=type_name,
        unit_id=execution.unit_id,
        unit_name=unit_name,
        start_date=execution.start_date,
        end_date=execution.end_date,
        minutes=execution.minutes,
        per=execution.per,
        status=execution.status,
        phase=execution_phase(execution.start_date, execution.end_date, today),
    )


def person_list_item(session: Session, actor: Actor, person_id: int) -> PersonListItem:
    return person_item(require_person_access(session, actor, person_id))
