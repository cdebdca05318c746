"""Byt utförare: tick the interventions › Nästa › the new unit and the date of the takeover ›
Nästa › review › Slutför (the service runs while the wizard is open; a refusal is shown on
the page and the wizard stays)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.commands.provider_change import ChangeProvider
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.views.provider_change import (
    ChangeableIntervention,
    ProviderChangeChoices,
    ProviderChangeResult,
)
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import muted_label, value_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.unit_picker import OrgUnitPicker

TITLE = "Byt utförare"
INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
ChangeSubmit = Submit[ChangeProvider, ProviderChangeResult]

# The pages, in order; a refusal by the service goes back to the page of its field.
INTERVENTIONS_PAGE, UNIT_PAGE, REVIEW_PAGE = range(3)
_PAGE_OF_FIELD = {"intervention_ids": INTERVENTIONS_PAGE, "to_unit_id": UNIT_PAGE}


def set_swedish_buttons(wizard: QWizard) -> None:
    """Nästa, Tillbaka, Slutför and Avbryt with Alt mnemonics (as the manual names them)."""
    texts = {
        QWizard.WizardButton.NextButton: "&Nästa >",
        QWizard.WizardButton.BackButton: "< &Tillbaka",
        QWizard.WizardButton.FinishButton: "&Slutför",
        QWizard.WizardButton.CancelButton: "Avbryt",
    }
    for button, text in texts.items():
        wizard.setButtonText(button, text)


class InterventionsPage(QWizardPage):
    """Page 1: the person's interventions at the unit, one checkbox each."""

    def __init__(self, choices: ProviderChangeChoices, preselected: int | None) -> None:
        super().__init__()
        self.setObjectName("interventions_page")
        self.setTitle("Välj insatser")
        self.setSubTitle("Bocka för den eller de insatser som ska byta utförare.")
        self.errors = FieldErrors("error_interventions_page")
        self.boxes: dict[int, QCheckBox] = {}
        person = value_label(f"{choices.person_text}\nNuvarande utförare: {choices.from_unit_name}")
        person.setObjectName("person")
        column = QVBoxLayout()
        for item in choices.interventions:
            box = QCheckBox(_box_text(item))
            box.setObjectName(f"intervention_{item.intervention_id}")
            box.setAccessibleName(item.name)
            if item.pending_at:
                box.setEnabled(False)
                box.setToolTip(f"Ett byte av utförare väntar redan hos {item.pending_at}.")
            else:
                box.setChecked(item.intervention_id == preselected)
            box.toggled.connect(lambda _on: self.errors.clear())
            self.boxes[item.intervention_id] = box
            column.addWidget(box)
        if not choices.interventions:
            column.addWidget(
                muted_label("Personen har inga pågående eller planerade insatser här.")
            )
        layout = QVBoxLayout(self)
        layout.addWidget(person)
        layout.addSpacing(6)
        layout.addWidget(self.errors.wrap(column, "intervention_ids"))
        layout.addStretch(1)
        layout.addWidget(self.errors.general)

    def chosen(self) -> tuple[int, ...]:
        return tuple(i for i, box in self.boxes.items() if box.isChecked())

    def validatePage(self) -> bool:
        self.errors.clear()
        if not self.chosen():
            self.errors.show("intervention_ids", rules.CHOOSE_INTERVENTION)
            return False
        return True


def _box_text(item: ChangeableIntervention) -> str:
    text = f"{item.name}   ({item.period})"
    if item.pending_at:
        text += f" – byte väntar hos {item.pending_at}"
    return text


