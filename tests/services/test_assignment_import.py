"""Import of assignments from a JSON file: all or nothing, every problem with its location."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import TODAY, World, build_world
from tests.helpers.example_import import example_bytes
from tests.helpers.import_records import file_of as _file
from tests.helpers.import_records import record as _record
from tests.helpers.import_records import refused as _refused

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, Intervention, OrgUnit, Person
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.counts import new_assignment_counts
from treserva_desktop.domain.enums import AssignmentStatus, OrgUnitKind, TimePer
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.services.assignment_import import import_assignments


def test_import_creates_persons_assignments_and_messages(any_db: Database) -> None:
    world = build_world(any_db)
    data = _file(
        [
            _record(1, mottagare={"enhet": "hemtjänst norr"}),
            _record(2, mottagare={"enhet_id": world.units["Hemtjänst Söder"]}),
            _record(3, mottagare={"enhet": "äo hemtjänst"}),
        ]
    )
    with any_db.transaction() as session:
        report = import_assignments(session, None, data)
    assert (report.records, report.persons_created, report.persons_existing) == (3, 3, 0)
    assert "3 uppdrag importerade" in report.summary
    with any_db.read() as session:
        assignments = session.scalars(
            select(Assignment).where(Assignment.id.in_(report.assignment_ids))
        ).all()
        assert {a.status for a in assignments} == {AssignmentStatus.RECEIVED}
        assert {a.sender_user_id for a in assignments} == {world.users["handlaggare"]}
        care = session.scalars(
            select(Intervention).where(Intervention.type_code == "personal_care")
        ).all()
        assert {(i.granted_minutes, i.granted_per) for i in care} == {(1800, TimePer.MONTH)}
        assert new_assignment_counts(session, world.actor("gruppchef")).total == 1
        assert new_assignment_counts(session, world.actor("soder")).total == 1
        assert new_assignment_counts(session, world.actor("chef")).total == 3
        assert tree.unread_count(session, world.actor("chef")) == 3


def test_the_example_file_imports_cleanly_into_the_demo_database(demo_db: Database) -> None:
    with demo_db.read() as session:
        before = len(session.scalars(select(Assignment.id)).all())
    with demo_db.transaction() as session:
        report = import_assignments(session, None, example_bytes(demo_db.clock.today()))
    assert report.records == 3
    assert report.persons_created == 3
    with demo_db.read() as session:
        assert len(session.scalars(select(Assignment.id)).all()) == before + 3
        protected = session.scalars(select(Person).where(Person.last_name == "Sjöberg")).one()
        assert protected.protected_identity


def test_one_bad_record_out_of_a_hundred_imports_nothing(world: World) -> None:
    records = [_record(n) for n in range(1, 101)]
    records[56]["insatser"][0]["timmar"] = 800
    problems = _refused(world, _file(records))
    assert problems == ["post 57, insatser[1].timmar: Beviljad omfattning kan inte vara mer än "
                        "744 timmar per månad."]  # fmt: skip


def test_every_problem_is_listed_with_its_location(world: World) -> None:
    bad_number = _record(1)
    bad_number["person"]["personnummer"] = "19360203-0000"
    bad_number["person"]["postnummer"] = "12"
    bad_dates = _record(2)
    bad_dates["beslut"]["till"] = "2000-01-01"
    bad_intervention = _record(3)
    bad_intervention["insatser"] = [
        {"typ": "safety_alarm", "timmar": 2, "per": "vecka"},
        {"typ": "personal_care", "timmar": -1, "per": "vecka"},
        {"typ": "okand"},
    ]
    bad_receiver = _record(4, mottagare={"enhet": "Finns inte"}, mal=" ")
    not_provider = _record(5, mottagare={"enhet": "Biståndsenheten"}, avsandare="gruppchef")
    problems = _refused(
        world, _file([bad_number, bad_dates, bad_intervention, bad_receiver, not_provider])
    )
    assert problems == [
        "post 1, person.personnummer: Kontrollsiffran stämmer inte – kontrollera personnumret.",
        "post 1, person.postnummer: Postnummer ska skrivas NNN NN eller NNNNN, "
        "till exempel 123 45.",
        "post 2, beslut.till: Beslutsperiodens T.o.m. kan inte vara före dess Fr.o.m.",
        "post 3, insatser[1].timmar: Beviljad omfattning anges inte för insatsen Trygghetslarm. "
        "Lämna fältet tomt.",
        "post 3, insatser[2].timmar: Beviljad omfattning måste vara större än 0 timmar.",
        "post 3, insatser[3].typ: Insatstypen 'okand' finns inte i kodlistan.",
        "post 4, mal: Ange mål och beskrivning för uppdraget.",
        "post 4, mottagare.enhet: det finns ingen enhet som heter 'Finns inte'",
        "post 5, mottagare.enhet: Biståndsenheten tar inte emot uppdrag. Välj en utförarenhet "
        "eller ett verksamhetsområde i organisationsträdet.",
        "post 5, avsandare: 'gruppchef' är ingen aktiv användare med behörighet att skicka uppdrag",
    ]


def test_schema_problems_are_in_swedish_with_locations(world: World) -> None:
    missing = _record(1)
    del missing["person"]["fornamn"]
    wrong_types = _record(2)
    wrong_types["beslut"]["beslutsdatum"] = "igår"
    wrong_types["insatser"][0]["timmar"] = "många"
    wrong_types["insatser"][0]["per"] = "dygn"
    extra = _record(3, okand_nyckel=1)
    both_receivers = _record(4, mottagare={"enhet": "Hemtjänst Norr", "enhet_id": 1})
    no_interventions = _record(5, insatser=[])
    problems = _refused(
        world, _file([missing, wrong_types, extra, both_receivers, no_interventions])
    )
    assert problems == [
        "post 1, person.fornamn: saknas",
        "post 2, beslut.beslutsdatum: ska vara ett datum på formen ÅÅÅÅ-MM-DD",
        "post 2, insatser[1].timmar: ska vara ett tal, t.ex. 12.5",
        "post 2, insatser[1].per: ska vara 'vecka', 'manad' eller 'månad'",
        "post 3, okand_nyckel: okänt fält",
        "post 4, mottagare: ange antingen enhet_id eller enhet (namnet), inte båda",
        "post 5, insatser: får inte vara tom",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe{", "Filen är inte sparad som UTF-8."),
        (b'{"uppdrag": [', "rad 1, kolumn 14: filen är inte giltig JSON"),
        (b'{"uppdrag": []}', "uppdrag: får inte vara tom"),
        (b"[]", "ska vara ett objekt"),
        (b'{"format": "annat", "uppdrag": []}', "format: ska vara 'treserva-uppdrag'"),
    ],
)
def test_file_level_problems(world: World, data: bytes, expected: str) -> None:
    problems = _refused(world, data)
    assert any(expected in problem for problem in problems), problems


def test_existing_person_is_reused_when_the_name_matches(world: World) -> None:
    sent = world.send()
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        number = person.identity_number
    same = _record(1)
    same["person"].update(personnummer=number, fornamn="Ingrid", efternamn="Testsson")
    same["insatser"] = [{"typ": "meal_delivery"}]
    with world.db.transaction() as session:
        report = import_assignments(session, None, _file([same]))
    assert (report.persons_created, report.persons_existing) == (0, 1)
    other_name = copy.deepcopy(same)
    other_name["person"]["fornamn"] = "Inga"
    other_name["uppdrag_id"] = "BIS-OTHER-NAME"
    problems = _refused(world, _file([other_name]))
    # The holder's name is never shown: the importer has not been granted a look at them.
    assert problems == [
        f"post 1, person.personnummer: {number[:8]}-{number[8:]}: personnumret finns redan i "
        "registret med ett annat namn än i filen. Kontrollera personnummer och namn."
    ]
    assert "Ingrid" not in problems[0]
    assert "Testsson" not in problems[0]


def test_the_same_person_twice_in_a_file(world: World) -> None:
    first = _record(1)
    second = _record(1, insatser=[{"typ": "meal_delivery"}])
    with world.db.transaction() as session:
        report = import_assignments(session, None, _file([first, second]))
    assert (report.persons_created, report.persons_existing) == (1, 1)
    with world.db.read() as session:
        assert len(session.scalars(select(Person)).all()) == 1
    third = _record(2)
    fourth = _record(2)
    fourth["person"]["fornamn"] = "Annan"
    problems = _refused(world, _file([third, fourth]))
    assert problems == [
        f"post 2, person.personnummer: {third['person']['personnummer'][:8]}-"
        f"{third['person']['personnummer'][8:]} förekommer tidigare i filen med ett annat namn "
        "(Märta Importsson2)."
    ]


def test_import_as_a_logged_in_handlaggare(world: World) -> None:
    record = _record(1)
    del record["avsandare"]
    with world.db.transaction() as session:
        report = import_assignments(session, world.actor("handlaggare"), _file([record]))
    assert report.records == 1
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        import_assignments(session, world.actor("chef"), _file([record]))
    as_other = _record(2, avsandare="chef")
    problems = _refused(world, _file([as_other]), actor="handlaggare")
    assert problems[0].startswith("post 1, avsandare: uppdrag du importerar skickas av dig")


def test_system_import_needs_a_sender(world: World) -> None:
    record = _record(1)
    del record["avsandare"]
    problems = _refused(world, _file([record]))
    assert problems == ["post 1, avsandare: saknas (användarnamnet på handläggaren som skickar)"]


def test_ambiguous_unit_name(world: World) -> None:
    with world.db.transaction() as session:
        session.add(
            OrgUnit(
                name="Hemtjänst Norr",
                kind=OrgUnitKind.UNIT,
                parent_id=world.units["ÄO Vårdboende"],
            )
        )
    problems = _refused(world, _file([_record(1)]))
    assert problems == [
        "post 1, mottagare.enhet: flera enheter heter 'Hemtjänst Norr'; ange enhet_id i stället"
    ]


def test_future_decision_date_is_refused(world: World) -> None:
    record = _record(1)
    record["beslut"]["beslutsdatum"] = TODAY.replace(year=TODAY.year + 1).isoformat()
    problems = _refused(world, _file([record]))
    assert problems == ["post 1, beslut.beslutsdatum: Beslutsdatum kan inte vara i framtiden."]
