"""Registrera: defaults, the command built on OK, and every inline error (dialog stays open)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel
from tests.helpers.distribution import Answers, home_care_view, intervention, row, with_item

from treserva_desktop.domain.commands.distribution import DistributeIntervention, RegisterExecution
from treserva_desktop.domain.enums import ExecutionStatus, TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    SEND_QUESTION,
    RegisterExecutionDialog,
)
from treserva_desktop.ui.dialogs.register_execution_header import BILLING_MISSING_NO_RIGHT
from treserva_desktop.ui.runner import Attempt


@pytest.fixture
def view(make_ctx: Callable[[str], AppContext]) -> AssignmentDistributionView:
    return home_care_view(make_ctx("verksamhetschef"))


def open_dialog(
    qtbot,
    view: AssignmentDistributionView,
    item: DistributionIntervention,
    *,
    choose_unit: bool = True,
    **kwargs: object,
) -> RegisterExecutionDialog:
    """The dialog shown; with `choose_unit` the first unit offered is chosen when there is no
    default (as the user must)."""
    kwargs.setdefault("expected_version", view.version)
    dialog = RegisterExecutionDialog(view, item, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    if choose_unit and kwargs.get("row") is None and dialog.unit.currentIndex() < 0:
        dialog.unit.setCurrentIndex(dialog.unit.findData(dialog.unit_ids()[0]))
    return dialog


def click_ok(qtbot, dialog: RegisterExecutionDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def qdate(value) -> QDate:
    return QDate(value.year, value.month, value.day)


def test_prefilled_with_the_decision_start_and_the_granted_time_but_no_parent_unit(
    qtbot, view: AssignmentDistributionView
) -> None:
    item = intervention(view, timed=True)
    dialog = open_dialog(qtbot, view, item, choose_unit=False)
    assert dialog.windowTitle() == f"Registrera – {item.name}"
    # The receiving unit has sub-units: it is not offered, and with two sub-units to choose
    # from none is chosen for the user.
    assert view.receiver_unit_name == "ÄO Hemtjänst › Hemtjänst Norr"
    assert view.receiver_unit_id not in dialog.unit_ids()
    assert dialog.unit.currentIndex() == -1
    assert "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1" in dialog.unit_texts()
    assert "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 2" in dialog.unit_texts()
    assert "ÄO Hemtjänst › Hemtjänst Centrum" in dialog.unit_texts()
    assert not any(text.endswith("› Hemtjänst Söder") for text in dialog.unit_texts())
    # No empty line, and no unit of another business area (item 9a): no nursing home for home
    # care, so no heading for units of an unstated area either.
    assert "" not in dialog.unit_texts()
    assert not any("Vårdboende" in text or "Korttid" in text for text in dialog.unit_texts())
    assert "— Verksamhet ej angiven —" not in dialog.unit_texts()
    assert dialog.start.date().toPython() == view.decision_start
    assert view.decision_end is None
    assert dialog.until_further.isChecked()
    assert not dialog.end.isEnabled()
    assert Decimal(str(dialog.hours.value())) == item.default_hours
    assert dialog.per.currentText() == item.default_per.label
    assert dialog.granted.text() == f"Beviljat: {item.granted_text}"
    assert dialog.to_execution.isChecked()
    # Only the units the user may distribute to, same business area first.
    assert dialog.unit_ids() == [choice.id for choice in item.unit_choices]
    preferred = [choice.preferred for choice in item.unit_choices]
    assert preferred == sorted(preferred, reverse=True)
    # Unticking Tills vidare opens T.o.m.
    dialog.until_further.setChecked(False)
    assert dialog.end.isEnabled()


def test_ok_confirms_sending_and_builds_the_command(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    item = intervention(view, timed=True)
    dialog = open_dialog(qtbot, view, item, expected_version=view.version + 3)
    other = next(c for c in item.unit_choices if c.id != view.receiver_unit_id and c.preferred)
    dialog.unit.setCurrentIndex(dialog.unit.findData(other.id))
    start = view.decision_start + timedelta(days=2)
    dialog.start.setDate(qdate(start))
    dialog.until_further.setChecked(False)
    dialog.end.setDate(qdate(start + timedelta(days=60)))
    dialog.hours.setValue(12.3)
    dialog.per.setCurrentIndex(dialog.per.findText(TimePer.MONTH.label))
    click_ok(qtbot, dialog)
    assert answers.questions == [SEND_QUESTION]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.command == DistributeIntervention(
        assignment_id=view.assignment_id,
        intervention_id=item.intervention_id,
        unit_id=other.id,
        start_date=start,
        end_date=start + timedelta(days=60),
        hours=Decimal("12.3"),
        per=TimePer.MONTH,
        to_execution=True,
        expected_version=view.version + 3,
    )


def test_the_receiving_units_own_come_first_under_its_name(
    qtbot, view: AssignmentDistributionView
) -> None:
    item = intervention(view, timed=True)
    dialog = open_dialog(qtbot, view, item, choose_unit=False)
    texts = dialog.unit_texts()
    assert texts[:3] == [
        "— Hemtjänst Norr —",
        "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1",
        "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 2",
    ]
    assert dialog.unit.itemData(0) is None
    assert not dialog.unit.model().item(0).isEnabled()  # type: ignore[attr-defined]
    centrum = texts.index("ÄO Hemtjänst › Hemtjänst Centrum")
    assert texts.index("— Andra enheter —") < centrum
    assert all(text.startswith("ÄO Hemtjänst") for text in texts if not text.startswith("—"))


def test_a_unit_outside_the_receiving_unit_is_confirmed(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, False, True, True)
    item = intervention(view, timed=True)
    dialog = open_dialog(qtbot, view, item, choose_unit=False)
    dialog.unit.setCurrentIndex(dialog.unit.findText("ÄO Hemtjänst › Hemtjänst Centrum"))
    question = "Hemtjänst Centrum hör inte till Hemtjänst Norr. Vill du ändå fördela insatsen dit?"
    # Nej: nothing is built, the dialog stays for another choice.
    click_ok(qtbot, dialog)
    assert answers.questions == [question]
    assert dialog.command is None
    assert dialog.isVisible()
    # Ja: on to the usual question.
    click_ok(qtbot, dialog)
    assert answers.questions == [question, question, SEND_QUESTION]
    assert isinstance(dialog.command, DistributeIntervention)
    assert dialog.command.unit_id == dialog.unit.currentData()


def test_no_to_the_question_keeps_the_dialog_open(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, False)
    dialog = open_dialog(qtbot, view, intervention(view, timed=True))
    click_ok(qtbot, dialog)
    assert answers.questions == [SEND_QUESTION]
    assert dialog.isVisible()
    assert dialog.command is None


def test_without_till_genomforande_nothing_is_asked(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    item = intervention(view, timed=False)
    dialog = open_dialog(qtbot, view, item)
    # An intervention that allots no time shows no Tidsåtgång at all.
    assert dialog.time_field.isHidden()
    dialog.to_execution.setChecked(False)
    click_ok(qtbot, dialog)
    assert answers.questions == []
    assert isinstance(dialog.command, DistributeIntervention)
    assert dialog.command.hours is None
    assert dialog.command.per is None
    assert dialog.command.to_execution is False


def test_end_before_start_is_shown_under_tom_and_nothing_is_built(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    dialog = open_dialog(qtbot, view, intervention(view, timed=True))
    start = view.decision_start + timedelta(days=10)
    dialog.start.setDate(qdate(start))
    dialog.until_further.setChecked(False)
    dialog.end.setDate(qdate(start - timedelta(days=1)))
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.command is None
    assert answers.questions == []
    message = dialog.errors.message("end_date")
    assert message.startswith("T.o.m.")
    assert "kan inte vara före Fr.o.m." in message
    assert dialog.findChild(QLabel, "error_end_date").isVisible()
    assert set(dialog.errors.shown()) == {"end_date"}
    # Corrected, the error goes away and the command is built.
    answers.confirm_answers.append(True)
    dialog.until_further.setChecked(True)
    click_ok(qtbot, dialog)
    assert dialog.errors.shown() == {}
    assert dialog.command is not None
    assert dialog.command.end_date is None


def test_period_outside_the_decision_and_absurd_time_are_refused_inline(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch)
    dialog = open_dialog(qtbot, view, intervention(view, timed=True))
    dialog.start.setDate(qdate(view.decision_start - timedelta(days=1)))
    click_ok(qtbot, dialog)
    assert "före beslutsperiodens början" in dialog.errors.message("start_date")

    dialog.start.setDate(qdate(view.decision_start))
    dialog.per.setCurrentIndex(dialog.per.findText(TimePer.WEEK.label))
    dialog.hours.setValue(200)
    click_ok(qtbot, dialog)
    assert dialog.errors.message("hours") == "Tidsåtgång kan inte vara mer än 168 timmar per vecka."
    assert dialog.errors.message("start_date") == ""

    dialog.hours.setValue(0)
    click_ok(qtbot, dialog)
    assert "större än 0" in dialog.errors.message("hours")
    assert dialog.command is None
    assert dialog.isVisible()


def test_a_unit_must_be_chosen(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch)
    dialog = open_dialog(qtbot, view, intervention(view, timed=True), choose_unit=False)
    assert dialog.unit.currentIndex() == -1
    click_ok(qtbot, dialog)
    assert dialog.errors.message("unit_id") == "Välj utförarenhet."
    assert dialog.command is None


def test_the_unit_used_last_is_the_default(qtbot, view: AssignmentDistributionView) -> None:
    item = intervention(view, timed=False)
    last = item.unit_choices[1].id
    dialog = open_dialog(qtbot, view, item, remembered_unit_id=last, choose_unit=False)
    assert dialog.unit.currentData() == last
    # A unit not offered for this intervention is not forced on it.
    dialog = open_dialog(
        qtbot, view, item, remembered_unit_id=view.receiver_unit_id, choose_unit=False
    )
    assert dialog.unit.currentIndex() == -1


def test_missing_billing_area_is_shown_and_under_fordelning_is_still_possible(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    view, item = with_item(view, intervention(view, timed=True), needs_billing_area=True)
    dialog = open_dialog(qtbot, view, item, set_billing_area=lambda _parent: None)
    warning = dialog.findChild(QLabel, "billing_warning")
    assert warning is not None
    assert warning.isVisible()
    assert dialog.billing_button is not None
    assert dialog.billing_button.isVisible()
    # Till genomförande is not offered until the billing area is set, and says why.
    assert not dialog.to_execution.isChecked()
    assert not dialog.to_execution.isEnabled()
    assert "saknar debiteringsområde" in dialog.to_execution.toolTip()
    # Cancelled: nothing changes.
    dialog.billing_button.click()
    assert warning.isVisible()
    assert not dialog.to_execution.isChecked()
    assert not dialog.to_execution.isEnabled()
    click_ok(qtbot, dialog)
    assert answers.questions == []
    assert isinstance(dialog.command, DistributeIntervention)
    assert dialog.command.to_execution is False


def test_overlap_with_an_existing_row_is_refused(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch)
    item = intervention(view, timed=True)
    existing = row(item, start=view.decision_start, end=None)
    view, item = with_item(view, item, rows=(existing,))
    dialog = open_dialog(qtbot, view, item)
    click_ok(qtbot, dialog)
    assert "överlappar" in dialog.errors.message("start_date")
    assert "Norr grupp 1" in dialog.errors.message("start_date")
    assert dialog.command is None


def test_a_row_under_fordelning_gets_its_time_and_is_sent_on(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    item = intervention(view, timed=True)
    pending = row(
        item,
        start=view.decision_start,
        end=None,
        status=ExecutionStatus.UNDER_DISTRIBUTION,
        minutes=450,
        per=TimePer.MONTH,
    )
    view, item = with_item(view, item, rows=(pending,))
    dialog = open_dialog(qtbot, view, item, row=pending, expected_version=4)
    # Unit and period belong to the row already; only time and Till genomförande are asked.
    assert dialog.unit.isHidden()
    assert dialog.unit_text.text() == "Norr grupp 1"
    assert dialog.period_text.text() == f"{view.decision_start:%Y-%m-%d} – tills vidare"
    assert dialog.hours.value() == pytest.approx(7.5)
    assert dialog.per.currentText() == TimePer.MONTH.label
    dialog.hours.setValue(8.25)
    click_ok(qtbot, dialog)
    assert answers.questions == [SEND_QUESTION]
    assert dialog.command == RegisterExecution(
        execution_id=pending.id,
        hours=Decimal("8.25"),
        per=TimePer.MONTH,
        to_execution=True,
        expected_version=4,
    )


def test_a_refusal_from_the_service_is_shown_at_its_field(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `submit`, OK runs the command at once; a refusal naming a field keeps the dialog
    open with the message under that field (e.g. a row someone else registered meanwhile)."""
    Answers(monkeypatch, True, True)
    submitted: list[object] = []
    refusals = [ValidationError("Perioden överlappar en annan verkställighet.", field="start_date")]

    def submit(parent: object, command: object) -> Attempt[object]:
        submitted.append(command)
        if refusals:
            return Attempt(None, refused=refusals.pop(0))
        return Attempt("done")

    dialog = open_dialog(qtbot, view, intervention(view, timed=True), submit=submit)
    click_ok(qtbot, dialog)
    assert len(submitted) == 1
    assert dialog.errors.message("start_date") == "Perioden överlappar en annan verkställighet."
    assert dialog.isVisible()
    assert dialog.command is None
    click_ok(qtbot, dialog)
    assert len(submitted) == 2
    assert dialog.command is submitted[1]
    assert dialog.submitted is not None
    assert dialog.submitted.command is submitted[1]
    assert dialog.submitted.value == "done"
    assert not dialog.isVisible()


