"""Uppföljning › Statistik: the statistics per unit and month of one unit (with its
sub-units), checked against the actor's scope unit by unit, as sections for the window and the
exports.

No audit event is written: the result holds counts per unit, month and type, never a person
or anything read from one person's record (the monthly individual export, which writes
identity numbers, records every person it writes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.queries.deviation_statistics import (
    deviation_counts,
    deviation_type_names,
)
from treserva_desktop.db.queries.organisation import Unit, all_units
from treserva_desktop.db.queries.unit_statistics import intervention_figures, short_term_figures
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.errors import NotFound, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.unit_statistics_rules import (
    deviation_section,
    intervention_section,
    months_of,
    short_term_section,
)
from treserva_desktop.domain.views.unit_statistics import (
    InterventionMonth,
    ShortTermFigures,
    UnitStatistics,
)

UNKNOWN_UNIT = "Enheten finns inte. Välj en enhet i organisationsträdet."


def _wrong_area(area: BusinessArea) -> str:
    return f"Enheten hör inte till verksamheten {area.label}. Välj en enhet inom verksamheten."


@changes()
def unit_statistics(
    session: Session,
    actor: Actor,
    command: ShowUnitStatistics,
    *,
    step: Callable[[], None] | None = None,
) -> UnitStatistics:
    """Insatser, Korttidsplatser and Avvikelser per month for the chosen unit and, with Inklusive
    underenheter, every unit below it within the actor's scope and the Verksamhet. `step` is
    called before each month (the background operation's Avbryt check)."""
    require(actor, Permission.VIEW_STATISTICS)
    units = all_units(session)
    unit = units.get(command.unit_id)
    if unit is None:
        raise NotFound(UNKNOWN_UNIT)
    require(actor, Permission.VIEW_STATISTICS, unit.id)
    area = command.business_area
    if area is not None and unit.business_area not in (area, None):
        raise ValidationError(_wrong_area(area))
    months = months_of(command.first_month, command.last_month, clock_of(session).today())
    included = _included_units(actor, units, unit, area, command.include_sub_units)
    interventions: list[InterventionMonth] = []
    short_term: list[ShortTermFigures] = []
    for month in months:
        if step is not None:
            step()
        interventions.append(intervention_figures(session, included, month))
        short_term += short_term_figures(session, included, month)
    deviations = deviation_counts(session, included, months[0].first, months[-1].first)
    return UnitStatistics(
        business_area=area,
        unit_id=unit.id,
        unit_name=unit.name,
        include_sub_units=command.include_sub_units,
        first_month=months[0].first,
        last_month=months[-1].first,
        unit_count=len(included),
        sections=(
            intervention_section(interventions, months),
            short_term_section(short_term, months),
            deviation_section(
                deviations,
                {unit_id: units[unit_id].name for unit_id in included},
                deviation_type_names(session),
                months,
            ),
        ),
    )


def _included_units(
    actor: Actor,
    units: Mapping[int, Unit],
    unit: Unit,
    area: BusinessArea | None,
    sub_units: bool,
) -> list[int]:
    """The chosen unit and (with sub-units) everything below it, kept only where the actor
    may see statistics and, with a Verksamhet, only the units of that business area."""
    chosen = [unit.id]
    if sub_units:
        children: dict[int, list[int]] = defaultdict(list)
        for other in units.values():
            if other.parent_id is not None:
                children[other.parent_id].append(other.id)
        stack = [unit.id]
        while stack:
            below = children.get(stack.pop(), [])
            chosen += below
            stack += below
    allowed = actor.units_with(Permission.VIEW_STATISTICS)
    return sorted(
        unit_id
        for unit_id in chosen
        if unit_id in allowed and (area is None or units[unit_id].business_area is area)
    )
