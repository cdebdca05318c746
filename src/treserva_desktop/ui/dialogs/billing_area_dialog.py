"""Ange debiteringsområde: the person's billing area, set from within Acceptera och fördela so
home care can be sent to Genomförande without leaving the flow (the person window's
Inställningar sets the same thing)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.persons import SetBillingArea
from treserva_desktop.domain.views.persons import BillingAreaOption
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import muted_label
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

CHOOSE_AREA = "Välj debiteringsområde."


class BillingAreaDialog(QDialog):
    """A combo of the code list and OK; `command` holds the SetBillingArea after OK."""

    def __init__(
        self,
        person_id: int,
        expected_version: int,
        person_text: str,
        areas: Sequence[BillingAreaOption],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.expected_version = expected_version
        self.command: SetBillingArea | None = None
        self.setObjectName("billing_area_dialog")
        self.setWindowTitle("Ange debiteringsområde")
        self.setWindowIcon(icon("person"))
        self.errors = FieldErrors("error_general")

        self.area = QComboBox()
        self.area.setObjectName("billing_area")
        self.area.setAccessibleName("Debiteringsområde")
        for option in areas:
            self.area.addItem(option.label, option.code)
        self.area.setPlaceholderText("Välj debiteringsområde")
        self.area.setCurrentIndex(-1)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.addRow("Person:", muted_label(person_text))
        form.addRow("&Debiteringsområde:", self.errors.wrap(self.area, "billing_area"))

        buttons = QDialogButtonBox(self)  # in the dialog, so OK becomes its default
        self.ok_button: QPushButton = buttons.addButton(
            "OK", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setDefault(True)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            muted_label(
                "Debiteringsområdet sparas på personen (samma som under Inställningar i "
                "personens fönster)."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.area.setFocus()

    def choose(self, code: str) -> None:
        position = self.area.findData(code)
        if position < 0:
            raise KeyError(code)
        self.area.setCurrentIndex(position)

    def accept(self) -> None:
        self.errors.clear()
        code = self.area.currentData()
        if not isinstance(code, str):
            self.errors.show("billing_area", CHOOSE_AREA)
            fit_to_contents(self)
            return
        self.command = SetBillingArea(
            person_id=self.person_id,
            expected_version=self.expected_version,
            billing_area_code=code,
        )
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        person_id: int,
        expected_version: int,
        person_text: str,
        areas: Sequence[BillingAreaOption],
    ) -> SetBillingArea | None:
        dialog = cls(person_id, expected_version, person_text, areas, parent)
        return run_modal(dialog, lambda: dialog.command)
