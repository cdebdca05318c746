"""Ej aktuella – att avsluta: Ta bort ur mapp, Visa i mapp igen, per user, and a person who
ends again after a removal comes back (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from tests.helpers.assignment_world import TODAY, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, NotCurrentRemoval
from treserva_desktop.db.queries.tree import not_current_persons
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.errors import Conflict, PermissionDenied
from treserva_desktop.domain.not_current_rules import ALREADY_REMOVED, NOT_REMOVED
from treserva_desktop.services.not_current import (
    remove_from_not_current,
    show_again_in_not_current,
)


def _ended_person(world: World) -> int:
    """A person whose only row (personal care at Norr grupp 1) ended two days ago."""
    sent = world.send_billable()
    world.distribute(sent, end_date=TODAY - timedelta(days=2))
    return sent.person_id


def _listed(world: World, user: str, *, show_removed: bool = False) -> dict[int, bool]:
    with world.db.transaction() as session:
        items = not_current_persons(session, world.actor(user), show_removed=show_removed)
    return {item.id: item.removed for item in items}


def _remove(world: World, user: str, person_id: int) -> int:
    with world.db.transaction() as session:
        return remove_from_not_current(
            session, world.actor(user), RemoveFromNotCurrent(person_id=person_id)
        )


def _show_again(world: World, user: str, person_id: int) -> int:
    with world.db.transaction() as session:
        return show_again_in_not_current(
            session, world.actor(user), ShowAgainInNotCurrent(person_id=person_id)
        )


def test_remove_hides_and_show_again_brings_back(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _ended_person(world)
    assert _listed(world, "gruppchef") == {person_id: False}

    entry_id = _remove(world, "gruppchef", person_id)
    assert _listed(world, "gruppchef") == {}
    assert _listed(world, "gruppchef", show_removed=True) == {person_id: True}
    with pytest.raises(Conflict, match=ALREADY_REMOVED):
        _remove(world, "gruppchef", person_id)

    _show_again(world, "gruppchef", person_id)
    assert _listed(world, "gruppchef") == {person_id: False}
    with pytest.raises(Conflict, match=NOT_REMOVED):
        _show_again(world, "gruppchef", person_id)

    with any_db.read() as session:
        entries = session.scalars(select(NotCurrentRemoval).order_by(NotCurrentRemoval.id)).all()
        assert [entry.removed for entry in entries] == [True, False]
        assert entries[0].id == entry_id
        assert entries[0].ended_on == TODAY - timedelta(days=2)
        assert entries[0].unit_id == world.units["Norr grupp 1"]
        audited = session.scalars(
            select(AuditEvent.details).where(AuditEvent.entity_type == "not_current_removal")
        ).all()
        assert [details["removed"] for details in audited] == [True, False]


def test_removal_is_per_user(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _ended_person(world)
    _remove(world, "gruppchef", person_id)
    assert _listed(world, "gruppchef") == {}
    assert _listed(world, "chef") == {person_id: False}


def test_a_person_who_ends_again_comes_back(any_db: Database) -> None:
    """The removal covered the engagement that had ended; a later row that ends is a new one."""
    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent, end_date=TODAY - timedelta(days=3))
    _remove(world, "gruppchef", sent.person_id)
    assert _listed(world, "gruppchef") == {}

    # A new row that is still running: not in the folder at all.
    world.distribute(
        sent, type_code="safety_alarm", start_date=TODAY - timedelta(days=2), end_date=TODAY
    )
    assert _listed(world, "gruppchef", show_removed=True) == {}


def test_a_later_ended_row_shows_the_person_again(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent, end_date=TODAY - timedelta(days=3))
    _remove(world, "gruppchef", sent.person_id)
    world.distribute(
        sent,
        type_code="safety_alarm",
        start_date=TODAY - timedelta(days=2),
        end_date=TODAY - timedelta(days=1),
    )
    assert _listed(world, "gruppchef") == {sent.person_id: False}


def test_refused_outside_the_users_units_and_while_current(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _ended_person(world)
    with pytest.raises(PermissionDenied):
        _remove(world, "soder", person_id)
    running = world.send_billable()
    world.distribute(running)
    with pytest.raises(Conflict):
        _remove(world, "gruppchef", running.person_id)
    with any_db.read() as session:
        assert session.scalars(select(NotCurrentRemoval)).all() == []


def test_the_removal_log_is_append_only(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = _ended_person(world)
    _remove(world, "gruppchef", person_id)
    for statement in (
        "UPDATE not_current_removals SET removed = false",
        "DELETE FROM not_current_removals",
    ):
        with pytest.raises(Exception, match="append-only"), any_db.transaction() as session:
            session.execute(text(statement))
