"""Visa › Ej aktuella – att avsluta…: how far back ended interventions are shown."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.preferences import LOOKBACK_CHOICES


class NotCurrentLookbackDialog(QDialog):
    """Choose the look-back in days; `days` holds the choice after OK."""

    def __init__(self, current_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ej aktuella – att avsluta")
        self.days: int | None = None

        intro = QLabel(
            "Mappen Ej aktuella – att avsluta visar personer som inte längre har några "
            "pågående eller planerade insatser vid dina enheter. Välj hur långt tillbaka "
            "avslutade insatser ska räknas."
        )
        intro.setWordWrap(True)

        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for days in LOOKBACK_CHOICES:
            self.preset.addItem(_days_text(days), days)
        self.preset.addItem("Annat antal dagar", None)
        self.spin = QSpinBox()
        self.spin.setObjectName("days")
        self.spin.setRange(1, 3650)
        self.spin.setSuffix(" dagar")
        self.spin.setValue(current_days)
        self.spin.setAccessibleName("Antal dagar")

        # One value: the spin box shows only for "Annat antal dagar".
        self.form = form = QFormLayout()
        form.addRow("Visa &avslutade de senaste:", self.preset)
        form.addRow("A&ntal dagar:", self.spin)

        buttons = QDialogButtonBox()
        ok = buttons.addButton("OK", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        ok.setDefault(True)

        self._select_preset(current_days)
        self.preset.currentIndexChanged.connect(self._preset_chosen)

    def _select_preset(self, days: int) -> None:
        position = self.preset.findData(days)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(position if position >= 0 else self.preset.count() - 1)
        self.preset.blockSignals(False)
        self.form.setRowVisible(self.spin, position < 0)

    def _preset_chosen(self, position: int) -> None:
        days = self.preset.itemData(position)
        self.form.setRowVisible(self.spin, not isinstance(days, int))
        if isinstance(days, int):
            self.spin.setValue(days)
        else:
            self.spin.setFocus()

    def accept(self) -> None:
        self.days = self.spin.value()
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, current_days: int) -> int | None:
        dialog = cls(current_days, parent)
        return run_modal(dialog, lambda: dialog.days)


def _days_text(days: int) -> str:
    if days == 365:
        return "1 år (365 dagar)"
    return f"{days} dagar"
