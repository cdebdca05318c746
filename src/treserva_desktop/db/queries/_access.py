"""Shared helpers for the read side: which persons an actor may see (the rule lives in
db/queries/reach.py), list-item builders."""

from __future__ import annotations

from typing import Any

from treserva_desktop.db.models import Person
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.views import PersonListItem

__all__ = [
    "PERSON_ITEM_COLUMNS",
    "PERSON_ORDER",
    "person_item",
    "person_item_of",
    "require_person_access",
]


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
