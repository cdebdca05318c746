"""The demo municipality: deterministic, valid, and shaped so every workflow can be tried."""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    BillingArea,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    Relation,
    User,
)
from treserva_desktop.db.passwords import verify_password
from treserva_desktop.demo import (
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    CodeListsMissing,
    DemoAlreadyPresent,
    DemoSummary,
    generate_demo,
    has_any_data,
    is_demo_database,
)
from treserva_desktop.demo import names as demo_names
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.identity import make_personal_number, parse_identity_number
from treserva_desktop.domain.rules import RoleGrant, expand_scope

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _new_database(directory: Path) -> Database:
    database = Database(f"sqlite:///{directory / 'demo.sqlite3'}")
    migrate.upgrade(database)
    return database


@pytest.fixture
def demo(sqlite_db: Database) -> Database:
    """SQLite with a 60-person demo municipality dated TODAY."""
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=60, seed=5, today=TODAY)
    return sqlite_db


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the generator writes UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _scope(session: Session, username: str) -> frozenset[int]:
    user = session.scalars(select(User).where(User.username == username)).one()
    children: dict[int, list[int]] = defaultdict(list)
    for unit in session.scalars(select(OrgUnit)):
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    grants = [RoleGrant(g.role, g.unit_id, "") for g in user.grants]
    return frozenset().union(*expand_scope(grants, children).values())


def _unit_id(session: Session, name: str) -> int:
    return session.scalars(select(OrgUnit.id).where(OrgUnit.name == name)).one()


# --- migration 0002 ----------------------------------------------------------------------------


def test_migration_inserts_the_code_lists(sqlite_db: Database) -> None:
    with sqlite_db.read() as session:
        types = {t.code: t for t in session.scalars(select(InterventionType))}
        areas = {a.code: a.name for a in session.scalars(select(BillingArea))}
    expected = {
        "personal_care": ("Personlig omvårdnad", BusinessArea.HOME_CARE, True),
        "service": ("Service", BusinessArea.HOME_CARE, True),
        "safety_alarm": ("Trygghetslarm", BusinessArea.HOME_CARE, False),
        "meal_delivery": ("Matdistribution", BusinessArea.HOME_CARE, False),
        "escort": ("Ledsagning", BusinessArea.HOME_CARE, True),
        "relief": ("Avlösning", BusinessArea.HOME_CARE, True),
        "day_activity": ("Dagverksamhet", BusinessArea.HOME_CARE, False),
        "special_housing": ("Särskilt boende", BusinessArea.NURSING_HOME, False),
        "short_term_stay": ("Korttidsvistelse", BusinessArea.SHORT_TERM, False),
        "respite_care": ("Växelvård", BusinessArea.SHORT_TERM, False),
        # Boservice (migration 0014).
        "cleaning": ("Städning", BusinessArea.HOME_CARE, True),
        "laundry": ("Tvätt", BusinessArea.HOME_CARE, True),
        "shopping": ("Inköp", BusinessArea.HOME_CARE, True),
    }
    assert {code: (t.name, t.business_area, t.requires_time) for code, t in types.items()} == (
        expected
    )
    assert {code for code, t in types.items() if t.is_service_case} == {
        "cleaning",
        "laundry",
        "shopping",
    }
    assert {code for code, t in types.items() if t.is_personal_care} == {"personal_care"}
    assert areas == {
        "HT-N": "Hemtjänst Norr",
        "HT-S": "Hemtjänst Söder",
        "HT-C": "Hemtjänst Centrum",
        "SÄBO": "Särskilt boende",
        "KORT": "Korttidsboende",
    }


# --- determinism -------------------------------------------------------------------------------


def _snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.read() as session:
        return {
            "persons": [
                (p.identity_number, p.first_name, p.last_name, p.street, p.billing_area_code)
                for p in session.scalars(select(Person).order_by(Person.id))
            ],
            "relations": [
                (r.person_id, r.kind, r.name, r.is_invoice_recipient)
                for r in session.scalars(select(Relation).order_by(Relation.id))
            ],
            "assignments": [
                (a.person_id, a.receiver_unit_id, a.status, _aware(a.sent_at))
                for a in session.scalars(select(Assignment).order_by(Assignment.id))
            ],
            "executions": [
                (e.intervention_id, e.unit_id, e.start_date, e.end_date, e.minutes, e.status)
                for e in session.scalars(select(Execution).order_by(Execution.id))
            ],
        }