class UnitPage(QWizardPage):
    """Page 2: Kommunen › ÄO Utförare › ÄO Hemtjänst › unit, and Datum för övertagandet."""

    def __init__(self, choices: ProviderChangeChoices, first_day: date) -> None:
        super().__init__()
        self.choices = choices
        self.setObjectName("unit_page")
        self.setTitle("Ny utförare och datum")
        self.setSubTitle(
            "Markera den enhet som ska ta över (under Kommunen › ÄO Utförare › "
            "verksamhetsområdet) och ange datum för övertagandet."
        )
        self.errors = FieldErrors("error_unit_page")
        self.picker = OrgUnitPicker(choices.units)
        self.picker.unit_changed.connect(lambda _unit: self.errors.clear_field("to_unit_id"))
        self.date = DateField(
            "change_date", "Datum för övertagandet", first_day, minimum=choices.earliest_date
        )
        self.date.dateChanged.connect(lambda _d: self.errors.clear_field("change_date"))
        hint = muted_label(_date_hint(choices))
        hint.setObjectName("date_hint")
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(hint, 1)
        date_label = QLabel("&Datum för övertagandet:")
        date_label.setBuddy(self.date)
        unit_label = QLabel("&Enhet som tar över:")
        unit_label.setBuddy(self.picker.view)
        layout = QVBoxLayout(self)
        layout.addWidget(unit_label)
        layout.addWidget(self.errors.wrap(self.picker, "to_unit_id", focus=self.picker.view), 1)
        layout.addSpacing(6)
        layout.addWidget(date_label)
        layout.addWidget(self.errors.wrap(date_row, "change_date", focus=self.date))
        layout.addWidget(self.errors.general)

    def unit_id(self) -> int | None:
        unit = self.picker.selected_unit()
        return unit.id if unit is not None else None

    def check(self, intervention_ids: tuple[int, ...]) -> DomainError | None:
        """The same date rule the service applies, for each ticked intervention."""
        if self.unit_id() is None:
            return ValidationError(rules.CHOOSE_UNIT, field="to_unit_id")
        for item in self.choices.interventions:
            if item.intervention_id not in intervention_ids:
                continue
            try:
                rules.check_change_date(
                    self.date.value(),
                    today=self.choices.today,
                    max_backdate_days=self.choices.max_backdate_days,
                    decision_start=item.decision_start,
                    decision_end=item.decision_end,
                    rows_end=item.rows_end,
                )
            except DomainError as error:
                return error
        return None

    def validatePage(self) -> bool:
        self.errors.clear()
        wizard = self.wizard()
        assert isinstance(wizard, ChangeProviderWizard)
        error = self.check(wizard.interventions_page.chosen())
        if error is not None:
            self.errors.show(error.field, error.message)
            return False
        return True


def _date_hint(choices: ProviderChangeChoices) -> str:
    if choices.max_backdate_days == 0:
        return "Den dag den nya utföraren börjar; kan inte vara bakåt i tiden."
    return (
        f"Den dag den nya utföraren börjar; tidigast {choices.earliest_date:%Y-%m-%d} "
        f"({choices.max_backdate_days} dagar bakåt)."
    )


