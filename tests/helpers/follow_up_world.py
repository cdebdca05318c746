"""Fixed data on a pinned clock for W17 (Sammanställning – Genomförandeplan), Ej verkställda
beslut and the counts on Mitt skrivbord: rows, plans and decisions inserted with exact dates
(the services' own date rules are not the point), on the organisation of assignment_world."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from tests.helpers.assignment_world import World, build_world

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Execution,
    ImplementationPlan,
    ImplementationPlanFollowUp,
)
from treserva_desktop.domain.commands.authority import DecisionInput, InterventionInput
from treserva_desktop.domain.enums import ExecutionStatus, TimePer

# A Monday; every expected answer in the tests is counted by hand from this day.
PINNED = date(2026, 6, 15)
CREATED = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def pinned_world(any_db: Database, day: date = PINNED) -> World:
    """The assignment world on a second Database over the same URL, its clock pinned."""
    url = any_db.engine.url.render_as_string(hide_password=False)
    return build_world(Database(url, clock=FixedClock(day)))


def send(
    world: World,
    *,
    decided_on: date,
    type_code: str = "personal_care",
    receiver: str = "Hemtjänst Norr",
    last_name: str = "Testsson",
) -> tuple[int, int, int]:
    """A decision of `decided_on` sent to `receiver`: (assignment, intervention, person)."""
    hours = (Decimal(20), TimePer.MONTH) if type_code == "personal_care" else (None, None)
    sent = world.send(
        decision=DecisionInput(decided_on=decided_on, period_start=decided_on, period_end=None),
        interventions=(InterventionInput(type_code=type_code, hours=hours[0], per=hours[1]),),
        receiver_unit_id=world.units[receiver],
        person=world.new_assignment().person.model_copy(update={"last_name": last_name}),
    )
    return sent.assignment_id, sent.intervention_ids[0], sent.person_id


def add_row(
    world: World,
    start: date,
    end: date | None = None,
    *,
    unit: str = "Norr grupp 1",
    type_code: str = "personal_care",
    status: ExecutionStatus = ExecutionStatus.ACKNOWLEDGED,
    last_name: str = "Testsson",
    same_as: int | None = None,
) -> int:
    """A row with exactly these dates for a new person (or continuing the intervention of
    row `same_as`); returns the row's id."""
    if same_as is None:
        receiver = "Lindgården" if unit == "Lindgården" else "Hemtjänst Norr"
        if unit == "Hemtjänst Söder":
            receiver = unit
        assignment_id, intervention_id, person_id = send(
            world,
            decided_on=min(start, world.db.clock.today()),
            type_code=type_code,
            receiver=receiver,
            last_name=last_name,
        )
    else:
        with world.db.read() as session:
            previous = session.get(Execution, same_as)
            assert previous is not None
            assignment_id = previous.assignment_id
            intervention_id = previous.intervention_id
            person_id = previous.person_id
    with world.db.transaction() as session:
        row = Execution(
            assignment_id=assignment_id,
            intervention_id=intervention_id,
            person_id=person_id,
            unit_id=world.units[unit],
            start_date=start,
            end_date=end,
            minutes=None,
            per=None,
            status=status,
            created_at=CREATED,
        )
        session.add(row)
        session.flush()
        return row.id


def person_of(world: World, row_id: int) -> int:
    with world.db.read() as session:
        row = session.get(Execution, row_id)
        assert row is not None
        return row.person_id


def add_plan(
    world: World,
    row_id: int,
    established_on: date,
    next_follow_up_on: date | None,
    *,
    ended_on: date | None = None,
    follow_ups: tuple[date, ...] = (),
    by: str = "gruppchef",
) -> int:
    """A plan for the row's person at the row's unit, with follow-ups on those days."""
    with world.db.transaction() as session:
        row = session.get(Execution, row_id)
        assert row is not None
        plan = ImplementationPlan(
            person_id=row.person_id,
            unit_id=row.unit_id,
            established_on=established_on,
            established_by_user_id=world.users[by],
            person_took_part=True,
            participants="Personen och kontaktpersonen",
            next_follow_up_on=next_follow_up_on,
            ended_on=ended_on,
            ended_by_user_id=world.users[by] if ended_on else None,
            end_reason="Insatsen avslutad" if ended_on else "",
            created_at=CREATED,
        )
        session.add(plan)
        session.flush()
        for day in follow_ups:
            session.add(
                ImplementationPlanFollowUp(
                    plan_id=plan.id,
                    followed_up_on=day,
                    by_user_id=world.users[by],
                    comment="Planen följdes upp.",
                    next_follow_up_on=next_follow_up_on,
                    created_at=CREATED,
                )
            )
        return plan.id


def row_for(
    world: World,
    sent: tuple[int, int, int],
    start: date,
    end: date | None = None,
    *,
    unit: str = "Norr grupp 1",
    status: ExecutionStatus = ExecutionStatus.ACKNOWLEDGED,
    end_reason: str = "",
) -> int:
    """A row of the sent decision's intervention with exactly these dates."""
    assignment_id, intervention_id, person_id = sent
    with world.db.transaction() as session:
        row = Execution(
            assignment_id=assignment_id,
            intervention_id=intervention_id,
            person_id=person_id,
            unit_id=world.units[unit],
            start_date=start,
            end_date=end,
            minutes=None,
            per=None,
            status=status,
            end_reason=end_reason,
            created_at=CREATED,
        )
        session.add(row)
        session.flush()
        return row.id
