"""Uppföljning › Ej verkställda beslut…: per quarter, the decisions not executed within 3
months of the decision date and the interruptions of 3 months or more at the user's units,
for the quarterly report; Exportera… writes the list. A row opens the person in the tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.documents.unexecuted_csv import resolved_text
from treserva_desktop.domain.unexecuted_rules import Quarter, Reason
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions, UnexecutedRow
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import (
    export_and_close_buttons,
    export_status_label,
    fit_columns_in,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.field_errors import error_label
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

TITLE = "Ej verkställda beslut"
QUARTERS_BACK = 8

LoadFn = Callable[[QWidget, Quarter, Callable[[UnexecutedDecisions | None, str], None]], None]
ExportFn = Callable[[QWidget, Quarter, Callable[[Path], None]], None]


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


# Namn, Insats, Enhet and Orsak give way (elided, the tool tip holding the text) so that the
# ten columns fit the dialog on a 1366×768 screen; dates and numbers are never cut.
LONG_TEXT_COLUMNS = (0, 2, 3, 6)
SIZE = QSize(1280, 600)

COLUMNS: list[Column[UnexecutedRow]] = [
    Column("Namn", lambda r: r.person_name),
    Column("Personnummer", lambda r: r.identity_display),
    Column("Insats", lambda r: r.type_name),
    Column("Enhet", lambda r: r.unit_name),
    Column("Beslutsdatum", lambda r: _day(r.decided_on)),
    Column(
        "Dagar sedan beslut",
        lambda r: str(r.days_since_decision),
        align_right=True,
        sort_key=lambda r: r.days_since_decision,
    ),
    Column("Orsak", lambda r: r.reason.label),
    Column("Avbrott från", lambda r: _day(r.interrupted_from)),
    Column("Räknas från", lambda r: _day(r.overdue_from)),
    Column("Verkställt/återupptaget", resolved_text),
]


def summary_text(decisions: UnexecutedDecisions) -> str:
    label = decisions.quarter.label
    if not decisions.rows:
        return f"{label}: inga ej verkställda beslut eller avbrott vid dina enheter."
    waiting = decisions.count(Reason.NOT_EXECUTED)
    interrupted = decisions.count(Reason.INTERRUPTED)
    return (
        f"{label}: {waiting} ej verkställda inom 3 månader, {interrupted} avbrott om 3 "
        "månader eller mer"
    )


class UnexecutedDecisionsDialog(QDialog):
    """Kvartal, Visa, the list, Exportera… and Stäng."""

    def __init__(
        self,
        today: date,
        *,
        load: LoadFn,
        export: ExportFn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unexecuted_decisions_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("documents"))
        self.load_fn = load
        self.export_fn = export
        self.decisions: UnexecutedDecisions | None = None
        self.chosen: UnexecutedRow | None = None
        self.loading = False

        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter")
        self.quarter.setAccessibleName("Kvartal")
        current = Quarter.of(today)
        self.quarter.addItem(f"{current.label} (hittills)", current)
        previous = current
        for _ in range(QUARTERS_BACK):
            previous = previous.previous
            self.quarter.addItem(previous.label, previous)
        quarter_label = QLabel("&Kvartal:")
        quarter_label.setBuddy(self.quarter)
        self.show_button = QPushButton("&Visa")
        self.show_button.setObjectName("show_button")
        self.show_button.setToolTip("Ta fram listan för kvartalet")
        self.show_button.clicked.connect(self.reload)
        row = QHBoxLayout()
        row.addWidget(quarter_label)
        row.addWidget(self.quarter)
        row.addWidget(self.show_button)
        row.addStretch(1)

        self.error = error_label("load_error")
        self.summary = heading(scale=1.1)
        self.summary.setObjectName("summary")
        hint = muted_label(
            "Beslut som inte verkställts inom tre månader från beslutsdatum (verkställt "
            "samma dag tre månader senare är i tid), och avbrott om tre månader eller mer "
            "mellan raderna för en insats. Ett fall hör till kvartalet när någon del av tiden "
            "efter de tre månaderna ligger i det. Dubbelklicka på en rad för att gå till "
            "personen."
        )
        hint.setWordWrap(True)
        self.export_status = export_status_label()

        self.model: RowTableModel[UnexecutedRow] = RowTableModel(
            COLUMNS, alert=lambda r: r.resolved_on is None, parent=self
        )
        self.table = read_only_table("unexecuted_decisions")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Ej verkställda beslut och avbrott")
        self.table.activated.connect(self._open_row)
        self.table.doubleClicked.connect(self._open_row)

        buttons, self.export_button = export_and_close_buttons(
            self, "Spara kvartalets lista som en CSV-fil", self.export
        )

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)
        self.show_button.setDefault(True)
        size = SIZE
        screen = self.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() * 0.95)
        self.resize(size)
        self.show_decisions(None)
        QTimer.singleShot(0, self.reload)
        self.quarter.setFocus()

    def chosen_quarter(self) -> Quarter:
        quarter = self.quarter.currentData()
        assert isinstance(quarter, Quarter)
        return quarter

    def reload(self) -> None:
        if self.loading:
            return
        self.loading = True
        self.error.hide()
        self.export_status.hide()
        self.decisions = None
        self.show_decisions(None)
        self.summary.setText(f"Listan för {self.chosen_quarter().label} tas fram…")
        self.show_button.setEnabled(False)
        self.load_fn(self, self.chosen_quarter(), self._loaded)

    def _loaded(self, decisions: UnexecutedDecisions | None, text: str) -> None:
        self.loading = False
        self.show_button.setEnabled(True)
        if decisions is None:
            self.summary.setText("")
            if text:
                self.error.setText(text)
                self.error.show()
            return
        self.decisions = decisions
        self.show_decisions(decisions)

    def show_decisions(self, decisions: UnexecutedDecisions | None) -> None:
        self.model.set_rows(list(decisions.rows) if decisions else [])
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.summary.setText(summary_text(decisions) if decisions else "")
        self.fit_columns()
        self.export_button.setEnabled(decisions is not None and bool(decisions.rows))

    def fit_columns(self) -> None:
        fit_columns_in(self.table, LONG_TEXT_COLUMNS, self)

    def _open_row(self, index: object) -> None:
        self.chosen = self.model.row(index)  # type: ignore[arg-type]
        self.accept()

    def export(self) -> None:
        decisions = self.decisions
        if decisions is None:
            return

        def exported(path: Path) -> None:
            self.export_status.setText(f"Listan har exporterats till {path}.")
            self.export_status.show()

        self.export_fn(self, decisions.quarter, exported)

    @classmethod
    def ask(
        cls, parent: QWidget | None, today: date, *, load: LoadFn, export: ExportFn
    ) -> UnexecutedRow | None:
        """The row opened (its person is then shown), or None when closed."""
        dialog = cls(today, load=load, export=export, parent=parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return run_modal(dialog, lambda: dialog.chosen)
