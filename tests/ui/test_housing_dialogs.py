"""The housing dialogs on their own: refusals at the field, the command built, the Ja/Nej
before anything is saved, and the organisation picker that accepts only housing units."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from tests.helpers.columns import assert_fits
from tests.helpers.distribution import Answers
from tests.helpers.enter_key import default_buttons, enter_in, show_active

from treserva_desktop.domain.commands.housing import (
    AddHousingObject,
    CreateContract,
    EndContract,
    RetireHousingObject,
)
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.housing import (
    ContractResult,
    ContractView,
    HousingObjectView,
)
from treserva_desktop.ui.dialogs.contract_date_dialog import ContractCommand, ContractDateDialog
from treserva_desktop.ui.dialogs.contract_end_dialog import ContractEndDialog
from treserva_desktop.ui.dialogs.housing_objects_dialog import HousingObjectsDialog
from treserva_desktop.ui.dialogs.object_search_dialog import ObjectSearchDialog
from treserva_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
from treserva_desktop.ui.runner import Attempt, Fetched, Rehearse

TODAY = date(2026, 12, 2)
CONTRACT = ContractView(
    id=5,
    person_id=7,
    person_name="Öberg, Märta",
    identity_display="19380412-1014",
    object_id=3,
    object_label="Lgh 101",
    object_kind=HousingKind.APARTMENT,
    unit_id=2,
    unit_name="Lindgården",
    kind=ContractKind.RENTAL,
    start_date=TODAY - timedelta(days=30),
    notice_on=None,
    move_out_on=None,
    end_reason="",
    live=True,
    version=2,
)
TARGET = HousingObjectView(
    id=4,
    unit_id=2,
    unit_name="Lindgården",
    label="Lgh 102",
    address="",
    kind=HousingKind.APARTMENT,
    retired_on=None,
    occupant="",
    version=1,
)


def shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_end_dialog_refuses_dates_out_of_order_and_asks_before_saving(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    submitted: list[EndContract] = []

    def submit(_parent: object, command: EndContract) -> Attempt[ContractResult]:
        submitted.append(command)
        return Attempt(ContractResult(contract_id=5, person_id=7, unit_id=2))

    dialog = shown(
        qtbot,
        ContractEndDialog(
            None, CONTRACT, reasons=[("deceased", "Avliden")], today=TODAY, submit=submit
        ),
    )
    dialog.notice_on.set_value(TODAY + timedelta(days=3))
    dialog.move_out_on.set_value(TODAY + timedelta(days=2))
    dialog.ok_button.click()
    assert dialog.errors.message("move_out_on") == (
        "Utflyttningsdatum kan inte vara före uppsägningsdatum."
    )
    dialog.move_out_on.set_value(TODAY + timedelta(days=33))
    dialog.ok_button.click()
    assert dialog.errors.message("reason_code") == "Välj en orsak i listan."
    assert submitted == []
    dialog.reason.setCurrentIndex(dialog.reason.findData("deceased"))
    dialog.ok_button.click()
    assert len(answers.questions) == 1
    assert submitted == [
        EndContract(
            contract_id=5,
            notice_on=TODAY + timedelta(days=3),
            move_out_on=TODAY + timedelta(days=33),
            reason_code="deceased",
            expected_version=2,
        )
    ]


def create_contract_dialog(
    submitted: list[object], rehearse: Rehearse[ContractCommand] | None = None
) -> ContractDateDialog:
    """Skapa kontrakt's date dialog for TARGET, recording what it submits."""
    return ContractDateDialog(
        None,
        title="Skapa kontrakt",
        person_text="Öberg, Märta",
        target=TARGET,
        current_text="",
        start=TODAY,
        make=lambda day: CreateContract(person_id=7, object_id=4, start_date=day),
        submit=lambda _p, command: submitted.append(command) or Attempt(None),  # type: ignore[func-returns-value]
        rehearse=rehearse,
    )


