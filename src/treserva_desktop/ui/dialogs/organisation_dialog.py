"""Välj organisation: the organisation tree behind a "…" button (Kommunen › ÄO … › unit)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.plan_form import ok_cancel
from treserva_desktop.ui.widgets.unit_picker import OrgUnitPicker


class OrganisationDialog(QDialog):
    """`chosen` holds the unit marked in the tree when OK is pressed."""

    def __init__(
        self, parent: QWidget | None, units: Sequence[ReceiverUnit], selected: int | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("organisation_dialog")
        self.setWindowTitle("Välj organisation")
        self.chosen: ReceiverUnit | None = None
        self.picker = OrgUnitPicker(units)
        self.picker.view.activated.connect(lambda _index: self.accept())
        if selected is not None:
            self.picker.select_unit(selected)
        buttons, self.ok_button = ok_cancel(self, "&OK")
        hint = QLabel(
            "Klicka på pilen framför Kommunen och vidare ner till din enhet, markera den och "
            "klicka på OK."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picker, 1)
        layout.addWidget(buttons)
        self.resize(420, 460)
        self.picker.view.setFocus()

    def accept(self) -> None:
        unit = self.picker.selected_unit()
        if unit is None or not unit.selectable:
            self.picker.chosen.setText("Välj ett vårdboende eller korttidsboende i trädet.")
            return
        self.chosen = unit
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, units: Sequence[ReceiverUnit], selected: int | None = None
    ) -> ReceiverUnit | None:
        dialog = cls(parent, units, selected)
        return run_modal(dialog, lambda: dialog.chosen)
