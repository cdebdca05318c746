"""A pytest plugin for the log scan (tests/e2e/test_logs_hold_no_personal_data.py): after each
test that used the demo database it writes that database's personal data – names, identity
numbers, addresses, contact details, free text – as JSON lines to the file named by
TRESERVA_PERSONAL_DATA_OUT, so the scan knows exactly what must not be in the log."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    Message,
    Person,
    PersonChange,
    Relation,
    User,
)
from treserva_desktop.domain.identity import from_stored

OUT_ENV = "TRESERVA_PERSONAL_DATA_OUT"


def personal_data(database: Database) -> dict[str, list[str]]:
    """What the database holds about people, by kind."""
    found: dict[str, set[str]] = {"names": set(), "numbers": set(), "texts": set()}
    with database.read() as session:
        for person in session.scalars(select(Person)).all():
            found["names"].update(
                {person.first_name, person.last_name, f"{person.first_name} {person.last_name}"}
            )
            number = from_stored(person.identity_number, person.identity_kind)
            found["numbers"].update({person.identity_number, number.display()})
            if len(person.identity_number) == 12:
                found["numbers"].add(person.identity_number[2:])
            found["texts"].update(
                {
                    person.street,
                    person.temp_street,
                    person.phone,
                    person.mobile_phone,
                    person.email,
                    person.door_code,
                    person.key_info,
                }
            )
        for relation in session.scalars(select(Relation)).all():
            found["names"].add(relation.name)
            found["texts"].update({relation.phone, relation.street, relation.email})
        for user in session.scalars(select(User)).all():
            found["names"].add(user.display_name)
        for assignment in session.scalars(select(Assignment)).all():
            found["texts"].update({assignment.goals, assignment.stopped_reason})
        for message in session.scalars(select(Message)).all():
            found["texts"].add(message.body)
        for change in session.scalars(select(PersonChange)).all():
            found["texts"].update({change.old_value, change.new_value})
    return {kind: sorted(value for value in values if value) for kind, values in found.items()}


def pytest_configure(config: pytest.Config) -> None:
    """Besides the app's loggers at DEBUG (pytest's --log-level), SQLAlchemy logs every
    statement, as a support person turning SQL logging on would see it."""
    if os.environ.get(OUT_ENV):
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
        logging.getLogger("sqlalchemy.pool").setLevel(logging.DEBUG)


@pytest.fixture(autouse=True)
def _record_personal_data(request: pytest.FixtureRequest) -> Iterator[None]:
    out = os.environ.get(OUT_ENV)
    database = (
        request.getfixturevalue("demo_db") if out and "demo_db" in request.fixturenames else None
    )
    yield
    if out and isinstance(database, Database):
        with open(out, "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"test": request.node.nodeid, **personal_data(database)}))
            stream.write("\n")
