"""Safer Kvittera (issue 12): an unread assignment is acknowledged only after the user's Ja,
Ångra takes back the user's own recent Kvittera, and Ta bort ur Mina personer. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Execution, MyPerson
from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.domain import genomforande_rules as rules
from treserva_desktop.domain.changes import ChangeKind, changes_of
from treserva_desktop.domain.commands.genomforande import (
    AcknowledgeAssignment,
    RemoveFromMyPersons,
    UndoAcknowledgement,
)
from treserva_desktop.domain.commands.reading import AssignmentRef
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.domain.views.genomforande import AcknowledgeResult
from treserva_desktop.services import genomforande
from treserva_desktop.services.reading import record_assignment_read


def _sent_to_norr_1(world: World) -> SentAssignment:
    sent = world.send_billable()
    world.distribute(sent)  # personal care to Norr grupp 1, sent to Genomförande
    return sent


def _acknowledge(world: World, sent: SentAssignment, **values: object) -> AcknowledgeResult:
    with world.db.transaction() as session:
        return genomforande.acknowledge_assignment(
            session,
            world.actor("personal"),
            AcknowledgeAssignment(assignment_id=sent.assignment_id, **values),
        )


def _statuses(world: World, sent: SentAssignment) -> set[ExecutionStatus]:
    with world.db.read() as session:
        return set(
            session.scalars(
                select(Execution.status).where(Execution.assignment_id == sent.assignment_id)
            ).all()
        )


def _mine(world: World, username: str = "personal") -> set[int]:
    with world.db.read() as session:
        return set(
            session.scalars(
                select(MyPerson.person_id).where(MyPerson.user_id == world.users[username])
            ).all()
        )


# --- unread: Kvittera ändå? ------------------------------------------------------------------


def test_an_unread_assignment_is_not_acknowledged_without_confirmation(any_db: Database) -> None:
    world = build_world(any_db)
    sent = _sent_to_norr_1(world)
    with world.db.read() as session:
        [row] = genomforande_new_assignments(session, world.actor("personal"))
    assert row.read_by_me is False
    with pytest.raises(ValidationError) as refused:
        _acknowledge(world, sent)
    assert refused.value.message == rules.UNREAD_NOT_CONFIRMED
    assert _statuses(world, sent) == {ExecutionStatus.SENT_TO_EXECUTION}
    # Ja to "Kvittera ändå?".
    _acknowledge(world, sent, unread_confirmed=True)
    assert _statuses(world, sent) == {ExecutionStatus.ACKNOWLEDGED}


def test_read_first_then_kvittera_asks_nothing(any_db: Database) -> None:
    world = build_world(any_db)
    sent = _sent_to_norr_1(world)
    with world.db.transaction() as session:
        record_assignment_read(
            session, world.actor("personal"), AssignmentRef(assignment_id=sent.assignment_id)
        )
    with world.db.read() as session:
        [row] = genomforande_new_assignments(session, world.actor("personal"))
    assert row.read_by_me is True
    _acknowledge(world, sent)
    assert _statuses(world, sent) == {ExecutionStatus.ACKNOWLEDGED}


# --- Ångra ---------------------------------------------------------------------------------


def test_undo_puts_the_rows_back_and_takes_the_person_off_mina_personer(
    any_db: Database,
) -> None:
    world = build_world(any_db)
    sent = _sent_to_norr_1(world)
    done = _acknowledge(world, sent, unread_confirmed=True, move_to_my_persons=True)
    assert done.added_to_my_persons
    assert sent.person_id in _mine(world)
    command = UndoAcknowledgement(
        assignment_id=sent.assignment_id,
        execution_ids=done.acknowledged_execution_ids,
        remove_from_my_persons=True,
    )
    with world.db.transaction() as session:
        undone = genomforande.undo_acknowledgement(session, world.actor("personal"), command)
    assert undone.removed_from_my_persons
    assert changes_of(genomforande.undo_acknowledgement, command, undone) == {
        ChangeKind.EXECUTIONS,
        ChangeKind.MY_PERSONS,
    }
    assert _statuses(world, sent) == {ExecutionStatus.SENT_TO_EXECUTION}
    assert sent.person_id not in _mine(world)
    with world.db.read() as session:
        row = session.get(Execution, done.acknowledged_execution_ids[0])
        assert row is not None
        assert (row.acknowledged_at, row.acknowledged_by_user_id) == (None, None)
        # Both steps stay in the trail.
        details = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.entity_type == "execution", AuditEvent.entity_id == row.id
            )
        ).all()
        assert {"status": "acknowledged"} in details
        assert {"status": "sent_to_execution", "undo": "acknowledged"} in details
        [back] = genomforande_new_assignments(session, world.actor("personal"))
        assert back.assignment_id == sent.assignment_id
    # Twice is refused: nothing is acknowledged any more.
    with pytest.raises(Conflict), world.db.transaction() as session:
        genomforande.undo_acknowledgement(session, world.actor("personal"), command)


def test_undo_is_only_for_whoever_acknowledged_and_only_for_a_while(any_db: Database) -> None:
    world = build_world(any_db)
    sent = _sent_to_norr_1(world)
    done = _acknowledge(world, sent, unread_confirmed=True)
    command = UndoAcknowledgement(
        assignment_id=sent.assignment_id, execution_ids=done.acknowledged_execution_ids
    )
    # gruppchef may acknowledge at Norr grupp 1 too, but did not acknowledge this.
    with pytest.raises(PermissionDenied) as other, world.db.transaction() as session:
        genomforande.undo_acknowledgement(session, world.actor("gruppchef"), command)
    assert other.value.message == rules.UNDO_NOT_YOURS
    # Out of the unit's scope: refused before anything else.
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        genomforande.undo_acknowledgement(session, world.actor("personal_soder"), command)
    # Too late: the acknowledgement is older than the window.
    with world.db.transaction() as session:
        for row in session.scalars(
            select(Execution).where(Execution.id.in_(done.acknowledged_execution_ids))
        ):
            assert row.acknowledged_at is not None
            row.acknowledged_at -= rules.UNDO_WINDOW + timedelta(minutes=1)
    with pytest.raises(Conflict) as late, world.db.transaction() as session:
        genomforande.undo_acknowledgement(session, world.actor("personal"), command)
    assert late.value.message == rules.UNDO_TOO_LATE
    assert _statuses(world, sent) == {ExecutionStatus.ACKNOWLEDGED}


# --- Mina personer › Ta bort ur Mina personer ------------------------------------------------


def test_remove_from_my_persons_only_touches_the_users_own_list(any_db: Database) -> None:
    world = build_world(any_db)
    sent = _sent_to_norr_1(world)
    _acknowledge(world, sent, unread_confirmed=True, move_to_my_persons=True)
    with world.db.transaction() as session:
        genomforande.add_to_my_persons(session, world.actor("gruppchef"), sent.person_id)
    command = RemoveFromMyPersons(person_id=sent.person_id)
    with world.db.transaction() as session:
        assert genomforande.remove_from_my_persons(session, world.actor("personal"), command)
    assert sent.person_id not in _mine(world)
    assert sent.person_id in _mine(world, "gruppchef")  # someone else's list is theirs
    with world.db.transaction() as session:
        assert not genomforande.remove_from_my_persons(session, world.actor("personal"), command)
    with world.db.read() as session:
        audited = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.entity_type == "my_person",
                AuditEvent.action == AuditAction.UPDATE,
                AuditEvent.user_id == world.users["personal"],
            )
        ).all()
    assert audited == [{"removed": True}]


def test_remove_from_my_persons_needs_a_provider_role(any_db: Database) -> None:
    world = build_world(any_db)
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        genomforande.remove_from_my_persons(
            session, world.actor("handlaggare"), RemoveFromMyPersons(person_id=1)
        )


def test_check_undo_rule() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    rules.check_undo(7, [(7, now - timedelta(minutes=5))], now)
    with pytest.raises(Conflict):
        rules.check_undo(7, [], now)
    with pytest.raises(Conflict):
        rules.check_undo(7, [(None, None)], now)
    with pytest.raises(PermissionDenied):
        rules.check_undo(7, [(8, now)], now)
    with pytest.raises(Conflict):
        rules.check_undo(7, [(7, now - rules.UNDO_WINDOW - timedelta(seconds=1))], now)