def test_same_seed_gives_the_same_municipality(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b", "c"):
        directory = tmp_path / name
        directory.mkdir()
        database = _new_database(directory)
        with database.transaction() as session:
            generate_demo(session, persons=40, seed=3 if name != "c" else 4, today=TODAY)
        snapshots.append(_snapshot(database))
        database.dispose()
    first, second, other_seed = snapshots
    assert first == second
    assert len(first["persons"]) == 40
    assert first["persons"] != other_seed["persons"]


# --- persons -----------------------------------------------------------------------------------


def test_identity_numbers_are_valid_unique_and_test_data(demo: Database) -> None:
    with demo.read() as session:
        persons = session.scalars(select(Person)).all()
    assert len(persons) == 60
    assert len({p.identity_number for p in persons}) == 60
    for person in persons:
        parsed = parse_identity_number(person.identity_number, today=TODAY)
        assert parsed.value == person.identity_number
        assert parsed.kind is person.identity_kind
        assert person.is_test_data
        born = parsed.birth_date
        assert born is not None
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        assert 65 <= age <= 102
        woman = person.first_name in demo_names.WOMEN_FIRST_NAMES
        assert woman == (parsed.gender_code == "K"), "gender digit follows the first name"
        assert person.city == demo_names.TOWN
        assert len(person.postal_code) == 6
        assert person.postal_code[3] == " "


def test_invoice_recipients_at_most_one_active_with_address(demo: Database) -> None:
    with demo.read() as session:
        relations = session.scalars(select(Relation)).all()
    per_person: dict[int, int] = defaultdict(int)
    for relation in relations:
        if relation.is_invoice_recipient and relation.active:
            per_person[relation.person_id] += 1
            assert relation.street
            assert relation.postal_code
            assert relation.city
    assert per_person, "some persons have an invoice recipient"
    assert max(per_person.values()) == 1
    counts: dict[int, int] = defaultdict(int)
    for relation in relations:
        counts[relation.person_id] += 1
    assert max(counts.values()) <= 2


# --- organisation and users --------------------------------------------------------------------


def test_org_tree(demo: Database) -> None:
    with demo.read() as session:
        units = {u.id: u for u in session.scalars(select(OrgUnit))}
    tree = {
        u.name: (
            u.kind,
            units[u.parent_id].name if u.parent_id else None,
            u.business_area,
            u.is_provider,
        )
        for u in units.values()
    }
    k, a = OrgUnitKind, BusinessArea
    assert tree == {
        "Kommunen": (k.MUNICIPALITY, None, None, True),
        "ÄO Utförare": (k.DEPARTMENT, "Kommunen", None, True),
        "ÄO Hemtjänst": (k.BRANCH, "ÄO Utförare", a.HOME_CARE, True),
        "Hemtjänst Norr": (k.UNIT, "ÄO Hemtjänst", a.HOME_CARE, True),
        "Norr grupp 1": (k.SUBUNIT, "Hemtjänst Norr", a.HOME_CARE, True),
        "Norr grupp 2": (k.SUBUNIT, "Hemtjänst Norr", a.HOME_CARE, True),
        "Hemtjänst Söder": (k.UNIT, "ÄO Hemtjänst", a.HOME_CARE, True),
        "Söder grupp A": (k.SUBUNIT, "Hemtjänst Söder", a.HOME_CARE, True),
        "Söder grupp B": (k.SUBUNIT, "Hemtjänst Söder", a.HOME_CARE, True),
        "Hemtjänst Centrum": (k.UNIT, "ÄO Hemtjänst", a.HOME_CARE, True),
        "ÄO Vårdboende": (k.BRANCH, "ÄO Utförare", a.NURSING_HOME, True),
        "Lindgården": (k.UNIT, "ÄO Vårdboende", a.NURSING_HOME, True),
        "Solbacka": (k.UNIT, "ÄO Vårdboende", a.NURSING_HOME, True),
        "ÄO Korttidsboende": (k.BRANCH, "ÄO Utförare", a.SHORT_TERM, True),
        "Korttidsboendet Eken": (k.UNIT, "ÄO Korttidsboende", a.SHORT_TERM, True),
        "Myndighet äldreomsorg": (k.DEPARTMENT, "Kommunen", a.AUTHORITY, False),
        "Biståndsenheten": (k.UNIT, "Myndighet äldreomsorg", a.AUTHORITY, False),
    }
    assert all(u.phone for u in units.values() if u.kind in (k.UNIT, k.SUBUNIT))
    siblings = defaultdict(list)
    for unit in units.values():
        siblings[unit.parent_id].append(unit.sort_order)
    assert all(sorted(orders) == list(range(len(orders))) for orders in siblings.values())


def test_demo_users_log_in_with_demo_and_hold_their_roles(demo: Database) -> None:
    with demo.read() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        units = {u.id: u.name for u in session.scalars(select(OrgUnit))}
        grants = {
            name: sorted((g.role, units[g.unit_id]) for g in user.grants)
            for name, user in users.items()
        }
    assert (
        set(users)
        == set(DEMO_USERNAMES)
        == {
            "verksamhetschef",
            "gruppchef",
            "samordnare",
            "personal",
            "handlaggare",
            "sjukskoterska",
            "admin",
        }
    )
    for user in users.values():
        assert verify_password(DEMO_PASSWORD, user.password_hash)
        assert not verify_password("fel", user.password_hash)
        assert user.active
        assert user.display_name
        assert user.title
    assert grants == {
        "verksamhetschef": sorted(
            [
                (Role.OPERATIONS_MANAGER, "ÄO Hemtjänst"),
                (Role.OPERATIONS_MANAGER, "ÄO Vårdboende"),
                (Role.OPERATIONS_MANAGER, "ÄO Korttidsboende"),
            ]
        ),
        "gruppchef": [(Role.GROUP_MANAGER, "Hemtjänst Norr")],
        "samordnare": sorted(
            [(Role.COORDINATOR, "Hemtjänst Norr"), (Role.COORDINATOR, "Hemtjänst Söder")]
        ),
        "personal": [(Role.CARE_STAFF, "Norr grupp 1")],
        "handlaggare": [(Role.NEEDS_ASSESSOR, "Biståndsenheten")],
        "sjukskoterska": [(Role.NURSE, "ÄO Hemtjänst")],
        "admin": [(Role.ADMINISTRATOR, "Kommunen")],
    }


def test_demo_database_is_marked(sqlite_db: Database) -> None:
    with sqlite_db.read() as session:
        assert not is_demo_database(session)
        assert not has_any_data(session)
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=10, seed=9, today=TODAY)
    with sqlite_db.read() as session:
        assert is_demo_database(session)
        assert has_any_data(session)
        settings = {s.key: s.value for s in session.scalars(select(AppSetting))}
    assert settings["demo_data"] == "1"
    assert settings["demo_seed"] == "9"


