"""Kontraktslista (Genväg › Boende): contracts by personnummer or by unit, current and past;
a live contract may be ended from here once the intervention has ended."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.housing import ContractSearch
from treserva_desktop.domain.field_lengths import IDENTITY_INPUT_LENGTH
from treserva_desktop.domain.views.housing import ContractPage, ContractView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.widgets.common import fit_columns, muted_label, read_only_table
from treserva_desktop.ui.widgets.forms import line_edit, row
from treserva_desktop.ui.widgets.table_model import NO_INDEX, AnyIndex, Column, RowTableModel

# The search and how many of its contracts are already shown -> the next page.
SearchContracts = Callable[[ContractSearch, int], Fetched[ContractPage]]
# The marked contract -> whether it was ended (the list is searched again then).
EndChosen = Callable[[QWidget, ContractView], bool]

COLUMNS: tuple[Column[ContractView], ...] = (
    Column("Namn", lambda item: item.person_name),
    Column("Personnummer", lambda item: item.identity_display),
    Column("Enhet", lambda item: item.unit_name),
    Column("Objekt", lambda item: item.object_label),
    Column("Typ", lambda item: item.kind.label),
    Column("Period", lambda item: item.period),
    Column("Status", lambda item: item.status),
)


class ContractRows(RowTableModel[ContractView]):
    """The found contracts, a page at a time: scrolling to the end reads the next page of the
    same search (each page is audited as it is shown)."""

    def __init__(self, search: SearchContracts, parent: QWidget) -> None:
        super().__init__(COLUMNS, muted=lambda item: not item.live, parent=parent)
        self._search = search
        self._command: ContractSearch | None = None
        self.more = False
        self.error: str | None = None

    def start(self, command: ContractSearch) -> None:
        self._command = command
        self.more = False
        found = self._search(command, 0)
        self.error = found.error
        page = found.value
        self.set_rows(page.rows if page is not None else ())
        self.more = page is not None and page.more

    def canFetchMore(self, parent: AnyIndex = NO_INDEX) -> bool:
        return not parent.isValid() and self.more and self._command is not None

    def fetchMore(self, parent: AnyIndex = NO_INDEX) -> None:
        if not self.canFetchMore(parent) or self._command is None:
            return
        self.more = False  # no nested fetch while these rows go in
        found = self._search(self._command, len(self.rows))
        page = found.value
        if page is None:
            self.error = found.error
            return
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(NO_INDEX, first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.more = page.more


class ContractListDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        units: Sequence[tuple[int, str]],
        search: SearchContracts,
        end: EndChosen,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contract_list_dialog")
        self.setWindowTitle("Kontraktslista")
        self.setWindowIcon(icon("housing"))
        self._end = end
        self.identity = line_edit("identity_number", "Personnummer", "ÅÅÅÅMMDD-NNNN")
        self.identity.setMaxLength(IDENTITY_INPUT_LENGTH)
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Enhet")
        self.unit.addItem("Alla mina enheter", None)
        for unit_id, name in units:
            self.unit.addItem(name, unit_id)
        self.search_button = QPushButton("&Sök")
        self.search_button.setObjectName("search_button")
        self.search_button.clicked.connect(self.search)
        self.model = ContractRows(search, self)
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        self.table = read_only_table("contracts")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Kontrakt")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.status = muted_label(
            "Sök på personnummer eller välj en enhet (även Alla mina enheter) och klicka på Sök."
        )
        self.status.setObjectName("search_status")

        form = QFormLayout()
        form.addRow("&Personnummer:", self.identity)
        form.addRow("&Enhet:", row(self.unit, self.search_button))
        buttons = QDialogButtonBox()
        self.end_button = buttons.addButton(
            "A&vsluta kontrakt…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.end_button.setObjectName("end_contract")
        self.end_button.clicked.connect(self.end)
        close = buttons.addButton("S&täng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        # Enter in Personnummer or Enhet searches; it never ends a contract or closes.
        self.end_button.setAutoDefault(False)
        close.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.search_button.setDefault(True)  # once in the dialog, or it is not its default
        self.resize(820, 420)
        self._enable()
        self.identity.setFocus()

    def selected(self) -> ContractView | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row(indexes[0]) if indexes else None

    def _enable(self) -> None:
        chosen = self.selected()
        self.end_button.setEnabled(
            chosen is not None and chosen.live and chosen.move_out_on is None
        )

    def search(self) -> None:
        unit_id = self.unit.currentData()
        command = ContractSearch(
            identity_number=self.identity.text().strip(),
            unit_id=unit_id if isinstance(unit_id, int) else None,
        )
        self.model.start(command)
        fit_columns(self.table)
        self._show_count()
        if self.model.rows:
            self.table.selectRow(0)
        self._enable()

    def _show_count(self) -> None:
        shown = len(self.model.rows)
        if self.model.error is not None:
            self.status.setText(self.model.error)
        elif not shown:
            self.status.setText("Inga kontrakt hittades.")
        elif self.model.more:
            self.status.setText(f"{shown} kontrakt visas; fler visas när du rullar nedåt.")
        else:
            self.status.setText(f"{shown} kontrakt.")

    def end(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._end(self, chosen):
            self.search()

    def accept(self) -> None:
        # Enter searches (the default button); the list closes with Stäng or Escape.
        self.search()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        units: Sequence[tuple[int, str]],
        search: SearchContracts,
        end: EndChosen,
    ) -> None:
        run_modal(cls(parent, units=units, search=search, end=end), lambda: None)
