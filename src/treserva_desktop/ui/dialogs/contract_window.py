"""Boende: the person's contracts at the unit (the kontraktsbild), with Skapa kontrakt…,
Byt objekt…, Avsluta kontrakt… and Stäng. The handler runs each step; the window reloads
after every change."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.housing import ContractView, PersonHousing
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import fit_columns, heading, muted_label, read_only_table
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

COLUMNS: tuple[Column[ContractView], ...] = (
    Column("Objekt", lambda item: item.object_label),
    Column("Typ", lambda item: item.kind.label),
    Column("Fr.o.m.", lambda item: f"{item.start_date:%Y-%m-%d}"),
    Column("Uppsägning", lambda item: f"{item.notice_on:%Y-%m-%d}" if item.notice_on else ""),
    Column("Utflyttning", lambda item: f"{item.move_out_on:%Y-%m-%d}" if item.move_out_on else ""),
    Column("Orsak", lambda item: item.end_reason),
    Column("Status", lambda item: item.status),
)

# Said here and in Boende's pane (ui/panes/housing_pane.py) while no contract can be made.
NOT_EXECUTED = (
    "Boendeinsatsen är inte Skickad till genomförande vid enheten: ett kontrakt kan skapas "
    "först när den är fördelad till genomförande."
)


class ContractSteps(Protocol):
    """What the window asks of its handler: each returns whether something was saved."""

    def load(self, parent: QWidget) -> PersonHousing | None: ...

    def create(self, parent: QWidget, housing: PersonHousing) -> bool: ...

    def change(self, parent: QWidget, housing: PersonHousing, contract: ContractView) -> bool: ...

    def end(self, parent: QWidget, housing: PersonHousing, contract: ContractView) -> bool: ...


class ContractWindow(QDialog):
    def __init__(self, parent: QWidget | None, housing: PersonHousing, steps: ContractSteps):
        super().__init__(parent)
        self.setObjectName("contract_window")
        self.setWindowTitle(f"Boende – {housing.person_name}")
        self.setWindowIcon(icon("housing"))
        self.housing = housing
        self._steps = steps
        self.title = heading("Boende")
        self.subtitle = muted_label("")
        self.status = muted_label("")
        self.status.setObjectName("housing_status")
        self.model = RowTableModel(COLUMNS, muted=lambda item: not item.live, parent=self)
        self.table = read_only_table("contracts")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Kontrakt")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.create_button = self._button("S&kapa kontrakt…", "create_contract", self.on_create)
        self.change_button = self._button("&Byt objekt…", "change_object", self.on_change)
        self.end_button = self._button("A&vsluta kontrakt…", "end_contract", self.on_end)
        actions = QHBoxLayout()
        for button in (self.create_button, self.change_button, self.end_button):
            actions.addWidget(button)
        actions.addStretch(1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        # Enter closes the window; the steps above are chosen with the mouse or Alt.
        close.setDefault(True)
        self.resize(760, 360)
        self._show(housing)

    @staticmethod
    def _button(text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _show(self, housing: PersonHousing) -> None:
        self.housing = housing
        self.subtitle.setText(f"{housing.person_name} · {housing.unit_name}")
        self.model.set_rows(housing.contracts)
        fit_columns(self.table)
        live = housing.live
        if live is not None:
            row = housing.contracts.index(live)
            self.table.selectRow(row)
            self.status.setText(live.heading)
        elif not housing.executed:
            self.status.setText(NOT_EXECUTED)
        else:
            self.status.setText("Inget aktuellt kontrakt. Skapa ett kontrakt på ett ledigt objekt.")
        self._enable()

    def selected(self) -> ContractView | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row(indexes[0]) if indexes else None

    def _enable(self) -> None:
        chosen = self.selected()
        live = chosen is not None and chosen.live and chosen.move_out_on is None
        self.create_button.setEnabled(self.housing.live is None and self.housing.executed)
        self.change_button.setEnabled(live)
        self.end_button.setEnabled(live)

    def reload(self) -> None:
        housing = self._steps.load(self)
        if housing is not None:
            self._show(housing)

    def on_create(self) -> None:
        if self._steps.create(self, self.housing):
            self.reload()

    def on_change(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._steps.change(self, self.housing, chosen):
            self.reload()

    def on_end(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._steps.end(self, self.housing, chosen):
            self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, housing: PersonHousing, steps: ContractSteps) -> None:
        run_modal(cls(parent, housing, steps), lambda: None)
