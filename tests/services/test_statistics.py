"""Monthly individual statistics: month boundaries, continued rows, revoked rows, hours per
month, short-term stays, scope and the audited export, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import TODAY, World, build_world
from tests.helpers.housing_world import SHORT_TERM, add_housing, object_id

from treserva_desktop.clock import SYSTEM_CLOCK, FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Execution, HousingContract
from treserva_desktop.db.queries.statistics import monthly_statistics
from treserva_desktop.domain.commands.authority import InterventionInput
from treserva_desktop.domain.commands.statistics import ExportMonthlyStatistics
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.housing_rules import ContractKind
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics, StatisticsRow
from treserva_desktop.services.statistics import export_monthly_statistics

MONTH = Month.of(TODAY).previous
BEFORE = MONTH.first - timedelta(days=40)
AFTER = MONTH.last + timedelta(days=40)


def add_row(
    world: World,
    start: date,
    end: date | None,
    *,
    person_id: int | None = None,
    unit: str = "Norr grupp 1",
    type_code: str = "personal_care",
    status: ExecutionStatus = ExecutionStatus.ACKNOWLEDGED,
    minutes: int | None = 1200,
    per: TimePer | None = TimePer.MONTH,
    same_as: int | None = None,
) -> int:
    """An executed row with any dates (the distribution's own date rules are not the point
    here); `same_as` continues the intervention of that row. Returns the row's id."""
    with world.db.transaction() as session:
        if same_as is not None:
            previous = session.get(Execution, same_as)
            assert previous is not None
            assignment_id, intervention_id, person = (
                previous.assignment_id,
                previous.intervention_id,
                previous.person_id,
            )
        else:
            assignment_id = intervention_id = person = 0
    if same_as is None:
        hours = (Decimal(20), TimePer.MONTH) if type_code == "personal_care" else (None, None)
        interventions = (InterventionInput(type_code=type_code, hours=hours[0], per=hours[1]),)
        sent = world.send(interventions=interventions)
        assignment_id, intervention_id, person = (
            sent.assignment_id,
            sent.intervention_ids[0],
            sent.person_id,
        )
    with world.db.transaction() as session:
        row = Execution(
            assignment_id=assignment_id,
            intervention_id=intervention_id,
            person_id=person_id or person,
            unit_id=world.units[unit],
            start_date=start,
            end_date=end,
            minutes=minutes,
            per=per,
            status=status,
            created_at=SYSTEM_CLOCK.now(),
        )
        session.add(row)
        session.flush()
        return row.id


def person_of(world: World, row_id: int) -> int:
    with world.db.read() as session:
        row = session.get(Execution, row_id)
        assert row is not None
        return row.person_id


def stats(world: World, actor: str = "chef", month: Month = MONTH) -> MonthlyStatistics:
    with world.db.read() as session:
        return monthly_statistics(session, world.actor(actor), month)


def by_person(result: MonthlyStatistics) -> dict[int, StatisticsRow]:
    return {row.person_id: row for row in result.rows}


def test_month_boundaries(any_db: Database) -> None:
    world = build_world(any_db)
    on_first = add_row(world, MONTH.first, None)
    on_last = add_row(world, BEFORE, MONTH.last)
    spans = add_row(world, BEFORE, AFTER)
    month_before = add_row(world, BEFORE, MONTH.first - timedelta(days=1))
    within = add_row(world, MONTH.first + timedelta(days=3), MONTH.first + timedelta(days=9))
    after = add_row(world, MONTH.last + timedelta(days=1), None)
    rows = by_person(stats(world))
    assert person_of(world, month_before) not in rows
    assert person_of(world, after) not in rows
    first = rows[person_of(world, on_first)]
    assert (first.started, first.running_on_last_day, first.ended) == (True, True, False)
    last = rows[person_of(world, on_last)]
    assert (last.started, last.running_on_last_day, last.ended) == (False, True, True)
    span = rows[person_of(world, spans)]
    assert (span.started, span.running_on_last_day, span.ended) == (False, True, False)
    inside = rows[person_of(world, within)]
    assert (inside.started, inside.running_on_last_day, inside.ended) == (True, False, True)
    assert first.provider_form == "Egen regi"
    summary = {line.type_code: line for line in stats(world).summary}
    care = summary["personal_care"]
    assert (care.running, care.started, care.ended, care.persons) == (3, 2, 2, 4)


def test_a_continued_row_is_one_intervention_and_revoked_rows_do_not_count(
    any_db: Database,
) -> None:
    world = build_world(any_db)
    old = add_row(world, BEFORE, MONTH.first - timedelta(days=1), minutes=1200)
    new = add_row(world, MONTH.first, None, same_as=old, minutes=600, per=TimePer.WEEK)
    revoked = add_row(world, MONTH.first, None, status=ExecutionStatus.REVOKED)
    planned = add_row(world, MONTH.first, None, status=ExecutionStatus.UNDER_DISTRIBUTION)
    rows = stats(world).rows
    assert [row.person_id for row in rows] == [person_of(world, new)]
    (row,) = rows
    assert (row.start, row.end, row.started, row.running_on_last_day) == (
        BEFORE,
        None,
        False,
        True,
    )
    # 10 h a week × 52 / 12.
    assert str(row.hours_per_month) == "43.3"
    assert person_of(world, revoked) not in by_person(stats(world))
    assert person_of(world, planned) not in by_person(stats(world))