def test_refuses_a_database_that_already_has_data(demo: Database) -> None:
    with pytest.raises(DemoAlreadyPresent), demo.transaction() as session:
        generate_demo(session, persons=5, seed=1, today=TODAY)
    with demo.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 60


# --- assignments and rows ----------------------------------------------------------------------


def test_new_assignments_wait_for_the_managers(demo: Database) -> None:
    with demo.read() as session:
        received = session.scalars(
            select(Assignment).where(Assignment.status == AssignmentStatus.RECEIVED)
        ).all()
        scopes = {name: _scope(session, name) for name in ("verksamhetschef", "gruppchef")}
        norr_1 = _unit_id(session, "Norr grupp 1")
        inbox = session.execute(
            select(User.username, Message.assignment_id, MessageRecipient.read_at)
            .join(MessageRecipient, MessageRecipient.user_id == User.id)
            .join(Message, Message.id == MessageRecipient.message_id)
        ).all()
        my_persons = session.execute(
            select(User.username, MyPerson.person_id).join(User, User.id == MyPerson.user_id)
        ).all()
        personal_persons = set(
            session.scalars(
                select(Execution.person_id).where(
                    Execution.unit_id == norr_1, Execution.end_date.is_(None)
                )
            )
        )
    in_scope = [a for a in received if a.receiver_unit_id in scopes["verksamhetschef"]]
    assert len(in_scope) >= 5
    ages = [(NOW - _aware(a.sent_at)).days for a in in_scope]
    assert sum(age >= 4 for age in ages) >= 2, "some are overdue"
    assert sum(age <= 1 for age in ages) >= 2, "some just arrived"
    assert any(a.first_read_at is not None for a in in_scope)
    assert all(a.first_read_at is None or a.accepted_at is None for a in received)
    assert any(a.receiver_unit_id in scopes["gruppchef"] for a in received)

    notified = {(user, assignment) for user, assignment, _ in inbox if assignment is not None}
    for assignment in in_scope:
        assert ("verksamhetschef", assignment.id) in notified
    read_states = {read_at is None for user, _, read_at in inbox if user == "verksamhetschef"}
    assert read_states == {True, False}, "some read, some unread"

    assert personal_persons, "persons at Norr grupp 1 for the care staff user"
    mine = defaultdict(set)
    for user, person_id in my_persons:
        mine[user].add(person_id)
    assert mine["personal"]
    assert mine["personal"] <= personal_persons
    assert mine["samordnare"]


