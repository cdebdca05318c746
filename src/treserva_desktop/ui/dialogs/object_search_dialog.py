"""Sök objekt: the organisation ("…" opens the tree), from which day, Sök lediga objekt, and
Kontrakt on the marked row. Used by Skapa kontrakt and Byt objekt alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.housing import HousingObjectView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.widgets.common import fit_columns, muted_label, read_only_table
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.forms import press_on_enter, read_only_edit, row
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

# (unit id, from which day) -> the vacant objects there, or the refusal as text.
SearchVacant = Callable[[int, date], Fetched[list[HousingObjectView]]]

COLUMNS: tuple[Column[HousingObjectView], ...] = (
    Column("Objekt", lambda item: item.label),
    Column("Typ", lambda item: item.kind.label),
    Column("Adress", lambda item: item.address),
    Column("Enhet", lambda item: item.unit_name),
)


class ObjectSearchDialog(QDialog):
    """`chosen` is the marked vacant object and `from_date` the day searched for, after
    Kontrakt."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        units: Sequence[ReceiverUnit],
        unit_id: int | None,
        from_date: date,
        search: SearchVacant,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("object_search_dialog")
        self.setWindowTitle(title)
        self._units = list(units)
        self._search = search
        self.unit_id = unit_id
        self.chosen: HousingObjectView | None = None
        self.from_date_value = from_date

        self.organisation = read_only_edit("organisation", "Organisation")
        # Room for a long unit name ("Korttidsboendet Eken" was shown as "orttidsboendet Eken").
        self.organisation.setMinimumWidth(
            self.organisation.fontMetrics().horizontalAdvance("Vårdboende Björkhagen, avdelning 10")
        )
        self.pick_button = QPushButton("…")
        self.pick_button.setObjectName("pick_organisation")
        self.pick_button.setAccessibleName("Välj organisation")
        self.pick_button.setToolTip("Välj organisation i trädet")
        self.pick_button.clicked.connect(self.pick_organisation)
        self.from_date = DateField("from_date", "Lediga från", from_date)
        self.search_button = QPushButton("&Sök lediga objekt")
        self.search_button.setObjectName("search_button")
        self.search_button.clicked.connect(self.search)
        self.model = RowTableModel(COLUMNS, parent=self)
        self.table = read_only_table("vacant_objects")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Lediga objekt")
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.status = muted_label("")
        self.status.setObjectName("search_status")

        form = QFormLayout()
        form.addRow(
            self._label("O&rganisation:", self.pick_button),
            row(self.organisation, self.pick_button),
        )
        form.addRow("Lediga &från:", row(self.from_date, self.search_button))
        buttons = QDialogButtonBox()
        self.contract_button = buttons.addButton(
            "&Kontrakt", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.contract_button.setObjectName("contract_button")
        cancel = buttons.addButton("&Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        # Enter in Lediga från searches from the day typed there (it pressed Kontrakt, for the
        # object the search before had found); elsewhere Enter means Kontrakt for the marked
        # object, never … beside the organisation.
        self.pick_button.setAutoDefault(False)
        press_on_enter(self.search_button, self.from_date)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self._show_unit()
        if unit_id is not None:
            self.search()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _show_unit(self) -> None:
        unit = next((unit for unit in self._units if unit.id == self.unit_id), None)
        name = unit.name if unit is not None else ""
        self.organisation.setText(name)
        self.organisation.setCursorPosition(0)  # the start of a name too long to show whole
        self.organisation.setToolTip(name)

    def pick_organisation(self) -> None:
        unit = OrganisationDialog.ask(self, self._units, self.unit_id)
        if unit is None:
            return
        self.unit_id = unit.id
        self._show_unit()
        self.search()

    def search(self) -> None:
        if self.unit_id is None:
            self.status.setText("Välj organisation med knappen … först.")
            return
        self.from_date_value = self.from_date.value()
        found = self._search(self.unit_id, self.from_date_value)
        rows = found.value or []
        self.model.set_rows(rows)
        fit_columns(self.table)
        if found.error is not None:
            self.status.setText(found.error)
        elif rows:
            counted = "1 ledigt objekt" if len(rows) == 1 else f"{len(rows)} lediga objekt"
            self.status.setText(f"{counted}. Markera raden och klicka på Kontrakt.")
            self.table.selectRow(0)
        else:
            self.status.setText("Inga lediga objekt från det datumet.")

    def accept(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            self.status.setText("Markera raden med objektet och klicka på Kontrakt.")
            return
        self.chosen = self.model.row(indexes[0])
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        units: Sequence[ReceiverUnit],
        unit_id: int | None,
        from_date: date,
        search: SearchVacant,
    ) -> tuple[HousingObjectView, date] | None:
        dialog = cls(
            parent, title=title, units=units, unit_id=unit_id, from_date=from_date, search=search
        )

        def result() -> tuple[HousingObjectView, date] | None:
            return None if dialog.chosen is None else (dialog.chosen, dialog.from_date_value)

        return run_modal(dialog, result)
