"""Ej aktuella – att avsluta: Ta bort ur mapp, Visa i mapp igen, per user, and a person who
ends again after a removal comes back (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from tests.helpers.assignment_world import TODAY, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Execution, NotCurrentRemoval
from treserva_desktop.db.queries.not_current import (
    not_current_page,
    not_current_persons,
    not_current_tally,
)
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.errors import Conflict, PermissionDenied
from treserva_desktop.domain.not_current_rules import ALREADY_REMOVED, NOT_REMOVED
from treserva_desktop.domain.views.not_current import NotCurrentTally
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


def _end_rows_days_ago(world: World, person_id: int, days: int) -> None:
    with world.db.transaction() as session:
        for row in session.scalars(select(Execution).where(Execution.person_id == person_id)):
            row.end_date = TODAY - timedelta(days=days)
            row.start_date = min(row.start_date, row.end_date)


def test_the_folder_gives_the_last_unit_and_whether_the_follow_up_time_runs(
    any_db: Database,
) -> None:
    """Within the follow-up time the person is readable at the unit where the rows ended;
    after it they stay listed (within the look-back), marked, and can still be removed."""
    world = build_world(any_db)
    recent = _ended_person(world)
    old = world.send_billable()
    # Both interventions: an assignment still awaiting distribution would keep them in reach.
    world.distribute(old, end_date=TODAY - timedelta(days=2))
    world.distribute(old, type_code="safety_alarm", end_date=TODAY - timedelta(days=2))
    actor = world.actor("gruppchef")
    _end_rows_days_ago(world, old.person_id, actor.follow_up_days + 1)

    with world.db.transaction() as session:
        items = {item.id: item for item in not_current_persons(session, actor)}
    assert set(items) == {recent, old.person_id}
    assert items[recent].in_follow_up is True
    assert items[old.person_id].in_follow_up is False
    assert items[recent].unit_id == items[old.person_id].unit_id == world.units["Norr grupp 1"]
    # The same rule as every read: the one past the follow-up time is refused.
    with world.db.transaction() as session:
        require_person_access(session, actor, recent)
        with pytest.raises(PermissionDenied, match="uppföljningstiden"):
            require_person_access(session, actor, old.person_id)

    # Removing them reveals nothing about them, so it is still allowed.
    _remove(world, "gruppchef", old.person_id)
    assert set(_listed(world, "gruppchef")) == {recent}


def test_the_follow_up_boundary_is_the_reach_rules(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent, end_date=TODAY - timedelta(days=2))
    world.distribute(sent, type_code="safety_alarm", end_date=TODAY - timedelta(days=2))
    person_id = sent.person_id
    actor = world.actor("gruppchef")
    _end_rows_days_ago(world, person_id, actor.follow_up_days)
    with world.db.transaction() as session:
        (item,) = not_current_persons(session, actor)
        assert item.in_follow_up is True
        require_person_access(session, actor, person_id)


def test_the_folder_comes_in_pages_in_name_order_and_audits_only_those_shown(
    any_db: Database,
) -> None:
    """Keyset pages: each page continues after the last one's key, together they are the
    whole folder in the same order, and only the persons on a page are audited reads."""
    world = build_world(any_db)
    ended = {_ended_person(world) for _ in range(5)}
    actor = world.actor("gruppchef")
    with world.db.transaction() as session:
        everyone = [item.id for item in not_current_persons(session, actor)]
    assert set(everyone) == ended

    paged: list[int] = []
    after = None
    pages = 0
    while True:
        with world.db.transaction() as session:
            before = _not_current_reads(session)
            page = not_current_page(session, actor, after=after, limit=2)
            assert _not_current_reads(session) - before == len(page.items)
        paged += [item.id for item in page.items]
        pages += 1
        assert len(page.items) <= 2
        if page.after is None:
            break
        after = page.after
    assert paged == everyone
    assert pages == 3


def test_the_tally_counts_every_person_listed(any_db: Database) -> None:
    """What the folder's summary says: persons listed, those removed (shown only with Visa
    borttagna) and those past the follow-up time, counted without reading anyone."""
    world = build_world(any_db)
    recent = [_ended_person(world) for _ in range(3)]
    old = world.send_billable()
    world.distribute(old, end_date=TODAY - timedelta(days=2))
    world.distribute(old, type_code="safety_alarm", end_date=TODAY - timedelta(days=2))
    actor = world.actor("gruppchef")
    _end_rows_days_ago(world, old.person_id, actor.follow_up_days + 1)
    _remove(world, "gruppchef", recent[0])

    with world.db.transaction() as session:
        before = _not_current_reads(session)
        tally = not_current_tally(session, actor)
        shown = not_current_tally(session, actor, show_removed=True)
        assert _not_current_reads(session) == before
        listed = not_current_persons(session, actor, show_removed=True)
    assert tally == NotCurrentTally(listed=3, removed=0, past_follow_up=1)
    assert shown == NotCurrentTally(listed=4, removed=1, past_follow_up=1)
    assert shown == NotCurrentTally.of(listed)
    assert tally.persons == shown.persons == 3
    # Nobody's units: nothing listed, nothing counted.
    with world.db.transaction() as session:
        assert not_current_tally(session, world.actor("handlaggare")) == NotCurrentTally(0)


def _not_current_reads(session: Session) -> int:
    return len(
        [
            details
            for details in session.scalars(
                select(AuditEvent.details).where(AuditEvent.entity_type == "person")
            )
            if details and details.get("view") == "not_current"
        ]
    )
