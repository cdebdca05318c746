"""Byt utförare för flera personer: the unit that takes over, the business area and the
date of the takeover for every person of a unit (a reorganisation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.provider_change import UnitChangeChoices
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents
from treserva_desktop.ui.widgets.unit_picker import OrgUnitPicker

TITLE = "Byt utförare för flera personer"


@dataclass(frozen=True, slots=True)
class UnitChangeInput:
    to_unit_id: int
    to_unit_path: str
    business_area: BusinessArea
    change_date: date


class ChangeProviderUnitDialog(QDialog):
    """`value` holds the choice after Nästa; the handler counts and confirms."""

    def __init__(self, choices: UnitChangeChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.value: UnitChangeInput | None = None
        self.setObjectName("change_provider_unit_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("unit"))
        self.errors = FieldErrors("error_general")
        intro = muted_label(
            f"Alla personer med pågående eller planerade insatser vid {choices.unit_name} "
            "inom verksamhetsområdet flyttas till den enhet du väljer. Varje person skickas "
            "som ett byte av utförare till enhetens Nya uppdrag. Antingen flyttas alla eller "
            "ingen."
        )
        self.area = QComboBox()
        self.area.setObjectName("business_area")
        self.area.setAccessibleName("Verksamhetsområde")
        for area, count in choices.persons_by_area:
            self.area.addItem(f"{area.label} ({count} personer)", area)
        self.picker = OrgUnitPicker(choices.units)
        self.date = DateField(
            "change_date",
            "Datum för övertagandet",
            max(choices.today, choices.earliest_date),
            minimum=choices.earliest_date,
        )
        self.picker.unit_changed.connect(lambda _unit: self.errors.clear_field("to_unit_id"))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow("&Verksamhetsområde:", self.errors.wrap(self.area, "business_area"))
        date_label = QLabel("&Datum för övertagandet:")
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.errors.wrap(date_row, "change_date", focus=self.date))
        unit_label = QLabel("&Enhet som tar över:")
        unit_label.setBuddy(self.picker.view)

        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Nästa…", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("next_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{TITLE} – {choices.unit_name}", scale=1.2))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(unit_label)
        layout.addWidget(self.errors.wrap(self.picker, "to_unit_id", focus=self.picker.view), 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumSize(600, 560)

    def accept(self) -> None:
        self.errors.clear()
        unit = self.picker.selected_unit()
        area = self.area.currentData()
        try:
            if area is None:
                raise ValidationError(
                    "Det finns inga personer att flytta från enheten.", field="business_area"
                )
            if unit is None:
                raise ValidationError(rules.CHOOSE_UNIT, field="to_unit_id")
            if self.date.value() < self.choices.earliest_date:
                raise ValidationError(
                    f"Datum för övertagandet kan vara tidigast "
                    f"{self.choices.earliest_date:%Y-%m-%d}.",
                    field="change_date",
                )
        except ValidationError as error:
            self.errors.show(error.field, error.message)
            fit_to_contents(self)
            return
        self.value = UnitChangeInput(
            unit.id, self.picker.path(unit.id), BusinessArea(area), self.date.value()
        )
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, choices: UnitChangeChoices) -> UnitChangeInput | None:
        dialog = cls(choices, parent)
        return run_modal(dialog, lambda: dialog.value)
