"""Inkorg: sending, reading, replying, and the read side behind it."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import World, build_world, counts

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Message, MessageRecipient, User
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.inbox import message_detail, recipient_choices
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.domain.commands.inbox import ReplyToMessage, SendMessage
from treserva_desktop.domain.errors import NotFound, ValidationError
from treserva_desktop.services import inbox


def _send(world: World, sender: str = "gruppchef", **values: object) -> int:
    command = SendMessage(
        **{  # type: ignore[arg-type]
            "recipient_ids": (world.users["personal"], world.users["handlaggare"]),
            "subject": "Insatsen är fördelad",
            "body": "Personlig omvårdnad utförs av Norr grupp 1.",
            **values,
        }
    )
    with world.db.transaction() as session:
        return inbox.send_message(session, world.actor(sender), command)


def test_send_message_reaches_every_recipient(any_db: Database) -> None:
    world = build_world(any_db)
    message_id = _send(world)
    for username in ("personal", "handlaggare"):
        with any_db.read() as session:
            actor = world.actor(username)
            items = tree.inbox(session, actor)
            assert [(i.id, i.subject, i.sender_name, i.read) for i in items] == [
                (message_id, "Insatsen är fördelad", "Anders Holmgren", False)
            ]
            assert tree.unread_count(session, actor) == 1
    with any_db.read() as session:
        assert tree.inbox(session, world.actor("gruppchef")) == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 201}, "subject"),
        ({"recipient_ids": ()}, "recipient_ids"),
        ({"recipient_ids": (9999,)}, "recipient_ids"),
    ],
)
def test_send_message_validation(world: World, values: dict[str, object], field: str) -> None:
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        _send(world, **values)
    assert caught.value.field == field
    assert counts(world.db) == before


def test_inactive_recipient_is_refused(world: World) -> None:
    with world.db.transaction() as session:
        user = session.get(User, world.users["personal"])
        assert user is not None
        user.active = False
    with pytest.raises(ValidationError) as caught:
        _send(world)
    assert caught.value.field == "recipient_ids"


def test_linked_person_and_assignment_must_exist_and_agree(world: World) -> None:
    sent = world.send_billable()
    # The reader sees the name because the person has an ongoing row at their unit.
    world.distribute(sent)
    other = world.send()
    with pytest.raises(NotFound):
        _send(world, person_id=4040)
    with pytest.raises(NotFound):
        _send(world, assignment_id=4040)
    with pytest.raises(ValidationError) as caught:
        _send(world, person_id=other.person_id, assignment_id=sent.assignment_id)
    assert caught.value.field == "assignment_id"
    message_id = _send(world, person_id=sent.person_id, assignment_id=sent.assignment_id)
    with world.db.read() as session:
        detail = message_detail(session, world.actor("personal"), message_id)
    assert detail.person_name == "Ingrid Testsson"
    assert detail.assignment_id == sent.assignment_id


def test_mark_read_once(world: World) -> None:
    message_id = _send(world)
    staff = world.actor("personal")
    with world.db.transaction() as session:
        inbox.mark_read(session, staff, MarkMessageRead(message_id=message_id))
    with world.db.read() as session:
        first = message_detail(session, staff, message_id).read_at
    assert first is not None
    with world.db.transaction() as session:
        inbox.mark_read(session, staff, MarkMessageRead(message_id=message_id))
    with world.db.read() as session:
        assert message_detail(session, staff, message_id).read_at == first
        assert tree.unread_count(session, staff) == 0
        # The other recipient's copy is still unread.
        assert tree.unread_count(session, world.actor("handlaggare")) == 1


def test_mark_read_of_someone_elses_message(world: World) -> None:
    message_id = _send(world)
    with pytest.raises(NotFound), world.db.transaction() as session:
        inbox.mark_read(session, world.actor("soder"), MarkMessageRead(message_id=message_id))


def test_reply_goes_to_the_sender_with_sv(world: World) -> None:
    message_id = _send(world)
    staff = world.actor("personal")
    with world.db.transaction() as session:
        reply_id = inbox.reply(
            session, staff, ReplyToMessage(message_id=message_id, body="Tack, noterat.")
        )
    with world.db.read() as session:
        reply = session.get(Message, reply_id)
        assert reply is not None
        assert reply.subject == "Sv: Insatsen är fördelad"
        assert reply.reply_to_id == message_id
        assert reply.sender_user_id == world.users["personal"]
        to = session.scalars(
            select(MessageRecipient.user_id).where(MessageRecipient.message_id == reply_id)
        ).all()
        assert to == [world.users["gruppchef"]]
        # Replying marks the original read.
        assert message_detail(session, staff, message_id).read_at is not None
    with world.db.transaction() as session:
        again = inbox.reply(
            session,
            world.actor("gruppchef"),
            ReplyToMessage(message_id=reply_id, body="Bra."),
        )
    with world.db.read() as session:
        answer = session.get(Message, again)
        assert answer is not None
        assert answer.subject == "Sv: Insatsen är fördelad"


def test_reply_rules(world: World) -> None:
    message_id = _send(world)
    with pytest.raises(ValidationError) as caught, world.db.transaction() as session:
        inbox.reply(
            session, world.actor("personal"), ReplyToMessage(message_id=message_id, body=" ")
        )
    assert caught.value.field == "body"
    with pytest.raises(NotFound), world.db.transaction() as session:
        inbox.reply(session, world.actor("soder"), ReplyToMessage(message_id=message_id, body="x"))
    # A message from the system (no sender) cannot be answered.
    with world.db.transaction() as session:
        system = Message(subject="Systemmeddelande", body="", sent_at=SYSTEM_CLOCK.now())
        session.add(system)
        session.flush()
        session.add(
            MessageRecipient(
                message_id=system.id, user_id=world.users["personal"], sent_at=system.sent_at
            )
        )
        system_id = system.id
    with pytest.raises(ValidationError), world.db.transaction() as session:
        inbox.reply(
            session, world.actor("personal"), ReplyToMessage(message_id=system_id, body="x")
        )
    with world.db.read() as session:
        detail = message_detail(session, world.actor("personal"), system_id)
    assert detail.sender_name == "Systemet"
    assert not detail.can_reply


def test_message_detail_only_for_sender_and_recipients(world: World) -> None:
    message_id = _send(world)
    with world.db.read() as session:
        as_sender = message_detail(session, world.actor("gruppchef"), message_id)
        assert as_sender.recipient_names == ("Amina Hassan", "Johan Ekström")
        assert as_sender.read_at is None
        assert as_sender.can_reply
        with pytest.raises(NotFound):
            message_detail(session, world.actor("soder"), message_id)
        with pytest.raises(NotFound):
            message_detail(session, world.actor("soder"), 4040)


def test_new_assignment_message_links_the_assignment(world: World) -> None:
    sent = world.send()
    with world.db.read() as session:
        items = tree.inbox(session, world.actor("gruppchef"))
        detail = message_detail(session, world.actor("gruppchef"), items[0].id)
    assert detail.subject.startswith("Nytt uppdrag: ")
    assert detail.assignment_id == sent.assignment_id
    assert detail.person_id == sent.person_id
    assert detail.sender_name == "Johan Ekström"


def test_recipient_choices_leave_out_the_actor_and_filter(world: World) -> None:
    with world.db.read() as session:
        everyone = recipient_choices(session, world.actor("gruppchef"))
        norr = recipient_choices(session, world.actor("gruppchef"), "norr")
        by_name = recipient_choices(session, world.actor("gruppchef"), "amina")
    assert world.users["gruppchef"] not in {c.user_id for c in everyone}
    assert len(everyone) == 5
    assert [c.display_name for c in norr] == ["Amina Hassan"]
    assert [c.units for c in by_name] == ["Norr grupp 1"]
    chef = next(c for c in everyone if c.display_name == "Karin Lundqvist")
    assert chef.units == "ÄO Hemtjänst, ÄO Vårdboende"


def test_inkorg_names_the_person_masked_and_only_for_readers_in_reach(any_db: Database) -> None:
    """Issue 12: Inkorg's Person column, so messages with the same subject tell apart."""
    from treserva_desktop.db.models import AuditEvent, Person

    world = build_world(any_db)
    sent = world.send_billable()
    world.distribute(sent)  # personal (Norr grupp 1) now reaches the person
    message_id = _send(world, person_id=sent.person_id)
    with any_db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        name = f"{person.last_name}, {person.first_name}"
    with any_db.transaction() as session:
        [item] = tree.inbox_page(session, world.actor("personal")).items
        assert item.id == message_id
        assert item.person.startswith(name + ", ")
        audited = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.user_id == world.users["personal"],
                AuditEvent.person_id == sent.person_id,
            )
        ).all()
        assert {"view": "inbox"} in audited
    # A protected identity: neither name nor number in the list.
    with any_db.transaction() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        person.protected_identity = True
    with any_db.transaction() as session:
        [item] = tree.inbox_page(session, world.actor("personal")).items
        assert item.person == tree.PROTECTED_IN_LIST
        assert name not in item.person


def test_inkorg_leaves_out_a_person_out_of_reach(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()  # not distributed: Norr grupp 1's staff do not reach them
    _send(world, person_id=sent.person_id)
    with any_db.transaction() as session:
        [item] = tree.inbox_page(session, world.actor("personal")).items
    assert item.person == ""
