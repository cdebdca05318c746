"""The scale demo (`demo --scale municipal`) at 1/100 of Stockholm: sizes, integrity, the demo
users' view of it, determinism, and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session
from tests.demo.conftest import SPEC, TODAY
from tests.helpers.awaiting import mismatches

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    AuditEvent,
    Execution,
    Message,
    MessageRecipient,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries import counts, tree
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.demo import DEMO_PASSWORD, DEMO_USERNAMES, DemoAlreadyPresent
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal import MUNICIPAL, ScaleSpec, generate_municipal
from treserva_desktop.demo.municipal.bulk import Progress
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    AuditAction,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    Permission,
)
from treserva_desktop.domain.identity import parse_identity_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor, login


def _current(today: date = TODAY):  # type: ignore[no-untyped-def]
    return and_(
        Execution.status != ExecutionStatus.REVOKED,
        or_(Execution.end_date.is_(None), Execution.end_date >= today),
    )


def _count(session: Session, *where: object, model: type = Execution) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def _within(value: int, target: int, tolerance: float) -> bool:
    return target * (1 - tolerance) <= value <= target * (1 + tolerance)


def test_sizes_follow_the_spec(municipal: Database) -> None:
    with municipal.read() as session:
        assert _count(session, model=Person) == SPEC.persons
        active = session.scalar(
            select(func.count(func.distinct(Execution.person_id))).where(_current())
        )
        assert _within(active or 0, SPEC.active, 0.15)
        historical = _count(
            session,
            or_(Execution.status == ExecutionStatus.REVOKED, Execution.end_date < TODAY),
        )
        assert _within(historical, SPEC.historical_rows, 0.2)
        waiting = _count(
            session,
            new_assignment_queries.waiting_assignment_filter(_all_units(session)),
            model=Assignment,
        )
        assert waiting == SPEC.waiting
        assert _within(_count(session, model=Message), SPEC.messages, 0.1)
        assert _count(session, model=AuditEvent) == SPEC.audit_events
        with_case = session.scalar(select(func.count(func.distinct(Assignment.person_id))))
        assert (with_case or 0) < SPEC.persons / 2  # most registry persons have no case
        leaves = _performing_units(session)
        assert len(leaves) == SPEC.units


def _all_units(session: Session) -> frozenset[int]:
    return frozenset(session.scalars(select(OrgUnit.id)))


def _performing_units(session: Session) -> set[int]:
    parents = set(session.scalars(select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None))))
    return {
        unit.id
        for unit in session.scalars(
            select(OrgUnit).where(
                OrgUnit.is_provider.is_(True),
                OrgUnit.kind.in_([OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT]),
            )
        )
        if unit.id not in parents
    }


def test_norr_grupp_1_is_the_largest_unit(municipal: Database) -> None:
    with municipal.read() as session:
        sizes = dict(
            session.execute(
                select(OrgUnit.name, func.count(func.distinct(Execution.person_id)))
                .join(OrgUnit, OrgUnit.id == Execution.unit_id)
                .where(_current())
                .group_by(OrgUnit.name)
            ).all()
        )
    largest = max(sizes, key=sizes.__getitem__)
    assert largest == named.NORR_1
    assert _within(sizes[largest], SPEC.largest_unit, 0.4)
    assert len(set(sizes.values())) > len(sizes) // 3  # sizes vary


def test_rows_are_on_performing_units_and_items_have_rows_unless_waiting(
    municipal: Database,
) -> None:
    with municipal.read() as session:
        leaves = _performing_units(session)
        row_units = set(session.scalars(select(Execution.unit_id).distinct()))
        assert row_units <= leaves
        waiting = new_assignment_queries.waiting_assignment_filter(_all_units(session))
        without_rows = session.scalars(
            select(Assignment.id)
            .join(AssignmentItem, AssignmentItem.assignment_id == Assignment.id)
            .where(
                ~exists().where(
                    Execution.assignment_id == Assignment.id,
                    Execution.intervention_id == AssignmentItem.intervention_id,
                )
            )
        ).all()
        waiting_ids = set(session.scalars(select(Assignment.id).where(waiting)))
        assert without_rows
        assert set(without_rows) <= waiting_ids
        # Every revoked row is followed by the row that replaced it.
        revoked = set(
            session.scalars(select(Execution.id).where(Execution.status == ExecutionStatus.REVOKED))
        )
        replaced = set(session.scalars(select(Execution.replaces_execution_id)))
        assert revoked
        assert revoked <= replaced
        overlaps = session.scalar(
            select(func.count())
            .select_from(Execution)
            .join(
                other := Execution.__table__.alias("other"),
                and_(
                    other.c.intervention_id == Execution.intervention_id,
                    other.c.id != Execution.id,
                    other.c.status != ExecutionStatus.REVOKED.value,
                    other.c.start_date <= func.coalesce(Execution.end_date, date.max),
                    func.coalesce(other.c.end_date, date.max) >= Execution.start_date,
                ),
            )
            .where(Execution.status != ExecutionStatus.REVOKED)
        )
        assert overlaps == 0


def test_identity_numbers_are_unique_valid_and_ages_realistic(municipal: Database) -> None:
    with municipal.read() as session:
        persons = session.execute(
            select(Person.id, Person.identity_number, Person.identity_kind, Person.is_test_data)
        ).all()
        with_rows = set(session.scalars(select(Execution.person_id).where(_current())))
        protected = _count(session, Person.protected_identity.is_(True), model=Person)
    numbers = [number for _, number, _, _ in persons]
    assert len(set(numbers)) == len(numbers)
    ages_with_rows = []
    for person_id, number, kind, test_data in persons:
        parsed = parse_identity_number(number, today=TODAY)
        assert (parsed.value, parsed.kind, test_data) == (number, kind, True)
        if person_id in with_rows:
            born = parsed.birth_date
            assert born is not None
            ages_with_rows.append((TODAY - born).days // 365)
    assert min(ages_with_rows) >= 65
    assert max(ages_with_rows) <= 106
    assert {kind for _, _, kind, _ in persons} == {IdentityKind.PERSONAL, IdentityKind.COORDINATION}
    assert protected > 0


def _login(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        outcome = login(session, None, Login(username=username, password=DEMO_PASSWORD))
        assert outcome.actor is not None, username
        return outcome.actor


def test_demo_users_log_in_and_see_their_units(municipal: Database) -> None:
    for username in DEMO_USERNAMES:
        _login(municipal, username)
    gruppchef = _login(municipal, named.GRUPPCHEF)
    with municipal.read() as session:
        roots = tree.root_units(session, gruppchef)
        assert [unit.name for unit in roots] == [named.HT_NORR]
        children = {
            unit.name: unit.id for unit in tree.child_units(session, gruppchef, roots[0].id)
        }
        assert set(children) == {named.NORR_1, named.NORR_2}
        persons = tree.unit_persons(session, gruppchef, children[named.NORR_1], today=TODAY)
        assert _within(len(persons), SPEC.largest_unit, 0.4)
        waiting = new_assignment_queries.new_assignments(session, gruppchef, today=TODAY)
        items = [item for person in waiting for item in person.assignments]
        assert 0 < len(items) < SPEC.waiting  # Norr receives a share, not all
        new_counts = counts.new_assignment_counts(session, gruppchef, today=TODAY)
        assert new_counts.total == len(items)
        inbox = tree.inbox(session, gruppchef)
        assert 0 < len(inbox) < _count(session, model=Message) / 10


def test_verksamhetschef_reaches_every_provider_unit(municipal: Database) -> None:
    chef = _login(municipal, named.VERKSAMHETSCHEF)
    with municipal.read() as session:
        providers = set(
            session.scalars(
                select(OrgUnit.id).where(
                    OrgUnit.is_provider.is_(True),
                    OrgUnit.kind.in_([OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT]),
                )
            )
        )
        assert providers <= chef.units_with(Permission.VIEW_PERSONS)
        assert {unit.name for unit in tree.root_units(session, chef)} == {
            named.AO_HEMTJANST,
            named.AO_VARDBOENDE,
            named.AO_KORTTID,
        }
        new_counts = counts.new_assignment_counts(session, chef, today=TODAY)
        assert new_counts.total == SPEC.waiting
        assert 0 < new_counts.overdue < new_counts.total
        assert counts.genomforande_count(session, chef) > 0
        inbox = tree.inbox(session, chef)
        assert inbox
        assert tree.unread_count(session, chef) <= len(inbox)


def test_audit_events_are_by_users_in_reach_with_codes_only(municipal: Database) -> None:
    with municipal.read() as session:
        actions = set(session.scalars(select(AuditEvent.action).distinct()))
        assert {AuditAction.READ_PERSON, AuditAction.LOGIN, AuditAction.READ_ASSIGNMENT} <= actions
        events = session.execute(
            select(AuditEvent.user_id, AuditEvent.unit_id, AuditEvent.details)
            .where(AuditEvent.action == AuditAction.READ_PERSON)
            .limit(200)
        ).all()
        actors: dict[int, Actor] = {}
        for user_id, unit_id, details in events:
            actor = actors.get(user_id) or load_actor(session, user_id)
            actors[user_id] = actor
            assert unit_id in actor.units_with(Permission.VIEW_PERSONS)
            assert set(details) == {"view"}
        first, last = session.execute(
            select(func.min(AuditEvent.occurred_at), func.max(AuditEvent.occurred_at))
        ).one()
    assert (TODAY - first.date()).days >= SPEC.history_days - 2
    assert last.date() <= TODAY


def _digest(database: Database) -> str:
    digest = hashlib.sha256()
    with database.read() as session:
        for model in (Person, Execution, Assignment, MessageRecipient, AuditEvent, User):
            table = model.__table__
            # Password hashes carry a random salt; everything else follows from the seed.
            columns = [column for column in table.c if column.name != "password_hash"]
            for row in session.execute(select(*columns).order_by(table.c.id)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _generate(database: Database, spec: ScaleSpec, seed: int) -> None:
    with database.transaction() as session:
        generate_municipal(session, spec, seed=seed, today=TODAY)


def test_same_seed_and_day_give_the_same_municipality(new_sqlite_db) -> None:  # type: ignore[no-untyped-def]
    spec = MUNICIPAL.scaled(0.002)
    first, second, other = new_sqlite_db(), new_sqlite_db(), new_sqlite_db()
    for database, seed in ((first, 4), (second, 4), (other, 5)):
        _generate(database, spec, seed)
    assert _digest(first) == _digest(second)
    assert _digest(first) != _digest(other)


def test_refuses_a_database_with_data(sqlite_db: Database) -> None:
    spec = MUNICIPAL.scaled(0.002)
    _generate(sqlite_db, spec, 1)
    with pytest.raises(DemoAlreadyPresent):
        _generate(sqlite_db, spec, 1)


def test_progress_reports_stage_done_total_and_percent() -> None:
    out = io.StringIO()
    progress = Progress(out)
    progress.start("Personer", 2_000)
    for done in range(0, 2_001, 50):
        progress.update(done)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11  # a line per tenth when not on a terminal
    assert lines[-1].startswith("Personer")
    assert lines[-1].endswith("2\u00a0000/2\u00a0000 100.0 %")
    assert "50.0 %" in lines[5]


def test_spec_scales_down() -> None:
    small = MUNICIPAL.scaled(0.01)
    assert (small.persons, small.active, small.audit_events) == (1_500, 300, 20_000)
    assert 12 <= small.units < MUNICIPAL.units
    with pytest.raises(ValueError):
        MUNICIPAL.scaled(0)


@pytest.mark.postgres
def test_on_postgres(postgres_db: Database) -> None:
    spec = MUNICIPAL.scaled(0.004)
    _generate(postgres_db, spec, 2)
    with postgres_db.transaction() as session:
        assert _count(session, model=Person) == spec.persons
        assert _count(session, model=AuditEvent) == spec.audit_events
        assert (
            session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.status == AssignmentStatus.RECEIVED)
            )
            or 0 > 0
        )
        # The id sequences moved past the generated ids: a new row gets the next id.
        top = session.scalar(select(func.max(Person.id)))
        person = Person(
            identity_number="191212121212",
            identity_kind=IdentityKind.PERSONAL,
            first_name="Test",
            last_name="Testsson",
        )
        session.add(person)
        session.flush()
        assert person.id == (top or 0) + 1
    gruppchef = _login(postgres_db, named.GRUPPCHEF)
    with postgres_db.read() as session:
        roots = tree.root_units(session, gruppchef)
        children = tree.child_units(session, gruppchef, roots[0].id)
        norr_1 = next(unit for unit in children if unit.name == named.NORR_1)
        assert tree.unit_persons(session, gruppchef, norr_1.id, today=TODAY)


def test_the_stored_nya_uppdrag_flag_matches_its_definition(municipal: Database) -> None:
    """Accepted-but-partly-distributed assignments are bulk-inserted with the flag set."""
    with municipal.read() as session:
        assert mismatches(session) == []
        accepted_waiting = session.scalar(
            select(func.count()).where(
                Assignment.awaiting_distribution,
                Assignment.status == AssignmentStatus.ACCEPTED,
            )
        )
        assert accepted_waiting


def test_named_demo_users_have_their_own_salt_and_generated_staff_no_password(
    municipal: Database,
) -> None:
    """Each named user's argon2id hash has its own salt; the generated staff get a value no
    password matches, which keeps the generation from hashing ~1,100 passwords."""
    from treserva_desktop.db.passwords import is_usable, verify_password

    with municipal.read() as session:
        rows = session.execute(select(User.username, User.password_hash)).all()
    named_hashes = {name: stored for name, stored in rows if name in DEMO_USERNAMES}
    assert set(named_hashes) == set(DEMO_USERNAMES)
    salts = {stored.split("$")[4] for stored in named_hashes.values()}
    assert len(salts) == len(DEMO_USERNAMES)
    assert all(verify_password(DEMO_PASSWORD, stored) for stored in named_hashes.values())
    staff = [stored for name, stored in rows if name not in DEMO_USERNAMES]
    assert staff
    assert not any(is_usable(stored) for stored in staff)
    generated = next(name for name, _ in rows if name not in DEMO_USERNAMES)
    with municipal.transaction() as session:
        outcome = login(session, None, Login(username=generated, password=DEMO_PASSWORD))
    assert outcome.actor is None
