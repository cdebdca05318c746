"""For the same bad input a dialog shows exactly the message the service would give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate
from tests.helpers.assignment_world import build_world
from tests.helpers.distribution import home_care_view, intervention
from tests.ui.test_register_execution_dialog import click_ok, open_dialog, qdate
from tests.ui.test_send_assignment_dialog import (
    TODAY,
    TYPES,
    UNITS,
    Recorder,
    click_send,
    fill_valid,
    not_found,
)

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands.authority import DecisionInput
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.services import authority, distribution
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.send_assignment_dialog import SendAssignmentDialog


@pytest.fixture
def new_assignment_dialog(qtbot) -> Callable[[Recorder], SendAssignmentDialog]:
    def factory(submit: Recorder) -> SendAssignmentDialog:
        dialog = SendAssignmentDialog(TYPES, UNITS, lookup=not_found, submit=submit, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return factory


def _service_refusal(db: Database, call: Callable[..., object], *args: object) -> DomainError:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        call(session, *args)
    return caught.value


def _send_new(db: Database, dialog: SendAssignmentDialog, **decision: object) -> DomainError:
    """The dialog's own input, sent through the service by a handläggare (to a unit of the
    service test world, since the dialog's unit ids are made up)."""
    world = build_world(db)
    typed = dialog.build_command()
    command = world.new_assignment(
        person=typed.person.model_copy(update={"identity_number": world.next_number()}),
        decision=DecisionInput(**(typed.decision.model_dump() | decision)),
    )
    return _service_refusal(db, authority.send_new_assignment, world.actor("handlaggare"), command)


@pytest.mark.parametrize("postal_code", ["1234", "012 34", "12 345", "123-45"])
def test_nytt_uppdrag_shows_the_services_postal_code_message(
    qtbot, new_assignment_dialog, sqlite_db: Database, postal_code: str
) -> None:
    submit = Recorder()
    dialog = new_assignment_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.postal_code.setText(postal_code)
    click_send(qtbot, dialog)
    assert submit.commands == []
    refusal = _send_new(sqlite_db, dialog)
    assert isinstance(refusal, ValidationError)
    assert refusal.field == "postal_code"
    assert dialog.error_text("postal_code") == refusal.message


def test_nytt_uppdrag_shows_the_services_decision_period_message(
    qtbot, new_assignment_dialog, sqlite_db: Database
) -> None:
    submit = Recorder()
    dialog = new_assignment_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.until_further.setChecked(False)
    dialog.period_start.setDate(QDate(2025, 4, 1))
    dialog.period_end.setDate(QDate(2025, 3, 31))
    click_send(qtbot, dialog)
    assert submit.commands == []
    refusal = _send_new(sqlite_db, dialog)
    assert refusal.field == "period_end"
    assert dialog.error_text("period_end") == refusal.message


def test_registrera_shows_the_services_period_message(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    ctx = make_ctx("verksamhetschef")
    view = home_care_view(ctx)
    item = intervention(view, timed=True)
    dialog = open_dialog(qtbot, view, item)
    start = view.decision_start + timedelta(days=10)
    dialog.start.setDate(qdate(start))
    dialog.until_further.setChecked(False)
    dialog.end.setDate(qdate(start - timedelta(days=1)))
    click_ok(qtbot, dialog)
    assert dialog.command is None
    hours, per = dialog._time()
    command = DistributeIntervention(
        assignment_id=view.assignment_id,
        intervention_id=item.intervention_id,
        unit_id=dialog.unit.currentData(),
        start_date=dialog.start_date,
        end_date=dialog.end_date,
        hours=hours,
        per=per,
        expected_version=view.version,
    )
    refusal = _service_refusal(demo_db, distribution.distribute_intervention, ctx.actor, command)
    assert refusal.field == "end_date"
    assert dialog.errors.message("end_date") == refusal.message


def test_registrera_offers_exactly_the_units_the_service_takes(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    """Every unit in the actor's scope: offered in the list if and only if the service would
    distribute to it (the one predicate decides both)."""
    ctx = make_ctx("verksamhetschef")
    view = home_care_view(ctx)
    item = intervention(view, timed=False)
    dialog = open_dialog(qtbot, view, item, choose_unit=False)
    offered = set(dialog.unit_ids())
    in_scope = ctx.actor.units_with(Permission.DISTRIBUTE_ASSIGNMENT)
    assert offered
    for unit_id in sorted(in_scope):
        command = DistributeIntervention(
            assignment_id=view.assignment_id,
            intervention_id=item.intervention_id,
            unit_id=unit_id,
            start_date=view.decision_start,
            end_date=view.decision_end,
            to_execution=False,
            expected_version=view.version,
        )
        assert _service_takes_unit(demo_db, ctx, command) is (unit_id in offered), unit_id


class _Undo(Exception):
    """Raised to roll a trial distribution back."""


def _service_takes_unit(db: Database, ctx: AppContext, command: DistributeIntervention) -> bool:
    """Whether the service distributes to the command's unit (then rolled back, so the next
    trial sees the same assignment version)."""
    try:
        with db.transaction() as session:
            distribution.distribute_intervention(session, ctx.actor, command)
            raise _Undo
    except _Undo:
        return True
    except DomainError as refusal:
        return refusal.field != "unit_id"
