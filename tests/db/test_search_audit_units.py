"""The audit events of a search (issue 9, kept by issue 8's faster writing of them): one per
hit, each with the unit the actor reached that person from, written in the search's own
transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.person_search import search_persons_page
from treserva_desktop.domain.enums import AuditAction, Role

pytestmark = pytest.mark.usefixtures("any_db")


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


def _add(db: Database, world: World, last_name: str, unit: str, via: str = "execution") -> int:
    with db.transaction() as session:
        return add_person(session, world, last_name=last_name, unit=unit, via=via)


def _search_events(
    db: Database, world: World, username: str, text: str
) -> tuple[list[int], tuple[datetime, datetime], list[tuple[object, ...]]]:
    """The hits' ids, the clock's times around the search, and the events the search wrote
    (in id order)."""
    with db.transaction() as session:
        before = session.scalar(select(func.max(AuditEvent.id))) or 0
        searching = actor(session, world, username)
        started = clock_of(session).now()
        page = search_persons_page(session, searching, text)
        ended = clock_of(session).now()
        events = session.execute(
            select(
                AuditEvent.person_id,
                AuditEvent.unit_id,
                AuditEvent.user_id,
                AuditEvent.role,
                AuditEvent.action,
                AuditEvent.entity_type,
                AuditEvent.entity_id,
                AuditEvent.details,
                AuditEvent.occurred_at,
            )
            .where(AuditEvent.id > before)
            .order_by(AuditEvent.id)
        ).all()
    return [r.id for r in page.results], (started, ended), [tuple(e) for e in events]


def _utc(moment: object) -> datetime:
    """SQLite hands the stored UTC time back without its zone."""
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_each_hit_is_audited_with_the_unit_it_was_reached_from(
    any_db: Database, world: World
) -> None:
    units = world.units
    # A row at the sub-unit (its assignment received by Hemtjänst Norr): the row's unit.
    at_subunit = _add(any_db, world, "Ekberg", "Norr grupp 1")
    # A row at Hemtjänst Söder.
    at_soder = _add(any_db, world, "Ekdahl", "Hemtjänst Söder")
    # Only assignments waiting at a unit: the receiving unit.
    waiting_soder = _add(any_db, world, "Ekholm", "Hemtjänst Söder", via="assignment")
    waiting_norr = _add(any_db, world, "Eklund", "Hemtjänst Norr", via="assignment")
    expected_units = {
        at_subunit: units["Norr grupp 1"],
        at_soder: units["Hemtjänst Söder"],
        waiting_soder: units["Hemtjänst Söder"],
        waiting_norr: units["Hemtjänst Norr"],
    }

    hits, (started, ended), events = _search_events(any_db, world, "verksamhetschef", "Ek")

    assert sorted(hits) == sorted(expected_units)
    assert len(events) == len(hits)
    assert {event[0]: event[1] for event in events} == expected_units
    user = world.users["verksamhetschef"]
    for person_id, _unit, user_id, role, action, entity, entity_id, details, at in events:
        assert (user_id, role, action) == (
            user,
            Role.OPERATIONS_MANAGER.value,
            AuditAction.READ_PERSON,
        )
        assert (entity, entity_id, details) == ("person", person_id, {"view": "search"})
        assert started <= _utc(at) <= ended


def test_a_user_with_fewer_units_is_audited_at_their_own(any_db: Database, world: World) -> None:
    """The same persons, found by a manager of Hemtjänst Norr: only those Norr reaches, each
    at the Norr unit that reaches them."""
    at_subunit = _add(any_db, world, "Ekberg", "Norr grupp 1")
    _add(any_db, world, "Ekdahl", "Hemtjänst Söder")
    waiting_norr = _add(any_db, world, "Eklund", "Hemtjänst Norr", via="assignment")

    hits, _now, events = _search_events(any_db, world, "gruppchef", "Ek")

    assert sorted(hits) == sorted([at_subunit, waiting_norr])
    assert {event[0]: event[1] for event in events} == {
        at_subunit: world.units["Norr grupp 1"],
        waiting_norr: world.units["Hemtjänst Norr"],
    }


def test_a_needs_assessor_is_audited_at_their_home_unit(any_db: Database, world: World) -> None:
    """A needs assessor reaches persons through the authority's cases, from no provider unit:
    each hit is logged at the unit of their role's grant."""
    person = _add(any_db, world, "Ekberg", "Norr grupp 1")

    hits, _now, events = _search_events(any_db, world, "handlaggare", "Ekberg")

    assert hits == [person]
    assert [(event[0], event[1]) for event in events] == [(person, world.units["Myndighet"])]


def test_the_events_are_part_of_the_searchs_transaction(any_db: Database, world: World) -> None:
    _add(any_db, world, "Ekberg", "Norr grupp 1")
    with any_db.transaction() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))

    def search_then_fail() -> None:
        with any_db.transaction() as session:
            searching = actor(session, world, "gruppchef")
            assert search_persons_page(session, searching, "Ek").results
            # Written, not yet committed: the action it belongs to then fails.
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == before + 1
            raise RuntimeError("the action fails after the search")

    with pytest.raises(RuntimeError):
        search_then_fail()
    with any_db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == before