def test_rows_respect_the_execution_rules(demo: Database) -> None:
    with demo.read() as session:
        rows = session.scalars(select(Execution)).all()
        interventions = {i.id: i for i in session.scalars(select(Intervention))}
        decisions = {d.id: d for d in session.scalars(select(Decision))}
        types = {t.code: t for t in session.scalars(select(InterventionType))}
        assignments = {a.id: a for a in session.scalars(select(Assignment))}
    by_intervention: dict[int, list[Execution]] = defaultdict(list)
    for row in rows:
        by_intervention[row.intervention_id].append(row)
        intervention = interventions[row.intervention_id]
        decision = decisions[intervention.decision_id]
        assert row.end_date is None or row.start_date <= row.end_date
        assert decision.period_start <= row.start_date
        if decision.period_end is not None:
            assert row.end_date is not None
            assert row.end_date <= decision.period_end
        if types[intervention.type_code].requires_time:
            assert intervention.granted_minutes is not None
            assert row.minutes is not None
            assert 0 < row.minutes <= intervention.granted_minutes
            assert row.per is intervention.granted_per
        else:
            assert row.minutes is None
            assert row.per is None
        assert assignments[row.assignment_id].status is not AssignmentStatus.RECEIVED
    for group in by_intervention.values():
        group.sort(key=lambda r: r.start_date)
        for earlier, later in itertools.pairwise(group):
            assert earlier.end_date is not None
            assert earlier.end_date < later.start_date
    # Every accepted or ended assignment has a row for each of its interventions.
    covered = {row.assignment_id for row in rows}
    for assignment in assignments.values():
        if assignment.status is AssignmentStatus.RECEIVED:
            assert assignment.id not in covered
        else:
            assert assignment.id in covered
            assert assignment.accepted_at is not None


@pytest.mark.parametrize("persons", [60, 600])
def test_rows_are_placed_only_on_units_without_sub_units(sqlite_db: Database, persons: int) -> None:
    """A unit with sub-units distributes to its underenheter, so no row is placed on it —
    though the assignment may still be received there."""
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=persons, seed=5, today=TODAY)
    with sqlite_db.read() as session:
        parents = set(
            session.scalars(select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None)))
        )
        placed = set(session.scalars(select(Execution.unit_id)))
        receivers = set(session.scalars(select(Assignment.receiver_unit_id)))
        names = {u.id: u.name for u in session.scalars(select(OrgUnit))}
    assert placed
    assert not {names[unit_id] for unit_id in placed & parents}
    assert {"Hemtjänst Norr", "Hemtjänst Söder"} <= {names[unit_id] for unit_id in receivers}


