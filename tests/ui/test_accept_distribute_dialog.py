"""Acceptera och fördela: the list of interventions, Registrera on the selected row, status
per row updated from what Registrera returns."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from tests.helpers.distribution import home_care_view, row, with_item

from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionPerson,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_distribute_dialog import (
    ALL_DONE,
    HINT,
    AcceptDistributeDialog,
)


@pytest.fixture
def view(make_ctx: Callable[[str], AppContext]) -> AssignmentDistributionView:
    return home_care_view(make_ctx("verksamhetschef"))


class Register:
    """Records which intervention Registrera was pressed for; returns a scripted view."""

    def __init__(self, result: AssignmentDistributionView | None = None) -> None:
        self.result = result
        self.calls: list[tuple[QWidget, DistributionIntervention]] = []

    def __call__(
        self, parent: QWidget, item: DistributionIntervention
    ) -> AssignmentDistributionView | None:
        self.calls.append((parent, item))
        return self.result


def open_dialog(qtbot, view: AssignmentDistributionView, register: Register):
    dialog = AcceptDistributeDialog(view, register)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def cell(dialog: AcceptDistributeDialog, position: int, column: str) -> str:
    titles = [c.title for c in dialog.model.columns]
    return dialog.model.data(dialog.model.index(position, titles.index(column)))


def distributed(view: AssignmentDistributionView, item: DistributionIntervention):
    sent = row(item, start=view.decision_start, end=None, unit_name="Norr grupp 2")
    return with_item(view, item, rows=(sent,))


def test_lists_every_intervention_with_granted_time_and_status(
    qtbot, view: AssignmentDistributionView
) -> None:
    dialog = open_dialog(qtbot, view, Register())
    assert dialog.windowTitle() == "Acceptera och fördela"
    assert dialog.title.text() == view.title
    assert dialog.person.text() == f"{view.person.name}, {view.person.identity_display}"
    assert dialog.billing.text() == view.person.billing_area
    assert dialog.model.rowCount() == len(view.interventions) >= 2
    for position, item in enumerate(view.interventions):
        assert cell(dialog, position, "Insats") == item.name
        assert cell(dialog, position, "Beviljat") == (item.granted_text or "–")
        assert cell(dialog, position, "Status") == "Ej fördelad"
    assert dialog.selected() == view.interventions[0]
    assert dialog.register_button.isEnabled()
    assert dialog.hint.text() == HINT


def test_registrera_runs_for_the_selected_row_and_shows_the_new_status(
    qtbot, view: AssignmentDistributionView
) -> None:
    first, second = view.interventions[0], view.interventions[1]
    after, _ = distributed(view, second)
    register = Register(after)
    dialog = open_dialog(qtbot, view, register)
    dialog.select_intervention(second.name)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert [item.intervention_id for _, item in register.calls] == [second.intervention_id]
    assert register.calls[0][0] is dialog
    assert cell(dialog, 1, "Status") == ExecutionStatus.SENT_TO_EXECUTION.label
    assert cell(dialog, 1, "Utförarenhet") == "Norr grupp 2"
    assert cell(dialog, 1, "Period") == f"{view.decision_start:%Y-%m-%d} – tills vidare"
    assert cell(dialog, 0, "Status") == "Ej fördelad"
    # The next row still to distribute is selected, so Registrera can be pressed again.
    assert dialog.selected() is not None
    assert dialog.selected().intervention_id == first.intervention_id
    assert dialog.isVisible()


def test_enter_and_double_click_also_register(qtbot, view: AssignmentDistributionView) -> None:
    register = Register(None)
    dialog = open_dialog(qtbot, view, register)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert len(register.calls) == 1
    center = dialog.table.visualRect(dialog.model.index(1, 0)).center()
    # A real double-click starts with a press; the view only reports it for a pressed row.
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert [item.name for _, item in register.calls] == [
        view.interventions[0].name,
        view.interventions[1].name,
    ]
    # Nothing came back (cancelled): the list is unchanged and stays open.
    assert dialog.status_texts() == ["Ej fördelad"] * len(view.interventions)
    assert dialog.isVisible()


def test_when_all_are_distributed_the_hint_says_so_and_stang_closes(
    qtbot, view: AssignmentDistributionView
) -> None:
    done = view
    for item in view.interventions:
        done, _ = distributed(done, item)
    done = dataclasses.replace(done, status=AssignmentStatus.ACCEPTED)
    dialog = open_dialog(qtbot, view, Register(done))
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert dialog.status_texts() == [ExecutionStatus.SENT_TO_EXECUTION.label] * len(
        view.interventions
    )
    assert dialog.hint.text() == ALL_DONE
    assert dialog.status.text() == "Accepterat"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_missing_billing_area_is_pointed_out(qtbot, view: AssignmentDistributionView) -> None:
    person = dataclasses.replace(view.person, billing_area="")
    item = view.interventions[0]
    view, _ = with_item(dataclasses.replace(view, person=person), item, needs_billing_area=True)
    dialog = open_dialog(qtbot, view, Register())
    assert dialog.billing.text().startswith("Saknas – hemtjänstinsatser kan inte skickas")
    assert isinstance(view.person, DistributionPerson)


def test_a_stopped_assignment_cannot_be_registered(qtbot, view: AssignmentDistributionView) -> None:
    stopped = dataclasses.replace(view, status=AssignmentStatus.STOPPED)
    register = Register()
    dialog = open_dialog(qtbot, stopped, register)
    assert not dialog.register_button.isEnabled()
    assert dialog.hint.text() == "Uppdraget är stoppat och kan inte fördelas."
    dialog.register_selected()
    assert register.calls == []
