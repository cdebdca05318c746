"""Deviation statistics: counts per unit, month, category, type and state, for other screens
(Uppföljning › Statistik) and for Avvikelsestatistik (units × months for one type).

`deviation_counts` is the building block: one GROUP BY over ix_deviations_unit_month (unit,
month), whatever the number of deviations. It trusts the unit ids it is given: the caller
passes only units the user reaches (e.g. actor.units_with(Permission.VIEW_STATISTICS)); to
roll sub-units up, pass a unit and its descendants and add their rows together. Nothing here
names a person, so nothing is audited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import Deviation, DeviationType, OrgUnit
from treserva_desktop.db.queries.organisation import all_units
from treserva_desktop.domain.deviation_rules import check_month_range
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.deviations import (
    DeviationCount,
    DeviationTable,
    DeviationTableRow,
    RegistrationUnit,
)


def deviation_counts(
    session: Session, unit_ids: Collection[int], first_month: date, last_month: date
) -> list[DeviationCount]:
    """Counts of the deviations that occurred at `unit_ids` from `first_month` through
    `last_month` (any day of each; whole months), one row per unit, month (its first day),
    category, type code and current state that has any, ordered by those. The caller checks
    the units are in the user's scope."""
    if not unit_ids:
        return []
    first, last = first_month.replace(day=1), last_month.replace(day=1)
    columns = (
        Deviation.unit_id,
        Deviation.occurred_month,
        Deviation.category,
        Deviation.type_code,
        Deviation.state,
    )
    rows = session.execute(
        select(*columns, func.count())
        .where(
            in_ids(Deviation.unit_id, sorted(set(unit_ids))),
            Deviation.occurred_month >= first,
            Deviation.occurred_month <= last,
        )
        .group_by(*columns)
        .order_by(*columns)
    ).all()
    return [
        DeviationCount(unit_id, month, category, type_code, state, count)
        for unit_id, month, category, type_code, state, count in rows
    ]


def deviation_table(
    session: Session,
    actor: Actor,
    unit_id: int,
    type_code: str | None,
    first_month: date,
    last_month: date,
) -> DeviationTable:
    """Avvikelsestatistik for a unit the actor has statistics for: the unit and each unit
    below it (its own sub-units rolled up) × the months, for one type (None: all)."""
    require(actor, Permission.VIEW_STATISTICS, unit_id)
    months = check_month_range(first_month, last_month)
    units = all_units(session)
    if unit_id not in units:
        raise NotFound("Enheten finns inte.")
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units.values():
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    # The subtree depth first, siblings by name.
    order: list[tuple[int, int]] = []
    stack = [(unit_id, 0)]
    while stack:
        current, depth = stack.pop()
        order.append((current, depth))
        below = sorted(children[current], key=lambda key: (units[key].name, key), reverse=True)
        stack.extend((child, depth + 1) for child in below)
    own: dict[int, list[int]] = {current: [0] * len(months) for current, _ in order}
    column = {month: index for index, month in enumerate(months)}
    for count in deviation_counts(session, own.keys(), months[0], months[-1]):
        if type_code is None or count.type_code == type_code:
            own[count.unit_id][column[count.month]] += count.count
    rolled: dict[int, list[int]] = {}
    for current, _depth in reversed(order):
        totals = list(own[current])
        for child in children[current]:
            for index, value in enumerate(rolled[child]):
                totals[index] += value
        rolled[current] = totals
    type_name = "Alla typer"
    if type_code is not None:
        type_name = (
            session.scalar(select(DeviationType.name).where(DeviationType.code == type_code))
            or type_code
        )
    return DeviationTable(
        months=tuple(months),
        type_name=type_name,
        rows=tuple(
            DeviationTableRow(current, units[current].name, depth, tuple(rolled[current]))
            for current, depth in order
        ),
    )


def statistics_units(session: Session, actor: Actor) -> list[RegistrationUnit]:
    """The units the actor may take deviation statistics for: the ones granted to them first
    (the manager's own, which the dialog opens on), then the units below, each by name."""
    unit_ids = actor.units_with(Permission.VIEW_STATISTICS)
    if not unit_ids:
        return []
    granted = {grant.unit_id for grant in actor.grants}
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.name)
        .where(OrgUnit.id.in_(sorted(unit_ids)))
        .order_by(OrgUnit.name, OrgUnit.id)
    ).all()
    ordered = sorted(rows, key=lambda row: row.id not in granted)  # stable: names kept
    return [RegistrationUnit(unit_id, name) for unit_id, name in ordered]


def deviation_type_names(session: Session) -> dict[str, str]:
    """Every deviation type's Swedish name by code, retired ones too (old counts use them)."""
    rows = session.execute(select(DeviationType.code, DeviationType.name)).all()
    return {row.code: row.name for row in rows}
