"""RowTableModel (ui/widgets/table_model.py) passes Qt's own model checks, alone and in use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from tests.helpers.persons import load_person, person_at

from treserva_desktop.db.database import Database
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.person_search_dialog import PersonSearchDialog
from treserva_desktop.ui.handlers.persons import person_search
from treserva_desktop.ui.widgets.table_model import ALERT, MUTED, Column, RowTableModel


@dataclass(frozen=True)
class Item:
    name: str
    hours: int
    state: str


COLUMNS: list[Column[Item]] = [
    Column("Namn", lambda r: r.name, tooltip=lambda r: f"Namn: {r.name}"),
    Column("Timmar", lambda r: str(r.hours), align_right=True),
]


def checked(model: RowTableModel[Item]) -> QAbstractItemModelTester:
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def test_rows_columns_and_roles_pass_the_model_tester(qapp) -> None:
    model: RowTableModel[Item] = RowTableModel(
        COLUMNS,
        muted=lambda r: r.state == "old",
        alert=lambda r: r.state == "late",
        bold=lambda r: r.state == "new",
    )
    tester = checked(model)
    model.set_rows([Item("a", 1, "old"), Item("b", 2, "late"), Item("c", 3, "new")])
    assert model.rowCount() == 3
    assert model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Timmar"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) == MUTED
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) == ALERT
    assert model.data(model.index(2, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "Namn: a"
    assert model.row(model.index(2, 1)) == Item("c", 3, "new")
    model.set_rows([])
    assert model.rowCount() == 0
    del tester


def test_the_person_search_results_pass_the_model_tester(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    dialog = PersonSearchDialog(person_search(make_ctx("samordnare")))
    qtbot.addWidget(dialog)
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    dialog.text.setText(load_person(demo_db, person_at(demo_db)).last_name)
    assert dialog.search()
    dialog.text.setText("Zzyxkvist")
    assert dialog.search() == []
    del tester
