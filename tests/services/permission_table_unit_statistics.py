"""The permission table's entries for Uppföljning › Statistik, merged into TABLE by
permission_table.py. DOMAIN.md: statistics are for the managers (samordnare, gruppchef,
verksamhetschef), over their own units only: a unit outside them is refused."""

from __future__ import annotations

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import MANAGERS, Checked, Exempt, _target, in_scope_for

from treserva_desktop.db.models import Execution
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.services import unit_statistics

VIEW_STATISTICS = in_scope_for(MANAGERS)
_FIGURES = (
    "counts per unit for unit ids that services.unit_statistics.unit_statistics has checked "
    "against the actor's scope; no person"
)


def _command(session: Session, world: RoleWorld, in_scope: bool) -> ShowUnitStatistics:
    row = session.get(Execution, _target(world, "execution", in_scope))
    assert row is not None
    month = min(row.start_date, TODAY).replace(day=1)
    return ShowUnitStatistics(unit_id=row.unit_id, first_month=month, last_month=TODAY)


UNIT_STATISTICS_TABLE: dict[str, Checked | Exempt] = {
    "services.unit_statistics.unit_statistics": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: unit_statistics.unit_statistics(
                session, actor, _command(session, world, in_scope)
            )
        ),
    ),
    "db.queries.unit_statistics.statistics_unit_tree": Exempt(
        "the organisation tree, marking the units where the actor may see statistics: no "
        "person data"
    ),
    "db.queries.unit_statistics.intervention_figures": Exempt(_FIGURES),
    "db.queries.unit_statistics.short_term_figures": Exempt(_FIGURES),
    "db.queries.statistics.executed_rows_in_month": Exempt(
        "builds the subquery of executed rows the two statistics queries share; reads nothing"
    ),
    "db.queries.unit_rows.unit_rows_in_period": Exempt(
        "builds the subquery of a period's rows at units its callers have checked; reads nothing"
    ),
    "db.queries.statistics.executed_row": Exempt(
        "builds the condition of an executed row for the statistics' queries; reads nothing"
    ),
    "db.queries.statistics.revoked_but_carried_out": Exempt(
        "builds the condition of a row revoked after it ran (statistics, Ej verkställda "
        "beslut); reads nothing"
    ),
}
