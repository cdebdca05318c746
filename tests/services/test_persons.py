"""Person record services (W5): permissions, invoice recipient, masking, audit, versions."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Person, PersonChange, Relation, RevealComment
from treserva_desktop.db.queries import person_record
from treserva_desktop.db.queries.persons import person_overview
from treserva_desktop.domain.commands.persons import (
    AddRelation,
    EndRelation,
    RevealProtected,
    RevealReasonChoice,
    SetBillingArea,
    SetContactPerson,
    UpdateAddresses,
    UpdateContact,
    UpdatePersonDetails,
    UpdateRelation,
)
from treserva_desktop.domain.enums import AuditAction, IdentityKind, RelationKind
from treserva_desktop.domain.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from treserva_desktop.domain.person_rules import Gender
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.services import persons as service

CONFLICT_TEXT = (
    "Personen har ändrats av någon annan sedan du öppnade den. De nya uppgifterna visas nu."
)


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


@pytest.fixture
def person_id(any_db: Database, world: World) -> int:
    with any_db.transaction() as session:
        return add_person(session, world, door_code="1234", key_info="Nyckel i tub")


def version(db: Database, person_id: int) -> int:
    with db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.version


def run(db: Database, world: World, username: str, fn: Any, command: Any) -> Any:
    with db.transaction() as session:
        return fn(session, actor(session, world, username), command)


def relation_cmd(person_id: int, expected: int, **overrides: Any) -> AddRelation:
    values: dict[str, Any] = {
        "person_id": person_id,
        "expected_version": expected,
        "kind": RelationKind.NEXT_OF_KIN,
        "name": "Britt Andersson",
        "relation_type": "Dotter",
        "phone": "070-765 43 21",
        "street": "Lillgatan 2",
        "postal_code": "54321",
        "city": "Södertälje",
    }
    values.update(overrides)
    return AddRelation(**values)


def relations(db: Database, person_id: int) -> list[Relation]:
    with db.read() as session:
        return list(
            session.scalars(
                select(Relation).where(Relation.person_id == person_id).order_by(Relation.id)
            ).all()
        )


def audit_events(session: Session, action: AuditAction) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()
    )


# --- the record ----------------------------------------------------------------------------


def test_record_shows_every_tab_to_a_coordinator(
    any_db: Database, world: World, person_id: int
) -> None:
    with any_db.transaction() as session:
        record = person_record.get_person_record(
            session, actor(session, world, "samordnare"), person_id
        )
    assert record.editable
    assert record.read_only_reason == ""
    assert record.name == "Anna Andersson"
    assert record.identity_display.startswith("19400517-")
    assert record.birth_date == date(1940, 5, 17)
    assert record.gender_from_identity
    assert record.gender in (Gender.FEMALE, Gender.MALE)
    assert record.address.text == "Storgatan 1, 123 45 Norrstad"
    assert record.phone == "070-123 45 67"
    assert record.door_code == "1234"
    assert record.key_info == "Nyckel i tub"
    assert record.temporary_address is None
    assert record.relations == ()
    assert record.billing_area is None
    assert record.version == 1
    assert not record.masked


def test_reading_the_record_is_audited(any_db: Database, world: World, person_id: int) -> None:
    with any_db.transaction() as session:
        person_record.get_person_record(session, actor(session, world, "personal"), person_id)
    with any_db.read() as session:
        (event,) = audit_events(session, AuditAction.READ_PERSON)
    assert event.person_id == person_id
    assert event.user_id == world.users["personal"]
    assert event.unit_id == world.units["Norr grupp 1"]


@pytest.mark.parametrize(
    ("username", "reason", "sees_keys"),
    [
        ("personal", "Din roll ger inte behörighet att ändra personuppgifter.", True),
        ("sjukskoterska", "Din roll ger inte behörighet att ändra personuppgifter.", False),
        ("handlaggare", "Din roll ger inte behörighet att ändra personuppgifter.", False),
    ],
)
def test_other_roles_see_the_record_read_only_with_the_reason(
    any_db: Database, world: World, person_id: int, username: str, reason: str, sees_keys: bool
) -> None:
    with any_db.transaction() as session:
        record = person_record.get_person_record(
            session, actor(session, world, username), person_id
        )
    assert not record.editable
    assert record.read_only_reason == reason
    assert (record.door_code == "1234") is sees_keys
    if not sees_keys:
        assert record.door_code is None
        assert record.key_info is None


def test_a_person_outside_the_actors_units_is_not_shown(
    any_db: Database, world: World, person_id: int
) -> None:
    with any_db.transaction() as session:
        with pytest.raises(PermissionDenied):
            person_record.get_person_record(
                session, actor(session, world, "samordnare_soder"), person_id
            )
        with pytest.raises(PermissionDenied):
            person_record.get_person_record(session, actor(session, world, "admin"), person_id)
        with pytest.raises(NotFound):
            person_record.get_person_record(session, actor(session, world, "samordnare"), 999)


def test_a_received_assignment_is_enough_to_edit(any_db: Database, world: World) -> None:
    with any_db.transaction() as session:
        pid = add_person(session, world, unit="Hemtjänst Söder", via="assignment")
    record = run(
        any_db,
        world,
        "samordnare_soder",
        service.update_contact,
        UpdateContact(person_id=pid, expected_version=1, phone="08-123 456 78"),
    )
    assert record.phone == "08-123 456 78"
    with any_db.transaction() as session, pytest.raises(PermissionDenied):
        service.update_contact(
            session,
            actor(session, world, "samordnare"),
            UpdateContact(person_id=pid, expected_version=2, phone="08-1"),
        )


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["samordnare", "gruppchef", "verksamhetschef"])
def test_managers_in_scope_may_save(
    any_db: Database, world: World, person_id: int, username: str
) -> None:
    record = run(
        any_db,
        world,
        username,
        service.update_person_details,
        UpdatePersonDetails(
            protected_identity=False,
            person_id=person_id,
            expected_version=1,
            first_name="Anna-Lisa",
            last_name="Andersson",
            language="Finska",
            needs_interpreter=True,
        ),
    )
    assert record.first_name == "Anna-Lisa"
    assert record.language == "Finska"
    assert record.needs_interpreter
    assert record.version == 2
    assert record.changed_by


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("personal", "Din roll ger inte behörighet att ändra personuppgifter."),
        ("sjukskoterska", "Din roll ger inte behörighet att ändra personuppgifter."),
        ("handlaggare", "Din roll ger inte behörighet att ändra personuppgifter."),
    ],
)
def test_other_roles_are_refused_and_nothing_is_saved(
    any_db: Database, world: World, person_id: int, username: str, message: str
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        run(
            any_db,
            world,
            username,
            service.add_relation,
            relation_cmd(person_id, 1),
        )
    assert refused.value.message == message
    assert relations(any_db, person_id) == []
    assert version(any_db, person_id) == 1


def test_a_manager_outside_the_unit_is_refused(
    any_db: Database, world: World, person_id: int
) -> None:
    # Visible through a second assignment at Söder, but the edit right follows the live units.
    with any_db.transaction() as session:
        south = add_person(session, world, unit="Hemtjänst Söder", first_name="Sven")
    with pytest.raises(PermissionDenied) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_contact,
            UpdateContact(person_id=south, expected_version=1, phone="08-123 456 78"),
        )
    assert "behörighet" in refused.value.message
    with pytest.raises(PermissionDenied) as refused_soder:
        run(
            any_db,
            world,
            "samordnare_soder",
            service.update_contact,
            UpdateContact(person_id=person_id, expected_version=1, phone="08-123 456 78"),
        )
    assert "behörighet" in refused_soder.value.message


# --- invoice recipient ---------------------------------------------------------------------


def test_second_active_invoice_recipient_is_refused(
    any_db: Database, world: World, person_id: int
) -> None:
    run(
        any_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(person_id, 1, is_invoice_recipient=True),
    )
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.add_relation,
            relation_cmd(person_id, 2, name="Bo Andersson", is_invoice_recipient=True),
        )
    assert refused.value.field == "is_invoice_recipient"
    assert "Britt Andersson" in refused.value.message
    assert [r.name for r in relations(any_db, person_id)] == ["Britt Andersson"]
    assert version(any_db, person_id) == 2


def test_turning_another_relation_into_invoice_recipient_is_refused(
    any_db: Database, world: World, person_id: int
) -> None:
    run(any_db, world, "samordnare", service.add_relation, relation_cmd(person_id, 1))
    run(
        any_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(person_id, 2, name="Bo Andersson", is_invoice_recipient=True),
    )
    first = relations(any_db, person_id)[0]
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_relation,
            UpdateRelation(
                **relation_cmd(person_id, 3, is_invoice_recipient=True).model_dump(),
                relation_id=first.id,
            ),
        )
    assert refused.value.field == "is_invoice_recipient"
    # Updating the recipient itself is fine (it does not count against itself).
    second = relations(any_db, person_id)[1]
    record = run(
        any_db,
        world,
        "samordnare",
        service.update_relation,
        UpdateRelation(
            **relation_cmd(
                person_id, 3, name="Bo Andersson", is_invoice_recipient=True, city="Uppsala"
            ).model_dump(),
            relation_id=second.id,
        ),
    )
    assert record.invoice_recipient is not None
    assert record.invoice_recipient.city == "Uppsala"


@pytest.mark.parametrize(
    ("missing", "field"),
    [("street", "street"), ("postal_code", "postal_code"), ("city", "city")],
)
def test_invoice_recipient_needs_a_full_postal_address(
    any_db: Database, world: World, person_id: int, missing: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.add_relation,
            relation_cmd(person_id, 1, is_invoice_recipient=True, **{missing: ""}),
        )
    assert refused.value.field == field
    assert "fullständig postadress" in refused.value.message
    assert relations(any_db, person_id) == []


def test_after_ending_the_recipient_a_new_one_may_be_added(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(
        any_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(person_id, 1, is_invoice_recipient=True),
    )
    first = record.relations[0]
    record = run(
        any_db,
        world,
        "samordnare",
        service.end_relation,
        EndRelation(person_id=person_id, expected_version=record.version, relation_id=first.id),
    )
    assert record.invoice_recipient is None
    record = run(
        any_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(
            person_id,
            record.version,
            name="God Man",
            kind=RelationKind.GUARDIAN,
            is_invoice_recipient=True,
        ),
    )
    assert record.invoice_recipient is not None
    assert record.invoice_recipient.name == "God Man"
    stored = relations(any_db, person_id)
    assert [(r.name, r.active) for r in stored] == [("Britt Andersson", False), ("God Man", True)]
    assert stored[0].ended_on == SYSTEM_CLOCK.today()


# --- relations -----------------------------------------------------------------------------


def test_relation_without_a_name_is_refused(any_db: Database, world: World, person_id: int) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db, world, "samordnare", service.add_relation, relation_cmd(person_id, 1, name="  ")
        )
    assert refused.value.field == "name"
    assert refused.value.message == "Namn måste anges."
    assert relations(any_db, person_id) == []


DUPLICATE_BRITT = (
    "Britt Andersson finns redan som närstående för personen. "
    "Ändra den befintliga relationen i stället."
)


def test_the_same_active_relation_twice_is_refused(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        pid = add_person(session, world)
    run(sqlite_db, world, "samordnare", service.add_relation, relation_cmd(pid, 1))
    with pytest.raises(ValidationError) as refused:
        run(
            sqlite_db,
            world,
            "samordnare",
            service.add_relation,
            relation_cmd(pid, 2, name="  britt ANDERSSON ", phone=""),
        )
    assert refused.value.field == "name"
    assert refused.value.message == DUPLICATE_BRITT.replace("Britt Andersson", "britt ANDERSSON")
    assert len(relations(sqlite_db, pid)) == 1
    # Another kind, or another name that is then renamed into a duplicate.
    record = run(
        sqlite_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(pid, 2, kind=RelationKind.GUARDIAN),
    )
    record = run(
        sqlite_db, world, "samordnare", service.add_relation, relation_cmd(pid, 3, name="Bo Ek")
    )
    bo = next(r for r in record.relations if r.name == "Bo Ek")
    with pytest.raises(ValidationError) as refused:
        run(
            sqlite_db,
            world,
            "samordnare",
            service.update_relation,
            UpdateRelation(**relation_cmd(pid, 4).model_dump(), relation_id=bo.id),
        )
    assert (refused.value.field, refused.value.message) == ("name", DUPLICATE_BRITT)
    # Saving a relation unchanged is not a duplicate of itself.
    britt = next(
        r for r in record.relations if r.name == "Britt Andersson" and r.kind_label == "Närstående"
    )
    run(
        sqlite_db,
        world,
        "samordnare",
        service.update_relation,
        UpdateRelation(
            **relation_cmd(pid, 4, phone="070-111 22 33").model_dump(), relation_id=britt.id
        ),
    )
    # An ended relation does not count: the person may be added again.
    run(
        sqlite_db,
        world,
        "samordnare",
        service.end_relation,
        EndRelation(person_id=pid, expected_version=5, relation_id=britt.id),
    )
    run(sqlite_db, world, "samordnare", service.add_relation, relation_cmd(pid, 6))
    assert len(relations(sqlite_db, pid)) == 4


@pytest.mark.parametrize(
    "kind",
    [
        RelationKind.NEXT_OF_KIN,
        RelationKind.GUARDIAN,
        RelationKind.ADMINISTRATOR,
        RelationKind.CONTACT_PERSON,
        RelationKind.REFERENCE_PERSON,
    ],
)
def test_every_relation_kind_can_be_added(sqlite_db: Database, kind: RelationKind) -> None:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        pid = add_person(session, world)
    record = run(
        sqlite_db,
        world,
        "samordnare",
        service.add_relation,
        relation_cmd(pid, 1, kind=kind, notify_on_events=True, email="britt@exempel.se"),
    )
    (relation,) = record.relations
    assert relation.kind is kind
    assert relation.kind_label == kind.label
    assert relation.notify_on_events
    assert relation.email == "britt@exempel.se"
    assert relation.postal_code == "543 21"
    assert relation.relation_type == "Dotter"


def test_an_ended_relation_is_kept_and_cannot_be_edited(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(any_db, world, "samordnare", service.add_relation, relation_cmd(person_id, 1))
    rid = record.relations[0].id
    record = run(
        any_db,
        world,
        "gruppchef",
        service.end_relation,
        EndRelation(person_id=person_id, expected_version=2, relation_id=rid),
    )
    assert record.relations[0].active is False
    assert record.active_relations == ()
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_relation,
            UpdateRelation(**relation_cmd(person_id, 3).model_dump(), relation_id=rid),
        )
    assert refused.value.field == "relation_id"
    with pytest.raises(ValidationError):
        run(
            any_db,
            world,
            "samordnare",
            service.end_relation,
            EndRelation(person_id=person_id, expected_version=3, relation_id=rid),
        )
    assert len(relations(any_db, person_id)) == 1


def test_a_relation_of_another_person_is_not_found(
    any_db: Database, world: World, person_id: int
) -> None:
    with any_db.transaction() as session:
        other = add_person(session, world, first_name="Olle")
    record = run(any_db, world, "samordnare", service.add_relation, relation_cmd(other, 1))
    with pytest.raises(NotFound):
        run(
            any_db,
            world,
            "samordnare",
            service.end_relation,
            EndRelation(
                person_id=person_id, expected_version=1, relation_id=record.relations[0].id
            ),
        )


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"email": "anna@"}, "email", "giltig e-postadress"),
        ({"email": "anna exempel.se"}, "email", "giltig e-postadress"),
        ({"phone": "12345"}, "phone", "giltigt telefonnummer"),
        ({"phone": "070-abc"}, "phone", "giltigt telefonnummer"),
        ({"mobile_phone": "+46 070 123 45 67"}, "mobile_phone", "giltigt telefonnummer"),
        ({"door_code": "1" * 41}, "door_code", "högst 40 tecken"),
        ({"key_info": "x" * 201}, "key_info", "högst 200 tecken"),
        ({"email": "a" * 250 + "@ex.se"}, "email", "högst 254 tecken"),
    ],
)
def test_bad_contact_data_names_the_field_and_saves_nothing(
    any_db: Database, world: World, person_id: int, values: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_contact,
            UpdateContact(person_id=person_id, expected_version=1, **values),
        )
    assert refused.value.field == field
    assert words in refused.value.message
    assert version(any_db, person_id) == 1


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"first_name": ""}, "first_name", "Förnamn måste anges"),
        ({"last_name": "B" * 81}, "last_name", "Efternamn får vara högst 80 tecken"),
        ({"language": "x" * 61}, "language", "högst 60 tecken"),
    ],
)
def test_bad_details_name_the_field(
    any_db: Database, world: World, person_id: int, values: dict[str, str], field: str, words: str
) -> None:
    command: dict[str, Any] = {
        "first_name": "Anna",
        "last_name": "Andersson",
        "protected_identity": False,
    } | values
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_person_details,
            UpdatePersonDetails(person_id=person_id, expected_version=1, **command),
        )
    assert refused.value.field == field
    assert words in refused.value.message
    assert version(any_db, person_id) == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"postal_code": "1234"}, "postal_code"),
        ({"postal_code": "123-45"}, "postal_code"),
        ({"postal_code": "012 34"}, "postal_code"),
        ({"street": "S" * 121}, "street"),
        ({"city": "C" * 81}, "city"),
        ({"temp_street": "Sommarvägen 3"}, "temp_postal_code"),
        (
            {
                "temp_street": "Sommarvägen 3",
                "temp_postal_code": "76190",
                "temp_city": "Norrtälje",
            },
            "temp_valid_from",
        ),
        (
            {
                "temp_street": "Sommarvägen 3",
                "temp_postal_code": "76190",
                "temp_city": "Norrtälje",
                "temp_valid_from": date(2026, 6, 1),
                "temp_valid_to": date(2026, 5, 31),
            },
            "temp_valid_to",
        ),
    ],
)
def test_bad_addresses_name_the_field(
    any_db: Database, world: World, person_id: int, values: dict[str, Any], field: str
) -> None:
    command: dict[str, Any] = {"street": "Storgatan 1", "postal_code": "123 45", "city": "Norrstad"}
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_addresses,
            UpdateAddresses(person_id=person_id, expected_version=1, **(command | values)),
        )
    assert refused.value.field == field
    assert version(any_db, person_id) == 1


def test_addresses_are_saved_with_a_normalised_postal_code(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(
        any_db,
        world,
        "samordnare",
        service.update_addresses,
        UpdateAddresses(
            person_id=person_id,
            expected_version=1,
            street="Nygatan 5",
            postal_code="11122",
            city="Stockholm",
            temp_street="Sommarvägen 3",
            temp_postal_code="761 90",
            temp_city="Norrtälje",
            temp_valid_from=date(2026, 6, 1),
            temp_valid_to=date(2026, 8, 31),
        ),
    )
    assert record.address.text == "Nygatan 5, 111 22 Stockholm"
    assert record.temporary_address is not None
    assert record.temporary_address.valid_to == date(2026, 8, 31)
    assert record.temporary_address.text == "Sommarvägen 3, 761 90 Norrtälje"


def test_contact_is_saved_and_door_code_left_alone_when_not_sent(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(
        any_db,
        world,
        "samordnare",
        service.update_contact,
        UpdateContact(
            person_id=person_id,
            expected_version=1,
            phone="08 - 123 45 67",
            mobile_phone="+46 70 123 45 67",
            email="anna@exempel.se",
        ),
    )
    # Stored in the one written form, as postal codes are (issue 12).
    assert record.phone == "08-123 45 67"
    assert record.mobile_phone == "070-123 45 67"
    assert record.door_code == "1234"


# --- gender --------------------------------------------------------------------------------


def test_gender_follows_the_identity_number(any_db: Database, world: World, person_id: int) -> None:
    with any_db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        derived = Gender.FEMALE if int(person.identity_number[10]) % 2 == 0 else Gender.MALE
    other = Gender.MALE if derived is Gender.FEMALE else Gender.FEMALE
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_person_details,
            UpdatePersonDetails(
                protected_identity=False,
                person_id=person_id,
                expected_version=1,
                first_name="Anna",
                last_name="Andersson",
                gender=other,
            ),
        )
    assert refused.value.field == "gender"


def test_gender_is_stored_for_a_reserve_number(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        pid = add_person(
            session, world, identity_number="R12345", identity_kind=IdentityKind.RESERVE
        )
    record = run(
        sqlite_db,
        world,
        "samordnare",
        service.update_person_details,
        UpdatePersonDetails(
            protected_identity=False,
            person_id=pid,
            expected_version=1,
            first_name="Anna",
            last_name="Andersson",
            gender=Gender.FEMALE,
        ),
    )
    assert record.gender is Gender.FEMALE
    assert not record.gender_from_identity
    assert record.birth_date is None


# --- billing area and contact person -------------------------------------------------------


def test_billing_area_from_the_code_list(any_db: Database, world: World, person_id: int) -> None:
    with any_db.read() as session:
        codes = [area.code for area in person_record.billing_areas(session)]
        assert not person_record.person_has_billing_area(session, person_id)
    assert "HT-N" in codes
    record = run(
        any_db,
        world,
        "samordnare",
        service.set_billing_area,
        SetBillingArea(person_id=person_id, expected_version=1, billing_area_code="HT-N"),
    )
    assert record.billing_area is not None
    assert record.billing_area.label == "HT-N – Hemtjänst Norr"
    with any_db.read() as session:
        assert person_record.person_has_billing_area(session, person_id)
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.set_billing_area,
            SetBillingArea(person_id=person_id, expected_version=2, billing_area_code="XX"),
        )
    assert refused.value.field == "billing_area"
    with any_db.read() as session:
        change = session.scalars(select(PersonChange)).one()
    assert (change.field, change.old_value, change.new_value) == (
        "billing_area",
        "",
        "HT-N – Hemtjänst Norr",
    )


def test_contact_person_is_a_user_at_the_persons_units(
    any_db: Database, world: World, person_id: int
) -> None:
    with any_db.transaction() as session:
        candidates = person_record.contact_person_candidates(
            session, actor(session, world, "samordnare"), person_id
        )
    names = {c.name for c in candidates}
    assert {"Per Personal", "Sara Samordnare", "Gustav Grupp", "Vera Verksam"} <= names
    assert "Hans Handläggare" not in names
    assert "Sune Söder" not in names
    record = run(
        any_db,
        world,
        "samordnare",
        service.set_contact_person,
        SetContactPerson(person_id=person_id, expected_version=1, user_id=world.users["personal"]),
    )
    assert record.contact_person is not None
    assert record.contact_person.name == "Per Personal"
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.set_contact_person,
            SetContactPerson(
                person_id=person_id, expected_version=2, user_id=world.users["handlaggare"]
            ),
        )
    assert refused.value.field == "contact_person"


# --- protected identity --------------------------------------------------------------------


@pytest.fixture
def protected_id(any_db: Database, world: World) -> int:
    with any_db.transaction() as session:
        pid = add_person(
            session,
            world,
            first_name="Hemlig",
            last_name="Person",
            protected_identity=True,
            email="hemlig@exempel.se",
            door_code="9876",
        )
        session.add(
            Relation(
                person_id=pid,
                kind=RelationKind.NEXT_OF_KIN,
                name="Make Person",
                phone="070-111 22 33",
                street="Samma gata 1",
                postal_code="123 45",
                city="Norrstad",
            )
        )
    return pid


def test_protected_identity_is_masked_in_the_record(
    any_db: Database, world: World, protected_id: int
) -> None:
    with any_db.transaction() as session:
        record = person_record.get_person_record(
            session, actor(session, world, "samordnare"), protected_id
        )
    assert record.masked
    assert record.address.text == PROTECTED_TEXT
    assert record.phone == PROTECTED_TEXT
    assert record.email == PROTECTED_TEXT
    assert record.door_code == PROTECTED_TEXT
    (relation,) = record.relations
    assert relation.name == "Make Person"
    assert relation.address == PROTECTED_TEXT
    assert relation.phone == PROTECTED_TEXT


def test_protected_identity_is_masked_in_the_overview(
    any_db: Database, world: World, protected_id: int
) -> None:
    with any_db.transaction() as session:
        overview = person_overview(session, actor(session, world, "samordnare"), protected_id)
    assert overview.address == PROTECTED_TEXT
    assert overview.phone == PROTECTED_TEXT


def test_reveal_needs_a_reason(any_db: Database, world: World, protected_id: int) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.reveal_protected,
            RevealProtected(person_id=protected_id, reason=RevealReasonChoice(code="   ")),
        )
    assert refused.value.field == "reason_code"
    with any_db.read() as session:
        assert audit_events(session, AuditAction.READ_PERSON) == []


def test_reveal_reason_outside_the_code_list_is_refused(
    any_db: Database, world: World, protected_id: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.reveal_protected,
            RevealProtected(
                person_id=protected_id, reason=RevealReasonChoice(code="Planera hembesök")
            ),
        )
    assert refused.value.field == "reason_code"
    with any_db.read() as session:
        assert audit_events(session, AuditAction.READ_PERSON) == []
        assert session.scalars(select(RevealComment)).all() == []


def test_reveal_shows_the_data_and_is_audited_with_the_reason(
    any_db: Database, world: World, protected_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    record = run(
        any_db,
        world,
        "samordnare",
        service.reveal_protected,
        RevealProtected(
            person_id=protected_id,
            reason=RevealReasonChoice(code="care_visit", comment="Planera hembesök"),
        ),
    )
    assert not record.masked
    assert record.address.text == "Storgatan 1, 123 45 Norrstad"
    assert record.email == "hemlig@exempel.se"
    assert record.relations[0].address == "Samma gata 1, 123 45 Norrstad"
    with any_db.read() as session:
        (event,) = audit_events(session, AuditAction.READ_PERSON)
    assert event.details["reveal_protected"] is True
    # The code in the details; the comment in its own table, named by id (issue 9).
    assert event.details["reason_code"] == "care_visit"
    assert "Planera" not in str(event.details)
    with any_db.read() as session:
        comment = session.get(RevealComment, event.details["reveal_comment_id"])
        assert comment is not None
        assert (comment.comment, comment.person_id, comment.reason_code) == (
            "Planera hembesök",
            protected_id,
            "care_visit",
        )
    assert event.person_id == protected_id
    assert event.unit_id is not None
    assert "Planera" not in caplog.text
    assert "Storgatan" not in caplog.text


def test_saving_the_masked_text_over_a_protected_value_is_refused(
    any_db: Database, world: World, protected_id: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        run(
            any_db,
            world,
            "samordnare",
            service.update_addresses,
            UpdateAddresses(person_id=protected_id, expected_version=1, street=PROTECTED_TEXT),
        )
    assert refused.value.field == "street"
    with any_db.read() as session:
        person = session.get(Person, protected_id)
        assert person is not None
        assert person.street == "Storgatan 1"


# --- audit and versions --------------------------------------------------------------------


def test_changes_are_audited_with_old_and_new_values(
    any_db: Database, world: World, person_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    run(
        any_db,
        world,
        "samordnare",
        service.update_contact,
        UpdateContact(
            person_id=person_id,
            expected_version=1,
            phone="070-999 88 77",
            email="ny@exempel.se",
            door_code="1234",
        ),
    )
    with any_db.read() as session:
        (event,) = audit_events(session, AuditAction.UPDATE)
        changes = session.scalars(select(PersonChange).order_by(PersonChange.id)).all()
        assert event.person_id == person_id
        assert event.user_id == world.users["samordnare"]
        assert event.unit_id is not None
        assert event.details["fields"] == ["phone", "email"]
        assert event.details["person_changes"] == [c.id for c in changes]
        assert [(c.field, c.old_value, c.new_value) for c in changes] == [
            ("phone", "070-123 45 67", "070-999 88 77"),
            ("email", "", "ny@exempel.se"),
        ]
        assert all(c.user_id == world.users["samordnare"] for c in changes)
    # Values never reach the log, and the audit details hold no values either.
    assert "070-999" not in caplog.text
    assert "ny@exempel.se" not in caplog.text
    assert "070-999" not in str(event.details)


def test_a_save_without_changes_writes_nothing(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(
        any_db,
        world,
        "samordnare",
        service.update_contact,
        UpdateContact(person_id=person_id, expected_version=1, phone="070-123 45 67"),
    )
    assert record.version == 1
    with any_db.read() as session:
        assert audit_events(session, AuditAction.UPDATE) == []


def test_the_second_workstation_is_told_and_the_first_save_stays(
    any_db: Database, world: World, person_id: int
) -> None:
    # Both windows opened the record at version 1.
    with any_db.transaction() as session:
        opened = person_record.get_person_record(
            session, actor(session, world, "gruppchef"), person_id
        )
    run(
        any_db,
        world,
        "samordnare",
        service.update_contact,
        UpdateContact(person_id=person_id, expected_version=opened.version, phone="08-111 111"),
    )
    with pytest.raises(Conflict) as refused:
        run(
            any_db,
            world,
            "gruppchef",
            service.update_contact,
            UpdateContact(person_id=person_id, expected_version=opened.version, phone="08-222 222"),
        )
    assert refused.value.message == CONFLICT_TEXT
    with any_db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        assert person.phone == "08-11 11 11"  # stored formatted
        assert person.version == 2


def test_relation_changes_bump_the_person_version(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(any_db, world, "samordnare", service.add_relation, relation_cmd(person_id, 1))
    assert record.version == 2
    with pytest.raises(Conflict):
        run(
            any_db,
            world,
            "gruppchef",
            service.set_billing_area,
            SetBillingArea(person_id=person_id, expected_version=1, billing_area_code="HT-N"),
        )


@pytest.mark.postgres
def test_version_column_catches_a_save_that_slipped_past_the_check(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workstation B read version 1 in its own transaction before A committed version 2: the
    UPDATE ... WHERE version = 1 finds no row and B gets the same Conflict."""
    with postgres_db.transaction() as session:
        world = build_world(session)
        pid = add_person(session, world)
    monkeypatch.setattr(Session, "refresh", lambda *_args, **_kwargs: None)
    session_b = Session(postgres_db.engine)
    try:
        session_b.begin()
        actor_b = actor(session_b, world, "gruppchef")
        assert session_b.get(Person, pid) is not None  # version 1 now in B's identity map
        run(
            postgres_db,
            world,
            "samordnare",
            service.update_contact,
            UpdateContact(person_id=pid, expected_version=1, phone="08-111 111"),
        )
        with pytest.raises(Conflict) as refused:
            service.update_contact(
                session_b,
                actor_b,
                UpdateContact(person_id=pid, expected_version=1, phone="08-222 222"),
            )
        assert refused.value.message == CONFLICT_TEXT
    finally:
        session_b.rollback()
        session_b.close()
    with postgres_db.read() as session:
        person = session.get(Person, pid)
        assert person is not None
        assert person.phone == "08-11 11 11"  # stored formatted


def test_setting_protected_identity_masks_the_record_from_then_on(
    any_db: Database, world: World, person_id: int
) -> None:
    record = run(
        any_db,
        world,
        "verksamhetschef",
        service.update_person_details,
        UpdatePersonDetails(
            person_id=person_id,
            expected_version=1,
            first_name="Anna",
            last_name="Andersson",
            protected_identity=True,
        ),
    )
    assert record.protected_identity
    assert record.masked
    assert record.address.text == PROTECTED_TEXT
    with any_db.read() as session:
        change = session.scalars(select(PersonChange)).one()
    assert (change.field, change.old_value, change.new_value) == ("protected_identity", "Nej", "Ja")
