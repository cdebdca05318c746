"""Name search on the stored name keys: every form, Swedish order, the limit and "more",
keys kept by ORM and Core writes; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Person
from treserva_desktop.db.name_keys import swedish_key
from treserva_desktop.db.queries import person_search
from treserva_desktop.db.queries.person_search import search_persons, search_persons_page
from treserva_desktop.domain.enums import IdentityKind
from treserva_desktop.domain.identity import make_personal_number

NAMES = [
    ("Anna", "Öberg"),
    ("Anna", "Zorn"),
    ("Anna", "Ärlig"),
    ("Anna", "Åberg"),
    ("Anna", "Berg"),
    ("Élise", "Björk"),
    ("Anna", "Björklund"),
    ("Björn", "Ek"),
    ("Erik", "Björk"),
]


# The plans a name search chooses between by its bounded probes (person_search's
# REACH_PROBE_ROWS, FIRST_NAME_RANGE_ROWS), forced one at a time: each must give the same
# answer. "reach": from the persons the units reach; "walk": name ranges probed per person,
# a first name alone from its own index; "walk by last name": a first name alone found by
# walking the last-name index.
PLANS = {
    "reach": (10**9, 10**9),
    "walk": (0, 10**9),
    "walk by last name": (0, 0),
}


@pytest.fixture(params=list(PLANS))
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    reach_rows, first_name_rows = PLANS[request.param]
    monkeypatch.setattr(person_search, "REACH_PROBE_ROWS", reach_rows)
    monkeypatch.setattr(person_search, "FIRST_NAME_RANGE_ROWS", first_name_rows)
    return str(request.param)


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        world = build_world(session)
        for number, (first, last) in enumerate(NAMES):
            add_person(
                session, world, first_name=first, last_name=last, born=date(1940, 1, 1 + number)
            )
    return world


def names(db: Database, world: World, text: str, username: str = "samordnare") -> list[str]:
    with db.read() as session:
        return [r.name for r in search_persons(session, actor(session, world, username), text)]


@pytest.mark.parametrize("username", ["samordnare", "personal", "handlaggare"])
def test_swedish_alphabetical_order(any_db: Database, world: World, username: str) -> None:
    assert names(any_db, world, "Anna", username) == [
        "Berg, Anna",
        "Björklund, Anna",
        "Zorn, Anna",
        "Åberg, Anna",
        "Ärlig, Anna",
        "Öberg, Anna",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("z", ["Zorn, Anna"]),
        ("Ä", ["Ärlig, Anna"]),
        ("ö", ["Öberg, Anna"]),
        ("B", ["Berg, Anna", "Björk, Élise", "Björk, Erik", "Björklund, Anna", "Ek, Björn"]),
        ("björk", ["Björk, Élise", "Björk, Erik", "Björklund, Anna"]),
        ("Björk, E", ["Björk, Élise", "Björk, Erik"]),
        ("Björk, Eri", ["Björk, Erik"]),
        (", Björn", ["Ek, Björn"]),
        ("Anna Björk", ["Björklund, Anna"]),
        ("Björk Anna", ["Björklund, Anna"]),
        ("Bj E", ["Björk, Élise", "Björk, Erik", "Ek, Björn"]),
        ("eli", ["Björk, Élise"]),
        ("Anna Maria Öberg", []),
    ],
)
def test_name_forms(
    any_db: Database, world: World, plan: str, text: str, expected: list[str]
) -> None:
    assert names(any_db, world, text) == expected
    assert names(any_db, world, text, "personal") == expected


def test_the_limit_and_more(any_db: Database, world: World, plan: str) -> None:
    with any_db.read() as session:
        page = search_persons_page(session, actor(session, world, "samordnare"), "Anna", limit=2)
        assert [r.name for r in page.results] == ["Berg, Anna", "Björklund, Anna"]
        assert page.more

    # Last names in B fill the limit; a first name in B that sorts before them still comes
    # first, one that sorts after them ("Ek, Björn") does not.
    with any_db.transaction() as session:
        add_person(session, world, first_name="Bo", last_name="Andersson", born=date(1941, 1, 1))
        add_person(session, world, first_name="Ada", last_name="Boman", born=date(1941, 1, 2))
    with any_db.read() as session:
        page = search_persons_page(session, actor(session, world, "samordnare"), "B", limit=3)
        assert [r.name for r in page.results] == ["Andersson, Bo", "Berg, Anna", "Björk, Élise"]
        assert page.more
        page = search_persons_page(session, actor(session, world, "samordnare"), "B", limit=8)
        assert [r.name for r in page.results][-2:] == ["Boman, Ada", "Ek, Björn"]
        assert not page.more
        page = search_persons_page(session, actor(session, world, "samordnare"), "Anna", limit=6)
        assert len(page.results) == 6
        assert not page.more


def test_orm_and_core_writes_keep_the_keys(any_db: Database, world: World) -> None:
    with any_db.transaction() as session:
        session.execute(
            insert(Person),
            [
                {
                    "identity_number": make_personal_number(date(1939, 2, day), 500 + day),
                    "identity_kind": IdentityKind.PERSONAL,
                    "first_name": "Östen",
                    "last_name": f"Ängström{day}",
                }
                for day in (1, 2)
            ],
        )
        person = session.scalars(select(Person).where(Person.last_name == "Zorn")).one()
        person.last_name = "Åsberg"
        person.first_name = "Märta"
    with any_db.read() as session:
        rows = session.execute(
            select(Person.first_name, Person.last_name, Person.first_name_key, Person.last_name_key)
        ).all()
    assert rows
    for first, last, first_key, last_key in rows:
        assert (first_key, last_key) == (swedish_key(first), swedish_key(last))
    assert ("Märta", "Åsberg", "m|rta", "{sberg") in [tuple(row) for row in rows]
