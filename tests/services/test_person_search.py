"""Sök person: identity number in any common form, name prefixes, scope, masking, limit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.person_search import SEARCH_LIMIT, search_persons
from treserva_desktop.db.queries.reach import Reach
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.enums import Permission, Role
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor, RoleGrant, expand_scope
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.persons import PersonSearchResult
from treserva_desktop.services.auth import load_actor

ANNA = make_personal_number(date(1940, 5, 17), 482)
OLD = make_personal_number(date(1922, 3, 4), 246)


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        world = build_world(session)
        add_person(session, world, first_name="Anna", last_name="Åberg", identity_number=ANNA)
        add_person(session, world, first_name="Östen", last_name="Andersson", identity_number=OLD)
        add_person(
            session, world, first_name="Anna Maria", last_name="von Essen", born=date(1931, 1, 2)
        )
        add_person(
            session,
            world,
            first_name="Hemlig",
            last_name="Person",
            born=date(1935, 6, 7),
            protected_identity=True,
        )
        add_person(
            session,
            world,
            first_name="Sigrid",
            last_name="Söder",
            born=date(1938, 8, 9),
            unit="Hemtjänst Söder",
            via="assignment",
        )
    return world


def search(db: Database, world: World, username: str, text: str) -> list[PersonSearchResult]:
    with db.transaction() as session:
        return search_persons(session, actor(session, world, username), text)


def names(results: list[PersonSearchResult]) -> list[str]:
    return [result.name for result in results]


@pytest.mark.parametrize(
    "text",
    [
        ANNA,
        f"{ANNA[:8]}-{ANNA[8:]}",
        f"{ANNA[2:8]}-{ANNA[8:]}",
        ANNA[2:],
        f" {ANNA[2:8]} {ANNA[8:]} ",
    ],
)
def test_by_identity_number_in_any_common_form(any_db: Database, world: World, text: str) -> None:
    (result,) = search(any_db, world, "samordnare", text)
    assert result.name == "Åberg, Anna"
    assert result.identity_display == f"{ANNA[:8]}-{ANNA[8:]}"
    assert result.address == "Storgatan 1, 123 45 Norrstad"
    assert result.confirmation_text == f"Åberg, Anna, {ANNA[:8]}-{ANNA[8:]}"


def test_a_centenarian_by_the_plus_form(any_db: Database, world: World) -> None:
    results = search(any_db, world, "samordnare", f"{OLD[2:8]}+{OLD[8:]}")
    assert names(results) == ["Andersson, Östen"]


def test_by_birth_date(any_db: Database, world: World) -> None:
    assert names(search(any_db, world, "samordnare", "19400517")) == ["Åberg, Anna"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("åb", ["Åberg, Anna"]),
        ("ÅBERG", ["Åberg, Anna"]),
        ("ann", ["von Essen, Anna Maria", "Åberg, Anna"]),
        ("a", ["Andersson, Östen", "von Essen, Anna Maria", "Åberg, Anna"]),
        ("öst", ["Andersson, Östen"]),
        ("Åberg, A", ["Åberg, Anna"]),
        ("åberg,", ["Åberg, Anna"]),
        ("andersson, ö", ["Andersson, Östen"]),
        ("Anna Åb", ["Åberg, Anna"]),
        ("Åberg Anna", ["Åberg, Anna"]),
        ("von", ["von Essen, Anna Maria"]),
        ("anna maria", ["von Essen, Anna Maria"]),
        ("Ingen", []),
    ],
)
def test_by_name_prefix(any_db: Database, world: World, text: str, expected: list[str]) -> None:
    assert names(search(any_db, world, "samordnare", text)) == expected


def test_only_persons_the_actor_may_see(any_db: Database, world: World) -> None:
    assert names(search(any_db, world, "samordnare", "Söder")) == []
    assert names(search(any_db, world, "samordnare_soder", "Söder")) == ["Söder, Sigrid"]
    assert names(search(any_db, world, "samordnare_soder", "Åberg")) == []
    assert names(search(any_db, world, "samordnare_soder", ANNA)) == []
    # Needs assessors see the persons their authority unit has cases for (all of them here);
    # the administrator reaches no persons and is refused the search.
    assert names(search(any_db, world, "handlaggare", "Söder")) == ["Söder, Sigrid"]
    with pytest.raises(PermissionDenied) as refused:
        search(any_db, world, "admin", "Åberg")
    assert refused.value.message == "Din roll ger inte behörighet att söka personer."


def test_protected_identity_address_is_masked(any_db: Database, world: World) -> None:
    (result,) = search(any_db, world, "samordnare", "Person, Hemlig")
    assert result.protected_identity
    assert result.address == PROTECTED_TEXT


@pytest.mark.parametrize(
    "text", ["", "   ", "1234", "19400517-0000", "400517-123", "20991231-1234"]
)
def test_bad_search_text_is_explained(any_db: Database, world: World, text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        search(any_db, world, "samordnare", text)
    assert refused.value.field == "text"
    assert refused.value.message


def test_at_most_200_results(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        for number in range(SEARCH_LIMIT + 5):
            add_person(session, world, first_name=f"Nr{number:03d}", last_name="Berg")
    results = search(sqlite_db, world, "verksamhetschef", "berg")
    assert len(results) == SEARCH_LIMIT
    assert results[0].name == "Berg, Nr000"


def test_the_plan_probe_is_kept_a_minute_and_the_answer_stays_the_same(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bounded count that picks the plan runs once per reach within REACH_PROBE_KEPT_S;
    the same search gives the same persons the second time."""
    from treserva_desktop.db.queries import person_search as module

    counted: list[bool] = []
    probe = module.union_all

    def counting(*selects: Any) -> Any:
        counted.append(True)
        return probe(*selects)

    monkeypatch.setattr(module, "union_all", counting)
    module._probed.clear()
    with demo_db.read() as session:
        user_id = user_id_for_username(session, "gruppchef")
        assert user_id is not None
        manager = load_actor(session, user_id)
    with demo_db.transaction() as session:
        first = search_persons(session, manager, "B")
    with demo_db.transaction() as session:
        second = search_persons(session, manager, "B")
    assert counted == [True]
    assert [p.id for p in first] == [p.id for p in second]


@pytest.mark.parametrize("role", list(Role))
def test_the_search_permission_is_exactly_who_the_search_reaches(role: Role) -> None:
    """The menus offer Sök person by Permission.SEARCH_PERSONS; the search answers from the
    units the actor reaches. They agree for every role: one without the permission reaches
    no person (the systemadministratör), one with it reaches its unit's."""
    grants = (RoleGrant(role, 1, "Enhet 1"),)
    one = Actor(1, "anna", "Anna Andersson", grants, scope=expand_scope(grants, {}))
    assert Reach(one, date(2026, 12, 1)).empty is not one.can(Permission.SEARCH_PERSONS)
    assert one.can(Permission.SEARCH_PERSONS) is (role is not Role.ADMINISTRATOR)
