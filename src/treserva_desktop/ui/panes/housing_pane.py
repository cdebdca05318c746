"""Boende selected under Mina enheter › unit › person: the person's housing contracts at the
unit, read-only, as the contract window lists them. The read is the contract window's
(db/queries/housing.person_housing: the unit's housing managers, the person engaged at the
unit, audited as a read of the person); Enter or a double-click opens the window."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from treserva_desktop.db.queries.housing import person_housing
from treserva_desktop.domain.views.housing import ContractView, PersonHousing
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.contract_window import NOT_EXECUTED
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import BOENDE_LABEL, Node
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    fit_height,
    icon_heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

COLUMNS: list[Column[ContractView]] = [
    Column("Objekt", lambda item: item.object_label),
    Column("Typ", lambda item: item.object_kind.label),
    Column("Fr.o.m.", lambda item: f"{item.start_date:%Y-%m-%d}"),
    Column("T.o.m.", lambda item: f"{item.move_out_on:%Y-%m-%d}" if item.move_out_on else ""),
    Column("Status", lambda item: item.status),
    Column("Orsak", lambda item: item.end_reason),
]

NO_CONTRACTS = "Inga kontrakt vid enheten."
OPEN_HINT = (
    "Tryck Enter eller dubbelklicka på Boende för att öppna kontraktsbilden: skapa "
    "kontrakt, byt objekt eller avsluta kontraktet."
)


def _count(contracts: int) -> str:
    order = ", det senaste först" if contracts > 1 else ""
    return f"{contracts} kontrakt vid enheten{order}."


class HousingPane(QWidget):
    """The contracts of the selected Boende node's person at its unit, or the refusal."""

    # Enter or a double-click on a contract: open the contract window for the node.
    open_requested = Signal(object)  # Node

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("housing_pane")
        self.ctx = ctx
        self.node: Node | None = None
        self.housing: PersonHousing | None = None
        header, _icon, self.title = icon_heading(icon("housing"), BOENDE_LABEL)
        self.title.setObjectName("housing_title")
        self.subtitle = muted_label()
        self.subtitle.setObjectName("housing_subtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QLabel()
        self.text.setObjectName("housing_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.error = muted_label()
        self.error.setObjectName("housing_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.model = RowTableModel(COLUMNS, muted=lambda item: not item.live, parent=self)
        self.table = read_only_table("housing_contracts")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Kontrakt vid enheten")
        # Enter, or a double-click (the platform's activation): not doubleClicked as well,
        # which a double-click emits besides activated, opening the window twice.
        self.table.activated.connect(self._activated)
        self.hint = muted_label(OPEN_HINT)
        self.hint.setObjectName("housing_hint")
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.error)
        layout.addWidget(self.text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addStretch(0)

    def show_node(self, node: Node) -> None:
        self.node = node
        self.housing = None
        self.model.set_rows([])
        person_id, unit_id = node.person_id, node.unit_id
        if person_id is None or unit_id is None:
            self._refused("Personen eller enheten saknas för Boende.")
            return
        fetched = fetch(self.ctx, person_housing, person_id, unit_id)
        if fetched.value is None:
            self._refused(fetched.error or "")
            return
        self._show(fetched.value)

    def _show(self, housing: PersonHousing) -> None:
        self.housing = housing
        self.error.hide()
        self.subtitle.setText(f"{housing.person_name} · {housing.unit_name}")
        self.subtitle.show()
        contracts = list(housing.contracts)
        live = housing.live
        if not contracts:
            lines = [NO_CONTRACTS]
        elif live is not None:
            lines = [_count(len(contracts)), html.escape(live.heading)]
        else:
            lines = [_count(len(contracts)), "Inget aktuellt kontrakt."]
        if live is None and not housing.executed:
            lines.append(NOT_EXECUTED)
        self.text.setText("".join(f"<p>{line}</p>" for line in lines))
        self.text.show()
        self.model.set_rows(contracts)
        self.table.setVisible(bool(contracts))
        if contracts:
            fit_columns(self.table)
            fit_height(self.table, len(contracts))
        self.hint.show()

    def _refused(self, text: str) -> None:
        """The refusal (or error) and nothing else: no name, no rows, no hint to open."""
        self.subtitle.setText("")
        self.subtitle.hide()
        self.text.setText("")
        self.text.hide()
        self.table.hide()
        self.hint.hide()
        self.error.setText(text)
        self.error.show()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.node is not None:
            self.open_requested.emit(self.node)
