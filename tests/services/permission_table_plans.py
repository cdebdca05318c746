"""The permission table's entries for genomförandeplaner (services.plans, db.queries.plans),
merged into TABLE by permission_table.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import (
    _HELPER,
    PROVIDER_READ,
    PROVIDER_STAFF,
    Checked,
    Exempt,
    _target,
    in_scope_for,
)

from treserva_desktop.db.models import ImplementationPlan
from treserva_desktop.db.queries import plans as plan_queries
from treserva_desktop.domain.commands.plans import (
    EndPlan,
    EstablishPlan,
    FollowUpPlan,
    PlanActivityInput,
    PlanOutput,
    PlanRef,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import plans as plan_services

# Plans are written by whoever writes the social journal: the unit's staff and managers.
WRITE_PLAN = in_scope_for(PROVIDER_STAFF)
_SETTING = "the installation's plan deadline setting: a number, no personal data"


def _plan(session: Session, world: RoleWorld, in_scope: bool) -> ImplementationPlan:
    """An open plan for the target person at the unit where they have their rows."""
    plan = ImplementationPlan(
        person_id=_target(world, "person", in_scope),
        unit_id=world.unit_pair().of(in_scope),
        established_on=TODAY - timedelta(days=5),
        established_by_user_id=world.users["admin"],
        person_took_part=True,
        participants="Personen och kontaktmannen",
        next_follow_up_on=TODAY + timedelta(days=100),
        end_reason="",
        created_at=datetime.now(UTC),
    )
    session.add(plan)
    session.flush()
    return plan


def _on_plan(make: Any, fn: Any) -> Any:
    """A call on an open plan of the target person; `fn` None: the plan_view query."""

    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        command = make(_plan(session, world, in_scope))
        call = fn or plan_queries.plan_view
        return lambda: call(session, actor, command)

    return prepare


def _person_unit(fn: Any) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        person_id = _target(world, "person", in_scope)
        unit_id = world.unit_pair().of(in_scope)
        return lambda: fn(session, actor, person_id, unit_id)

    return prepare


def _establish(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    command = EstablishPlan(
        person_id=_target(world, "person", in_scope),
        unit_id=world.unit_pair().of(in_scope),
        established_on=TODAY,
        participants="Personen och kontaktmannen",
        person_took_part=True,
        goals=("Känna sig trygg hemma",),
        activities=(PlanActivityInput(what="Tillsyn", who="Kontaktman", when_how="Dagligen"),),
        next_follow_up_on=TODAY + timedelta(days=180),
    )
    return lambda: plan_services.establish_plan(session, actor, command)


PLAN_TABLE: dict[str, Checked | Exempt] = {
    # services.plans
    "services.plans.establish_plan": Checked(WRITE_PLAN, _establish),
    "services.plans.follow_up_plan": Checked(
        WRITE_PLAN,
        _on_plan(
            lambda plan: FollowUpPlan(
                plan_id=plan.id,
                followed_up_on=TODAY,
                comment="Uppföljd med personen",
                next_follow_up_on=TODAY + timedelta(days=180),
                expected_version=plan.version,
            ),
            plan_services.follow_up_plan,
        ),
    ),
    "services.plans.end_plan": Checked(
        WRITE_PLAN,
        _on_plan(
            lambda plan: EndPlan(
                plan_id=plan.id, ended_on=TODAY, reason="Flyttar", expected_version=plan.version
            ),
            plan_services.end_plan,
        ),
    ),
    "services.plans.record_plan_output": Checked(
        PROVIDER_READ,
        _on_plan(lambda plan: PlanOutput(plan_id=plan.id), plan_services.record_plan_output),
    ),
    "services.plans.open_plan_document": Checked(
        PROVIDER_READ,
        _on_plan(lambda plan: PlanRef(plan_id=plan.id), plan_services.open_plan_document),
    ),
    # db.queries.plans
    "db.queries.plans.establish_days": Exempt(_SETTING),
    "db.queries.plans.establish_days_short_term": Exempt(_SETTING),
    "db.queries.plans.follow_up_months": Exempt(_SETTING),
    "db.queries.plans.load_plan": Exempt(_HELPER + "person data (the ORM row, checked after)"),
    "db.queries.plans.build_plan_view": Exempt(
        _HELPER + "data of a person the caller has not already checked"
    ),
    "db.queries.plans.require_plan_access": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: plan_queries.require_plan_access(
                session,
                actor,
                _target(world, "person", in_scope),
                world.unit_pair().of(in_scope),
                plan_queries.Permission.VIEW_PERSONS,
            )
        ),
    ),
    "db.queries.plans.person_plans": Checked(
        PROVIDER_READ, _person_unit(plan_queries.person_plans)
    ),
    "db.queries.plans.open_plans": Checked(PROVIDER_READ, _person_unit(plan_queries.open_plans)),
    "db.queries.plans.plan_status": Checked(PROVIDER_READ, _person_unit(plan_queries.plan_status)),
    "db.queries.plans.plan_view": Checked(PROVIDER_READ, _on_plan(lambda plan: plan.id, None)),
}
