"""Historik and the person change log: ordering, who sees values, masking, append-only,
the invoice-recipient index, and migration 0003 on a database that already holds persons."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Person, PersonChange, Relation
from treserva_desktop.db.queries.person_record import person_history
from treserva_desktop.domain.commands.persons import (
    AddRelation,
    RevealReasonChoice,
    UpdateContact,
    UpdatePersonDetails,
)
from treserva_desktop.domain.enums import AuditAction, RelationKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.person_rules import HIDDEN_VALUE
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.services import persons as service


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


def _edit_twice(db: Database, world: World, person_id: int) -> None:
    with db.transaction() as session:
        service.update_contact(
            session,
            actor(session, world, "samordnare"),
            UpdateContact(person_id=person_id, expected_version=1, phone="08-111 222"),
        )
    with db.transaction() as session:
        service.add_relation(
            session,
            actor(session, world, "gruppchef"),
            AddRelation(
                person_id=person_id,
                expected_version=2,
                kind=RelationKind.GUARDIAN,
                name="Gun Godman",
                phone="070-555 66 77",
            ),
        )


def test_history_lists_changes_newest_first_with_values(any_db: Database, world: World) -> None:
    with any_db.transaction() as session:
        pid = add_person(session, world)
    _edit_twice(any_db, world, pid)
    with any_db.transaction() as session:
        entries = person_history(session, actor(session, world, "samordnare"), pid)
    assert [(e.subject, e.field, e.old, e.new) for e in entries] == [
        ("God man: Gun Godman", "phone", "", "070-555 66 77"),
        ("God man: Gun Godman", "name", "", "Gun Godman"),
        ("God man: Gun Godman", "kind", "", "God man"),
        ("Person", "phone", "070-123 45 67", "08-11 12 22"),
    ]
    assert entries[0].who == "Gustav Grupp"
    assert entries[-1].who == "Sara Samordnare"
    assert entries[-1].field_label == "Telefon"
    assert all(entry.values_visible for entry in entries)
    assert entries[0].when >= entries[-1].when


@pytest.mark.parametrize("username", ["personal", "sjukskoterska", "handlaggare"])
def test_roles_without_edit_right_see_no_values(sqlite_db: Database, username: str) -> None:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        pid = add_person(session, world)
    _edit_twice(sqlite_db, world, pid)
    with sqlite_db.transaction() as session:
        entries = person_history(session, actor(session, world, username), pid)
    assert len(entries) == 4
    assert {(e.old, e.new) for e in entries} == {(HIDDEN_VALUE, HIDDEN_VALUE)}
    assert not any(e.values_visible for e in entries)
    assert entries[-1].field_label == "Telefon"


def test_history_of_a_protected_person_is_masked_until_a_reason_is_given(
    any_db: Database, world: World
) -> None:
    with any_db.transaction() as session:
        pid = add_person(session, world, protected_identity=True)
    with any_db.transaction() as session:
        service.update_person_details(
            session,
            actor(session, world, "samordnare"),
            UpdatePersonDetails(
                person_id=pid,
                expected_version=1,
                first_name="Anna",
                last_name="Berg",
                protected_identity=True,
            ),
        )
    with any_db.transaction() as session:
        service.update_contact(
            session,
            actor(session, world, "samordnare"),
            UpdateContact(person_id=pid, expected_version=2, phone="08-111 222"),
        )
    with any_db.transaction() as session:
        masked = person_history(session, actor(session, world, "samordnare"), pid)
    assert [(e.field, e.old, e.new) for e in masked] == [
        ("phone", PROTECTED_TEXT, PROTECTED_TEXT),
        ("last_name", "Andersson", "Berg"),
    ]
    with any_db.transaction() as session, pytest.raises(ValidationError):
        person_history(
            session,
            actor(session, world, "samordnare"),
            pid,
            reveal_reason=RevealReasonChoice(code="other", comment=" "),
        )
    with any_db.transaction() as session:
        shown = person_history(
            session,
            actor(session, world, "samordnare"),
            pid,
            reveal_reason=RevealReasonChoice(code="data_correction"),
        )
    assert (shown[0].old, shown[0].new) == ("070-123 45 67", "08-11 12 22")
    with any_db.read() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.READ_PERSON)
        ).all()
    assert [event.details.get("reason_code") for event in reads] == [None, "data_correction"]
    assert all(event.details["view"] == "history" for event in reads)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE person_changes SET new_value = 'ändrat' WHERE id = :id",
        "DELETE FROM person_changes WHERE id = :id",
    ],
    ids=["update", "delete"],
)
def test_person_changes_are_append_only(any_db: Database, world: World, statement: str) -> None:
    with any_db.transaction() as session:
        pid = add_person(session, world)
        change = PersonChange(
            person_id=pid,
            changed_at=SYSTEM_CLOCK.now(),
            field="phone",
            old_value="1",
            new_value="2",
        )
        session.add(change)
        session.flush()
        change_id = change.id
    with pytest.raises(DBAPIError, match="append-only"), any_db.transaction() as session:
        session.execute(text(statement), {"id": change_id})
    with any_db.read() as session:
        assert session.scalars(select(PersonChange.new_value)).all() == ["2"]


def test_the_database_refuses_a_second_active_invoice_recipient(
    any_db: Database, world: World
) -> None:
    def recipient(person_id: int, name: str, active: bool = True) -> Relation:
        return Relation(
            person_id=person_id,
            kind=RelationKind.NEXT_OF_KIN,
            name=name,
            is_invoice_recipient=True,
            active=active,
        )

    with any_db.transaction() as session:
        pid = add_person(session, world)
        other = add_person(session, world, first_name="Olle")
        session.add_all(
            [recipient(pid, "Ended", active=False), recipient(pid, "One"), recipient(other, "X")]
        )
    with pytest.raises(IntegrityError), any_db.transaction() as session:
        session.add(recipient(pid, "Two"))
    with any_db.read() as session:
        names = session.scalars(select(Relation.name).order_by(Relation.id)).all()
    assert names == ["Ended", "One", "X"]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_upgrade_to_0003_keeps_persons_and_relations(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    else:
        database = request.getfixturevalue("postgres_db")
        migrate.downgrade(database, "0002")
    migrate.upgrade(database, "0002")
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO persons (id, identity_number, identity_kind, first_name, last_name,"
                " protected_identity, street, postal_code, city, phone, is_test_data, version)"
                " VALUES (1, '194005171234', 'personal', 'Anna', 'Ek', false, 'Gatan 1',"
                " '123 45', 'Stad', '', false, 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO relations (id, person_id, kind, name, phone, street, postal_code,"
                " city, is_invoice_recipient, active)"
                " VALUES (1, 1, 'next_of_kin', 'Bo Ek', '', '', '', '', true, true)"
            )
        )
    migrate.upgrade(database)
    with database.read() as session:
        person = session.get(Person, 1)
        assert person is not None
        assert (person.first_name, person.language, person.needs_interpreter) == ("Anna", "", False)
        assert person.gender is None
        relation = session.get(Relation, 1)
        assert relation is not None
        assert (relation.name, relation.notify_on_events, relation.email) == ("Bo Ek", False, "")
    if backend == "sqlite":
        database.dispose()
