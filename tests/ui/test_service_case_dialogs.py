"""The boservice dialogs (Nytt boserviceärende, Ärenden (boservice), Avsluta ärende) and the
per-user folder preferences, driven with qtbot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tests.helpers.distribution import Answers

from treserva_desktop.domain import service_case_rules
from treserva_desktop.domain.commands.service_case import (
    CloseServiceCase,
    OpenServiceCase,
    ServiceItem,
    SetServiceDecisionEnd,
)
from treserva_desktop.domain.enums import ExecutionStatus, TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.distribution import UnitChoice
from treserva_desktop.domain.views.service_case import (
    CloseReason,
    ServiceCaseSummary,
    ServiceCaseView,
    ServiceRow,
    ServiceType,
    SummaryRow,
)
from treserva_desktop.ui.dialogs.close_service_case_dialog import (
    CONFIRM,
    CloseServiceCaseDialog,
    summary_lines,
)
from treserva_desktop.ui.dialogs.new_service_case_dialog import (
    NewServiceCaseDialog,
    NewServiceCaseInput,
)
from treserva_desktop.ui.dialogs.service_case_dialog import ServiceCaseDialog, ServiceCaseOps
from treserva_desktop.ui.preferences import Preferences
from treserva_desktop.ui.runner import Attempt, Fetched

TODAY = date(2026, 12, 28)
START = date(2026, 11, 2)
CASE = ServiceCaseView(
    id=4,
    version=3,
    person_id=9,
    opened_on=START,
    closed_on=None,
    close_reason="",
    decision_id=5,
    period_start=START,
    period_end=None,
    unit_name="Norr grupp 1",
    rows=(
        ServiceRow(
            11, "Städning", "Norr grupp 1", START, None, "2 tim/månad", ExecutionStatus.ACKNOWLEDGED
        ),
    ),
)


def _summary(personal_care: bool) -> ServiceCaseSummary:
    return ServiceCaseSummary(
        case_id=4,
        version=3,
        closed_on=TODAY,
        period_start=START,
        period_end=None,
        rows=(SummaryRow("Städning", "Norr grupp 1", START, None, TODAY),),
        personal_care_ongoing=personal_care,
    )


def test_new_service_case_builds_the_command(qtbot) -> None:
    data = NewServiceCaseInput(
        person_id=9,
        person_text="Bergman, Bertil, 19381003-0878",
        types=(ServiceType("shopping", "Inköp"), ServiceType("cleaning", "Städning")),
        units=(UnitChoice(5, "Norr grupp 1", "Hemtjänst Norr › Norr grupp 1", None, True),),
        unit_id=5,
        today=TODAY,
    )
    dialog = NewServiceCaseDialog(data)
    qtbot.addWidget(dialog)
    assert not dialog.rows[0].hours.isEnabled()
    dialog.rows[1].check.setChecked(True)
    assert dialog.rows[1].hours.isEnabled()
    dialog.rows[1].hours.setValue(2.5)
    dialog.rows[1].per.setCurrentIndex(dialog.rows[1].per.findData(TimePer.WEEK))
    dialog.rows[0].check.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.command == OpenServiceCase(
        person_id=9,
        unit_id=5,
        items=(
            ServiceItem(type_code="shopping"),
            ServiceItem(type_code="cleaning", hours=Decimal("2.5"), per=TimePer.WEEK),
        ),
        start_date=TODAY,
    )


def test_closing_needs_a_reason_and_shows_personal_care_at_once(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    dialog = CloseServiceCaseDialog(
        CASE,
        [CloseReason("moved", "Flyttat")],
        TODAY,
        summarise=lambda _day: Fetched(_summary(True), None),
    )
    qtbot.addWidget(dialog)
    assert dialog.errors.message("closed_on") == service_case_rules.PERSONAL_CARE_ONGOING
    assert "Städning, Norr grupp 1: 2026-11-02 – tills vidare → avslutas 2026-12-28" in (
        dialog.summary_text.text()
    )
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("reason_code") == service_case_rules.CHOOSE_REASON
    assert answers.questions == []
    dialog.reason.setCurrentIndex(dialog.reason.findData("moved"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert answers.questions == [CONFIRM]
    assert dialog.command == CloseServiceCase(
        case_id=4, closed_on=TODAY, reason_code="moved", expected_version=3
    )


def test_summary_lines_say_what_ends() -> None:
    assert summary_lines(_summary(False)) == [
        "Beslutsperiod: 2026-11-02 – tills vidare → slutar 2026-12-28",
        "Städning, Norr grupp 1: 2026-11-02 – tills vidare → avslutas 2026-12-28",
    ]


def test_case_window_saves_the_period_end_of_the_chosen_case(qtbot) -> None:
    saved: list[SetServiceDecisionEnd] = []

    def save(_parent: object, command: SetServiceDecisionEnd) -> Attempt[int]:
        saved.append(command)
        return Attempt(4)

    ops = ServiceCaseOps(
        load=lambda: Fetched([CASE], None),
        save_end=save,
        close=lambda _parent, _case, _day: False,
        today=TODAY,
    )
    dialog = ServiceCaseDialog("Bergman, Bertil", ops)
    qtbot.addWidget(dialog)
    assert not dialog.details.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isEnabled()
    assert dialog.period.text() == "2026-11-02 – tills vidare"
    dialog.has_end.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [SetServiceDecisionEnd(case_id=4, period_end=TODAY, expected_version=3)]
    assert dialog.summarise_button.isHidden()
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert not dialog.summarise_button.isHidden()


def test_sammanstall_proposes_a_period_end_typed_without_spara(qtbot) -> None:
    proposed: list[date] = []

    def close(_parent: object, _case: ServiceCaseView, day: date) -> bool:
        proposed.append(day)
        return False

    ops = ServiceCaseOps(
        load=lambda: Fetched([CASE], None),
        save_end=lambda _parent, _command: Attempt(4),
        close=close,
        today=TODAY,
    )
    dialog = ServiceCaseDialog("Bergman, Bertil", ops)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    dialog.has_end.setChecked(True)
    dialog.period_end.set_value(date(2027, 1, 12))
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.summarise_button, Qt.MouseButton.LeftButton)
    assert proposed == [date(2027, 1, 12)]
    dialog.has_end.setChecked(False)
    qtbot.mouseClick(dialog.summarise_button, Qt.MouseButton.LeftButton)
    assert proposed[-1] == TODAY


def test_the_look_back_and_removed_toggle_are_kept_per_user(tmp_path: Path) -> None:
    shared = Preferences(tmp_path / "ui.ini", default_lookback_days=90)
    anna, bo = shared.for_user(1), shared.for_user(2)
    anna.not_current_lookback_days = 30
    anna.not_current_show_removed = True
    assert (anna.not_current_lookback_days, anna.not_current_show_removed) == (30, True)
    assert (bo.not_current_lookback_days, bo.not_current_show_removed) == (90, False)
    again = Preferences(tmp_path / "ui.ini", default_lookback_days=90).for_user(1)
    assert (again.not_current_lookback_days, again.not_current_show_removed) == (30, True)


def test_closing_a_case_the_service_would_refuse_asks_nothing(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Avsluta ärendet with a date the service refuses (before the case opened): the refusal
    at the date, before the irreversible "kan inte öppnas igen" question."""
    answers = Answers(monkeypatch, True)
    refusal = ValidationError("Ärendet kan inte avslutas före 2026-11-02.", field="closed_on")
    dialog = CloseServiceCaseDialog(
        CASE,
        [CloseReason("moved", "Flyttat")],
        TODAY,
        summarise=lambda _day: Fetched(_summary(False), None),
        rehearse=lambda _command: refusal,
    )
    qtbot.addWidget(dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("moved"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert answers.questions == []
    assert dialog.errors.message("closed_on") == refusal.message
    assert dialog.command is None
