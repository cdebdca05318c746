"""Saknar korttidsplats: persons with a short-term decision sent to execution and no place,
so every stay is counted (the statistics to Socialstyrelsen count short-term places)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from treserva_desktop.domain.views.housing import MissingPlace
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import fit_columns, heading, muted_label, read_only_table
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

COLUMNS: tuple[Column[MissingPlace], ...] = (
    Column("Namn", lambda item: item.person_name),
    Column("Personnummer", lambda item: item.identity_display),
    Column("Enhet", lambda item: item.unit_name),
    Column("Plats behövs från", lambda item: f"{item.from_date:%Y-%m-%d}"),
)


class MissingPlacesDialog(QDialog):
    def __init__(self, parent: QWidget | None, missing: Sequence[MissingPlace]) -> None:
        super().__init__(parent)
        self.setObjectName("missing_places_dialog")
        self.setWindowTitle("Saknar korttidsplats")
        self.setWindowIcon(icon("housing"))
        self.model = RowTableModel(COLUMNS, alert=lambda _item: True, parent=self)
        self.model.set_rows(missing)
        self.table = read_only_table("missing_places")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Personer utan korttidsplats")
        fit_columns(self.table)
        buttons = QDialogButtonBox()
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Saknar korttidsplats", scale=1.2))
        layout.addWidget(
            muted_label(
                "Alla med beslut om korttidsboende ska ha en korttidsplats. Öppna Boende på "
                "personen under Mina enheter och skapa kontrakt på en ledig plats."
                if missing
                else "Alla med beslut om korttidsboende har en korttidsplats."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, missing: Sequence[MissingPlace]) -> None:
        run_modal(cls(parent, missing), lambda: None)
