"""Genomförandeplaner: establish, follow up, end, and the audited open and print.

Who writes plans: the unit's care staff and its managers, the same people who write the
social journal (Permission.WRITE_JOURNAL): a plan is part of the social documentation made
with the person, and DOMAIN.md gives that right to exactly those roles at their own units.
Reading follows the person record (VIEW_PERSONS at the unit, while the person is engaged).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
)
from treserva_desktop.db.queries.plans import (
    build_plan_view,
    load_plan,
    require_plan_access,
)
from treserva_desktop.domain import plan_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.plans import (
    EndPlan,
    EstablishPlan,
    FollowUpPlan,
    PlanOutput,
    PlanRef,
)
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import Conflict, ValidationError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.plans import PlanResult, PlanView
from treserva_desktop.services._common import now

ENTITY = "implementation_plan"
ALREADY_OPEN = (
    "Personen har redan en aktuell genomförandeplan vid enheten (upprättad {day}). Följ upp "
    "den, eller avsluta den innan en ny upprättas."
)
STALE = "Genomförandeplanen har ändrats av någon annan. Stäng och öppna den igen."


def _touched(_command: object, result: PlanResult) -> Touched:
    """The person's Dokument GF; no unit lists plans."""
    return Touched(units=(), persons={result.person_id}, assignments=(), messages=())


def _result(plan: ImplementationPlan) -> PlanResult:
    return PlanResult(plan_id=plan.id, person_id=plan.person_id, unit_id=plan.unit_id)


def _writable(session: Session, actor: Actor, plan_id: int, version: int) -> ImplementationPlan:
    plan = load_plan(session, plan_id)
    require_plan_access(session, actor, plan.person_id, plan.unit_id, Permission.WRITE_JOURNAL)
    if plan.version != version:
        raise Conflict(STALE)
    return plan


def _last_follow_up_on(session: Session, plan_id: int) -> date | None:
    return session.scalar(
        select(ImplementationPlanFollowUp.followed_up_on)
        .where(ImplementationPlanFollowUp.plan_id == plan_id)
        .order_by(ImplementationPlanFollowUp.followed_up_on.desc())
        .limit(1)
    )


@changes(ChangeKind.PLANS, touches=_touched)
def establish_plan(session: Session, actor: Actor, command: EstablishPlan) -> PlanResult:
    """Ny genomförandeplan: at most one open plan per person and unit."""
    require_plan_access(
        session, actor, command.person_id, command.unit_id, Permission.WRITE_JOURNAL
    )
    plan_rules.check_establish(
        established_on=command.established_on,
        today=clock_of(session).today(),
        participants=command.participants,
        goals=command.goals,
        activities=command.activities,
        next_follow_up_on=command.next_follow_up_on,
    )
    open_since = session.scalar(
        select(ImplementationPlan.established_on)
        .where(
            ImplementationPlan.person_id == command.person_id,
            ImplementationPlan.unit_id == command.unit_id,
            ImplementationPlan.ended_on.is_(None),
        )
        .limit(1)
    )
    if open_since is not None:
        raise ValidationError(ALREADY_OPEN.format(day=f"{open_since:%Y-%m-%d}"))
    plan = ImplementationPlan(
        person_id=command.person_id,
        unit_id=command.unit_id,
        established_on=command.established_on,
        established_by_user_id=actor.user_id,
        person_took_part=command.person_took_part,
        participants=command.participants,
        next_follow_up_on=command.next_follow_up_on,
        end_reason="",
        created_at=now(session),
    )
    session.add(plan)
    session.flush()
    session.add_all(
        ImplementationPlanGoal(plan_id=plan.id, position=position, text=goal)
        for position, goal in enumerate(goal for goal in command.goals if goal)
    )
    session.add_all(
        ImplementationPlanActivity(
            plan_id=plan.id,
            position=position,
            what=activity.what,
            who=activity.who,
            when_how=activity.when_how,
        )
        for position, activity in enumerate(command.activities)
    )
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        ENTITY,
        plan.id,
        person_id=plan.person_id,
        unit_id=plan.unit_id,
    )
    return _result(plan)


@changes(ChangeKind.PLANS, touches=_touched)
def follow_up_plan(session: Session, actor: Actor, command: FollowUpPlan) -> PlanResult:
    """Följ upp: appends the follow-up and moves the plan's next follow-up day."""
    plan = _writable(session, actor, command.plan_id, command.expected_version)
    plan_rules.check_follow_up(
        established_on=plan.established_on,
        last_follow_up_on=_last_follow_up_on(session, plan.id),
        ended_on=plan.ended_on,
        followed_up_on=command.followed_up_on,
        today=clock_of(session).today(),
        comment=command.comment,
        next_follow_up_on=command.next_follow_up_on,
    )
    session.add(
        ImplementationPlanFollowUp(
            plan_id=plan.id,
            followed_up_on=command.followed_up_on,
            by_user_id=actor.user_id,
            comment=command.comment,
            next_follow_up_on=command.next_follow_up_on,
            created_at=now(session),
        )
    )
    plan.next_follow_up_on = command.next_follow_up_on
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY,
        plan.id,
        person_id=plan.person_id,
        unit_id=plan.unit_id,
        details={"change": "follow_up"},
    )
    return _result(plan)


@changes(ChangeKind.PLANS, touches=_touched)
def end_plan(session: Session, actor: Actor, command: EndPlan) -> PlanResult:
    """Avsluta genomförandeplan: the stop date, on or after the plan's latest date."""
    plan = _writable(session, actor, command.plan_id, command.expected_version)
    plan_rules.check_end(
        established_on=plan.established_on,
        last_follow_up_on=_last_follow_up_on(session, plan.id),
        ended_on=plan.ended_on,
        stop_date=command.ended_on,
        reason=command.reason,
    )
    plan.ended_on = command.ended_on
    plan.ended_by_user_id = actor.user_id
    plan.end_reason = command.reason
    plan.next_follow_up_on = None
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY,
        plan.id,
        person_id=plan.person_id,
        unit_id=plan.unit_id,
        details={"change": "end"},
    )
    return _result(plan)


@changes()
def record_plan_output(session: Session, actor: Actor, command: PlanOutput) -> int:
    """Skriv ut / Spara som on the plan document: audited as a print or an export."""
    plan = load_plan(session, command.plan_id)
    require_plan_access(session, actor, plan.person_id, plan.unit_id, Permission.VIEW_PERSONS)
    audit.record(
        session,
        actor,
        AuditAction.EXPORT if command.saved_to_file else AuditAction.PRINT,
        ENTITY,
        plan.id,
        person_id=plan.person_id,
        unit_id=plan.unit_id,
    )
    return plan.id


@changes()
def open_plan_document(session: Session, actor: Actor, command: PlanRef) -> PlanView:
    """Skriv ut on a plan: the audited read of what the document shows."""
    plan = load_plan(session, command.plan_id)
    require_plan_access(session, actor, plan.person_id, plan.unit_id, Permission.VIEW_PERSONS)
    audit.record(
        session,
        actor,
        AuditAction.READ_JOURNAL,
        ENTITY,
        plan.id,
        person_id=plan.person_id,
        unit_id=plan.unit_id,
        details={"view": "document"},
    )
    return build_plan_view(session, plan)
