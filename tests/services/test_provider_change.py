"""Byt utförare: the provider change sent, accepted (the old rows end the day before the
takeover) and stopped (nothing changes at the old unit), and every guard, on a pinned clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import PERIOD_END, PERIOD_START, TODAY, World, counts
from tests.helpers.provider_change import (
    CHANGE_DATE,
    accept_at_soder,
    change,
    change_command,
    pinned_world,
    placed,
    rows_of,
    world_on,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    AssignmentItem,
    Message,
    MessageRecipient,
)
from treserva_desktop.db.queries.provider_change import MAX_BACKDATE_KEY, provider_change_choices
from treserva_desktop.domain.changes import ChangeSet
from treserva_desktop.domain.commands.distribution import StopAssignment
from treserva_desktop.domain.enums import AssignmentKind, AssignmentStatus
from treserva_desktop.domain.errors import DomainError, PermissionDenied, ValidationError
from treserva_desktop.services.distribution import distribute_intervention, stop_assignment
from treserva_desktop.services.provider_change import change_provider

NORR = "Norr grupp 1"
SODER = "Hemtjänst Söder"


@pytest.fixture
def world(new_sqlite_db: Callable[..., Database]) -> World:
    return pinned_world(new_sqlite_db)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_world(
    request: pytest.FixtureRequest, new_sqlite_db: Callable[..., Database]
) -> Iterator[World]:
    yield from world_on(request.param, new_sqlite_db)


def _refused(
    world: World,
    error: type[DomainError],
    *types: str,
    actor: str = "gruppchef",
    **overrides: object,
) -> DomainError:
    sent = overrides.pop("sent")
    command = change_command(world, sent, *types, **overrides)  # type: ignore[arg-type]
    before = counts(world.db)
    with pytest.raises(error) as caught, world.db.transaction() as session:
        change_provider(session, world.actor(actor), command)
    assert counts(world.db) == before
    return caught.value


def _inbox(world: World, username: str) -> list[tuple[str, str]]:
    with world.db.read() as session:
        return [
            (m.subject, m.body)
            for m in session.scalars(
                select(Message)
                .join(MessageRecipient, MessageRecipient.message_id == Message.id)
                .where(MessageRecipient.user_id == world.users[username])
                .order_by(Message.id)
            ).all()
        ]


# -- sending ---------------------------------------------------------------------------------


def test_change_arrives_received_at_the_new_unit_with_its_items(world: World) -> None:
    sent = placed(world)
    result = change(world, sent, "personal_care")
    with world.db.read() as session:
        assignment = session.get_one(Assignment, result.assignment_id)
        assert assignment.kind is AssignmentKind.PROVIDER_CHANGE
        assert assignment.status is AssignmentStatus.RECEIVED
        assert assignment.awaiting_distribution
        assert assignment.receiver_unit_id == world.units[SODER]
        assert assignment.previous_unit_id == world.units[NORR]
        assert assignment.change_date == CHANGE_DATE
        assert assignment.decision_id == sent.decision_id
        assert assignment.goals.startswith("Ingrid ska kunna bo kvar")
        items = session.scalars(
            select(AssignmentItem.intervention_id).where(
                AssignmentItem.assignment_id == assignment.id
            )
        ).all()
    assert items == [world.intervention_id(sent, "personal_care")]
    # Nothing changes at the old unit yet.
    assert [(r[0], r[2], r[4]) for r in rows_of(world, sent.person_id)] == [
        (NORR, PERIOD_END, ""),
        (NORR, PERIOD_END, ""),
    ]
    assert [s for s, _b in _inbox(world, "soder")] == [
        "Nytt uppdrag – byte av utförare: Personlig omvårdnad"
    ]
    subject, body = _inbox(world, "handlaggare")[-1]
    assert subject == "Byte av utförare: Personlig omvårdnad"
    assert "Ingrid Testsson" in body
    assert f"Datum för övertagandet: {CHANGE_DATE:%Y-%m-%d}" in body
    assert "Från: Norr grupp 1" in body
    assert "Till: Hemtjänst Söder" in body
    assert {world.users["soder"], world.users["handlaggare"]} <= set(result.notified_user_ids)


def test_the_choices_offer_the_units_that_may_take_over(world: World) -> None:
    sent = placed(world)
    with world.db.transaction() as session:
        choices = provider_change_choices(
            session, world.actor("gruppchef"), sent.person_id, world.units[NORR]
        )
    assert [i.name for i in choices.interventions] == ["Personlig omvårdnad", "Trygghetslarm"]
    # Not Norr grupp 1/2 or Hemtjänst Norr (the same provider), not Lindgården (nursing home).
    assert {u.name for u in choices.units if u.selectable} == {SODER}
    assert choices.earliest_date == TODAY - timedelta(days=7)


# -- accepting: the old rows end the day before ---------------------------------------------


def test_accepting_ends_the_old_rows_the_day_before(any_world: World) -> None:
    world = any_world
    sent = placed(world)
    result = change(world, sent, "personal_care", "safety_alarm")
    distributed = accept_at_soder(world, result, "personal_care")
    assert distributed.ended_unit_ids == (world.units[NORR],)
    changed = ChangeSet.of(
        distribute_intervention.__treserva_changes__,  # type: ignore[attr-defined]
        distribute_intervention.__treserva_changes_touches__(None, distributed),  # type: ignore[attr-defined]
    )
    assert changed.touches_unit(world.units[NORR])
    assert changed.touches_unit(world.units[SODER])
    norr = [r for r in rows_of(world, sent.person_id) if r[0] == NORR]
    assert norr[0][2:] == (CHANGE_DATE - timedelta(days=1), "sent_to_execution", "provider_change")
    # The alarm is not distributed at Söder yet: its old row still runs.
    assert norr[1][2:] == (PERIOD_END, "sent_to_execution", "")
    accept_at_soder(world, result, "safety_alarm")
    norr = [r for r in rows_of(world, sent.person_id) if r[0] == NORR]
    assert norr[1][2] == CHANGE_DATE - timedelta(days=1)
    soder = [r[1:3] for r in rows_of(world, sent.person_id) if r[0] == SODER]
    assert soder == [(CHANGE_DATE, PERIOD_END), (CHANGE_DATE, PERIOD_END)]
    with world.db.read() as session:
        assignment = session.get_one(Assignment, result.assignment_id)
        assert assignment.status is AssignmentStatus.ACCEPTED
        assert not assignment.awaiting_distribution


def test_a_row_planned_after_the_takeover_is_revoked(world: World) -> None:
    sent = world.send_billable()
    world.distribute(sent, type_code="personal_care", start_date=TODAY + timedelta(days=20))
    result = change(world, sent, "personal_care")
    accept_at_soder(world, result)
    norr = [r for r in rows_of(world, sent.person_id) if r[0] == NORR]
    assert norr == [(NORR, TODAY + timedelta(days=20), PERIOD_END, "revoked", "provider_change")]


def test_a_refused_distribution_leaves_the_old_rows(world: World) -> None:
    """A start before the takeover overlaps the old row: refused, and the old row stays."""
    sent = placed(world)
    result = change(world, sent, "personal_care")
    before = rows_of(world, sent.person_id)
    with pytest.raises(ValidationError):
        accept_at_soder(world, result, start_date=CHANGE_DATE - timedelta(days=2))
    assert rows_of(world, sent.person_id) == before


# -- stopping: nothing changes at the old unit ------------------------------------------------


def test_stopping_tells_the_sender_and_the_change_can_be_redone(any_world: World) -> None:
    world = any_world
    sent = placed(world)
    result = change(world, sent, "personal_care")
    before = rows_of(world, sent.person_id)
    with pytest.raises(ValidationError) as caught, world.db.transaction() as session:
        stop_assignment(
            session,
            world.actor("soder"),
            StopAssignment(assignment_id=result.assignment_id, reason="  "),
        )
    assert caught.value.field == "reason"
    with world.db.transaction() as session:
        stop_assignment(
            session,
            world.actor("soder"),
            StopAssignment(assignment_id=result.assignment_id, reason="Ingen plats i gruppen."),
        )
    assert rows_of(world, sent.person_id) == before
    for told in ("gruppchef", "handlaggare"):
        subject, body = _inbox(world, told)[-1]
        assert subject == "Uppdrag stoppat"
        assert "Ingen plats i gruppen." in body
        assert "Inget har ändrats hos den nuvarande utföraren." in body
    again = change(world, sent, "personal_care")
    assert again.assignment_id != result.assignment_id


# -- guards ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (NORR, "utförs redan av Norr grupp 1"),
        ("Norr grupp 2", "utförs redan av Norr grupp 1"),
        ("Hemtjänst Norr", "utförs redan av Norr grupp 1"),
        ("Lindgården", "kan inte ta över insatser inom hemtjänst"),
        ("ÄO Hemtjänst", "ingen utförarenhet"),
        ("Biståndsenheten", "ingen utförarenhet"),
    ],
)
def test_the_new_unit_must_be_another_provider_of_the_same_kind(
    world: World, target: str, text: str
) -> None:
    sent = placed(world)
    error = _refused(world, ValidationError, sent=sent, to_unit_id=world.units[target])
    assert error.field == "to_unit_id"
    assert text in error.message


def test_backdating_beyond_the_setting_is_refused(world: World) -> None:
    sent = placed(world)
    error = _refused(world, ValidationError, sent=sent, change_date=TODAY - timedelta(days=8))
    assert error.field == "change_date"
    assert "högst 7 dagar bakåt" in error.message
    with world.db.transaction() as session:
        session.add(AppSetting(key=MAX_BACKDATE_KEY, value="0"))
    error = _refused(world, ValidationError, sent=sent, change_date=TODAY - timedelta(days=1))
    assert error.message == "Datum för övertagandet kan inte vara före dagens datum."
    result = change(world, sent, change_date=TODAY)
    assert result.assignment_id


def test_backdating_within_the_setting_is_allowed(world: World) -> None:
    sent = placed(world)
    result = change(world, sent, change_date=TODAY - timedelta(days=3))
    accept_at_soder(world, result, start_date=TODAY - timedelta(days=3))
    norr = [r for r in rows_of(world, sent.person_id) if r[0] == NORR]
    assert norr[0][2] == TODAY - timedelta(days=4)


@pytest.mark.parametrize(
    ("days", "text"),
    [(400, "efter beslutsperiodens slut"), (-6, "före beslutsperiodens början")],
)
def test_the_date_lies_inside_the_decision(world: World, days: int, text: str) -> None:
    sent = placed(world)
    day = TODAY + timedelta(days=days)
    assert day > PERIOD_END or day < PERIOD_START
    error = _refused(world, ValidationError, sent=sent, change_date=day)
    assert error.field == "change_date"
    assert text in error.message


def test_the_date_is_not_after_the_rows_end(world: World) -> None:
    sent = world.send_billable()
    world.distribute(sent, type_code="personal_care", end_date=TODAY + timedelta(days=3))
    error = _refused(world, ValidationError, sent=sent)
    assert error.field == "change_date"
    assert "måste vara senast" in error.message


def test_a_pending_change_is_refused(world: World) -> None:
    sent = placed(world)
    change(world, sent, "personal_care")
    error = _refused(world, ValidationError, "personal_care", "safety_alarm", sent=sent)
    assert error.field == "intervention_ids"
    assert "väntar hos Hemtjänst Söder" in error.message
    # The other intervention alone may change.
    assert change(world, sent, "safety_alarm").assignment_id


def test_only_a_manager_of_the_old_unit_may_change(world: World) -> None:
    sent = placed(world)
    _refused(world, PermissionDenied, sent=sent, actor="soder")
    _refused(world, PermissionDenied, sent=sent, actor="personal")


def test_an_intervention_without_rows_at_the_unit_is_refused(world: World) -> None:
    sent = placed(world)
    error = _refused(world, ValidationError, sent=sent, from_unit_id=world.units["Norr grupp 2"])
    assert error.field == "intervention_ids"
