"""Uppföljning › Individstatistik…: choose a month, see per intervention type how many rows
ran on the last day, started, ended and for how many persons, and export the month's file for
Socialstyrelsen (docs/statistics-export.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics, SummaryLine
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import (
    export_and_close_buttons,
    export_status_label,
    fit_columns,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

TITLE = "Individstatistik"

# Starts loading a month's statistics (in the background) and calls back with them, or with
# None once a refusal or failure has been shown.
LoadFn = Callable[[QWidget, Month, Callable[[MonthlyStatistics | None], None]], None]
# Exports a month: the dialog, the month, and what to call with the file once written.
ExportFn = Callable[[QWidget, Month, Callable[[Path], None]], None]

COLUMNS: list[Column[SummaryLine]] = [
    Column("Insatstyp", lambda r: r.type_name),
    Column("Pågår sista dagen", lambda r: str(r.running), align_right=True),
    Column("Påbörjade", lambda r: str(r.started), align_right=True),
    Column("Avslutade", lambda r: str(r.ended), align_right=True),
    Column("Personer", lambda r: str(r.persons), align_right=True),
]


def summary_text(statistics: MonthlyStatistics) -> str:
    month = statistics.month.label
    if not statistics.rows:
        return f"Inga verkställda insatser under {month} vid dina enheter."
    persons = statistics.person_count
    person_word = "person" if persons == 1 else "personer"
    rows = len(statistics.rows)
    row_word = "insats" if rows == 1 else "insatser"
    return f"{month}: {rows} {row_word} för {persons} {person_word}"


class IndividualStatisticsDialog(QDialog):
    """Månad, Visa, the summary table, Exportera… and Stäng."""

    def __init__(
        self,
        today: date,
        *,
        load: LoadFn,
        export: ExportFn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("individual_statistics_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("documents"))
        self.load_fn = load
        self.export_fn = export
        self.statistics: MonthlyStatistics | None = None

        default = Month.of(today).previous.first
        self.month = QDateEdit(QDate(default.year, default.month, 1))
        self.month.setObjectName("month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMaximumDate(QDate(today.year, today.month, 1))
        self.month.setAccessibleName("Månad")
        month_label = QLabel("&Månad:")
        month_label.setBuddy(self.month)
        self.show_button = QPushButton("&Visa")
        self.show_button.setObjectName("show_button")
        self.show_button.setToolTip("Räkna fram månadens statistik")
        self.show_button.clicked.connect(self.reload)
        month_row = QHBoxLayout()
        month_row.addWidget(month_label)
        month_row.addWidget(self.month)
        month_row.addWidget(self.show_button)
        month_row.addStretch(1)

        self.summary = heading(scale=1.15)
        self.summary.setObjectName("summary")
        hint = muted_label(
            "Verkställda beslut (Skickad till genomförande eller Kvitterad) vid dina enheter: "
            "de som pågår månadens sista dag och de som påbörjats eller avslutats under månaden."
        )
        hint.setWordWrap(True)
        self.export_status = export_status_label()

        self.model: RowTableModel[SummaryLine] = RowTableModel(COLUMNS, parent=self)
        self.table = read_only_table("statistics_summary")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sammanställning per insatstyp")

        buttons, self.export_button = export_and_close_buttons(
            self, "Spara månadens individstatistik som en CSV-fil", self.export
        )

        layout = QVBoxLayout(self)
        layout.addLayout(month_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)

        self.show_button.setDefault(True)
        self.resize(760, 440)
        self.loading = False
        self.show_statistics(None)
        QTimer.singleShot(0, self.reload)  # once the dialog is up: the load shows progress
        self.month.setFocus()

    def chosen_month(self) -> Month:
        value = self.month.date()
        return Month(date(value.year(), value.month(), 1))

    def reload(self) -> None:
        if self.loading:
            return
        self.loading = True
        self.statistics = None
        self.export_status.hide()
        self.show_statistics(None)
        self.summary.setText(f"Individstatistiken för {self.chosen_month().label} räknas fram…")
        self.show_button.setEnabled(False)
        self.load_fn(self, self.chosen_month(), self._loaded)

    def _loaded(self, statistics: MonthlyStatistics | None) -> None:
        self.loading = False
        self.show_button.setEnabled(True)
        self.statistics = statistics
        self.show_statistics(statistics)

    def show_statistics(self, statistics: MonthlyStatistics | None) -> None:
        lines: Sequence[SummaryLine] = statistics.summary if statistics else ()
        self.model.set_rows(list(lines))
        self.summary.setText(summary_text(statistics) if statistics else "")
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.export_button.setEnabled(statistics is not None)

    def export(self) -> None:
        statistics = self.statistics
        if statistics is None:
            return

        def exported(path: Path) -> None:
            self.export_status.setText(
                f"Individstatistiken för {statistics.month.label} har exporterats till {path}."
            )
            self.export_status.show()

        self.export_fn(self, statistics.month, exported)

    @classmethod
    def show_for(
        cls, parent: QWidget | None, today: date, *, load: LoadFn, export: ExportFn
    ) -> None:
        dialog = cls(today, load=load, export=export, parent=parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        run_modal(dialog, lambda: None)
