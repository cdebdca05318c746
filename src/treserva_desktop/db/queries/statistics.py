"""Read side of the monthly individual statistics: the executed rows of the actor's units
that ran during a month, per person and intervention, with short-term stays and a summary.

One query over executions (by end date, db.queries.unit_rows) and one over
short-term contracts, whatever the number of rows. Nothing here is audited: the summary shows
no personal data; the export (services.statistics) records every person it writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, or_, select
from sqlalchemy.orm import Session

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
from treserva_desktop.db.queries.unit_rows import unit_rows_in_period
from treserva_desktop.domain.enums import BusinessArea, ExecutionStatus, Permission
from treserva_desktop.domain.housing_rules import ContractKind
from treserva_desktop.domain.provider_change_rules import PROVIDER_CHANGE_END_REASON
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import (
    EXECUTED_STATUSES,
    OWN_PROVIDER,
    Month,
    check_month,
    ended_in,
    hours_per_month,
    overlaps,
    running_on_last_day,
    started_in,
)
from treserva_desktop.domain.views.statistics import (
    MonthlyStatistics,
    ShortTermStay,
    StatisticsRow,
    SummaryLine,
)

# One executed row as fetched: person_id, intervention_id, unit_id, start_date, end_date,
# minutes, per, type_code, identity_number. The rows are used as they come (no object per
# row), one intervention's at a time: a municipal month has some 40,000 of them, and holding
# them all (with a copy of the type's and unit's names in each) cost some 70 MB at once.
_Row = Any
# How many rows the driver hands over at a time (a server-side cursor on PostgreSQL).
_BATCH = 2000


@dataclass(frozen=True, slots=True)
class _Names:
    """The intervention types' names and business areas, and the units' names, read once."""

    types: dict[str, tuple[str, BusinessArea]]
    units: dict[int, str]


def monthly_statistics(session: Session, actor: Actor, month: Month) -> MonthlyStatistics:
    """Per person and intervention: executed rows (Skickad till genomförande, Kvitterad) at
    the actor's VIEW_STATISTICS units running on the month's last day, started or ended in it.
    Empty for a role without VIEW_STATISTICS; a future month is refused with a Swedish
    message."""
    check_month(month, clock_of(session).today())
    units = sorted(actor.units_with(Permission.VIEW_STATISTICS))
    if not units:  # a role without statistics sees an empty month, like every list
        return MonthlyStatistics(month=month, rows=(), summary=())
    stays = _short_term_stays(session, units, month)
    names = _names(session)
    result: list[StatisticsRow] = []
    for group in _executed_rows(session, units, month):
        line = _line_of(group, month, stays, names)
        if line is not None:
            result.append(line)
    result.sort(key=lambda r: (r.type_code, r.identity_number, r.start, r.intervention_id))
    return MonthlyStatistics(month=month, rows=tuple(result), summary=_summary(result))


def revoked_but_carried_out() -> ColumnElement[bool]:
    """A row revoked with Återkalla (a change of time from a day) was carried out up to its
    T.o.m., the day before the change (Återkalla only takes a row that was sent to execution,
    and sets T.o.m.); the new row continues it. Those days count as executed, so the change
    is neither an end nor a new start of the intervention. A row that Byt utförare revoked
    (one that would have begun on or after the change) never ran: its end reason says so."""
    return and_(
        Execution.status == ExecutionStatus.REVOKED,
        Execution.end_date.is_not(None),
        Execution.end_reason != PROVIDER_CHANGE_END_REASON,
    )


def executed_row() -> ColumnElement[bool]:
    """A row of an executed decision: received by the provider, or revoked after it ran."""
    return or_(Execution.status.in_(EXECUTED_STATUSES), revoked_but_carried_out())


def executed_rows_in_month(units: Sequence[int], month: Month) -> Subquery:
    """The executed rows at the units that a month's statistics read (here and in
    db.queries.unit_statistics): from the day before the month to the day after it, so that
    a row continued on the 1st (change of time or provider) does not count as started, nor
    one continued on the day after the last as ended. By end date (unit_rows_in_period)."""
    return unit_rows_in_period(
        (
            Execution.person_id,
            Execution.intervention_id,
            Execution.unit_id,
            Execution.start_date,
            Execution.end_date,
            Execution.minutes,
            Execution.per,
        ),
        units,
        month.first - timedelta(days=1),
        month.last + timedelta(days=1),
        executed_row(),
    )


def _executed_rows(session: Session, units: list[int], month: Month) -> Iterator[list[_Row]]:
    """The month's executed rows, one person's intervention (its rows) at a time."""
    rows = executed_rows_in_month(units, month)
    statement = (
        select(*rows.c, Intervention.type_code, Person.identity_number)
        .join(Intervention, Intervention.id == rows.c.intervention_id)
        .join(Person, Person.id == rows.c.person_id)
        .order_by(rows.c.person_id, rows.c.intervention_id)
        .execution_options(yield_per=_BATCH)
    )
    # Core, not the ORM session's execute: plain rows, without the ORM's cost per row.
    found = session.connection().execute(statement)
    for _key, group in groupby(found, key=lambda row: (row.person_id, row.intervention_id)):
        yield list(group)


def _names(session: Session) -> _Names:
    types = {
        code: (name, area)
        for code, name, area in session.execute(
            select(InterventionType.code, InterventionType.name, InterventionType.business_area)
        )
    }
    units: dict[int, str] = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
    return _Names(types, units)


def _short_term_stays(
    session: Session, units: list[int], month: Month
) -> dict[int, list[ShortTermStay]]:
    """Short-term contracts at the actor's units that overlap the month, per person."""
    statement = (
        select(HousingContract.person_id, HousingContract.start_date, HousingContract.move_out_on)
        .join(HousingObject, HousingObject.id == HousingContract.object_id)
        .where(
            in_ids(HousingObject.unit_id, units),
            HousingContract.kind == ContractKind.SHORT_TERM,
            HousingContract.start_date <= month.last,
            or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= month.first),
        )
        .order_by(HousingContract.start_date)
    )
    stays: dict[int, list[ShortTermStay]] = defaultdict(list)
    for person_id, start, end in session.execute(statement).all():
        stays[person_id].append(ShortTermStay(start, end, from_contract=True))
    return stays