def test_date_dialog_saves_nothing_on_nej(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = Answers(monkeypatch, False)
    submitted: list[object] = []
    dialog = shown(qtbot, create_contract_dialog(submitted))
    dialog.ok_button.click()
    assert "Lgh 102" in answers.questions[0]
    assert submitted == []
    assert dialog.isVisible()


def test_organisation_picker_accepts_only_a_housing_unit(qtbot) -> None:
    units = [
        ReceiverUnit(1, "Kommunen", OrgUnitKind.MUNICIPALITY, None, None, False),
        ReceiverUnit(2, "ÄO Vårdboende", OrgUnitKind.BRANCH, BusinessArea.NURSING_HOME, 1, False),
        ReceiverUnit(3, "Lindgården", OrgUnitKind.UNIT, BusinessArea.NURSING_HOME, 2, True),
    ]
    dialog = shown(qtbot, OrganisationDialog(None, units, None))
    dialog.ok_button.click()
    assert dialog.chosen is None
    assert dialog.isVisible()
    assert dialog.picker.select_unit(3)
    dialog.ok_button.click()
    assert dialog.chosen is not None
    assert dialog.chosen.name == "Lindgården"


def test_avveckla_is_refused_before_the_question_when_a_contract_runs(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)  # no answers: any question fails the test
    let = replace(TARGET, occupant="Öberg, Märta")
    retired: list[RetireHousingObject] = []
    checked: list[RetireHousingObject] = []

    def may_retire(command: RetireHousingObject) -> str | None:
        checked.append(command)
        return "Objektet Lgh 102 har ett kontrakt som gäller 2026-12-02 eller senare."

    dialog = shown(
        qtbot,
        HousingObjectsDialog(
            None,
            units=[(2, "Lindgården")],
            unit_id=2,
            today=TODAY,
            list_objects=lambda _unit: Fetched(value=[let], error=None),
            add=lambda _parent, _command: Attempt(1),
            retire=lambda _parent, command: retired.append(command) or Attempt(1),  # type: ignore[func-returns-value]
            may_retire=may_retire,
        ),
    )
    dialog.table.selectRow(0)
    dialog.retire()
    assert [command.object_id for command in checked] == [let.id]
    assert "har ett kontrakt" in dialog.errors.message("retired_on")
    assert answers.questions == []
    assert retired == []


def test_the_objects_list_fits_the_dialog(qtbot) -> None:
    """Typ, Status and Belagda dagar i månaden are whole at the dialog's size (the day count
    was beyond the right edge); a long address or name is elided, its tool tip whole."""
    place = replace(
        TARGET,
        label="Korttidsplats 1",
        kind=HousingKind.SHORT_TERM_PLACE,
        address="Korttidsboendet Eken, rum 101, Storgatan 12 B, 602 24 Norrköping",
        occupant="Abrahamsson-Bergqvist, Ann-Charlotte",
        occupied_days=31,
    )
    retired = replace(place, id=5, retired_on=TODAY, occupant="")
    dialog = shown(
        qtbot,
        HousingObjectsDialog(
            None,
            units=[(2, "Korttidsboendet Eken")],
            unit_id=2,
            today=TODAY,
            list_objects=lambda _unit: Fetched(value=[place, retired], error=None),
            add=lambda _parent, _command: Attempt(1),
            retire=lambda _parent, _command: Attempt(1),
        ),
    )
    assert_fits(dialog.table, whole=(1, 3, 5))
    address = dialog.model.index(0, 2)
    assert dialog.model.data(address, Qt.ItemDataRole.ToolTipRole) == place.address


def test_nytt_objekt_starts_as_the_units_usual_kind(qtbot) -> None:
    """A new object at a korttidsboende is a Korttidsplats (it started as Lägenhet, which
    the service refuses there); at a vårdboende a Lägenhet; the choice follows the unit."""
    dialog = shown(
        qtbot,
        HousingObjectsDialog(
            None,
            units=[(2, "Korttidsboendet Eken"), (3, "Lindgården")],
            unit_id=2,
            today=TODAY,
            list_objects=lambda _unit: Fetched(value=[], error=None),
            add=lambda _parent, _command: Attempt(1),
            retire=lambda _parent, _command: Attempt(1),
            areas={2: BusinessArea.SHORT_TERM, 3: BusinessArea.NURSING_HOME},
        ),
    )
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert dialog.kind.currentData() == HousingKind.SHORT_TERM_PLACE.value
    assert kinds == [HousingKind.SHORT_TERM_PLACE.value]
    dialog.unit.setCurrentIndex(dialog.unit.findData(3))
    assert dialog.kind.currentData() == HousingKind.APARTMENT.value
    assert HousingKind.SHORT_TERM_PLACE.value not in [
        dialog.kind.itemData(i) for i in range(dialog.kind.count())
    ]


def test_enter_in_a_new_objects_fields_adds_it_and_never_retires_or_closes(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter in Beteckning, Adress or Typ adds the object (it pressed Avveckla… on the
    marked object, the first button Qt found); Enter in the date avvecklar, asking first;
    Enter in the unit or the list does nothing and the dialog stays open."""
    answers = Answers(monkeypatch, False)  # Nej to Vill du avveckla …?
    added: list[AddHousingObject] = []
    retired: list[RetireHousingObject] = []

    def add(_parent: object, command: AddHousingObject) -> Attempt[int]:
        added.append(command)
        return Attempt(len(added))

    dialog = HousingObjectsDialog(
        None,
        units=[(2, "Lindgården")],
        unit_id=2,
        today=TODAY,
        list_objects=lambda _unit: Fetched(value=[TARGET], error=None),
        add=add,
        retire=lambda _parent, command: retired.append(command) or Attempt(1),  # type: ignore[func-returns-value]
        areas={2: BusinessArea.NURSING_HOME},
    )
    show_active(qtbot, dialog)
    dialog.table.selectRow(0)
    assert default_buttons(dialog) == []
    dialog.label.setText("Lgh 1101")
    enter_in(qtbot, dialog.label)
    dialog.label.setText("Lgh 1102")
    dialog.address.setText("Storgatan 1")
    enter_in(qtbot, dialog.address, visited=dialog.retire_button)
    dialog.label.setText("Lgh 1103")
    enter_in(qtbot, dialog.kind)
    assert [(c.label, c.address) for c in added] == [
        ("Lgh 1101", ""),
        ("Lgh 1102", "Storgatan 1"),
        ("Lgh 1103", ""),
    ]
    assert dialog.label.hasFocus()  # ready for the next object
    assert answers.questions == []
    enter_in(qtbot, dialog.unit)
    enter_in(qtbot, dialog.table, visited=dialog.add_button)
    assert len(added) == 3
    assert dialog.isVisible()
    dialog.table.selectRow(0)
    enter_in(qtbot, dialog.retired_on)
    assert len(answers.questions) == 1  # Avveckla… asked; Nej
    assert retired == []
    assert dialog.isVisible()


def test_enter_in_lediga_fran_searches_and_never_presses_kontrakt(qtbot) -> None:
    """Enter after typing a date in Lediga från pressed Kontrakt, the dialog's default: it
    chose the object the search before had found, from the day searched before, not the day
    typed. Enter there now searches from the day typed; Kontrakt stays the default
    elsewhere."""
    searched: list[date] = []

    def search(_unit_id: int, from_day: date) -> Fetched[list[HousingObjectView]]:
        searched.append(from_day)
        return Fetched(value=[TARGET], error=None)

    dialog = ObjectSearchDialog(
        None,
        title="Skapa kontrakt",
        units=[ReceiverUnit(2, "Lindgården", OrgUnitKind.UNIT, BusinessArea.NURSING_HOME, 1, True)],
        unit_id=2,
        from_date=TODAY,
        search=search,
    )
    show_active(qtbot, dialog)
    assert searched == [TODAY]  # the unit's objects from the start
    assert default_buttons(dialog) == ["&Kontrakt"]
    dialog.table.setFocus(Qt.FocusReason.MouseFocusReason)  # a row looked at first
    qtbot.waitUntil(dialog.table.hasFocus)
    dialog.from_date.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(dialog.from_date.hasFocus)
    dialog.from_date.lineEdit().setText("2027-01-15")  # typed, not yet taken
    qtbot.keyClick(dialog.from_date, Qt.Key.Key_Return)
    assert searched == [TODAY, date(2027, 1, 15)]
    assert dialog.chosen is None
    assert dialog.isVisible()


def test_date_dialog_shows_what_the_service_would_refuse_before_asking(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date the service refuses (no executed housing intervention that day) is shown at
    Datum at OK: no Ja/Nej is asked about details that cannot be saved, nothing is sent.
    Once the rehearsal passes, the question comes."""
    answers = Answers(monkeypatch, False)
    submitted: list[object] = []
    refusal = ValidationError("Personen har ingen boendeinsats den dagen.", field="start_date")
    verdicts: list[ValidationError | None] = [refusal, None]
    rehearsed: list[object] = []

    def rehearse(command: object) -> ValidationError | None:
        rehearsed.append(command)
        return verdicts.pop(0)

    dialog = shown(qtbot, create_contract_dialog(submitted, rehearse))
    dialog.ok_button.click()
    assert answers.questions == []
    assert dialog.errors.message("start_date") == refusal.message
    assert rehearsed == [CreateContract(person_id=7, object_id=4, start_date=TODAY)]
    dialog.ok_button.click()
    assert len(answers.questions) == 1
    assert submitted == []  # Nej
