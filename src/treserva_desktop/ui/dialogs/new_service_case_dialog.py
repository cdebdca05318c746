"""Nytt boserviceärende: the provider grants boservice itself (förenklad handläggning)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.service_case import OpenServiceCase, ServiceItem
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.distribution import UnitChoice
from treserva_desktop.domain.views.service_case import OpenedServiceCase, ServiceType
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label, value_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
INTRO = (
    "Boservice beviljas av utföraren själv utan beslut från handläggaren. Insatserna skickas "
    "direkt till genomförande vid enheten och behöver inte fördelas under Nya uppdrag."
)
OpenSubmit = Submit[OpenServiceCase, OpenedServiceCase]


@dataclass(frozen=True, slots=True)
class NewServiceCaseInput:
    """What the dialog starts from."""

    person_id: int
    person_text: str
    types: tuple[ServiceType, ...]
    units: tuple[UnitChoice, ...]
    unit_id: int | None
    today: date


class _TypeRow:
    """One boservice intervention: ticked or not, with an optional time."""

    def __init__(self, grid: QGridLayout, row: int, service_type: ServiceType) -> None:
        self.code = service_type.code
        self.check = QCheckBox(service_type.name)
        self.check.setObjectName(f"type_{service_type.code}")
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName(f"hours_{service_type.code}")
        self.hours.setAccessibleName(f"Tidsåtgång i timmar för {service_type.name}")
        self.hours.setDecimals(1)
        self.hours.setRange(0, 744)
        self.hours.setSingleStep(0.5)
        self.hours.setSpecialValueText("Ingen tid")
        self.per = QComboBox()
        self.per.setObjectName(f"per_{service_type.code}")
        self.per.setAccessibleName(f"Per vecka eller månad för {service_type.name}")
        for per in (TimePer.MONTH, TimePer.WEEK):
            self.per.addItem(per.label, per)
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.hours, row, 1)
        grid.addWidget(self.per, row, 2)
        self.check.toggled.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        self.hours.setEnabled(self.check.isChecked())
        self.per.setEnabled(self.check.isChecked())

    def item(self) -> ServiceItem | None:
        if not self.check.isChecked():
            return None
        hours = self.hours.value()
        if hours <= 0:
            return ServiceItem(type_code=self.code)
        return ServiceItem(
            type_code=self.code,
            hours=Decimal(str(round(hours, 1))),
            per=self.per.currentData(),
        )


class NewServiceCaseDialog(QDialog):
    """`submitted` holds the command and its outcome after Spara."""

    def __init__(
        self,
        data: NewServiceCaseInput,
        parent: QWidget | None = None,
        *,
        submit: OpenSubmit | None = None,
    ) -> None:
        super().__init__(parent)
        self.data = data
        self._submit = submit
        self.submitted: Submitted[OpenServiceCase, OpenedServiceCase] | None = None
        self.command: OpenServiceCase | None = None
        self.setObjectName("new_service_case_dialog")
        self.setWindowTitle("Nytt boserviceärende")
        self.setWindowIcon(icon("intervention"))
        self.errors = FieldErrors("error_general")

        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Utförarenhet")
        for choice in data.units:
            self.unit.addItem(choice.path, choice.id)
        if data.unit_id is not None and (index := self.unit.findData(data.unit_id)) >= 0:
            self.unit.setCurrentIndex(index)
        self.start = DateField("start_date", "Startdatum", data.today)

        box = QGroupBox("Insatser")
        grid = QGridLayout(box)
        grid.addWidget(muted_label("Insats"), 0, 0)
        grid.addWidget(muted_label("Tidsåtgång (timmar)"), 0, 1)
        grid.addWidget(muted_label("Per"), 0, 2)
        self.rows = [_TypeRow(grid, index + 1, kind) for index, kind in enumerate(data.types)]
        grid.setColumnStretch(0, 1)

        form = QFormLayout()
        form.addRow("&Utförarenhet:", self.errors.wrap(self.unit, "unit_id"))
        form.addRow("Start&datum:", self.errors.wrap(self.start, "start_date"))

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Spara", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Nytt boserviceärende", scale=1.2))
        layout.addWidget(muted_label(data.person_text))
        intro = value_label(INTRO)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.wrap(box, "items", "billing_area"))
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        if not data.units:
            self.errors.show(None, "Du har ingen hemtjänstenhet att öppna boservice vid.")
            self.save_button.setEnabled(False)

    def show_refusal(self, error: DomainError) -> None:
        self.errors.show(error.field, error.message)
        fit_to_contents(self)

    def accept(self) -> None:
        self.errors.clear()
        try:
            command = OpenServiceCase(
                person_id=self.data.person_id,
                unit_id=self.unit.currentData() or 0,
                items=tuple(item for row in self.rows if (item := row.item()) is not None),
                start_date=self.start.value(),
            )
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.show_refusal(outcome.refused)
                return
            if not outcome.ok:
                return
            self.submitted = Submitted(command, outcome)
        self.command = command
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, data: NewServiceCaseInput, *, submit: OpenSubmit
    ) -> Submitted[OpenServiceCase, OpenedServiceCase] | None:
        dialog = cls(data, parent, submit=submit)
        return run_modal(dialog, lambda: dialog.submitted)
