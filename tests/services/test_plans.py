"""Genomförandeplaner: establish, follow up and end, with their guards, scope and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from tests.helpers.assignment_world import PERIOD_START, TODAY, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AppSetting,
    AuditEvent,
    Execution,
    ImplementationPlan,
    ImplementationPlanFollowUp,
)
from treserva_desktop.db.queries import plans as plan_queries
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.plans import (
    EndPlan,
    EstablishPlan,
    FollowUpPlan,
    PlanActivityInput,
    PlanOutput,
)
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.plan_rules import PlanState, add_months
from treserva_desktop.domain.views.plans import PlanResult
from treserva_desktop.services import plans


def _person(world: World) -> int:
    sent = world.send_billable()
    world.distribute(sent)
    return sent.person_id


def establish_command(world: World, person_id: int, **overrides: object) -> EstablishPlan:
    values: dict[str, object] = {
        "person_id": person_id,
        "unit_id": world.units["Norr grupp 1"],
        "established_on": TODAY - timedelta(days=2),
        "participants": "Ingrid, dottern Eva, kontaktman Amina",
        "person_took_part": True,
        "goals": ("Klara morgonrutinen själv med stöd",),
        "activities": (
            PlanActivityInput(what="Hjälp med dusch", who="Kontaktman", when_how="Tis och fre"),
        ),
        "next_follow_up_on": add_months(TODAY - timedelta(days=2), 6),
    }
    values.update(overrides)
    return EstablishPlan(**values)  # type: ignore[arg-type]


def establish(world: World, person_id: int, actor: str = "personal", **overrides: object) -> int:
    with world.db.transaction() as session:
        result = plans.establish_plan(
            session, world.actor(actor), establish_command(world, person_id, **overrides)
        )
    return result.plan_id


def version(db: Database, plan_id: int) -> int:
    with db.read() as session:
        plan = session.get(ImplementationPlan, plan_id)
        assert plan is not None
        return plan.version


def test_establish_follow_up_and_end(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _person(world)
    unit_id = world.units["Norr grupp 1"]
    staff = world.actor("personal")
    plan_id = establish(world, person_id)
    with any_db.read() as session:
        listed = plan_queries.person_plans(session, staff, person_id, unit_id)
        assert [item.id for item in listed.items] == [plan_id]
        assert listed.status.state is PlanState.ESTABLISHED
        view = plan_queries.plan_view(session, staff, plan_id)
    assert view.goals == ("Klara morgonrutinen själv med stöd",)
    assert view.activities[0].what == "Hjälp med dusch"
    assert view.person_took_part
    assert view.established_by_name == "Amina Hassan"

    next_due = add_months(TODAY, 6)
    command = FollowUpPlan(
        plan_id=plan_id,
        followed_up_on=TODAY,
        comment="Målet delvis uppnått; duschen fungerar.",
        next_follow_up_on=next_due,
        expected_version=version(any_db, plan_id),
    )
    with any_db.transaction() as session:
        result = plans.follow_up_plan(session, world.actor("gruppchef"), command)
    assert change_set_of(plans.follow_up_plan, command, result).kinds == {ChangeKind.PLANS}
    assert change_set_of(plans.follow_up_plan, command, result).persons == {person_id}
    with any_db.read() as session:
        view = plan_queries.plan_view(session, staff, plan_id)
    assert view.next_follow_up_on == next_due
    assert [(f.followed_up_on, f.by_name) for f in view.follow_ups] == [(TODAY, "Anders Holmgren")]

    with any_db.transaction() as session:
        plans.end_plan(
            session,
            staff,
            EndPlan(
                plan_id=plan_id,
                ended_on=TODAY + timedelta(days=3),
                reason="Insatserna avslutas",
                expected_version=version(any_db, plan_id),
            ),
        )
    with any_db.read() as session:
        status = plan_queries.plan_status(session, staff, person_id, unit_id)
        assert plan_queries.open_plans(session, staff, person_id, unit_id) == []
        actions = session.execute(
            select(AuditEvent.action, AuditEvent.entity_id).where(
                AuditEvent.entity_type == "implementation_plan",
                AuditEvent.action.in_([AuditAction.CREATE, AuditAction.UPDATE]),
            )
        ).all()
    assert status.state is PlanState.ENDED
    assert status.ended_on == TODAY + timedelta(days=3)
    assert sorted(action for action, _ in actions) == sorted(
        [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.UPDATE]
    )
    assert {entity for _, entity in actions} == {plan_id}
    # An ended plan takes no follow-up.
    with pytest.raises(ValidationError) as caught, any_db.transaction() as session:
        plans.follow_up_plan(
            session,
            staff,
            command.model_copy(update={"expected_version": version(any_db, plan_id)}),
        )
    assert caught.value.field == "followed_up_on"
    assert "avslutades" in caught.value.message


def test_every_read_of_a_plan_is_audited(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    plan_id = establish(world, person_id)
    staff = world.actor("personal")
    unit_id = world.units["Norr grupp 1"]
    with sqlite_db.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        plan_queries.person_plans(session, staff, person_id, unit_id)
        plan_queries.plan_view(session, staff, plan_id)
        plan_queries.plan_status(session, staff, person_id, unit_id)
        plan_queries.open_plans(session, staff, person_id, unit_id)
    with sqlite_db.transaction() as session:
        plans.record_plan_output(session, staff, PlanOutput(plan_id=plan_id))
    with sqlite_db.read() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.person_id, AuditEvent.unit_id).where(
                AuditEvent.id > before
            )
        ).all()
    assert [e.action for e in events] == [AuditAction.READ_JOURNAL] * 4 + [AuditAction.PRINT]
    assert {(e.person_id, e.unit_id) for e in events} == {(person_id, unit_id)}


def test_a_second_open_plan_at_the_unit_is_refused(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    establish(world, person_id)
    with pytest.raises(ValidationError) as caught:
        establish(world, person_id)
    assert "redan en aktuell genomförandeplan" in caught.value.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"established_on": TODAY + timedelta(days=1)}, "established_on"),
        ({"participants": ""}, "participants"),
        ({"goals": ("", "  ")}, "goals"),
        ({"activities": ()}, "activities"),
        ({"activities": (PlanActivityInput(what="Promenad", who=""),)}, "activities"),
        ({"next_follow_up_on": TODAY - timedelta(days=2)}, "next_follow_up_on"),
    ],
)
def test_establish_guards_at_the_field(
    sqlite_db: Database, overrides: dict[str, object], field: str
) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    with pytest.raises(ValidationError) as caught:
        establish(world, person_id, **overrides)
    assert caught.value.field == field
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(ImplementationPlan)) == 0


def test_follow_up_and_end_dates(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    plan_id = establish(world, person_id)
    staff = world.actor("personal")

    def follow_up(on: date, next_on: date | None) -> PlanResult:
        with sqlite_db.transaction() as session:
            return plans.follow_up_plan(
                session,
                staff,
                FollowUpPlan(
                    plan_id=plan_id,
                    followed_up_on=on,
                    comment="Uppföljd",
                    next_follow_up_on=next_on,
                    expected_version=version(sqlite_db, plan_id),
                ),
            )

    for on, next_on, field in (
        (TODAY - timedelta(days=3), None, "followed_up_on"),  # before the plan
        (TODAY + timedelta(days=1), None, "followed_up_on"),  # in the future
        (TODAY, TODAY, "next_follow_up_on"),  # next not after this one
    ):
        with pytest.raises(ValidationError) as caught:
            follow_up(on, next_on)
        assert caught.value.field == field
    follow_up(TODAY, None)
    with pytest.raises(ValidationError) as caught, sqlite_db.transaction() as session:
        plans.end_plan(
            session,
            staff,
            EndPlan(
                plan_id=plan_id,
                ended_on=TODAY - timedelta(days=1),
                reason="Flyttar",
                expected_version=version(sqlite_db, plan_id),
            ),
        )
    assert caught.value.field == "ended_on"
    with pytest.raises(Conflict), sqlite_db.transaction() as session:
        plans.end_plan(
            session,
            staff,
            EndPlan(plan_id=plan_id, ended_on=TODAY, reason="Flyttar", expected_version=99),
        )
    with sqlite_db.read() as session:
        plan = session.get(ImplementationPlan, plan_id)
        assert plan is not None
        assert plan.ended_on is None
        assert session.scalar(select(func.count()).select_from(ImplementationPlanFollowUp)) == 1


@pytest.mark.parametrize("actor", ["personal_soder", "soder", "handlaggare"])
def test_outside_the_unit_nobody_writes_or_reads(sqlite_db: Database, actor: str) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    with pytest.raises(PermissionDenied):
        establish(world, person_id, actor=actor)
    plan_id = establish(world, person_id)
    with pytest.raises(PermissionDenied), sqlite_db.read() as session:
        plan_queries.plan_view(session, world.actor(actor), plan_id)
    with pytest.raises(PermissionDenied), sqlite_db.transaction() as session:
        plans.end_plan(
            session,
            world.actor(actor),
            EndPlan(
                plan_id=plan_id,
                ended_on=TODAY,
                reason="x",
                expected_version=version(sqlite_db, plan_id),
            ),
        )


def test_a_unit_the_person_has_no_rows_at_is_refused(sqlite_db: Database) -> None:
    """The chef reaches Norr grupp 2 too, but the person is engaged only at grupp 1."""
    world = build_world(sqlite_db)
    person_id = _person(world)
    with pytest.raises(PermissionDenied):
        establish(world, person_id, actor="chef", unit_id=world.units["Norr grupp 2"])


def test_status_missing_counts_the_deadline_from_the_start(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    staff = world.actor("personal")
    unit_id = world.units["Norr grupp 1"]
    with sqlite_db.read() as session:
        status = plan_queries.plan_status(session, staff, person_id, unit_id)
    assert status.state is PlanState.MISSING
    assert status.due_on == PERIOD_START + timedelta(days=14)
    assert not status.overdue
    with sqlite_db.transaction() as session:
        session.add(AppSetting(key=plan_queries.ESTABLISH_DAYS_KEY, value="3"))
    with sqlite_db.read() as session:
        status = plan_queries.plan_status(session, staff, person_id, unit_id)
    assert status.due_on == PERIOD_START + timedelta(days=3)
    assert status.overdue  # the rows started five days ago


def test_status_follow_up_overdue(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    start = PERIOD_START
    plan_id = establish(
        world, person_id, established_on=start, next_follow_up_on=start + timedelta(days=1)
    )
    with sqlite_db.read() as session:
        status = plan_queries.plan_status(
            session, world.actor("personal"), person_id, world.units["Norr grupp 1"]
        )
        listed = plan_queries.person_plans(
            session, world.actor("personal"), person_id, world.units["Norr grupp 1"]
        )
    assert status.state is PlanState.FOLLOW_UP_OVERDUE
    assert status.plan_id == plan_id
    assert listed.items[0].overdue_since == start + timedelta(days=1)


def test_short_term_care_has_the_short_deadline(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    sent = world.send_billable()
    world.distribute(sent)
    with sqlite_db.transaction() as session:
        row = session.scalars(select(Execution).where(Execution.person_id == sent.person_id)).one()
        row.intervention.type_code = "short_term_stay"
        row.minutes = None
        row.per = None
    with sqlite_db.read() as session:
        status = plan_queries.plan_status(
            session, world.actor("personal"), sent.person_id, world.units["Norr grupp 1"]
        )
    assert status.due_on == PERIOD_START + timedelta(days=2)
    assert status.overdue
