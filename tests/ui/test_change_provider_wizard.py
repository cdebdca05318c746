"""The Byt utförare wizard: Nästa validates each page (and stays on it), Tillbaka keeps the
input, Slutför runs the service and stays open with the refusal shown."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWizard

from treserva_desktop.domain.commands.provider_change import ChangeProvider
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.provider_change import (
    ChangeableIntervention,
    ProviderChangeChoices,
    ProviderChangeResult,
)
from treserva_desktop.ui.runner import Attempt
from treserva_desktop.ui.wizards.change_provider_wizard import (
    INTERVENTIONS_PAGE,
    REVIEW_PAGE,
    UNIT_PAGE,
    ChangeProviderWizard,
)

TODAY = date(2026, 12, 28)
HOME = BusinessArea.HOME_CARE


def _unit(unit_id: int, name: str, kind: OrgUnitKind, parent: int | None, ok: bool) -> ReceiverUnit:
    return ReceiverUnit(unit_id, name, kind, HOME, parent, ok)


CHOICES = ProviderChangeChoices(
    person_id=7,
    person_text="Ingrid Testsson, 19380412-1016",
    from_unit_id=5,
    from_unit_name="Norr grupp 1",
    interventions=(
        ChangeableIntervention(
            11, "Personlig omvårdnad", HOME, "2026-12-01 –", None, date(2026, 12, 1), None
        ),
        ChangeableIntervention(
            12,
            "Trygghetslarm",
            HOME,
            "2026-12-01 – 2027-01-10",
            date(2027, 1, 10),
            date(2026, 12, 1),
            None,
        ),
        ChangeableIntervention(
            13, "Matdistribution", HOME, "2026-12-01 –", None, date(2026, 12, 1), None, "Söder"
        ),
    ),
    units=(
        _unit(1, "Kommunen", OrgUnitKind.MUNICIPALITY, None, False),
        _unit(2, "ÄO Utförare", OrgUnitKind.DEPARTMENT, 1, False),
        _unit(3, "ÄO Hemtjänst", OrgUnitKind.BRANCH, 2, False),
        _unit(4, "Hemtjänst Norr", OrgUnitKind.UNIT, 3, False),
        _unit(5, "Norr grupp 1", OrgUnitKind.SUBUNIT, 4, False),
        _unit(6, "Hemtjänst Söder", OrgUnitKind.UNIT, 3, True),
    ),
    today=TODAY,
    earliest_date=TODAY - timedelta(days=7),
    max_backdate_days=7,
)
RESULT = ProviderChangeResult(99, 7, 5, 6, (3,))


class Recorder:
    def __init__(self, refuse: ValidationError | None = None) -> None:
        self.commands: list[ChangeProvider] = []
        self.refuse = refuse

    def __call__(self, _parent: object, command: ChangeProvider) -> Attempt[ProviderChangeResult]:
        self.commands.append(command)
        if self.refuse is not None:
            return Attempt(None, refused=self.refuse)
        return Attempt(RESULT)


def _wizard(qtbot, submit: Recorder, preselected: int | None = 11) -> ChangeProviderWizard:
    wizard = ChangeProviderWizard(CHOICES, preselected=preselected, submit=submit)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _click(wizard: QWizard, which: QWizard.WizardButton) -> None:
    wizard.button(which).click()


def _next(wizard: QWizard) -> None:
    _click(wizard, QWizard.WizardButton.NextButton)


def _choose_unit(wizard: ChangeProviderWizard, unit_id: int) -> None:
    picker = wizard.unit_page.picker
    picker.view.selectionModel().select(
        picker.proxy_index_of(unit_id), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def _shot(wizard: QWizard, name: str) -> None:
    """With SCREENSHOT_DIR set, keep a picture of the page (to look at, not asserted)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        wizard.grab().save(str(Path(folder) / f"{name}.png"))


