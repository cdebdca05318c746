"""The execution window, Rätta/Avsluta and Återkalla dialogs: the same rules as the services
at the fields, the buttons each row allows, and the selection after each action."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from tests.helpers.distribution import Answers

from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.enums import ExecutionPhase, ExecutionStatus, TimePer
from treserva_desktop.domain.errors import Conflict
from treserva_desktop.domain.views.executions import (
    EndReasonOption,
    EndResult,
    ExecutionWindowView,
    RevokeResult,
    WindowRow,
)
from treserva_desktop.ui.dialogs.end_execution_dialog import (
    WARNING_HEADING,
    EndExecutionDialog,
    default_end,
)
from treserva_desktop.ui.dialogs.execution_window import WINDOW_COLUMNS, ExecutionWindow
from treserva_desktop.ui.dialogs.revoke_execution_dialog import RevokeExecutionDialog
from treserva_desktop.ui.runner import Attempt
from treserva_desktop.ui.widgets.date_field import to_qdate

TODAY = date(2026, 6, 10)
START = date(2026, 1, 1)
DECISION_END = date(2026, 12, 31)
REASONS = (EndReasonOption("deceased", "Avliden"), EndReasonOption("other", "Övrigt"))


def window_row(row_id: int, intervention_id: int, name: str, **changes: object) -> WindowRow:
    row = WindowRow(
        id=row_id,
        assignment_id=1,
        intervention_id=intervention_id,
        intervention_name=name,
        requires_time=True,
        decision_start=START,
        decision_end=DECISION_END,
        unit_id=5,
        unit_name="Norr grupp 1",
        start_date=START,
        end_date=None,
        minutes=600,
        per=TimePer.WEEK,
        status=ExecutionStatus.ACKNOWLEDGED,
        phase=ExecutionPhase.ONGOING,
        version=3,
        end_reason="",
        replaces_execution_id=None,
    )
    return dataclasses.replace(row, **changes)  # type: ignore[arg-type]


def window_view(*rows: WindowRow) -> ExecutionWindowView:
    return ExecutionWindowView(
        person_id=9,
        person_text="Ingrid Testsson, 19380412-1234",
        unit_id=5,
        unit_name="Norr grupp 1",
        rows=rows,
        reasons=REASONS,
        overlap_rows=tuple(
            (r.id, r.intervention_id, ExistingRow(r.start_date, r.end_date, r.status, r.unit_name))
            for r in rows
        ),
        replaced_ends=tuple(
            (r.id, next(o.end_date for o in rows if o.id == r.replaces_execution_id))
            for r in rows
            if r.replaces_execution_id is not None
        ),
    )


def shown(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


# --- Rätta/Avsluta --------------------------------------------------------------------------


def test_end_dialog_checks_the_fields_and_sends_the_command(qtbot) -> None:
    row = window_row(1, 10, "Personlig omvårdnad")
    submitted: list[EndExecution] = []

    def submit(_dialog: QWidget, command: EndExecution) -> Attempt[EndResult]:
        submitted.append(command)
        return Attempt(EndResult(1, 9, 5, 4, nothing_left=True))

    dialog = EndExecutionDialog(
        window_view(row), row, today=TODAY, warnings=["Service pågår."], submit=submit
    )
    shown(qtbot, dialog)
    assert dialog.end.value() == TODAY
    assert WARNING_HEADING in dialog.warning.text()
    assert dialog.warning.isVisible()
    dialog.end.setDate(to_qdate(START - timedelta(days=1)))
    dialog.ok_button.click()
    assert "kan inte vara före Fr.o.m." in dialog.errors.message("end_date")
    dialog.end.setDate(to_qdate(DECISION_END + timedelta(days=1)))
    dialog.ok_button.click()
    assert "beslutsperiodens slut" in dialog.errors.message("end_date")
    dialog.end.setDate(to_qdate(TODAY))
    dialog.ok_button.click()
    assert dialog.errors.message("reason_code") == "Välj avslutsorsak."
    assert submitted == []
    dialog.reason.setCurrentIndex(dialog.reason.findData("deceased"))
    dialog.ok_button.click()
    assert submitted == [
        EndExecution(
            execution_id=1,
            end_date=TODAY,
            start_date=None,
            reason_code="deceased",
            expected_version=3,
        )
    ]
    assert dialog.submitted is not None
    assert dialog.submitted.value is not None


def test_end_dialog_proposes_today_unless_someone_already_ended_the_row() -> None:
    running = window_row(1, 10, "Personlig omvårdnad", end_date=DECISION_END)
    assert default_end(running, TODAY) == TODAY
    assert default_end(dataclasses.replace(running, end_date=None), TODAY) == TODAY
    ended = dataclasses.replace(running, end_reason="Avliden")
    assert default_end(ended, TODAY) == DECISION_END
    shorter = dataclasses.replace(running, end_date=date(2026, 9, 30))
    assert default_end(shorter, TODAY) == date(2026, 9, 30)
    planned = dataclasses.replace(running, start_date=TODAY + timedelta(days=5))
    assert default_end(planned, TODAY) == TODAY + timedelta(days=5)


def test_end_dialog_refuses_an_overlap_and_shows_a_conflict_from_the_service(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = window_row(1, 10, "Personlig omvårdnad", end_date=date(2026, 6, 30))
    later = window_row(2, 10, "Personlig omvårdnad", start_date=date(2026, 7, 1))
    answers = Answers(monkeypatch)
    dialog = EndExecutionDialog(
        window_view(old, later),
        old,
        today=TODAY,
        submit=lambda _d, _c: Attempt(None, refused=Conflict("Raden har just ändrats.")),
    )
    shown(qtbot, dialog)
    assert not dialog.warning.isVisible()
    assert dialog.end.value() == date(2026, 6, 30)  # Rätta: the row's own T.o.m.
    dialog.end.setDate(to_qdate(date(2026, 7, 5)))
    dialog.reason.setCurrentIndex(0)
    dialog.ok_button.click()
    assert "överlappar" in dialog.errors.message("start_date")
    dialog.end.setDate(to_qdate(date(2026, 6, 20)))
    dialog.ok_button.click()
    assert answers.errors == ["Raden har just ändrats."]
    assert dialog.submitted is not None
    assert dialog.submitted.value is None


# --- Återkalla -----------------------------------------------------------------------------


def test_revoke_dialog_refuses_the_day_before_the_row_and_confirms(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = window_row(1, 10, "Personlig omvårdnad", end_date=DECISION_END)
    answers = Answers(monkeypatch, False, True)
    submitted: list[RevokeExecution] = []

    def submit(_dialog: QWidget, command: RevokeExecution) -> Attempt[RevokeResult]:
        submitted.append(command)
        return Attempt(RevokeResult(1, 2, TODAY + timedelta(days=1), 9, 5))

    dialog = RevokeExecutionDialog(row, "Ingrid", today=TODAY, submit=submit)
    shown(qtbot, dialog)
    assert dialog.day.value() == TODAY
    assert dialog.new_row.text() == f"Under fördelning 2026-06-11 – {DECISION_END:%Y-%m-%d}"
    dialog.day.setDate(to_qdate(START - timedelta(days=1)))
    dialog.ok_button.click()
    assert "före radens början" in dialog.errors.message("day_before")
    dialog.day.setDate(to_qdate(DECISION_END))
    dialog.ok_button.click()
    assert "före radens T.o.m." in dialog.errors.message("day_before")
    assert answers.questions == []
    dialog.day.setDate(to_qdate(TODAY))
    dialog.ok_button.click()  # Nej: nothing is done
    assert submitted == []
    dialog.ok_button.click()  # Ja
    assert submitted == [RevokeExecution(execution_id=1, day_before=TODAY, expected_version=3)]
    assert len(answers.questions) == 2


# --- the window ----------------------------------------------------------------------------


class FakeFlow:
    def __init__(self, views: list[ExecutionWindowView]) -> None:
        self.views = views
        self.calls: list[tuple[str, int]] = []
        self.closed = 0

    def load(self, _parent: QWidget) -> ExecutionWindowView:
        return self.views.pop(0)

    def end(self, _p: QWidget, _v: ExecutionWindowView, row: WindowRow) -> int:
        self.calls.append(("end", row.id))
        return row.id

    def revoke(self, _p: QWidget, _v: ExecutionWindowView, row: WindowRow) -> int:
        self.calls.append(("revoke", row.id))
        return 3

    def register(self, _p: QWidget, _v: ExecutionWindowView, row: WindowRow) -> int:
        self.calls.append(("register", row.id))
        return row.id

    def closing(self, _parent: QWidget) -> None:
        self.closed += 1


def test_window_buttons_follow_the_row_and_the_selection_moves_on(qtbot) -> None:
    care = window_row(1, 10, "Personlig omvårdnad")
    alarm = window_row(2, 11, "Trygghetslarm", minutes=None, per=None)
    revoked = window_row(4, 12, "Service", status=ExecutionStatus.REVOKED, end_date=TODAY)
    pending = window_row(
        5, 12, "Service", status=ExecutionStatus.UNDER_DISTRIBUTION, start_date=TODAY
    )
    ended = dataclasses.replace(care, end_date=TODAY, phase=ExecutionPhase.ONGOING)
    flow = FakeFlow([window_view(ended, alarm, revoked, pending)])
    window = ExecutionWindow(window_view(care, alarm, revoked, pending), flow, select_id=1)
    shown(qtbot, window)
    selected = window.selected()
    assert selected is not None
    assert selected.id == 1
    assert window.end_button.isEnabled()
    assert window.revoke_button.isEnabled()
    assert not window.register_button.isEnabled()
    window.end_button.click()
    # Several rows in one sitting: the next running row is selected.
    assert flow.calls == [("end", 1)]
    assert window.selected() == alarm
    window.select_id(4)
    assert not window.end_button.isEnabled()
    assert not window.revoke_button.isEnabled()
    assert not window.register_button.isEnabled()
    window.select_id(5)
    assert window.register_button.isEnabled()
    assert not window.revoke_button.isEnabled()
    font = window.model.data(window.model.index(3, 0), Qt.ItemDataRole.FontRole)
    assert font is not None
    assert font.bold()
    assert window.model.data(window.model.index(2, 0), Qt.ItemDataRole.ForegroundRole) is not None
    # The revoked row ends today: still Pågående, status Återkallad (greyed as above).
    phase = next(i for i, c in enumerate(WINDOW_COLUMNS) if c.title == "Fas")
    status = next(i for i, c in enumerate(WINDOW_COLUMNS) if c.title == "Status")
    assert window.model.data(window.model.index(2, phase)) == "Pågående"
    assert window.model.data(window.model.index(2, status)) == "Återkallad"
    window.close_button.click()
    assert flow.closed == 1
