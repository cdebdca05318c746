"""Audit completeness (issue 9): every read path that returns a particular person's data
writes exactly the expected audit events — user, role, unit, action, person — and their
details hold ids and codes only: no names, identity numbers or free text.

READ_PATHS is the enumerated list; each entry calls the path as a user who may, and says
which events it must write. The count is reported for docs/reliability.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.helpers.role_world import RoleWorld, build_role_world

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, AuditEvent, Execution, MyPerson, Person
from treserva_desktop.db.queries import (
    authority,
    distribution,
    follow_up,
    genomforande,
    inbox,
    interventions,
    person_record,
    person_search,
    persons,
    tree,
)
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.domain.commands.follow_up import ExportWaitingAssignments
from treserva_desktop.domain.commands.persons import RevealProtected, RevealReasonChoice
from treserva_desktop.domain.commands.reading import AssignmentOutput, AssignmentRef
from treserva_desktop.domain.enums import AuditAction, Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import follow_up as follow_up_services
from treserva_desktop.services import persons as person_services
from treserva_desktop.services import reading

# (person id, unit name, action) for each event a read must write, in any order.
Expected = list[tuple[int, str, AuditAction]]


@dataclass(frozen=True)
class ReadPath:
    role: Role
    # Calls the path; returns the result and the events it must write.
    run: Callable[[Session, RoleWorld, Actor], tuple[Any, Expected]]


def _inside(world: RoleWorld, kind: str) -> int:
    return world.targets[kind].inside


def _person_read(fn: Callable[..., Any], unit: str, **extra: Any) -> Any:
    def run(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
        person_id = _inside(world, "person")
        result = fn(session, actor, person_id, **extra)
        return result, [(person_id, unit, AuditAction.READ_PERSON)]

    return run


def _receiver(session: Session, assignment_id: int) -> int:
    assignment = session.get(Assignment, assignment_id)
    assert assignment is not None
    return assignment.receiver_unit_id


def _unit_name(world: RoleWorld, unit_id: int) -> str:
    return next(name for name, uid in world.units.items() if uid == unit_id)


def _search(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    person_id = _inside(world, "person")
    page = person_search.search_persons_page(session, actor, world.numbers[person_id])
    assert [r.id for r in page.results] == [person_id]
    return page, [(person_id, "Norr grupp 1", AuditAction.READ_PERSON)]


def _search_by_name(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    results = person_search.search_persons(session, actor, "Person")
    assert results, "the name search finds the unit's persons"
    return results, [(r.id, "Norr grupp 1", AuditAction.READ_PERSON) for r in results]


def _message(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    detail = inbox.message_detail(session, actor, _inside(world, "person_message"))
    return detail, [(_inside(world, "person"), "Norr grupp 1", AuditAction.READ_PERSON)]


def _distribution(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    view = distribution.assignment_distribution(session, actor, _inside(world, "assignment"))
    return view, [(_inside(world, "person"), "Hemtjänst Norr", AuditAction.READ_PERSON)]


def _read(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    command = AssignmentRef(assignment_id=_inside(world, "assignment"))
    view = reading.record_assignment_read(session, actor, command)
    return view, [(_inside(world, "person"), "Hemtjänst Norr", AuditAction.READ_ASSIGNMENT)]


def _read_by_sender(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    command = AssignmentRef(assignment_id=_inside(world, "assignment"))
    view = reading.record_assignment_read(session, actor, command)
    return view, [(_inside(world, "person"), "Biståndsenheten", AuditAction.READ_ASSIGNMENT)]


def _print(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    command = AssignmentOutput(assignment_id=_inside(world, "assignment"))
    result = reading.record_assignment_output(session, actor, command)
    return result, [(_inside(world, "person"), "Norr grupp 1", AuditAction.PRINT)]


def _listed(
    session: Session, world: RoleWorld, person_ids: list[int], units: list[int]
) -> Expected:
    return [
        (person_id, _unit_name(world, unit_id), AuditAction.READ_PERSON)
        for person_id, unit_id in zip(person_ids, units, strict=True)
    ]


def _new_assignments(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    result = new_assignment_queries.new_assignments(session, actor)
    assert any(p.person.id == _inside(world, "received_person") for p in result)
    return result, _listed(
        session,
        world,
        [p.person.id for p in result],
        [_receiver(session, p.assignments[0].id) for p in result],
    )


def _waiting(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    result = follow_up.waiting_assignments(session, actor)
    assert any(w.assignment_id == _inside(world, "received") for w in result)
    return result, _listed(
        session, world, [w.person_id for w in result], [w.unit_id for w in result]
    )


def _export(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    command = ExportWaitingAssignments(assignment_ids=(_inside(world, "received"),))
    result = follow_up_services.record_export(session, actor, command)
    return result, [(_inside(world, "received_person"), "Hemtjänst Norr", AuditAction.EXPORT)]


def _genomforande(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    result = genomforande.genomforande_new_assignments(session, actor)
    assert any(row.assignment_id == _inside(world, "assignment") for row in result)
    units = [
        min(
            session.scalars(
                select(Execution.unit_id).where(Execution.id.in_(row.execution_ids))
            ).all()
        )
        for row in result
    ]
    return result, _listed(session, world, [row.person.id for row in result], units)


def _my_persons(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    person_id = _inside(world, "person")
    session.add(
        MyPerson(
            user_id=actor.user_id, person_id=person_id, added_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
    )
    session.flush()
    _flush_marker(session)
    result = tree.my_persons(session, actor)
    return result, [(person_id, "Norr grupp 1", AuditAction.READ_PERSON)]


def _identity(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    person_id = _inside(world, "person")
    match = authority.find_person_by_identity(session, actor, world.numbers[person_id])
    assert match is not None
    return match, [(person_id, "Biståndsenheten", AuditAction.READ_PERSON)]


def _reveal(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    person_id = _inside(world, "person")
    person = session.get(Person, person_id)
    assert person is not None
    person.protected_identity = True
    session.flush()
    _flush_marker(session)
    choice = RevealReasonChoice(code="other", comment=f"Ringer {person.first_name} i morgon")
    record = person_services.reveal_protected(
        session, actor, RevealProtected(person_id=person_id, reason=choice)
    )
    return record, [(person_id, "Hemtjänst Norr", AuditAction.READ_PERSON)]


def _history_revealed(session: Session, world: RoleWorld, actor: Actor) -> tuple[Any, Expected]:
    person_id = _inside(world, "person")
    person = session.get(Person, person_id)
    assert person is not None
    person.protected_identity = True
    session.flush()
    _flush_marker(session)
    entries = person_record.person_history(
        session, actor, person_id, reveal_reason=RevealReasonChoice(code="data_correction")
    )
    return entries, [(person_id, "Hemtjänst Norr", AuditAction.READ_PERSON)]


_MARKER_KEY = "audit_marker"


def _flush_marker(session: Session) -> None:
    """Setup done inside the path: events are counted from here."""
    session.info[_MARKER_KEY] = session.scalar(select(func.max(AuditEvent.id))) or 0


READ_PATHS: dict[str, ReadPath] = {
    "get_person_record": ReadPath(
        Role.CARE_STAFF, _person_read(person_record.get_person_record, "Norr grupp 1")
    ),
    "person_history": ReadPath(
        Role.CARE_STAFF, _person_read(person_record.person_history, "Norr grupp 1")
    ),
    "person_history (revealed)": ReadPath(Role.COORDINATOR, _history_revealed),
    "person_overview": ReadPath(
        Role.CARE_STAFF, _person_read(persons.person_overview, "Norr grupp 1")
    ),
    "person_interventions (Insats GF)": ReadPath(
        Role.CARE_STAFF, _person_read(interventions.person_interventions, "Norr grupp 1")
    ),
    "person_list_item": ReadPath(
        Role.CARE_STAFF, _person_read(tree.person_list_item, "Norr grupp 1")
    ),
    "reveal_protected": ReadPath(Role.COORDINATOR, _reveal),
    "search by number": ReadPath(Role.CARE_STAFF, _search),
    "search by name": ReadPath(Role.CARE_STAFF, _search_by_name),
    "message_detail": ReadPath(Role.CARE_STAFF, _message),
    "assignment_distribution": ReadPath(Role.GROUP_MANAGER, _distribution),
    "Läs uppdrag (receiving side)": ReadPath(Role.GROUP_MANAGER, _read),
    "Läs uppdrag (authority)": ReadPath(Role.NEEDS_ASSESSOR, _read_by_sender),
    "assignment print": ReadPath(Role.CARE_STAFF, _print),
    "Nya uppdrag": ReadPath(Role.GROUP_MANAGER, _new_assignments),
    "Väntande uppdrag": ReadPath(Role.GROUP_MANAGER, _waiting),
    "Väntande uppdrag export": ReadPath(Role.GROUP_MANAGER, _export),
    "Genomförande Nya uppdrag": ReadPath(Role.CARE_STAFF, _genomforande),
    "Mina personer": ReadPath(Role.CARE_STAFF, _my_persons),
    "identity lookup (authority)": ReadPath(Role.NEEDS_ASSESSOR, _identity),
}


@pytest.fixture(scope="module")
def role_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RoleWorld]:
    path = tmp_path_factory.mktemp("audit") / "audit.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    world = build_role_world(database)
    yield world
    database.dispose()


class _RolledBack(Exception):
    pass


# What a detail value may be: an id, a flag, or a code (lower-case letters and "_").
_CODE = re.compile(r"^[a-z_]{1,40}$")


def assert_codes_only(details: dict[str, Any], forbidden: list[str]) -> None:
    def check(value: Any) -> None:
        if isinstance(value, bool | int) or value is None:
            return
        if isinstance(value, str):
            assert _CODE.match(value), f"free text in audit details: {value!r}"
            return
        if isinstance(value, list):
            for item in value:
                check(item)
            return
        raise AssertionError(f"unexpected value in audit details: {value!r}")

    for key, value in details.items():
        assert _CODE.match(key), key
        check(value)
    text = json.dumps(details, ensure_ascii=False)
    for word in forbidden:
        assert word not in text, f"{word!r} in audit details"


@pytest.mark.parametrize("name", sorted(READ_PATHS))
def test_read_path_writes_exactly_the_expected_audit_events(
    role_world: RoleWorld, name: str
) -> None:
    path = READ_PATHS[name]
    actor = role_world.actor(path.role)
    try:
        with role_world.db.transaction() as session:
            session.info[_MARKER_KEY] = session.scalar(select(func.max(AuditEvent.id))) or 0
            _result, expected = path.run(session, role_world, actor)
            session.flush()
            events = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.id > session.info[_MARKER_KEY])
                .order_by(AuditEvent.id)
            ).all()
            assert expected, name
            assert sorted(
                (e.user_id, e.role, e.unit_id, e.action, e.person_id) for e in events
            ) == sorted(
                (actor.user_id, path.role.value, role_world.units[unit], action, person_id)
                for person_id, unit, action in expected
            ), name
            persons_named = session.scalars(
                select(Person).where(Person.id.in_([e.person_id for e in events]))
            ).all()
            forbidden = [
                word
                for person in persons_named
                for word in (person.first_name, person.last_name, person.identity_number)
            ] + ["morgon", "Ringer"]
            for event in events:
                assert_codes_only(event.details, forbidden)
            raise _RolledBack
    except _RolledBack:
        pass


def test_count_of_read_paths() -> None:
    print(f"\naudit completeness: {len(READ_PATHS)} read paths covered")
    assert len(READ_PATHS) >= 15
