"""The permission table's entries for Sammanställning – Genomförandeplan, Ej verkställda
beslut and the dashboard counts (issue 14), merged into TABLE by permission_table.py. They
are for the managers (samordnare, gruppchef, verksamhetschef) over their own units only: a
unit outside them is refused; the quarter's list covers the actor's own units (no target)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import (
    MANAGERS,
    Checked,
    Exempt,
    _target,
    anywhere_for,
    in_scope_for,
)

from treserva_desktop.db.models import Execution
from treserva_desktop.db.queries import plan_compilation as plan_compilation_queries
from treserva_desktop.db.queries import unexecuted as unexecuted_queries
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.commands.unexecuted import ExportUnexecutedDecisions
from treserva_desktop.domain.unexecuted_rules import Quarter
from treserva_desktop.services import plan_compilation, unexecuted

VIEW_STATISTICS = in_scope_for(MANAGERS)
_COUNT = (
    "a number without personal data over the actor's own units, the same rule as the list "
    "it counts (tests/services/test_plan_compilation.py and test_unexecuted.py prove they "
    "agree)"
)


def _row_unit(session: Session, world: RoleWorld, in_scope: bool) -> int:
    row = session.get(Execution, _target(world, "execution", in_scope))
    assert row is not None
    return row.unit_id


def _compile_unit(session: Session, world: RoleWorld, in_scope: bool) -> CompilePlans:
    """The unit of the target's row, this month: refused outside the actor's units."""
    return CompilePlans(
        unit_id=_row_unit(session, world, in_scope),
        period_start=TODAY.replace(day=1),
        period_end=TODAY,
    )


FOLLOW_UP_TABLE: dict[str, Checked | Exempt] = {
    "db.queries.plan_compilation.plan_units": Exempt(
        "the organisation's units where the actor holds VIEW_STATISTICS: no personal data"
    ),
    "db.queries.plan_compilation.chosen_units": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: plan_compilation_queries.chosen_units(
                session, actor, _compile_unit(session, world, in_scope)
            )
        ),
    ),
    "db.queries.plan_compilation.plan_compilation": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: plan_compilation_queries.plan_compilation(
                session, actor, _compile_unit(session, world, in_scope)
            )
        ),
    ),
    "db.queries.plan_compilation.overdue_plan_count": Exempt(_COUNT),
    "db.queries.plan_compilation.overdue_open_plan_count": Exempt(_COUNT),
    "db.queries.plan_compilation.missing_plan_past_deadline_count": Exempt(_COUNT),
    "services.plan_compilation.export_plan_compilation": Checked(
        VIEW_STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: plan_compilation.export_plan_compilation(
                session, actor, _compile_unit(session, world, in_scope)
            )
        ),
    ),
    "db.queries.unexecuted.unexecuted_decisions": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in_scope: (
            lambda: unexecuted_queries.unexecuted_decisions(session, actor, Quarter.of(TODAY))
        ),
    ),
    "db.queries.unexecuted.unexecuted_count": Exempt(_COUNT),
    "services.unexecuted.export_unexecuted_decisions": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in_scope: (
            lambda: unexecuted.export_unexecuted_decisions(
                session, actor, ExportUnexecutedDecisions(quarter=TODAY)
            )
        ),
    ),
    "db.queries.short_term_places.missing_short_term_place_count": Exempt(
        "a number without personal data with the same filter as Saknar korttidsplats "
        "(_missing_place_filter; tests/demo/test_demo_plans.py proves they agree)"
    ),
}
