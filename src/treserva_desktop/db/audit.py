"""Writes audit events in the caller's transaction. Ids and codes only, never names or text.

Every event carries the unit the actor acted from: the unit given, else the one of the
actor's units that reaches the person (acting_units), else the actor's home unit (where the
grant of their primary role sits) — so even an authority look-up or a search hit is logged
with the unit it was made from, as HSLF-FS 2016:40 asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select, union_all
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, AuditEvent, Execution
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
    """One READ event per person shown in a list, written with one bulk INSERT (a search of
    200 persons must stay fast). `view` names the list (a code, never text). Returns how
    many events were written."""
    reads = list(reads)
    if not reads:
        return 0
    missing = [read.person_id for read in reads if read.unit_id is None]
    units = acting_units(session, actor, missing) if missing else {}
    when = clock_of(session).now()
    role = actor.primary_role
    rows = [
        {
            "occurred_at": when,
            "user_id": actor.user_id,
            "role": role.value if role else "",
            "unit_id": read.unit_id if read.unit_id is not None else units.get(read.person_id),
            "action": action,
            "entity_type": read.entity_type,
            "entity_id": read.entity_id if read.entity_id is not None else read.person_id,
            "person_id": read.person_id,
            "details": {"view": view, **(read.details or {})},
        }
        for read in reads
    ]
    # Core INSERT of plain rows: the ORM's bulk path costs twice as much for a 200-row search.
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    session.execute(insert(table), rows)
    return len(rows)