class ReviewPage(QWizardPage):
    """Page 3: what Slutför will do, to check before finishing (Tillbaka changes it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("review_page")
        self.setTitle("Kontrollera uppgifterna")
        self.setSubTitle(
            "Stämmer uppgifterna? Klicka på Slutför. Är något fel, klicka på Tillbaka och ändra."
        )
        self.errors = FieldErrors("error_review")
        self.summary = QFormLayout()
        self.summary.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("person", "Person:"),
            ("interventions", "Insatser:"),
            ("from_unit", "Nuvarande utförare:"),
            ("to_unit", "Ny utförare:"),
            ("change_date", "Datum för övertagandet:"),
        ):
            value = value_label()
            value.setObjectName(f"review_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.summary.addRow(label, value)
        self.consequence = value_label()
        self.consequence.setObjectName("consequence")
        layout = QVBoxLayout(self)
        layout.addLayout(self.summary)
        layout.addSpacing(8)
        layout.addWidget(self.consequence)
        layout.addStretch(1)
        layout.addWidget(self.errors.general)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, ChangeProviderWizard)
        self.errors.clear()
        choices = wizard.choices
        chosen = wizard.interventions_page.chosen()
        names = [i.name for i in choices.interventions if i.intervention_id in chosen]
        unit_id = wizard.unit_page.unit_id()
        day = wizard.unit_page.date.value()
        self.values["person"].setText(choices.person_text)
        self.values["interventions"].setText("\n".join(names))
        self.values["from_unit"].setText(choices.from_unit_name)
        self.values["to_unit"].setText(wizard.unit_page.picker.path(unit_id) if unit_id else "")
        self.values["change_date"].setText(f"{day:%Y-%m-%d}")
        self.consequence.setText(
            "Uppdraget skickas till den nya utförarens Nya uppdrag och handläggaren får ett "
            "meddelande. När den nya utföraren har fördelat insatserna avslutas raderna hos "
            f"{choices.from_unit_name} den {day - timedelta(days=1):%Y-%m-%d}."
        )

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, ChangeProviderWizard)
        return wizard.finish()


class ChangeProviderWizard(QWizard):
    """`submitted` holds the ChangeProvider run at Slutför and its outcome."""

    def __init__(
        self,
        choices: ProviderChangeChoices,
        parent: QWidget | None = None,
        *,
        preselected: int | None = None,
        submit: ChangeSubmit | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self._submit = submit
        self.command: ChangeProvider | None = None
        self.submitted: Submitted[ChangeProvider, ProviderChangeResult] | None = None
        self.setObjectName("change_provider_wizard")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("intervention"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        set_swedish_buttons(self)
        self.interventions_page = InterventionsPage(choices, preselected)
        self.unit_page = UnitPage(choices, max(choices.today, choices.earliest_date))
        self.review_page = ReviewPage()
        self.setPage(INTERVENTIONS_PAGE, self.interventions_page)
        self.setPage(UNIT_PAGE, self.unit_page)
        self.setPage(REVIEW_PAGE, self.review_page)
        self.setMinimumSize(640, 520)

    def build(self) -> ChangeProvider:
        unit_id = self.unit_page.unit_id()
        if unit_id is None:
            raise ValidationError(rules.CHOOSE_UNIT, field="to_unit_id")
        return ChangeProvider(
            person_id=self.choices.person_id,
            from_unit_id=self.choices.from_unit_id,
            intervention_ids=self.interventions_page.chosen(),
            to_unit_id=unit_id,
            change_date=self.unit_page.date.value(),
        )

    def finish(self) -> bool:
        """Slutför: run the service; True closes the wizard. A refusal is shown on the
        review page (and marked at its field on the page it belongs to)."""
        self.review_page.errors.clear()
        try:
            command = self.build()
        except DomainError as error:
            self.show_refusal(error)
            return False
        except PydanticValidationError:
            self.review_page.errors.show(None, INVALID_INPUT)
            return False
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.show_refusal(outcome.refused)
                return False
            if outcome.busy:
                return False
            self.submitted = Submitted(command, outcome)
        self.command = command
        return True

    def show_refusal(self, error: DomainError) -> None:
        """Say why on the review page, and at the field on its own page for Tillbaka."""
        back = " Klicka på Tillbaka och ändra." if error.field else ""
        self.review_page.errors.show(None, error.message + back)
        if error.field in ("change_date", "to_unit_id"):
            self.unit_page.errors.show(error.field, error.message)
        elif error.field == "intervention_ids":
            self.interventions_page.errors.show(error.field, error.message)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: ProviderChangeChoices,
        *,
        preselected: int | None,
        submit: ChangeSubmit,
    ) -> Submitted[ChangeProvider, ProviderChangeResult] | None:
        """The change as run at Slutför and its outcome, or None when cancelled."""
        wizard = cls(choices, parent, preselected=preselected, submit=submit)
        try:
            accepted = wizard.exec() == QWizard.DialogCode.Accepted
            return wizard.submitted if accepted else None
        finally:
            wizard.deleteLater()