def test_a_change_of_time_in_the_month_continues_the_intervention(any_db: Database) -> None:
    """Återkalla on the 10th revokes the row from the 11th and continues it in a new row:
    the revoked row ran until the 10th, so the intervention started before the month and
    neither ended nor started again in it."""
    world = build_world(any_db)
    day_before = MONTH.first + timedelta(days=9)
    revoked = add_row(world, BEFORE, day_before, status=ExecutionStatus.REVOKED)
    add_row(world, day_before + timedelta(days=1), None, same_as=revoked, minutes=600)
    (row,) = [row for row in stats(world).rows if row.person_id == person_of(world, revoked)]
    assert (row.start, row.end, row.started, row.ended, row.running_on_last_day) == (
        BEFORE,
        None,
        False,
        False,
        True,
    )


def test_short_term_stays_come_from_contracts_or_the_row(any_db: Database) -> None:
    world = add_housing(build_world(any_db))
    with_contract = add_row(
        world, BEFORE, AFTER, unit=SHORT_TERM, type_code="short_term_stay", minutes=None, per=None
    )
    without = add_row(
        world,
        MONTH.first + timedelta(days=2),
        MONTH.first + timedelta(days=12),
        unit=SHORT_TERM,
        type_code="short_term_stay",
        minutes=None,
        per=None,
    )
    stay_start, stay_end = MONTH.first + timedelta(days=4), MONTH.first + timedelta(days=10)
    with world.db.transaction() as session:
        session.add(
            HousingContract(
                person_id=person_of(world, with_contract),
                object_id=object_id(world, "Plats 1"),
                kind=ContractKind.SHORT_TERM,
                start_date=stay_start,
                notice_on=stay_end,
                move_out_on=stay_end,
                created_by_user_id=world.users["chef"],
                created_at=SYSTEM_CLOCK.now(),
            )
        )
    rows = by_person(stats(world))
    contract = rows[person_of(world, with_contract)]
    assert [(s.start, s.end, s.from_contract) for s in contract.stays] == [
        (stay_start, stay_end, True)
    ]
    assert contract.hours_per_month is None
    own = rows[person_of(world, without)]
    assert [(s.start, s.end, s.from_contract) for s in own.stays] == [(own.start, own.end, False)]


def test_scope_role_and_future_month(any_db: Database) -> None:
    world = build_world(any_db)
    norr = add_row(world, BEFORE, None)
    soder = add_row(world, BEFORE, None, unit="Hemtjänst Söder")
    assert {r.person_id for r in stats(world, "gruppchef").rows} == {person_of(world, norr)}
    assert {r.person_id for r in stats(world, "soder").rows} == {person_of(world, soder)}
    assert len(stats(world, "chef").rows) == 2
    assert stats(world, "personal").rows == ()  # care staff have no statistics
    with pytest.raises(ValidationError, match="inte har börjat"):
        stats(world, month=Month.of(MONTH.last + timedelta(days=70)))
    stats(world, month=Month.of(TODAY))  # the current month so far is allowed


def test_export_is_audited_per_person_with_ids_only(any_db: Database) -> None:
    world = build_world(any_db)
    first = add_row(world, BEFORE, None)
    add_row(world, MONTH.first, None, same_as=first)
    second = add_row(world, BEFORE, MONTH.last)
    with world.db.transaction() as session:
        result = export_monthly_statistics(
            session, world.actor("chef"), ExportMonthlyStatistics(month=MONTH.first)
        )
    assert len(result.rows) == 2
    with world.db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert sorted(e.person_id or 0 for e in events) == sorted(
        [person_of(world, first), person_of(world, second)]
    )
    assert all(e.details == {"view": "individual_statistics"} for e in events)
    assert all(e.unit_id == world.units["Norr grupp 1"] for e in events)


def test_a_leap_february_on_a_pinned_clock(any_db: Database) -> None:
    """The clock pinned to 2028-03-01: February 2028 ends on the 29th; March (the current
    month) may be reported so far, April may not."""
    url = any_db.engine.url.render_as_string(hide_password=False)
    pinned = Database(url, clock=FixedClock(date(2028, 3, 1)))
    try:
        world = build_world(pinned)
        february = Month(date(2028, 2, 1))
        assert february.last == date(2028, 2, 29)
        ends_on_29th = add_row(world, date(2027, 6, 1), date(2028, 2, 29))
        starts_on_29th = add_row(world, date(2028, 2, 29), None)
        ended_in_january = add_row(world, date(2027, 6, 1), date(2028, 1, 31))
        rows = by_person(stats(world, month=february))
        assert person_of(world, ended_in_january) not in rows
        last = rows[person_of(world, ends_on_29th)]
        assert (last.started, last.running_on_last_day, last.ended) == (False, True, True)
        first = rows[person_of(world, starts_on_29th)]
        assert (first.started, first.running_on_last_day, first.ended) == (True, True, False)
        assert len(stats(world, month=Month(date(2028, 3, 1))).rows) == 1
        with pytest.raises(ValidationError, match="inte har börjat"):
            stats(world, month=Month(date(2028, 4, 1)))
    finally:
        pinned.dispose()
