"""Rätta/Avsluta and Återkalla (W8, W9): every transition and guard, on SQLite and PostgreSQL,
with what the execution window, the warning before ending and the message to the
handläggare read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import (
    PERIOD_END,
    PERIOD_START,
    TODAY,
    World,
    build_world,
    counts,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, AuditEvent, Execution
from treserva_desktop.db.queries.counts import new_assignment_counts
from treserva_desktop.db.queries.ending import live_commitments, provider_units
from treserva_desktop.db.queries.executions import (
    end_reasons,
    ended_message_draft,
    execution_window,
)
from treserva_desktop.db.queries.interventions import person_interventions
from treserva_desktop.domain.commands.distribution import RegisterExecution
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, TimePer
from treserva_desktop.domain.errors import Conflict, DomainError, PermissionDenied, ValidationError
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services import distribution, executions


def _row(db: Database, execution_id: int) -> Execution:
    with db.read() as session:
        row = session.get(Execution, execution_id)
        assert row is not None
        session.expunge(row)
        return row


def _end(
    world: World,
    execution_id: int,
    end: date,
    *,
    reason: str = "deceased",
    start: date | None = None,
    actor: str = "gruppchef",
    version: int | None = None,
) -> executions.EndResult:
    command = EndExecution(
        execution_id=execution_id,
        end_date=end,
        start_date=start,
        reason_code=reason,
        expected_version=version if version is not None else _row(world.db, execution_id).version,
    )
    with world.db.transaction() as session:
        return executions.end_execution(session, world.actor(actor), command)


def _revoke(world: World, execution_id: int, day: date, *, actor: str = "gruppchef"):
    command = RevokeExecution(
        execution_id=execution_id,
        day_before=day,
        expected_version=_row(world.db, execution_id).version,
    )
    with world.db.transaction() as session:
        return executions.revoke_execution(session, world.actor(actor), command)


def _refused(world: World, error: type[DomainError], call) -> DomainError:  # type: ignore[no-untyped-def]
    before = counts(world.db)
    with pytest.raises(error) as caught:
        call()
    assert counts(world.db) == before
    return caught.value


@pytest.fixture
def placed(any_db: Database) -> tuple[World, SentAssignment, int, int]:
    """Personal care and a safety alarm sent to execution at Norr grupp 1."""
    world = build_world(any_db)
    sent = world.send_billable()
    care = world.distribute(sent)
    alarm = world.distribute(
        sent, type_code="safety_alarm", expected_version=care.assignment_version
    )
    return world, sent, care.execution_id, alarm.execution_id


# --- Rätta/Avsluta --------------------------------------------------------------------------


def test_ending_sets_the_end_and_reason_and_audits_the_previous_values(placed) -> None:
    world, _sent, care, alarm = placed
    end = TODAY + timedelta(days=3)
    first = _end(world, care, end)
    assert not first.nothing_left  # the safety alarm is still on
    row = _row(world.db, care)
    assert (row.end_date, row.end_reason, row.status) == (
        end,
        "deceased",
        ExecutionStatus.SENT_TO_EXECUTION,
    )
    # When the end was registered (the ending checklist counts the handläggare's message
    # from that day, not from a T.o.m. ahead).
    assert row.ended_at is not None
    # Rätta: an ended row may be corrected; the audit keeps what it was.
    corrected = _end(world, care, end + timedelta(days=1), reason="moved_away")
    assert not corrected.nothing_left
    last = _end(world, alarm, end + timedelta(days=1), reason="moved_away")
    assert last.nothing_left
    assert last.provider_unit_id == world.units["Hemtjänst Norr"]
    with world.db.read() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "execution",
                AuditEvent.entity_id == care,
                AuditEvent.action == AuditAction.UPDATE,
            )
            .order_by(AuditEvent.id)
        ).all()
        assert [e.details["end_reason"] for e in events] == ["deceased", "moved_away"]
        assert events[0].details["before"] == {
            "start_date": PERIOD_START.isoformat(),
            "end_date": PERIOD_END.isoformat(),
            "end_reason": None,
        }
        assert events[1].details["before"]["end_date"] == end.isoformat()
        assert events[1].details["before"]["end_reason"] == "deceased"


def test_fr_o_m_can_be_corrected_with_the_end(placed) -> None:
    world, _sent, care, _alarm = placed
    _end(world, care, TODAY, start=PERIOD_START + timedelta(days=1))
    assert _row(world.db, care).start_date == PERIOD_START + timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (None, PERIOD_START - timedelta(days=1), "end_date", "kan inte vara före Fr.o.m."),
        (None, PERIOD_END + timedelta(days=1), "end_date", "beslutsperiodens slut"),
        (PERIOD_START - timedelta(days=1), TODAY, "start_date", "beslutsperiodens början"),
    ],
)
def test_end_outside_the_row_or_the_decision_is_refused_at_the_field(
    placed, start: date | None, end: date, field: str, words: str
) -> None:
    world, _sent, care, _alarm = placed
    error = _refused(world, ValidationError, lambda: _end(world, care, end, start=start))
    assert error.field == field
    assert words in error.message
    assert _row(world.db, care).end_date == PERIOD_END


def test_a_correction_may_not_overlap_another_live_row(placed) -> None:
    world, sent, care, _alarm = placed
    split = TODAY + timedelta(days=10)
    _end(world, care, split)
    later = world.distribute(
        sent,
        start_date=split + timedelta(days=1),
        expected_version=world.version(sent.assignment_id),
    )
    error = _refused(world, ValidationError, lambda: _end(world, care, split + timedelta(days=5)))
    assert "överlappar" in error.message
    assert _row(world.db, later.execution_id).status is ExecutionStatus.SENT_TO_EXECUTION


def test_an_unknown_reason_is_refused(placed) -> None:
    world, _sent, care, _alarm = placed
    error = _refused(world, ValidationError, lambda: _end(world, care, TODAY, reason="nope"))
    assert error.field == "reason_code"


def test_a_row_changed_by_someone_else_is_not_overwritten(placed) -> None:
    world, _sent, care, _alarm = placed
    stale = _row(world.db, care).version
    _end(world, care, TODAY + timedelta(days=2))
    error = _refused(
        world, Conflict, lambda: _end(world, care, TODAY + timedelta(days=9), version=stale)
    )
    assert "ändrats av någon annan" in error.message
    assert _row(world.db, care).end_date == TODAY + timedelta(days=2)


@pytest.mark.parametrize("who", ["soder", "personal", "handlaggare"])
def test_only_managers_of_the_rows_unit_end_it(placed, who: str) -> None:
    world, _sent, care, _alarm = placed
    _refused(world, PermissionDenied, lambda: _end(world, care, TODAY, actor=who))
    _refused(world, PermissionDenied, lambda: _revoke(world, care, TODAY, actor=who))


# --- Återkalla -----------------------------------------------------------------------------


def test_revoke_ends_the_row_and_opens_a_new_one_under_distribution(placed) -> None:
    world, sent, care, _alarm = placed
    day = TODAY + timedelta(days=4)
    result = _revoke(world, care, day)
    old = _row(world.db, care)
    new = _row(world.db, result.new_execution_id)
    assert (old.end_date, old.status) == (day, ExecutionStatus.REVOKED)
    assert (new.start_date, new.end_date, new.status) == (
        day + timedelta(days=1),
        PERIOD_END,
        ExecutionStatus.UNDER_DISTRIBUTION,
    )
    assert new.replaces_execution_id == care
    assert (new.minutes, new.per, new.unit_id) == (old.minutes, old.per, old.unit_id)
    with world.db.read() as session:
        # The intervention has a row: the assignment does not come back to Nya uppdrag.
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert not assignment.awaiting_distribution
        assert new_assignment_counts(session, world.actor("gruppchef")).total == 0
    # Registrera with the new time, Till genomförande.
    with world.db.transaction() as session:
        registered = distribution.register_execution(
            session,
            world.actor("gruppchef"),
            RegisterExecution(
                execution_id=new.id,
                hours=Decimal(30),
                per=TimePer.MONTH,
                to_execution=True,
                expected_version=new.version,
            ),
        )
    assert registered.execution_status is ExecutionStatus.SENT_TO_EXECUTION
    assert _row(world.db, new.id).minutes == 1800
    # Both rows stay, as history.
    with world.db.read() as session:
        groups = person_interventions(session, world.actor("gruppchef"), sent.person_id)
        rows = [r for g in groups for r in g.rows if r.intervention_id == old.intervention_id]
        assert [(r.id, r.status) for r in rows] == [
            (care, ExecutionStatus.REVOKED),
            (new.id, ExecutionStatus.SENT_TO_EXECUTION),
        ]


def test_revoke_on_the_rows_first_day_keeps_a_one_day_row(placed) -> None:
    world, _sent, care, _alarm = placed
    result = _revoke(world, care, PERIOD_START)
    assert _row(world.db, care).end_date == PERIOD_START
    assert result.new_start == PERIOD_START + timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (PERIOD_START - timedelta(days=1), "före radens början"),
        (PERIOD_END, "före radens T.o.m."),
        (PERIOD_END + timedelta(days=3), "före radens T.o.m."),
    ],
)
def test_revoke_day_outside_the_row_is_refused(placed, day: date, words: str) -> None:
    world, _sent, care, _alarm = placed
    error = _refused(world, ValidationError, lambda: _revoke(world, care, day))
    assert error.field == "day_before"
    assert words in error.message


def test_revoked_and_pending_rows_are_not_revoked_or_ended(placed) -> None:
    world, _sent, care, _alarm = placed
    result = _revoke(world, care, TODAY)
    _refused(world, Conflict, lambda: _revoke(world, care, TODAY))
    _refused(world, Conflict, lambda: _end(world, care, TODAY))
    pending = result.new_execution_id
    error = _refused(world, Conflict, lambda: _revoke(world, pending, TODAY + timedelta(days=2)))
    assert "Registrera" in error.message
    # The new row may be ended, but not moved back into the revoked row's days.
    error = _refused(world, ValidationError, lambda: _end(world, pending, PERIOD_END, start=TODAY))
    assert error.field == "start_date"
    _end(world, pending, PERIOD_END - timedelta(days=1), reason="decision_ended")
    assert _row(world.db, pending).end_date == PERIOD_END - timedelta(days=1)


def test_an_ended_row_is_not_revoked(placed) -> None:
    world, _sent, care, _alarm = placed
    _end(world, care, TODAY - timedelta(days=1))
    error = _refused(world, Conflict, lambda: _revoke(world, care, TODAY - timedelta(days=3)))
    assert "Rätta/Avsluta" in error.message


# --- the read side -------------------------------------------------------------------------


def test_window_warning_and_message_draft(placed) -> None:
    world, sent, care, alarm = placed
    actor = world.actor("gruppchef")
    norr_1 = world.units["Norr grupp 1"]
    with world.db.read() as session:
        assert next(o.code for o in end_reasons(session)) == "decision_ended"
        view = execution_window(session, actor, sent.person_id, unit_id=norr_1)
        assert [r.id for r in view.rows] == [care, alarm]
        assert [r.intervention_name for r in view.rows] == ["Personlig omvårdnad", "Trygghetslarm"]
        assert view.rows[0].decision_end == PERIOD_END
        warnings = live_commitments(
            session, actor, sent.person_id, norr_1, except_execution_id=care
        )
        assert len(warnings) == 2
        assert warnings[0].startswith("Personlig omvårdnad har ännu inte kvitterats")
        assert warnings[1].startswith("Trygghetslarm (")
    _end(world, care, TODAY, reason="moved_away")
    _end(world, alarm, TODAY, reason="moved_away")
    with world.db.read() as session:
        draft = ended_message_draft(session, actor, sent.person_id, norr_1, [care, alarm])
        assert draft.preselected == (world.users["handlaggare"],)
        assert f"t.o.m. {TODAY:%Y-%m-%d} (Flyttat från kommunen)" in draft.body
        assert "Personlig omvårdnad" in draft.body
        assert "Trygghetslarm" in draft.body
    with world.db.read() as session, pytest.raises(PermissionDenied):
        live_commitments(session, world.actor("soder"), sent.person_id, norr_1)


def test_an_open_plan_is_pointed_out_before_ending(placed) -> None:
    """The manual ends the genomförandeplan first: an open one is named in the warning, an
    ended one is not."""
    from tests.services.test_plans import establish

    from treserva_desktop.domain.commands.plans import EndPlan
    from treserva_desktop.services import plans

    world, sent, care, _alarm = placed
    actor = world.actor("gruppchef")
    norr_1 = world.units["Norr grupp 1"]
    plan_id = establish(world, sent.person_id, actor="gruppchef")
    with world.db.read() as session:
        warnings = live_commitments(
            session, actor, sent.person_id, norr_1, except_execution_id=care
        )
    assert warnings[-1].startswith("Genomförandeplanen från ")
    assert "hos Norr grupp 1 är inte avslutad" in warnings[-1]
    with world.db.transaction() as session:
        plans.end_plan(
            session,
            actor,
            EndPlan(
                plan_id=plan_id, ended_on=TODAY, reason="Insatserna avslutas", expected_version=1
            ),
        )
    with world.db.read() as session:
        warnings = live_commitments(
            session, actor, sent.person_id, norr_1, except_execution_id=care
        )
    assert not any("Genomförandeplan" in warning for warning in warnings)


def test_the_provider_of_a_row_is_its_unit_or_the_unit_above_a_sub_unit(any_db: Database) -> None:
    """Where "nothing left at the provider" is asked: the unit with its sub-units, whether
    the row is at the unit itself or at one of its sub-units; above that, nothing."""
    world = build_world(any_db)
    units = world.units
    norr = units["Hemtjänst Norr"]
    below = sorted([units["Norr grupp 1"], units["Norr grupp 2"]])
    with any_db.read() as session:
        for unit in ("Hemtjänst Norr", "Norr grupp 1", "Norr grupp 2"):
            provider, ids = provider_units(session, units[unit])
            assert provider == norr
            assert ids[0] == norr
            assert sorted(ids[1:]) == below
        # A unit with no provider unit above it is its own.
        top = units["ÄO Hemtjänst"]
        assert provider_units(session, top)[0] == top
