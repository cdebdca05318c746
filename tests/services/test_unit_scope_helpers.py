"""Issue 9, item 1: the unit-less helpers (Mina personer, messages about a person) are no way
around unit scope. Regression tests for the findings: an administrator listed 60 of 60
persons (a protected identity included) through Mina personer, with no audit row; care staff
read four names outside their unit through messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Message, MessageRecipient, MyPerson
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.inbox import OUTSIDE_SCOPE_TEXT, message_detail
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.services import genomforande, inbox


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


def _persons(db: Database, world: World, unit: str, count: int, **fields: object) -> list[int]:
    """Persons with an ongoing row at `unit` (none of them at any other unit)."""
    with db.transaction() as session:
        return [
            add_person(session, world, first_name=f"P{index}", unit=unit, **fields)  # type: ignore[arg-type]
            for index in range(count)
        ]


def _audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _sneak_into_my_persons(db: Database, world: World, username: str, ids: list[int]) -> None:
    """Entries written straight into the table (as before the fix, or by an old client)."""
    with db.transaction() as session:
        for person_id in ids:
            session.add(
                MyPerson(
                    user_id=world.users[username],
                    person_id=person_id,
                    added_at=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )


@pytest.mark.parametrize("username", ["admin", "handlaggare", "personal_soder"])
def test_add_to_my_persons_outside_scope_is_refused_and_writes_nothing(
    any_db: Database, world: World, username: str
) -> None:
    (norr,) = _persons(any_db, world, "Norr grupp 1", 1, protected_identity=True)
    with any_db.read() as session:
        before = _audit_count(session)
    with pytest.raises(PermissionDenied), any_db.transaction() as session:
        genomforande.add_to_my_persons(session, actor(session, world, username), norr)
    with any_db.read() as session:
        assert session.scalars(select(MyPerson)).all() == []
        assert _audit_count(session) == before


def test_add_to_my_persons_in_scope_is_audited_with_the_unit(
    any_db: Database, world: World
) -> None:
    (norr,) = _persons(any_db, world, "Norr grupp 1", 1)
    with any_db.transaction() as session:
        assert genomforande.add_to_my_persons(session, actor(session, world, "personal"), norr)
    with any_db.read() as session:
        (event,) = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "my_person")
        ).all()
        assert (event.action, event.person_id, event.user_id, event.unit_id, event.role) == (
            AuditAction.CREATE,
            norr,
            world.users["personal"],
            world.units["Norr grupp 1"],
            "care_staff",
        )
        assert event.details == {}


def test_admin_lists_none_of_60_persons_in_my_persons(any_db: Database, world: World) -> None:
    """The finding: 60/60 persons with name and personnummer, a protected one included."""
    ids = _persons(any_db, world, "Norr grupp 1", 30) + _persons(
        any_db, world, "Hemtjänst Söder", 29
    )
    ids += _persons(any_db, world, "Hemtjänst Söder", 1, protected_identity=True)
    assert len(ids) == 60
    _sneak_into_my_persons(any_db, world, "admin", ids)
    with any_db.transaction() as session:
        assert tree.my_persons(session, actor(session, world, "admin")) == []


def test_my_persons_lists_only_persons_in_scope_and_audits_each(
    any_db: Database, world: World
) -> None:
    own = _persons(any_db, world, "Norr grupp 1", 2)
    other = _persons(any_db, world, "Hemtjänst Söder", 3)
    _sneak_into_my_persons(any_db, world, "personal", own + other)
    with any_db.transaction() as session:
        listed = tree.my_persons(session, actor(session, world, "personal"))
    assert sorted(item.id for item in listed) == sorted(own)
    with any_db.read() as session:
        events = session.scalars(select(AuditEvent)).all()
    assert sorted(event.person_id or 0 for event in events) == sorted(own)
    assert {(e.action, e.unit_id, e.details["view"]) for e in events} == {
        (AuditAction.READ_PERSON, world.units["Norr grupp 1"], "my_persons")
    }


def _message(any_db: Database, world: World, sender: str, recipient: str, **values: object) -> int:
    command = SendMessage(
        recipient_ids=(world.users[recipient],),
        subject="Om brukaren",
        body="Se över insatsen.",
        **values,  # type: ignore[arg-type]
    )
    with any_db.transaction() as session:
        return inbox.send_message(session, actor(session, world, sender), command)


def test_send_message_about_a_person_outside_scope_is_refused(
    any_db: Database, world: World
) -> None:
    (soder,) = _persons(any_db, world, "Hemtjänst Söder", 1)
    with pytest.raises(PermissionDenied), any_db.transaction() as session:
        inbox.send_message(
            session,
            actor(session, world, "personal"),
            SendMessage(
                recipient_ids=(world.users["samordnare"],),
                subject="Om brukaren",
                body="Text",
                person_id=soder,
            ),
        )
    with any_db.read() as session:
        assert session.scalars(select(Message)).all() == []
        assert session.scalars(select(MessageRecipient)).all() == []
        assert _audit_count(session) == 0


def test_message_detail_names_a_person_only_for_a_reader_in_scope(
    any_db: Database, world: World
) -> None:
    """The finding: staff got four names outside their unit. A verksamhetschef over both
    units writes about four Söder persons to care staff at Norr grupp 1."""
    soder = _persons(any_db, world, "Hemtjänst Söder", 4)
    messages = [
        _message(any_db, world, "verksamhetschef", "personal", person_id=person_id)
        for person_id in soder
    ]
    with any_db.read() as session:
        before = _audit_count(session)
    with any_db.transaction() as session:
        staff = actor(session, world, "personal")
        names = [message_detail(session, staff, message_id).person_name for message_id in messages]
    assert names == [OUTSIDE_SCOPE_TEXT] * 4
    with any_db.read() as session:
        assert _audit_count(session) == before  # nothing about a person was shown
    # Someone who neither sent nor received the message does not get it at all.
    with pytest.raises(NotFound), any_db.transaction() as session:
        message_detail(session, actor(session, world, "personal_soder"), messages[0])


def test_message_detail_in_scope_shows_the_name_and_audits_it(
    any_db: Database, world: World
) -> None:
    (norr,) = _persons(any_db, world, "Norr grupp 1", 1)
    message_id = _message(any_db, world, "samordnare", "personal", person_id=norr)
    with any_db.transaction() as session:
        detail = message_detail(session, actor(session, world, "personal"), message_id)
    assert detail.person_name == "P0 Andersson"
    with any_db.read() as session:
        (event,) = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.READ_PERSON)
        ).all()
    assert (event.entity_type, event.entity_id, event.person_id, event.unit_id) == (
        "message",
        message_id,
        norr,
        world.units["Norr grupp 1"],
    )
    assert event.details == {"view": "message"}