def test_swedish_buttons_and_the_right_clicked_intervention_preticked(qtbot) -> None:
    wizard = _wizard(qtbot, Recorder())
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Nästa >"
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< &Tillbaka"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "&Slutför"
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Avbryt"
    assert wizard.interventions_page.chosen() == (11,)
    # A change already waiting elsewhere cannot be ticked again.
    assert not wizard.interventions_page.boxes[13].isEnabled()
    _shot(wizard, "wizard_1_interventions")


def test_nothing_ticked_stays_on_the_first_page(qtbot) -> None:
    wizard = _wizard(qtbot, Recorder(), preselected=None)
    _next(wizard)
    assert wizard.currentId() == INTERVENTIONS_PAGE
    assert "Bocka för minst en insats" in wizard.interventions_page.errors.message(
        "intervention_ids"
    )


def test_the_whole_way_with_tillbaka_and_slutfor(qtbot) -> None:
    submit = Recorder()
    wizard = _wizard(qtbot, submit)
    wizard.interventions_page.boxes[12].setChecked(True)
    _next(wizard)
    assert wizard.currentId() == UNIT_PAGE
    # No unit chosen: stays, the message at the tree.
    _next(wizard)
    assert wizard.currentId() == UNIT_PAGE
    assert wizard.unit_page.errors.message("to_unit_id") == (
        "Välj den enhet som ska ta över insatserna."
    )
    _choose_unit(wizard, 6)
    # After the alarm's end (2027-01-10): stays, the message at the date.
    wizard.unit_page.date.set_value(date(2027, 1, 11))
    _next(wizard)
    assert wizard.currentId() == UNIT_PAGE
    assert "senast den dagen" in wizard.unit_page.errors.message("change_date")
    wizard.unit_page.date.set_value(date(2027, 1, 4))
    _shot(wizard, "wizard_2_unit_and_date")
    _next(wizard)
    assert wizard.currentId() == REVIEW_PAGE
    review = wizard.review_page.values
    assert review["to_unit"].text() == "Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Söder"
    assert review["interventions"].text() == "Personlig omvårdnad\nTrygghetslarm"
    assert review["change_date"].text() == "2027-01-04"
    assert "den 2027-01-03" in wizard.review_page.consequence.text()
    _shot(wizard, "wizard_3_review")
    # Tillbaka keeps what was chosen.
    _click(wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentId() == UNIT_PAGE
    assert wizard.unit_page.unit_id() == 6
    wizard.unit_page.date.set_value(date(2027, 1, 5))
    _next(wizard)
    assert review["change_date"].text() == "2027-01-05"
    _click(wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert submit.commands == [
        ChangeProvider(
            person_id=7,
            from_unit_id=5,
            intervention_ids=(11, 12),
            to_unit_id=6,
            change_date=date(2027, 1, 5),
        )
    ]
    assert wizard.submitted is not None
    assert wizard.submitted.value == RESULT


def test_a_refusal_at_slutfor_keeps_the_wizard_open(qtbot) -> None:
    refusal = ValidationError("Insatserna utförs redan av Hemtjänst Söder.", field="to_unit_id")
    wizard = _wizard(qtbot, Recorder(refusal))
    _next(wizard)
    _choose_unit(wizard, 6)
    _next(wizard)
    _click(wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible()
    assert wizard.currentId() == REVIEW_PAGE
    assert wizard.review_page.errors.message().startswith(refusal.message)
    assert wizard.submitted is None
    _shot(wizard, "wizard_4_refused")
    _click(wizard, QWizard.WizardButton.BackButton)
    assert wizard.unit_page.errors.message("to_unit_id") == refusal.message


@pytest.mark.parametrize("unit_id", [4, 5])
def test_units_that_cannot_take_over_cannot_be_chosen(qtbot, unit_id: int) -> None:
    wizard = _wizard(qtbot, Recorder())
    _next(wizard)
    assert not wizard.unit_page.picker.select_unit(unit_id)
    assert wizard.unit_page.unit_id() is None
