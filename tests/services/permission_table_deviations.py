"""The permission table's entries for avvikelser (services.deviations, db.queries.deviations,
db.queries.deviation_statistics), merged into TABLE by permission_table.py. DOMAIN.md:
"Register deviation": every role, at its own units; "Analyse and close deviation": gruppchef
and verksamhetschef of own units; statistics: the managers of own units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import (
    _HELPER,
    MANAGERS,
    PROVIDER_STAFF,
    Checked,
    Exempt,
    _target,
    in_scope_for,
)

from treserva_desktop.db.models import Deviation
from treserva_desktop.db.queries import deviation_statistics
from treserva_desktop.db.queries import deviations as deviation_queries
from treserva_desktop.domain.commands.deviations import (
    AnalyseDeviation,
    CloseDeviation,
    DecideDeviationActions,
    EscalateDeviation,
    GiveDeviationFeedback,
    RegisterDeviation,
)
from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    Escalation,
    RiskLevel,
)
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import deviations

# Registering: the roles working at the target's unit (a handläggare registers at their own
# authority unit, which is no target here; the systemadministratör registers none).
REGISTER = in_scope_for(PROVIDER_STAFF | {Role.NURSE})
HANDLE = in_scope_for({Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER})
STATISTICS = in_scope_for(MANAGERS)


def _deviation(
    session: Session, world: RoleWorld, in_scope: bool, state: DeviationState
) -> Deviation:
    """A deviation at the target unit reported by an outsider (no role user's own)."""
    moment = datetime.now(UTC) - timedelta(days=1)
    deviation = Deviation(
        unit_id=world.unit_pair().of(in_scope),
        person_id=_target(world, "person", in_scope),
        category=DeviationCategory.SOL,
        type_code="fall",
        reported_by_user_id=world.users["utomstaende"],
        reported_at=moment,
        occurred_at=moment,
        occurred_month=moment.date().replace(day=1),
        place="",
        description="Föll",
        immediate_action="",
        state=state,
        cause="Orsak" if state is not DeviationState.REGISTERED else "",
        consequence="",
        decided_actions="",
        feedback="",
        updated_at=moment,
    )
    session.add(deviation)
    session.flush()
    return deviation


def _step(state: DeviationState, make: Any, fn: Any) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        deviation = _deviation(session, world, in_scope, state)
        command = make(deviation.id, deviation.version)
        return lambda: fn(session, actor, command)

    return prepare


def _register(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    command = RegisterDeviation(
        unit_id=world.unit_pair().of(in_scope),
        person_id=_target(world, "person", in_scope),
        category=DeviationCategory.SOL,
        type_code="fall",
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        description="Föll i hallen.",
    )
    return lambda: deviations.register_deviation(session, actor, command)


def _read(fn: Any) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        deviation = _deviation(session, world, in_scope, DeviationState.REGISTERED)
        return lambda: fn(session, actor, deviation.id)

    return prepare


def _folder(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    _deviation(session, world, in_scope, DeviationState.REGISTERED)
    return lambda: deviation_queries.deviation_folder(session, actor)


DEVIATION_TABLE: dict[str, Checked | Exempt] = {
    "services.deviations.register_deviation": Checked(REGISTER, _register),
    "services.deviations.analyse_deviation": Checked(
        HANDLE,
        _step(
            DeviationState.REGISTERED,
            lambda deviation_id, version: AnalyseDeviation(
                deviation_id=deviation_id,
                expected_version=version,
                cause="Orsak",
                consequence="Konsekvens",
                risk=RiskLevel.LOW,
            ),
            deviations.analyse_deviation,
        ),
    ),
    "services.deviations.decide_actions": Checked(
        HANDLE,
        _step(
            DeviationState.UNDER_ANALYSIS,
            lambda deviation_id, version: DecideDeviationActions(
                deviation_id=deviation_id, expected_version=version, actions="Åtgärd"
            ),
            deviations.decide_actions,
        ),
    ),
    "services.deviations.give_feedback": Checked(
        HANDLE,
        _step(
            DeviationState.ACTIONS_DECIDED,
            lambda deviation_id, version: GiveDeviationFeedback(
                deviation_id=deviation_id, expected_version=version, feedback="Tack"
            ),
            deviations.give_feedback,
        ),
    ),
    "services.deviations.escalate_deviation": Checked(
        HANDLE,
        _step(
            DeviationState.UNDER_ANALYSIS,
            lambda deviation_id, version: EscalateDeviation(
                deviation_id=deviation_id,
                expected_version=version,
                escalation=Escalation.LEX_SARAH,
                investigation_started_on=TODAY,
            ),
            deviations.escalate_deviation,
        ),
    ),
    "services.deviations.close_deviation": Checked(
        HANDLE,
        _step(
            DeviationState.FEEDBACK_GIVEN,
            lambda deviation_id, version: CloseDeviation(
                deviation_id=deviation_id, expected_version=version
            ),
            deviations.close_deviation,
        ),
    ),
    "db.queries.deviations.deviation_types": Exempt(
        "the code list of deviation types: no personal data, the same for every user"
    ),
    "db.queries.deviations.registration_units": Exempt(
        "the names of the actor's own units (from the actor's grants): no personal data"
    ),
    "db.queries.deviations.open_deviation_count": Exempt(
        "a number: the open deviations at the actor's own units and of the actor's own "
        "reports, counted by the same filters as deviation_folder"
    ),
    "db.queries.deviations.may_handle": Exempt(
        "a pure test of the actor's permission at a deviation's unit"
    ),
    "db.queries.deviations.deviation_folder": Checked(
        HANDLE, _folder, shows=lambda items, _world, _in_scope: bool(items)
    ),
    "db.queries.deviations.require_deviation_access": Checked(
        HANDLE, _read(deviation_queries.require_deviation_access)
    ),
    "db.queries.deviations.deviation_detail": Checked(
        HANDLE, _read(deviation_queries.deviation_detail)
    ),
    "db.queries.deviation_statistics.deviation_counts": Exempt(
        _HELPER + "names: counts for the unit ids its caller has checked are in scope"
    ),
    "db.queries.deviation_statistics.deviation_type_names": Exempt(
        "the deviation types' names by code: a code list, nothing about a person or a unit"
    ),
    "db.queries.deviation_statistics.statistics_units": Exempt(
        "the names of the actor's own units with statistics (from the actor's grants)"
    ),
    "db.queries.deviation_statistics.deviation_table": Checked(
        STATISTICS,
        lambda session, world, actor, in_scope: (
            lambda: deviation_statistics.deviation_table(
                session, actor, world.unit_pair().of(in_scope), "fall", TODAY, TODAY
            )
        ),
    ),
}
