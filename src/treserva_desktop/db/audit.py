"""Writes audit events in the caller's transaction. Ids and codes only, never names or text.

Every event carries the unit the actor acted from: the unit given, else the one of the
actor's units that reaches the person (acting_units), else the actor's home unit (where the
grant of their primary role sits) — so even an authority look-up or a search hit is logged
with the unit it was made from, as HSLF-FS 2016:40 asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    FromClause,
    Insert,
    Table,
    bindparam,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids, in_ids_param
from treserva_desktop.db.models import Assignment, AuditEvent, Execution, Person
from treserva_desktop.db.models.audit import ASSIGNMENT_READS
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.rules import Actor


def home_unit(actor: Actor | None) -> int | None:
    """The unit of the actor's primary role's grant (the lowest id when several)."""
    if actor is None:
        return None
    role = actor.primary_role
    units = [grant.unit_id for grant in actor.grants if grant.role is role]
    return min(units) if units else None


def acting_unit(actor: Actor, person_units: Iterable[int]) -> int | None:
    """The actor's unit for a person who belongs to `person_units`: the lowest shared unit
    id (stable), else the actor's home unit."""
    shared = frozenset(person_units) & actor.units_with(Permission.VIEW_PERSONS)
    return min(shared) if shared else home_unit(actor)


def acting_units(
    session: Session, actor: Actor, person_ids: Iterable[int]
) -> dict[int, int | None]:
    """acting_unit for many persons: their units read from the (person_id, unit_id) indexes
    (two index-only lookups per person), the actor's units tested here, not in SQL, where
    the unit list would lead the planner to read those units' rows instead."""
    ids = sorted(set(person_ids))
    units = actor.units_with(Permission.VIEW_PERSONS)
    found: dict[int, int] = {}
    if ids and units:
        rows = session.execute(
            union_all(
                select(Execution.person_id, Execution.unit_id).where(Execution.person_id.in_(ids)),
                select(Assignment.person_id, Assignment.receiver_unit_id).where(
                    Assignment.person_id.in_(ids)
                ),
            )
        ).all()
        for person_id, unit_id in rows:
            if unit_id in units and unit_id < found.get(person_id, unit_id + 1):
                found[person_id] = unit_id
    home = home_unit(actor)
    return {person_id: found.get(person_id, home) for person_id in ids}


