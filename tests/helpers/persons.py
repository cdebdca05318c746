"""Demo persons for the person window tests: who sits where, and direct changes made "from
another workstation" (straight through the services, in their own transaction)."""

from __future__ import annotations

from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, OrgUnit, Person, PersonChange, Relation
from treserva_desktop.domain.commands.persons import UpdateContact
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import persons as person_services

NORR_1 = "Norr grupp 1"


def person_at(database: Database, unit_name: str = NORR_1, *, skip: int = 0) -> int:
    """A person with an execution row at the unit (ordered by id)."""
    with database.read() as session:
        unit_id = session.scalar(select(OrgUnit.id).where(OrgUnit.name == unit_name))
        ids = session.scalars(
            select(Execution.person_id)
            .where(Execution.unit_id == unit_id)
            .distinct()
            .order_by(Execution.person_id)
        ).all()
    return ids[skip]


def load_person(database: Database, person_id: int) -> Person:
    with database.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        session.expunge(person)
        return person


def update_person(database: Database, person_id: int, **values: object) -> None:
    """Set columns directly (test setup, not a user action)."""
    with database.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        for name, value in values.items():
            setattr(person, name, value)


def relations_of(database: Database, person_id: int) -> list[Relation]:
    with database.read() as session:
        rows = session.scalars(
            select(Relation).where(Relation.person_id == person_id).order_by(Relation.id)
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def changes_of(database: Database, person_id: int) -> list[PersonChange]:
    with database.read() as session:
        rows = session.scalars(
            select(PersonChange)
            .where(PersonChange.person_id == person_id)
            .order_by(PersonChange.id)
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def change_phone_elsewhere(database: Database, actor: Actor, person_id: int, phone: str) -> None:
    """Another workstation saves the Kontakt tab of the same person."""
    with database.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        command = UpdateContact(
            person_id=person_id,
            expected_version=person.version,
            phone=phone,
            mobile_phone=person.mobile_phone,
            email=person.email,
        )
        person_services.update_contact(session, actor, command)
