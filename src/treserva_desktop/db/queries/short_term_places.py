"""Saknar korttidsplats (W15) and its count on Mitt skrivbord: persons with a short-term
row sent to execution at the actor's housing units, running today or planned, who have no
short-term contract from today on. Every person listed is an audited read."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Execution,
    HousingContract,
    HousingObject,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.housing import EXECUTED
from treserva_desktop.db.queries.organisation import all_units
from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.housing_rules import HousingKind
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.housing import MissingPlace


def _missing_place_filter(
    allowed: list[int], today: date, ends: ColumnElement[bool] | None = None
) -> list[ColumnElement[bool]]:
    """Short-term rows sent to execution at the units, running today or planned, whose
    person has no short-term contract from today on (Saknar korttidsplats and its count).
    `ends` narrows the rows to one of the two kinds of current end (open, or not passed)."""
    place = aliased(HousingObject)
    has_place = exists().where(
        HousingContract.person_id == Execution.person_id,
        HousingContract.object_id == place.id,
        place.kind == HousingKind.SHORT_TERM_PLACE,
        or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= today),
    )
    return [
        in_ids(Execution.unit_id, allowed),
        Execution.status.in_(EXECUTED),
        InterventionType.business_area == BusinessArea.SHORT_TERM,
        or_(Execution.end_date.is_(None), Execution.end_date >= today) if ends is None else ends,
        ~has_place,
    ]


def missing_short_term_places(session: Session, actor: Actor) -> list[MissingPlace]:
    """Persons with a short-term row sent to execution at the actor's housing units, running
    today or planned, who have no short-term contract on its first day from today on."""
    allowed = sorted(actor.units_with(Permission.MANAGE_HOUSING))
    require(actor, Permission.MANAGE_HOUSING)
    today = clock_of(session).today()
    rows = session.execute(
        select(
            Execution.person_id,
            Execution.unit_id,
            Execution.start_date,
            OrgUnit.name.label("unit_name"),
            Person.first_name,
            Person.last_name,
            Person.identity_number,
            Person.identity_kind,
        )
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .join(Person, Person.id == Execution.person_id)
        .where(*_missing_place_filter(allowed, today))
        .order_by(Execution.start_date, Person.last_name_key, Execution.id)
        .limit(500)
    ).all()
    seen: set[int] = set()
    missing: list[MissingPlace] = []
    for row in rows:
        if row.person_id in seen:
            continue
        seen.add(row.person_id)
        missing.append(
            MissingPlace(
                person_id=row.person_id,
                person_name=f"{row.last_name}, {row.first_name}",
                identity_display=from_stored(row.identity_number, row.identity_kind).display(),
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                from_date=max(row.start_date, today),
            )
        )
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(item.person_id, unit_id=item.unit_id) for item in missing),
        view="missing_short_term_places",
    )
    return missing


def missing_short_term_place_count(session: Session, actor: Actor) -> int:
    """Mitt skrivbord: how many persons Saknar korttidsplats lists (one COUNT, no names)."""
    # Short-term care is given at the short-term units (their korttidsplatser): the count
    # reads those units' rows only, not every executed row of every unit (the list checks
    # the intervention type at all the actor's units; in the data they agree).
    units = all_units(session)
    allowed = sorted(
        unit_id
        for unit_id in actor.units_with(Permission.MANAGE_HOUSING)
        if (unit := units.get(unit_id)) is not None
        and unit.business_area is BusinessArea.SHORT_TERM
    )
    if not allowed:
        return 0
    today = clock_of(session).today()

    def persons_where(ends: ColumnElement[bool]) -> Select[int]:
        return (
            select(Execution.person_id)
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .join(InterventionType, InterventionType.code == Intervention.type_code)
            .where(*_missing_place_filter(allowed, today, ends))
        )

    # Open rows and rows ending today or later apart, each a range of ix_executions_unit_end
    # (with the end dates in one OR, SQLite read every row the units ever had).
    persons = union(
        persons_where(Execution.end_date.is_(None)), persons_where(Execution.end_date >= today)
    ).subquery()
    return session.scalar(select(func.count()).select_from(persons)) or 0
