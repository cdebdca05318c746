"""A unit's persons page by page: keyset paging on the name keys gives the same persons in the
same Swedish order as the whole list, across page boundaries, equal names and å/ä/ö; the
count agrees; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import tree
from treserva_desktop.domain.views import PersonListItem

# Last names that sort differently by code point than in Swedish, and four equal names (the
# id decides among them) that the pages of three below split.
NAMES = [
    ("Anna", "Öberg"),
    ("Anna", "Zorn"),
    ("Anna", "Ärlig"),
    ("Anna", "Åberg"),
    ("Anna", "Berg"),
    ("Élise", "Björk"),
    ("Erik", "Björk"),
    ("Anna", "Andersson"),
    ("Anna", "Andersson"),
    ("Anna", "Andersson"),
    ("Anna", "Andersson"),
    ("Östen", "Ek"),
    ("Åke", "Ek"),
    ("Ärla", "Ek"),
]
SWEDISH_ORDER = [
    "Andersson, Anna",
    "Andersson, Anna",
    "Andersson, Anna",
    "Andersson, Anna",
    "Berg, Anna",
    "Björk, Élise",
    "Björk, Erik",
    "Ek, Åke",
    "Ek, Ärla",
    "Ek, Östen",
    "Zorn, Anna",
    "Åberg, Anna",
    "Ärlig, Anna",
    "Öberg, Anna",
]


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        world = build_world(session)
        for number, (first, last) in enumerate(NAMES):
            add_person(
                session,
                world,
                first_name=first,
                last_name=last,
                born=date(1940, 1, 1) + timedelta(days=number),
            )
        # Someone at another unit is on no page of Norr grupp 1.
        add_person(session, world, last_name="Aaberg", unit="Hemtjänst Söder")
    return world


def all_pages(
    db: Database, world: World, limit: int, username: str = "gruppchef"
) -> list[list[PersonListItem]]:
    pages: list[list[PersonListItem]] = []
    after: tree.PersonKey | None = None
    with db.read() as session:
        reader = actor(session, world, username)
        unit_id = world.units["Norr grupp 1"]
        while True:
            page = tree.unit_persons_page(session, reader, unit_id, after=after, limit=limit)
            pages.append(page.items)
            if page.after is None:
                return pages
            assert len(pages) <= len(NAMES), "paging does not end"
            after = page.after


@pytest.mark.parametrize("limit", [1, 3, 4, 7, 13, 14, 15, 250])
def test_pages_join_into_the_whole_list_in_swedish_order(
    any_db: Database, world: World, limit: int
) -> None:
    pages = all_pages(any_db, world, limit)
    joined = [item for page in pages for item in page]
    with any_db.read() as session:
        whole = tree.unit_persons(
            session, actor(session, world, "gruppchef"), world.units["Norr grupp 1"]
        )
    assert [item.name for item in joined] == SWEDISH_ORDER
    assert joined == whole
    # Equal names come in id order, each once, though the pages split them.
    andersson = [item.id for item in joined if item.name == "Andersson, Anna"]
    assert andersson == sorted(andersson)
    assert len({item.id for item in joined}) == len(NAMES)
    # Full pages, then the rest; no empty page after an exact multiple.
    assert [len(page) for page in pages[:-1]] == [limit] * (len(pages) - 1)
    assert 0 < len(pages[-1]) <= limit
    assert len(pages) == -(-len(NAMES) // limit)


def test_a_page_continues_after_its_key_not_its_position(any_db: Database, world: World) -> None:
    """A person added in front of the pages read so far does not shift the next page."""
    first = all_pages(any_db, world, 5)[0]
    with any_db.read() as session:
        reader = actor(session, world, "gruppchef")
        unit_id = world.units["Norr grupp 1"]
        page = tree.unit_persons_page(session, reader, unit_id, limit=5)
    assert page.items == first
    assert page.after is not None
    with any_db.transaction() as session:
        add_person(session, world, first_name="Aaron", last_name="Aa", born=date(1939, 1, 1))
    with any_db.read() as session:
        reader = actor(session, world, "gruppchef")
        following = tree.unit_persons_page(session, reader, unit_id, after=page.after, limit=5)
    assert [item.name for item in following.items] == SWEDISH_ORDER[5:10]


def test_count_agrees_with_the_list(any_db: Database, world: World) -> None:
    with any_db.read() as session:
        reader = actor(session, world, "gruppchef")
        unit_id = world.units["Norr grupp 1"]
        assert tree.unit_person_count(session, reader, unit_id) == len(NAMES)
        other = world.units["Hemtjänst Söder"]
        assert (
            tree.unit_person_count(session, actor(session, world, "samordnare_soder"), other) == 1
        )


def test_a_unit_out_of_reach_has_no_page_and_no_count(any_db: Database, world: World) -> None:
    with any_db.read() as session:
        outsider = actor(session, world, "samordnare_soder")
        unit_id = world.units["Norr grupp 1"]
        page = tree.unit_persons_page(session, outsider, unit_id)
        assert (page.items, page.after) == ([], None)
        assert tree.unit_person_count(session, outsider, unit_id) == 0
