"""Read side of Uppföljning › Statistik: per unit and month, set-based SQL (GROUP BY) for the
interventions (persons running on the last day, started, ended, granted time per type) and the
short-term places (nights, occupancy), and the organisation tree of the window's Enhet.

The figure functions take unit ids the caller has already checked (services.unit_statistics
checks every unit against the actor's scope); they return counts, never a person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    HousingContract,
    HousingObject,
    Intervention,
    InterventionType,
    OrgUnit,
)
from treserva_desktop.db.queries.organisation import Unit, all_units
from treserva_desktop.db.queries.statistics import executed_rows_in_month
from treserva_desktop.domain.enums import BusinessArea, Permission, TimePer
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.unit_statistics_rules import hours_of
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.unit_statistics import (
    InterventionFigures,
    InterventionMonth,
    ShortTermFigures,
)


def statistics_unit_tree(
    session: Session, actor: Actor, area: BusinessArea | None
) -> list[ReceiverUnit]:
    """The whole organisation tree for the window's Enhet; selectable are the units where the
    actor may see statistics and that belong to the Verksamhet (units without a business area,
    such as a department, gather the Verksamhet's units below them)."""
    allowed = actor.units_with(Permission.VIEW_STATISTICS)
    units = all_units(session)
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units.values():
        children[unit.parent_id if unit.parent_id in units else None].append(unit)
    ordered: list[Unit] = []  # parents before their children, as the picker's model needs
    stack = sorted(children[None], key=_sibling_order, reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack += sorted(children[unit.id], key=_sibling_order, reverse=True)
    return [
        ReceiverUnit(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            business_area=unit.business_area,
            parent_id=unit.parent_id,
            selectable=unit.id in allowed and (area is None or unit.business_area in (area, None)),
        )
        for unit in ordered
    ]


def _sibling_order(unit: Unit) -> tuple[int, str]:
    return (unit.sort_order, unit.name.casefold())


def intervention_figures(
    session: Session, unit_ids: Sequence[int], month: Month
) -> InterventionMonth:
    """One statement per month. Rows of one intervention (a change of time or provider) are one
    intervention, as in the monthly individual statistics: its start is the first row's, its
    end the last row's (open while any row is), and the row the month ends on (the latest one
    running in the month) gives the unit and the granted time. The persons running on the last
    day are counted per unit and type and, once each, over them all."""
    if not unit_ids:
        return InterventionMonth(month.first, (), 0)
    executed = executed_rows_in_month(unit_ids, month)
    in_month = and_(
        executed.c.start_date <= month.last,
        or_(executed.c.end_date.is_(None), executed.c.end_date >= month.first),
    )
    # Whether the row runs in the month, as a column: the windows below then order by columns
    # alone. Ordered by the expression, each window's ORDER BY carried bound parameters of its
    # own, so SQLite could not tell the four windows were the same and sorted the month's rows
    # four times (municipal demo, every unit: 430 ms a month, 300 ms with one sort).
    flagged = select(
        executed.c.person_id,
        executed.c.intervention_id,
        executed.c.unit_id,
        executed.c.start_date,
        executed.c.end_date,
        executed.c.minutes,
        executed.c.per,
        case((in_month, 1), else_=0).label("in_month"),
    ).subquery()
    # One window for every figure (one sort): the rows of an intervention, the row the month
    # ends on first; the aggregates see the whole partition.
    order = (flagged.c.in_month.desc(), flagged.c.start_date.desc())

    def over(function: Any) -> Any:
        return function.over(
            partition_by=flagged.c.intervention_id, order_by=order, rows=(None, None)
        )

    rows = (
        select(
            flagged.c.person_id,
            flagged.c.unit_id,
            Intervention.type_code,
            flagged.c.minutes,
            flagged.c.per,
            over(func.min(flagged.c.start_date)).label("chain_start"),
            over(func.max(case((flagged.c.end_date.is_(None), 1), else_=0))).label("chain_open"),
            over(func.max(flagged.c.end_date)).label("chain_end"),
            over(func.row_number()).label("rank"),
        )
        .join(Intervention, Intervention.id == flagged.c.intervention_id)
        .subquery()
    )
    running = or_(rows.c.chain_open == 1, rows.c.chain_end >= month.last)
    # The month's interventions, once each, with their figures as flags: read twice below (per
    # unit and type, and the distinct persons over all), so both databases compute it once.
    chains = (
        select(
            rows.c.person_id,
            rows.c.unit_id,
            rows.c.type_code,
            rows.c.minutes,
            rows.c.per,
            case((running, rows.c.person_id)).label("running_person"),
            case((rows.c.chain_start >= month.first, 1), else_=0).label("started"),
            case(
                (
                    and_(rows.c.chain_open == 0, rows.c.chain_end.between(month.first, month.last)),
                    1,
                ),
                else_=0,
            ).label("ended"),
        )
        .where(
            rows.c.rank == 1,
            rows.c.chain_start <= month.last,
            or_(rows.c.chain_open == 1, rows.c.chain_end >= month.first),
        )
        .cte("chains")
    )
    per_unit_and_type = select(
        chains.c.unit_id,
        chains.c.type_code,
        func.count(func.distinct(chains.c.running_person)).label("running"),
        func.sum(chains.c.started).label("started"),
        func.sum(chains.c.ended).label("ended"),
        func.sum(case((chains.c.per == TimePer.MONTH, chains.c.minutes), else_=0)).label(
            "month_minutes"
        ),
        func.sum(case((chains.c.per == TimePer.WEEK, chains.c.minutes), else_=0)).label(
            "week_minutes"
        ),
    ).group_by(chains.c.unit_id, chains.c.type_code)
    over_all = select(
        null().label("unit_id"),
        null().label("type_code"),
        func.count(func.distinct(chains.c.running_person)),
        literal(0),
        literal(0),
        literal(0),
        literal(0),
    )
    found = session.connection().execute(union_all(per_unit_and_type, over_all)).all()
    groups = [row for row in found if row.unit_id is not None]
    running_persons = sum(int(row.running or 0) for row in found if row.unit_id is None)
    names = _unit_names(session, {row.unit_id for row in groups})
    types = _type_names(session, {row.type_code for row in groups})
    return InterventionMonth(
        month=month.first,
        figures=tuple(
            InterventionFigures(
                unit_id=row.unit_id,
                unit_name=names[row.unit_id],
                month=month.first,
                type_code=row.type_code,
                type_name=types[row.type_code],
                running=int(row.running or 0),
                started=int(row.started or 0),
                ended=int(row.ended or 0),
                hours=hours_of(int(row.month_minutes or 0), int(row.week_minutes or 0)),
            )
            for row in groups
        ),
        running_persons=running_persons,
    )


def short_term_figures(
    session: Session, unit_ids: Sequence[int], month: Month
) -> list[ShortTermFigures]:
    """Per unit with short-term places: the places in use during the month, the nights guests
    slept there (moved in, not yet out: domain.unit_statistics_rules.nights_in) and the nights
    the places were available (a place retired on day d is available the nights before d)."""
    if not unit_ids:
        return []
    after_last = month.last + timedelta(days=1)
    days = (after_last - month.first).days
    available = case(
        (
            or_(HousingObject.retired_on.is_(None), HousingObject.retired_on >= after_last),
            days,
        ),
        else_=_days_between(session, month.first, HousingObject.retired_on),
    )
    places = (
        select(
            HousingObject.unit_id,
            func.count().label("places"),
            func.sum(available).label("place_nights"),
        )
        .where(
            in_ids(HousingObject.unit_id, unit_ids),
            HousingObject.kind == HousingKind.SHORT_TERM_PLACE,
            or_(HousingObject.retired_on.is_(None), HousingObject.retired_on > month.first),
        )
        .group_by(HousingObject.unit_id)
    )
    moved_in = case(
        (HousingContract.start_date > month.first, HousingContract.start_date), else_=month.first
    )
    moved_out = case(
        (
            and_(
                HousingContract.move_out_on.is_not(None),
                HousingContract.move_out_on < after_last,
            ),
            HousingContract.move_out_on,
        ),
        else_=after_last,
    )
    nights = (
        select(
            HousingObject.unit_id,
            func.sum(_days_between(session, moved_in, moved_out)).label("nights"),
        )
        .join(HousingContract, HousingContract.object_id == HousingObject.id)
        .where(
            in_ids(HousingObject.unit_id, unit_ids),
            HousingObject.kind == HousingKind.SHORT_TERM_PLACE,
            HousingContract.kind == ContractKind.SHORT_TERM,
            HousingContract.start_date <= month.last,
            or_(
                HousingContract.move_out_on.is_(None),
                HousingContract.move_out_on > month.first,
            ),
        )
        .group_by(HousingObject.unit_id)
    )
    connection = session.connection()
    counted = {row.unit_id: row for row in connection.execute(places).all()}
    slept = {row.unit_id: int(row.nights or 0) for row in connection.execute(nights).all()}
    names = _unit_names(session, set(counted) | set(slept))
    return [
        ShortTermFigures(
            unit_id=unit_id,
            unit_name=names[unit_id],
            month=month.first,
            places=int(counted[unit_id].places) if unit_id in counted else 0,
            nights=slept.get(unit_id, 0),
            place_nights=int(counted[unit_id].place_nights or 0) if unit_id in counted else 0,
        )
        for unit_id in sorted(set(counted) | set(slept))
    ]


def _days_between(session: Session, first: Any, after: Any) -> Any:
    """Whole days from `first` to `after` as SQL, on SQLite (julianday) and PostgreSQL (date
    subtraction)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(after) - func.julianday(first), Integer)
    return cast(after, Date) - cast(first, Date)


def _unit_names(session: Session, unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    return dict(
        session.connection()
        .execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids)))
        .all()
    )


def _type_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(
        session.connection()
        .execute(
            select(InterventionType.code, InterventionType.name).where(
                InterventionType.code.in_(codes)
            )
        )
        .all()
    )
