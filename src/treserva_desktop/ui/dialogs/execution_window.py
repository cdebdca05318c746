"""The execution window (Välj in Insats GF): the person's rows at the unit, history greyed,
with Rätta/Avsluta, Återkalla, Registrera and Stäng, as in the manual."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.enums import ExecutionPhase, ExecutionStatus
from treserva_desktop.domain.views.executions import ExecutionWindowView, WindowRow
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

HINT = (
    "Markera raden och välj Rätta/Avsluta för att sätta T.o.m., Återkalla för att ändra tiden "
    "från ett datum, eller Registrera för en rad som är under fördelning. Avsluta med Stäng."
)

WINDOW_COLUMNS: list[Column[WindowRow]] = [
    Column("Insats", lambda r: r.intervention_name),
    Column("Utförarenhet", lambda r: r.unit_name),
    Column("Fr.o.m.", lambda r: f"{r.start_date:%Y-%m-%d}"),
    Column("T.o.m.", lambda r: f"{r.end_date:%Y-%m-%d}" if r.end_date else "Tills vidare"),
    Column("Tidsåtgång", lambda r: r.time_text or "–"),
    # A revoked row still ran until its T.o.m.: its phase follows the dates like any other.
    Column("Fas", lambda r: r.phase.label),
    Column("Status", lambda r: r.status.label),
    Column("Avslutsorsak", lambda r: r.end_reason),
]


def can_end(row: WindowRow | None) -> bool:
    return row is not None and row.live


def can_revoke(row: WindowRow | None) -> bool:
    return (
        row is not None
        and row.current
        and row.status is not ExecutionStatus.UNDER_DISTRIBUTION
        and (row.end_date is None or row.end_date > row.start_date)
    )


def can_register(row: WindowRow | None) -> bool:
    return row is not None and row.status is ExecutionStatus.UNDER_DISTRIBUTION


class WindowFlow(Protocol):
    """What the window asks of its handler; each action returns the row to select next
    (None: keep the selection), after the handler has run it."""

    def load(self, parent: QWidget) -> ExecutionWindowView | None: ...

    def end(self, parent: QWidget, view: ExecutionWindowView, row: WindowRow) -> int | None: ...

    def revoke(self, parent: QWidget, view: ExecutionWindowView, row: WindowRow) -> int | None: ...

    def register(
        self, parent: QWidget, view: ExecutionWindowView, row: WindowRow
    ) -> int | None: ...

    def closing(self, parent: QWidget) -> None: ...


class ExecutionWindow(QDialog):
    """Modal; refreshes its table after every action and keeps a sensible selection."""

    def __init__(
        self,
        view: ExecutionWindowView,
        flow: WindowFlow,
        *,
        select_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.flow = flow
        self._closed = False
        self.setObjectName("execution_window")
        self.setWindowTitle(f"Verkställigheter – {view.person_text}")
        self.setWindowIcon(icon("interventions"))

        self.title = heading(view.person_text, scale=1.2)
        self.title.setObjectName("window_person")
        self.where = muted_label(f"Verkställigheter hos {view.unit_name}")
        self.model = RowTableModel(
            WINDOW_COLUMNS,
            muted=lambda r: not r.live or r.phase is ExecutionPhase.ENDED,
            bold=lambda r: r.status is ExecutionStatus.UNDER_DISTRIBUTION,
        )
        self.table = read_only_table("window_rows")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Verkställigheter")
        self.table.doubleClicked.connect(lambda _index: self._default_action())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.hint = muted_label(HINT)

        self.end_button = QPushButton("&Rätta/Avsluta…")
        self.end_button.setObjectName("end_button")
        self.revoke_button = QPushButton("Åter&kalla…")
        self.revoke_button.setObjectName("revoke_button")
        self.register_button = QPushButton("Re&gistrera…")
        self.register_button.setObjectName("register_button")
        self.close_button = QPushButton("&Stäng")
        self.close_button.setObjectName("close_button")
        self.end_button.clicked.connect(self.end_selected)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.register_button.clicked.connect(self.register_selected)
        self.close_button.clicked.connect(self.close_window)
        buttons = QHBoxLayout()
        for button in (self.end_button, self.revoke_button, self.register_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button.setAutoDefault(False)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.resize(960, 380)
        self._show(view, select_id)
        self.table.setFocus()

    # -- the table ------------------------------------------------------------------------

    def _show(self, view: ExecutionWindowView, select_id: int | None) -> None:
        self.view = view
        self.model.set_rows(view.rows)
        fit_columns(self.table)
        position = next((i for i, r in enumerate(view.rows) if r.id == select_id), None)
        if position is None:
            position = next((i for i, r in enumerate(view.rows) if r.current), None)
        if position is not None:
            self.select_row(position)
        self._update_buttons()

    def select_row(self, position: int) -> None:
        index = self.model.index(position, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_id(self, execution_id: int) -> None:
        position = next((i for i, r in enumerate(self.view.rows) if r.id == execution_id), None)
        if position is not None:
            self.select_row(position)

    def selected(self) -> WindowRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row(index)

    def statuses(self) -> list[tuple[str, str, str]]:
        """(Insats, T.o.m., Status) per row, as shown."""
        return [
            (r.intervention_name, WINDOW_COLUMNS[3].value(r), r.status.label)
            for r in self.view.rows
        ]

    def _update_buttons(self) -> None:
        row = self.selected()
        self.end_button.setEnabled(can_end(row))
        self.revoke_button.setEnabled(can_revoke(row))
        self.register_button.setEnabled(can_register(row))

    def reload(self, select_id: int | None) -> None:
        view = self.flow.load(self)
        if view is not None:
            self._show(view, select_id)

    def _next_current(self, after_id: int) -> int:
        """After ending a row: the next row still planned or ongoing, so several rows can be
        ended one after the other; the same row when none is left."""
        ids = [r.id for r in self.view.rows]
        start = ids.index(after_id) if after_id in ids else -1
        later = [r for r in self.view.rows[start + 1 :] if r.current]
        return later[0].id if later else after_id

    # -- the buttons ----------------------------------------------------------------------

    def end_selected(self) -> None:
        row = self.selected()
        if not can_end(row):
            return
        assert row is not None
        done = self.flow.end(self, self.view, row)
        self.reload(select_id=None)
        self.select_id(self._next_current(row.id) if done is not None else row.id)
        self._update_buttons()

    def revoke_selected(self) -> None:
        row = self.selected()
        if not can_revoke(row):
            return
        assert row is not None
        new_id = self.flow.revoke(self, self.view, row)
        self.reload(select_id=new_id if new_id is not None else row.id)

    def register_selected(self) -> None:
        row = self.selected()
        if not can_register(row):
            return
        assert row is not None
        self.flow.register(self, self.view, row)
        self.reload(select_id=row.id)

    def _default_action(self) -> None:
        row = self.selected()
        if can_register(row):
            self.register_selected()
        elif can_end(row):
            self.end_selected()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on a row does what a double-click does, not Stäng.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._default_action()
            return
        super().keyPressEvent(event)

    def close_window(self) -> None:
        self._ask_on_close()
        self.accept()

    def reject(self) -> None:
        self._ask_on_close()
        super().reject()

    def _ask_on_close(self) -> None:
        if not self._closed:
            self._closed = True
            self.flow.closing(self)

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        view: ExecutionWindowView,
        flow: WindowFlow,
        *,
        select_id: int | None = None,
        start_with_end: bool = False,
    ) -> None:
        """Modal until Stäng; `start_with_end` opens Rätta/Avsluta on the selected row at once
        (the tree's Rätta/Avsluta…), the window staying open behind it for more rows."""
        window = cls(view, flow, select_id=select_id, parent=parent)
        if start_with_end:
            QTimer.singleShot(0, window.end_selected)
        try:
            window.exec()
        finally:
            window.deleteLater()
