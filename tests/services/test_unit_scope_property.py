"""Unit scope as a property (issue 9): for random organisation trees, role grants and
persons with ongoing rows at random units, what the services answer — opening the record,
the overview, Insats GF and finding the person by number — equals the scope rule computed
here independently: a provider-side role (or a nurse) reaches the units it is granted and
every unit below them, and sees a person with a row at one of those units; an administrator
sees nobody.

The handläggare's reach (their authority unit's cases) is the lead's item 2 and not drawn
here; every row is ongoing, so the persons are "engaged" whatever the follow-up time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
    OrgUnit,
    Person,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries.interventions import person_interventions
from treserva_desktop.db.queries.person_record import get_person_record
from treserva_desktop.db.queries.person_search import search_persons
from treserva_desktop.db.queries.persons import person_overview
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor

# Drawn independently of domain.rules.ROLE_PERMISSIONS: DOMAIN.md's "Read a person's record"
# row and the nurse's note.
READING_ROLES = frozenset(
    {Role.CARE_STAFF, Role.COORDINATOR, Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER, Role.NURSE}
)
DRAWN_ROLES = sorted(READING_ROLES | {Role.ADMINISTRATOR})
TODAY = SYSTEM_CLOCK.today()


@dataclass(frozen=True)
class Scenario:
    parents: tuple[int | None, ...]  # parent index of each unit (None: a root)
    grants: tuple[tuple[Role, int], ...]  # the actor's grants: (role, unit index)
    persons: tuple[tuple[int, ...], ...]  # each person's units with an ongoing row


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    count = draw(st.integers(min_value=1, max_value=9))
    parents: list[int | None] = [None]
    for index in range(1, count):
        parents.append(draw(st.one_of(st.none(), st.integers(0, index - 1))))
    unit = st.integers(0, count - 1)
    role_unit = st.tuples(st.sampled_from(DRAWN_ROLES), unit)
    grants = draw(st.lists(role_unit, min_size=1, max_size=3, unique=True))
    persons = draw(
        st.lists(st.lists(unit, min_size=1, max_size=3, unique=True), min_size=1, max_size=5)
    )
    return Scenario(tuple(parents), tuple(grants), tuple(tuple(p) for p in persons))


def expected_visible(scenario: Scenario) -> list[bool]:
    """The rule, computed here: the granted units of a reading role and their descendants."""
    reach: set[int] = set()
    for role, granted in scenario.grants:
        if role not in READING_ROLES:
            continue
        for index in range(len(scenario.parents)):
            current: int | None = index
            while current is not None:
                if current == granted:
                    reach.add(index)
                    break
                current = scenario.parents[current]
    return [bool(reach & set(units)) for units in scenario.persons]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("scope") / "scope.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    yield db
    db.dispose()


def _build(session: Session, scenario: Scenario) -> tuple[int, list[int], list[str]]:
    unit_ids: list[int] = []
    for index, parent in enumerate(scenario.parents):
        unit = OrgUnit(
            name=f"Enhet {index}",
            kind=OrgUnitKind.UNIT,
            parent_id=unit_ids[parent] if parent is not None else None,
            business_area=BusinessArea.HOME_CARE,
            is_provider=True,
        )
        session.add(unit)
        session.flush()
        unit_ids.append(unit.id)
    user = User(username="aktor", display_name="Aktör", password_hash="x")
    session.add(user)
    session.flush()
    for role, index in scenario.grants:
        session.add(RoleAssignment(user_id=user.id, role=role, unit_id=unit_ids[index]))
    person_ids: list[int] = []
    numbers: list[str] = []
    for serial, units in enumerate(scenario.persons, start=100):
        number = make_personal_number(date(1939, 6, 1), serial)
        person = Person(
            identity_number=number,
            identity_kind=IdentityKind.PERSONAL,
            first_name="Test",
            last_name=f"P{serial}",
        )
        session.add(person)
        session.flush()
        case = Case(person_id=person.id, kind=CaseKind.SOL_DECISION, opened_on=TODAY)
        session.add(case)
        session.flush()
        decision = Decision(
            case_id=case.id, decided_on=TODAY, period_start=TODAY - timedelta(days=30)
        )
        session.add(decision)
        session.flush()
        for index in units:
            intervention = Intervention(
                decision_id=decision.id,
                type_code="personal_care",
                granted_minutes=600,
                granted_per=TimePer.MONTH,
            )
            session.add(intervention)
            session.flush()
            # Received and performed by the same unit, so every reading of "reaches the
            # person through the unit" agrees.
            assignment = Assignment(
                person_id=person.id,
                decision_id=decision.id,
                receiver_unit_id=unit_ids[index],
                kind=AssignmentKind.NEW,
                status=AssignmentStatus.ACCEPTED,
                sent_at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC),
            )
            session.add(assignment)
            session.flush()
            session.add(
                AssignmentItem(assignment_id=assignment.id, intervention_id=intervention.id)
            )
            session.add(
                Execution(
                    assignment_id=assignment.id,
                    intervention_id=intervention.id,
                    person_id=person.id,
                    unit_id=unit_ids[index],
                    start_date=TODAY - timedelta(days=20),
                    minutes=600,
                    per=TimePer.MONTH,
                    status=ExecutionStatus.SENT_TO_EXECUTION,
                    created_at=datetime(2026, 1, 3, 9, 0, tzinfo=UTC),
                )
            )
        person_ids.append(person.id)
        numbers.append(number)
    session.flush()
    return user.id, person_ids, numbers


def _answers(session: Session, actor: Actor, person_id: int, number: str) -> dict[str, bool]:
    """Whether each service lets the actor see the person."""

    def opens(call: Callable[[], object]) -> bool:
        try:
            call()
        except PermissionDenied:
            return False
        return True

    def finds() -> bool:
        try:
            found = search_persons(session, actor, number)
        except PermissionDenied:  # a role that reaches no person is refused the search
            return False
        return any(r.id == person_id for r in found)

    return {
        "record": opens(lambda: get_person_record(session, actor, person_id)),
        "overview": opens(lambda: person_overview(session, actor, person_id)),
        "insats": opens(lambda: person_interventions(session, actor, person_id)),
        "search": finds(),
    }


class _RolledBack(Exception):
    pass


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_services_answer_the_unit_scope_rule(database: Database, scenario: Scenario) -> None:
    expected = expected_visible(scenario)
    try:
        with database.transaction() as session:
            user_id, person_ids, numbers = _build(session, scenario)
            actor = load_actor(session, user_id)
            for person_id, number, visible in zip(person_ids, numbers, expected, strict=True):
                answers = _answers(session, actor, person_id, number)
                assert answers == dict.fromkeys(answers, visible), (scenario, person_id)
            raise _RolledBack
    except _RolledBack:
        pass
