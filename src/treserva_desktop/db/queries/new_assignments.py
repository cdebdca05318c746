"""Nya uppdrag: the assignments waiting at the actor's units to be accepted and distributed,
a page of persons at a time (keyset paging on the name order, like a unit's persons), with the
filter, titles and intervention names the other assignment lists share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select, tuple_
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Intervention,
    InterventionType,
    Person,
)
from treserva_desktop.db.not_indexed import not_indexed
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS, PERSON_ORDER, person_item_of
from treserva_desktop.db.queries.tree import PERSON_PAGE_ORDER, PersonKey
from treserva_desktop.domain.enums import AssignmentKind, Permission
from treserva_desktop.domain.rules import Actor, is_overdue
from treserva_desktop.domain.views import AssignmentListItem, NewAssignmentPerson


def waiting_assignment_filter(units: frozenset[int]) -> ColumnElement[bool]:
    """Assignments at these receiving units still waiting to be accepted and distributed:
    RECEIVED, or ACCEPTED with an intervention not yet distributed (Nya uppdrag). The services
    store that as `awaiting_distribution`, so this is an index lookup per unit."""
    return and_(
        in_ids(Assignment.receiver_unit_id, units),
        Assignment.awaiting_distribution.is_(True),
    )


def assignment_title(assignment: Assignment) -> str:
    return title_of(
        assignment.kind,
        assignment.sent_at,
        (item.intervention.type.name for item in assignment.items),
    )


def title_of(kind: AssignmentKind, sent_at: datetime, intervention_names: Iterable[str]) -> str:
    prefix = "Byte av utförare" if kind is AssignmentKind.PROVIDER_CHANGE else "Uppdrag"
    return f"{prefix} {sent_at:%Y-%m-%d}: {', '.join(sorted(set(intervention_names)))}"


def intervention_names_of(
    session: Session, assignments: ColumnElement[bool]
) -> dict[int, list[str]]:
    """The intervention type names of the assignments matching `assignments`, in one query."""
    names: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(AssignmentItem.assignment_id, InterventionType.name)
        .join(Assignment, Assignment.id == AssignmentItem.assignment_id)
        .join(Intervention, Intervention.id == AssignmentItem.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(assignments)
    )
    for assignment_id, name in rows:
        names[assignment_id].append(name)
    return names


# Persons per page of Nya uppdrag: a verksamhetschef over a whole municipality has about a
# thousand waiting; the tree asks for the next page as its last row scrolls into view.
NEW_ASSIGNMENTS_PAGE_SIZE = 250


@dataclass(frozen=True, slots=True)
class NewAssignmentPage:
    """Some of Nya uppdrag's persons in name order, with their waiting assignments, and the
    key to go on after them (None: the end)."""

    items: list[NewAssignmentPerson]
    after: PersonKey | None


def new_assignments(
    session: Session, actor: Actor, *, today: date | None = None, overdue_working_days: int = 2
) -> list[NewAssignmentPerson]:
    """Nya uppdrag: persons with assignments waiting to be accepted and distributed, in
    Swedish name order; each person's assignments oldest first (every page at once)."""
    return new_assignments_page(
        session, actor, limit=None, today=today, overdue_working_days=overdue_working_days
    ).items


def new_assignments_page(
    session: Session,
    actor: Actor,
    *,
    after: PersonKey | None = None,
    limit: int | None = NEW_ASSIGNMENTS_PAGE_SIZE,
    person_id: int | None = None,
    today: date | None = None,
    overdue_working_days: int = 2,
) -> NewAssignmentPage:
    """The next `limit` persons of Nya uppdrag after the key `after` (keyset paging on the
    name order, as a unit's persons), or just the person `person_id`, with their waiting
    assignments. Three queries of columns: the page's persons, their assignments and the
    assignments' intervention names. Each person shown is audited."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)
    if not units:
        return NewAssignmentPage([], None)
    waiting = waiting_assignment_filter(units)
    if person_id is not None:
        waiting = and_(waiting, Assignment.person_id == person_id)
    persons = select(Person.id, *PERSON_ORDER[:2]).where(
        Person.id.in_(select(Assignment.person_id).where(waiting))
    )
    if after is not None:
        persons = persons.where(tuple_(*PERSON_PAGE_ORDER) > tuple_(*after))
    persons = persons.order_by(*PERSON_PAGE_ORDER)
    if limit is not None:
        persons = persons.limit(limit + 1)
    page = session.connection().execute(persons).all()
    more = limit is not None and len(page) > limit
    if limit is not None:
        page = page[:limit]
    if not page:
        return NewAssignmentPage([], None)
    # By the page's persons (ix_assignments_person_receiver: a few rows each); the unit list
    # kept out of SQLite's index choice, where it made a seek per unit and person (46,000 for
    # a verksamhetschef's page: 11 ms, against 0.5).
    on_page = and_(
        in_ids(Assignment.person_id, [row.id for row in page]),
        in_ids(not_indexed(Assignment.receiver_unit_id), units),
        Assignment.awaiting_distribution.is_(True),
    )
    rows = (
        session.connection()
        .execute(
            select(
                Assignment.id.label("assignment_id"),
                Assignment.receiver_unit_id,
                Assignment.kind,
                Assignment.status,
                Assignment.sent_at,
                Assignment.first_read_at,
                *PERSON_ITEM_COLUMNS,
            )
            .join(Person, Person.id == Assignment.person_id)
            .where(on_page)
            .order_by(*PERSON_ORDER, Assignment.sent_at, Assignment.id)
        )
        .all()
    )
    names = intervention_names_of(session, on_page)
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    audit.record_reads(
        session,
        actor,
        (
            audit.PersonRead(
                person,
                unit_id=group[0].receiver_unit_id,
                details={"assignments": [row.assignment_id for row in group]},
            )
            for person, group in grouped.items()
        ),
        view="new_assignments",
    )
    items = [
        NewAssignmentPerson(
            person_item_of(group[0]),
            tuple(
                AssignmentListItem(
                    id=row.assignment_id,
                    person_id=row.id,
                    title=title_of(row.kind, row.sent_at, names[row.assignment_id]),
                    kind=row.kind,
                    status=row.status,
                    received_on=row.sent_at.date(),
                    overdue=is_overdue(row.status, row.sent_at.date(), today, overdue_working_days),
                    read=row.first_read_at is not None,
                )
                for row in group
            ),
        )
        for group in grouped.values()
    ]
    last = page[-1] if more else None
    return NewAssignmentPage(
        items, (last.last_name_key, last.first_name_key, last.id) if last is not None else None
    )