def record(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    entity_type: str,
    entity_id: int | None,
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    role = actor.primary_role if actor else None
    session.add(
        AuditEvent(
            occurred_at=clock_of(session).now(),
            user_id=actor.user_id if actor else None,
            role=role.value if role else "",
            unit_id=unit_id if unit_id is not None else home_unit(actor),
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            person_id=person_id,
            details=details or {},
        )
    )


def _acting_unit_sql(units: str, home: Any) -> Any:
    """acting_unit per person inside one INSERT … SELECT over persons: the lowest of the
    actor's `units` with a row or an assignment for the person (each probed through its
    (person_id, unit) index), else the actor's `home` unit. One statement for a whole list,
    whatever the number of units the persons spread over."""
    by_row = (
        select(func.min(Execution.unit_id))
        .where(Execution.person_id == Person.id, in_ids_param(Execution.unit_id + 0, units))
        .scalar_subquery()
    )
    by_assignment = (
        select(func.min(Assignment.receiver_unit_id))
        .where(
            Assignment.person_id == Person.id, in_ids_param(Assignment.receiver_unit_id + 0, units)
        )
        .scalar_subquery()
    )
    return func.coalesce(by_row, by_assignment, home)


# The columns record_reads fills for persons shown as themselves, in the INSERT's order.
_READ_COLUMNS = (
    "occurred_at",
    "user_id",
    "role",
    "action",
    "unit_id",
    "entity_type",
    "entity_id",
    "person_id",
    "details",
)


@cache
def _person_reads_insert(unit: Literal["given", "acting", "home"]) -> Insert:
    """The INSERT … SELECT writing one READ event per person id in the expanding parameter
    `ids`, with the unit `unit_id` given, found per person among the actor's `units` (else
    `home`), or `home` for an actor without units. Built once per shape: a list is shown
    often (every search, every page of a unit), and building and keying the statement
    anew each time cost more than the database's work."""
    table = AuditEvent.__table__
    assert isinstance(table, Table)

    def param(name: str, column: str | None = None) -> Any:
        return bindparam(name, type_=table.c[column or name].type)

    if unit == "given":
        unit_of: Any = param("unit_id")
    else:
        home = param("home", "unit_id")
        unit_of = home if unit == "home" else _acting_unit_sql("units", home)
    shown = select(
        param("occurred_at"),
        param("user_id"),
        param("role"),
        param("action"),
        unit_of,
        literal("person", table.c.entity_type.type),
        Person.id,
        Person.id,
        param("details"),
    ).where(in_ids_param(Person.id, "ids"))
    return insert(table).from_select(list(_READ_COLUMNS), shown)


@dataclass(frozen=True, slots=True)
class PersonRead:
    """One person shown in a list: the entity shown (the person, an assignment …) and the
    unit it was shown for (None: the actor's acting unit for the person)."""

    person_id: int
    entity_type: str = "person"
    entity_id: int | None = None
    unit_id: int | None = None
    details: Mapping[str, Any] | None = None


def record_reads(
    session: Session,
    actor: Actor,
    reads: Iterable[PersonRead],
    *,
    view: str,
    action: AuditAction = AuditAction.READ_PERSON,
) -> int:
    """One READ event per person shown in a list (a search shows up to 200), in as few
    statements as the units they were read from: persons shown as themselves go in one
    INSERT … SELECT per unit, so the database builds the rows and Python handles none of
    them (a search must stay fast); entries that name something else (an assignment) or
    carry their own ids go in one executemany. `view` names the list (a code, never text).
    Returns how many events were written."""
    reads = list(reads)
    if not reads:
        return 0
    role = actor.primary_role
    common: dict[str, Any] = {
        "occurred_at": clock_of(session).now(),
        "user_id": actor.user_id,
        "role": role.value if role else "",
        "action": action,
    }
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    # Persons shown as themselves, by the unit given (None: found in SQL, see _acting_unit_sql).
    by_unit: dict[int | None, list[int]] = defaultdict(list)
    others: list[PersonRead] = []
    for read in reads:
        if read.entity_type == "person" and read.entity_id is None and not read.details:
            by_unit[read.unit_id].append(read.person_id)
        else:
            others.append(read)
    if by_unit:
        # Core, not the ORM session's execute: nothing here needs the ORM, and its layer
        # costs per statement. Same connection, same transaction.
        connection = session.connection()
        actor_units = sorted(actor.units_with(Permission.VIEW_PERSONS))
        home = home_unit(actor)
        details = {"view": view}
        for unit_id, person_ids in by_unit.items():
            params = {**common, "details": details, "ids": person_ids}
            if unit_id is not None:
                statement = _person_reads_insert("given")
                params["unit_id"] = unit_id
            elif actor_units:
                statement = _person_reads_insert("acting")
                params.update(units=actor_units, home=home)
            else:
                statement = _person_reads_insert("home")
                params["home"] = home
            connection.execute(statement, params)
    if others:
        missing = [read.person_id for read in others if read.unit_id is None]
        units = acting_units(session, actor, missing) if missing else {}
        rows = [
            {
                **common,
                "unit_id": read.unit_id if read.unit_id is not None else units.get(read.person_id),
                "entity_type": read.entity_type,
                "entity_id": read.entity_id if read.entity_id is not None else read.person_id,
                "person_id": read.person_id,
                "details": {"view": view, **(read.details or {})},
            }
            for read in others
        ]
        session.execute(insert(table), rows)
    return len(reads)


@cache
def _entity_reads_insert(entity: FromClause, entity_type: str) -> Insert:
    """The INSERT … SELECT writing one READ event per row of `entity` (a table with id,
    person_id and unit_id) whose id is in the expanding parameter `ids` and that names a
    person: the row's own unit and person. Built once per table."""
    table = AuditEvent.__table__
    assert isinstance(table, Table)

    def param(name: str) -> Any:
        return bindparam(name, type_=table.c[name].type)

    shown = select(
        param("occurred_at"),
        param("user_id"),
        param("role"),
        param("action"),
        entity.c.unit_id,
        literal(entity_type, table.c.entity_type.type),
        entity.c.id,
        entity.c.person_id,
        param("details"),
    ).where(in_ids_param(entity.c.id, "ids"), entity.c.person_id.is_not(None))
    return insert(table).from_select(list(_READ_COLUMNS), shown)


def record_entity_reads(
    session: Session,
    actor: Actor,
    entity: FromClause,
    entity_type: str,
    ids: Iterable[int],
    *,
    view: str,
    action: AuditAction = AuditAction.READ_PERSON,
) -> None:
    """One READ event per row of `entity` shown in a list that names a person (an
    avvikelse), with the row's own unit: like record_reads for such rows, but one
    INSERT … SELECT that the database fills from the rows themselves, so no event passes
    through Python (on PostgreSQL an executemany of 300 events cost several times the
    list's own read)."""
    ids = list(ids)
    if not ids:
        return
    role = actor.primary_role
    session.connection().execute(
        _entity_reads_insert(entity, entity_type),
        {
            "occurred_at": clock_of(session).now(),
            "user_id": actor.user_id,
            "role": role.value if role else "",
            "action": action,
            "details": {"view": view},
            "ids": ids,
        },
    )


def assignments_read_by(session: Session, user_id: int, assignment_ids: Iterable[int]) -> set[int]:
    """Which of the assignments the user has opened (Läs uppdrag), from the trail itself:
    through ix_audit_events_assignment_reads (migration 0029), which holds only those events,
    one seek per assignment. Through the persons' events instead, every event of every
    person listed was read (Genomförande's 154 assignments: 14,000 events, 22 ms), more
    each year."""
    assignments = set(assignment_ids)
    if not assignments:
        return set()
    found = session.scalars(
        select(AuditEvent.entity_id)
        .where(
            AuditEvent.user_id == user_id,
            in_ids(AuditEvent.entity_id, assignments),
            # The index's own condition, as text: PostgreSQL's generic plan of a prepared
            # statement (psycopg prepares after five runs) cannot see bound values, and
            # without the partial index would read every audit event.
            text(ASSIGNMENT_READS),
        )
        .distinct()
    )
    return {entity_id for entity_id in found if entity_id is not None}
