"""Myndighet › Nytt uppdrag…: the dialog builds SendNewAssignment, shows errors at the fields,
looks persons up and confirms them, and the organisation picker allows only receivers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QWidget
from tests.helpers import FakeHost

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import authority as authority_queries
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.authority import SendNewAssignment
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, TimePer
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.identity import luhn_check_digit
from treserva_desktop.domain.views.authority import (
    InterventionTypeView,
    PersonMatch,
    ReceiverUnit,
    SentAssignment,
)
from treserva_desktop.services import authority
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.actions import ActionContext
from treserva_desktop.ui.dialogs.person_confirm_dialog import PersonConfirmDialog
from treserva_desktop.ui.dialogs.send_assignment_dialog import NOT_SENT, SendAssignmentDialog
from treserva_desktop.ui.handlers import authority as authority_handlers
from treserva_desktop.ui.runner import Attempt, Fetched, Submitted
from treserva_desktop.ui.widgets.unit_picker import NBSP, OrgUnitModel, OrgUnitPicker

TODAY = date(2025, 3, 14)
HOME, HOUSING = BusinessArea.HOME_CARE, BusinessArea.NURSING_HOME
TYPES = [
    InterventionTypeView("personal_care", "Personlig omvårdnad", HOME, True),
    InterventionTypeView("safety_alarm", "Trygghetslarm", HOME, False),
    InterventionTypeView("special_housing", "Särskilt boende", HOUSING, False),
]
K = OrgUnitKind
UNITS = [
    ReceiverUnit(1, "Kommunen", K.MUNICIPALITY, None, None, False),
    ReceiverUnit(2, "ÄO Utförare", K.DEPARTMENT, None, 1, False),
    ReceiverUnit(3, "ÄO Hemtjänst", K.BRANCH, HOME, 2, True),
    ReceiverUnit(4, "Hemtjänst Norr", K.UNIT, HOME, 3, True),
    ReceiverUnit(5, "Norr grupp 1", K.SUBUNIT, HOME, 4, True),
    ReceiverUnit(6, "Myndighet äldreomsorg", K.DEPARTMENT, BusinessArea.AUTHORITY, 1, False),
]


def type_text(widget: QWidget, text: str) -> None:
    """Key presses with text, as typing does (QTest.keyClicks only knows ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def valid_number(born: date = date(1941, 3, 21), serial: str = "980") -> str:
    nine = f"{born:%y%m%d}{serial}"
    return f"{born:%Y%m%d}-{serial}{luhn_check_digit(nine)}"


class Recorder:
    """A submit callback that accepts (or refuses with a prepared error) and records."""

    def __init__(self, refusal: DomainError | None = None) -> None:
        self.commands: list[SendNewAssignment] = []
        self.refusal = refusal

    def __call__(self, _parent: object, command: SendNewAssignment) -> Attempt[SentAssignment]:
        self.commands.append(command)
        if self.refusal is not None:
            return Attempt(None, refused=self.refusal)
        return Attempt(SentAssignment(1, 2, 3, 4, (5,), ()))


def not_found(_number: str) -> Fetched[PersonMatch | None]:
    return Fetched(None)


@pytest.fixture
def make_dialog(qtbot) -> Callable[..., SendAssignmentDialog]:
    def factory(
        submit: Callable[..., Attempt[SentAssignment]] | None = None,
        lookup: Callable[[str], Fetched[PersonMatch | None]] = not_found,
    ) -> SendAssignmentDialog:
        dialog = SendAssignmentDialog(
            TYPES, UNITS, lookup=lookup, submit=submit or Recorder(), today=TODAY
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return factory


def fill_valid(qtbot, dialog: SendAssignmentDialog) -> None:
    """What a handläggare types for a new person with one home-care intervention."""
    qtbot.keyClicks(dialog.identity, valid_number())
    qtbot.keyClicks(dialog.first_name, "Ingrid")
    qtbot.keyClicks(dialog.last_name, "Svensson")
    qtbot.keyClicks(dialog.street, "Storgatan 12")
    qtbot.keyClicks(dialog.postal_code, "58222")
    type_text(dialog.city, "Storköping")
    dialog.intervention_table.set_row(0, "personal_care", 30, TimePer.MONTH, "Hjälp med dusch")
    type_text(dialog.goals, "Känna sig trygg i hemmet.")
    assert dialog.picker.select_unit(4)


def click_send(qtbot, dialog: SendAssignmentDialog) -> None:
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)


def test_ok_builds_the_command_and_closes(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.until_further.setChecked(False)
    dialog.period_end.setDate(QDate(2025, 12, 31))
    click_send(qtbot, dialog)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(submit.commands) == 1
    command = submit.commands[0]
    assert dialog.command == command
    assert command.existing_person_id is None
    assert command.person.identity_number == valid_number()
    assert (command.person.first_name, command.person.last_name) == ("Ingrid", "Svensson")
    assert command.person.postal_code == "58222"
    assert command.decision.decided_on == TODAY
    assert command.decision.period_start == TODAY
    assert command.decision.period_end == date(2025, 12, 31)
    assert command.decision.legal_basis == "4 kap. 1 § SoL"
    assert len(command.interventions) == 1
    intervention = command.interventions[0]
    assert intervention.type_code == "personal_care"
    assert intervention.hours == Decimal(30)
    assert intervention.per is TimePer.MONTH
    assert intervention.description == "Hjälp med dusch"
    assert command.goals == "Känna sig trygg i hemmet."
    assert command.receiver_unit_id == 4


def test_interventions_without_time_send_no_hours(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    qtbot.mouseClick(dialog.intervention_table.add_button, Qt.MouseButton.LeftButton)
    row = dialog.intervention_table.rows[1]
    row.type.setCurrentIndex(row.type.findData("safety_alarm"))
    assert not row.hours.isEnabled()
    assert not row.per.isEnabled()
    click_send(qtbot, dialog)
    assert [i.type_code for i in submit.commands[0].interventions] == [
        "personal_care",
        "safety_alarm",
    ]
    alarm = submit.commands[0].interventions[1]
    assert alarm.hours is None
    assert alarm.per is None
    assert submit.commands[0].decision.period_end is None  # Tills vidare


def test_ta_bort_insats_removes_the_row_being_edited(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    table = dialog.intervention_table
    table.set_row(0, "personal_care", 10, TimePer.WEEK)
    table.set_row(1, "safety_alarm")
    table.set_row(2, "special_housing")
    table.rows[1].description.setFocus()
    qtbot.waitUntil(table.rows[1].description.hasFocus)
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert [r.type.currentData() for r in table.rows] == ["personal_care", "special_housing"]
    # Without a focused row the last one goes; the last remaining row always stays.
    dialog.goals.setFocus()
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert [r.type.currentData() for r in table.rows] == ["personal_care"]
    assert not table.remove_button.isEnabled()
    table.remove_current_row()
    assert len(table.rows) == 1


def test_invalid_identity_number_is_shown_at_the_field(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.identity.clear()
    qtbot.keyClicks(dialog.identity, "19410321-9801")  # wrong check digit
    click_send(qtbot, dialog)
    assert dialog.isVisible()
    assert submit.commands == []
    assert "Kontrollsiffran stämmer inte" in dialog.error_text("identity_number")
    assert dialog.identity.property("invalid") is True
    assert dialog.error_text("receiver_unit_id") == ""
    # Enter in the field searches (and shows the same error) instead of sending the dialog.
    dialog.identity.setFocus()
    qtbot.keyClick(dialog.identity, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Kontrollsiffran" in dialog.error_text("identity_number")
    # Typing a new number clears the error.
    qtbot.keyClick(dialog.identity, Qt.Key.Key_Backspace)
    assert dialog.error_text("identity_number") == ""
    assert dialog.identity.property("invalid") is False


def test_end_before_start_is_shown_at_the_period(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.until_further.setChecked(False)
    dialog.period_start.setDate(QDate(2025, 4, 1))
    dialog.period_end.setDate(QDate(2025, 3, 31))
    click_send(qtbot, dialog)
    assert submit.commands == []
    assert dialog.error_text("period_end") == (
        "Beslutsperiodens T.o.m. kan inte vara före dess Fr.o.m."
    )
    assert dialog.period_end.property("invalid") is True


def test_hours_over_a_month_is_shown_at_the_row(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.intervention_table.set_row(1, "safety_alarm")
    dialog.intervention_table.set_row(2, "personal_care")
    dialog.intervention_table.rows[0].hours.setValue(745)
    click_send(qtbot, dialog)
    assert submit.commands == []
    text = dialog.error_text("interventions")
    assert "Rad 1: Beviljad omfattning kan inte vara mer än 744 timmar per månad." in text
    assert "Rad 3: Insatsen Personlig omvårdnad finns redan i beslutet." in text
    assert dialog.intervention_table.rows[0].hours.property("invalid") is True
    assert dialog.focusWidget() is dialog.intervention_table.rows[0].hours


def test_missing_receiver_and_goals(qtbot, make_dialog) -> None:
    submit = Recorder()
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.picker.view.clearSelection()
    dialog.goals.clear()
    click_send(qtbot, dialog)
    assert submit.commands == []
    assert "Välj den enhet som ska ta emot uppdraget" in dialog.error_text("receiver_unit_id")
    assert dialog.error_text("goals") == "Ange mål och beskrivning för uppdraget."
    # Choosing a unit takes the receiver error away.
    dialog.picker.select_unit(5)
    assert dialog.error_text("receiver_unit_id") == ""


def test_a_refusal_from_the_service_is_shown_at_the_field_it_names(qtbot, make_dialog) -> None:
    refusal = ValidationError("Tidsåtgången är orimlig.", field="interventions[1].hours")
    submit = Recorder(refusal)
    dialog = make_dialog(submit)
    fill_valid(qtbot, dialog)
    dialog.intervention_table.set_row(1, "safety_alarm")
    click_send(qtbot, dialog)
    assert len(submit.commands) == 1
    assert dialog.isVisible()
    assert dialog.command is None
    assert dialog.error_text("interventions") == "Rad 2: Tidsåtgången är orimlig."
    # A refusal without a field goes to the line above the buttons.
    submit.refusal = DomainError("Du saknar behörighet.")
    click_send(qtbot, dialog)
    assert dialog.error_text("general") == "Du saknar behörighet."


def test_an_unexpected_failure_keeps_the_dialog_open_with_a_pointer(qtbot, make_dialog) -> None:
    commands: list[SendNewAssignment] = []

    def failing(_parent: object, command: SendNewAssignment) -> Attempt[SentAssignment]:
        commands.append(command)  # the runner has logged it and shown the generic error
        return Attempt(None, failed=True)

    dialog = make_dialog(failing)
    fill_valid(qtbot, dialog)
    click_send(qtbot, dialog)
    assert len(commands) == 1
    assert dialog.isVisible()
    assert dialog.submitted is None
    assert dialog.error_text("general") == NOT_SENT


def test_a_person_found_by_number_is_confirmed_before_use(
    qtbot, make_dialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    match = PersonMatch(77, "Karl Andersson", valid_number(), False, "Ågatan 3, 582 20 Storköping")
    asked: list[PersonMatch] = []

    def declined(_parent: object, found: PersonMatch, **_kw: object) -> PersonMatch | None:
        asked.append(found)
        return None

    monkeypatch.setattr(PersonConfirmDialog, "ask", declined)
    submit = Recorder()
    dialog = make_dialog(submit, lookup=lambda _n: Fetched(match))
    qtbot.keyClicks(dialog.identity, valid_number())
    qtbot.keyClick(dialog.identity, Qt.Key.Key_Return)
    assert asked == [match]
    assert dialog.existing is None
    assert "valdes inte" in dialog.person_status.text()

    monkeypatch.setattr(PersonConfirmDialog, "ask", lambda _p, found, **_kw: found)
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert dialog.existing == match
    assert dialog.person.person_stack.currentIndex() == 1
    assert dialog.person.existing_name.text() == f"Karl Andersson, {valid_number()}"
    dialog.intervention_table.set_row(0, "safety_alarm")
    qtbot.keyClicks(dialog.goals, "Trygghet.")
    dialog.picker.select_unit(4)
    click_send(qtbot, dialog)
    assert submit.commands[0].existing_person_id == 77
    assert submit.commands[0].person.identity_number == valid_number()


def test_sending_without_searching_still_checks_the_number_first(
    qtbot, make_dialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    match = PersonMatch(77, "Karl Andersson", valid_number(), False, "")
    monkeypatch.setattr(PersonConfirmDialog, "ask", lambda _p, found, **_kw: found)
    submit = Recorder()
    dialog = make_dialog(submit, lookup=lambda _n: Fetched(match))
    fill_valid(qtbot, dialog)
    click_send(qtbot, dialog)
    # The number belonged to someone: the dialog shows them instead of sending.
    assert submit.commands == []
    assert dialog.existing == match
    click_send(qtbot, dialog)
    assert submit.commands[0].existing_person_id == 77


def test_a_failed_lookup_is_shown_at_the_number(qtbot, make_dialog) -> None:
    dialog = make_dialog(lookup=lambda _n: Fetched(None, "Du har inte behörighet."))
    qtbot.keyClicks(dialog.identity, valid_number())
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("identity_number") == "Du har inte behörighet."


def test_only_selectable_units_can_be_chosen(qtbot) -> None:
    model = OrgUnitModel(UNITS)
    QAbstractItemModelTester(
        model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )  # runs its checks at once and on every change
    assert model.path(5) == "Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"
    assert not model.flags(model.index_of(2)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index_of(4)) & Qt.ItemFlag.ItemIsSelectable

    picker = OrgUnitPicker(UNITS)
    qtbot.addWidget(picker)
    picker.show()
    seen: list[object] = []
    picker.unit_changed.connect(seen.append)
    assert not picker.select_unit(2)
    assert picker.selected_unit() is None
    # A click on a department selects nothing; a click on a unit selects it.
    department = picker.proxy_index_of(2)
    picker.view.scrollTo(department)
    qtbot.mouseClick(
        picker.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picker.view.visualRect(department).center(),
    )
    assert picker.selected_unit() is None
    unit = picker.proxy_index_of(4)
    qtbot.mouseClick(
        picker.view.viewport(), Qt.MouseButton.LeftButton, pos=picker.view.visualRect(unit).center()
    )
    assert picker.selected_unit() == UNITS[3]
    assert seen[-1] == UNITS[3]
    assert "ÄO Hemtjänst › Hemtjänst Norr" in picker.chosen.text().replace(NBSP, " ")
    # The filter keeps the path down to matching units.
    qtbot.keyClicks(picker.filter, "grupp")
    assert picker.proxy_index_of(5).isValid()
    assert not picker.proxy_index_of(6).isValid()
    assert picker.proxy_index_of(1).isValid()


# --- the handler, on the demo database -------------------------------------------------------


def test_handler_sends_through_the_service_and_tells_where_it_went(
    qtbot, make_ctx, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("handlaggare")
    with demo_db.read() as session:
        units = authority_queries.receiver_units(session)
    norr = next(u for u in units if u.name == "Hemtjänst Norr")
    number = valid_number(SYSTEM_CLOCK.today() - timedelta(days=365 * 80), "123")
    refused: list[DomainError | None] = []

    def fake_ask(
        parent: QWidget, **kwargs: object
    ) -> Submitted[SendNewAssignment, SentAssignment] | None:
        submit = kwargs["submit"]
        lookup = kwargs["lookup"]
        assert callable(submit)
        assert callable(lookup)
        assert lookup(number).value is None
        bad = SendNewAssignment.model_validate(
            {
                "person": {"identity_number": number, "first_name": "Ada", "last_name": "Berg"},
                "decision": {
                    "decided_on": SYSTEM_CLOCK.today(),
                    "period_start": SYSTEM_CLOCK.today(),
                },
                "interventions": [{"type_code": "personal_care", "hours": 800, "per": "month"}],
                "goals": "Trygghet.",
                "receiver_unit_id": norr.id,
            }
        )
        refused.append(submit(parent, bad).refused)
        good = bad.model_copy(
            update={
                "interventions": (bad.interventions[0].model_copy(update={"hours": Decimal(20)}),)
            }
        )
        outcome = submit(parent, good)
        assert outcome.ok
        return Submitted(good, outcome)

    monkeypatch.setattr(SendAssignmentDialog, "ask", fake_ask)
    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, text, **_kw: shown.append(text))
    changes: list[ChangeSet] = []
    ctx.events.data_changed.connect(changes.append)

    parent = QWidget()
    qtbot.addWidget(parent)
    authority_handlers.new_assignment(ActionContext(FakeHost(ctx, parent=parent), None))

    assert refused[0] is not None
    assert refused[0].field == "interventions[0].hours"
    assert shown
    assert shown[0].startswith("Uppdraget har skickats till Hemtjänst Norr.")
    assert "mottagare har fått ett meddelande" in shown[0]
    assert [change.kinds for change in changes] == [
        frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS, ChangeKind.MESSAGES})
    ]
    with demo_db.read() as session:
        found = authority_queries.find_person_by_identity(session, ctx.actor, number)
    assert found is not None
    assert found.name == "Ada Berg"


def test_attempt_hands_back_refusals_and_reports_success(make_ctx) -> None:
    ctx = make_ctx("handlaggare")
    bad = SendNewAssignment.model_validate(
        {
            "person": {"identity_number": "x", "first_name": "A", "last_name": "B"},
            "decision": {"decided_on": TODAY, "period_start": TODAY},
            "interventions": [],
            "receiver_unit_id": 1,
        }
    )
    outcome = runner.attempt(ctx, None, authority.send_new_assignment, bad)
    assert not outcome.ok
    assert outcome.refused is not None
    assert outcome.refused.field == "identity_number"
