"""Ej verkställda beslut and its count on Mitt skrivbord on a clock pinned to 2026-06-15
(the second quarter so far): executed on the day 3 months on vs the day after, not executed
yet, an interruption of exactly 3 months vs one day less, scope, the future quarter, and the
audit of the list and the export; SQLite and PostgreSQL. Answers counted by hand."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from tests.helpers.follow_up_world import pinned_world, row_for, send

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.unexecuted import unexecuted_count, unexecuted_decisions
from treserva_desktop.domain.commands.unexecuted import ExportUnexecutedDecisions
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.provider_change_rules import PROVIDER_CHANGE_END_REASON
from treserva_desktop.domain.unexecuted_rules import Quarter, Reason
from treserva_desktop.services.unexecuted import export_unexecuted_decisions

Q2 = Quarter(date(2026, 4, 1))


def test_the_quarter_list_and_the_count(any_db: Database) -> None:
    world = pinned_world(any_db)
    in_time = send(world, decided_on=date(2026, 1, 15), last_name="Andersson")
    row_for(world, in_time, date(2026, 4, 15))
    late = send(world, decided_on=date(2026, 1, 15), last_name="Berg")
    row_for(world, late, date(2026, 4, 16))
    waiting = send(world, decided_on=date(2026, 3, 1), last_name="Carlsson")
    not_yet = send(world, decided_on=date(2026, 3, 20), last_name="Dahl")
    interrupted = send(world, decided_on=date(2025, 6, 1), last_name="Ek")
    row_for(world, interrupted, date(2025, 6, 10), date(2026, 2, 28))
    row_for(world, interrupted, date(2026, 6, 1))
    short_gap = send(world, decided_on=date(2025, 6, 1), last_name="Falk")
    row_for(world, short_gap, date(2025, 6, 10), date(2026, 2, 28))
    row_for(world, short_gap, date(2026, 5, 31))
    elsewhere = send(
        world,
        decided_on=date(2026, 1, 10),
        type_code="special_housing",
        receiver="Lindgården",
        last_name="Gran",
    )
    with world.db.transaction() as session:
        listed = unexecuted_decisions(session, world.actor("chef"), Q2)
        narrow = unexecuted_decisions(session, world.actor("gruppchef"), Q2)
        previous = unexecuted_decisions(session, world.actor("chef"), Q2.previous)
    by_person = {row.person_id: row for row in listed.rows}
    assert set(by_person) == {late[2], waiting[2], interrupted[2], elsewhere[2]}
    assert not_yet[2] not in by_person
    assert in_time[2] not in by_person
    assert short_gap[2] not in by_person
    berg = by_person[late[2]]
    # 15 January to 15 June: 31 + 28 + 31 + 30 + 31 days.
    assert (berg.reason, berg.days_since_decision) == (Reason.NOT_EXECUTED, 151)
    assert (berg.overdue_from, berg.resolved_on) == (date(2026, 4, 16), date(2026, 4, 16))
    assert (berg.unit_name, berg.type_name) == ("Hemtjänst Norr", "Personlig omvårdnad")
    carlsson = by_person[waiting[2]]
    assert (carlsson.overdue_from, carlsson.resolved_on) == (date(2026, 6, 2), None)
    ek = by_person[interrupted[2]]
    assert ek.reason is Reason.INTERRUPTED
    assert (ek.interrupted_from, ek.overdue_from, ek.resolved_on) == (
        date(2026, 3, 1),
        date(2026, 6, 1),
        date(2026, 6, 1),
    )
    assert by_person[elsewhere[2]].unit_name == "Lindgården"
    assert {row.person_id for row in narrow.rows} == {late[2], waiting[2], interrupted[2]}
    assert previous.rows == ()
    # Waiting now past the 3 months: Carlsson and Gran (Dahl's deadline is 20 June).
    with world.db.read() as session:
        assert unexecuted_count(session, world.actor("chef")) == 2
        assert unexecuted_count(session, world.actor("gruppchef")) == 1
        assert unexecuted_count(session, world.actor("personal")) == 0


def test_a_decision_executed_in_time_and_changed_later_is_not_listed(any_db: Database) -> None:
    """Återkalla (a change of time) revokes the row from a day and continues it in a new
    row: the revoked row ran until that day, so the decision was executed in time, and a
    change waiting to be registered anew does not make it a waiting decision either. A row
    Byt utförare revoked before it began does not count as executed."""
    world = pinned_world(any_db)
    changed = send(world, decided_on=date(2025, 11, 14), last_name="Hedlund")
    row_for(world, changed, date(2025, 11, 16), date(2026, 6, 5), status=ExecutionStatus.REVOKED)
    row_for(world, changed, date(2026, 6, 6))
    waiting_anew = send(world, decided_on=date(2026, 1, 10), last_name="Holm")
    row_for(
        world, waiting_anew, date(2026, 1, 20), date(2026, 6, 20), status=ExecutionStatus.REVOKED
    )
    row_for(world, waiting_anew, date(2026, 6, 21), status=ExecutionStatus.UNDER_DISTRIBUTION)
    # Byt utförare from 20 April revoked a row that was to begin on 1 May: it never ran, and
    # the decision was executed when the new provider began on 10 June.
    handed_over = send(world, decided_on=date(2026, 1, 10), last_name="Ivarsson")
    row_for(
        world,
        handed_over,
        date(2026, 5, 1),
        date(2026, 12, 31),
        status=ExecutionStatus.REVOKED,
        end_reason=PROVIDER_CHANGE_END_REASON,
    )
    row_for(world, handed_over, date(2026, 6, 10), unit="Norr grupp 2")
    with world.db.transaction() as session:
        listed = unexecuted_decisions(session, world.actor("chef"), Q2)
    assert [(row.person_id, row.resolved_on) for row in listed.rows] == [
        (handed_over[2], date(2026, 6, 10))
    ]
    with world.db.read() as session:
        assert unexecuted_count(session, world.actor("chef")) == 0


def test_refusals_and_the_audit(any_db: Database) -> None:
    world = pinned_world(any_db)
    waiting = send(world, decided_on=date(2026, 1, 2), last_name="Carlsson")
    with world.db.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
    for actor, quarter, error in (
        ("chef", Quarter(date(2026, 7, 1)), ValidationError),
        ("personal", Q2, PermissionDenied),
        ("handlaggare", Q2, PermissionDenied),
    ):
        with world.db.transaction() as session, pytest.raises(error):
            unexecuted_decisions(session, world.actor(actor), quarter)
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == before
    with world.db.transaction() as session:
        unexecuted_decisions(session, world.actor("chef"), Q2)
        export_unexecuted_decisions(
            session, world.actor("chef"), ExportUnexecutedDecisions(quarter=Q2.first)
        )
    with world.db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(
                AuditEvent.details["view"].as_string() == "unexecuted_decisions"
            )
        ).all()
    assert sorted((e.action, e.person_id) for e in events) == sorted(
        [(AuditAction.READ_PERSON, waiting[2]), (AuditAction.EXPORT, waiting[2])]
    )
    assert all(e.unit_id == world.units["Hemtjänst Norr"] for e in events)
