"""Housing (W14, W15): objects, contracts, Byt objekt, ending, the Kontraktslista and the
short-term warning, with their guards, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from tests.helpers.assignment_world import PERIOD_START, TODAY, World
from tests.helpers.housing_world import (
    NURSING,
    SHORT_TERM,
    add_object,
    build_housing_world,
    housed_person,
    object_id,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, HousingContract, Person
from treserva_desktop.db.queries import housing as housing_queries
from treserva_desktop.db.queries import short_term_places
from treserva_desktop.db.queries.ending import live_commitments
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.housing import (
    ChangeObject,
    ContractSearch,
    CreateContract,
    EndContract,
    RetireHousingObject,
)
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.services import housing
from treserva_desktop.ui.runner import rehearse


def create(world: World, person_id: int, label: str, start: object = PERIOD_START) -> int:
    command = CreateContract(
        person_id=person_id, object_id=object_id(world, label), start_date=start
    )  # type: ignore[arg-type]
    with world.db.transaction() as session:
        return housing.create_contract(session, world.actor("chef"), command).contract_id


def contract(db: Database, contract_id: int) -> HousingContract:
    with db.read() as session:
        found = session.get(HousingContract, contract_id)
        assert found is not None
        session.expunge(found)
        return found


def contract_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(HousingContract)) or 0


def test_create_contract_and_boende(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    contract_id = create(world, person_id, "Lgh 101")
    chef = world.actor("chef")
    with any_db.transaction() as session:
        view = housing_queries.person_housing(session, chef, person_id, world.units[NURSING])
        objects = housing_queries.unit_objects(session, chef, world.units[NURSING])
        vacant = housing_queries.vacant_objects(session, chef, world.units[NURSING], TODAY)
    assert view.executed
    assert view.live is not None
    assert view.live.id == contract_id
    assert view.live.kind is ContractKind.RENTAL
    assert view.live.object_label == "Lgh 101"
    occupied = {item.label: item.status for item in objects}
    assert occupied == {"Lgh 101": "Upptaget", "Lgh 102": "Ledigt"}
    first = TODAY.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = {item.label: item.occupied_days for item in objects}
    assert days == {"Lgh 101": (last - max(first, PERIOD_START)).days + 1, "Lgh 102": 0}
    assert [item.label for item in vacant] == ["Lgh 102"]


def test_a_contract_for_a_later_move_in_is_kommande_until_its_day(any_db: Database) -> None:
    """Signed for a move-in day still to come: Kommande (not Aktuellt) in the list and in
    the heading of Boende and the contract window; Aktuellt from that day."""
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    chef = world.actor("chef")
    later = TODAY + timedelta(days=10)
    upcoming_id = create(world, person_id, "Lgh 102", start=later)
    with any_db.transaction() as session:
        view = housing_queries.person_housing(session, chef, person_id, world.units[NURSING])
    assert [(c.id, c.status) for c in view.contracts] == [(upcoming_id, "Kommande")]
    assert view.live is not None
    assert view.live.heading == f"Kommande kontrakt: Lgh 102 från {later:%Y-%m-%d}."
    assert replace(view.live, upcoming=False).status == "Aktuellt"


def test_an_occupied_object_is_refused_and_nothing_changes(any_db: Database) -> None:
    world = build_housing_world(any_db)
    first = housed_person(world)
    second = housed_person(world, first_name="Sven")
    create(world, first, "Lgh 101")
    with pytest.raises(ValidationError, match="upptaget"):
        create(world, second, "Lgh 101", PERIOD_START + timedelta(days=3))
    with pytest.raises(ValidationError, match="redan ett kontrakt"):
        create(world, first, "Lgh 102")
    assert contract_count(any_db) == 1


def test_the_database_holds_one_open_contract_per_object(any_db: Database) -> None:
    world = build_housing_world(any_db)
    first = housed_person(world)
    contract_id = create(world, first, "Lgh 101")
    row = contract(any_db, contract_id)
    with pytest.raises(IntegrityError), any_db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO housing_contracts (person_id, object_id, kind, start_date, "
                "end_reason_code, created_by_user_id, created_at, version) VALUES "
                "(:person, :object, 'rental', :start, '', :user, :at, 1)"
            ),
            {
                "person": first,
                "object": row.object_id,
                "start": TODAY,
                "user": world.users["chef"],
                "at": row.created_at,
            },
        )
    with pytest.raises(DBAPIError, match="never deleted"), any_db.transaction() as session:
        session.execute(text("DELETE FROM housing_contracts"))


def test_a_contract_needs_the_intervention_sent_to_execution(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world, to_execution=False)
    with pytest.raises(ValidationError, match="Skickad till genomförande"):
        create(world, person_id, "Lgh 101")
    # A short-term place needs a short-term decision, not special housing.
    housed = housed_person(world, first_name="Sven")
    with pytest.raises(ValidationError, match="Skickad till genomförande"):
        create(world, housed, "Plats 1")
    assert contract_count(any_db) == 0


def test_change_of_object_ends_the_old_contract_the_day_before(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    old_id = create(world, person_id, "Lgh 101")
    change_on = PERIOD_START + timedelta(days=4)
    old = contract(any_db, old_id)
    command = ChangeObject(
        contract_id=old_id,
        object_id=object_id(world, "Lgh 102"),
        start_date=change_on,
        expected_version=old.version,
    )
    with any_db.transaction() as session:
        result = housing.change_object(session, world.actor("chef"), command)
    assert change_set_of(housing.change_object, command, result).kinds == {ChangeKind.CONTRACTS}
    ended = contract(any_db, old_id)
    new = contract(any_db, result.contract_id)
    assert ended.move_out_on == change_on - timedelta(days=1)
    assert ended.end_reason_code == "object_change"
    assert new.start_date == change_on
    assert new.move_out_on is None
    assert new.replaces_contract_id == old_id


def test_change_to_the_same_object_or_before_the_start_is_refused(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    old_id = create(world, person_id, "Lgh 101")
    version = contract(any_db, old_id).version
    for target, day, message in (
        ("Lgh 101", PERIOD_START + timedelta(days=2), "redan i det objektet"),
        ("Lgh 102", PERIOD_START, "efter att nuvarande kontrakt"),
    ):
        command = ChangeObject(
            contract_id=old_id,
            object_id=object_id(world, target),
            start_date=day,
            expected_version=version,
        )
        with pytest.raises(ValidationError, match=message), any_db.transaction() as session:
            housing.change_object(session, world.actor("chef"), command)
    assert contract_count(any_db) == 1
    assert contract(any_db, old_id).move_out_on is None


def test_end_contract_dates_in_order(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    contract_id = create(world, person_id, "Lgh 101")
    version = contract(any_db, contract_id).version
    notice = PERIOD_START + timedelta(days=2)
    bad = EndContract(
        contract_id=contract_id,
        notice_on=notice,
        move_out_on=notice - timedelta(days=1),
        reason_code="deceased",
        expected_version=version,
    )
    with (
        pytest.raises(ValidationError, match="Utflyttningsdatum") as caught,
        any_db.transaction() as session,
    ):
        housing.end_contract(session, world.actor("chef"), bad)
    assert caught.value.field == "move_out_on"
    unknown = bad.model_copy(update={"move_out_on": notice, "reason_code": "x"})
    with pytest.raises(ValidationError, match="orsak"), any_db.transaction() as session:
        housing.end_contract(session, world.actor("chef"), unknown)
    # Byte av objekt is Byt objekt's reason, not offered or taken here.
    change = unknown.model_copy(update={"reason_code": "object_change"})
    with pytest.raises(ValidationError, match="Byt objekt"), any_db.transaction() as session:
        housing.end_contract(session, world.actor("chef"), change)
    with any_db.read() as session:
        offered = [code for code, _name in housing_queries.contract_end_reasons(session)]
    assert "object_change" not in offered
    assert "deceased" in offered
    good = bad.model_copy(update={"move_out_on": notice + timedelta(days=30)})
    with any_db.transaction() as session:
        housing.end_contract(session, world.actor("chef"), good)
    ended = contract(any_db, contract_id)
    assert (ended.notice_on, ended.move_out_on) == (notice, notice + timedelta(days=30))
    # Vacant again after the move-out day: another person may move in then.
    other = housed_person(world, first_name="Sven")
    create(world, other, "Lgh 101", notice + timedelta(days=31))


def test_live_contract_is_listed_before_ending_the_intervention(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    create(world, person_id, "Lgh 101")
    with any_db.transaction() as session:
        warnings = live_commitments(session, world.actor("chef"), person_id, world.units[NURSING])
    assert any("Lgh 101" in sentence and "Boende" in sentence for sentence in warnings)


def test_care_staff_and_other_units_are_refused(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    command = CreateContract(
        person_id=person_id, object_id=object_id(world, "Lgh 101"), start_date=PERIOD_START
    )
    for username in ("personal", "gruppchef"):
        with pytest.raises(PermissionDenied), any_db.transaction() as session:
            housing.create_contract(session, world.actor(username), command)
    assert contract_count(any_db) == 0


def test_retire_object_never_deletes_and_refuses_a_let_object(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    create(world, person_id, "Lgh 101")
    chef = world.actor("chef")
    with any_db.read() as session:
        listed = housing_queries.unit_objects(session, chef, world.units[NURSING])
    versions = {item.label: item.version for item in listed}
    for label, message in (("Lgh 101", "Avsluta kontraktet först"),):
        command = RetireHousingObject(
            object_id=object_id(world, label), retired_on=TODAY, expected_version=versions[label]
        )
        with pytest.raises(ValidationError, match=message), any_db.transaction() as session:
            housing.retire_object(session, chef, command)
        # The dialog's check before asking gives the same refusal and writes nothing.
        with pytest.raises(ValidationError, match=message), any_db.read() as session:
            housing.check_retire_object(session, chef, command)
    command = RetireHousingObject(
        object_id=object_id(world, "Lgh 102"),
        retired_on=TODAY,
        expected_version=versions["Lgh 102"],
    )
    with any_db.read() as session:
        housing.check_retire_object(session, chef, command)  # would go through
    with any_db.transaction() as session:
        housing.retire_object(session, chef, command)
    with any_db.read() as session:
        vacant = housing_queries.vacant_objects(session, chef, world.units[NURSING], TODAY)
    assert vacant == []
    with pytest.raises(ValidationError, match="finns redan"):
        add_object(world, NURSING, "Lgh 102", HousingKind.APARTMENT)
    with pytest.raises(ValidationError, match="korttidsboenden"):
        add_object(world, NURSING, "Plats 9", HousingKind.SHORT_TERM_PLACE)


def test_contract_list_by_identity_number_and_unit(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    create(world, person_id, "Lgh 101")
    with any_db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        number = person.identity_number
    chef = world.actor("chef")
    with any_db.transaction() as session:
        by_number = housing_queries.contract_list(
            session, chef, ContractSearch(identity_number=number)
        )
        by_unit = housing_queries.contract_list(
            session, chef, ContractSearch(unit_id=world.units[NURSING])
        )
        everywhere = housing_queries.contract_list(session, chef, ContractSearch())
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "housing_contract", AuditEvent.person_id == person_id)
        )
    assert [item.person_id for item in by_number.rows] == [person_id]
    assert [item.object_label for item in by_unit.rows] == ["Lgh 101"]
    # Neither given: Alla mina enheter, here the same one contract.
    assert [item.id for item in everywhere.rows] == [item.id for item in by_unit.rows]
    assert not by_unit.more
    assert audited
    assert audited >= 3


def test_contract_list_comes_a_page_at_a_time_and_audits_what_is_shown(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(housing_queries, "CONTRACT_PAGE", 1)
    world = build_housing_world(any_db)
    first = housed_person(world)
    second = housed_person(world, first_name="Astrid")
    create(world, first, "Lgh 101")
    create(world, second, "Lgh 102")
    chef = world.actor("chef")
    search = ContractSearch(unit_id=world.units[NURSING])
    with any_db.transaction() as session:
        page = housing_queries.contract_list(session, chef, search)
        rest = housing_queries.contract_list(session, chef, search, offset=1)
        audited = session.execute(
            select(AuditEvent.person_id, AuditEvent.entity_id, AuditEvent.unit_id).where(
                AuditEvent.entity_type == "housing_contract",
                AuditEvent.action == AuditAction.READ_PERSON,
            )
        ).all()
    assert (len(page.rows), page.more) == (1, True)
    assert (len(rest.rows), rest.more) == (1, False)
    shown = [*page.rows, *rest.rows]
    assert {row.person_id for row in shown} == {first, second}
    # One read each, as each page was shown: the contract, its person and its object's unit.
    assert sorted(tuple(event) for event in audited) == sorted(
        (row.person_id, row.id, row.unit_id) for row in shown
    )


def test_short_term_decision_without_place_is_listed_until_placed(any_db: Database) -> None:
    world = build_housing_world(any_db)
    person_id = housed_person(world, short_term=True)
    chef = world.actor("chef")
    with any_db.transaction() as session:
        missing = short_term_places.missing_short_term_places(session, chef)
    assert [(item.person_id, item.unit_name) for item in missing] == [(person_id, SHORT_TERM)]
    contract_id = create(world, person_id, "Plats 1")
    assert contract(any_db, contract_id).kind is ContractKind.SHORT_TERM
    with any_db.transaction() as session:
        assert short_term_places.missing_short_term_places(session, chef) == []


def test_occupied_days_of_a_month() -> None:
    from datetime import date

    from treserva_desktop.domain.housing_rules import Period, occupied_days

    first, last = date(2026, 12, 1), date(2026, 12, 31)
    assert occupied_days([], first, last) == 0
    assert occupied_days([Period(date(2026, 11, 20), None)], first, last) == 31
    # Byt objekt's two contracts on one object never overlap; two stays in one month add up,
    # a stay ending the month before counts nothing.
    stays = [
        Period(date(2026, 12, 1), date(2026, 12, 10)),
        Period(date(2026, 12, 20), date(2027, 1, 5)),
        Period(date(2026, 10, 1), date(2026, 11, 30)),
    ]
    assert occupied_days(stays, first, last) == 10 + 12


def test_a_rehearsal_tells_the_refusal_and_saves_nothing(any_db: Database) -> None:
    """runner.rehearse (asked before Skapa kontrakt's Ja/Nej): the service's own refusal
    for a day without an executed housing intervention, None for a good day; either way no
    contract and no audit event is left."""
    world = build_housing_world(any_db)
    person_id = housed_person(world)
    chef = world.actor("chef")

    def events() -> int:
        with any_db.read() as session:
            return session.scalar(select(func.count()).select_from(AuditEvent)) or 0

    before = (contract_count(any_db), events())
    too_early = CreateContract(
        person_id=person_id,
        object_id=object_id(world, "Lgh 101"),
        start_date=PERIOD_START - timedelta(days=400),
    )
    refused = rehearse(any_db, chef, housing.create_contract, too_early)
    assert isinstance(refused, ValidationError)
    assert refused.field == "start_date"
    good = too_early.model_copy(update={"start_date": PERIOD_START})
    assert rehearse(any_db, chef, housing.create_contract, good) is None
    assert (contract_count(any_db), events()) == before
    create(world, person_id, "Lgh 101")  # the real call still goes through
    assert contract_count(any_db) == before[0] + 1
