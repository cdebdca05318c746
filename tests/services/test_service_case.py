"""Boservice cases (förenklad handläggning): opened by the provider, the decision period end,
and Avsluta ärendet with its guards (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import TODAY, World, build_world, counts

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, Case, Decision, Execution
from treserva_desktop.db.queries.new_assignments import new_assignments
from treserva_desktop.db.queries.service_case import (
    person_service_cases,
    service_case_summary,
)
from treserva_desktop.db.queries.tree import unit_persons
from treserva_desktop.domain import service_case_rules
from treserva_desktop.domain.commands.service_case import (
    CloseServiceCase,
    OpenServiceCase,
    ServiceItem,
    SetServiceDecisionEnd,
)
from treserva_desktop.domain.enums import AssignmentStatus, CaseKind, ExecutionStatus, TimePer
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.views.service_case import OpenedServiceCase
from treserva_desktop.services.service_case import (
    close_service_case,
    open_service_case,
    set_service_decision_end,
)

START = TODAY - timedelta(days=3)


def _person(world: World, *, personal_care: bool = False) -> int:
    """A person with a running row at Norr grupp 1: personal care, or a safety alarm only."""
    sent = world.send_billable()
    world.distribute(sent, type_code="personal_care" if personal_care else "safety_alarm")
    return sent.person_id


def _open(world: World, person_id: int, **overrides: object) -> OpenedServiceCase:
    values: dict[str, object] = {
        "person_id": person_id,
        "unit_id": world.units["Norr grupp 1"],
        "items": (
            ServiceItem(type_code="cleaning", hours=Decimal(2), per=TimePer.MONTH),
            ServiceItem(type_code="laundry"),
        ),
        "start_date": START,
    }
    values.update(overrides)
    with world.db.transaction() as session:
        return open_service_case(session, world.actor("gruppchef"), OpenServiceCase(**values))  # type: ignore[arg-type]


def _version(world: World, case_id: int) -> int:
    with world.db.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.version


def _close(world: World, case_id: int, user: str = "gruppchef", **overrides: object) -> object:
    values: dict[str, object] = {
        "case_id": case_id,
        "closed_on": TODAY,
        "reason_code": "moved",
        "expected_version": _version(world, case_id),
    }
    values.update(overrides)
    with world.db.transaction() as session:
        return close_service_case(session, world.actor(user), CloseServiceCase(**values))  # type: ignore[arg-type]


def test_open_makes_a_case_rows_at_the_unit_and_nothing_in_nya_uppdrag(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _person(world)
    opened = _open(world, person_id)
    with any_db.transaction() as session:
        case = session.get(Case, opened.case_id)
        assert case is not None
        assert case.kind is CaseKind.SERVICE
        assert case.authority_unit_id is None
        decision = session.scalars(select(Decision).where(Decision.case_id == case.id)).one()
        assert (decision.period_start, decision.period_end) == (START, None)
        assert decision.decided_by_user_id == world.users["gruppchef"]
        assignment = session.get(Assignment, opened.assignment_id)
        assert assignment is not None
        assert assignment.awaiting_distribution is False
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == opened.assignment_id)
        ).all()
        assert {row.status for row in rows} == {ExecutionStatus.SENT_TO_EXECUTION}
        assert sorted((row.minutes, row.end_date) for row in rows if row.minutes) == [(120, None)]
        assert len(rows) == 2
        waiting = new_assignments(session, world.actor("gruppchef"))
        listed = {item.id for entry in waiting for item in entry.assignments}
        assert opened.assignment_id not in listed
        persons = unit_persons(session, world.actor("gruppchef"), world.units["Norr grupp 1"])
        assert person_id in {item.id for item in persons}
        cases = person_service_cases(session, world.actor("gruppchef"), person_id)
        assert [view.id for view in cases] == [opened.case_id]
        assert {row.type_name for row in cases[0].rows} == {"Städning", "Tvätt"}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((), service_case_rules.CHOOSE_SERVICE),
        ((ServiceItem(type_code="personal_care"),), "ingen boserviceinsats"),
        ((ServiceItem(type_code="cleaning"), ServiceItem(type_code="cleaning")), "två gånger"),
    ],
)
def test_open_refuses_wrong_interventions(
    sqlite_db: Database, items: tuple[ServiceItem, ...], message: str
) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    before = counts(sqlite_db)
    with pytest.raises(ValidationError, match=message) as caught:
        _open(world, person_id, items=items)
    assert caught.value.field == "items"
    assert counts(sqlite_db) == before


def test_open_refuses_a_second_case_of_the_same_service(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    _open(world, person_id)
    with pytest.raises(ValidationError, match="redan Städning"):
        _open(world, person_id, items=(ServiceItem(type_code="cleaning"),))


def test_open_is_refused_outside_the_units(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id = _person(world)
    with pytest.raises(PermissionDenied):
        _open(world, person_id, unit_id=world.units["Hemtjänst Söder"])


def test_period_end_and_close(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _person(world)
    opened = _open(world, person_id)
    end = TODAY + timedelta(days=10)
    with pytest.raises(ValidationError) as early, any_db.transaction() as session:
        set_service_decision_end(
            session,
            world.actor("gruppchef"),
            SetServiceDecisionEnd(
                case_id=opened.case_id,
                period_end=START - timedelta(days=1),
                expected_version=_version(world, opened.case_id),
            ),
        )
    assert early.value.field == "period_end"
    with any_db.transaction() as session:
        set_service_decision_end(
            session,
            world.actor("gruppchef"),
            SetServiceDecisionEnd(
                case_id=opened.case_id,
                period_end=end,
                expected_version=_version(world, opened.case_id),
            ),
        )
    with pytest.raises(ValidationError) as late:
        _close(world, opened.case_id, closed_on=end + timedelta(days=1))
    assert late.value.field == "closed_on"
    with pytest.raises(ValidationError) as before_start:
        _close(world, opened.case_id, closed_on=START - timedelta(days=1))
    assert before_start.value.field == "closed_on"
    with pytest.raises(ValidationError) as no_reason:
        _close(world, opened.case_id, reason_code="nonsense")
    assert no_reason.value.field == "reason_code"
    with pytest.raises(Conflict):
        _close(world, opened.case_id, expected_version=_version(world, opened.case_id) - 1)

    with any_db.transaction() as session:
        summary = service_case_summary(session, world.actor("gruppchef"), opened.case_id, TODAY)
    assert [row.new_end for row in summary.rows] == [TODAY, TODAY]
    assert summary.personal_care_ongoing is False

    _close(world, opened.case_id)
    with any_db.read() as session:
        case = session.get(Case, opened.case_id)
        assert case is not None
        assert (case.closed_on, case.close_reason) == (TODAY, "moved")
        decision = session.scalars(select(Decision).where(Decision.case_id == case.id)).one()
        assert decision.period_end == TODAY
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == opened.assignment_id)
        ).all()
        # The rows take the matching code of the rows' own list of end reasons.
        assert {(row.end_date, row.end_reason) for row in rows} == {(TODAY, "moved_away")}
        assert all(row.ended_at is not None for row in rows)
        assignment = session.get(Assignment, opened.assignment_id)
        assert assignment is not None
        assert assignment.status is AssignmentStatus.ENDED
    with pytest.raises(Conflict, match=service_case_rules.ALREADY_CLOSED):
        _close(world, opened.case_id)


def test_close_is_refused_while_personal_care_goes_on(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _person(world, personal_care=True)
    opened = _open(world, person_id)
    before = counts(any_db)
    with pytest.raises(ValidationError, match=service_case_rules.PERSONAL_CARE_ONGOING) as caught:
        _close(world, opened.case_id)
    assert caught.value.field == "closed_on"
    assert counts(any_db) == before
    with any_db.read() as session:
        case = session.get(Case, opened.case_id)
        assert case is not None
        assert case.closed_on is None


def test_close_is_refused_outside_the_units(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    opened = _open(world, _person(world))
    with pytest.raises(PermissionDenied):
        _close(world, opened.case_id, user="soder")


def test_the_authority_is_not_offered_boservice(sqlite_db: Database) -> None:
    from treserva_desktop.db.queries.authority import intervention_types

    with sqlite_db.read() as session:
        codes = {view.code for view in intervention_types(session)}
    assert "personal_care" in codes
    assert not codes & {"cleaning", "laundry", "shopping"}


def test_the_authority_cannot_send_boservice(sqlite_db: Database) -> None:
    from treserva_desktop.domain.commands.authority import InterventionInput

    world = build_world(sqlite_db)
    cleaning = InterventionInput(type_code="cleaning", hours=Decimal(2), per=TimePer.MONTH)
    with pytest.raises(ValidationError, match="boservice") as caught:
        world.send(interventions=(cleaning,))
    assert str(caught.value.field).endswith("type_code")