def _line_of(
    group: list[_Row], month: Month, stays: dict[int, list[ShortTermStay]], names: _Names
) -> StatisticsRow | None:
    if len(group) == 1:
        current = group[0]
        start, end = current.start_date, current.end_date
    else:
        start = min(row.start_date for row in group)
        ends = [row.end_date for row in group]
        end = None if None in ends else max(end for end in ends if end is not None)
        # The row the month ends on (or the latest one) gives the unit and the granted time.
        current = max(
            group, key=lambda row: (overlaps(row.start_date, row.end_date, month), row.start_date)
        )
    if not overlaps(start, end, month):
        return None  # ended the day before the month
    hours: Decimal | None = hours_per_month(current.minutes, current.per)
    type_name, business_area = names.types[current.type_code]
    short_term: tuple[ShortTermStay, ...] = ()
    if business_area is BusinessArea.SHORT_TERM:
        short_term = tuple(stays.get(current.person_id, ())) or (
            ShortTermStay(start, end, from_contract=False),
        )
    return StatisticsRow(
        person_id=current.person_id,
        identity_number=current.identity_number,
        intervention_id=current.intervention_id,
        type_code=current.type_code,
        type_name=type_name,
        business_area=business_area.label,
        unit_id=current.unit_id,
        unit_name=names.units[current.unit_id],
        start=start,
        end=end,
        running_on_last_day=running_on_last_day(start, end, month),
        started=started_in(start, month),
        ended=ended_in(end, month),
        hours_per_month=hours,
        provider_form=OWN_PROVIDER,
        stays=short_term,
    )


def _summary(rows: list[StatisticsRow]) -> tuple[SummaryLine, ...]:
    by_type: dict[str, list[StatisticsRow]] = defaultdict(list)
    for row in rows:
        by_type[row.type_code].append(row)
    return tuple(
        SummaryLine(
            type_code=code,
            type_name=group[0].type_name,
            running=sum(1 for row in group if row.running_on_last_day),
            started=sum(1 for row in group if row.started),
            ended=sum(1 for row in group if row.ended),
            persons=len({row.person_id for row in group}),
        )
        for code, group in sorted(by_type.items(), key=lambda item: item[1][0].type_name.casefold())
    )