def test_the_spread_of_states(demo: Database) -> None:
    with demo.read() as session:
        assignments = session.scalars(select(Assignment)).all()
        rows = session.scalars(select(Execution)).all()
        time_types = {
            i.id: i.granted_per for i in session.scalars(select(Intervention)) if i.granted_per
        }
    statuses = [a.status for a in assignments]
    assert statuses.count(AssignmentStatus.RECEIVED) == 7
    assert statuses.count(AssignmentStatus.ENDED) == 6
    assert statuses.count(AssignmentStatus.ACCEPTED) == 47
    ended = {a.id for a in assignments if a.status is AssignmentStatus.ENDED}
    for row in rows:
        if row.assignment_id in ended:
            assert row.end_date is not None
            assert TODAY - timedelta(days=60) <= row.end_date < TODAY
            assert row.end_reason in demo_names.END_REASONS
    live = [r for r in rows if r.assignment_id not in ended]
    assert all(r.end_date is None or r.end_date >= TODAY for r in live if r.replaces_execution_id)
    revoked = {r.id: r for r in rows if r.status is ExecutionStatus.REVOKED}
    replacements = [r for r in rows if r.replaces_execution_id is not None]
    assert revoked
    assert len(replacements) == len(revoked)
    for row in replacements:
        old = revoked[row.replaces_execution_id]
        assert old.end_date is not None
        assert row.start_date == old.end_date + timedelta(days=1)
        assert row.intervention_id == old.intervention_id
        assert row.minutes != old.minutes
    assert any(r.start_date > TODAY for r in rows), "planned rows"
    statuses_of_rows = {r.status for r in rows}
    assert {
        ExecutionStatus.UNDER_DISTRIBUTION,
        ExecutionStatus.SENT_TO_EXECUTION,
        ExecutionStatus.ACKNOWLEDGED,
    } <= statuses_of_rows
    assert TimePer.WEEK in time_types.values()
    assert TimePer.MONTH in time_types.values()


# --- sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persons", [0, 1, 3, 9])
def test_tiny_municipalities(sqlite_db: Database, persons: int) -> None:
    with sqlite_db.transaction() as session:
        summary = generate_demo(session, persons=persons, seed=2, today=TODAY)
    assert summary.persons == persons
    if persons:
        with sqlite_db.read() as session:
            norr_1 = _unit_id(session, "Norr grupp 1")
            assert session.scalars(select(Execution).where(Execution.unit_id == norr_1)).first()


def test_scale_smoke(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as session:
        summary = generate_demo(session, persons=600, seed=11, today=TODAY)
    assert isinstance(summary, DemoSummary)
    assert summary.persons == 600
    assert summary.received_assignments == 72
    with sqlite_db.read() as session:
        persons = session.scalars(select(Person)).all()
        assert session.scalar(select(func.count()).select_from(Execution)) == summary.executions
    kinds = {p.identity_kind for p in persons}
    assert IdentityKind.COORDINATION in kinds
    assert any(p.protected_identity for p in persons)
    without_billing = sum(p.billing_area_code is None for p in persons)
    assert 0.08 < without_billing / 600 < 0.25


def test_the_application_can_add_rows_after_the_demo(any_db: Database) -> None:
    """Ids were assigned by the generator; new rows still get fresh ones (PostgreSQL sequences)."""
    with any_db.transaction() as session:
        generate_demo(session, persons=12, seed=1, today=TODAY)
    with any_db.transaction() as session:
        unit = OrgUnit(name="Ny enhet", kind=OrgUnitKind.UNIT, is_provider=True)
        person = Person(
            identity_number=make_personal_number(date(2000, 1, 1), 123),
            identity_kind=IdentityKind.PERSONAL,
            first_name="Test",
            last_name="Testsson",
            is_test_data=True,
        )
        session.add_all([unit, person])
        session.flush()
        assert unit.id > 17
        assert person.id > 12


def test_needs_the_code_lists(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as session:
        session.execute(delete(InterventionType))
    with (
        pytest.raises(CodeListsMissing, match="Uppgradera databasen"),
        sqlite_db.transaction() as session,
    ):
        generate_demo(session, persons=5, seed=1, today=TODAY)


def test_logs_counts_but_no_personal_data(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="treserva_desktop")
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=20, seed=6, today=TODAY)
    with sqlite_db.read() as session:
        persons = session.scalars(select(Person)).all()
    logged = caplog.text
    assert "20 persons" in logged
    for person in persons:
        assert person.identity_number not in logged
        assert person.last_name not in logged