def test_without_the_right_to_set_it_till_genomforande_starts_unticked(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    view, item = with_item(view, intervention(view, timed=True), needs_billing_area=True)
    dialog = open_dialog(qtbot, view, item)
    warning = dialog.findChild(QLabel, "billing_warning")
    assert warning is not None
    assert warning.text() == BILLING_MISSING_NO_RIGHT
    assert "Under fördelning" in warning.text()
    assert dialog.billing_button is not None
    assert dialog.billing_button.isHidden()
    assert not dialog.to_execution.isChecked()
    click_ok(qtbot, dialog)
    assert answers.questions == []
    assert isinstance(dialog.command, DistributeIntervention)
    assert dialog.command.to_execution is False


def test_billing_area_set_from_the_dialog_then_sent_to_execution(
    qtbot, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    item = intervention(view, timed=True)
    missing_view, missing = with_item(view, item, needs_billing_area=True)
    missing_view = dataclasses.replace(
        missing_view, person=dataclasses.replace(view.person, billing_area="")
    )
    calls: list[object] = []

    def set_area(parent: object) -> AssignmentDistributionView:
        calls.append(parent)
        return view  # as read after saving: the person has a billing area now

    dialog = open_dialog(qtbot, missing_view, missing, set_billing_area=set_area)
    assert not dialog.to_execution.isEnabled()
    assert not dialog.to_execution.isChecked()
    assert dialog.billing_button is not None
    height = dialog.height()
    qtbot.mouseClick(dialog.billing_button, Qt.MouseButton.LeftButton)
    assert calls == [dialog]
    assert dialog.billing_box is not None
    assert dialog.billing_box.isHidden()
    assert dialog.errors.shown() == {}
    assert dialog.to_execution.isEnabled()
    assert dialog.to_execution.isChecked()
    # The note is gone and leaves no gap: the dialog has shrunk to its contents.
    assert dialog.height() < height
    assert dialog.height() == dialog.sizeHint().height()
    assert not dialog.intervention.needs_billing_area
    assert dialog.view.person.has_billing_area
    click_ok(qtbot, dialog)
    assert answers.questions == [SEND_QUESTION]
    assert isinstance(dialog.command, DistributeIntervention)
    assert dialog.command.to_execution is True
