"""Whom an actor may see (DOMAIN.md, "Engaged"; issue 9 items 2 and 3): unit staff while the
person is engaged at their unit, needs assessors the persons of their own authority unit's
cases. Each rule in its three forms: the access check, the search and Läs uppdrag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    Case,
    Execution,
    OrgUnit,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.person_search import search_persons
from treserva_desktop.db.queries.reach import FOLLOW_UP_DAYS_KEY
from treserva_desktop.db.queries.reading import can_read_assignment
from treserva_desktop.domain.commands.authority import InterventionInput, OpenCase, RegisterDecision
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Role,
)
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.rules import DEFAULT_FOLLOW_UP_DAYS, engagement_cutoff
from treserva_desktop.services import authority

pytestmark = pytest.mark.usefixtures("any_db")

STAFF_AND_MANAGERS = ["personal", "samordnare", "gruppchef", "verksamhetschef", "sjukskoterska"]


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


def _person(db: Database, world: World, last_name: str, **fields: object) -> int:
    with db.transaction() as session:
        return add_person(session, world, first_name="Elsa", last_name=last_name, **fields)  # type: ignore[arg-type]


def _end_rows(db: Database, person_id: int, days_ago: int) -> None:
    with db.transaction() as session:
        today = clock_of(session).today()
        session.execute(
            update(Execution)
            .where(Execution.person_id == person_id)
            .values(end_date=today - timedelta(days=days_ago))
        )


def _sees(db: Database, world: World, username: str, person_id: int) -> bool:
    with db.transaction() as session:
        try:
            require_person_access(session, actor(session, world, username), person_id)
        except PermissionDenied:
            return False
        return True


def _found(db: Database, world: World, username: str, text: str) -> list[str]:
    with db.transaction() as session:
        return [r.name for r in search_persons(session, actor(session, world, username), text)]


def _reads_assignment(db: Database, world: World, username: str, person_id: int) -> bool:
    with db.transaction() as session:
        assignment = session.scalars(
            select(Assignment).where(Assignment.person_id == person_id)
        ).one()
        return can_read_assignment(session, actor(session, world, username), assignment)


@pytest.mark.parametrize("username", STAFF_AND_MANAGERS)
def test_staff_see_a_person_while_a_row_is_ongoing(
    any_db: Database, world: World, username: str
) -> None:
    person = _person(any_db, world, "Ek")
    assert _sees(any_db, world, username, person)
    assert _found(any_db, world, username, "Ek") == ["Ek, Elsa"]


@pytest.mark.parametrize("username", STAFF_AND_MANAGERS)
def test_staff_keep_a_person_for_the_follow_up_time_after_the_last_row_ended(
    any_db: Database, world: World, username: str
) -> None:
    person = _person(any_db, world, "Ek")
    _end_rows(any_db, person, days_ago=DEFAULT_FOLLOW_UP_DAYS)
    assert _sees(any_db, world, username, person)
    assert _found(any_db, world, username, "Ek") == ["Ek, Elsa"]
    # A nurse reads the person, not the assignments (no role for them in DOMAIN.md).
    assert _reads_assignment(any_db, world, username, person) is (username != "sjukskoterska")


@pytest.mark.parametrize("username", STAFF_AND_MANAGERS)
def test_staff_lose_a_person_once_the_follow_up_time_has_passed(
    any_db: Database, world: World, username: str
) -> None:
    person = _person(any_db, world, "Ek")
    _end_rows(any_db, person, days_ago=DEFAULT_FOLLOW_UP_DAYS + 1)
    assert not _sees(any_db, world, username, person)
    assert _found(any_db, world, username, "Ek") == []
    assert not _reads_assignment(any_db, world, username, person)
    with any_db.transaction() as session, pytest.raises(PermissionDenied) as refused:
        require_person_access(session, actor(session, world, username), person)
    assert "uppföljningstiden (30 dagar" in refused.value.message


def test_a_planned_row_engages_and_a_revoked_one_does_not(any_db: Database, world: World) -> None:
    planned = _person(any_db, world, "Ek")
    revoked = _person(any_db, world, "Ask")
    with any_db.transaction() as session:
        today = clock_of(session).today()
        session.execute(
            update(Execution)
            .where(Execution.person_id == planned)
            .values(start_date=today + timedelta(days=20))
        )
        session.execute(
            update(Execution)
            .where(Execution.person_id == revoked)
            .values(status=ExecutionStatus.REVOKED)
        )
    assert _sees(any_db, world, "personal", planned)
    assert not _sees(any_db, world, "personal", revoked)
    assert _found(any_db, world, "personal", "Ask") == []


def test_the_installation_sets_the_follow_up_time(any_db: Database, world: World) -> None:
    person = _person(any_db, world, "Ek")
    _end_rows(any_db, person, days_ago=45)
    assert not _sees(any_db, world, "samordnare", person)
    with any_db.transaction() as session:
        session.add(AppSetting(key=FOLLOW_UP_DAYS_KEY, value="60"))
    assert _sees(any_db, world, "samordnare", person)
    with any_db.transaction() as session:
        session.execute(
            update(AppSetting).where(AppSetting.key == FOLLOW_UP_DAYS_KEY).values(value="0")
        )
    assert not _sees(any_db, world, "samordnare", person)


@pytest.mark.parametrize("stored", ["-5", "ett år", "100000"])
def test_an_unusable_setting_falls_back_to_the_default(
    any_db: Database, world: World, stored: str
) -> None:
    with any_db.transaction() as session:
        session.add(AppSetting(key=FOLLOW_UP_DAYS_KEY, value=stored))
        assert actor(session, world, "samordnare").follow_up_days == DEFAULT_FOLLOW_UP_DAYS


def test_a_waiting_assignment_engages_the_receiver_until_it_is_stopped(
    any_db: Database, world: World
) -> None:
    person = _person(any_db, world, "Ek", unit="Hemtjänst Söder", via="assignment")
    assert _sees(any_db, world, "samordnare_soder", person)
    assert _reads_assignment(any_db, world, "samordnare_soder", person)
    with any_db.transaction() as session:
        session.execute(
            update(Assignment)
            .where(Assignment.person_id == person)
            .values(status=AssignmentStatus.STOPPED, awaiting_distribution=False)
        )
    assert not _sees(any_db, world, "samordnare_soder", person)
    assert _found(any_db, world, "samordnare_soder", "Ek") == []
    assert not _reads_assignment(any_db, world, "samordnare_soder", person)


def _second_authority(db: Database, world: World) -> None:
    """Another authority unit with its own needs assessor, "handlaggare_2"."""
    with db.transaction() as session:
        unit = OrgUnit(
            name="Myndighet Väst",
            kind=OrgUnitKind.DEPARTMENT,
            parent_id=world.units["Kommunen"],
            business_area=BusinessArea.AUTHORITY,
            is_provider=False,
        )
        user = User(username="handlaggare_2", display_name="Hilda Väst", password_hash="x")
        session.add_all([unit, user])
        session.flush()
        session.add(RoleAssignment(user_id=user.id, role=Role.NEEDS_ASSESSOR, unit_id=unit.id))
        world.units[unit.name] = unit.id
        world.users[user.username] = user.id


def test_needs_assessors_see_only_their_own_authority_units_cases(
    any_db: Database, world: World
) -> None:
    person = _person(any_db, world, "Ek")
    _second_authority(any_db, world)
    assert _sees(any_db, world, "handlaggare", person)
    assert _found(any_db, world, "handlaggare", "Ek") == ["Ek, Elsa"]
    assert _reads_assignment(any_db, world, "handlaggare", person)
    assert not _sees(any_db, world, "handlaggare_2", person)
    assert _found(any_db, world, "handlaggare_2", "Ek") == []
    assert not _reads_assignment(any_db, world, "handlaggare_2", person)


def test_a_closed_case_keeps_the_person_for_the_follow_up_time_only(
    any_db: Database, world: World
) -> None:
    person = _person(any_db, world, "Ek")

    def close(days_ago: int) -> None:
        with any_db.transaction() as session:
            today = clock_of(session).today()
            session.execute(
                update(Case)
                .where(Case.person_id == person)
                .values(closed_on=today - timedelta(days=days_ago))
            )

    close(DEFAULT_FOLLOW_UP_DAYS)
    assert _sees(any_db, world, "handlaggare", person)
    close(DEFAULT_FOLLOW_UP_DAYS + 1)
    assert not _sees(any_db, world, "handlaggare", person)
    assert _found(any_db, world, "handlaggare", "Ek") == []


def test_the_administrator_sees_nobody(any_db: Database, world: World) -> None:
    person = _person(any_db, world, "Ek")
    assert not _sees(any_db, world, "admin", person)
    with pytest.raises(PermissionDenied):
        _found(any_db, world, "admin", "Ek")


def test_cutoff_counts_calendar_days() -> None:
    assert engagement_cutoff(date(2026, 3, 1), 30) == date(2026, 1, 30)
    assert engagement_cutoff(date(2026, 12, 28), 0) == date(2026, 12, 28)


def test_a_needs_assessor_opens_cases_at_their_own_unit_and_works_only_on_those(
    any_db: Database, world: World
) -> None:
    person = _person(any_db, world, "Ek")
    _second_authority(any_db, world)
    with any_db.transaction() as session:
        own = actor(session, world, "handlaggare")
        case_id = authority.open_case(session, own, OpenCase(person_id=person))
        case = session.get(Case, case_id)
        assert case is not None
        assert case.authority_unit_id == world.units["Myndighet"]
    with any_db.transaction() as session:
        west = actor(session, world, "handlaggare_2")
        with pytest.raises(PermissionDenied):
            authority.open_case(session, west, OpenCase(person_id=person))
    with any_db.transaction() as session:
        theirs = case_id
        today = clock_of(session).today()
        command = RegisterDecision(
            case_id=theirs,
            decided_on=today,
            period_start=today,
            interventions=(InterventionInput(type_code="personal_care"),),
        )
        with pytest.raises(PermissionDenied, match="annan myndighetsenhet"):
            authority.register_decision(session, actor(session, world, "handlaggare_2"), command)
