"""Genomförandeplaner in the demos: the small demo shows every status of W17 and the scale
demo gives most current persons a plan, with some overdue and some missing, every plan with
a goal and an activity, and follow-ups dated between the plan and the demo day."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.demo.conftest import TODAY

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
    User,
)
from treserva_desktop.db.queries.plan_compilation import overdue_plan_count, plan_compilation
from treserva_desktop.demo.implementation_plans import DemoPlanState, draw_plan
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.plan_compilation_rules import CompiledStatus
from treserva_desktop.services.auth import load_actor


def _user_id(session: Session, username: str) -> int:
    return session.scalars(select(User.id).where(User.username == username)).one()


def test_the_small_demo_shows_every_status(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        actor = load_actor(
            session,
            session.scalars(select(User.id).where(User.username == "verksamhetschef")).one(),
        )
        today = demo_db.clock.today()
        result = plan_compilation(
            session,
            actor,
            CompilePlans(period_start=today, period_end=today, show_ended=True),
        )
        overdue = overdue_plan_count(session, actor)
    statuses = Counter(row.status for row in result.rows)
    assert set(statuses) == set(CompiledStatus), statuses
    assert overdue == statuses[CompiledStatus.OVERDUE] > 0


def test_the_scale_demo_plans(municipal: Database) -> None:
    with municipal.read() as session:
        plans = session.scalar(select(func.count()).select_from(ImplementationPlan)) or 0
        goals = session.scalar(select(func.count()).select_from(ImplementationPlanGoal))
        activities = session.scalar(select(func.count()).select_from(ImplementationPlanActivity))
        bad_follow_ups = session.scalar(
            select(func.count())
            .select_from(ImplementationPlanFollowUp)
            .join(ImplementationPlan, ImplementationPlan.id == ImplementationPlanFollowUp.plan_id)
            .where(
                (ImplementationPlanFollowUp.followed_up_on < ImplementationPlan.established_on)
                | (ImplementationPlanFollowUp.followed_up_on > TODAY)
            )
        )
        actor = load_actor(
            session,
            session.scalars(select(User.id).where(User.username == "verksamhetschef")).one(),
        )
        overdue = overdue_plan_count(session, actor)
    assert plans > 100
    assert goals == activities == plans
    assert bad_follow_ups == 0
    assert 0 < overdue < plans


def test_a_drawn_plan_fits_its_state() -> None:
    import random

    rng = random.Random(5)
    today = date(2026, 6, 15)
    start = date(2024, 1, 10)
    for _ in range(50):
        overdue = draw_plan(rng, today, start, False, DemoPlanState.OVERDUE)
        assert overdue is not None
        assert overdue.next_follow_up_on is not None
        assert overdue.next_follow_up_on <= today
        current = draw_plan(rng, today, start, False, DemoPlanState.FOLLOWED_UP)
        assert current is not None
        assert current.next_follow_up_on is not None
        assert current.next_follow_up_on > today
        assert current.follow_ups
        assert all(start <= day <= today for day in current.follow_ups)
    assert draw_plan(rng, today, start, False, DemoPlanState.MISSING) is None
    assert (
        draw_plan(rng, today, today + timedelta(days=3), False, DemoPlanState.ESTABLISHED) is None
    )
