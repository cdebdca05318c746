"""A person registered through Nytt uppdrag can be saved unchanged in the person window."""

from __future__ import annotations

import pytest
from tests.helpers.assignment_world import World

from treserva_desktop.db.models import Person
from treserva_desktop.db.queries.person_record import get_person_record
from treserva_desktop.domain.commands.authority import PersonInput
from treserva_desktop.domain.commands.persons import (
    UpdateAddresses,
    UpdateContact,
    UpdatePersonDetails,
)
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.person_rules import normalize_phone, normalize_postal_code
from treserva_desktop.services import authority, persons


def _register(world: World, postal_code: str, phone: str) -> int:
    person = PersonInput(
        identity_number=world.next_number(),
        first_name="Ingrid",
        last_name="Testsson",
        street="Storgatan 1",
        postal_code=postal_code,
        city="Åby",
        phone=phone,
    )
    return world.send(person=person).person_id


@pytest.mark.parametrize(
    ("postal_code", "phone", "stored_postal_code", "stored_phone"),
    [
        ("12345", "", "123 45", ""),
        ("123 45", "070-123 45 67", "123 45", "070-123 45 67"),
        (" 98499 ", "0701234567", "984 99", "070-123 45 67"),
        ("582 22", "+46  70 123 45 67", "582 22", "070-123 45 67"),
    ],
)
def test_registered_person_saves_unchanged_in_every_person_window_tab(
    world: World, postal_code: str, phone: str, stored_postal_code: str, stored_phone: str
) -> None:
    person_id = _register(world, postal_code, phone)
    actor = world.actor("gruppchef")
    with world.db.read() as session:
        record = get_person_record(session, actor, person_id)
    assert (record.address.postal_code, record.phone) == (stored_postal_code, stored_phone)
    saves = (
        UpdateAddresses(
            person_id=person_id,
            expected_version=record.version,
            street=record.address.street,
            postal_code=record.address.postal_code,
            city=record.address.city,
        ),
        UpdateContact(
            person_id=person_id,
            expected_version=record.version,
            phone=record.phone,
            mobile_phone=record.mobile_phone,
            email=record.email,
        ),
        UpdatePersonDetails(
            person_id=person_id,
            expected_version=record.version,
            first_name=record.first_name,
            last_name=record.last_name,
            gender=record.gender,
            language=record.language,
            needs_interpreter=record.needs_interpreter,
            protected_identity=record.protected_identity,
        ),
    )
    with world.db.transaction() as session:
        persons.update_addresses(session, actor, saves[0])
        persons.update_contact(session, actor, saves[1])
        persons.update_person_details(session, actor, saves[2])
    with world.db.read() as session:
        stored = session.get(Person, person_id)
        assert stored is not None
        # Nothing differed, so nothing was written and the version did not move.
        assert (stored.postal_code, stored.phone, stored.version) == (
            stored_postal_code,
            stored_phone,
            record.version,
        )


@pytest.mark.parametrize(
    ("postal_code", "phone", "field"),
    [
        ("012 34", "", "postal_code"),
        ("12 345", "", "postal_code"),
        ("1234", "", "postal_code"),
        ("12345", "12", "phone"),
    ],
)
def test_registration_refuses_what_the_person_window_would_refuse(
    world: World, postal_code: str, phone: str, field: str
) -> None:
    command = world.new_assignment(
        person=PersonInput(
            identity_number=world.next_number(),
            first_name="Ingrid",
            last_name="Testsson",
            postal_code=postal_code,
            phone=phone,
        )
    )
    with pytest.raises(ValidationError) as registered, world.db.transaction() as session:
        authority.send_new_assignment(session, world.actor("handlaggare"), command)
    # The person window's rule for the same field and value gives the same answer.
    rule, value = (
        (normalize_postal_code, postal_code) if field == "postal_code" else (normalize_phone, phone)
    )
    with pytest.raises(ValidationError) as edited:
        rule(field, value)
    assert (registered.value.field, registered.value.message) == (
        edited.value.field,
        edited.value.message,
    )
