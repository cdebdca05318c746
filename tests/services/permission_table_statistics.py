"""The permission table's entries for the monthly individual statistics, merged into TABLE by
permission_table.py. DOMAIN.md: statistics are for the managers (samordnare, gruppchef,
verksamhetschef), over their own units only: a row outside them is not in the result."""

from __future__ import annotations

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import MANAGERS, Checked, Exempt, _target, in_scope_for

from treserva_desktop.db.models import Execution
from treserva_desktop.db.queries import statistics as statistics_queries
from treserva_desktop.domain.commands.statistics import ExportMonthlyStatistics
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics
from treserva_desktop.services import statistics

VIEW_STATISTICS = in_scope_for(MANAGERS)


def _month_of_row(session: Session, world: RoleWorld, in_scope: bool) -> Month:
    row = session.get(Execution, _target(world, "execution", in_scope))
    assert row is not None
    return Month.of(min(row.start_date, TODAY))


def _shows(result: MonthlyStatistics, world: RoleWorld, in_scope: bool) -> bool:
    return any(row.person_id == _target(world, "person", in_scope) for row in result.rows)


STATISTICS_TABLE: dict[str, Checked | Exempt] = {
    "db.queries.statistics.monthly_statistics": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: statistics_queries.monthly_statistics(
                session, actor, _month_of_row(session, world, in_scope)
            )
        ),
        shows=_shows,
    ),
    "services.statistics.export_monthly_statistics": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: statistics.export_monthly_statistics(
                session,
                actor,
                ExportMonthlyStatistics(month=_month_of_row(session, world, in_scope).first),
            )
        ),
        shows=_shows,
    ),
}
