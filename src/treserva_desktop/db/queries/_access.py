"""Shared helpers for the read side: which persons an actor may see, list-item builders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import Assignment, Execution, Person
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PersonListItem


def person_item(person: Person) -> PersonListItem:
    return PersonListItem(
        id=person.id,
        name=f"{person.last_name}, {person.first_name}",
        identity_display=from_stored(person.identity_number, person.identity_kind).display(),
        protected_identity=person.protected_identity,
    )


# What a person list shows, and its order (Swedish alphabetical by last, first name; the
# indexed keys of migration 0005). Lists select these columns, never whole Person rows.
PERSON_ITEM_COLUMNS = (
    Person.id,
    Person.last_name,
    Person.first_name,
    Person.identity_number,
    Person.identity_kind,
    Person.protected_identity,
)
PERSON_ORDER = (Person.last_name_key, Person.first_name_key, Person.id)


def person_item_of(row: Any) -> PersonListItem:
    """A list item from a row that selected PERSON_ITEM_COLUMNS (under their own names)."""
    return PersonListItem(
        id=row.id,
        name=f"{row.last_name}, {row.first_name}",
        identity_display=from_stored(row.identity_number, row.identity_kind).display(),
        protected_identity=row.protected_identity,
    )


def require_person_access(session: Session, actor: Actor, person_id: int) -> Person:
    """The person, if the actor reaches them through a unit's rows or assignments."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Personen finns inte.")
    if actor.can(Permission.SEND_ASSIGNMENTS):
        return person
    units = actor.units_with(Permission.VIEW_PERSONS)
    if units:
        reachable = session.scalar(
            select(
                or_(
                    exists().where(Execution.person_id == person_id, Execution.unit_id.in_(units)),
                    exists().where(
                        Assignment.person_id == person_id,
                        Assignment.receiver_unit_id.in_(units),
                    ),
                )
            )
        )
        if reachable:
            return person
    raise PermissionDenied("Du har inte behörighet att se den här personen.")
